import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { analyzeCall, detectors } from "../src/index.js";
import { EVENT_PATTERNS } from "../src/customer.js";
import { expandRival, maskRivals } from "../src/detectors/engine.js";
import { buildCueIndex, candidates, splitSentences, straightQuotes } from "../src/text/index.js";
import { loadCorpus } from "../scripts/corpus.js";

// The cue index only tries a rule (or a customer-event pattern) on sentences that contain one of its cue words, so a
// cue list that misses a word some match needs would silently lose findings. Every rule's and event's raw patterns
// are run over every sentence of the corpus and of all the examples: wherever a pattern matches, the sentence must
// hold a cue.
const corpus = loadCorpus(fileURLToPath(new URL("../corpus/calls", import.meta.url)));
const texts = [
  ...corpus.flatMap((c) => c.turns.map((t) => t.text)),
  ...detectors.flatMap((d) => d.rules.flatMap((r) => [...r.examples.hit, ...r.examples.miss].map((e) => (typeof e === "string" ? e : e.text)))),
  ...EVENT_PATTERNS.flatMap((p) => [...p.examples.hit, ...p.examples.miss]),
];
const sentences = texts.flatMap((t) => splitSentences(t).map((s) => straightQuotes(s.text)));
const rivals = ["Lumen", "Brightline", "Cobalt", "Ledgerly", "Seaside Inn"];

