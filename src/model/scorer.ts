/**
 * The learned scorer: one logistic regression per tag over the features of ./features.ts, its weights shipped as
 * data (./weights.ts and ./weights.bin, written by `npm run train`). It is a second opinion beside the built-in rules, with two
 * thresholds per tag chosen on leave-one-writer-out scores: where no rule of a tag fired on a turn and the score
 * reaches `find`, it adds a finding `<tag>/learned` that quotes the sentence that weighed most and names the
 * evidence (the features that weighed most); where a built-in rule fired but the score is below `keep`, the rest of
 * the turn speaks against it and the rule's finding is dropped. User rules are never dropped.
 */
import type { Finding, TagId } from "../schema.js";
import { TAG_IDS } from "../schema.js";
import type { Span } from "../text/index.js";
import { describeFeature, learnedKind, plainFeature } from "./explain.js";
import { plainWords } from "../text/plain.js";
import { fnv, type Tokens } from "../text/tokens.js";
import { endsWithQuestionMark, turnFeatures, type CustomerWords, type FeatureSink, type TurnContext } from "./features.js";
import { CallHistory, SEQUENCE_INPUTS, sequenceInputs, sequenceScores, strongestCallInput, type SequenceData, type TurnShape } from "./sequence.js";
import { MeaningScorer, meaningWidth, type MeaningData } from "./meaning.js";
import { dataFilePath, readDataFile } from "./data-file.js";
import { ReplyScorer, type ReplyData } from "./reply.js";
import { MODEL_HEAD } from "./weights.js";

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
  /** The meaning model (./meaning.ts), read by the second pass; its tags in TAG_IDS order. Absent: it reads zeros. */
  meaning?: MeaningData;
  /** The third stage (./reply.ts): the customer's reply. Absent: the second pass decides. */
  reply?: ReplyData;
  /** Weights are stored as integers; divide by this. */
  scale: number;
  /** How many features `weights` holds. */
  count: number;
  /**
   * One 28-byte record per feature, in hash order: its hash (int32, little-endian), then two weights per tag (int16,
   * little-endian, each set zero-padded to six): first the turn part (the feature counts once per turn), then the
   * sentence part (it counts once per sentence it is in, and each tag takes its best sentence; a feature of the whole
   * turn counts it once). Names are not shipped: the evidence of a finding names its features by computing the turn's
   * features again with their names (training writes the strongest per tag to docs/model.json). The shipped model's
   * records are a file of their own (weights.bin, see shippedModelData), so importing the package does not parse them.
   */
  weights: Uint8Array;
  /** The third stage's records (reply.count of them), in the same layout with six weights (the rest zero). */
  replyWeights?: Uint8Array;
}

/** The shipped model without its records: ./weights.ts. */
export type ModelHead = Omit<ModelData, "weights" | "replyWeights">;

/** Bytes per feature record in ModelData.weights. */
export const RECORD_BYTES = 28;
/** Weights per tag set in a record (and in a slot): the turn part, then the sentence part at WEIGHTS_PER_PART. */
const WEIGHTS_PER_PART = 6;

/** Packs (hash, weights) rows as ModelData.weights: weights[t] the turn part, weights[6 + t] the sentence part. */
export function packWeights(rows: ReadonlyArray<{ hash: number; weights: readonly number[] }>): Uint8Array {
  const bytes = new Uint8Array(rows.length * RECORD_BYTES);
  const view = new DataView(bytes.buffer);
  rows.forEach((r, i) => {
    view.setInt32(i * RECORD_BYTES, r.hash | 0, true);
    r.weights.forEach((w, t) => view.setInt16(i * RECORD_BYTES + 4 + 2 * t, Math.max(-32768, Math.min(32767, Math.round(w))), true));
  });
  return bytes;
}

/** A DataView over ModelData.weights' records. */
export const unpackWeights = (records: Uint8Array): DataView => new DataView(records.buffer, records.byteOffset, records.byteLength);

/** The first bytes of weights.bin; then the feature count (int32, little-endian), the records, and the third stage's records. */
const WEIGHTS_MAGIC = "SSW1";

/** The shipped model's weights file for a model (what `npm run train` writes to src/model/weights.bin). */
export function weightsFile(data: ModelData): Uint8Array {
  const reply = data.replyWeights ?? new Uint8Array(0);
  const out = new Uint8Array(8 + data.weights.length + reply.length);
  for (let i = 0; i < 4; i++) out[i] = WEIGHTS_MAGIC.charCodeAt(i);
  new DataView(out.buffer).setInt32(4, data.count, true);
  out.set(data.weights, 8);
  out.set(reply, 8 + data.weights.length);
  return out;
}

