import { afterEach, describe, expect, it } from "vitest";
import { analyzeCall, createLiveCall, TAG_IDS } from "../src/index.js";
import { learnedTurnScores } from "../src/analyze.js";
import fc from "fast-check";
import { AFTER_NO, REPLY_WORDS, replyFeatures, ReplyScorer } from "../src/model/reply.js";
import { RECORD_BYTES, unpackWeights } from "../src/model/scorer.js";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { packWeights, readWeights, useModel, weightsFile, type ModelData } from "../src/model/scorer.js";

const agent = (text: string) => ({ speaker: "Rep", role: "agent" as const, text });
const customer = (text: string) => ({ speaker: "Cus", role: "customer" as const, text });

afterEach(() => useModel(undefined));

const named = (text: string): Map<number, string> => {
  const names = new Map<number, string>();
  replyFeatures(text, new Set(), names);
  return names;
};

describe("the customer's reply as features", () => {
  it("are its words, its pairs of words, and its first and last words as such, each once", () => {
    expect([...named("No, no. Stop it!").values()].sort()).toEqual(["(start) no", "it", "it (end)", "no", "no no", "no stop", "stop", "stop it"].sort());
    expect(named("").size).toBe(0);
    expect(named("...").size).toBe(0);
  });

  it("read words as the scorer does (case, curly apostrophes, numbers), and the same text gives the same hashes", () => {
    expect([...named("I DON’T want 3 of them").values()]).toContain("don't");
    expect([...named("I DON’T want 3 of them").values()]).toContain("want <num>");
    expect([...named("Dont call me").keys()]).toEqual([...named("don't call me").keys()]);
  });

  it("are what the scorer adds up, each feature once however often it comes", () => {
    const word = fc.constantFrom("no", "No", "dont", "don't", "said", "I", "3", "wow", "…", "café", "you're", "NO!");
    fc.assert(
      fc.property(fc.array(word, { maxLength: 80 }), (list) => {
        const text = list.join(" ");
        const features = [...replyFeatures(text, new Set())];
        // Every feature of the text weighs 1 on the first tag, and a feature that is not in it 0.1.
        const rows = [...features.map((hash) => ({ hash, weights: [1000] })), ...(features.includes(12345) ? [] : [{ hash: 12345, weights: [100] }])];
        const scorer = new ReplyScorer({ factor: [0, 0, 0, 0, 0, 0], bias: [0, 0, 0, 0, 0, 0], scale: 1000, count: rows.length }, unpackWeights(packWeights(rows)), RECORD_BYTES);
        expect(scorer.scores([0, 0, 0, 0, 0, 0], text, undefined, new Float64Array(6))[0]).toBeCloseTo(features.length, 9);
      }),
      { numRuns: 300 },
    );
  });

  it("are named in a finding's evidence as replyFeatures names them, the heaviest first", () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom("a", "The", "and", "in", "it's", "I", "3", "you're", "no", "sorry", "better", "time", "café", "WOW!"), { maxLength: 80 }), fc.boolean(), (list, after) => {
        const text = list.join(" ");
        const kind = after ? AFTER_NO : undefined;
        const names = new Map<number, string>();
        const features = [...replyFeatures(text, new Set(), names, kind)];
        // Each feature weighs differently on the first tag (the k-th: k + 1 thousandths), so the heaviest three are known.
        const rows = features.map((hash, k) => ({ hash, weights: [k + 1] }));
        const scorer = new ReplyScorer({ factor: [0, 0, 0, 0, 0, 0], bias: [0, 0, 0, 0, 0, 0], scale: 1000, count: rows.length }, unpackWeights(packWeights(rows)), RECORD_BYTES);
        const got = scorer.strongest(after ? undefined : text, after ? text : undefined, 0, 0);
        const prefix = after ? AFTER_NO.prefix : "";
        // The plain words among these, alone (src/text/plain.ts): not named.
        const plain = /^(\(start\) )?(a|the|and|in|it's|i|<num>|you're)( \(end\))?$/;
        const heaviest = features
          .map((hash, k) => ({ name: (names.get(hash) ?? "").slice(prefix.length), k }))
          .filter((x) => !plain.test(x.name))
          .sort((a, b) => b.k - a.k)
          .slice(0, 3)
          .map((x) => x.name);
        if (features.length === 0) expect(got).toBeUndefined();
        else expect(after ? got?.afterNo : got?.reply).toEqual(heaviest);
      }),
      { numRuns: 300 },
    );
  });

  it("of an agent's turn after a no are the same words apart: other hashes, named as such", () => {
    const after = new Map<number, string>();
    replyFeatures("No, no. Stop it!", new Set(), after, AFTER_NO);
    expect([...after.values()].sort()).toEqual([...named("No, no. Stop it!").values()].map((n) => `(after a no) ${n}`).sort());
    for (const h of after.keys()) expect(named("No, no. Stop it!").has(h)).toBe(false);
  });

  it("read at most REPLY_WORDS words of a long reply", () => {
    const words = Array.from({ length: REPLY_WORDS + 40 }, (_, i) => `w${String.fromCharCode(97 + (i % 26))}${String.fromCharCode(97 + Math.floor(i / 26))}`);
    const names = named(words.join(" "));
    expect(names.has([...named(words[REPLY_WORDS - 1] ?? "").keys()][0] ?? 0)).toBe(true);
    expect([...names.values()]).not.toContain(words[REPLY_WORDS]);
  });
});

