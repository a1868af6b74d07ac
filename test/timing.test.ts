import { describe, expect, it } from "vitest";
import { analyzeCall } from "../src/index.js";

const t = (speaker: string, role: "agent" | "customer", start: number, end: number, text = "Okay.") => ({ speaker, role, text, start, end });

describe("timing", () => {
  const report = analyzeCall({
    turns: [t("A", "agent", 0, 10), t("C", "customer", 9, 12), t("A", "agent", 20, 25), t("C", "customer", 25.5, 45)],
  });

  it("is absent when the transcript has no times", () => {
    expect(analyzeCall({ turns: [{ speaker: "A", role: "agent", text: "Hi." }] }).timing).toBeUndefined();
  });

  it("gives talk time and ratio per role", () => {
    expect(report.timing?.talkSeconds).toEqual({ agent: 15, customer: 22.5, system: 0 });
    expect(report.timing?.talkRatio).toEqual({ agent: 0.4, customer: 0.6 });
  });

  it("gives the longest monologue per role", () => {
    expect(report.timing?.longestMonologue).toEqual({ agent: { turn: 0, seconds: 10 }, customer: { turn: 3, seconds: 19.5 } });
  });

  it("finds a turn that starts before the other side has finished", () => {
    expect(report.timing?.interruptions).toEqual([{ turn: 1, by: "customer", interrupted: 0, overlapSeconds: 1 }]);
  });

  it("finds silences at or above the threshold, which options can change", () => {
    expect(report.timing?.silences).toEqual([{ afterTurn: 1, seconds: 8 }]);
    const strict = analyzeCall({ turns: [t("A", "agent", 0, 10), t("C", "customer", 11, 12)] }, { silenceSeconds: 1 });
    expect(strict.timing?.silences).toEqual([{ afterTurn: 0, seconds: 1 }]);
  });
});
