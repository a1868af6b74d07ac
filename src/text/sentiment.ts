import { lazyRequire } from "./lazy.js";

interface Analyzer {
  getSentiment(tokens: string[]): number;
  vocabulary: Record<string, number>;
}

/**
 * Where AFINN's general-purpose scores mislead on service calls: "fine" and "whatever" are usually resignation,
 * "cancel" and "charged" are routine words, not feelings; "hold" and "transfer" are neutral steps.
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
type AnalyzerClass = new (language: string, stemmer: null, vocabulary: string) => Analyzer;

const CLAUSE = /[,;:.!?—–]+|\b(?:but|although|though|however)\b/;
const TOKEN = /[\p{L}\p{N}]+(?:'[\p{L}]+)*/gu;

const loadAnalyzer = lazyRequire<AnalyzerClass>("natural/lib/natural/sentiment/SentimentAnalyzer");
let analyzer: Analyzer | undefined;

/**
 * Sentiment of a piece of text with natural's AFINN analyzer: negative below 0, about -1..1 for most turns.
 * Negation is handled per clause: natural flips every word after "not"/"no"/"never", so each clause is scored
 * on its own ("not happy, but thanks" is one negative and one positive clause) and "-n't" counts as "not".
 */
export function sentiment(text: string): number {
  if (analyzer === undefined) {
    analyzer = new (loadAnalyzer())("English", null, "afinn");
    Object.assign(analyzer.vocabulary, SERVICE_CALL_OVERRIDES);
  }
  let sum = 0;
  let count = 0;
  for (const clause of text.toLowerCase().replace(/[’‘]/g, "'").split(CLAUSE)) {
    const tokens = clause.match(TOKEN);
    if (tokens === null) continue;
    for (let i = 0; i < tokens.length; i++) if ((tokens[i] ?? "").endsWith("n't")) tokens[i] = "not";
    sum += analyzer.getSentiment(tokens) * tokens.length;
    count += tokens.length;
  }
  return count === 0 ? 0 : sum / count;
}
