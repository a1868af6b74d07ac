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
import { turnFeatures, type FeatureSink, type TurnContext } from "./features.js";
import { MODEL } from "./weights.js";

/** The shipped model, as `npm run train` writes it. */
export interface ModelData {
  /** The tags, in the order of each feature's weights. */
  tags: readonly TagId[];
  /** Per tag, the score (log-odds) at or above which the model finds the tag where no rule did. */
  find: readonly number[];
  /** Per tag, the score below which a built-in rule's finding of the tag is dropped. */
  keep: readonly number[];
  /** Weights are stored as integers; divide by this. */
  scale: number;
  /** One line per feature: hash (base 36), name, then one weight per tag, separated by tabs. */
  features: string;
}

/**
 * The model in memory: an open-addressing table whose slots hold, side by side, a feature's hash, the turn that last
 * counted it, and its weights, so that looking up a feature and adding its weights touches one cache line.
 */
interface Loaded {
  tags: readonly TagId[];
  /** Position of each TAG_IDS tag in the model's weights, -1 when the model lacks it. */
  tagIndex: Int32Array;
  find: Float64Array;
  keep: Float64Array;
  /** Per slot: hash, stamp (-1 = empty), then one weight per tag; as integers and as floats over one buffer. */
  ints: Int32Array;
  floats: Float32Array;
  stride: number;
  mask: number;
  /** Feature names by slot, for evidence. */
  names: string[];
  features: number;
}

let loaded: Loaded | undefined;

const slotOf = (hash: number, mask: number): number => (Math.imul(hash, 0x9e3779b1) >>> 0) & mask;

function load(data: ModelData): Loaded {
  const lines = data.features === "" ? [] : data.features.split("\n");
  const k = data.tags.length;
  const stride = 2 + k;
  let size = 16;
  while (size < lines.length * 2) size *= 2;
  const buffer = new ArrayBuffer(size * stride * 4);
  const ints = new Int32Array(buffer);
  const floats = new Float32Array(buffer);
  const mask = size - 1;
  for (let slot = 0; slot < size; slot++) ints[slot * stride + 1] = -1;
  const names: string[] = [];
  for (const line of lines) {
    const parts = line.split("\t");
    const hash = parseInt(parts[0] ?? "0", 36) | 0;
    let at = slotOf(hash, mask);
    while (ints[at * stride + 1] !== -1) at = (at + 1) & mask;
    ints[at * stride] = hash;
    ints[at * stride + 1] = 0;
    for (let t = 0; t < k; t++) floats[at * stride + 2 + t] = Number(parts[2 + t] ?? 0) / data.scale;
    names[at] = parts[1] ?? "";
  }
  const tagIndex = new Int32Array(TAG_IDS.length).fill(-1);
  data.tags.forEach((tag, t) => {
    tagIndex[TAG_IDS.indexOf(tag)] = t;
  });
  return { tags: data.tags, tagIndex, find: Float64Array.from(data.find), keep: Float64Array.from(data.keep), ints, floats, stride, mask, names, features: lines.length };
}

function model(): Loaded {
  loaded ??= load(MODEL);
  return loaded;
}

/**
 * Adds up each tag's score over the distinct features of a turn. With `recording` on (only for a turn that gets a
 * finding), it also remembers each feature's slot and the sentence it was first seen in, for the quote and evidence.
 */
class ScoringSink implements FeatureSink {
  readonly wantNames = false;
  readonly scores: Float64Array;
  turn = 0;
  recording = false;
  seenSlots: number[] = [];
  seenSentences: number[] = [];

  constructor(private readonly m: Loaded) {
    this.scores = new Float64Array(m.tags.length);
  }

  reset(recording: boolean): void {
    this.scores.fill(0);
    this.recording = recording;
    this.seenSlots.length = 0;
    this.seenSentences.length = 0;
    this.turn++;
    if (this.turn === 0x7fffffff) {
      const { ints, stride } = this.m;
      for (let at = 1; at < ints.length; at += stride) if (ints[at] !== -1) ints[at] = 0;
      this.turn = 1;
    }
  }

  add(hash: number, sentence: number): void {
    const { ints, floats, stride, mask } = this.m;
    let at = slotOf(hash, mask) * stride;
    for (let stamp = ints[at + 1] ?? -1; stamp !== -1; stamp = ints[at + 1] ?? -1) {
      if (ints[at] === hash) {
        if (stamp === this.turn) return;
        ints[at + 1] = this.turn;
        const scores = this.scores;
        for (let t = 0; t < scores.length; t++) scores[t] = (scores[t] ?? 0) + (floats[at + 2 + t] ?? 0);
        if (this.recording) {
          this.seenSlots.push(at / stride);
          this.seenSentences.push(sentence);
        }
        return;
      }
      at += stride;
      if (at >= ints.length) at = 0;
    }
  }
}

let sink: ScoringSink | undefined;

