/**
 * The scorer's second pass: a turn's six scores read together with the call around it. The first pass scores each
 * tag from the turn's own words; this one lets the tags and the call speak to each other through a few dozen
 * weights per tag: running down the rival the customer just said they are leaving for is pushing as well as
 * bashing; pressing again right after a turn that pressed is pushing; an apology that follows the agent's own
 * admission is read in its light. Its inputs, for each tag j:
 *
 * - the turn's own score for j (log-odds, /4);
 * - the probability of j alone and under each call state: after a refusal, right after one, after two or more, a
 *   rival in play, the customer upset;
 * - the probability of j on the previous agent turn, and its highest on any earlier agent turn;
 * - the meaning model's score for j;
 *
 * and once per turn whether the rules found each tag, its length and whether it ends in a question (PER_TURN).
 *
 * The inputs meet in a few hidden units (see SequenceData). Only earlier turns are read, so a call pushed turn by
 * turn (live) gets the same tags as the whole call. Weights as data (ModelData.sequence, written by `npm run train`
 * from leave-one-writer-out scores, so that it learns how the first pass behaves on writers it has not seen); without
 * them a tag's score is its first-pass score.
 */
import type { TurnContext } from "./features.js";

const TAGS = 6;
/** The call states each tag's probability is read under, as input names: see inputNames(). */
const STATES = ["", "after a refusal", "right after a refusal", "after two or more refusals", "a competitor in play", "the customer upset"] as const;
const IN_STATE: ReadonlyArray<(c: TurnContext) => boolean> = [
  () => true,
  (c) => c.refusals >= 1,
  (c) => c.justRefused,
  (c) => c.refusals >= 2,
  (c) => c.rival,
  (c) => c.upset,
];
/**
 * Inputs per tag j: its score, its probability under each state, on the previous agent turn, at its highest before,
 * and the meaning model's score (./meaning.ts).
 */
const PER_TAG = 1 + STATES.length + 2 + 1;
/**
 * Then, once per turn: whether the rules found each tag in it, its length (log of its words, /4) and whether it ends
 * in a question. A score near a threshold means one thing in a short question and another in a long statement, and
 * a rule's finding says what the words alone do not (leave-one-writer-out, docs/MODEL.md).
 */
const PER_TURN = TAGS + 2;
export const SEQUENCE_INPUTS = TAGS * PER_TAG + PER_TURN;
/** Where the turn's length is among the inputs (after the per-tag block and the rules' tags). */
const LENGTH_INPUT = TAGS * PER_TAG + TAGS;

/** What the second pass reads of the turn itself beyond its scores: see PER_TURN. */
export interface TurnShape {
  /** The tags the rules found in the turn, a bit per tag (TAG_IDS order). */
  ruleTags: number;
  /** Its words (as the scorer's tokens count them). */
  words: number;
  /** It ends in a question mark. */
  question: boolean;
}

/**
 * The second pass as shipped: a small network with a linear skip. Per tag, one weight per input (in inputNames()
 * order), a bias, then one weight per hidden unit; each hidden unit is tanh of its own weights on the inputs plus
 * its bias (last). The hidden units let the inputs meet: what a tag's score means can depend on the call state and
 * on the other tags together, which one weight per input cannot say. The linear part alone is a logistic regression.
 */
export interface SequenceData {
  inputs: readonly string[];
  weights: ReadonlyArray<readonly number[]>;
  /** The hidden units' weights, each one per input and a bias last; absent or empty, the second pass is linear. */
  hidden?: ReadonlyArray<readonly number[]>;
}

/** The inputs' names, in order, for a model whose tags are `tags`. */
export function inputNames(tags: readonly string[]): string[] {
  const out: string[] = [];
  for (const tag of tags) {
    out.push(`score:${tag}`);
    for (const s of STATES) out.push(s === "" ? `p:${tag}` : `p:${tag} | ${s}`);
    out.push(`previous agent turn p:${tag}`, `earlier agent turns max p:${tag}`, `meaning:${tag}`);
  }
  for (const tag of tags) out.push(`rule:${tag}`);
  out.push("turn length", "question");
  return out;
}

const sigmoid = (z: number): number => 1 / (1 + Math.exp(-z));

/** The agent's earlier turns in a call, as the second pass reads them: probabilities per tag, last and highest. */
export class CallHistory {
  readonly last = new Float64Array(TAGS);
  readonly max = new Float64Array(TAGS);

  /** Records an agent turn's first-pass scores (log-odds per tag). */
  see(scores: ArrayLike<number>): void {
    for (let t = 0; t < TAGS; t++) {
      const p = sigmoid(scores[t] ?? 0);
      this.last[t] = p;
      if (p > (this.max[t] ?? 0)) this.max[t] = p;
    }
  }

  copy(): CallHistory {
    const h = new CallHistory();
    h.last.set(this.last);
    h.max.set(this.max);
    return h;
  }

  restore(from: CallHistory): void {
    this.last.set(from.last);
    this.max.set(from.max);
  }
}

/**
 * Fills `out` (SEQUENCE_INPUTS long) with a turn's second-pass inputs; `meaning` is the meaning model's scores
 * (log-odds), `shape` what the rules found in the turn, its length and whether it asks.
 */
