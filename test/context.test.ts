import { describe, expect, it } from "vitest";
import { analyzeCall, type CallInput, type Options } from "../src/index.js";

const agent = (text: string) => ({ speaker: "Rep", role: "agent" as const, text });
const customer = (text: string) => ({ speaker: "Cus", role: "customer" as const, text });

function tagsOf(call: CallInput, turn: number, options?: Options): string[] {
  return analyzeCall(call, options).turns[turn]?.tags.map((t) => t.tag) ?? [];
}
/** The rules alone: how they read the call so far (the learned scorer has tests of its own in model.test.ts). */
const RULES_ONLY: Options = { disable: ["learned"] };

describe("pushing depends on what the customer said before", () => {
  const offer = "How about three months at half price?";

  it("is a fair offer before any refusal", () => {
    expect(tagsOf({ turns: [customer("My bill went up again."), agent(offer)] }, 1)).not.toContain("pushing");
  });

  it("is pushing once the customer has said no", () => {
    expect(tagsOf({ turns: [customer("No, I want to cancel today."), agent(offer)] }, 1)).toContain("pushing");
  });

  it("counts refusals across turns, and pushing after the second no costs more than after the first", () => {
    const once = analyzeCall({ turns: [customer("I want to cancel."), agent(offer)] });
    const twice = analyzeCall({
      turns: [customer("I want to cancel."), agent("Okay, let me pull up the account."), customer("No thanks, I've decided."), agent(offer)],
    });
    const effect = (r: ReturnType<typeof analyzeCall>) => r.impact.drivers.find((d) => d.id === "pushing")?.effect ?? 0;
    expect(effect(once)).toBeLessThan(0);
    expect(effect(twice)).toBeLessThan(effect(once));
  });

  it("treats a plain 'no' as a refusal only when it answers an offer", () => {
    const afterOffer = { turns: [agent("Would you like to add the protection plan?"), customer("No."), agent("Are you sure?")] };
    const afterQuestion = { turns: [agent("Is 555-0100 still your number?"), customer("No."), agent("Are you sure?")] };
    expect(tagsOf(afterOffer, 2, RULES_ONLY)).toContain("pushing");
    expect(tagsOf(afterQuestion, 2, RULES_ONLY)).not.toContain("pushing");
  });

  it("accepts one offer that leaves the choice to the customer, even after a no", () => {
    const call = { turns: [customer("I'd like to cancel."), agent("I can cancel today or hold it until your move date, your call.")] };
    expect(tagsOf(call, 1)).not.toContain("pushing");
  });
});

describe("competitor context", () => {
  it("reads 'they' as the competitor only once one has come up", () => {
    const text = "They are a joke, honestly.";
    expect(tagsOf({ turns: [customer("The installers never came."), agent(text)] }, 1, RULES_ONLY)).not.toContain("competitor-bashing");
    expect(tagsOf({ turns: [customer("I'm switching to Lumen."), agent(text)] }, 1, RULES_ONLY)).toContain("competitor-bashing");
  });

  it("learns competitor names from what the customer says", () => {
    const call = { turns: [customer("Brightline offered me a better rate."), agent("Brightline is a scam.")] };
    expect(tagsOf(call, 1)).toContain("competitor-bashing");
  });
});
