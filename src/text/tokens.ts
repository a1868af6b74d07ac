/**
 * Words as the learned scorer reads them: each word of a piece of text as a 32-bit hash of its normalised form
 * (lower case, curly apostrophes straight, "dont" read as "don't", any number as "<num>", a masked competitor name
 * as "<rival>"), with its offsets. Read a character at a time with no string per word, since this runs on every
 * agent turn; `tokenName` gives the same normalised form as a string when a name is wanted (training, evidence).
 */

/** FNV-1a over UTF-16 code units: the hash of a word's normalised form, and of every feature name. */
export function fnv(text: string, seed = 0x811c9dc5): number {
  let h = seed;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h | 0;
}

/** Combines two hashes into one (murmur3's finaliser over a mix of both). */
export function mix(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ b;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) | 0;
}

/** Contractions as speech-to-text and chat often write them, read as the contraction. */
const CONTRACTIONS: Readonly<Record<string, string>> = {
  dont: "don't", cant: "can't", wont: "won't", im: "i'm", ive: "i've", youre: "you're", theyre: "they're",
  thats: "that's", isnt: "isn't", wasnt: "wasn't", didnt: "didn't", doesnt: "doesn't", couldnt: "couldn't",
  shouldnt: "shouldn't", wouldnt: "wouldn't", havent: "haven't", hasnt: "hasn't", arent: "aren't", werent: "weren't",
  whats: "what's", youll: "you'll", theyll: "they'll", weve: "we've", youve: "you've", theyve: "they've",
  itll: "it'll", theres: "there's", heres: "here's", youd: "you'd", ain: "ain't", aint: "ain't", gonna: "going",
};

export const NUMBER_WORD = "<num>";
export const RIVAL_WORD = "<rival>";
const NUMBER_HASH = fnv(NUMBER_WORD);
/** The hash every competitor's name is read as. */
export const RIVAL_HASH = fnv(RIVAL_WORD);

/**
 * Hash -> non-zero value, open addressing in one array of (hash, value) pairs: a lookup is one probe and mostly one
 * cache line, where a Map would hash the key again.
 */
export class HashTable {
  private readonly slots: Int32Array;
  private readonly mask: number;

  /** From (hash, value) pairs: a Map, or anything that says its size and yields them. */
  constructor(entries: { readonly size: number } & Iterable<readonly [number, number]>) {
    let size = 16;
    while (size < entries.size * 2) size *= 2;
    this.slots = new Int32Array(size * 2);
    this.mask = size - 1;
    for (const [hash, value] of entries) {
      if (value === 0) continue;
      let at = (Math.imul(hash, 0x9e3779b1) >>> 0) & this.mask;
      while (this.slots[at * 2 + 1] !== 0) at = (at + 1) & this.mask;
      this.slots[at * 2] = hash;
      this.slots[at * 2 + 1] = value;
    }
  }

  /** The value for the hash, 0 when there is none. */
  get(hash: number): number {
    const slots = this.slots;
    let at = (Math.imul(hash, 0x9e3779b1) >>> 0) & this.mask;
    for (let value = slots[at * 2 + 1] ?? 0; value !== 0; value = slots[at * 2 + 1] ?? 0) {
      if (slots[at * 2] === hash) return value;
      at = (at + 1) & this.mask;
    }
    return 0;
  }
}

let contractionHashes: HashTable | undefined;
function contractionOf(hash: number): number {
  contractionHashes ??= new HashTable(new Map(Object.entries(CONTRACTIONS).map(([k, v]) => [fnv(k), fnv(v)])));
  const to = contractionHashes.get(hash);
  return to === 0 ? hash : to;
}

/** The first character of a masked competitor name and the rest of it (see maskRivals in the engine). */
const RIVAL_MARK = 0xe000;
const RIVAL_FILL = 0xe001;

const isAsciiLetter = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isApostrophe = (c: number): boolean => c === 39 || c === 0x2019 || c === 0x2018;

/** Growable token lists, reused from turn to turn. */
export class Tokens {
  n = 0;
  hash: Int32Array<ArrayBuffer> = new Int32Array(256);
  start: Int32Array<ArrayBuffer> = new Int32Array(256);
  end: Int32Array<ArrayBuffer> = new Int32Array(256);
  /** Index of the sentence each word is in. */
  sentence: Int32Array<ArrayBuffer> = new Int32Array(256);

  clear(): void {
    this.n = 0;
  }

