import { describe, expect, it } from "vitest";
import { analyzeCall, type CallInput } from "../src/index.js";

const roles = (call: CallInput, options?: Parameters<typeof analyzeCall>[1]) => analyzeCall(call, options).turns.map((t) => t.role);

describe("role guessing", () => {
  it("finds the agent when the customer speaks first (an outbound call)", () => {
    const call = {
      turns: [
        { speaker: "spk_1", text: "Hello?" },
        { speaker: "spk_0", text: "Hi, this is Dana calling from Fairbanc about a charge on your card." },
        { speaker: "spk_1", text: "Oh, okay. What charge?" },
        { speaker: "spk_0", text: "Let me pull it up. I see two charges from this morning." },
      ],
    };
    expect(roles(call)).toEqual(["customer", "agent", "customer", "agent"]);
  });

  it("keeps a supervisor after a transfer on the agent side", () => {
    const call = {
      turns: [
        { speaker: "A", text: "Thanks for calling Clearview, this is Jake. How can I help?" },
        { speaker: "B", text: "I want to speak to a supervisor about my bill." },
        { speaker: "A", text: "One moment while I transfer you." },
        { speaker: "C", text: "Hi, this is Helen, the supervisor on duty. I see the charge on your account." },
        { speaker: "B", text: "Finally." },
      ],
    };
    expect(roles(call)).toEqual(["agent", "customer", "agent", "agent", "customer"]);
  });

  it("marks an IVR announcement as system, with no tags and no part in the score", () => {
    const call = {
      turns: [
        { speaker: "spk_2", text: "Your call is important to us. Please hold for the next available representative. I'm sorry, all of our agents are busy." },
        { speaker: "spk_0", text: "Tri-County Power, Ana speaking, how can I help you?" },
        { speaker: "spk_1", text: "I need to set up service." },
      ],
    };
    const report = analyzeCall(call);
    expect(report.turns.map((t) => t.role)).toEqual(["system", "agent", "customer"]);
    expect(report.turns[0]?.tags).toEqual([]);
    expect(report.impact.drivers.some((d) => d.turn === 0)).toBe(false);
  });

  it("gives both halves of a speaker that diarization split in two the same role", () => {
    const call = {
      turns: [
        { speaker: "S1", text: "Thank you for calling Northwind, how can I help?" },
        { speaker: "S2", text: "I'd like to cancel my plan." },
        { speaker: "S1", text: "Can I have the account number?" },
        { speaker: "S3", text: "It's 4471, and I want to cancel my internet too." },
      ],
    };
    expect(roles(call)).toEqual(["agent", "customer", "agent", "customer"]);
  });

  it("guesses a one-speaker transcript from what is said, with its confidence", () => {
    const report = analyzeCall({ turns: [{ speaker: "X", text: "Thanks for calling, how can I help? Let me pull up your account." }] });
    expect(report.turns[0]?.role).toBe("agent");
    expect(report.roles[0]).toMatchObject({ speaker: "X", source: "guessed" });
    expect(report.roles[0]?.confidence).toBeGreaterThan(0.5);
  });

  it("lets options.roles and options.agent override the guess", () => {
    const call = { turns: [{ speaker: "SPEAKER_00", text: "I'd like to cancel." }, { speaker: "SPEAKER_01", text: "Thanks for calling, how can I help?" }] };
    expect(roles(call)).toEqual(["customer", "agent"]);
    expect(roles(call, { roles: { SPEAKER_00: "agent" } })[0]).toBe("agent");
    expect(roles(call, { agent: "SPEAKER_00" })).toEqual(["agent", "customer"]);
    expect(analyzeCall(call, { agent: "SPEAKER_00" }).turns.map((t) => t.roleSource)).toEqual(["given", "given"]);
  });
});
