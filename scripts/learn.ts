/**
 * Training the learned scorer (src/model/): examples from labelled calls, one logistic regression per tag fitted
 * jointly by AdaGrad with L2, thresholds chosen on leave-one-writer-out scores, and the weights written as data.
 * Everything here is deterministic: the same calls and parameters give the same weights, byte for byte.
 */
import { trainingTurns } from "../src/analyze.js";
import { packWeights, type ModelData } from "../src/model/scorer.js";
import { endsWithQuestionMark, type TurnContext } from "../src/model/features.js";
import { meaningScores, type MeaningData } from "../src/model/meaning.js";
import { CallHistory, inputNames, SEQUENCE_INPUTS, sequenceInputs, sequenceScores } from "../src/model/sequence.js";
import { AFTER_NO, replyFeatures } from "../src/model/reply.js";
import { TAG_IDS, type TagId } from "../src/index.js";
import type { LabelledCall } from "./sources.js";

export interface Example {
  source: string;
  call: string;
  turn: number;
  text: string;
  features: Map<number, string>;
  /** Each occurrence of a feature: its hash, then its sentence (-1: the whole turn), pair after pair. */
  placed: Int32Array;
  /** Gold tags, a bit per tag (place in TAG_IDS). */
  labels: number;
  /** Tags defensible both ways: neither trained on nor scored. */
  either: number;
  /** Tags the rules found. */
  rules: number;
  /** The meaning model's input (src/model/meaning.ts). */
  meaning: Float64Array;
  /** The features of the customer's reply to the turn (src/model/reply.ts), by hash with their names; empty: none. */
  reply: Map<number, string>;
  /** The turn's own words as the third stage reads them after a no (src/model/reply.ts AFTER_NO); empty: no refusal yet. */
  afterNo: Map<number, string>;
  /** The turn's words as the scorer counts them. */
  words: number;
}

const bitsOf = (tags: readonly string[] | undefined): number => (tags ?? []).reduce((b, t) => b | (1 << TAG_IDS.indexOf(t as TagId)), 0);

/** One example per agent turn, with the features the scorer would read (roles as given). */
export function examplesOf(calls: readonly LabelledCall[]): Example[] {
  const out: Example[] = [];
  for (const call of calls) {
    // The learned scorer off: what it reads does not depend on it (the same features either way, on every source),
    // and so a change to its shape can be trained while the weights on disk are still the old shape's.
    const rows = trainingTurns({ id: call.id, turns: call.turns.map(({ speaker, role, text }) => ({ speaker, role, text })) }, { disable: ["learned"] });
    for (const r of rows) {
      const t = call.turns[r.index];
      if (t === undefined) continue;
      const reply = new Map<number, string>();
      const next = call.turns[r.index + 1];
      if (next?.role === "customer") replyFeatures(next.text, new Set(), reply);
      const afterNo = new Map<number, string>();
      if (r.refused) replyFeatures(t.text, new Set(), afterNo, AFTER_NO);
      out.push({ source: call.source, call: call.id, turn: r.index, text: t.text, features: r.features, placed: Int32Array.from(r.placed), labels: bitsOf(t.labels), either: bitsOf(t.either), rules: bitsOf(r.ruleTags), meaning: r.meaning, reply, afterNo, words: r.words });
    }
  }
  return out;
}

export interface Params {
  epochs: number;
  rate: number;
  l2: number;
  /** A feature must occur in at least this many training turns to get a weight. */
  minCount: number;
  /** After fitting, features whose weights are all smaller than this (in absolute value) are dropped. */
  prune: number;
  /** After that, at most this many features are kept: those with the largest weight on any tag. */
  maxFeatures: number;
  /**
   * One fit per value, averaged: each value is the smoothing of the naive-Bayes log-count ratios that scale each
   * feature per tag before that fit's regression (NBSVM, Wang and Manning 2012), 0 a plain logistic regression. The
   * scaling is folded back into ordinary weights, and averaged linear models are one linear model, so the shipped
   * model is a plain linear model whatever is here. The NB-scaled fit trusts rare telling words, the plain one spreads
   * weight over many, and their mean carries to unseen writers better than either (leave-one-writer-out, pushing most).
   */
  nbAlphas: readonly number[];
  /**
   * The share of the sentence model in the first pass's score. The turn model reads the turn's features as one bag;
   * the sentence model scores each sentence on its own words and keeps the best sentence per tag (plus the turn's
   * own features: rules, call state), fitted as such (multiple-instance learning: the gradient goes to the sentence
   * that scored best). A tag said in one sentence is not talked down by the rest of the turn there. 0: the turn
   * model alone.
   */
  sentenceShare: number;
  seed: number;
}

export const PARAMS: Params = { epochs: 20, rate: 0.1, l2: 1e-3, minCount: 2, prune: 0.3, maxFeatures: Infinity, nbAlphas: [1, 0], sentenceShare: 0.5, seed: 1 };

/**
 * Fitted weights in memory: feature hash -> row, and per row 2k weights (k = the number of tags): the turn part (a
 * feature counts once per turn) and the sentence part (once per sentence it is in, the best sentence per tag
 * counting; a feature of the whole turn counts it once, beside the turn part).
 */
export interface Fitted {
  rows: Map<number, number>;
  names: string[];
  hashes: number[];
  weights: Float64Array;
}

/** A seeded generator of numbers in [0, 1) (a linear congruential one): training shuffles with it, deterministically. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 4294967296;
}

/** Shuffles `order` in place (Fisher-Yates) with `random`: the same generator state gives the same order. */
export function shuffle(order: number[], random: () => number): void {
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const tmp = order[i] as number;
    order[i] = order[j] as number;
    order[j] = tmp;
  }
}

/**
 * An example's features by row, as the sentence part reads them: `turn` holds the rows of the whole turn's features;
 * sentence j holds rows `rows[starts[j]] .. rows[starts[j + 1]]` (each row once per sentence; sentences with no row
 * left out).
 */
interface Bag {
  turn: Int32Array;
  rows: Int32Array;
  starts: Int32Array;
}

