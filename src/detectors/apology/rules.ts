import type { Rule } from "../types.js";
import { INTENSIFIERS } from "../shared.js";

/** What may follow "sorry" when it is not regret: a repair request, filler, sympathy or a non-apology. */
const NOT_REGRET_AFTER = String.raw`^\s*[,:;-][^.!]*\?\s*$|^[\s,.!-]*(?:to\s+(?:hear|see|learn|read|bother|interrupt|keep\s+you|cut\s+you\s+off|say|tell|inform|have\s+to)|(?:that\s+)?you(?:'re|\s+are|\s+were|\s+feel|\s+felt|\s+think|\s+thought|\s+see|\s+got|\s+misunderstood|\s+took)|if\b|but\b|for\s+(?:any|the)\s+inconvenience(?:\s*,)?\s*but\b|\?|what\b|where\b|when\b|which\b|who\b|how\s+(?:do|did|does|is|was|are|many|much)\b|could\b|can\b|would\b|did\b|do\s+you\b|say\s+(?:that|again)|come\s+again|one\s+(?:sec|second|moment|minute)|just\s+a\s+(?:sec|second|moment|minute)|a\s+(?:sec|second|moment)\b|hold\s+on|bear\s+with\s+me|go\s+ahead|you\s+first|i\s+(?:didn't|did\s+not|missed|couldn't|can't|cannot)\s+(?:catch|hear|get|quite)|i'?m\s+not\s+(?:following|sure\s+i)|the\s+line|you\s+(?:cut|broke)\s+out|wrong\s+(?:button|number|screen)|my\s+(?:screen|system|computer)\s+(?:is|was)\s+(?:slow|loading))`;

export const rules: readonly Rule[] = [
  {
    id: "apology/sorry",
    tag: "apology",
    cues: ["sorry"],
    description: "\"I'm sorry\", \"sorry for the delay\": regret said to the customer.",
    patterns: [String.raw`\b(?:(?:i'?m|i\s+am|we'?re|we\s+are)\s+)?${INTENSIFIERS}sorry\b`],
    unless: {
      after: NOT_REGRET_AFTER,
      before: String.raw`\b(?:he|she|they|you|he'?s|she'?s|they'?re|you'?re|you'?ll\s+be|you\s+will\s+be|be|feel|felt|say|said|saying|not\s+be)\s+(?:so\s+|very\s+|really\s+)?$`,
      negated: true,
      reported: true,
    },
    message: "Says sorry for what went wrong: the customer hears that their problem is taken seriously.",
    examples: {
      hit: [
        "I'm so sorry, we really let you down on this one.",
        "Sorry for the wait, I appreciate your patience.",
        "We're very sorry about the double charge.",
        "That should have been on the truck Monday. Sorry about that.",
      ],
      miss: [
        "Sorry, what was the address again?",
        "Sorry, one second while this loads.",
        "I'm sorry to hear that.",
        "I'm sorry you feel that way.",
        "Sorry if you were confused by the bill.",
        "He said he was sorry but nothing changed.",
        "I'm not sorry we enforce that.",
        "Sorry, I didn't catch the last four digits.",
        "Sorry, before I forget, is this still the best number for you?",
      ],
    },
  },
  {
    id: "apology/apologize",
    tag: "apology",
    cues: ["apologi*"],
    description: "\"I apologize\", \"my apologies\", \"please accept our apologies\".",
    patterns: [
      String.raw`\b(?:i|we)\s+(?:(?:do|really|sincerely|truly|deeply|honestly|want\s+to|wanted\s+to|would\s+like\s+to|must|have\s+to|need\s+to|just\s+want\s+to)\s+){0,4}apologi[sz]e\b`,
      String.raw`\b(?:i'?d|we'?d)\s+like\s+to\s+apologi[sz]e\b`,
      String.raw`\b(?:my|our)\s+(?:sincere\s+|sincerest\s+|deepest\s+|humble\s+|honest\s+)?apologies\b`,
      String.raw`\baccept\s+(?:my|our)\s+(?:sincere\s+|sincerest\s+|deepest\s+)?apologies\b`,
      String.raw`^\s*apologies\s+(?:for|about)\b`,
    ],
    unless: {
      after: String.raw`^\s*(?:if\b|(?:,\s*)?but\b|for\s+(?:any|the)\s+(?:inconvenience|confusion|trouble)[^.!?]*\bbut\b|(?:that\s+)?you\s+(?:feel|felt|think|thought|were|are)\b|for\s+(?:how|the\s+way)\s+you\s+feel)`,
      before: String.raw`\b(?:only|all\s+i\s+can\s+(?:offer|give|do)\s+is)\s+$`,
      negated: true,
      reported: true,
    },
    message: "Apologizes for the company's failure.",
    examples: {
      hit: [
        "I apologize for the wait today.",
        "My apologies, that was a mistake on our end.",
        "We sincerely apologize for the missed appointment.",
        "I'd like to apologize for how that was handled.",
      ],
      miss: [
        "I apologize if you were confused by the terms.",
        "I apologize for any inconvenience, but the fee stands.",
        "I'm not going to apologize for following the contract.",
        "He should have apologized to you.",
        "The technician never apologized?",
      ],
    },
  },
  {
    id: "apology/regret-for-failure",
    tag: "apology",
    cues: ["bad", "down", "ball", "should", "shouldnt", "experience", "service", "standard", "level", "short", "embarrassing", "unacceptable"],
    description: "Regret said without the word sorry: \"my bad\", \"we let you down\", \"not the experience we want for you\".",
    patterns: [
      String.raw`\bmy\s+bad\b`,
      String.raw`\b(?:we|i)\s+(?:really\s+|totally\s+|completely\s+)?(?:let\s+you\s+down|dropped\s+the\s+ball)\b`,
      String.raw`\b(?:that|this|it|the\s+[\w-]+|that\s+[\w-]+|this\s+[\w-]+)\s+(?:should\s+never\s+have|shouldn'?t\s+have|should\s+not\s+have)\s+(?:happened|been\s+(?:applied|charged|added|sent|said|billed|cancell?ed|approved|allowed|missed|left))\b`,
      String.raw`\b(?:that'?s|that\s+is|this\s+is|it'?s|it\s+is)\s+(?:just\s+|definitely\s+|certainly\s+|really\s+)?not\s+the\s+(?:kind\s+of\s+)?(?:experience|service|standard|level\s+of\s+service)\s+(?:we|i)\b`,
      String.raw`\bwe\s+(?:really\s+)?(?:fell|came\s+up)\s+short\b`,
      String.raw`\bthat'?s\s+(?:really\s+)?(?:embarrassing|unacceptable)\s+(?:on\s+our\s+(?:part|end)|of\s+us)\b`,
    ],
    unless: { reported: true, question: true },
    message: "Owns the regret for falling short, in plain words.",
    examples: {
      hit: [
        "Oh, my bad, I read the wrong line.",
        "We dropped the ball on your installation.",
        "That should never have happened.",
        "That's not the experience we want you to have with us.",
      ],
      miss: [
        "He said the store dropped the ball.",
        "That fee shouldn't have been a surprise if the contract was read.",
        "Did we let you down somewhere along the way?",
        "That's not the service plan you have.",
      ],
    },
  },
];