describe("the third stage", () => {
  // A tiny model of our own making: no first-pass features, the second pass absent (the first pass's zeros go
  // through), and a reply stage where the reply word "seriously" adds 4 to pushing, "thanks" takes 4 from it.
  const P = TAG_IDS.indexOf("pushing");
  const featureOf = (word: string): number => [...named(word).entries()].find(([, n]) => n === word)?.[0] ?? 0;
  const at = (t: number, v: number): number[] => Array.from({ length: 12 }, (_, c) => (c === t ? v : 0));
  const replyRows = [
    { hash: featureOf("seriously"), weights: at(P, 4000) },
    { hash: featureOf("thanks"), weights: at(P, -4000) },
  ].sort((a, b) => (a.hash >>> 0) - (b.hash >>> 0));
  const tiny: ModelData = {
    tags: [...TAG_IDS],
    find: [99, 99, 99, 99, 99, 2],
    keep: [-1e9, -1e9, -1e9, -1e9, -1e9, -1e9],
    scale: 1000,
    count: 0,
    weights: new Uint8Array(0),
    reply: { factor: [1, 1, 1, 1, 1, 2], bias: [0, 0, 0, 0, 0, -1], scale: 1000, count: replyRows.length },
    replyWeights: packWeights(replyRows),
  };
  const pitch = "Before you go, let me tell you about our premium plan.";

  it("ships in the weights file after the first pass's records, and is read back exactly", () => {
    const data: ModelData = { ...tiny, count: 1, weights: packWeights([{ hash: 5, weights: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12] }]) };
    const { weights: _w, replyWeights: _r, ...head } = data;
    const dir = mkdtempSync(join(tmpdir(), "sameside-reply-"));
    try {
      writeFileSync(join(dir, "weights.bin"), weightsFile(data));
      const back = readWeights(join(dir, "weights.bin"), head);
      expect([...back.weights]).toEqual([...data.weights]);
      expect([...(back.replyWeights ?? [])]).toEqual([...(data.replyWeights ?? [])]);
      // A file without the reply's records is a file for another version.
      writeFileSync(join(dir, "old.bin"), weightsFile({ ...data, replyWeights: new Uint8Array(0) }));
      expect(() => readWeights(join(dir, "old.bin"), head)).toThrow(/old\.bin: 36 bytes of 1 features where this version of sameside needs 1 features and 2 reply features \(92 bytes\); reinstall sameside/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("adds the reply's weights to the second pass's score times the factor, plus the bias", () => {
    useModel(tiny);
    const scores = (reply: string): number | undefined => learnedTurnScores({ turns: [agent(pitch), customer(reply)] })[0]?.scores[P];
    expect(scores("Seriously?")).toBeCloseTo(3, 9);
    expect(scores("Okay, thanks.")).toBeCloseTo(-5, 9);
    expect(scores("Okay.")).toBeCloseTo(-1, 9);
    // No reply: the agent's last turn, or the agent speaking again.
    expect(learnedTurnScores({ turns: [agent(pitch)] })[0]?.scores[P]).toBeCloseTo(-1, 9);
    expect(learnedTurnScores({ turns: [agent(pitch), agent("Seriously?")] })[0]?.scores[P]).toBeCloseTo(-1, 9);
  });

  it("finds a tag from the reply, naming the reply's words as evidence; no reply, no finding", () => {
    useModel(tiny);
    const found = analyzeCall({ turns: [agent(pitch), customer("Seriously? Again?")] }).turns[0]?.tags.find((f) => f.tag === "pushing");
    expect(found?.rule).toBe("pushing/learned");
    expect(found?.evidence).toContain(`the customer's reply: "seriously"`);
    expect(analyzeCall({ turns: [agent(pitch)] }).turns[0]?.tags.some((f) => f.tag === "pushing")).toBe(false);
  });

  it("does not name a plain word alone as evidence, though it weighs", () => {
    const rows = [...replyRows, { hash: featureOf("the"), weights: at(P, 5000) }].sort((a, b) => (a.hash >>> 0) - (b.hash >>> 0));
    useModel({ ...tiny, reply: { ...tiny.reply!, count: rows.length }, replyWeights: packWeights(rows) });
    const found = analyzeCall({ turns: [agent(pitch), customer("Seriously, the premium plan?")] }).turns[0]?.tags.find((f) => f.tag === "pushing");
    expect(found?.evidence).toContain(`the customer's reply: "seriously"`);
    // "the" weighed more than "seriously" did, and alone it still finds the tag, but it is named nowhere.
    const plain = analyzeCall({ turns: [agent(pitch), customer("The premium plan?")] }).turns[0]?.tags.find((f) => f.tag === "pushing");
    expect(plain?.rule).toBe("pushing/learned");
    expect(JSON.stringify([found?.evidence, plain?.evidence])).not.toMatch(/"the"/);
  });

  it("revises a live call's agent turn when the customer answers, and the report is the batch's", () => {
    useModel(tiny);
    const live = createLiveCall();
    expect(live.push({ ...agent(pitch) }).findings.some((f) => f.tag === "pushing")).toBe(false);
    // An interim reply says what the turn would become; the final one revises it, with the nudge for it.
    const interim = live.push({ ...customer("Seriously"), final: false });
    expect(interim.revised?.turn).toBe(0);
    expect(interim.revised?.findings.map((f) => f.tag)).toEqual(["pushing"]);
    const update = live.push({ ...customer("Seriously? I said no.") });
    expect(update.revised?.turn).toBe(0);
    expect(update.revised?.findings.map((f) => f.rule)).toEqual(["pushing/learned"]);
    expect(live.push({ ...agent("Understood.") }).revised).toBeUndefined();
    const thanks = live.push({ ...customer("Thanks.") });
    expect(thanks.revised).toBeUndefined();
    const turns = [agent(pitch), customer("Seriously? I said no."), agent("Understood."), customer("Thanks.")];
    expect(JSON.stringify(live.report())).toBe(JSON.stringify(analyzeCall({ turns })));
    expect(live.report().turns[0]?.tags.map((f) => f.tag)).toEqual(["pushing"]);
  });

  it("nudges the agent about the turn the reply re-reads, when the customer's turn has no nudge of its own", () => {
    useModel(tiny);
    const live = createLiveCall();
    live.push({ ...agent(pitch) });
    const update = live.push({ ...customer("Seriously?") });
    expect(update.revised?.turn).toBe(0);
    expect(update.nudges.map((n) => [n.kind, n.turn])).toEqual([["say-instead", 0]]);
    // A no of the customer's own comes first.
    const other = createLiveCall();
    other.push({ ...agent(pitch) });
    expect(other.push({ ...customer("Seriously? No thanks.") }).nudges.map((n) => n.kind)).toEqual(["customer-said-no"]);
  });

  it("reads the agent's own words after the customer's no, and only then", () => {
    const afterNo = new Map<number, string>();
    replyFeatures("a better time", new Set(), afterNo, AFTER_NO);
    const better = [...afterNo].find(([, n]) => n === "(after a no) better time")?.[0] ?? 0;
    const rows = [...replyRows, { hash: better, weights: at(P, 5000) }].sort((a, b) => (a.hash >>> 0) - (b.hash >>> 0));
    useModel({ ...tiny, reply: { factor: [1, 1, 1, 1, 1, 1], bias: [0, 0, 0, 0, 0, 0], scale: 1000, count: rows.length }, replyWeights: packWeights(rows) });
    const ask = "When would be a better time to go through it?";
    const pushing = (turns: Array<{ speaker: string; role: "agent" | "customer"; text: string }>) => analyzeCall({ turns }).turns.at(-1)?.tags.find((f) => f.tag === "pushing");
    // Before any no the question is only a question.
    expect(pushing([agent(pitch), customer("Go on then."), agent(ask)])).toBeUndefined();
    // After one, the same words are pressure, and the finding says why.
    const found = pushing([agent(pitch), customer("No thanks, I'm not interested."), agent(ask)]);
    expect(found?.rule).toBe("pushing/learned");
    expect(found?.evidence).toContain(`said after the customer's no: "better time"`);
    // A decision stated counts as a no.
    expect(pushing([agent(pitch), customer("I've decided to cancel, I'm going with another provider."), agent(ask)])?.rule).toBe("pushing/learned");
  });

  it("takes a finding back when the reply speaks against it, and says so", () => {
    useModel({ ...tiny, reply: { factor: [1, 1, 1, 1, 1, 1], bias: [0, 0, 0, 0, 0, 3], scale: 1000, count: replyRows.length } });
    const live = createLiveCall();
    expect(live.push({ ...agent(pitch) }).findings.map((f) => f.tag)).toEqual(["pushing"]);
    const update = live.push({ ...customer("Oh thanks, that sounds good.") });
    expect(update.revised).toEqual({ turn: 0, findings: [] });
  });
});