export function sequenceInputs(scores: ArrayLike<number>, meaning: ArrayLike<number>, context: TurnContext, history: CallHistory, out: Float64Array, shape: TurnShape): Float64Array {
  let at = 0;
  for (let t = 0; t < TAGS; t++) {
    const z = scores[t] ?? 0;
    const p = sigmoid(z);
    out[at++] = z / 4;
    for (const inState of IN_STATE) out[at++] = inState(context) ? p : 0;
    out[at++] = history.last[t] ?? 0;
    out[at++] = history.max[t] ?? 0;
    out[at++] = (meaning[t] ?? 0) / 4;
  }
  for (let t = 0; t < TAGS; t++) out[at++] = (shape.ruleTags >> t) & 1;
  out[at++] = Math.log1p(shape.words) / 4;
  out[at++] = shape.question ? 1 : 0;
  return out;
}

/** Hidden units' weighted sums (before tanh) of the inputs; `out` holds at least as many as there are units. */
function hiddenSums(hidden: ReadonlyArray<readonly number[]>, inputs: Float64Array, out: Float64Array): void {
  for (let u = 0; u < hidden.length; u++) {
    const w = hidden[u] as readonly number[];
    let a = w[SEQUENCE_INPUTS] ?? 0;
    for (let i = 0; i < SEQUENCE_INPUTS; i++) {
      const x = inputs[i] ?? 0;
      if (x !== 0) a += (w[i] ?? 0) * x;
    }
    out[u] = a;
  }
}

/** The hidden units' values, reused from turn to turn. */
let values = new Float64Array(32);

/** The second pass's score (log-odds) for each tag, from its inputs; the first-pass scores when there is none. */
export function sequenceScores(data: SequenceData | undefined, inputs: Float64Array, scores: ArrayLike<number>, out: Float64Array): Float64Array {
  const hidden = data?.hidden ?? [];
  if (values.length < hidden.length) values = new Float64Array(hidden.length);
  hiddenSums(hidden, inputs, values);
  for (let u = 0; u < hidden.length; u++) values[u] = Math.tanh(values[u] ?? 0);
  for (let t = 0; t < TAGS; t++) {
    const w = data?.weights[t];
    if (w === undefined) {
      out[t] = scores[t] ?? 0;
      continue;
    }
    let z = w[SEQUENCE_INPUTS] ?? 0;
    for (let i = 0; i < SEQUENCE_INPUTS; i++) z += (w[i] ?? 0) * (inputs[i] ?? 0);
    for (let u = 0; u < hidden.length; u++) z += (w[SEQUENCE_INPUTS + 1 + u] ?? 0) * (values[u] ?? 0);
    out[t] = z;
  }
  return out;
}

/**
 * What the call around the turn, or the meaning model, added to tag t's score, when it is a reason of its own: the
 * input (beyond the turn's own score and probability) whose absence would lower the score most, if by at least
 * `least` log-odds (half a point can tip a turn that sits near its threshold). For a finding's evidence.
 */
export function strongestCallInput(data: SequenceData | undefined, inputs: Float64Array, t: number, least = 0.5): string | undefined {
  const w = data?.weights[t];
  if (w === undefined) return undefined;
  const hidden = data?.hidden ?? [];
  const sums = new Float64Array(hidden.length);
  hiddenSums(hidden, inputs, sums);
  const units = sums.map(Math.tanh);
  let best = -1;
  let most = least;
  for (let i = 0; i < SEQUENCE_INPUTS; i++) {
    if (i === t * PER_TAG || i === t * PER_TAG + 1) continue;
    // Only what is there can be a reason: a negative input is another tag's score saying that tag is unlikely. The
    // turn's length weighs, but is no reason a reader can act on ("the turn's length" told a QA lead nothing).
    const x = inputs[i] ?? 0;
    if (x <= 0 || i === LENGTH_INPUT) continue;
    // The score with the input against the score without it: its own weight, and what it moves in each hidden unit.
    let v = (w[i] ?? 0) * x;
    for (let u = 0; u < hidden.length; u++) {
      v += (w[SEQUENCE_INPUTS + 1 + u] ?? 0) * ((units[u] ?? 0) - Math.tanh((sums[u] ?? 0) - (hidden[u]?.[i] ?? 0) * x));
    }
    if (v >= most) {
      most = v;
      best = i;
    }
  }
  const name = best < 0 ? undefined : data?.inputs[best];
  return name === undefined ? undefined : describeInput(name);
}

/** An input's name in plain words: `previous agent turn p:pushing` is "pushing in the agent's previous turn". */
export function describeInput(name: string): string {
  const tag = (s: string): string => s.replace(/^(?:score|p):/, "").replace(/-/g, " ");
  if (name.startsWith("previous agent turn ")) return `${tag(name.slice(20))} in the agent's previous turn`;
  if (name.startsWith("earlier agent turns max ")) return `${tag(name.slice(24))} earlier in the call`;
  if (name.startsWith("meaning:")) return `its words read as ${tag(name.slice(8))} by what they mean (word vectors)`;
  if (name.startsWith("rule:")) return `a rule found ${tag(name.slice(5))} in it`;
  if (name === "turn length") return "the turn's length";
  if (name === "question") return "it ends in a question";
  const bar = name.indexOf(" | ");
  if (bar >= 0) return `reads as ${tag(name.slice(0, bar))}, ${name.slice(bar + 3)}`;
  return `reads as ${tag(name)} too`;
}