function bagOf(e: Example, rows: ReadonlyMap<number, number>): Bag {
  const turn = new Set<number>();
  const bySentence = new Map<number, Set<number>>();
  for (let i = 0; i < e.placed.length; i += 2) {
    const r = rows.get(e.placed[i] as number);
    if (r === undefined) continue;
    const s = e.placed[i + 1] as number;
    if (s < 0) turn.add(r);
    else {
      let set = bySentence.get(s);
      if (set === undefined) bySentence.set(s, (set = new Set()));
      set.add(r);
    }
  }
  const all: number[] = [];
  const starts: number[] = [0];
  for (const s of [...bySentence.keys()].sort((a, b) => a - b)) {
    all.push(...(bySentence.get(s) as Set<number>));
    starts.push(all.length);
  }
  return { turn: Int32Array.from(turn), rows: Int32Array.from(all), starts: Int32Array.from(starts) };
}

/**
 * The sentence part's scores of a bag into z (length k), with weights `w` (row * stride + offset + t), each times
 * `scale` (row * k + t) when given; `best` gets each tag's best sentence (-1: none).
 */
function sentenceScores(bag: Bag, w: Float64Array, stride: number, offset: number, scale: Float64Array | undefined, z: Float64Array, best: Int32Array, v: Float64Array): void {
  const k = z.length;
  z.fill(0);
  best.fill(-1);
  const add = (r: number, into: Float64Array): void => {
    for (let t = 0; t < k; t++) into[t] = (into[t] as number) + (w[r * stride + offset + t] as number) * (scale === undefined ? 1 : (scale[r * k + t] as number));
  };
  const top = new Float64Array(k).fill(-Infinity);
  for (let j = 0; j + 1 < bag.starts.length; j++) {
    v.fill(0);
    for (let q = bag.starts[j] as number; q < (bag.starts[j + 1] as number); q++) add(bag.rows[q] as number, v);
    for (let t = 0; t < k; t++) {
      if ((v[t] as number) > (top[t] as number)) {
        top[t] = v[t] as number;
        best[t] = j;
      }
    }
  }
  for (const r of bag.turn) add(r, z);
  for (let t = 0; t < k; t++) if ((best[t] as number) >= 0) z[t] = (z[t] as number) + (top[t] as number);
}

/**
 * The features (hash -> name) seen in at least `minCount` of the `counted` bags, in hash order, with their names and
 * rows (place in that order), and each of the `every` bags as its sorted rows.
 */
function vocabulary(
  counted: ReadonlyArray<ReadonlyMap<number, string>>,
  every: ReadonlyArray<ReadonlyMap<number, string>>,
  minCount: number,
): { kept: number[]; names: Map<number, string>; rows: Map<number, number>; X: Int32Array[] } {
  const counts = new Map<number, number>();
  const names = new Map<number, string>();
  for (const bag of counted) {
    for (const [h, name] of bag) {
      counts.set(h, (counts.get(h) ?? 0) + 1);
      if (!names.has(h)) names.set(h, name);
    }
  }
  const kept = [...counts].filter(([, c]) => c >= minCount).map(([h]) => h).sort((a, b) => a - b);
  const rows = new Map(kept.map((h, i) => [h, i]));
  const X = every.map((bag) => {
    const ids: number[] = [];
    for (const h of bag.keys()) {
      const r = rows.get(h);
      if (r !== undefined) ids.push(r);
    }
    return Int32Array.from(ids.sort((a, b) => a - b));
  });
  return { kept, names, rows, X };
}

/** Fits all six tags at once over the examples (deterministic: a seeded shuffle); see Params.nbAlphas and Params.sentenceShare. */
export function fit(examples: readonly Example[], params: Params = PARAMS): Fitted {
  const k = TAG_IDS.length;
  const features = examples.map((e) => e.features);
  const { kept, names, rows, X } = vocabulary(features, features, params.minCount);
  const bags = params.sentenceShare > 0 ? examples.map((e) => bagOf(e, rows)) : [];
  const alphas = params.nbAlphas;
  if (alphas.length === 0) throw new Error("Params.nbAlphas is empty: the model needs at least one fit");
  const w = new Float64Array(kept.length * 2 * k);
  const shares = [1 - params.sentenceShare, params.sentenceShare];
  for (const alpha of alphas) {
    const ratio = nbRatios(examples, X, kept, names, alpha);
    const parts = [fitTurns(examples, X, kept.length, ratio, params), params.sentenceShare > 0 ? fitSentences(examples, bags, kept.length, ratio, params) : undefined];
    parts.forEach((one, part) => {
      if (one === undefined) return;
      const share = (shares[part] as number) / alphas.length;
      for (let r = 0; r < kept.length; r++) for (let t = 0; t < k; t++) w[r * 2 * k + part * k + t] = (w[r * 2 * k + part * k + t] as number) + (one[r * k + t] as number) * share;
    });
  }
  return pruned(kept, names, w, params);
}

/** Per tag, each feature's naive-Bayes log-count ratio (smoothing `alpha`): how much likelier it is in turns with the tag than without; all 1 when alpha is 0. */
function nbRatios(examples: readonly Example[], X: readonly Int32Array[], kept: readonly number[], names: ReadonlyMap<number, string>, alpha: number): Float64Array {
  const k = TAG_IDS.length;
  const ratio = new Float64Array(kept.length * k).fill(1);
  if (alpha <= 0) return ratio;
  const bias = kept.map((h) => names.get(h) === "bias");
  for (let t = 0; t < k; t++) {
    const pos = new Float64Array(kept.length).fill(alpha);
    const neg = new Float64Array(kept.length).fill(alpha);
    X.forEach((x, i) => {
      const e = examples[i] as Example;
      if ((e.either >> t) & 1) return;
      const into = (e.labels >> t) & 1 ? pos : neg;
      for (let q = 0; q < x.length; q++) into[x[q] as number] = (into[x[q] as number] as number) + 1;
    });
    let sumPos = 0;
    let sumNeg = 0;
    for (let f = 0; f < kept.length; f++) {
      sumPos += pos[f] as number;
      sumNeg += neg[f] as number;
    }
    for (let f = 0; f < kept.length; f++) if (!bias[f]) ratio[f * k + t] = Math.log(((pos[f] as number) / sumPos) / ((neg[f] as number) / sumNeg));
  }
  return ratio;
}

