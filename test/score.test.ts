import { describe, expect, it } from "vitest";
import { analyzeCall, formatReport, type CallInput } from "../src/index.js";
import { bandFor } from "../src/score.js";

const agent = (text: string) => ({ speaker: "Rep", role: "agent" as const, text });
const customer = (text: string) => ({ speaker: "Cus", role: "customer" as const, text });

describe("impact score", () => {
  it("stays within -100..100 with a matching band", () => {
    const worst = analyzeCall({
      turns: Array.from({ length: 10 }, (_, i) =>
        i % 2 === 0 ? customer("I want to cancel. This is ridiculous, get me a supervisor.") : agent("Are you sure? That's not my problem, and Lumen are crooks."),
      ),
    });
    expect(worst.impact.score).toBeGreaterThanOrEqual(-100);
    expect(worst.impact.score).toBeLessThan(-50);
    expect(worst.impact.band).toBe("lost the customer");
  });

  it("gives an apology followed by ownership more than an apology alone", () => {
    // The scoring rule, apart from the tagger: rules only, so the tags are exactly the two the rules give.
    const rulesOnly = { disable: ["learned"] };
    const alone = analyzeCall({ turns: [customer("My order is late."), agent("I'm so sorry about that.")] }, rulesOnly);
    const owned = analyzeCall({ turns: [customer("My order is late."), agent("I'm so sorry about that. I'll ship a new one tonight.")] }, rulesOnly);
    expect(alone.turns[1]?.tags.map((f) => f.tag)).toEqual(["apology"]);
    const apologyEffect = (r: ReturnType<typeof analyzeCall>) => r.impact.drivers.find((d) => d.id === "apology")?.effect ?? 0;
    expect(apologyEffect(owned)).toBeGreaterThan(apologyEffect(alone));
    expect(owned.impact.score).toBeGreaterThan(alone.impact.score);
  });

  it("rewards a customer who ends calmer than they started", () => {
    const calmer: CallInput = {
      turns: [
        customer("This is terrible, I'm furious, nothing works."),
        agent("Let me look at the account."),
        customer("It has been awful all week."),
        agent("Okay, one moment."),
        customer("Oh good, that is great, thank you, I am happy now."),
      ],
    };
    const report = analyzeCall(calmer);
    const trend = report.impact.drivers.find((d) => d.kind === "customer-trend");
    expect(trend?.effect).toBeGreaterThan(0);
    expect(report.customer.endSentiment).toBeGreaterThan(report.customer.startSentiment);
  });

  it("costs more for defensiveness toward a customer who is already upset", () => {
    const calm = analyzeCall({ turns: [customer("Quick question about my bill."), agent("That's not my department.")] });
    const upset = analyzeCall({ turns: [customer("This is a disgrace, I am furious and angry."), agent("That's not my department.")] });
    const d = (r: ReturnType<typeof analyzeCall>) => r.impact.drivers.find((x) => x.id === "defensiveness")?.effect ?? 0;
    expect(d(upset)).toBeLessThan(d(calm));
  });

  it("lists drivers with their turn and quote, and coaching for each harmful moment only", () => {
    const report = analyzeCall({ turns: [customer("I'd like a refund."), agent("It's policy."), agent("I'm sorry for the trouble.")] });
    const defensive = report.impact.drivers.find((d) => d.id === "defensiveness");
    expect(defensive).toMatchObject({ turn: 1, kind: "tag", quote: "It's policy." });
    expect(report.coaching).toHaveLength(1);
    expect(report.coaching[0]).toMatchObject({ turn: 1, tag: "defensiveness", rule: "defensiveness/policy-shield", said: "It's policy." });
    expect(report.coaching[0]?.sayInstead.length).toBeGreaterThan(10);
  });

  it("says in the summary what cost the most", () => {
    const report = analyzeCall({ turns: [customer("I'd like a refund."), agent("It's policy.")] });
    expect(report.impact.summary).toMatch(/defensiveness at turn 1/);
  });

  it("maps scores to bands at the documented thresholds", () => {
    expect([-100, -50, -49, -15, -14, 14, 15, 49, 50, 100].map(bandFor)).toEqual([
      "lost the customer", "lost the customer", "hurt the relationship", "hurt the relationship", "neutral",
      "neutral", "helped", "helped", "earned loyalty", "earned loyalty",
    ]);
  });
});

describe("formatReport", () => {
  const report = analyzeCall({ id: "c1", turns: [customer("I want to cancel."), agent("Are you sure? This deal is only good until noon.")] });

  it("prints the score, each finding and the coaching in text", () => {
    const text = formatReport(report, "text");
    expect(text).toContain(`Impact: ${report.impact.score} (${report.impact.band})`);
    expect(text).toContain("pushing/persuades-after-no");
    expect(text).toContain("say instead:");
  });

  it("renders markdown with escaped table cells", () => {
    const md = formatReport(analyzeCall({ turns: [agent("a | b <script>")] }), "markdown");
    expect(md).toContain("a \\| b \\<script\\>");
  });

  it("renders JSON that round-trips to the same report", () => {
    expect(JSON.parse(formatReport(report, "json"))).toEqual(report);
  });
});
