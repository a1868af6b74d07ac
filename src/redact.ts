/**
 * Masks personal data in a report: e-mail addresses, phone numbers, payment card numbers (Luhn-checked) and national
 * ID or account-number-shaped digit runs. Every masked character becomes "•", so a masked text has the length of the
 * original and every offset in the report still points at the same words.
 *
 * The scanners are plain loops, linear in the text; no regular expression here can backtrack.
 */

export const PII_KINDS = ["email", "phone", "card", "number"] as const;
export type PiiKind = (typeof PII_KINDS)[number];
export type Redactions = Record<PiiKind, number>;

export interface PiiSpan {
  kind: PiiKind;
  start: number;
  end: number;
}

const MASK = "•";
const isDigit = (c: number): boolean => c >= 48 && c <= 57;
const isAlnum = (c: number): boolean => isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
const isLocal = (c: number): boolean => isAlnum(c) || c === 46 || c === 95 || c === 37 || c === 43 || c === 45; // . _ % + -
const isDomain = (c: number): boolean => isAlnum(c) || c === 46 || c === 45; // . -
/** Characters that may sit between the digits of one number: space, - . ( ) / and a leading +. */
const isJoiner = (c: number): boolean => c === 32 || c === 45 || c === 46 || c === 40 || c === 41 || c === 47;

function emails(text: string, out: PiiSpan[]): void {
  for (let at = text.indexOf("@"); at >= 0; at = text.indexOf("@", at + 1)) {
    let s = at;
    while (s > 0 && isLocal(text.charCodeAt(s - 1))) s--;
    while (s < at && !isAlnum(text.charCodeAt(s))) s++;
    let e = at + 1;
    while (e < text.length && isDomain(text.charCodeAt(e))) e++;
    while (e > at + 1 && !isAlnum(text.charCodeAt(e - 1))) e--; // a full stop after the address
    const domain = text.slice(at + 1, e);
    const dot = domain.lastIndexOf(".");
    if (s === at || dot <= 0 || domain.length - dot - 1 < 2 || !/^[a-z]+$/i.test(domain.slice(dot + 1))) continue;
    out.push({ kind: "email", start: s, end: e });
  }
}

export function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/** What a run of digits (with its separators) looks like, or undefined for an ordinary number. */
function classify(run: string, amount: boolean): PiiKind | undefined {
  const digits = run.replace(/\D/g, "");
  const n = digits.length;
  if (n >= 13 && n <= 19 && luhn(digits)) return "card";
  if (/^\d{3}-\d{2}-\d{4}$/.test(run)) return "number"; // a US Social Security number's shape
  // Money ($1250.00, 1,250.00) and decimals are not personal data.
  if (amount || /^\d+\.\d{1,2}$/.test(run)) return undefined;
  const phoneShaped = /^\+?\(?\d{1,4}\)?(?:[ .-]?\(?\d{2,4}\)?){1,4}$/.test(run);
  if (phoneShaped && (run.startsWith("+") ? n >= 8 && n <= 15 : n === 10 || (n === 11 && digits.startsWith("1")) || (n === 7 && /\d{3}[ .-]\d{4}$/.test(run)))) {
    return "phone";
  }
  if (n >= 6) return "number";
  return undefined;
}

function numbers(text: string, out: PiiSpan[]): void {
  let i = 0;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    const startsRun = isDigit(c) || ((c === 43 || c === 40) && isDigit(text.charCodeAt(i + 1))); // + or (
    // Digits glued to a word ("sorry4111...", "ID12345678") still count: speech-to-text glues words.
    if (!startsRun || (i > 0 && isDigit(text.charCodeAt(i - 1)))) {
      i++;
      continue;
    }
    // A run: digits, with single separators between them ("4111 1111", "(555) 010-2030", "+44 20 7946 0958").
    // An amount ("$4.50") ends at the first space, so the number said after it is read on its own.
    const amount = /[$£€]\s*$/.test(text.slice(Math.max(0, i - 2), i));
    let e = i + 1;
    let last = isDigit(c) ? e : i;
    while (e < text.length) {
      const d = text.charCodeAt(e);
      if (isDigit(d)) last = ++e;
      else if (isJoiner(d) && e - last < 2 && !(amount && d === 32)) e++;
      else break;
    }
    const end = last;
    const run = text.slice(i, end);
    const kind = classify(run, amount);
    if (kind !== undefined) out.push({ kind, start: i, end });
    i = Math.max(end, i + 1);
  }
}

/** The personal data in a text, in order, not overlapping. */
export function findPii(text: string): PiiSpan[] {
  const found: PiiSpan[] = [];
  emails(text, found);
  numbers(text, found);
  found.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: PiiSpan[] = [];
  for (const s of found) if (out.length === 0 || s.start >= (out.at(-1) as PiiSpan).end) out.push(s);
  return out;
}

/** The text with every letter and digit of each span masked; same length as the text. */
export function maskSpans(text: string, spans: readonly PiiSpan[]): string {
  if (spans.length === 0) return text;
  let out = "";
  let from = 0;
  for (const s of spans) {
    out += text.slice(from, s.start) + text.slice(s.start, s.end).replace(/[\p{L}\p{N}]/gu, MASK);
    from = s.end;
  }
  return out + text.slice(from);
}

/** "Personal data masked: 2 phone numbers, 1 card number.", or that none was found. */
export function describeRedactions(r: Redactions): string {
  const names: Record<PiiKind, [string, string]> = {
    email: ["e-mail address", "e-mail addresses"],
    phone: ["phone number", "phone numbers"],
    card: ["card number", "card numbers"],
    number: ["ID or account number", "ID or account numbers"],
  };
  const parts = PII_KINDS.filter((k) => r[k] > 0).map((k) => `${r[k]} ${names[k][r[k] === 1 ? 0 : 1]}`);
  return parts.length === 0 ? "Personal data masked: none found." : `Personal data masked: ${parts.join(", ")}.`;
}

/** Masks personal data in any string: a quote, a summary, a line of coaching. */
export function redactText(text: string): string {
  return maskSpans(text, findPii(text));
}

/**
 * Turns with personal data masked in their text, and how many of each kind were masked. analyzeCall masks the turns
 * before it reads them, so no quote, summary or coaching line can carry what was masked, even cut short.
 */
export function redactTurns<T extends { text: string }>(turns: readonly T[]): { turns: T[]; redacted: Redactions } {
  const redacted: Redactions = { email: 0, phone: 0, card: 0, number: 0 };
  const masked = turns.map((t) => {
    const spans = findPii(t.text);
    for (const s of spans) redacted[s.kind]++;
    return spans.length === 0 ? t : { ...t, text: maskSpans(t.text, spans) };
  });
  return { turns: masked, redacted };
}
