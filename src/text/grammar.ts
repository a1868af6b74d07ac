import { lazyRequire } from "./lazy.js";

type Nlp = (text: string) => { questions(): { length: number } };
const loadNlp = lazyRequire<Nlp>("compromise");

const NEGATORS = new Set([
  "not", "no", "never", "none", "nobody", "nothing", "neither", "nor", "hardly", "without", "cannot",
  "dont", "doesnt", "didnt", "isnt", "wasnt", "werent", "arent", "cant", "couldnt", "wont", "wouldnt",
  "shouldnt", "havent", "hasnt", "hadnt", "aint",
]);

function isNegator(word: string): boolean {
  return NEGATORS.has(word) || word.endsWith("n't");
}

// Words that start a new clause: a negation before them does not reach past them.
const CLAUSE_WORDS = new Set(["but", "and", "so", "because", "although", "though", "however", "which", "while"]);

/** Offset where the clause that `head` ends in begins: after the last , ; : dash bracket or sentence stop. */
function clauseStartOf(head: string): number {
  return Math.max(head.search(/[,;:—–(.!?][^,;:—–(.!?]*$/) + 1, 0);
}

/**
 * True when the words just before `offset` in the sentence negate what starts there: a negator
 * ("not", "never", "none", "-n't" ...) within four words, in the same clause.
 */
export function isNegatedAt(sentence: string, offset: number): boolean {
  const head = sentence.slice(Math.max(0, offset - 80), offset);
  const ws = head.slice(clauseStartOf(head)).toLowerCase().replace(/’/g, "'").match(/[\p{L}\p{N}]+(?:'[\p{L}]+)*/gu) ?? [];
  for (let i = ws.length - 1, seen = 0; i >= 0 && seen < 4; i--, seen++) {
    const w = ws[i] ?? "";
    if (CLAUSE_WORDS.has(w)) return false;
    if (isNegator(w)) return true;
  }
  return false;
}

const REPORTED_FRAME = new RegExp(
  String.raw`\b(?:he|she|they|someone|somebody|(?:the|that|your|a|an|another)\s+(?:other\s+|last\s+|previous\s+|first\s+|new\s+)?` +
    String.raw`(?:rep|agent|tech|technician|guy|person|lady|manager|driver|representative|store|dealer|employee|supervisor|salesman|salesperson|associate|courier))` +
    String.raw`\s+(?:(?:had|has|have|just|never|also|even|already|really)\s+)?` +
    String.raw`(?:told|tell|tells|said|say|says|claimed|claims|mentioned|promised|wrote|explained|should|would|could|might|must|did|didn't|didnt|never|refused|wanted|was\s+supposed\s+to)\b`,
  "i",
);
const QUOTE_OPEN = /["“][^"”]*$/;

/**
 * True when the words at `offset` are someone else's, reported or imagined, not the speaker's own:
 * "he told me it wasn't his job", "she should have apologized", "the last rep said 'not my problem'".
 * The frame must stand in the same clause: in "another rep told you that, not me" the "not me" is the speaker's.
 */
export function isReportedAt(sentence: string, offset: number): boolean {
  const head = sentence.slice(0, offset);
  return REPORTED_FRAME.test(head.slice(clauseStartOf(head))) || QUOTE_OPEN.test(head);
}

const AUX_START =
  /^(?:(?:so|and|okay|ok|sorry|um|uh|oh|well|right|now|but)[,\s]+)*(?:can|could|would|will|do|does|did|is|are|was|were|have|has|shall|should|may|might|am|isn't|aren't|don't|doesn't|didn't|won't|wouldn't|what|when|where|which|who|whom|whose|why|how(?!\s+(?:awful|frustrating|annoying|terrible|stressful|upsetting|horrible|exciting|wonderful|great|nice|lovely|sad|rough)))\b/i;

/** A statement with a tag question on the end ("..., you know that, right?") asserts; it does not ask. */
const TAG_QUESTION =
  /,\s*(?:right|you\s+know(?:\s+that)?(?:(?:\s*,)?\s*right)?|isn'?t\s+(?:it|that)|aren'?t\s+(?:they|you)|don'?t\s+you\s+think|huh|eh|yeah|ok(?:ay)?|correct|no)\s*\?["”')\]]*$/i;

/**
 * True when the sentence asks something. A statement ending in a tag question does not; otherwise a question mark decides; a sentence with no end punctuation
 * (common in speech-to-text) is a question when it opens like one, with compromise as the tie-breaker.
 */
export function isQuestion(sentence: string): boolean {
  const s = sentence.trim();
  if (TAG_QUESTION.test(s) && !AUX_START.test(s)) return false;
  if (/\?["”')\]]*$/.test(s)) return true;
  if (/[.!…]["”')\]]*$/.test(s)) return false;
  if (AUX_START.test(s)) return true;
  if (/^how\b/i.test(s)) return false;
  // compromise is the costly step: an unpunctuated run-on of many words is not read as one question, and a sentence
  // several rules ask about is parsed once.
  if (s.length > MAX_NLP_SENTENCE) return false;
  let answer = questionCache.get(s);
  if (answer === undefined) {
    answer = loadNlp()(s).questions().length > 0;
    if (questionCache.size >= 256) questionCache.delete(questionCache.keys().next().value ?? "");
    questionCache.set(s, answer);
  }
  return answer;
}

const MAX_NLP_SENTENCE = 240;
const questionCache = new Map<string, boolean>();