  push(hash: number, start: number, end: number, sentence: number): void {
    if (this.n === this.hash.length) {
      const grow = (a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> => {
        const b = new Int32Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.hash = grow(this.hash);
      this.start = grow(this.start);
      this.end = grow(this.end);
      this.sentence = grow(this.sentence);
    }
    this.hash[this.n] = hash;
    this.start[this.n] = start;
    this.end[this.n] = end;
    this.sentence[this.n] = sentence;
    this.n++;
  }
}

/** ASCII characters as words see them: 0 not in a word, 1 a letter, 2 a digit (all else, U+0080 on too, is 0). */
export const ASCII_CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) ASCII_CLASS[c] = isAsciiLetter(c) ? 1 : isDigit(c) ? 2 : 0;

/** FNV-1a's offset and prime, for hashing a word a character at a time as it is read. */
export const FNV_OFFSET = 0x811c9dc5;
export const FNV_PRIME = 0x01000193;

/** A finished word's hash: any number is "<num>", a contraction written without its apostrophe is the contraction. */
export const wordHash = (hash: number, number: boolean): number => (number ? NUMBER_HASH : contractionOf(hash | 0));

/** Whether the code unit at i is a word character: an ASCII letter or digit. */
const isWordAt = (text: string, i: number): boolean => {
  const c = text.charCodeAt(i);
  return c < 128 && ASCII_CLASS[c] !== 0;
};

/**
 * Appends the words of text[from, to) to `out` (at most `limit` of them), all marked as sentence `sentence`. A word
 * is a run of ASCII letters and digits, going on across an apostrophe that a letter or digit follows ("don't",
 * "o'clock"); anything else ends it, as it does for the rules' `\b` (so "café" reads as "caf"). Curly apostrophes
 * count as straight ones; a masked competitor name is one word. This is the reference for the words the rules' cue
 * walk gathers on its way through a sentence (text/cues.ts), which the learned scorer reads.
 */
export function tokenize(text: string, from: number, to: number, sentence: number, out: Tokens, limit = Infinity): void {
  let i = from;
  let count = 0;
  while (i < to && count < limit) {
    const c = text.charCodeAt(i);
    if (c === RIVAL_MARK) {
      let end = i + 1;
      while (end < to && text.charCodeAt(end) === RIVAL_FILL) end++;
      out.push(RIVAL_HASH, i, end, sentence);
      count++;
      i = end;
      continue;
    }
    if (c >= 128 || ASCII_CLASS[c] === 0) {
      i++;
      continue;
    }
    const start = i;
    const number = ASCII_CLASS[c] === 2;
    let h = FNV_OFFSET;
    while (i < to) {
      const d = text.charCodeAt(i);
      if (d < 128 && ASCII_CLASS[d] !== 0) {
        h = Math.imul(h ^ (ASCII_CLASS[d] === 1 ? d | 32 : d), FNV_PRIME);
        i++;
      } else if (isApostrophe(d) && i + 1 < to && isWordAt(text, i + 1)) {
        h = Math.imul(h ^ 39, FNV_PRIME);
        i++;
      } else break;
    }
    out.push(wordHash(h, number), start, i, sentence);
    count++;
  }
}

/** The normalised form of word `k` of `out` (whose hash is fnv of it), read from the text it came from. */
export function tokenName(text: string, out: Tokens, k: number): string {
  return wordName(text, out.start[k] ?? 0, out.end[k] ?? 0, out.hash[k] ?? 0);
}

/** The normalised form of the word text[start, end) whose hash is `hash` (so fnv of it is `hash`). */
export function wordName(text: string, start: number, end: number, hash: number): string {
  if (hash === RIVAL_HASH) return RIVAL_WORD;
  if (isDigit(text.charCodeAt(start))) return NUMBER_WORD;
  let s = "";
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    s += isApostrophe(c) ? "'" : String.fromCharCode(c >= 65 && c <= 90 ? c + 32 : c);
  }
  return CONTRACTIONS[s] ?? s;
}

/**
 * Reads every word that lies in a masked competitor name (see maskRivals in the rules' engine; `masked` is the text
 * with names masked, same length) as one "<rival>" word, in place: the first word of a name becomes "<rival>" and
 * the rest of the same name is dropped.
 */
export function markRivals(words: Tokens, masked: string): void {
  let kept = 0;
  for (let k = 0; k < words.n; k++) {
    const start = words.start[k] ?? 0;
    const c = masked.charCodeAt(start);
    if (c === RIVAL_MARK || c === RIVAL_FILL) {
      // The rest of a name already read: the previous word is this name's "<rival>", and only fill lies between.
      if (c === RIVAL_FILL && kept > 0 && words.hash[kept - 1] === RIVAL_HASH && allFill(masked, words.end[kept - 1] ?? 0, start)) {
        words.end[kept - 1] = words.end[k] ?? start;
        continue;
      }
      words.hash[k] = RIVAL_HASH;
    }
    words.hash[kept] = words.hash[k] ?? 0;
    words.start[kept] = start;
    words.end[kept] = words.end[k] ?? start;
    words.sentence[kept] = words.sentence[k] ?? 0;
    kept++;
  }
  words.n = kept;
}

function allFill(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (text.charCodeAt(i) !== RIVAL_FILL) return false;
  return true;
}
