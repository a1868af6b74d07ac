/**
 * The scorer's third stage: the customer's reply. What the customer says right after an agent turn tells what that
 * turn did to them: they answer a threat, a jab at a rival or a brush-off in words of their own ("are you serious",
 * "I already said no", "that's not my problem, that's yours"), whoever wrote the call. Measured leave-one-writer-out,
 * the words of the reply lift pushing and defensiveness on writers the model has not seen (docs/MODEL.md).
 *
 * The stage also reads the agent's own words once the customer has said no (or stated a decision) earlier in the
 * call: pushing is pressure after a no, so the same words ("a better time", "just this once") weigh for pushing after
 * one and not before. These features weigh for pushing only; read without the refusal they lose more than they win
 * (leave-one-writer-out, docs/MODEL.md).
 *
 * The stage is linear: a tag's score is the second pass's score times a factor, plus a bias, plus a weight per
 * feature of the reply (its words, pairs of words, and its first and last word as such) and of the agent's words
 * after a no (the same, named "(after a no) ..."). An agent turn with no
 * customer turn right after it (the end of the call so far, or the agent speaking again) has no reply features, and
 * training reads such turns the same way. So a live call's agent turn is scored again when the customer answers, and
 * a call's last agent turn scores as it would in the middle of a call the customer has not answered yet.
 */
import { plainWords } from "../text/plain.js";
import { HashTable, mix, tokenize, Tokens, wordName } from "../text/tokens.js";

const TAGS = 6;
/** Reply words read at most: a customer's monologue tells no more about the turn before it than its start does. */
export const REPLY_WORDS = 60;

/** The third stage as shipped. */
export interface ReplyData {
  /** Per tag (TAG_IDS order): the second pass's score times this... */
  factor: readonly number[];
  /** ...plus this... */
  bias: readonly number[];
  /** ...plus, per reply feature the model has, its weight (the records' int16s divided by `scale`). */
  scale: number;
  /** How many features the records hold (they follow the first pass's in weights.bin). */
  count: number;
}

/** Seeds that keep each kind of feature here apart from the other and from every other feature hash. */
interface Kind {
  word: number;
  pair: number;
  /** Put before each feature's name. */
  prefix: string;
}
/** The customer's reply. */
export const REPLY: Kind = { word: 0x52504c31 /* "RPL1" */, pair: 0x52504c32, prefix: "" };
/** The agent's turn after the customer said no or stated a decision earlier in the call. */
export const AFTER_NO: Kind = { word: 0x414e4f31 /* "ANO1" */, pair: 0x414e4f32, prefix: "(after a no) " };
const EDGE = 0x45444745;

const words = new Tokens();

/**
 * The reply's features as hashes (each once), in `out`; with `names`, each feature's name beside it (training and
 * evidence): `no`, `said no`, `(start) i` (its first word), `no (end)` (its last). With `kind` AFTER_NO, the same
 * features of an agent turn said after a no, apart from the reply's and named `(after a no) better time`.
 */
export function replyFeatures(text: string, out: Set<number>, names?: Map<number, string>, kind: Kind = REPLY): Set<number> {
  out.clear();
  words.clear();
  tokenize(text, 0, text.length, 0, words, REPLY_WORDS);
  const n = words.n;
  const name = (k: number): string => wordName(text, words.start[k] ?? 0, words.end[k] ?? 0, words.hash[k] ?? 0);
  const add = (h: number, label: () => string): void => {
    if (out.has(h)) return;
    out.add(h);
    names?.set(h, kind.prefix + label());
  };
  for (let k = 0; k < n; k++) {
    const w = words.hash[k] ?? 0;
    add(mix(kind.word, w), () => name(k));
    const before = k === 0 ? EDGE : (words.hash[k - 1] ?? 0);
    add(mix(mix(kind.pair, before), w), () => (k === 0 ? `(start) ${name(k)}` : `${name(k - 1)} ${name(k)}`));
  }
  if (n > 0) add(mix(mix(kind.pair, words.hash[n - 1] ?? 0), EDGE), () => `${name(n - 1)} (end)`);
  return out;
}

/**
 * The text's feature hashes of `kind` into `out` (grown as needed), duplicates included; returns how many. What
 * replyFeatures gives, without names or a set: the scorer's path, run on every answered agent turn and every agent
 * turn after a no.
 */
function replyHashes(text: string, out: { hashes: Int32Array }, kind: Kind): number {
  words.clear();
  tokenize(text, 0, text.length, 0, words, REPLY_WORDS);
  const n = words.n;
  if (out.hashes.length < 2 * n + 1) out.hashes = new Int32Array(2 * n + 64);
  const h = out.hashes;
  let at = 0;
  for (let k = 0; k < n; k++) {
    const w = words.hash[k] ?? 0;
    h[at++] = mix(kind.word, w);
    h[at++] = mix(mix(kind.pair, k === 0 ? EDGE : (words.hash[k - 1] ?? 0)), w);
  }
  if (n > 0) h[at++] = mix(mix(kind.pair, words.hash[n - 1] ?? 0), EDGE);
  return at;
}

/**
 * The name of feature i of the `n` replyHashes just wrote for `text` (read from the words it left in `words`), as
 * replyFeatures names it, without the kind's prefix: feature 2k is word k, 2k + 1 the pair ending at word k, the last
 * the last word as such.
 */
function featureName(text: string, i: number, n: number): string {
  const name = (k: number): string => wordName(text, words.start[k] ?? 0, words.end[k] ?? 0, words.hash[k] ?? 0);
  if (i === n - 1 && n % 2 === 1) return `${name(words.n - 1)} (end)`;
  const k = i >> 1;
  if ((i & 1) === 0) return name(k);
  return k === 0 ? `(start) ${name(k)}` : `${name(k - 1)} ${name(k)}`;
}