/** AdaGrad with L2 on one weight of a fit whose features are scaled by `ratio`. */
function step(w: Float64Array, g2: Float64Array, ratio: Float64Array, at: number, g: number, params: Params): void {
  const gf = g * (ratio[at] as number) + params.l2 * (w[at] as number);
  g2[at] = (g2[at] as number) + gf * gf;
  w[at] = (w[at] as number) - (params.rate * gf) / Math.sqrt(g2[at] as number);
}

/**
 * One logistic regression per tag by AdaGrad with L2 over a seeded shuffle of the examples, features scaled by
 * `ratio`: `score(i, w, z)` puts example i's scores in z, and `update(i, t, touch)` calls touch(row) for each
 * feature row that example i's gradient for tag t goes to. Returns the weights with the scaling folded in.
 */
function adaGrad(examples: readonly Example[], rows: number, ratio: Float64Array, params: Params, score: (i: number, w: Float64Array, z: Float64Array) => void, update: (i: number, t: number, touch: (row: number) => void) => void): Float64Array {
  const k = TAG_IDS.length;
  const w = new Float64Array(rows * k);
  const g2 = new Float64Array(rows * k).fill(1e-8);
  const order = examples.map((_, i) => i);
  const random = seededRandom(params.seed);
  const z = new Float64Array(k);
  let t = 0;
  let g = 0;
  const touch = (row: number): void => step(w, g2, ratio, row * k + t, g, params);
  for (let epoch = 0; epoch < params.epochs; epoch++) {
    shuffle(order, random);
    for (const i of order) {
      const e = examples[i] as Example;
      score(i, w, z);
      for (t = 0; t < k; t++) {
        if ((e.either >> t) & 1) continue;
        g = 1 / (1 + Math.exp(-(z[t] as number))) - ((e.labels >> t) & 1);
        update(i, t, touch);
      }
    }
  }
  for (let at = 0; at < w.length; at++) w[at] = (w[at] as number) * (ratio[at] as number);
  return w;
}

/** The turn model: one logistic regression per tag over rows X, features scaled by `ratio`; returns the weights with the scaling folded in. */
function fitTurns(examples: readonly Example[], X: readonly Int32Array[], rows: number, ratio: Float64Array, params: Params): Float64Array {
  const k = TAG_IDS.length;
  return adaGrad(
    examples,
    rows,
    ratio,
    params,
    (i, w, z) => {
      const x = X[i] as Int32Array;
      z.fill(0);
      for (let q = 0; q < x.length; q++) {
        const base = (x[q] as number) * k;
        for (let t = 0; t < k; t++) z[t] = (z[t] as number) + (w[base + t] as number) * (ratio[base + t] as number);
      }
    },
    (i, _t, touch) => {
      const x = X[i] as Int32Array;
      for (let q = 0; q < x.length; q++) touch(x[q] as number);
    },
  );
}

/** The sentence model: per tag, the turn's own features plus its best sentence, the gradient going to that sentence; weights with the scaling folded in. */
function fitSentences(examples: readonly Example[], bags: readonly Bag[], rows: number, ratio: Float64Array, params: Params): Float64Array {
  const k = TAG_IDS.length;
  const v = new Float64Array(k);
  const best = new Int32Array(k);
  return adaGrad(
    examples,
    rows,
    ratio,
    params,
    (i, w, z) => sentenceScores(bags[i] as Bag, w, k, 0, ratio, z, best, v),
    (i, t, touch) => {
      const bag = bags[i] as Bag;
      for (const r of bag.turn) touch(r);
      const j = best[t] as number;
      if (j < 0) return;
      for (let q = bag.starts[j] as number; q < (bag.starts[j + 1] as number); q++) touch(bag.rows[q] as number);
    },
  );
}

/** The fitted weights without the features that barely move any tag (Params.prune, Params.maxFeatures). */
function pruned(kept: readonly number[], names: ReadonlyMap<number, string>, w: Float64Array, params: Params): Fitted {
  const k = TAG_IDS.length;
  const stride = 2 * k;
  // Drop the features that barely move any tag: a smaller model is faster to score (it fits in the CPU's cache).
  const strength = kept.map((_, r) => {
    let most = 0;
    for (let t = 0; t < k; t++) most = Math.max(most, Math.abs(w[r * stride + t] as number) + Math.abs(w[r * stride + k + t] as number));
    return most;
  });
  let floor = params.prune;
  if (Number.isFinite(params.maxFeatures) && kept.length > params.maxFeatures) {
    const sorted = [...strength].sort((a, b) => b - a);
    floor = Math.max(floor, sorted[params.maxFeatures - 1] ?? 0);
  }
  const keepRow = strength.map((v) => v >= floor);
  const hashes = kept.filter((_, r) => keepRow[r]);
  const weights = new Float64Array(hashes.length * stride);
  let j = 0;
  kept.forEach((_, r) => {
    if (!keepRow[r]) return;
    for (let c = 0; c < stride; c++) weights[j * stride + c] = w[r * stride + c] as number;
    j++;
  });
  return { rows: new Map(hashes.map((h, i) => [h, i])), names: hashes.map((h) => names.get(h) ?? ""), hashes, weights };
}

/** Each tag's score (log-odds) for an example under fitted weights: the turn part plus the sentence part. */
export function scoreOf(model: Fitted, e: Example): Float64Array {
  const k = TAG_IDS.length;
  const z = new Float64Array(k);
  sentenceScores(bagOf(e, model.rows), model.weights, 2 * k, k, undefined, z, new Int32Array(k), new Float64Array(k));
  for (const h of e.features.keys()) {
    const r = model.rows.get(h);
    if (r === undefined) continue;
    for (let t = 0; t < k; t++) z[t] = (z[t] as number) + (model.weights[r * 2 * k + t] as number);
  }
  return z;
}

