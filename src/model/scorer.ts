/**
 * The learned scorer: one logistic regression per tag over the features of ./features.ts, its weights shipped as
 * data (./weights.ts, written by `npm run train`). It is a second opinion beside the built-in rules, with two
 * thresholds per tag chosen on leave-one-writer-out scores: where no rule of a tag fired on a turn and the score
 * reaches `find`, it adds a finding `<tag>/learned` that quotes the sentence that weighed most and names the
 * evidence (the features that weighed most); where a built-in rule fired but the score is below `keep`, the rest of
 * the turn speaks against it and the rule's finding is dropped. User rules are never dropped.
 */
import type { Finding, TagId } from "../schema.js";
import { TAG_IDS } from "../schema.js";
import type { Span } from "../text/index.js";
import { describeFeature, learnedKind } from "./explain.js";
import { fnv, type Tokens } from "../text/tokens.js";
import { turnFeatures, type CustomerWords, type FeatureSink, type TurnContext } from "./features.js";
import { CallHistory, SEQUENCE_INPUTS, sequenceInputs, sequenceScores, strongestCallInput, type SequenceData } from "./sequence.js";
import { MODEL } from "./weights.js";

/** The shipped model, as `npm run train` writes it. */
export interface ModelData {
  /** The tags, in the order of each feature's weights. */
  tags: readonly TagId[];
  /** Per tag, the score (log-odds, after the second pass) at or above which the model finds the tag where no rule did. */
  find: readonly number[];
  /** Per tag, the score (after the second pass) below which a built-in rule's finding of the tag is dropped. */
  keep: readonly number[];
  /** The second pass (./sequence.ts): the turn's scores read with the call around it. Absent: the first pass decides. */
  sequence?: SequenceData;
  /** Weights are stored as integers; divide by this. */
  scale: number;
  /** How many features `weights` holds. */
  count: number;
  /**
   * Base64 of one 16-byte record per feature, in hash order: its hash (int32, little-endian), then one weight per tag
   * (int16, little-endian, zero-padded to six). Names are not shipped: the evidence of a finding names its features
   * by computing the turn's features again with their names (training writes the strongest per tag to
   * docs/model.json). Packed so that the bundle parses fast: importing the package stays cheap.
   */
  weights: string;
}

/** Bytes per feature record in ModelData.weights. */
export const RECORD_BYTES = 16;