/** Reads a weights file (see weightsFile) for the model `head`; throws an error that says which file and what is wrong. */
export function readWeights(path: string, head: ModelHead): ModelData {
  const bytes = readDataFile(path, "model weights");
  if (bytes.length < 8 || bytes.toString("latin1", 0, 4) !== WEIGHTS_MAGIC) throw new Error(`${path}: not a weights file of sameside's; reinstall sameside`);
  const count = bytes.readInt32LE(4);
  const replyCount = head.reply?.count ?? 0;
  const size = 8 + (head.count + replyCount) * RECORD_BYTES;
  if (count !== head.count || bytes.length !== size) {
    throw new Error(`${path}: ${bytes.length} bytes of ${count} features where this version of sameside needs ${head.count} features and ${replyCount} reply features (${size} bytes); reinstall sameside`);
  }
  const end = 8 + count * RECORD_BYTES;
  const data: ModelData = { ...head, weights: bytes.subarray(8, end) };
  if (head.reply !== undefined) data.replyWeights = bytes.subarray(end);
  return data;
}

/** The shipped model: ./weights.ts and the records in weights.bin beside this module (read from disk on each call; the scorer keeps the first). */
export const shippedModelData = (): ModelData => readWeights(dataFilePath("weights.bin"), MODEL_HEAD);

/**
 * The model in memory: an open-addressing table of 32-byte slots, each a feature's hash and its two sets of weights
 * as 16-bit integers (the file's own thousandths), read-only once loaded; which features a turn (and a sentence) has
 * already counted is kept apart, in small sets of their own.
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
  meaning: MeaningData | undefined;
  reply: ReplyScorer | undefined;
  /** Slot s: hash at hashes[s * 8], turn weight t at weights[s * 16 + 2 + t], sentence weight t at weights[s * 16 + 8 + t] (the same buffer). */
  hashes: Int32Array;
  weights: Int16Array;
  mask: number;
  /**
   * One bit per value of a hash's low BLOOM_BITS bits, set for every feature in the model: a feature whose bit is
   * clear is not in the model, and a third of a turn's features are not, so most of those never touch the table.
   */
  bloom: Int32Array;
  features: number;
  /** Plain words, which a finding's evidence does not name alone (read with the weights, so no file is read mid-call). */
  plain: ReadonlySet<string>;
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
  // At least half a slot free per feature (the table is at most two thirds full; 70,385 features fill 54% of 131,072
  // slots, 4 MB): a lookup that finds its feature probes 1-2 slots, and one that does not is mostly stopped by the bloom
  // filter first. Twice the slots (8 MB per thread) measured slower, not faster: fewer of them stay in cache.
  let size = 16;
  while (size < data.count * 1.5) size *= 2;
  const buffer = new ArrayBuffer(size * 32);
  const hashes = new Int32Array(buffer);
  const weights = new Int16Array(buffer);
  const mask = size - 1;
  for (let slot = 0; slot < size; slot++) hashes[slot * 8] = EMPTY;
  const bloom = new Int32Array(1 << (BLOOM_BITS - 5));
  let features = 0;
  for (let r = 0; r < data.count; r++) {
    const hash = records.getInt32(r * RECORD_BYTES, true);
    if (hash === EMPTY) continue;
    let at = slotOf(hash, mask);
    while (hashes[at * 8] !== EMPTY) at = (at + 1) & mask;
    hashes[at * 8] = hash;
    for (let t = 0; t < k; t++) {
      weights[at * 16 + 2 + t] = records.getInt16(r * RECORD_BYTES + 4 + 2 * t, true);
      weights[at * 16 + 2 + WEIGHTS_PER_PART + t] = records.getInt16(r * RECORD_BYTES + 4 + 2 * (WEIGHTS_PER_PART + t), true);
    }
    const bit = hash & BLOOM_MASK;
    bloom[bit >>> 5] = (bloom[bit >>> 5] ?? 0) | (1 << (bit & 31));
    features++;
  }
  const tagIndex = new Int32Array(TAG_IDS.length).fill(-1);
  data.tags.forEach((tag, t) => {
    tagIndex[TAG_IDS.indexOf(tag)] = t;
  });
  if (data.sequence !== undefined) {
    const units = data.sequence.hidden?.length ?? 0;
    if (data.sequence.weights.length !== k || data.sequence.weights.some((w) => w.length !== SEQUENCE_INPUTS + 1 + units)) {
      throw new Error(`the model's second pass needs ${k} rows of ${SEQUENCE_INPUTS + 1 + units} weights (${SEQUENCE_INPUTS} inputs, a bias, ${units} hidden units)`);
    }
    if (data.sequence.hidden?.some((w) => w.length !== SEQUENCE_INPUTS + 1) === true) throw new Error(`each hidden unit of the model's second pass needs ${SEQUENCE_INPUTS + 1} weights`);
  }
  const meaning = data.meaning;
  if (meaning !== undefined) {
    const width = meaningWidth() + 1;
    if (meaning.hidden.some((w) => w.length !== width)) throw new Error(`each unit of the model's meaning model needs ${width} weights`);
    if (meaning.weights.length !== TAG_IDS.length || meaning.weights.some((w) => w.length !== meaning.hidden.length + 1)) {
      throw new Error(`the model's meaning model needs ${TAG_IDS.length} rows of ${meaning.hidden.length + 1} weights`);
    }
  }
  let reply: ReplyScorer | undefined;
  if (data.reply !== undefined) {
    const records = data.replyWeights ?? new Uint8Array(0);
    if (records.byteLength !== data.reply.count * RECORD_BYTES) throw new Error(`the model's reply weights hold ${records.byteLength / RECORD_BYTES} features, not ${data.reply.count}`);
    if (k !== TAG_IDS.length) throw new Error(`the model's third stage needs all ${TAG_IDS.length} tags`);
    reply = new ReplyScorer(data.reply, unpackWeights(records), RECORD_BYTES);
  }
  const byTag = (list: readonly number[]): Float64Array => Float64Array.from(TAG_IDS, (_, i) => list[tagIndex[i] ?? -1] ?? Infinity);
  return { tags: data.tags, tagIndex, find: byTag(data.find), keep: byTag(data.keep), scale: data.scale, sequence: data.sequence, meaning, reply, hashes, weights, mask, bloom, features, plain: plainWords() };
}