/** A feature's weight for tag t where it counts in both parts (for reports: the strongest features). */
export const weightOf = (model: Fitted, r: number, t: number): number => (model.weights[r * 2 * TAG_IDS.length + t] as number) + (model.weights[r * 2 * TAG_IDS.length + TAG_IDS.length + t] as number);

export interface Scored {
  example: Example;
  /** Log-odds per tag, from a model that never saw this example's source. */
  scores: Float64Array;
}

/** Leave-one-writer-out: for each source (or those whose place in order of appearance `only` picks), fit on every other source and score this one. */
export function leaveOneWriterOut(examples: readonly Example[], params: Params = PARAMS, onSource?: (source: string) => void, only?: (place: number) => boolean): Scored[] {
  const sources = [...new Set(examples.map((e) => e.source))];
  const out: Scored[] = [];
  sources.forEach((source, place) => {
    if (only !== undefined && !only(place)) return;
    onSource?.(source);
    const model = fit(examples.filter((e) => e.source !== source), params);
    for (const e of examples) if (e.source === source) out.push({ example: e, scores: scoreOf(model, e) });
  });
  return out;
}

export interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

/** Per tag: the score at or above which the model finds the tag, and the score below which it drops a rule's finding. */
export interface Thresholds {
  find: number[];
  keep: number[];
}

/** Whether the finished pipeline finds tag t: a rule found it and the model keeps it, or the model finds it. */
export const finds = (s: Scored, t: number, th: Thresholds): boolean => {
  const score = s.scores[t] as number;
  return (((s.example.rules >> t) & 1) === 1 && score >= (th.keep[t] ?? -Infinity)) || score >= (th.find[t] ?? Infinity);
};

export function countsOf(scored: readonly Scored[], thresholds: Thresholds): Counts[] {
  const c = TAG_IDS.map(() => ({ tp: 0, fp: 0, fn: 0 }));
  for (const s of scored) {
    for (let t = 0; t < TAG_IDS.length; t++) {
      if ((s.example.either >> t) & 1) continue;
      const gold = ((s.example.labels >> t) & 1) === 1;
      const got = finds(s, t, thresholds);
      const cell = c[t] as Counts;
      if (gold && got) cell.tp++;
      else if (got) cell.fp++;
      else if (gold) cell.fn++;
    }
  }
  return c;
}

export const f1 = ({ tp, fp, fn }: Counts): number => (tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn));
export const precision = ({ tp, fp }: Counts): number => (tp + fp === 0 ? 1 : tp / (tp + fp));
export const recall = ({ tp, fn }: Counts): number => (tp + fn === 0 ? 1 : tp / (tp + fn));

const KEEP_STEPS = [-Infinity, -8, -7, -6, -5, -4.5, -4, -3.5, -3, -2.5, -2, -1.5, -1, -0.5, 0];

/**
 * Per tag, the two thresholds (log-odds; `find` in steps of 0.05, `keep` from a few steps) with the best F1 on the
 * leave-one-writer-out scores among those whose precision is at least `minPrecision`, over every source and, when
 * `guard` names some sources, over those alone as well; the best F1 overall when none reaches it.
 */
export function chooseThresholds(scored: readonly Scored[], minPrecision: number, guard?: (source: string) => boolean): Thresholds {
  const find: number[] = [];
  const keep: number[] = [];
  TAG_IDS.forEach((_, t) => {
    // Only this tag's cells matter: tally them straight from the scores.
    const rows = scored
      .filter((s) => ((s.example.either >> t) & 1) === 0)
      .map((s) => ({ score: s.scores[t] as number, rule: ((s.example.rules >> t) & 1) === 1, gold: ((s.example.labels >> t) & 1) === 1, guarded: guard?.(s.example.source) === true }));
    const anyGuarded = rows.some((r) => r.guarded);
    let best = { f: -1, find: 0, keep: -Infinity, ok: false };
    for (const k of KEEP_STEPS) {
      for (let step = -40; step <= 80; step++) {
        const th = step / 20;
        const all = { tp: 0, fp: 0, fn: 0 };
        const sub = { tp: 0, fp: 0, fn: 0 };
        for (const r of rows) {
          const got = (r.rule && r.score >= k) || r.score >= th;
          const key = got && r.gold ? "tp" : got ? "fp" : r.gold ? "fn" : undefined;
          if (key === undefined) continue;
          all[key]++;
          if (r.guarded) sub[key]++;
        }
        // Precision must hold over every source and, when a guard names some, over those alone too.
        const ok = precision(all) >= minPrecision && (!anyGuarded || precision(sub) >= minPrecision);
        const f = f1(all);
        if ((ok && !best.ok) || (ok === best.ok && f > best.f + 1e-12)) best = { f, find: th, keep: k, ok };
      }
    }
    find.push(best.find);
    keep.push(best.keep);
  });
  return { find, keep };
}

/** The fitted weights as the package ships them (src/model/weights.ts): integers, features with no weight left out. */
export function toModelData(model: Fitted, thresholds: Thresholds, sequence?: SequenceFit, meaning?: MeaningData, reply?: ReplyFit, scale = 1000): ModelData {
  const k = TAG_IDS.length;
  const rows: Array<{ hash: number; weights: number[] }> = [];
  model.hashes.forEach((h, r) => {
    const ws: number[] = [];
    for (let c = 0; c < 2 * k; c++) ws.push(Math.round((model.weights[r * 2 * k + c] as number) * scale));
    if (ws.every((v) => v === 0)) return;
    rows.push({ hash: h, weights: ws });
  });
  rows.sort((a, b) => (a.hash >>> 0) - (b.hash >>> 0));
  // JSON has no -Infinity: a tag whose rules are never dropped keeps them from -1e9 up.
  const keep = thresholds.keep.map((k) => (Number.isFinite(k) ? k : -1e9));
  const data: ModelData = { tags: [...TAG_IDS], find: [...thresholds.find], keep, scale, count: rows.length, weights: packWeights(rows) };
  if (sequence !== undefined) data.sequence = { inputs: inputNames(TAG_IDS), weights: sequence.weights, hidden: sequence.hidden };
  if (meaning !== undefined) data.meaning = meaning;
  if (reply !== undefined) {
    const replyRows = shippedReplyRows(reply, scale);
    data.reply = { factor: reply.factor, bias: reply.bias, scale, count: replyRows.length };
    data.replyWeights = packWeights(replyRows);
  }
  return data;
}

