/**
 * The customer's side of the call: what they decided, refused, threatened or welcomed, and how they felt.
 * Patterns are data with their own hit and miss examples (tested like the detectors' rules).
 */
import type { CustomerEvent, CustomerEventKind } from "./schema.js";
import type { Tokens } from "./text/tokens.js";
import { buildCueIndex, candidates, compileNow, isNegatedAt, isQuestion, roundTo, sentiment, straightQuotes, type Span } from "./text/index.js";

export interface EventPattern {
  kind: CustomerEventKind;
  pattern: string;
  /** Only counts right after an agent offer or question about one ("would you like...", "how about..."). */
  afterOffer?: boolean;
  /** Does not count when negated ("I don't want to cancel"). */
  negatable?: boolean;
  /**
   * Words any match must contain, as a detector rule's cues (see src/text/cues.ts): a sentence without one is not
   * read with this pattern. One word or prefix from every branch of the pattern; test/cues.test.ts checks them as
   * it checks the rules'.
   */
  cues: readonly string[];
  examples: { hit: string[]; miss: string[] };
}

export const EVENT_PATTERNS: readonly EventPattern[] = [
  {
    kind: "refusal",
    pattern: String.raw`\b(?:not\s+interested|(?:i'?m|we'?re|i\s+am|we\s+are)\s+not\s+(?:renewing|continuing|staying|upgrading|interested|buying|paying|signing|going\s+to\s+(?:renew|continue|stay|upgrade|buy|pay|sign|keep))|no\s+thanks?|no(?:\s*,)?\s*thank\s+you|i\s+(?:don'?t|do\s+not)\s+(?:want|need)\s+(?:it|that|this|the|any|to|a|an|another)|i'?m\s+not\s+(?:paying|buying|signing|interested|going\s+to\s+(?:pay|buy|sign|change|stay|keep|upgrade))|i\s+(?:said|already\s+said|told\s+you)\s+no|i\s+(?:didn'?t|did\s+not|never)\s+(?:ask|sign\s+up|agree|order|request)\s+(?:for\s+|to\s+)?(?:it|that|this|any|the)|(?:i'?ll|i\s+will)\s+pass|please\s+stop|stop\s+(?:trying|selling|pushing|asking)|take\s+it\s+off|i\s+don'?t\s+want\s+(?:it|that|any)|(?:no|not)(?:\s*,)?\s*not\s+(?:today|right\s+now|at\s+this\s+time|interested))\b`,
    cues: ["interested", "no*", "want", "need", "didnt", "did", "never", "pass", "stop", "off"],
    examples: {
      hit: ["No thanks, I'm not interested.", "I don't want the protection plan.", "I said no.", "I'm not paying for that."],
      miss: ["No problem at all.", "Thanks, that's great."],
    },
  },
  {
    kind: "refusal",
    pattern: String.raw`^\s*(?:no|nope|nah|no\s+way|i'?m\s+(?:good|fine|okay|ok)|not\s+really|i\s+don'?t\s+think\s+so)\b(?!(?:\s*,)?\s*(?:problem|worries|rush|hurry|that'?s\s+(?:right|correct|all|it|fine)|it'?s\s+(?:fine|okay|ok|correct|right)))`,
    afterOffer: true,
    cues: ["no", "nope", "nah", "not", "good", "fine", "okay", "ok", "think"],
    examples: {
      hit: ["No.", "Nope, just the cancellation.", "I'm good, thanks."],
      miss: ["No problem.", "No, that's correct."],
    },
  },
  {
    kind: "decision",
    pattern: String.raw`\b(?:i|we)\s+(?:just\s+|really\s+|still\s+)?(?:want|need|would\s+like|'d\s+like|wanna|have)\s+to\s+(?:cancel|close|terminate|end|disconnect|stop|return|downgrade|switch|leave|port|get\s+a\s+refund)\b|\b(?:i|we)(?:'ve|\s+have)\s+(?:already\s+)?(?:decided|made\s+(?:up\s+)?(?:my|our)\s+minds?|made\s+(?:my|our)\s+decision|signed\s+(?:with|up\s+with)|committed\s+to|gone\s+with|switched|moved\s+to|chosen)\b|\b(?:just|please|go\s+ahead\s+and)\s+cancel\b|\bcancel\s+(?:it|my|the|our|this|everything)\b|\bclose\s+(?:my|the|our)\s+account\b|\b(?:i'?m|i\s+am|we'?re|we\s+are)\s+(?:switching|leaving|going\s+with|moving\s+to|porting|cancell?ing|returning)\b|\bi'?m\s+not\s+paying\s+(?:until|till|before|that|this|for|anything)\b|\b(?:i'?ll|we'?ll)\s+think\s+about\s+it\b|\bmy\s+(?:mind|decision)\s+is\s+made\b|^\s*(?:yes(?:\s*,)?\s*)?(?:i'?m|i\s+am)\s+(?:sure|certain|positive)\b`,
    negatable: true,
    cues: [
      "cancel", "close", "terminate", "end", "disconnect", "stop", "return", "downgrade", "switch", "leave", "port", "refund",
      "decided", "made", "signed", "committed", "gone", "switched", "moved", "chosen", "switching", "leaving", "going",
      "moving", "porting", "canceling", "cancelling", "returning", "paying", "think", "sure", "certain", "positive",
    ],
    examples: {
      hit: ["I want to cancel my plan.", "We're switching to another provider.", "Yes, I'm sure.", "I'm not paying until the 15th."],
      miss: ["I don't want to cancel, I just want it fixed.", "Can you tell me how cancelling works?"],
    },
  },
  {
    kind: "churn",
    pattern: String.raw`\b(?:want|need|going|like|have)\s+to\s+cancel\b|\bcancel\s+(?:my|the|our|it|this|everything)\s*(?:service|account|subscription|policy|membership|plan|contract|line|internet|cable|insurance)?\b|\bcancell?ing\s+(?:my|the|our|it)\b|\bswitch(?:ing)?\s+(?:to|over|providers|companies|carriers|banks|insurers)\b|\bclose\s+(?:my|the|our)\s+account\b|\bport(?:ing)?\s+(?:my|our)\s+numbers?\b|\btak(?:e|ing)\s+my\s+business\s+elsewhere\b|\bgo(?:ing)?\s+(?:with|to)\s+(?:another|a\s+different|someone\s+else|the\s+competition)\b|\bnever\s+(?:use|buy|fly|shop|order|book|rent)\s+(?:\w+\s+){0,2}?(?:again|with\s+you)\b|\b(?:done|finished)\s+with\s+(?:you|this\s+company|your\s+company)\b|\b(?:i'?m|we'?re)\s+leaving\b`,
    negatable: true,
    cues: ["cancel", "canceling", "cancelling", "switch", "switching", "close", "port", "porting", "business", "go", "going", "never", "done", "finished", "leaving"],
    examples: {
      hit: ["I want to cancel.", "We're switching to Brightline.", "I'll never fly with you again."],
      miss: ["My flight was cancelled.", "I don't want to cancel."],
    },
  },
  {
    kind: "escalation",
    pattern: String.raw`\b(?:speak|talk)\s+(?:to|with)\s+(?:a|your|the)\s+(?:supervisor|manager|someone\s+else|someone\s+in\s+charge)\b|\b(?:get|give|put)\s+me\s+(?:(?:through\s+)?to\s+)?(?:a|your|the)\s+(?:supervisor|manager)\b|\bsupervisor\b|\bescalate\b|\bdisput(?:e|ed|ing)\b|\bcharge(?:\s*-)?\s*back\b|\b(?:file|make|lodge|put\s+in)\s+a\s+(?:formal\s+)?complaint\b|\breport\s+(?:you|this|it)\b|\b(?:better\s+business\s+bureau|bbb|lawyer|attorney|sue|small\s+claims|regulator|ombudsman|fcc|attorney\s+general)\b|\bi'?m\s+done\b|\b(?:this\s+is|that'?s|it'?s)\s+(?:absolutely\s+|completely\s+|just\s+)?(?:ridiculous|unacceptable|absurd|insane|outrageous|a\s+joke|unbelievable|a\s+disgrace)\b|\bnever\s+again\b|\b(?:bad|one-star|1-star|terrible)\s+review\b|\bwaste\s+of\s+(?:my\s+)?time\b|\bare\s+you\s+(?:even\s+)?(?:listening|kidding|serious)\b|\bfed\s+up\b|\bsick\s+(?:and\s+tired\s+)?of\b`,
    negatable: true,
    cues: [
      "speak", "talk", "supervisor", "manager", "escalate", "dispute", "disputed", "disputing", "charge", "chargeback",
      "complaint", "report", "bureau", "bbb", "lawyer", "attorney", "sue", "claims", "regulator", "ombudsman", "fcc", "done",
      "ridiculous", "unacceptable", "absurd", "insane", "outrageous", "joke", "unbelievable", "disgrace", "never", "review",
      "waste", "listening", "kidding", "serious", "fed", "sick",
    ],
    examples: {
      hit: ["I want to speak to a supervisor.", "I'll dispute it with my bank.", "This is ridiculous.", "I'm done."],
      miss: ["That's not ridiculous, it's fair.", "Thanks, that's all."],
    },
  },
  {
    kind: "de-escalation",
    pattern: String.raw`\bthank\s+you\s+(?:so\s+much|very\s+much)\b|\bthanks?\s+(?:so\s+much|a\s+lot|a\s+million)\b|\b(?:i\s+)?(?:really\s+)?appreciate\s+(?:it|that|you|your\s+help|the\s+help|this)\b|\bthat(?:'s|\s+is|\s+would\s+be|'d\s+be|\s+sounds)\s+(?:really\s+|very\s+)?(?:great|perfect|wonderful|fantastic|amazing|awesome|brilliant|helpful|a\s+relief|fair|good|lovely)\b|\bthat\s+(?:helps|works|makes\s+sense)\b|\b(?:you'?ve|you\s+have)\s+been\s+(?:\w+\s+)?(?:helpful|great|amazing|wonderful|kind)\b|\bi\s+feel\s+(?:much\s+|a\s+lot\s+)?better\b|^\s*(?:oh(?:\s*,)?\s*)?(?:perfect|great|wonderful|brilliant|excellent|awesome|lovely)\b|\bthat'?s\s+a\s+relief\b|\byou'?re\s+(?:a\s+)?(?:lifesaver|star|the\s+best)\b`,
    negatable: true,
    cues: [
      "thank", "thanks", "appreciate", "great", "perfect", "wonderful", "fantastic", "amazing", "awesome", "brilliant",
      "helpful", "relief", "fair", "good", "lovely", "helps", "works", "makes", "kind", "better", "oh*", "excellent",
      "lifesaver", "star", "best",
    ],
    examples: {
      hit: ["Thank you so much.", "Okay, that's fair.", "Perfect, thanks.", "I really appreciate it."],
      miss: ["That's not fair.", "That doesn't help me."],
    },
  },
];

