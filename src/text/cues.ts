/**
 * Cue words: the cheap first step before a pattern runs. Each item (a detector rule, a customer-event pattern)
 * lists words that any of its matches must contain; a sentence is tried only against the items whose cue words it
 * holds, so most sentences skip most expressions. A cue ending in `*` is a prefix ("cancel*"). Items without cues
 * are tried on every sentence.
 */

/** A node of the cue trie: one per letter or digit of a cue word. */
interface CueNode {
  /** The next node by character: a-z, then 0-9 (see slotOf). */
  next: Array<CueNode | undefined>;
  /** Items whose cue word ends here: a word that ends here too holds it. */
  word: number[] | undefined;
  /** Items whose prefix cue ends here: every word that gets this far holds it. */
  prefix: number[] | undefined;
}

/** Which items to try on a sentence, from the words in it: a trie of the cue words. */
export interface CueIndex {
  root: CueNode;
  /** Items without cues, tried on every sentence. */
  always: number[];
  /** How many items there are. */
  size: number;
}

/** Where a-z and 0-9 go in a node's `next`; -1 for any other character, which ends a word. */
const slotOf = (c: number): number => (c >= 97 && c <= 122 ? c - 97 : c >= 48 && c <= 57 ? c - 22 : -1);

const cueNode = (): CueNode => ({ next: new Array<CueNode | undefined>(36).fill(undefined), word: undefined, prefix: undefined });

/** The index of each item's cue words, by the item's position in the list. */
export function buildCueIndex(items: ReadonlyArray<readonly string[] | undefined>): CueIndex {
  const root = cueNode();
  const always: number[] = [];
  items.forEach((cues, i) => {
    if (cues === undefined || cues.length === 0) {
      always.push(i);
      return;
    }
    for (const cue of cues) {
      const prefix = cue.endsWith("*");
      const letters = prefix ? cue.slice(0, -1) : cue;
      // A cue of other characters could never equal a word (a run of a-z and 0-9).
      if (!/^[a-z0-9]+$/.test(letters)) continue;
      let node = root;
      for (let k = 0; k < letters.length; k++) {
        const slot = slotOf(letters.charCodeAt(k));
        node = node.next[slot] ??= cueNode();
      }
      const list = (prefix ? (node.prefix ??= []) : (node.word ??= []));
      if (!list.includes(i)) list.push(i);
    }
  });
  return { root, always, size: items.length };
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
 * Indexes of the items worth trying on a sentence (straight quotes), in item order. Words are runs of a-z and 0-9,
 * read with A-Z lower-cased; each is walked down the cue trie as far as it matches, one character at a time,
 * without slicing or lower-casing the sentence. Any other character ends a word, as it does for the patterns' `\b`
 * and `\w`. An apostrophe between letters is read both ways, as patterns read it: "don't" holds "dont" (for
 * `don'?t`), and "supervisor's" holds "supervisor" and "s" (for `\bsupervisor\b`) as well as "supervisors".
 */
export function candidates(index: CueIndex, sentence: string): number[] {
  if (scratchpad.length < index.size) scratchpad = new Uint8Array(index.size * 2);
  const hit = scratchpad;
  const out: number[] = [];
  mark(index.always, hit, out);
  const n = sentence.length;
  const root = index.root;
  // Where the whole word (apostrophes dropped) has got to in the trie, and where the part since its last
  // apostrophe has; undefined once a walk has left the trie. `part` is only walked after an apostrophe.
  let node: CueNode | undefined;
  let part: CueNode | undefined;
  let inWord = false;
  let split = false;
  for (let k = 0; k <= n; k++) {
    let c = k < n ? sentence.charCodeAt(k) : 32;
    if (c === 39) {
      if (!inWord) continue;
      // The part so far ends here for `\b`; the next part starts afresh (the whole word goes on).
      const ended = split ? part : node;
      if (ended?.word !== undefined) mark(ended.word, hit, out);
      part = root;
      split = true;
      continue;
    }
    if (c >= 65 && c <= 90) c += 32;
    const slot = slotOf(c);
    if (slot < 0) {
      if (node?.word !== undefined) mark(node.word, hit, out);
      if (split && part?.word !== undefined) mark(part.word, hit, out);
      node = undefined;
      part = undefined;
      inWord = false;
      split = false;
      continue;
    }
    if (!inWord) {
      inWord = true;
      node = root;
    }
    if (node !== undefined) {
      node = node.next[slot];
      if (node?.prefix !== undefined) mark(node.prefix, hit, out);
    }
    if (split && part !== undefined) {
      part = part.next[slot];
      if (part?.prefix !== undefined) mark(part.prefix, hit, out);
    }
  }
  for (const i of out) hit[i] = 0;
  return out;
}