// ---- The second pass (src/model/sequence.ts): fitted on first-pass scores of writers the first pass had not seen.

/** The call state an example was scored in, read back from its features (the same TurnContext the scorer had). */
export function contextOf(e: Example): TurnContext {
  const names = new Set(e.features.values());
  return {
    refusals: names.has("ctx:ref2") ? 2 : names.has("ctx:ref1") ? 1 : 0,
    justRefused: names.has("ctx:lastref"),
    rival: names.has("ctx:rival"),
    escalated: names.has("ctx:esc"),
    upset: names.has("ctx:upset"),
    rules: [],
  };
}

/**
 * Every example's second-pass inputs, from first-pass scores (one array per example, TAG_IDS order): the examples of
 * a call come in turn order, so the history is carried from one to the next exactly as the scorer carries it.
 */
export function sequenceTable(examples: readonly Example[], first: ReadonlyArray<ArrayLike<number>>, meaning: ReadonlyArray<ArrayLike<number>>): Float64Array[] {
  let history = new CallHistory();
  let call = "";
  return examples.map((e, i) => {
    const key = `${e.source}\u0000${e.call}`;
    if (key !== call) {
      history = new CallHistory();
      call = key;
    }
    const scores = first[i] ?? [];
    const out = sequenceInputs(scores, meaning[i] ?? [], contextOf(e), history, new Float64Array(SEQUENCE_INPUTS), { ruleTags: e.rules, words: e.words, question: endsWithQuestionMark(e.text) });
    history.see(scores);
    return out;
  });
}

export interface SequenceParams {
  epochs: number;
  rate: number;
  l2: number;
  seed: number;
  /** Hidden units (0: a logistic regression per tag). */
  hidden: number;
}
export const SEQUENCE_PARAMS: SequenceParams = { epochs: 8, rate: 0.05, l2: 1e-4, seed: 7, hidden: 16 };

/**
 * A fitted second pass: per tag the weights on the inputs, a bias and the weights on the hidden units; the hidden
 * units' own weights (see SequenceData).
 */
export interface SequenceFit {
  weights: number[][];
  hidden: number[][];
}

/**
 * Fits the second pass on the examples at `rows`: the six tags' logistic outputs share `params.hidden` tanh units
 * over the inputs and each also reads the inputs directly; AdaGrad with L2 over a seeded shuffle, starting from small
 * seeded weights in the hidden units. Deterministic.
 */
export function fitSequence(examples: readonly Example[], inputs: readonly Float64Array[], rows: readonly number[], params: SequenceParams = SEQUENCE_PARAMS): SequenceFit {
  const k = TAG_IDS.length;
  const d = SEQUENCE_INPUTS;
  const units = params.hidden;
  const random = seededRandom(params.seed);
  // Hidden unit u's weights at u * (d + 1); tag t's at t * (d + 1 + units): the inputs, the bias, then the units.
  const hw = Float64Array.from({ length: units * (d + 1) }, () => (random() - 0.5) * 0.4);
  const ow = new Float64Array(k * (d + 1 + units));
  const hg2 = new Float64Array(hw.length).fill(1e-8);
  const og2 = new Float64Array(ow.length).fill(1e-8);
  const h = new Float64Array(units);
  const back = new Float64Array(units);
  const update = (w: Float64Array, g2: Float64Array, at: number, gradient: number): void => {
    const gf = gradient + params.l2 * (w[at] as number);
    g2[at] = (g2[at] as number) + gf * gf;
    w[at] = (w[at] as number) - (params.rate * gf) / Math.sqrt(g2[at] as number);
  };
  const order = [...rows];
  for (let epoch = 0; epoch < params.epochs; epoch++) {
    shuffle(order, random);
    for (const i of order) {
      const x = inputs[i] as Float64Array;
      const e = examples[i] as Example;
      for (let u = 0; u < units; u++) {
        let a = hw[u * (d + 1) + d] as number;
        for (let q = 0; q < d; q++) a += (hw[u * (d + 1) + q] as number) * (x[q] as number);
        h[u] = Math.tanh(a);
      }
      back.fill(0);
      for (let t = 0; t < k; t++) {
        if ((e.either >> t) & 1) continue;
        const b = t * (d + 1 + units);
        let z = ow[b + d] as number;
        for (let q = 0; q < d; q++) z += (ow[b + q] as number) * (x[q] as number);
        for (let u = 0; u < units; u++) z += (ow[b + d + 1 + u] as number) * (h[u] as number);
        const g = 1 / (1 + Math.exp(-z)) - ((e.labels >> t) & 1);
        for (let u = 0; u < units; u++) {
          back[u] = (back[u] as number) + g * (ow[b + d + 1 + u] as number);
          update(ow, og2, b + d + 1 + u, g * (h[u] as number));
        }
        for (let q = 0; q <= d; q++) {
          const xv = q === d ? 1 : (x[q] as number);
          if (xv !== 0) update(ow, og2, b + q, g * xv);
        }
      }
      for (let u = 0; u < units; u++) {
        const g = (back[u] as number) * (1 - (h[u] as number) * (h[u] as number));
        if (g === 0) continue;
        for (let q = 0; q <= d; q++) {
          const xv = q === d ? 1 : (x[q] as number);
          if (xv !== 0) update(hw, hg2, u * (d + 1) + q, g * xv);
        }
      }
    }
  }
  // Shipped as readable numbers: four decimals are far below anything that moves a threshold.
  const rounded = (w: Float64Array, rowsOf: number, width: number): number[][] =>
    Array.from({ length: rowsOf }, (_, r) => [...w.subarray(r * width, (r + 1) * width)].map((v) => Math.round(v * 1e4) / 1e4));
  return { weights: rounded(ow, k, d + 1 + units), hidden: rounded(hw, units, d + 1) };
}

