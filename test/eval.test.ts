import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { evaluate, loadCorpus, spearman } from "../scripts/corpus.js";

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

describe("spearman", () => {
  it("is 1 for the same order, -1 for the reverse, and handles ties", () => {
    expect(spearman([1, 2, 3], [10, 20, 30])).toBeCloseTo(1);
    expect(spearman([1, 2, 3], [30, 20, 10])).toBeCloseTo(-1);
    expect(spearman([1, 1, 2], [5, 5, 9])).toBeCloseTo(1);
  });
});
