/** A piece of a turn's text, with offsets into that text (end exclusive). */
export interface Span {
  start: number;
  end: number;
  text: string;
}

// Words whose trailing period does not end a sentence.
const ABBREVIATIONS = new Set([
  "mr", "mrs", "ms", "dr", "st", "jr", "sr", "vs", "etc", "inc", "ltd", "co", "approx", "dept", "acct",
  "ext", "e.g", "i.e", "u.s", "apt", "ave", "blvd", "mt", "ft", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
  "sep", "sept", "oct", "nov", "dec", "mon", "tue", "wed", "thu", "fri", "sat", "sun",
]);

const isSpace = (c: number): boolean => c === 32 || (c >= 9 && c <= 13) || c === 160 || c === 0x2028 || c === 0x2029 || c === 0x3000 || (c >= 0x2000 && c <= 0x200a);

function trimmed(text: string, start: number, end: number): Span | undefined {
  while (start < end && isSpace(text.charCodeAt(start))) start++;
  while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
  return end > start ? { start, end, text: text.slice(start, end) } : undefined;
}

const CANDIDATE = /[.!?…\n\r]/g;

// Character tests, each exactly its regular expression, with the ASCII answer worked out without one: they run
// several times at every period of every turn, and a regular expression per character is the slow part.
const CLOSER = /[.!?…"'”’)\]]/;
const isCloser = (c: number, ch: string): boolean =>
  c < 128 ? c === 46 || c === 33 || c === 63 || c === 34 || c === 39 || c === 41 || c === 93 : CLOSER.test(ch);
const WHITE = /\s/;
const isWhite = (c: number, ch: string): boolean => (c < 128 ? c === 32 || (c >= 9 && c <= 13) : WHITE.test(ch));
const LETTER_OR_DOT = /[\p{L}.]/u;
const isLetterOrDot = (c: number, ch: string): boolean =>
  c < 128 ? c === 46 || (c >= 97 && c <= 122) || (c >= 65 && c <= 90) : LETTER_OR_DOT.test(ch);
const LOWER = /\p{Ll}/u;
const isLower = (c: number, ch: string): boolean => (c < 128 ? c >= 97 && c <= 122 : LOWER.test(ch));

/**
 * Splits a turn into sentences with exact offsets. Ends a sentence at . ! ? (and runs of them, and any closing
 * quote or bracket after them) when white space and a capital, digit, quote or the end follow, and at line breaks.
 * Abbreviations ("Mr.", "e.g.") and decimals ("$4.50") do not end a sentence. Linear in the text.
 */
export function splitSentences(text: string): Span[] {
  const out: Span[] = [];
  let from = 0;
  const push = (end: number): void => {
    const span = trimmed(text, from, end);
    if (span) out.push(span);
    from = end;
  };
  CANDIDATE.lastIndex = 0;
  for (let found = CANDIDATE.exec(text); found !== null; found = CANDIDATE.exec(text)) {
    const i = found.index;
    const ch = text[i];
    if (ch === "\n" || ch === "\r") {
      push(i);
      continue;
    }
    if (ch !== "." && ch !== "!" && ch !== "?" && ch !== "…") continue;
    let j = i + 1;
    // Code units, as the expressions read them (a lone surrogate is neither a closer nor white space).
    while (j < text.length && isCloser(text.charCodeAt(j), text[j] ?? "")) j++;
    if (j < text.length && !isWhite(text.charCodeAt(j), text[j] ?? "")) {
      CANDIDATE.lastIndex = j;
      continue; // "4.50", "e.g.x", "word.word"
    }
    if (ch === ".") {
      let b = i;
      while (b > Math.max(0, i - 12) && isLetterOrDot(text.charCodeAt(b - 1), text[b - 1] ?? "")) b--;
      const before = text.slice(b, i).toLowerCase();
      if (ABBREVIATIONS.has(before) || ((before === "no" || before === "nos") && /^\s*\d/.test(text.slice(j, j + 4)))) {
        CANDIDATE.lastIndex = j;
        continue;
      }
      // A period followed by a lower-case word is most often a mis-punctuated transcript, not a boundary.
      let k = j;
      while (k < text.length && text.charCodeAt(k) === 32) k++;
      if (k < text.length && text.charCodeAt(k) !== 10 && isLower(text.charCodeAt(k), text[k] ?? "")) {
        CANDIDATE.lastIndex = j;
        continue;
      }
    }
    push(j);
    CANDIDATE.lastIndex = j;
  }
  push(text.length);
  return out;
}

/**
 * Same length as the input, so offsets hold: curly quotes and backticks become straight ones, so that patterns
 * written with ' and " match text from any keyboard or speech-to-text engine.
 */
const CURLY = /[’‘`“”]/;
const CURLY_ALL = /[’‘`“”]/g;
export function straightQuotes(text: string): string {
  // Most turns have nothing to fold; testing first saves two string copies per turn.
  if (!CURLY.test(text)) return text;
  return text.replace(CURLY_ALL, (c) => (c === "“" || c === "”" ? '"' : "'"));
}

/** Rounds to a fixed number of decimals, so reports stay short and stable. */
export function roundTo(n: number, places = 3): number {
  const f = 10 ** places;
  return Math.round(n * f) / f;
}

/**
 * Speech-to-text often prints a whole turn without a stop or a capital: one "sentence" of forty words, in which a
 * rule's "before" and "after" conditions see the whole turn and a quote says little. A long run with no stop inside
 * is cut before the words that start a new clause in speech (discourse markers such as "so", "okay", "anyway",
 * fillers, "let me", "I'll", "that's"), never into pieces shorter than a few words. A span with any stop, question or
 * exclamation mark in it is left as it is.
 */
const CLAUSE_OPENERS = new Set([
  "so", "but", "okay", "ok", "alright", "anyway", "anyways", "actually", "also", "well", "now", "look", "listen",
  "honestly", "unfortunately", "however", "um", "uh", "erm", "yeah", "right", "sorry", "because", "and then",
  "let me", "i'm", "i'll", "i've", "i can", "we'll", "we've", "we're", "we can", "that's", "there's", "thank you",
  "you'll", "you need", "if you",
]);
const LONG_RUN = 16; // words in a span before it is cut
const MIN_PIECE = 4; // words in each piece

export function splitRuns(text: string, spans: readonly Span[]): Span[] {
  let out: Span[] | undefined;
  spans.forEach((span, index) => {
    const pieces = cutRun(text, span);
    if (pieces === undefined) {
      out?.push(span);
      return;
    }
    out ??= spans.slice(0, index);
    for (const p of pieces) out.push(p);
  });
  return out ?? (spans as Span[]);
}

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu;

function cutRun(text: string, span: Span): Span[] | undefined {
  // A span with a stop, a question or an exclamation mark in it was punctuated by someone: leave it as it is.
  if (/[.!?…;]/.test(span.text)) return undefined;
  const words: Array<{ start: number; word: string }> = [];
  WORD.lastIndex = 0;
  for (let m = WORD.exec(span.text); m !== null; m = WORD.exec(span.text)) words.push({ start: span.start + m.index, word: m[0].toLowerCase().replace(/’/g, "'") });
  if (words.length < LONG_RUN) return undefined;
  const cuts: number[] = [];
  let last = 0;
  for (let i = MIN_PIECE; i <= words.length - MIN_PIECE; i++) {
    if (i - last < MIN_PIECE) continue;
    const one = words[i]?.word ?? "";
    const two = `${one} ${words[i + 1]?.word ?? ""}`;
    if (CLAUSE_OPENERS.has(one) || CLAUSE_OPENERS.has(two)) {
      cuts.push(words[i]?.start ?? 0);
      last = i;
    }
  }
  if (cuts.length === 0) return undefined;
  const pieces: Span[] = [];
  let from = span.start;
  for (const at of [...cuts, span.end]) {
    let end = at;
    while (end > from && /\s|,/.test(text[end - 1] ?? "")) end--;
    if (end > from) pieces.push({ start: from, end, text: text.slice(from, end) });
    from = at;
  }
  return pieces;
}
