/**
 * Cue words: the cheap first step before a pattern runs. Each item (a detector rule, a customer-event pattern)
 * lists words that any of its matches must contain; a sentence is tried only against the items whose cue words it
 * holds, so most sentences skip most expressions. A cue ending in `*` is a prefix ("cancel*"). Items without cues
 * are tried on every sentence.
 */

import { FNV_OFFSET, FNV_PRIME, wordHash, type Tokens } from "./tokens.js";

/** Children per trie node: a-z, then 0-9. */
const FANOUT = 36;

/**
 * What each ASCII character is to the trie: its child slot (a letter of either case, or a digit), APOSTROPHE, or
 * BREAK (anything else, as is every character from U+0080 on: it ends a word, as it does for `\b` and `\w`).
 */
const BREAK = -1;
const APOSTROPHE = -2;
const SLOTS = new Int8Array(128).fill(BREAK);
for (let c = 0; c < 26; c++) {
  SLOTS[97 + c] = c;
  SLOTS[65 + c] = c;
}
for (let c = 0; c < 10; c++) SLOTS[48 + c] = 26 + c;
SLOTS[39] = APOSTROPHE;

/**
 * Which items to try on a sentence, from the words in it: a trie of the cue words, flat. Node 0 is the root; the
 * child of node n for slot s is `next[n * FANOUT + s] - 1` (so -1 when there is none).
 */
export interface CueIndex {
  next: Int32Array;
  /** Per node, the items whose cue word ends there: a word that ends there too holds it. */
  word: Array<number[] | undefined>;
  /** Per node, the items whose prefix cue ends there: every word that gets that far holds it. */
  prefix: Array<number[] | undefined>;
  /** Items without cues, tried on every sentence. */
  always: number[];
  /** How many items there are. */
  size: number;
}

/** The index of each item's cue words, by the item's position in the list. */
export function buildCueIndex(items: ReadonlyArray<readonly string[] | undefined>): CueIndex {
  let next = new Int32Array(FANOUT * 64);
  const word: Array<number[] | undefined> = [undefined];
  const prefix: Array<number[] | undefined> = [undefined];
  const always: number[] = [];
  items.forEach((cues, i) => {
    if (cues === undefined || cues.length === 0) {
      always.push(i);
      return;
    }
    for (const cue of cues) {
      const isPrefix = cue.endsWith("*");
      const letters = isPrefix ? cue.slice(0, -1) : cue;
      // A cue of other characters could never equal a word (a run of a-z and 0-9).
      if (!/^[a-z0-9]+$/.test(letters)) continue;
      let node = 0;
      for (let k = 0; k < letters.length; k++) {
        const at = node * FANOUT + (SLOTS[letters.charCodeAt(k)] ?? 0);
        let child = (next[at] ?? 0) - 1;
        if (child < 0) {
          child = word.length;
          word.push(undefined);
          prefix.push(undefined);
          if (word.length * FANOUT > next.length) {
            const grown = new Int32Array(next.length * 2);
            grown.set(next);
            next = grown;
          }
          next[at] = child + 1;
        }
        node = child;
      }
      const lists = isPrefix ? prefix : word;
      const list = (lists[node] ??= []);
      if (!list.includes(i)) list.push(i);
    }
  });
  return { next, word, prefix, always, size: items.length };
}

/** One flag per item for candidates(), reused: all 0 between calls. */
let scratchpad = new Uint8Array(64);

/** Adds the items in `list` to `out` (kept in order), once each. */
function mark(list: readonly number[], hit: Uint8Array, out: number[]): void {
  for (const i of list) {
    if (hit[i] !== 0) continue;
    hit[i] = 1;
    // Insertion in place: a sentence has a handful of candidates, and sort() would allocate for each sentence.
    let k = out.length;
    out.push(i);
    while (k > 0 && (out[k - 1] ?? 0) > i) {
      out[k] = out[k - 1] ?? 0;
      k--;
    }
    out[k] = i;
  }
}