/**
 * A set of table slots that forgets everything at once (a new generation), kept small so that it stays in the
 * fastest cache, where a stamp per slot of the model would touch memory all over a few megabytes.
 */
class SlotSet {
  private keys = new Int32Array(512);
  private gens = new Uint32Array(512);
  private gen = 1;
  size = 0;

  clear(): void {
    this.size = 0;
    this.gen++;
    if (this.gen === 0xffffffff) {
      this.gens.fill(0);
      this.gen = 1;
    }
  }

  /** Adds the slot; false when it was there already. */
  add(slot: number): boolean {
    const keys = this.keys;
    const gens = this.gens;
    const mask = keys.length - 1;
    let at = (Math.imul(slot, 0x9e3779b1) >>> 0) & mask;
    while (gens[at] === this.gen) {
      if (keys[at] === slot) return false;
      at = (at + 1) & mask;
    }
    keys[at] = slot;
    gens[at] = this.gen;
    this.size++;
    if (this.size * 2 > keys.length) this.grow();
    return true;
  }

  /** Doubles the set (a long turn), keeping its slots. */
  private grow(): void {
    const oldKeys = this.keys;
    const oldGens = this.gens;
    const live = this.gen;
    this.keys = new Int32Array(oldKeys.length * 2);
    this.gens = new Uint32Array(oldKeys.length * 2);
    this.gen = 1;
    this.size = 0;
    for (let j = 0; j < oldKeys.length; j++) if (oldGens[j] === live) this.add(oldKeys[j] ?? 0);
  }
}

/** Adds one set of a slot's weights (six, from `at`) to `into`. */
function addWeights(into: Int32Array, w: Int16Array, at: number): void {
  into[0] = (into[0] ?? 0) + (w[at] ?? 0);
  into[1] = (into[1] ?? 0) + (w[at + 1] ?? 0);
  into[2] = (into[2] ?? 0) + (w[at + 2] ?? 0);
  into[3] = (into[3] ?? 0) + (w[at + 3] ?? 0);
  into[4] = (into[4] ?? 0) + (w[at + 4] ?? 0);
  into[5] = (into[5] ?? 0) + (w[at + 5] ?? 0);
}

