import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { asMessages, asSpeechToText, evaluate, loadCorpus, spearman } from "../scripts/corpus.js";
import { loadAllSources, loadHeldOut } from "../scripts/sources.js";
import { REPORT_FILE } from "../scripts/train.js";

const corpus = loadCorpus(fileURLToPath(new URL("../corpus/calls", import.meta.url)));
const result = evaluate(corpus);

describe("the corpus", () => {
  it("is large and varied enough to mean something", () => {
    expect(result.calls).toBeGreaterThanOrEqual(40);
    expect(result.industries).toBeGreaterThanOrEqual(10);
    expect(result.hardNegatives / result.agentTurns).toBeGreaterThanOrEqual(0.25);
  });

  it("has unique call ids", () => {
    const ids = corpus.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe("accuracy on the corpus stays above its floor", () => {
  it("macro-F1 >= 0.95", () => expect(result.macroF1).toBeGreaterThanOrEqual(0.95));
  it.each(result.tags.map((t) => [t.tag, t.f1] as const))("%s F1 >= 0.90", (_tag, f1) => expect(f1).toBeGreaterThanOrEqual(0.9));
  it("Spearman(impact score, gold impact) >= 0.85", () => expect(result.spearman).toBeGreaterThanOrEqual(0.85));
  it("guesses every role right with roles stripped", () => expect(result.roleAccuracy).toBe(1));
});

describe("the held-out writers (corpus/heldout/)", () => {
  const heldOut = loadHeldOut();
  const writers = new Set(heldOut.map((c) => c.source));
  const scored = evaluate(heldOut);

  it("are several outside writers, each a source of its own", () => {
    expect(writers.size).toBeGreaterThanOrEqual(8);
    expect(scored.agentTurns).toBeGreaterThanOrEqual(1500);
    for (const w of writers) expect(w).toMatch(/^h\d+$/);
  });

  it("are never trained on: no held-out writer or call among the training sources, none in docs/model.json", () => {
    const training = loadAllSources();
    const trainingIds = new Set(training.map((c) => c.id));
    expect(training.filter((c) => writers.has(c.source))).toEqual([]);
    expect(heldOut.filter((c) => trainingIds.has(c.id)).map((c) => c.id)).toEqual([]);
    const report = JSON.parse(readFileSync(REPORT_FILE, "utf8")) as { fingerprints: Record<string, string> };
    expect(Object.keys(report.fingerprints).filter((s) => writers.has(s))).toEqual([]);
  });

  // Measured on 2026-12-05 with the model shipped then (8 writers, 1,806 agent turns): macro-F1 0.904, every tag 0.88
  // or more with precision 0.93 or more, Spearman 0.89, roles 0.999. The floors leave room for a retrain's swing, not
  // for a regression.
  it("macro-F1 >= 0.87 with the shipped package", () => expect(scored.macroF1).toBeGreaterThanOrEqual(0.87));
  it.each(scored.tags.map((t) => [t.tag, t.f1, t.precision] as const))("%s: F1 >= 0.80, precision >= 0.88", (_tag, f1, precision) => {
    expect(f1).toBeGreaterThanOrEqual(0.8);
    expect(precision).toBeGreaterThanOrEqual(0.88);
  });
  it("Spearman(impact score, gold impact) >= 0.85", () => expect(scored.spearman).toBeGreaterThanOrEqual(0.85));
  it("roles stripped: >= 0.99 of turns right", () => expect(scored.roleAccuracy).toBeGreaterThanOrEqual(0.99));
  it("tag as well lower-cased and without punctuation: macro-F1 within 0.03 of the calls as written (0.896 against 0.904)", () => {
    const plain = asSpeechToText(heldOut);
    expect(plain.flatMap((c) => c.turns).filter((t) => /[a-z0-9]/.test(t.text) && /[A-Z.,?!]/.test(t.text))).toEqual([]);
    expect(evaluate(plain).macroF1).toBeGreaterThanOrEqual(scored.macroF1 - 0.03);
  });
});

describe("asMessages", () => {
  const call = {
    id: "c",
    source: "corpus",
    meta: { industry: "test", impact: 0 },
    turns: [
      { speaker: "A", role: "agent" as const, text: "Hello, how can I help?", labels: [] },
      { speaker: "C", role: "customer" as const, text: "No thanks, I'm cancelling." },
      { speaker: "A", role: "agent" as const, text: "Are you sure? Today only it's half price.", labels: ["pushing" as const] },
      { speaker: "A", role: "agent" as const, text: "It really is a good deal.", labels: ["pushing" as const] },
    ],
  };
  it("makes each agent turn a call of its own, after the customer's turn right before it when asked", () => {
    expect(asMessages([call], true).map((c) => [c.id, c.turns.map((t) => t.text)])).toEqual([
      ["c#0", ["Hello, how can I help?"]],
      ["c#2", ["No thanks, I'm cancelling.", "Are you sure? Today only it's half price."]],
      ["c#3", ["It really is a good deal."]],
    ]);
    expect(asMessages([call], false).map((c) => c.turns.length)).toEqual([1, 1, 1]);
    expect(asMessages([call], false)[1]?.turns[0]?.labels).toEqual(["pushing"]);
  });
});

describe("spearman", () => {
  it("is 1 for the same order, -1 for the reverse, and handles ties", () => {
    expect(spearman([1, 2, 3], [10, 20, 30])).toBeCloseTo(1);
    expect(spearman([1, 2, 3], [30, 20, 10])).toBeCloseTo(-1);
    expect(spearman([1, 1, 2], [5, 5, 9])).toBeCloseTo(1);
  });
});