/** An agent line that puts an offer or a yes/no choice to the customer. */
const OFFER = /\b(?:would\s+you\s+like|can\s+i\s+(?:offer|interest|add|sign|get\s+you)|interested\s+in|want\s+(?:to\s+add|me\s+to)|how\s+about|what\s+about|what\s+if|are\s+you\s+sure|do\s+you\s+(?:really\s+)?want|shall\s+i|may\s+i\s+offer|could\s+i\s+offer|would\s+you\s+consider|(?:an?|this|the|our)\s+(?:offer|deal|discount|upgrade|promotion|special|plan|warranty|protection))\b/i;

/** A pattern as the scan reads it: every field present, so that all six have one shape (see customerSignals). */
interface CompiledEvent {
  kind: CustomerEventKind;
  regex: RegExp;
  afterOffer: boolean;
  negatable: boolean;
}
const COMPILED: readonly CompiledEvent[] = EVENT_PATTERNS.map((p) => ({
  kind: p.kind,
  regex: new RegExp(p.pattern, "i"),
  afterOffer: p.afterOffer === true,
  negatable: p.negatable === true,
}));
const CUES = buildCueIndex(EVENT_PATTERNS.map((p) => p.cues));

export interface CustomerTurnSignals {
  sentiment: number;
  events: CustomerEvent[];
}