/** What the learned scorer needs to know about one agent turn. */
export interface LearnedInput {
  /** The turn's text, as the report shows it. */
  text: string;
  /** The same text with competitor names masked (same length). */
  masked: string;
  sentences: readonly Span[];
  context: TurnContext;
  /** The customer's latest turn before this one, competitor names masked. */
  customer: string | undefined;
  /** Tags the learned scorer may review (a bit per tag, by its place in TAG_IDS). */
  enabled: number;
}

const MAX_QUOTE = 200;
const EVIDENCE = 3;

function scoreTurn(input: Pick<LearnedInput, "masked" | "sentences" | "context" | "customer">, recording = false): { m: Loaded; s: ScoringSink } {
  const m = model();
  sink ??= new ScoringSink(m);
  sink.reset(recording);
  turnFeatures(input.masked, input.sentences, input.context, input.customer, sink);
  return { m, s: sink };
}

/** Each tag's score (log-odds) for a turn, in TAG_IDS order; for tests and tools. */
export function learnedScores(input: Pick<LearnedInput, "masked" | "sentences" | "context" | "customer">): number[] {
  const { m, s } = scoreTurn(input);
  return TAG_IDS.map((_, i) => {
    const t = m.tagIndex[i] ?? -1;
    return t < 0 ? 0 : (s.scores[t] ?? 0);
  });
}

/**
 * The rules' findings on one agent turn, reviewed: a built-in rule's finding is dropped when its tag scores below
 * `keep`, and a learned finding is added for each enabled tag no finding holds whose score reaches `find`.
 * `findings` must come from the turn's context.rules; `builtIn` tells a built-in rule id from a user's.
 */
export function reviewFindings(findings: Finding[], input: LearnedInput, builtIn: (rule: string) => boolean, suggestionFor: (tag: TagId) => string | undefined): Finding[] {
  // A turn with no words has nothing to quote and nothing of its own to judge.
  if (input.sentences.length === 0) return findings;
  const { m, s } = scoreTurn(input);
  const below = (i: number, limit: Float64Array): boolean => {
    const t = m.tagIndex[i] ?? -1;
    return t >= 0 && (s.scores[t] ?? 0) < (limit[t] ?? -Infinity);
  };
  let kept = findings;
  for (const f of findings) {
    const i = TAG_IDS.indexOf(f.tag);
    if ((input.enabled & (1 << i)) !== 0 && builtIn(f.rule) && below(i, m.keep)) {
      kept = kept.filter((g) => !(g.tag === f.tag && builtIn(g.rule)));
    }
  }
  let found = 0;
  for (const f of kept) found |= 1 << TAG_IDS.indexOf(f.tag);
  let add = 0;
  for (let i = 0; i < TAG_IDS.length; i++) {
    const bit = 1 << i;
    const t = m.tagIndex[i] ?? -1;
    if ((found & bit) === 0 && (input.enabled & bit) !== 0 && t >= 0 && !below(i, m.find)) add |= bit;
  }
  if (add === 0) return kept;
  // A second pass over the turn, remembering where each feature was, for the quotes and the evidence.
  scoreTurn(input, true);
  const out = kept === findings ? [...findings] : kept;
  for (let i = 0; i < TAG_IDS.length; i++) if ((add & (1 << i)) !== 0) out.push(finding(m, s, m.tagIndex[i] ?? 0, TAG_IDS[i] as TagId, input, suggestionFor));
  return out;
}

function finding(m: Loaded, s: ScoringSink, t: number, tag: TagId, input: LearnedInput, suggestionFor: (tag: TagId) => string | undefined): Finding {
  // The sentence whose own features weigh most for the tag; the first on a tie.
  const bySentence = new Float64Array(Math.max(1, input.sentences.length));
  const evidence: Array<{ slot: number; weight: number }> = [];
  for (let j = 0; j < s.seenSlots.length; j++) {
    const slot = s.seenSlots[j] ?? 0;
    const weight = m.floats[slot * m.stride + 2 + t] ?? 0;
    const sentence = s.seenSentences[j] ?? -1;
    if (sentence >= 0) bySentence[sentence] = (bySentence[sentence] ?? 0) + weight;
    if (weight > 0 && (m.names[slot] ?? "") !== "bias") evidence.push({ slot, weight });
  }
  let best = 0;
  for (let j = 1; j < input.sentences.length; j++) if ((bySentence[j] ?? 0) > (bySentence[best] ?? 0)) best = j;
  const span = input.sentences[best] ?? { start: 0, end: input.text.length, text: input.text };
  const end = Math.min(span.end, span.start + MAX_QUOTE);
  evidence.sort((a, b) => b.weight - a.weight || ((m.names[a.slot] ?? "") < (m.names[b.slot] ?? "") ? -1 : 1));
  const names = evidence.slice(0, EVIDENCE).map((e) => m.names[e.slot] ?? "");
  const kind = learnedKind(tag, names);
  const f: Finding = {
    tag,
    rule: `${tag}/learned`,
    message: kind.message,
    quote: input.text.slice(span.start, end),
    start: span.start,
    end,
    evidence: names.map(describeFeature),
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
