import { lazyRequire } from "./lazy.js";

/**
 * Plain words: words that carry no behaviour of their own ("a", "in", "have", "that's"), so a finding that names the
 * words that weighed does not name them alone. natural's English stop words, less those that do carry a tag's
 * behaviour in a service call (pressure: "now", "again", "only"; blame and excuses: "because", "never"), plus the
 * contractions and forms of address its list lacks.
 */
const loadStopwords = lazyRequire<{ words: string[] }>("natural/lib/natural/util/stopwords.js");

const CARRY = ["never", "again", "now", "only", "still", "should", "must", "cannot", "but", "why", "more", "most", "own", "until", "before", "after", "because", "same", "further"];
const ALSO = ["i'm", "i've", "i'll", "i'd", "it's", "that's", "there's", "you're", "you've", "you'll", "you'd", "we're", "we've", "we'll", "they're", "they've", "he's", "she's", "let's", "ma'am", "sir", "ok", "okay", "um", "uh", "ur", "u", "<num>"];

let plain: ReadonlySet<string> | undefined;

/**
 * The plain words (lower-case, normalised), read from natural's list on first use: the learned scorer asks for them
 * when it loads its weights, so that naming a finding's evidence later reads no file.
 */
export function plainWords(): ReadonlySet<string> {
  if (plain === undefined) {
    const carry = new Set(CARRY);
    plain = new Set([...loadStopwords().words.filter((w) => /^[a-z]+$/.test(w) && !carry.has(w)), ...ALSO]);
  }
  return plain;
}