/**
 * Walks in progress through one word: the whole word from its start, and the word from after each of its
 * apostrophes. A walk that leaves the trie stops; at most MAX_WALKS at once (a word would need that many apostrophes
 * within the length of a cue word to reach it).
 */
const MAX_WALKS = 32;
const walks = new Int32Array(MAX_WALKS);

/**
 * Indexes of the items worth trying on a sentence (straight quotes), in item order. Words are runs of a-z and 0-9,
 * read with A-Z lower-cased; each is walked down the cue trie as far as it matches, one character at a time,
 * without slicing or lower-casing the sentence. Any other character ends a word, as it does for the patterns' `\b`
 * and `\w`. An apostrophe inside a word is read every way a pattern can read it: skipped ("don't" holds "dont", for
 * `don'?t`) and as a word boundary (so "supervisor's" also holds "supervisor" and "s", for `\bsupervisor\b`):
 * every stretch of the word from its start or an apostrophe to an apostrophe or its end is a word, apostrophes
 * dropped ("rock'n'roll" holds rock, rockn, rocknroll, n, nroll and roll).
 */
export function candidates(index: CueIndex, sentence: string, words?: Tokens, offset = 0, sentenceIndex = 0, limit = Infinity): number[] {
  if (scratchpad.length < index.size) scratchpad = new Uint8Array(index.size * 2);
  const hit = scratchpad;
  const out: number[] = [];
  mark(index.always, hit, out);
  const { next, word, prefix } = index;
  const n = sentence.length;
  let live = 0; // walks[0 .. live) are the trie nodes the walks have reached
  let inWord = false;
  // The learned scorer's words, gathered on the way when `words` is given (the same words as text/tokens.ts's
  // tokenize reads): a run of letters and digits, going on across an apostrophe a letter or digit follows.
  const gather = words !== undefined;
  let gathered = words?.n ?? 0;
  const stop = gathered + limit;
  let open = false;
  let from = 0;
  let number = false;
  let h = FNV_OFFSET;
  for (let k = 0; k <= n; k++) {
    const c = k < n ? sentence.charCodeAt(k) : 32;
    const slot = c < 128 ? (SLOTS[c] ?? BREAK) : BREAK;
    if (slot >= 0) {
      if (gather) {
        if (!open) {
          open = true;
          from = k;
          number = slot >= 26;
          h = FNV_OFFSET;
        }
        h = Math.imul(h ^ (slot < 26 ? c | 32 : c), FNV_PRIME);
      }
      if (!inWord) {
        inWord = true;
        walks[0] = 0;
        live = 1;
      }
      let kept = 0;
      for (let j = 0; j < live; j++) {
        const node = (next[(walks[j] ?? 0) * FANOUT + slot] ?? 0) - 1;
        if (node < 0) continue;
        const p = prefix[node];
        if (p !== undefined) mark(p, hit, out);
        walks[kept++] = node;
      }
      live = kept;
      continue;
    }
    if (gather && open) {
      const after = k + 1 < n ? sentence.charCodeAt(k + 1) : 32;
      if (slot === APOSTROPHE && after < 128 && (SLOTS[after] ?? BREAK) >= 0) h = Math.imul(h ^ 39, FNV_PRIME);
      else {
        if (gathered < stop) {
          words?.push(wordHash(h, number), offset + from, offset + k, sentenceIndex);
          gathered++;
        }
        open = false;
      }
    }
    if (!inWord) continue;
    // An apostrophe or the end of the word: every walk's word so far ends here.
    for (let j = 0; j < live; j++) {
      const w = word[walks[j] ?? 0];
      if (w !== undefined) mark(w, hit, out);
    }
    if (slot === APOSTROPHE) {
      // The word goes on, and a new walk starts after the apostrophe (one is enough after a run of them).
      if (live < MAX_WALKS && (live === 0 || walks[live - 1] !== 0)) walks[live++] = 0;
      continue;
    }
    live = 0;
    inWord = false;
  }
  for (const i of out) hit[i] = 0;
  return out;
}