/**
 * Adds up each tag's score (in the weights' integer units) over a turn's features: the turn part of each distinct
 * feature, the sentence part of the whole turn's features, and per tag the best sentence's sentence part (features
 * arrive sentence by sentence, then the whole turn's). Remembers each counted feature's slot and the sentence it was
 * first seen in, and each tag's best sentence (for the quote and the evidence of a finding), in reused typed arrays.
 */
class ScoringSink implements FeatureSink {
  readonly wantNames = false;
  readonly scores = new Int32Array(MAX_TAGS);
  /** Per tag, the best sentence's score so far, and which sentence it is (-1: none yet). */
  readonly best = new Int32Array(MAX_TAGS);
  readonly bestSentence = new Int32Array(MAX_TAGS);
  /** The sentence being read, and its score so far. */
  private current = -2;
  private sentenceCounted = false;
  private readonly sentence = new Int32Array(MAX_TAGS);
  /** The slots counted this turn, in insertion order, and the sentence each was first seen in. */
  seen = 0;
  seenSlots = new Int32Array(256);
  seenSentences = new Int32Array(256);
  private readonly inTurn = new SlotSet();
  private readonly inSentence = new SlotSet();

  constructor(private readonly m: Loaded) {}

  reset(): void {
    this.scores.fill(0);
    this.bestSentence.fill(-1);
    this.current = -2;
    this.sentenceCounted = false;
    this.seen = 0;
    this.inTurn.clear();
    this.inSentence.clear();
  }

  /** The sentence being read is over: it competes for each tag's best. */
  private closeSentence(): void {
    if (!this.sentenceCounted) return;
    for (let t = 0; t < MAX_TAGS; t++) {
      const v = this.sentence[t] ?? 0;
      if ((this.bestSentence[t] ?? -1) < 0 || v > (this.best[t] ?? 0)) {
        this.best[t] = v;
        this.bestSentence[t] = this.current;
      }
    }
    this.sentenceCounted = false;
  }

  /** The turn's scores: the turn part, the whole turn's sentence part and each tag's best sentence. */
  finish(): Int32Array {
    this.closeSentence();
    this.current = -2;
    for (let t = 0; t < MAX_TAGS; t++) if ((this.bestSentence[t] ?? -1) >= 0) this.scores[t] = (this.scores[t] ?? 0) + (this.best[t] ?? 0);
    return this.scores;
  }

  add(hash: number, sentence: number): void {
    const m = this.m;
    const bit = hash & BLOOM_MASK;
    if (((m.bloom[bit >>> 5] ?? 0) & (1 << (bit & 31))) === 0 || hash === EMPTY) return;
    const hashes = m.hashes;
    const mask = m.mask;
    let at = slotOf(hash, mask);
    for (let h = hashes[at * 8] ?? EMPTY; h !== EMPTY; h = hashes[at * 8] ?? EMPTY) {
      if (h === hash) {
        this.count(at, sentence);
        return;
      }
      at = (at + 1) & mask;
    }
  }

  private count(at: number, sentence: number): void {
    const w = this.m.weights;
    const base = at * 16 + 2;
    if (sentence !== this.current) {
      this.closeSentence();
      this.current = sentence;
      this.inSentence.clear();
      this.sentence.fill(0);
    }
    // The sentence part: once per sentence, into the sentence's score (the whole turn's features: into the turn's).
    if (this.inSentence.add(at)) {
      addWeights(sentence < 0 ? this.scores : this.sentence, w, base + WEIGHTS_PER_PART);
      if (sentence >= 0) this.sentenceCounted = true;
    }
    // The turn part: once per turn.
    if (!this.inTurn.add(at)) return;
    addWeights(this.scores, w, base);
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
  }
}

function model(): Loaded {
  loaded ??= load(shippedModelData());
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
  /** The customer's turn right after this one (./reply.ts); undefined when there is none (yet). */
  reply: string | undefined;
}

const MAX_QUOTE = 200;

function scoreTurn(input: Pick<LearnedInput, "text" | "sentences" | "words" | "context" | "customer">): { m: Loaded; s: ScoringSink } {
  const m = model();
  sink ??= new ScoringSink(m);
  sink.reset();
  turnFeatures(input.text, input.sentences, input.words, input.context, input.customer, sink);
  sink.finish();
  return { m, s: sink };
}

