import { describe, expect, it } from "vitest";
import { analyzeCall, CallReportSchema, SamesideInputError, type CallInput, type Options } from "../src/index.js";

/** The rules alone, for what the rules read from the call (the learned scorer is tested in model.test.ts). */
const RULES_ONLY: Options = { disable: ["learned"] };

const issueExample: CallInput = {
  id: "call-42",
  turns: [
    { speaker: "Kevin", role: "agent", text: "Thanks for calling Northwind, this is Kevin." },
    { speaker: "Maria", role: "customer", text: "I want to cancel, we're switching providers." },
    { speaker: "Kevin", text: "Honestly, their network is a joke. Why would you give up our speeds?" },
  ],
};

describe("analyzeCall", () => {
  it("tags the issue's example turn with competitor-bashing and pushing", () => {
    const report = analyzeCall(issueExample);
    expect(report.turns[2]?.tags.map((t) => t.tag)).toEqual(["competitor-bashing", "pushing"]);
    expect(report.impact.score).toBeLessThan(0);
    expect(report.id).toBe("call-42");
  });

  it("returns a report that passes its own schema, one report turn per input turn", () => {
    const report = analyzeCall(issueExample);
    expect(CallReportSchema.safeParse(report).success).toBe(true);
    expect(report.turns.map((t) => t.index)).toEqual([0, 1, 2]);
    expect(report.turns.map((t) => t.text)).toEqual(issueExample.turns.map((t) => t.text));
  });

  it("quotes exactly the words at each finding's offsets", () => {
    const report = analyzeCall(issueExample);
    for (const t of report.turns) for (const f of t.tags) expect(t.text.slice(f.start, f.end)).toBe(f.quote);
  });

  it("is deterministic: byte-identical JSON for the same input", () => {
    expect(JSON.stringify(analyzeCall(issueExample))).toBe(JSON.stringify(analyzeCall(structuredClone(issueExample))));
  });

  it("does not modify its input", () => {
    const input = structuredClone(issueExample);
    analyzeCall(input);
    expect(input).toEqual(issueExample);
  });

  it("says which roles were given and which were guessed", () => {
    const report = analyzeCall(issueExample);
    expect(report.turns.map((t) => t.roleSource)).toEqual(["given", "given", "guessed"]);
    expect(report.turns[2]?.role).toBe("agent");
    expect(report.roles.find((r) => r.speaker === "Kevin")).toMatchObject({ role: "agent", source: "given" });
  });

  it("names the agent from options.agent when no role is given", () => {
    const report = analyzeCall(
      { turns: [{ speaker: "Ana", text: "I'm so sorry for the delay." }, { speaker: "Bo", text: "I'm sorry too, it was my fault." }] },
      { agent: "Bo" },
    );
    expect(report.turns.map((t) => t.role)).toEqual(["customer", "agent"]);
    expect(report.turns[0]?.tags).toEqual([]);
    expect(report.turns[1]?.tags.map((t) => t.tag)).toContain("apology");
  });

  it("never tags a customer turn, however agent-like the words", () => {
    const report = analyzeCall({
      turns: [
        { speaker: "A", role: "agent", text: "How can I help?" },
        { speaker: "C", role: "customer", text: "I'm so sorry, that's on me. Those guys at Lumen are crooks." },
      ],
    });
    expect(report.turns[1]?.tags).toEqual([]);
  });

  it("lets options.disable switch off a rule or a whole tag", () => {
    const call: CallInput = { turns: [{ speaker: "A", role: "agent", text: "That's not my department. I'm sorry for the wait." }] };
    const rules = (options?: Options) => analyzeCall(call, options).turns[0]?.tags.map((t) => t.rule) ?? [];
    const tags = (options?: Options) => analyzeCall(call, options).turns[0]?.tags.map((t) => t.tag) ?? [];
    expect(tags()).toEqual(["defensiveness", "apology"]);
    expect(rules()).toContain("defensiveness/not-my-job");
    expect(rules({ disable: ["defensiveness/not-my-job"] })).not.toContain("defensiveness/not-my-job");
    // A whole tag is off for the rules and the learned scorer alike.
    expect(tags({ disable: ["apology"] })).toEqual(["defensiveness"]);
    expect(tags({ disable: ["defensiveness"] })).toEqual(["apology"]);
  });

  it("knows competitors named in options", () => {
    // The rules' reading of names (the learned scorer, tested in model.test.ts, reads "is a joke" without them).
    const call: CallInput = { turns: [{ speaker: "A", role: "agent", text: "Acme is a joke, honestly." }] };
    expect(analyzeCall(call, RULES_ONLY).turns[0]?.tags).toEqual([]);
    expect(analyzeCall(call, { ...RULES_ONLY, competitors: ["Acme"] }).turns[0]?.tags.map((t) => t.tag)).toEqual(["competitor-bashing"]);
  });

  it("reads a competitor's name in any case, with regex characters in it, and quotes it as said", () => {
    const call: CallInput = { turns: [{ speaker: "A", role: "agent", text: "Honestly? ACME+ (US) is a joke." }] };
    const [finding] = analyzeCall(call, { ...RULES_ONLY, competitors: ["Acme+ (US)"] }).turns[0]?.tags ?? [];
    expect(finding?.tag).toBe("competitor-bashing");
    expect(finding?.quote).toBe("ACME+ (US) is a joke.");
    // The name is a whole word: "Acme" inside "Acmefied" is not it.
    expect(analyzeCall({ turns: [{ speaker: "A", role: "agent", text: "Acmefied is a joke." }] }, { ...RULES_ONLY, competitors: ["Acme"] }).turns[0]?.tags).toEqual([]);
  });

  it("keeps each call's competitor names to that call", () => {
    const named = (name: string): CallInput => ({
      turns: [
        { speaker: "C", role: "customer", text: `I'm switching to ${name} next month.` },
        { speaker: "A", role: "agent", text: "Lumen is a joke. Brightline is a joke." },
      ],
    });
    const tagged = (call: CallInput) => analyzeCall(call, RULES_ONLY).turns[1]?.tags.map((t) => t.quote);
    expect(tagged(named("Lumen"))).toEqual(["Lumen is a joke."]);
    expect(tagged(named("Brightline"))).toEqual(["Brightline is a joke."]);
    expect(tagged(named("Lumen"))).toEqual(["Lumen is a joke."]);
  });

  it("does not take the private-use characters it masks names with for a competitor", () => {
    const text = "\uE000\uE001\uE001 is a joke. \uE000 is a joke.";
    expect(analyzeCall({ turns: [{ speaker: "A", role: "agent", text }] }, { ...RULES_ONLY, competitors: ["Acme"] }).turns[0]?.tags).toEqual([]);
  });

  it("handles an empty call and empty turns", () => {
    const empty = analyzeCall({ turns: [] });
    expect(empty.turns).toEqual([]);
    expect(empty.impact.score).toBe(0);
    const blank = analyzeCall({ turns: [{ speaker: "A", role: "agent", text: "" }] });
    expect(blank.turns[0]?.tags).toEqual([]);
  });
});