/** Second-pass scores (log-odds per tag) of one example's inputs. */
export function sequenceScoreOf(fitted: SequenceFit, x: Float64Array): Float64Array {
  return sequenceScores({ inputs: [], ...fitted }, x, [], new Float64Array(TAG_IDS.length));
}

/**
 * Held-out scores by folds of sources: for each fold (or those `only` picks), a model fitted on the rows of every
 * other fold scores the fold's own rows. In example order. Shared by the second pass (a fold per source) and the
 * meaning model (meaningFolds).
 */
function heldOutByFold<M>(
  examples: readonly Example[],
  foldOf: ReadonlyMap<string, number>,
  fitOn: (rows: number[]) => M,
  scoreWith: (model: M, i: number) => Float64Array,
  only?: (fold: number) => boolean,
  onFold?: (fold: number) => void,
): Scored[] {
  const scores = new Map<number, Float64Array>();
  for (const fold of [...new Set(foldOf.values())].sort((a, b) => a - b)) {
    if (only !== undefined && !only(fold)) continue;
    onFold?.(fold);
    const rows: number[] = [];
    examples.forEach((e, i) => {
      if (foldOf.get(e.source) !== fold) rows.push(i);
    });
    const model = fitOn(rows);
    examples.forEach((e, i) => {
      if (foldOf.get(e.source) === fold) scores.set(i, scoreWith(model, i));
    });
  }
  const out: Scored[] = [];
  examples.forEach((e, i) => {
    const s = scores.get(i);
    if (s !== undefined) out.push({ example: e, scores: s });
  });
  return out;
}

/**
 * Leave-one-writer-out for the second pass: for each source, fitted on every other source's inputs. In example order;
 * with `only`, just the sources at the places it picks (a process's share, see train.ts).
 */
export function sequenceLeaveOneWriterOut(examples: readonly Example[], inputs: readonly Float64Array[], params: SequenceParams = SEQUENCE_PARAMS, only?: (place: number) => boolean): Scored[] {
  const places = new Map([...new Set(examples.map((e) => e.source))].map((source, place) => [source, place]));
  return heldOutByFold(
    examples,
    places,
    (rows) => fitSequence(examples, inputs, rows, params),
    (fitted, i) => sequenceScoreOf(fitted, inputs[i] as Float64Array),
    only,
  );
}

/** Scores rounded as docs/model-lowo.json keeps them (thousandths, within an int16), so a refit from the file is exact. */
export const roundScore = (v: number): number => Math.max(-32.768, Math.min(32.767, Math.round(v * 1000) / 1000));

// ---- The meaning model (src/model/meaning.ts): a small network over the mean word vectors, read by the second pass.

export interface MeaningParams {
  hidden: number;
  epochs: number;
  /** Adam's step size. */
  rate: number;
  l2: number;
  batch: number;
  seed: number;
}
export const MEANING_PARAMS: MeaningParams = { hidden: 16, epochs: 20, rate: 1e-3, l2: 1e-4, batch: 256, seed: 11 };

/**
 * Fits the meaning model on the examples at `rows`: `params.hidden` rectified units over the standardised inputs,
 * a logistic output per tag (a tag in `either` is not trained on), Adam over seeded mini-batches, L2 on the weights.
 * The standardisation is folded into the units' weights. Deterministic.
 */