/** Packs (hash, weights) rows as ModelData.weights. */
export function packWeights(rows: ReadonlyArray<{ hash: number; weights: readonly number[] }>): string {
  const bytes = new Uint8Array(rows.length * RECORD_BYTES);
  const view = new DataView(bytes.buffer);
  rows.forEach((r, i) => {
    view.setInt32(i * RECORD_BYTES, r.hash | 0, true);
    r.weights.forEach((w, t) => view.setInt16(i * RECORD_BYTES + 4 + 2 * t, Math.max(-32768, Math.min(32767, Math.round(w))), true));
  });
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Unpacks ModelData.weights into a DataView over its records. */
export function unpackWeights(packed: string): DataView {
  const binary = atob(packed);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return new DataView(bytes.buffer);
}

/**
 * The model in memory, small enough to stay in the CPU's cache beside the rules: an open-addressing table of 16-byte
 * slots, each a feature's hash and its weights as 16-bit integers (the file's own thousandths), read-only once
 * loaded; which features a turn has already counted is kept apart, in a small set of its own.
 */
interface Loaded {
  tags: readonly TagId[];
  /** Position of each TAG_IDS tag in the model's weights, -1 when the model lacks it. */
  tagIndex: Int32Array;
  /** Thresholds, log-odds. */
  find: Float64Array;
  keep: Float64Array;
  scale: number;
  sequence: SequenceData | undefined;
  /** Slot s: hash at hashes[s * 4], weight t at weights[s * 8 + 2 + t] (the same buffer). */
  hashes: Int32Array;
  weights: Int16Array;
  mask: number;
  /**
   * One bit per value of a hash's low BLOOM_BITS bits, set for every feature in the model: a feature whose bit is
   * clear is not in the model, and a third of a turn's features are not, so most of those never touch the table.
   */
  bloom: Int32Array;
  features: number;
}

const BLOOM_BITS = 19;
const BLOOM_MASK = (1 << BLOOM_BITS) - 1;

/** A slot's hash when it is empty. A feature whose hash happens to be this is left out of the model. */
const EMPTY = 0x7fffffff;
const MAX_TAGS = 6;

let loaded: Loaded | undefined;

const slotOf = (hash: number, mask: number): number => (Math.imul(hash, 0x9e3779b1) >>> 0) & mask;

function load(data: ModelData): Loaded {
  const records = unpackWeights(data.weights);
  const k = data.tags.length;
  if (k > MAX_TAGS) throw new Error(`the model has ${k} tags; slots hold ${MAX_TAGS}`);
  if (records.byteLength !== data.count * RECORD_BYTES) throw new Error(`the model's weights hold ${records.byteLength / RECORD_BYTES} features, not ${data.count}`);
  let size = 16;
  while (size < data.count * 2) size *= 2;
  const buffer = new ArrayBuffer(size * 16);
  const hashes = new Int32Array(buffer);
  const weights = new Int16Array(buffer);
  const mask = size - 1;
  for (let slot = 0; slot < size; slot++) hashes[slot * 4] = EMPTY;
  const bloom = new Int32Array(1 << (BLOOM_BITS - 5));
  let features = 0;
  for (let r = 0; r < data.count; r++) {
    const hash = records.getInt32(r * RECORD_BYTES, true);
    if (hash === EMPTY) continue;
    let at = slotOf(hash, mask);
    while (hashes[at * 4] !== EMPTY) at = (at + 1) & mask;
    hashes[at * 4] = hash;
    for (let t = 0; t < k; t++) weights[at * 8 + 2 + t] = records.getInt16(r * RECORD_BYTES + 4 + 2 * t, true);
    const bit = hash & BLOOM_MASK;
    bloom[bit >>> 5] = (bloom[bit >>> 5] ?? 0) | (1 << (bit & 31));
    features++;
  }
  const tagIndex = new Int32Array(TAG_IDS.length).fill(-1);
  data.tags.forEach((tag, t) => {
    tagIndex[TAG_IDS.indexOf(tag)] = t;
  });
  if (data.sequence !== undefined && (data.sequence.weights.length !== k || data.sequence.weights.some((w) => w.length !== SEQUENCE_INPUTS + 1))) {
    throw new Error(`the model's second pass needs ${k} rows of ${SEQUENCE_INPUTS + 1} weights`);
  }
  const byTag = (list: readonly number[]): Float64Array => Float64Array.from(TAG_IDS, (_, i) => list[tagIndex[i] ?? -1] ?? Infinity);
  return { tags: data.tags, tagIndex, find: byTag(data.find), keep: byTag(data.keep), scale: data.scale, sequence: data.sequence, hashes, weights, mask, bloom, features };
}

/**
 * Adds up each tag's score (in the weights' integer units) over the distinct features of a turn, and remembers each
 * counted feature's slot and the sentence it was first seen in (for the quote and the evidence of a finding), in
 * reused typed arrays.
 */
class ScoringSink implements FeatureSink {
  readonly wantNames = false;
  readonly scores = new Int32Array(MAX_TAGS);
  /** The slots counted this turn, in insertion order, and the sentence each was first seen in. */
  seen = 0;
  seenSlots = new Int32Array(256);
  seenSentences = new Int32Array(256);
  /**
   * The same slots as a small open-addressing set, so that a feature that comes twice counts once: it stays in the
   * fastest cache, where a stamp per slot of the model would touch memory all over a megabyte. Entries of older
   * turns are told apart by their generation.
   */
  private setKeys = new Int32Array(512);
  private setGens = new Uint32Array(512);
  private gen = 0;

  constructor(private readonly m: Loaded) {}

  reset(): void {
    this.scores.fill(0);
    this.seen = 0;
    this.gen++;
    if (this.gen === 0xffffffff) {
      this.setGens.fill(0);
      this.gen = 1;
    }
  }

  /** Adds the slot to this turn's set; false when it was there already. */
  private first(slot: number): boolean {
    const keys = this.setKeys;
    const gens = this.setGens;
    const mask = keys.length - 1;
    let at = (Math.imul(slot, 0x9e3779b1) >>> 0) & mask;
    while (gens[at] === this.gen) {
      if (keys[at] === slot) return false;
      at = (at + 1) & mask;
    }
    keys[at] = slot;
    gens[at] = this.gen;
    return true;
  }

  /** Doubles the set (a long turn), keeping this turn's slots. */
  private grow(): void {
    const size = this.setKeys.length * 2;
    this.setKeys = new Int32Array(size);
    this.setGens = new Uint32Array(size);
    this.gen = 1;
    for (let j = 0; j < this.seen; j++) this.first(this.seenSlots[j] ?? 0);
  }

  add(hash: number, sentence: number): void {
    const m = this.m;
    const bit = hash & BLOOM_MASK;
    if (((m.bloom[bit >>> 5] ?? 0) & (1 << (bit & 31))) === 0 || hash === EMPTY) return;
    const hashes = m.hashes;
    const mask = m.mask;
    let at = slotOf(hash, mask);
    for (let h = hashes[at * 4] ?? EMPTY; h !== EMPTY; h = hashes[at * 4] ?? EMPTY) {
      if (h === hash) {
        if (!this.first(at)) return;
        const w = m.weights;
        const scores = this.scores;
        const base = at * 8 + 2;
        scores[0] = (scores[0] ?? 0) + (w[base] ?? 0);
        scores[1] = (scores[1] ?? 0) + (w[base + 1] ?? 0);
        scores[2] = (scores[2] ?? 0) + (w[base + 2] ?? 0);
        scores[3] = (scores[3] ?? 0) + (w[base + 3] ?? 0);
        scores[4] = (scores[4] ?? 0) + (w[base + 4] ?? 0);
        scores[5] = (scores[5] ?? 0) + (w[base + 5] ?? 0);
        if (this.seen === this.seenSlots.length) {
          const slots = new Int32Array(this.seen * 2);
          slots.set(this.seenSlots);
          this.seenSlots = slots;
          const sentences = new Int32Array(this.seen * 2);
          sentences.set(this.seenSentences);
          this.seenSentences = sentences;
        }
        this.seenSlots[this.seen] = at;
        this.seenSentences[this.seen] = sentence;
        this.seen++;
        if (this.seen * 2 > this.setKeys.length) this.grow();
        return;
      }
      at = (at + 1) & mask;
    }
  }
}

function model(): Loaded {
  loaded ??= load(MODEL);
  return loaded;
}

let sink: ScoringSink | undefined;

/** What the learned scorer needs to know about one agent turn. */
export interface LearnedInput {
  /** The turn's text, as the report shows it. */
  text: string;
  sentences: readonly Span[];
  /** The turn's words (gathered on the rules' cue walk, competitor names read as "<rival>"). */
  words: Tokens;
  context: TurnContext;
  /** The customer's latest turn before this one. */
  customer: CustomerWords | undefined;
  /** Tags the learned scorer may review (a bit per tag, by its place in TAG_IDS). */
  enabled: number;
  /** The agent's earlier turns in the call; this turn is added to it. */
  history: CallHistory;
}

const MAX_QUOTE = 200;

function scoreTurn(input: Pick<LearnedInput, "text" | "sentences" | "words" | "context" | "customer">): { m: Loaded; s: ScoringSink } {
  const m = model();
  sink ??= new ScoringSink(m);
  sink.reset();
  turnFeatures(input.text, input.sentences, input.words, input.context, input.customer, sink);
  return { m, s: sink };
}

const firstPass = new Float64Array(TAG_IDS.length);
const inputs = new Float64Array(SEQUENCE_INPUTS);
const secondPass = new Float64Array(TAG_IDS.length);

/** The first pass's scores (log-odds, TAG_IDS order) of a scored turn. */
function firstScores(m: Loaded, s: ScoringSink): Float64Array {
  for (let i = 0; i < TAG_IDS.length; i++) {
    const t = m.tagIndex[i] ?? -1;
    firstPass[i] = t < 0 ? 0 : (s.scores[t] ?? 0) / m.scale;
  }
  return firstPass;
}

/** Scores a turn through both passes and adds it to the call's history; `z` is the second pass's log-odds (TAG_IDS order). */
function scoreBoth(input: Pick<LearnedInput, "text" | "sentences" | "words" | "context" | "customer" | "history">): { m: Loaded; s: ScoringSink; z: Float64Array } {
  const { m, s } = scoreTurn(input);
  const first = firstScores(m, s);
  const z = sequenceScores(m.sequence, sequenceInputs(first, input.context, input.history, inputs), first, secondPass);
  input.history.see(first);
  return { m, s, z };
}

/** Each tag's score (log-odds, TAG_IDS order) for a turn after both passes, adding the turn to `history`; for tests and tools. */
export function learnedScores(input: Pick<LearnedInput, "text" | "sentences" | "words" | "context" | "customer" | "history">): number[] {
  return [...scoreBoth(input).z];
}

/**
 * The rules' findings on one agent turn, reviewed: a built-in rule's finding is dropped when its tag scores below
 * `keep`, and a learned finding is added for each enabled tag no finding holds whose score reaches `find`.
 * `findings` must come from the turn's context.rules; `builtIn` tells a built-in rule id from a user's.
 */
export function reviewFindings(findings: Finding[], input: LearnedInput, builtIn: (rule: string) => boolean, suggestionFor: (tag: TagId) => string | undefined): Finding[] {
  const { m, s, z } = scoreBoth(input);
  // A turn with no words has nothing to quote and nothing of its own to judge.
  if (input.sentences.length === 0) return findings;
  const below = (i: number, limit: Float64Array): boolean => (m.tagIndex[i] ?? -1) >= 0 && (z[i] ?? 0) < (limit[i] ?? -Infinity);
  // The tags whose built-in findings go, decided first, then one pass over the findings: a huge turn can hold
  // thousands of them, and filtering once per dropped finding would cost their square.
  let dropped = 0;
  for (const f of findings) {
    const i = TAG_IDS.indexOf(f.tag);
    if ((dropped & (1 << i)) === 0 && (input.enabled & (1 << i)) !== 0 && builtIn(f.rule) && below(i, m.keep)) dropped |= 1 << i;
  }
  const kept = dropped === 0 ? findings : findings.filter((g) => (dropped & (1 << TAG_IDS.indexOf(g.tag))) === 0 || !builtIn(g.rule));
  let found = 0;
  for (const f of kept) found |= 1 << TAG_IDS.indexOf(f.tag);
  let add = 0;
  for (let i = 0; i < TAG_IDS.length; i++) {
    const bit = 1 << i;
    const t = m.tagIndex[i] ?? -1;
    if ((found & bit) === 0 && (input.enabled & bit) !== 0 && t >= 0 && !below(i, m.find)) add |= bit;
  }
  if (add === 0) return kept;
  const out = kept === findings ? [...findings] : kept;
  const picked: Array<{ tag: TagId; where: Evidence }> = [];
  for (let i = 0; i < TAG_IDS.length; i++) {
    if ((add & (1 << i)) !== 0) picked.push({ tag: TAG_IDS[i] as TagId, where: evidenceOf(m, s, m.tagIndex[i] ?? 0, input, strongestCallInput(m.sequence, inputs, i)) });
  }
  // One pass for the names of every finding's evidence.
  const names = featureNames(input, picked.flatMap((p) => p.where.hashes));
  for (const { tag, where } of picked) out.push(finding(tag, where, names, input, suggestionFor));
  return out;
}

const BIAS_HASH = fnv("bias");

/**
 * The names of the given features of a turn: the turn's features computed again with their names (only for a
 * finding), keeping just the few asked for, so a huge turn holds no map of every word.
 */
function featureNames(input: LearnedInput, wanted: readonly number[]): Map<number, string> {
  const names = new Map<number, string>();
  turnFeatures(input.text, input.sentences, input.words, input.context, input.customer, {
    wantNames: true,
    add(hash, _sentence, name) {
      if (name !== undefined && wanted.includes(hash) && !names.has(hash)) names.set(hash, name);
    },
  });
  return names;
}

/**
 * Where a learned finding stands: the sentence that weighed most for its tag, its strongest features' hashes, and
 * what the call around the turn added, when that was a reason of its own (the second pass).
 */
interface Evidence {
  span: Span;
  hashes: number[];
  call: string | undefined;
}

/** The sentence whose own features weigh most for tag t (the first on a tie), and the three strongest features. */
function evidenceOf(m: Loaded, s: ScoringSink, t: number, input: LearnedInput, call: string | undefined): Evidence {
  const hashOf = (slot: number): number => m.hashes[slot * 4] ?? 0;
  const bySentence = new Float64Array(Math.max(1, input.sentences.length));
  const top = [-1, -1, -1];
  const topWeight = [0, 0, 0];
  for (let j = 0; j < s.seen; j++) {
    const slot = s.seenSlots[j] ?? 0;
    const weight = m.weights[slot * 8 + 2 + t] ?? 0;
    const sentence = s.seenSentences[j] ?? -1;
    if (sentence >= 0) bySentence[sentence] = (bySentence[sentence] ?? 0) + weight;
    if (weight <= 0 || hashOf(slot) === BIAS_HASH) continue;
    // Insert into the top three: by weight, then by hash, so the order never depends on the table's layout.
    for (let r = 0; r < 3; r++) {
      const other = top[r] ?? -1;
      const w = topWeight[r] ?? 0;
      if (other < 0 || weight > w || (weight === w && hashOf(slot) >>> 0 < hashOf(other) >>> 0)) {
        top.splice(r, 0, slot);
        topWeight.splice(r, 0, weight);
        top.length = 3;
        topWeight.length = 3;
        break;
      }
    }
  }
  let best = 0;
  for (let j = 1; j < input.sentences.length; j++) if ((bySentence[j] ?? 0) > (bySentence[best] ?? 0)) best = j;
  return { span: input.sentences[best] ?? { start: 0, end: input.text.length, text: input.text }, hashes: top.filter((slot) => slot >= 0).map(hashOf), call };
}

function finding(tag: TagId, { span, hashes, call }: Evidence, byHash: ReadonlyMap<number, string>, input: LearnedInput, suggestionFor: (tag: TagId) => string | undefined): Finding {
  const end = Math.min(span.end, span.start + MAX_QUOTE);
  const names = hashes.map((h) => byHash.get(h) ?? "");
  const kind = learnedKind(tag, names);
  const f: Finding = {
    tag,
    rule: `${tag}/learned`,
    message: kind.message,
    quote: input.text.slice(span.start, end),
    start: span.start,
    end,
    evidence: call === undefined ? names.map(describeFeature) : [...names.slice(0, 2).map(describeFeature), call],
  };
  const suggestion = kind.suggestion ?? suggestionFor(tag);
  if (suggestion !== undefined) f.suggestion = suggestion;
  return f;
}

/** The shipped model's tags, thresholds and size, for tools and tests. */
export function modelInfo(): { tags: readonly TagId[]; find: readonly number[]; keep: readonly number[]; features: number } {
  const m = model();
  return { tags: m.tags, find: [...m.find], keep: [...m.keep], features: m.features };
}

/** Replaces the model (tests and the trainer's leave-one-writer-out runs); `undefined` goes back to the shipped one. */
export function useModel(data: ModelData | undefined): void {
  loaded = data === undefined ? undefined : load(data);
  sink = undefined;
}