describe("invalid input", () => {
  const bad: Array<[string, unknown, RegExp]> = [
    ["a non-object", 42, /\(root\): .*expected object, received number/],
    ["null", null, /\(root\): .*expected object, received null/],
    ["an array", [], /\(root\): .*expected object, received array/],
    ["turns that are not an array", { turns: {} }, /turns: .*expected array/],
    ["a null turn", { turns: [null] }, /turns\[0\]: .*expected object/],
    ["a time given as text", { turns: [{ speaker: "A", text: "hi", start: "1" }] }, /turns\[0\]\.start: .*expected number, received string/],
    ["a missing turns array", { id: "x" }, /turns/],
    ["a turn without text", { turns: [{ speaker: "A" }] }, /turns\[0\]\.text/],
    ["a wrong type deep inside", { turns: [{ speaker: "A", text: "hi" }, { speaker: "B", text: 7 }] }, /turns\[1\]\.text: .*expected string, received number/],
    ["an unknown role", { turns: [{ speaker: "A", text: "hi", role: "boss" }] }, /turns\[0\]\.role/],
    ["a negative time", { turns: [{ speaker: "A", text: "hi", start: -1 }] }, /turns\[0\]\.start/],
  ];
  it.each(bad)("throws SamesideInputError naming the place for %s", (_what, input, where) => {
    let caught: unknown;
    try {
      analyzeCall(input as CallInput);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(SamesideInputError);
    expect((caught as Error).message).toMatch(where);
  });

  it("rejects bad options the same way", () => {
    expect(() => analyzeCall({ turns: [] }, { competitors: "Acme" } as never)).toThrow(/competitors/);
  });
});