/**
 * Whether a feature's name is one plain word ("a", "(start) and", "have (end)"): it weighs like any other, but a
 * finding does not name it as a reason, since it tells a reader nothing. Pairs are kept ("have to", "that's how").
 */
function plainAlone(name: string, plain: ReadonlySet<string>): boolean {
  const word = name.replace(/^\(start\) /, "").replace(/ \(end\)$/, "");
  return !word.includes(" ") && plain.has(word);
}

/** The third stage in memory: each feature's record (+ 1) by hash, and the records' six weights each. */
export class ReplyScorer {
  private readonly rows: HashTable;
  private readonly weights: Int16Array;
  private readonly scratch = { hashes: new Int32Array(128) };
  /** Per record, the stamp of the last text whose features visited it (see eachRecord). */
  private readonly seen: Uint32Array;
  private stamp = 0;
  /** Loaded with the weights, so that naming evidence reads no file mid-call (src/text/plain.ts). */
  private readonly plain = plainWords();

  /** `records`: `count` records of RECORD_BYTES, each a hash (int32) then six int16 weights (see packWeights). */
  constructor(
    readonly data: ReplyData,
    records: DataView,
    recordBytes: number,
  ) {
    this.weights = new Int16Array(data.count * TAGS);
    this.seen = new Uint32Array(data.count);
    for (let r = 0; r < data.count; r++) {
      for (let t = 0; t < TAGS; t++) this.weights[r * TAGS + t] = records.getInt16(r * recordBytes + 4 + 2 * t, true);
    }
    // Row r + 1, so that 0 is "none".
    this.rows = new HashTable({
      size: data.count,
      *[Symbol.iterator](): IterableIterator<[number, number]> {
        for (let r = 0; r < data.count; r++) yield [records.getInt32(r * recordBytes, true), r + 1];
      },
    });
  }

  /** A new stamp for `seen`, wrapping around (and clearing) after 2^32 - 1 texts. */
  private nextStamp(): number {
    this.stamp = (this.stamp + 1) >>> 0;
    if (this.stamp === 0) {
      this.seen.fill(0);
      this.stamp = 1;
    }
    return this.stamp;
  }

  /** The record of a feature's hash, or -1. */
  private row(hash: number): number {
    return this.rows.get(hash) - 1;
  }

  /**
   * The scores (log-odds) after this stage, from the second pass's `z`: `reply` is the customer's reply (undefined:
   * none), `afterNo` the agent's turn when the customer said no earlier in the call (undefined: they have not).
   */
  scores(z: ArrayLike<number>, reply: string | undefined, afterNo: string | undefined, out: Float64Array): Float64Array {
    const { factor, bias } = this.data;
    for (let t = 0; t < TAGS; t++) out[t] = (factor[t] ?? 1) * (z[t] ?? 0) + (bias[t] ?? 0);
    if (reply !== undefined && reply !== "") this.add(reply, REPLY, out);
    if (afterNo !== undefined && afterNo !== "") this.add(afterNo, AFTER_NO, out);
    return out;
  }

  /** Adds the weights of the text's features of `kind` to `out`. */
  private add(text: string, kind: Kind, out: Float64Array): void {
    const scale = this.data.scale;
    this.eachRecord(text, kind, (r) => {
      for (let t = 0; t < TAGS; t++) out[t] = (out[t] ?? 0) + (this.weights[r * TAGS + t] ?? 0) / scale;
    });
  }

  /**
   * Calls `visit` with the record of each of the text's features of `kind` that the model has, and the feature's
   * place among the n that replyHashes wrote (for featureName). Each feature counts once: a record already visited
   * for this text is stamped and skipped (a hash's record is unique, so this is the hash seen before, in one lookup
   * instead of a scan of the hashes before it).
   */
  private eachRecord(text: string, kind: Kind, visit: (r: number, i: number, n: number) => void): void {
    const n = replyHashes(text, this.scratch, kind);
    const h = this.scratch.hashes;
    const stamp = this.nextStamp();
    const seen = this.seen;
    for (let i = 0; i < n; i++) {
      const r = this.row(h[i] ?? 0);
      if (r < 0 || seen[r] === stamp) continue;
      seen[r] = stamp;
      visit(r, i, n);
    }
  }

  /**
   * What this stage's features added to tag t, when they are a reason of their own (more than `least` log-odds: what
   * the score stands above its threshold, so that without them the tag would not be found): per kind (the reply,
   * the agent's words after a no) the features that weighed most for t, by name, strongest first (at most three; a
   * plain word alone is not named: see plainAlone).
   */
  strongest(reply: string | undefined, afterNo: string | undefined, t: number, least: number): { reply: string[]; afterNo: string[] } | undefined {
    let sum = 0;
    const weighed = (text: string | undefined, kind: Kind): string[] => {
      if (text === undefined || text === "") return [];
      // The weights first, each feature once (as add() counts them); names only for the features that weighed for t.
      const list: Array<{ name: string; w: number }> = [];
      this.eachRecord(text, kind, (r, i, n) => {
        const w = (this.weights[r * TAGS + t] ?? 0) / this.data.scale;
        sum += w;
        if (w <= 0) return;
        const name = featureName(text, i, n);
        if (!plainAlone(name, this.plain)) list.push({ name, w });
      });
      return list
        .sort((a, b) => b.w - a.w || (a.name < b.name ? -1 : 1))
        .slice(0, 3)
        .map((x) => x.name);
    };
    const out = { reply: weighed(reply, REPLY), afterNo: weighed(afterNo, AFTER_NO) };
    if (sum <= least || sum <= 0) return undefined;
    return out;
  }
}
