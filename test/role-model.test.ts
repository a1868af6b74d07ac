import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { analyzeCall } from "../src/index.js";
import { loadRoleModel, roleModelOf } from "../src/model/role-model.js";
import { ROLE_MODEL } from "../src/model/role-weights.js";
import { resolveRoles } from "../src/roles.js";
import { fitRoles, ROLE_PARAMS, roleCallOf, roleExamples, scoreRoles, toRoleData, type RoleReport } from "../scripts/roles.js";
import { devsetPath, loadAllSources, loadOwnCorpus } from "../scripts/sources.js";
import { ROLE_REPORT_FILE } from "../scripts/train.js";

const rolesOf = (turns: Array<{ speaker: string; text: string }>): Record<string, string> =>
  Object.fromEntries(analyzeCall({ turns }).roles.map((r) => [r.speaker, r.role]));

describe("the role model decides who is who from how each speaker talks", () => {
  it("a customer who speaks first in a social thread, to an agent who signs with initials", () => {
    const roles = rolesOf([
      { speaker: "A", text: "@QuayRail third cancelled train this week and nobody at the station could tell us anything. Pathetic." },
      { speaker: "B", text: "That's a rotten start to the week, sorry. Could you send us a DM with the journey details so we can look into a refund? ^MT" },
      { speaker: "A", text: "Done. 07:42 from Harlow, never turned up." },
      { speaker: "B", text: "Thanks, got it. We've passed it to our delay repay team and you'll hear from them by Friday. ^MT" },
    ]);
    expect(roles).toEqual({ A: "customer", B: "agent" });
  });

  it("an outbound call, where the agent rings and says why it is calling", () => {
    const roles = rolesOf([
      { speaker: "spk_0", text: "Hello?" },
      { speaker: "spk_1", text: "Hi, is that Mr Osei? It's Laura calling from Brightwater Home Insurance, I'm ringing about your policy renewal next month." },
      { speaker: "spk_0", text: "Oh right. Yes, that's me. Has the price gone up again?" },
      { speaker: "spk_1", text: "It has a little, I'm afraid, but I can go through a couple of options with you if you have five minutes." },
      { speaker: "spk_0", text: "Go on then, but I'm not paying more than last year." },
    ]);
    expect(roles).toEqual({ spk_0: "customer", spk_1: "agent" });
  });

  it("a chat where the customer opens and the agent speaks for the company as 'we'", () => {
    const roles = rolesOf([
      { speaker: "Visitor", text: "hi my order 55120 says delivered but theres nothing here" },
      { speaker: "Operator", text: "Hi there! Sorry about that. We can see the courier marked it delivered at 2:14pm. Let us check the photo they took." },
      { speaker: "Visitor", text: "ok thanks" },
      { speaker: "Operator", text: "The photo shows a different door, so we'll send a replacement out today at no cost." },
    ]);
    expect(roles).toEqual({ Visitor: "customer", Operator: "agent" });
  });

  it("gives a clear call high confidence, and a speaker who says almost nothing a lower one", () => {
    const report = analyzeCall({
      turns: [
        { speaker: "x", text: "Thanks for calling Northwind, this is Kevin, how can I help you today?" },
        { speaker: "y", text: "Hi, my internet has been dropping every evening and I'd like someone to look at it." },
        { speaker: "x", text: "I'm sorry to hear that. Can I take the account number, and I'll run a line test now?" },
        { speaker: "y", text: "Sure, it's 4471 2290." },
      ],
    });
    for (const r of report.roles) expect(r.confidence).toBeGreaterThanOrEqual(0.9);
    const thin = resolveRoles([{ speaker: "a", text: "ok" }, { speaker: "b", text: "yes" }], { agentNames: [], overrides: {} });
    for (const s of thin.speakers) expect(s.confidence).toBeLessThan(0.9);
    expect(new Set(thin.roles)).toEqual(new Set(["agent", "customer"]));
  });

  it("never overrides a role that is given", () => {
    const roles = analyzeCall({
      turns: [
        { speaker: "Kevin", role: "customer", text: "Thanks for calling Northwind, how can I help?" },
        { speaker: "Maria", role: "agent", text: "I'd like to cancel my plan." },
      ],
    }).roles;
    expect(roles.map((r) => [r.role, r.source])).toEqual([
      ["customer", "given"],
      ["agent", "given"],
    ]);
  });

  it("falls back to the hand-weighted cues when it has no weights", () => {
    const empty = loadRoleModel({ scale: 1000, bias: 0, features: "" });
    const resolved = resolveRoles(
      [
        { speaker: "a", text: "Thank you for calling Acme, how can I help you?" },
        { speaker: "b", text: "I want to cancel my subscription, I was charged twice." },
      ],
      { agentNames: [], overrides: {} },
      empty,
    );
    expect(resolved.roles).toEqual(["agent", "customer"]);
  });
});