export function fitMeaning(examples: readonly Example[], rows: readonly number[], params: MeaningParams = MEANING_PARAMS): MeaningData {
  const k = TAG_IDS.length;
  const d = examples[rows[0] ?? 0]?.meaning.length ?? 0;
  const units = params.hidden;
  const n = rows.length;
  const mean = new Float64Array(d);
  const sd = new Float64Array(d);
  for (const r of rows) {
    const x = (examples[r] as Example).meaning;
    for (let i = 0; i < d; i++) mean[i] = (mean[i] as number) + (x[i] as number) / n;
  }
  for (const r of rows) {
    const x = (examples[r] as Example).meaning;
    for (let i = 0; i < d; i++) sd[i] = (sd[i] as number) + ((x[i] as number) - (mean[i] as number)) ** 2 / n;
  }
  for (let i = 0; i < d; i++) sd[i] = Math.sqrt(sd[i] as number) + 1e-6;
  const xs = new Float64Array(n * d);
  rows.forEach((r, j) => {
    const x = (examples[r] as Example).meaning;
    for (let i = 0; i < d; i++) xs[j * d + i] = ((x[i] as number) - (mean[i] as number)) / (sd[i] as number);
  });
  const random = seededRandom(params.seed);
  const gauss = (): number => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  // w1[i * units + u]: input i to unit u; w2[u * k + t]: unit u to tag t.
  const w1 = Float64Array.from({ length: d * units }, () => gauss() / Math.sqrt(d));
  const b1 = new Float64Array(units);
  const w2 = Float64Array.from({ length: units * k }, () => gauss() / Math.sqrt(units));
  const b2 = new Float64Array(k);
  const tensors = [w1, b1, w2, b2];
  const grads = tensors.map((p) => new Float64Array(p.length));
  const m1 = tensors.map((p) => new Float64Array(p.length));
  const m2 = tensors.map((p) => new Float64Array(p.length));
  const [g1, gb1, g2, gb2] = grads as [Float64Array, Float64Array, Float64Array, Float64Array];
  const h = new Float64Array(units);
  const gh = new Float64Array(units);
  const g = new Float64Array(k);
  const order = Array.from({ length: n }, (_, j) => j);
  let step = 0;
  for (let epoch = 0; epoch < params.epochs; epoch++) {
    shuffle(order, random);
    for (let from = 0; from < n; from += params.batch) {
      const to = Math.min(n, from + params.batch);
      for (const a of grads) a.fill(0);
      for (let b = from; b < to; b++) {
        const j = order[b] as number;
        const e = examples[rows[j] as number] as Example;
        const at = j * d;
        h.set(b1);
        for (let i = 0; i < d; i++) {
          const x = xs[at + i] as number;
          const row = i * units;
          for (let u = 0; u < units; u++) h[u] = (h[u] as number) + x * (w1[row + u] as number);
        }
        for (let u = 0; u < units; u++) if ((h[u] as number) < 0) h[u] = 0;
        for (let t = 0; t < k; t++) {
          if ((e.either >> t) & 1) {
            g[t] = 0;
            continue;
          }
          let z = b2[t] as number;
          for (let u = 0; u < units; u++) z += (h[u] as number) * (w2[u * k + t] as number);
          g[t] = (1 / (1 + Math.exp(-z)) - ((e.labels >> t) & 1)) / (to - from);
        }
        for (let u = 0; u < units; u++) {
          let back = 0;
          for (let t = 0; t < k; t++) {
            g2[u * k + t] = (g2[u * k + t] as number) + (h[u] as number) * (g[t] as number);
            back += (g[t] as number) * (w2[u * k + t] as number);
          }
          gh[u] = (h[u] as number) > 0 ? back : 0;
        }
        for (let t = 0; t < k; t++) gb2[t] = (gb2[t] as number) + (g[t] as number);
        for (let i = 0; i < d; i++) {
          const x = xs[at + i] as number;
          const row = i * units;
          for (let u = 0; u < units; u++) g1[row + u] = (g1[row + u] as number) + x * (gh[u] as number);
        }
        for (let u = 0; u < units; u++) gb1[u] = (gb1[u] as number) + (gh[u] as number);
      }
      for (let i = 0; i < w1.length; i++) g1[i] = (g1[i] as number) + params.l2 * (w1[i] as number);
      for (let i = 0; i < w2.length; i++) g2[i] = (g2[i] as number) + params.l2 * (w2[i] as number);
      step++;
      const c1 = 1 - 0.9 ** step;
      const c2 = 1 - 0.999 ** step;
      tensors.forEach((p, q) => {
        const gr = grads[q] as Float64Array;
        const a = m1[q] as Float64Array;
        const v = m2[q] as Float64Array;
        for (let i = 0; i < p.length; i++) {
          const gi = gr[i] as number;
          a[i] = 0.9 * (a[i] as number) + 0.1 * gi;
          v[i] = 0.999 * (v[i] as number) + 0.001 * gi * gi;
          p[i] = (p[i] as number) - (params.rate * ((a[i] as number) / c1)) / (Math.sqrt((v[i] as number) / c2) + 1e-8);
        }
      });
    }
  }
  // The standardisation folded into the units: w * (x - mean) / sd = (w / sd) x - w * mean / sd.
  const round = (v: number): number => Math.round(v * 1e5) / 1e5;
  const hidden = Array.from({ length: units }, (_, u) => {
    const row: number[] = [];
    let bias = b1[u] as number;
    for (let i = 0; i < d; i++) {
      const w = (w1[i * units + u] as number) / (sd[i] as number);
      row.push(round(w));
      bias -= w * (mean[i] as number);
    }
    row.push(round(bias));
    return row;
  });
  const weights = TAG_IDS.map((_, t) => [...Array.from({ length: units }, (_, u) => round(w2[u * k + t] as number)), round(b2[t] as number)]);
  return { hidden, weights };
}

/** The meaning model's scores (log-odds, TAG_IDS order) for one example. */
export const meaningScoreOf = (data: MeaningData, e: Example): Float64Array => meaningScores(data, e.meaning, new Float64Array(TAG_IDS.length));

/**
 * The meaning model's held-out folds: each devset writer alone (the figure that matters is theirs), every other
 * source in one of eight groups by its place. Each turn is still scored by a model that never saw its writer (nor
 * the rest of its group), in 20 fits instead of one per source: a fit takes about 15 s on this machine's cores.
 */
export function meaningFolds(sources: readonly string[]): Map<string, number> {
  const folds = new Map<string, number>();
  const devset = sources.filter((s) => /^d\d+$/.test(s));
  devset.forEach((s, i) => folds.set(s, i));
  sources.filter((s) => !folds.has(s)).forEach((s, j) => folds.set(s, devset.length + (j % 8)));
  return folds;
}

/**
 * The meaning model's held-out scores (see meaningFolds): per fold, fitted on every other fold. In example order;
 * with `only`, just the folds at the places it picks (a process's share, see train.ts).
 */
export function meaningHeldOut(examples: readonly Example[], params: MeaningParams = MEANING_PARAMS, only?: (place: number) => boolean, onFold?: (fold: number) => void): Scored[] {
  const folds = meaningFolds([...new Set(examples.map((e) => e.source))]);
  return heldOutByFold(
    examples,
    folds,
    (rows) => fitMeaning(examples, rows, params),
    (fitted, i) => meaningScoreOf(fitted, examples[i] as Example),
    only,
    onFold,
  );
}

// ---- The third stage (src/model/reply.ts): the customer's reply, fitted on the second pass's held-out scores.

export interface ReplyParams {
  epochs: number;
  /** AdaGrad's step for the features' weights. */
  rate: number;
  /** Plain gradient descent's step for each tag's factor and bias. */
  affineRate: number;
  l2: number;
  /** A feature must be in at least this many training replies to get a weight. */
  minCount: number;
  batch: number;
  seed: number;
}
export const REPLY_PARAMS: ReplyParams = { epochs: 6, rate: 0.05, affineRate: 0.01, l2: 3e-5, minCount: 8, batch: 256, seed: 13 };

/** A fitted third stage: per tag a factor on the second pass's score and a bias; per reply feature six weights. */
export interface ReplyFit {
  factor: number[];
  bias: number[];
  rows: Array<{ hash: number; name: string; weights: number[] }>;
}