const firstPass = new Float64Array(TAG_IDS.length);
const inputs = new Float64Array(SEQUENCE_INPUTS);
const secondPass = new Float64Array(TAG_IDS.length);
const shape: TurnShape = { ruleTags: 0, words: 0, question: false };
const meaningOut = new Float64Array(TAG_IDS.length);
let meaningScorer: { of: MeaningData; scorer: MeaningScorer } | undefined;

/** The first pass's scores (log-odds, TAG_IDS order) of a scored turn. */
function firstScores(m: Loaded, s: ScoringSink): Float64Array {
  for (let i = 0; i < TAG_IDS.length; i++) {
    const t = m.tagIndex[i] ?? -1;
    firstPass[i] = t < 0 ? 0 : (s.scores[t] ?? 0) / m.scale;
  }
  return firstPass;
}

type ScoredInput = Pick<LearnedInput, "text" | "sentences" | "words" | "context" | "customer" | "history" | "reply">;
/** The turn's text when the customer said no or stated a decision earlier in the call: the third stage reads it. */
const afterNo = (input: Pick<LearnedInput, "text" | "context">): string | undefined => (input.context.refusals > 0 ? input.text : undefined);
const replyPass = new Float64Array(TAG_IDS.length);

/**
 * Scores a turn through every stage and adds it to the call's history; `z` is the final log-odds (TAG_IDS order):
 * the first pass, the second (with the meaning model), then the customer's reply.
 */
function scoreBoth(input: ScoredInput): { m: Loaded; s: ScoringSink; z: Float64Array } {
  const { m, s } = scoreTurn(input);
  const first = firstScores(m, s);
  let meaning: Float64Array = meaningOut.fill(0);
  if (m.meaning !== undefined) {
    if (meaningScorer?.of !== m.meaning) meaningScorer = { of: m.meaning, scorer: new MeaningScorer(m.meaning) };
    meaning = meaningScorer.scorer.scores(input.words, input.customer, meaningOut);
  }
  let ruleTags = 0;
  for (const f of input.context.rules) ruleTags |= 1 << TAG_IDS.indexOf(f.tag);
  shape.ruleTags = ruleTags;
  shape.words = input.words.n;
  shape.question = endsWithQuestionMark(input.text);
  const second = sequenceScores(m.sequence, sequenceInputs(first, meaning, input.context, input.history, inputs, shape), first, secondPass);
  input.history.see(first);
  const z = m.reply === undefined ? second : m.reply.scores(second, input.reply, afterNo(input), replyPass);
  return { m, s, z };
}

/** Each tag's score (log-odds, TAG_IDS order) for a turn after every stage, adding the turn to `history`; for tests and tools. */
export function learnedScores(input: ScoredInput): number[] {
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
    if ((add & (1 << i)) !== 0) {
      const reasons: string[] = [];
      const call = strongestCallInput(m.sequence, inputs, i);
      if (call !== undefined) reasons.push(call);
      // The reply, or the words said after the customer's no, are a reason when the tag would not be found without them.
      const third = m.reply?.strongest(input.reply, afterNo(input), i, (z[i] ?? 0) - (m.find[i] ?? 0));
      const quoted = (words: readonly string[]): string => words.map((w) => `"${w}"`).join(", ");
      if (third !== undefined && third.afterNo.length > 0) reasons.push(`said after the customer's no: ${quoted(third.afterNo)}`);
      if (third !== undefined && third.reply.length > 0) reasons.push(`the customer's reply: ${quoted(third.reply)}`);
      picked.push({ tag: TAG_IDS[i] as TagId, where: evidenceOf(m, s, m.tagIndex[i] ?? 0, input, reasons) });
    }
  }
  // One pass for the names of every finding's evidence.
  const names = featureNames(input, picked.flatMap((p) => p.where.hashes));
  for (const { tag, where } of picked) out.push(finding(m, tag, where, names, input, suggestionFor));
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
  /** Reasons beyond the turn's own words: the call around it, the customer's reply. */
  call: string[];
}

/** A quoted sentence of fewer words than this takes in a neighbour: "Odd." or a sign-off alone shows a reader nothing. */
const MIN_QUOTE_WORDS = 3;

/**
 * The span a finding quotes: sentence `best`, and when it has fewer than MIN_QUOTE_WORDS words, the neighbouring
 * sentence whose features weigh more for the tag with it ("Sharks." after the sentence that says why).
 */