describe("training the role model", () => {
  const calls = loadOwnCorpus().map(roleCallOf);

  it("is deterministic: the same calls give the same weights", () => {
    const names = new Map<number, string>();
    const examples = roleExamples(calls, names);
    const a = toRoleData(fitRoles(examples, { ...ROLE_PARAMS, minCount: 2 }), names);
    const b = toRoleData(fitRoles(examples, { ...ROLE_PARAMS, minCount: 2 }), names);
    expect(a).toEqual(b);
    expect(a.features.length).toBeGreaterThan(0);
  });

  it("a model fitted on the corpus alone gets the corpus right with roles stripped (it can learn)", () => {
    const examples = roleExamples(calls);
    const model = fitRoles(examples, { ...ROLE_PARAMS, minCount: 2 });
    const score = scoreRoles(calls, roleModelOf(model.bias, model.weights));
    expect(score.right / score.turns).toBeGreaterThanOrEqual(0.99);
  });

  it(
    devsetPath() !== undefined ? "gives exactly the committed weights when refitted on every source" : "has every source but the shared devset here (the refit needs ../shared/devset)",
    () => {
      if (devsetPath() === undefined) {
        expect(loadAllSources().length).toBeGreaterThan(0);
        return;
      }
      const names = new Map<number, string>();
      const data = toRoleData(fitRoles(roleExamples(loadAllSources().map(roleCallOf), names)), names);
      expect(data).toEqual(ROLE_MODEL);
    },
    60_000,
  );
});

describe("role accuracy, leave-one-writer-out (docs/roles.json, written by npm run train)", () => {
  const report = JSON.parse(readFileSync(ROLE_REPORT_FILE, "utf8")) as RoleReport;
  const perTurn = (pick: (s: string) => boolean): number => {
    const rows = report.sources.filter((r) => pick(r.source));
    return rows.reduce((a, r) => a + r.accuracy * r.turns, 0) / Math.max(1, rows.reduce((a, r) => a + r.turns, 0));
  };
  // The corpus is 70 short calls: one 8-turn call wrong is 0.986. Since w60-w67 one is (pcfix-04, where the customer
  // opens with a question about the service and the agent's only cue is "ByteMend, Ian speaking"; right in-sample).
  it("corpus >= 0.98 per turn (at most one short call wrong)", () => expect(perTurn((s) => s === "corpus")).toBeGreaterThanOrEqual(0.98));
  it("outside writers >= 0.995 per turn", () => expect(perTurn((s) => s.startsWith("w"))).toBeGreaterThanOrEqual(0.995));
  it("devset writers >= 0.995 per turn, when it was measured", () => {
    if (report.sources.some((r) => /^d\d+$/.test(r.source))) expect(perTurn((s) => /^d\d+$/.test(s))).toBeGreaterThanOrEqual(0.995);
  });
  it("Harper Valley's real calls all right, when it was measured", () => {
    if (report.sources.some((r) => r.source === "harpervalley")) expect(perTurn((s) => s === "harpervalley")).toBe(1);
  });
  it("speakers guessed with confidence >= 0.9 are right at least 99% of the time", () => {
    const row = report.calibration.find((c) => c.atLeast === 0.9);
    expect(row?.speakers ?? 0).toBeGreaterThan(1000);
    expect(row?.accuracy ?? 0).toBeGreaterThanOrEqual(0.99);
  });
});