/**
 * Fits the third stage on the examples at `rows`, from their second-pass scores `second` (log-odds, TAG_IDS order):
 * a logistic regression per tag whose inputs are the second pass's score (its factor starts at 1) and the reply's
 * features (seen in at least `minCount` of the rows' replies); mini-batches over a seeded shuffle, AdaGrad with L2
 * on the features' weights (decayed every batch, seen or not), plain steps on the factors and biases. Deterministic.
 */
export function fitReply(examples: readonly Example[], second: ReadonlyArray<ArrayLike<number>>, rows: readonly number[], params: ReplyParams = REPLY_PARAMS): ReplyFit {
  const k = TAG_IDS.length;
  const bags = examples.map((e) => (e.afterNo.size === 0 ? e.reply : new Map([...e.reply, ...e.afterNo])));
  const { kept, names, X } = vocabulary(
    rows.map((i) => bags[i] as Map<number, string>),
    bags,
    params.minCount,
  );
  // The agent's words after a no weigh for pushing only (src/model/reply.ts); the reply's for every tag.
  const afterNo = new Set<number>();
  for (const e of examples) for (const h of e.afterNo.keys()) afterNo.add(h);
  const pushing = TAG_IDS.indexOf("pushing");
  const mask = Uint8Array.from(kept, (h) => (afterNo.has(h) ? 1 << pushing : (1 << k) - 1));
  const w = new Float64Array(kept.length * k);
  const g2 = new Float64Array(w.length).fill(1e-8);
  const gw = new Float64Array(w.length);
  const factor = new Float64Array(k).fill(1);
  const bias = new Float64Array(k);
  const gf = new Float64Array(k);
  const gb = new Float64Array(k);
  const order = [...rows];
  const random = seededRandom(params.seed);
  for (let epoch = 0; epoch < params.epochs; epoch++) {
    shuffle(order, random);
    for (let from = 0; from < order.length; from += params.batch) {
      const to = Math.min(order.length, from + params.batch);
      gw.fill(0);
      gf.fill(0);
      gb.fill(0);
      for (let b = from; b < to; b++) {
        const i = order[b] as number;
        const e = examples[i] as Example;
        const x = X[i] as Int32Array;
        const s = second[i] as ArrayLike<number>;
        for (let t = 0; t < k; t++) {
          if ((e.either >> t) & 1) continue;
          let z = (factor[t] as number) * (s[t] as number) + (bias[t] as number);
          for (let q = 0; q < x.length; q++) if (((mask[x[q] as number] as number) >> t) & 1) z += w[(x[q] as number) * k + t] as number;
          const g = (1 / (1 + Math.exp(-z)) - ((e.labels >> t) & 1)) / (to - from);
          for (let q = 0; q < x.length; q++) if (((mask[x[q] as number] as number) >> t) & 1) gw[(x[q] as number) * k + t] = (gw[(x[q] as number) * k + t] as number) + g;
          gf[t] = (gf[t] as number) + g * (s[t] as number);
          gb[t] = (gb[t] as number) + g;
        }
      }
      for (let j = 0; j < w.length; j++) {
        const g = (gw[j] as number) + params.l2 * (w[j] as number);
        g2[j] = (g2[j] as number) + g * g;
        w[j] = (w[j] as number) - (params.rate * g) / Math.sqrt(g2[j] as number);
      }
      for (let t = 0; t < k; t++) {
        factor[t] = (factor[t] as number) - params.affineRate * (gf[t] as number);
        bias[t] = (bias[t] as number) - params.affineRate * (gb[t] as number);
      }
    }
  }
  const round4 = (v: number): number => Math.round(v * 1e4) / 1e4;
  return {
    factor: [...factor].map(round4),
    bias: [...bias].map(round4),
    rows: kept.map((hash, r) => ({ hash, name: names.get(hash) ?? "", weights: [...w.subarray(r * k, (r + 1) * k)] })),
  };
}

/** The third stage's scores (log-odds per tag) of example `e` with second-pass scores `s`, as the scorer computes them. */
export function replyScoreOf(fitted: ReplyFit, byHash: ReadonlyMap<number, readonly number[]>, e: Example, s: ArrayLike<number>): Float64Array {
  const z = Float64Array.from(TAG_IDS, (_, t) => (fitted.factor[t] as number) * (s[t] as number) + (fitted.bias[t] as number));
  for (const bag of [e.reply, e.afterNo]) {
    for (const h of bag.keys()) {
      const w = byHash.get(h);
      if (w !== undefined) for (let t = 0; t < z.length; t++) z[t] = (z[t] as number) + (w[t] as number);
    }
  }
  return z;
}

/** A fitted third stage's weights as the package ships them: thousandths, features whose weights all round to 0 left out. */
export function shippedReplyRows(fitted: ReplyFit, scale = 1000): Array<{ hash: number; weights: number[] }> {
  return fitted.rows
    .map((r) => ({ hash: r.hash, weights: r.weights.map((v) => Math.round(v * scale)) }))
    .filter((r) => r.weights.some((v) => v !== 0))
    .sort((a, b) => (a.hash >>> 0) - (b.hash >>> 0));
}

/** Scores as the shipped third stage gives them: its weights in thousandths. */
export function replyScorer(fitted: ReplyFit, scale = 1000): (e: Example, s: ArrayLike<number>) => Float64Array {
  const byHash = new Map(shippedReplyRows(fitted, scale).map((r) => [r.hash, r.weights.map((v) => v / scale)]));
  return (e, s) => replyScoreOf(fitted, byHash, e, s);
}

/** Leave-one-writer-out for the third stage: for each source, fitted on every other source's second-pass scores. */
export function replyLeaveOneWriterOut(examples: readonly Example[], second: ReadonlyArray<ArrayLike<number>>, params: ReplyParams = REPLY_PARAMS): Scored[] {
  const places = new Map([...new Set(examples.map((e) => e.source))].map((source, place) => [source, place]));
  return heldOutByFold(
    examples,
    places,
    (rows) => replyScorer(fitReply(examples, second, rows, params)),
    (score, i) => score(examples[i] as Example, second[i] as ArrayLike<number>),
  );
}