function quoteSpan(input: LearnedInput, best: number, bySentence: Float64Array): { span: Span; neighbour: number } {
  const sentence = input.sentences[best];
  if (sentence === undefined) return { span: { start: 0, end: input.text.length, text: input.text }, neighbour: -1 };
  let words = 0;
  for (let k = 0; k < input.words.n; k++) if (input.words.sentence[k] === best) words++;
  const before = input.sentences[best - 1];
  const after = input.sentences[best + 1];
  if (words >= MIN_QUOTE_WORDS || (before === undefined && after === undefined)) return { span: sentence, neighbour: -1 };
  const neighbour = before === undefined || (after !== undefined && (bySentence[best + 1] ?? 0) > (bySentence[best - 1] ?? 0)) ? best + 1 : best - 1;
  const other = input.sentences[neighbour] ?? sentence;
  const start = Math.min(sentence.start, other.start);
  const end = Math.max(sentence.end, other.end);
  return { span: { start, end, text: input.text.slice(start, end) }, neighbour };
}

/** Features a finding's evidence is chosen from, strongest first: three are named, plain words alone passed over. */
const EVIDENCE_CANDIDATES = 12;

/**
 * The sentence that scored best for tag t (in the sentence part; without one, the sentence whose features weigh most,
 * the first on a tie; see quoteSpan for a very short one), and the strongest features of the turn for t (both parts;
 * EVIDENCE_CANDIDATES of them): first those said in the quoted words or read from the whole turn (a rule, the call state, the customer's words), so that the
 * words a finding names are in the words it quotes; then the strongest from the rest of the turn.
 */
function evidenceOf(m: Loaded, s: ScoringSink, t: number, input: LearnedInput, call: string[]): Evidence {
  const hashOf = (slot: number): number => m.hashes[slot * 8] ?? 0;
  const weightOf = (slot: number): number => (m.weights[slot * 16 + 2 + t] ?? 0) + (m.weights[slot * 16 + 2 + WEIGHTS_PER_PART + t] ?? 0);
  const bySentence = new Float64Array(Math.max(1, input.sentences.length));
  for (let j = 0; j < s.seen; j++) {
    const sentence = s.seenSentences[j] ?? -1;
    if (sentence >= 0) bySentence[sentence] = (bySentence[sentence] ?? 0) + weightOf(s.seenSlots[j] ?? 0);
  }
  let best = s.bestSentence[t] ?? -1;
  if (best < 0) {
    best = 0;
    for (let j = 1; j < input.sentences.length; j++) if ((bySentence[j] ?? 0) > (bySentence[best] ?? 0)) best = j;
  }
  const { span, neighbour } = quoteSpan(input, best, bySentence);
  const candidates: Array<{ hash: number; weight: number; inQuote: boolean }> = [];
  for (let j = 0; j < s.seen; j++) {
    const slot = s.seenSlots[j] ?? 0;
    const weight = weightOf(slot);
    const hash = hashOf(slot);
    const sentence = s.seenSentences[j] ?? -1;
    if (weight > 0 && hash !== BIAS_HASH) candidates.push({ hash, weight, inQuote: sentence === best || sentence === neighbour || sentence < 0 });
  }
  // Those in the quote first; then by weight, then by hash, so the order never depends on the table's layout.
  candidates.sort((a, b) => Number(b.inQuote) - Number(a.inQuote) || b.weight - a.weight || (a.hash >>> 0) - (b.hash >>> 0));
  return { span, hashes: candidates.slice(0, EVIDENCE_CANDIDATES).map((c) => c.hash), call };
}

function finding(m: Loaded, tag: TagId, { span, hashes, call }: Evidence, byHash: ReadonlyMap<number, string>, input: LearnedInput, suggestionFor: (tag: TagId) => string | undefined): Finding {
  const end = Math.min(span.end, span.start + MAX_QUOTE);
  const all = hashes.map((h) => byHash.get(h) ?? "");
  // The three strongest that are not a plain word alone; the strongest feature when every one is.
  const named = all.filter((n) => !plainFeature(n, m.plain)).slice(0, 3);
  const names = named.length > 0 ? named : all.slice(0, 1);
  const quote = input.text.slice(span.start, end);
  const kind = learnedKind(tag, names, quote);
  const f: Finding = {
    tag,
    rule: `${tag}/learned`,
    message: kind.message,
    quote,
    start: span.start,
    end,
    evidence: call.length === 0 ? names.map(describeFeature) : [...names.slice(0, 2).map(describeFeature), ...call],
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