/** The words the cue index reads: each run of letters and digits, and a word with apostrophes also in its parts. */
function words(sentence: string): string[] {
  return (sentence.toLowerCase().match(/[a-z0-9]+(?:'[a-z0-9]+)*/g) ?? []).flatMap((w) => [w.replaceAll("'", ""), ...w.split("'")]);
}
const holdsCue = (cues: readonly string[], sentence: string): boolean =>
  words(sentence).some((w) => cues.some((c) => (c.endsWith("*") ? w.startsWith(c.slice(0, -1)) : w === c)));

describe.each(detectors.flatMap((d) => d.rules).map((r) => [r.id, r] as const))("cues of %s", (_id, rule) => {
  it("exist", () => expect(rule.cues?.length ?? 0).toBeGreaterThan(0));
  it("cover every sentence any of its patterns matches", () => {
    const patterns = rule.patterns.map((p) => new RegExp(expandRival(p, true), "i"));
    const uncovered = sentences.filter((s) => patterns.some((p) => p.test(maskRivals(s, rivals))) && !holdsCue(rule.cues ?? [], s));
    expect(uncovered).toEqual([]);
  });
});

describe.each(EVENT_PATTERNS.map((p, i) => [`${p.kind}#${i}`, p] as const))("cues of customer event %s", (_id, event) => {
  it("exist", () => expect(event.cues.length).toBeGreaterThan(0));
  it("cover every sentence its pattern matches", () => {
    const pattern = new RegExp(event.pattern, "i");
    const matched = sentences.filter((s) => pattern.test(s));
    expect(matched.length).toBeGreaterThan(0);
    expect(matched.filter((s) => !holdsCue(event.cues, s))).toEqual([]);
  });
});

// The corpus holds only the sentences someone wrote. Here each pattern writes its own: fast-check generates strings
// that match it (with random text around them and random capitals), and wherever the real pattern matches one as
// whole words, the cue index must offer its rule. fast-check cannot generate from \b or lookarounds, so those are
// left out of the generator (the real pattern still decides what matches), and where a pattern allows no space
// between words (\s*) the generator puts some, as speech-to-text does. FUZZ_RUNS scales the strings per pattern.
const PER_PATTERN = Math.max(50, Math.round(Number(process.env.FUZZ_RUNS ?? 2500) / 12));
// Each pattern's strings come from a seed of its own, so a run is repeatable (a rarely matching pattern once drew no
// whole-word match in its strings and failed at random); FUZZ_SEED=n draws other strings.
const seedOf = (id: string): number => {
  let h = Number(process.env.FUZZ_SEED ?? 0) ^ 0x811c9dc5;
  for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 0x01000193);
  return h | 0;
};

/** A pattern's source as fast-check can generate from it: no \b or \B, no lookaround groups, \s* as \s+. */
function generable(source: string): string {
  let out = "";
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i] ?? "";
    if (c === "\\") {
      const escaped = source[i + 1] ?? "";
      i++;
      if (!inClass && (escaped === "b" || escaped === "B")) continue;
      out += c + escaped;
      continue;
    }
    if (inClass) {
      if (c === "]") inClass = false;
      out += c;
      continue;
    }
    if (c === "[") {
      inClass = true;
      out += c;
      continue;
    }
    if (c === "(" && /^\(\?<?[=!]/.test(source.slice(i, i + 4))) {
      // Skip the whole lookaround group, and any quantifier after it.
      let depth = 0;
      let cls = false;
      for (; i < source.length; i++) {
        const d = source[i];
        if (d === "\\") i++;
        else if (cls) cls = d !== "]";
        else if (d === "[") cls = true;
        else if (d === "(") depth++;
        else if (d === ")" && --depth === 0) break;
      }
      i += /^(?:\{\d*,?\d*\}|[?*+])?\??/.exec(source.slice(i + 1))?.[0].length ?? 0;
      continue;
    }
    out += c;
  }
  return out.replaceAll(String.raw`\s*`, String.raw`\s+`);
}

const wordChar = (c: string | undefined) => c !== undefined && /[A-Za-z0-9]/.test(c);
/** Random capitals, the same for the same text. */
const recase = (text: string) => text.replace(/[a-z]/g, (c, at: number) => ((at * 7 + text.length) % 5 === 0 ? c.toUpperCase() : c));

const allRules = detectors.flatMap((d) => d.rules);
const ruleCues = buildCueIndex(allRules.map((r) => r.cues));
const eventCues = buildCueIndex(EVENT_PATTERNS.map((p) => p.cues));
const generated = [
  ...allRules.flatMap((rule, at) =>
    rule.patterns.map((p, k) => ({
      id: `${rule.id} pattern ${k}`,
      index: ruleCues,
      at,
      // A competitor the call named stands where {rival} allows one, and is masked as the engine masks it.
      source: generable(expandRival(p, true).replaceAll("\uE000\uE001*", "Lumen")),
      real: new RegExp(expandRival(p, true), "i"),
      rival: p.includes("{rival}"),
    })),
  ),
  ...EVENT_PATTERNS.map((p, at) => ({ id: `customer event ${p.kind}#${at}`, index: eventCues, at, source: generable(p.pattern), real: new RegExp(p.pattern, "i"), rival: false })),
];

describe.each(generated.map((g) => [g.id, g] as const))("cues for text generated from %s", (_id, g) => {
  it("offer the pattern wherever it matches whole words", () => {
    let matched = 0;
    fc.assert(
      fc.property(fc.stringMatching(new RegExp(g.source), { size: "small" }), (raw) => {
        const sentence = recase(raw.replace(/[\uE000\uE001]/g, ""));
        const m = g.real.exec(g.rival ? maskRivals(sentence, ["Lumen"]) : sentence);
        // A pattern without a closing \b also matches the start of a longer word; only whole words count here.
        if (m === null || wordChar(sentence[m.index - 1]) || wordChar(sentence[m.index + m[0].length])) return;
        matched++;
        expect(candidates(g.index, sentence)).toContain(g.at);
      }),
      { numRuns: PER_PATTERN, seed: seedOf(g.id) },
    );
    expect(matched).toBeGreaterThan(0);
  });
});

describe("the cue index", () => {
  type UserRule = { id: string; tag: "pushing"; patterns: string[]; cues: string[]; message: string };
  /** Every finding on one agent turn, with these user rules added. */
  const tagsOf = (rules: UserRule[], text: string) =>
    analyzeCall({ turns: [{ speaker: "Agent", role: "agent", text }] }, { rules }).turns.flatMap((t) => t.tags);
  /** Quotes of one user rule with these cues (and by default a pattern of made-up words) on one agent turn. */
  const findingsWith = (cues: string[], text: string, pattern = String.raw`\b\w*zap\w*\s+zoom\b|\bdon'?t\s+zoom\b`) =>
    tagsOf([{ id: "pushing/zap-zoom", tag: "pushing", patterns: [pattern], cues, message: "pressure" }], text)
      .filter((f) => f.rule === "pushing/zap-zoom")
      .map((f) => f.quote);
  it("tries a rule on a word its prefix cue begins, however short the prefix", () => {
    expect(findingsWith(["za*"], "You should zap zoom.")).toEqual(["You should zap zoom."]);
    expect(findingsWith(["zap*"], "Honestly, zapper zoom is best.")).toEqual(["Honestly, zapper zoom is best."]);
  });
  it("takes a word cue only for the whole word, reading it without apostrophes", () => {
    expect(findingsWith(["zap"], "Honestly, zapper zoom is best.")).toEqual([]);
    expect(findingsWith(["zap"], "Please zap zoom.")).toEqual(["Please zap zoom."]);
    expect(findingsWith(["zap"], "Just unzap zoom.")).toEqual([]);
    expect(findingsWith(["unzap"], "Just unzap zoom.")).toEqual(["Just unzap zoom."]);
    expect(findingsWith(["dont"], "Don't zoom, it ends today.")).toEqual(["Don't zoom, it ends today."]);
  });
  it("reads a word with an apostrophe whole and in its parts, as \\b does", () => {
    const findings = (cues: string[], text: string) => findingsWith(cues, text, String.raw`\bzap\b|\bzoom'?s\s+own\b`);
    expect(findings(["zap"], "That zap's fine.")).toEqual(["That zap's fine."]);
    expect(findings(["zap"], "It is o'zap now.")).toEqual(["It is o'zap now."]);
    expect(findings(["zooms"], "The zoom's own fault.")).toEqual(["The zoom's own fault."]);
    // From an apostrophe across the next one: "o'zoom's" holds "zooms" as well as "ozooms", "o", "zoom" and "s".
    expect(findings(["zooms"], "That o'zoom's own fault.")).toEqual(["That o'zoom's own fault."]);
    expect(findings(["zap"], "That zapper's fine.")).toEqual([]);
  });
  it("reads capitals as their small letters", () => {
    expect(findingsWith(["zap"], "PLEASE ZAP ZOOM!")).toEqual(["PLEASE ZAP ZOOM!"]);
    expect(findingsWith(["dont"], "DON'T ZOOM.")).toEqual(["DON'T ZOOM."]);
    expect(findingsWith(["za*"], "Zapper Zoom.")).toEqual(["Zapper Zoom."]);
  });
  it("tries rules in the order they are listed, whatever order their cue words come in", () => {
    // Two rules of one tag match the same sentence; one finding per tag per sentence, and the first listed wins.
    const first: UserRule = { id: "pushing/first", tag: "pushing", patterns: [String.raw`\bzoom\b`], cues: ["zoom"], message: "first" };
    const second: UserRule = { id: "pushing/second", tag: "pushing", patterns: [String.raw`\bzap\b`], cues: ["zap"], message: "second" };
    const rulesOf = (rules: UserRule[], text: string) => tagsOf(rules, text).map((f) => f.rule);
    expect(rulesOf([first, second], "Zap it, then zoom.")).toEqual(["pushing/first"]);
    expect(rulesOf([second, first], "Zoom it, then zap.")).toEqual(["pushing/second"]);
  });
});