/** Whether COMPILED has had its first run (see compileNow). */
let compiledNow = false;

/**
 * Customer events in one turn: at most one of each kind, each quoting the sentence it came from.
 * `afterOffer` says whether the agent's previous turn put an offer or a yes/no choice to the customer. With
 * `words`, the turn's first `wordLimit` words are gathered into it on the cue walk (for the learned scorer).
 */
export function customerSignals(text: string, sentences: readonly Span[], afterOffer: boolean, words?: Tokens, wordLimit = Infinity): CustomerTurnSignals {
  if (!compiledNow) {
    for (const { regex } of COMPILED) compileNow(regex);
    compiledNow = true;
  }
  const events: CustomerEvent[] = [];
  // Folding quotes keeps lengths, so each sentence is a slice of the folded turn, folded once.
  const folded = straightQuotes(text);
  const normalizedSentences: string[] = [];
  // Per sentence, a bit for each pattern whose cue words it holds: only those patterns read it.
  const worth: number[] = [];
  words?.clear();
  for (let k = 0; k < sentences.length; k++) {
    const s = sentences[k] as Span;
    const normalized = folded.slice(s.start, s.end);
    normalizedSentences.push(normalized);
    let bits = 0;
    for (const i of candidates(CUES, normalized, words, s.start, k, Math.max(0, wordLimit - (words?.n ?? 0)))) bits |= 1 << i;
    worth.push(bits);
  }
  // The patterns as written differ in which optional fields they carry, and V8 threw away this function's optimised
  // code the first time a rarely reached line met a pattern of another shape; the compiled ones all have one shape.
  for (let p = 0; p < COMPILED.length; p++) {
    const { kind, regex, afterOffer: needsOffer, negatable } = COMPILED[p] as CompiledEvent;
    if (needsOffer && !afterOffer) continue;
    if (events.some((e) => e.kind === kind)) continue;
    for (let k = 0; k < sentences.length; k++) {
      if (((worth[k] ?? 0) & (1 << p)) === 0) continue;
      const s = sentences[k] as Span;
      const normalized = normalizedSentences[k] ?? "";
      const m = regex.exec(normalized);
      if (m === null) continue;
      if (negatable && isNegatedAt(normalized, m.index)) continue;
      if (kind === "de-escalation" && isQuestion(s.text)) continue;
      events.push({ kind, quote: s.text, start: s.start, end: s.end });
      break;
    }
  }
  events.sort((a, b) => a.start - b.start);
  return { sentiment: roundTo(sentiment(text)), events };
}

export function isOffer(agentText: string): boolean {
  return OFFER.test(straightQuotes(agentText));
}
