import type { Rule } from "../types.js";
import { INTENSIFIERS } from "../shared.js";

const FEELING = String.raw`(?:frustrat\w*|stress\w*|upset\w*|annoy\w*|infuriat\w*|maddening|aggravat\w*|worr\w*|scar\w*|frighten\w*|awful|terrible|horrible|difficult|hard|tough|rough|exhausting|overwhelming|inconvenient|disappoint\w*|unsettling|nerve-?wracking|concerning|alarming|a\s+(?:real\s+)?(?:pain|hassle|headache|nightmare|mess|lot\s+to\s+deal\s+with|lot)|no\s+fun|not\s+fun|the\s+last\s+thing\s+you\s+need\w*)`;

export const rules: readonly Rule[] = [
  {
    id: "empathy/sorry-to-hear",
    tag: "empathy",
    cues: ["sorry"],
    description: "\"I'm sorry to hear that\", \"sorry you're dealing with this\": sympathy for the customer's situation.",
    patterns: [
      String.raw`\bsorry\s+to\s+(?:hear|see|learn|read)\b`,
      String.raw`\bsorry\s+(?:that\s+)?you(?:'re|\s+are|'ve|\s+have)\s+(?:been\s+)?(?:going\s+through|dealing\s+with|having\s+to|stuck|had\s+to|left)\b`,
      String.raw`\bsorry\s+(?:for|about)\s+your\s+loss\b`,
      String.raw`\bso\s+sorry\s+(?:that\s+)?(?:happened|this\s+happened)\s+to\s+you\b`,
    ],
    unless: { negated: true, reported: true },
    message: "Acknowledges what the customer is going through.",
    examples: {
      hit: [
        "Oh no, I'm sorry to hear that.",
        "I'm sorry you've been dealing with this all week.",
        "Sorry to hear the car broke down on the way.",
      ],
      miss: ["He told me he was sorry to hear it, but did nothing.", "I'm sorry you feel that way."],
    },
  },
  {
    id: "empathy/names-the-feeling",
    tag: "empathy",
    cues: ["frustrat*", "stress*", "upset*", "annoy*", "infuriat*", "maddening", "aggravat*", "worr*", "scar*", "frighten*", "awful", "terrible", "horrible", "difficult", "hard", "tough", "rough", "exhausting", "overwhelming", "inconvenient", "disappoint*", "unsettling", "nerve", "nervewracking", "concerning", "alarming", "pain", "hassle", "headache", "nightmare", "mess", "lot", "fun", "last", "irritating", "heartbreaking", "imagine", "easy", "nice", "pleasant", "day", "week", "time"],
    description: "Names how the situation feels: \"that sounds really frustrating\", \"what a headache\".",
    patterns: [
      String.raw`\b(?:that|this|it|which)\s+(?:sounds|must\s+be|must\s+have\s+been|must\s+feel|has\s+got\s+to\s+be|'s\s+got\s+to\s+be|seems)\s+(?:like\s+)?${INTENSIFIERS}(?:such\s+a\s+|a\s+)?${FEELING}`,
      String.raw`\b(?:that'?s|that\s+is|this\s+is|it'?s\s+been|that\s+was)\s+${INTENSIFIERS}(?:such\s+a\s+|a\s+|an\s+)?(?:frustrating|stressful|upsetting|maddening|infuriating|irritating|annoying|disappointing|frightening|scary|awful|horrible|terrible|worrying|exhausting|aggravating|nerve-?wracking|heartbreaking|a\s+(?:real\s+)?(?:pain|hassle|headache|nightmare))\b(?!\s+(?:to\s+(?:say|tell|answer|know|find|read|see|believe|beat|hear\s+about\s+(?:them|their))|deal\b|price\b|offer\b))`,
      String.raw`^\s*(?:oh(?:\s*,)?\s*)?(?:what\s+a\s+(?:headache|hassle|pain|nightmare|mess|rough\s+(?:day|week|time)|stressful\s+\w+)|how\s+(?:frustrating|stressful|awful|annoying|upsetting|maddening|horrible|scary|worrying))\b`,
      String.raw`\bi\s+can\s+(?:only\s+)?imagine\b`,
      String.raw`\b(?:that'?s|that\s+is|it'?s|it\s+is)\s+never\s+(?:a\s+)?(?:fun|easy|nice|pleasant)\b`,
      String.raw`\bi\s+can\s+(?:hear|tell|see)\s+(?:how|that|you'?re|this|it'?s)\s+(?:[\w']+\s+){0,3}?${FEELING}`,
    ],
    unless: { negated: true, question: true, reported: true },
    message: "Names how the situation feels for the customer.",
    examples: {
      hit: [
        "That sounds really frustrating.",
        "That must have been so stressful with the kids in the car.",
        "What a headache, three calls for one bill.",
        "I can only imagine how that felt.",
        "I can hear how upset you are about this.",
      ],
      miss: [
        "That isn't frustrating for most people, it's automatic.",
        "That's a terrible deal, I'd skip that add-on.",
        "Is that stressful for you?",
        "That sounds like the older model.",
      ],
    },
  },
  {
    id: "empathy/validates",
    tag: "empathy",
    cues: ["id", "would", "anyone", "right", "wonder", "blame", "understandable", "fair", "reasonable", "valid"],
    description: "Validates the reaction: \"I'd be upset too\", \"you have every right to be frustrated\".",
    patterns: [
      String.raw`\b(?:i'?d|i\s+would)\s+(?:be|feel)\s+(?:[\w']+\s+){0,2}?(?:too|as\s+well|the\s+same)\b`,
      String.raw`\b(?:i'?d|i\s+would)\s+(?:be|feel)\s+(?:[\w']+\s+){0,2}?(?:upset|frustrated|angry|annoyed|furious|mad|livid|worried|confused|disappointed)\s+(?:if|in\s+your)`,
      String.raw`\banyone\s+would\s+be\s+(?:[\w']+\s+)?(?:upset|frustrated|angry|annoyed|worried|confused|disappointed|fed\s+up)\b`,
      String.raw`\byou\s+have\s+every\s+right\s+to\s+be\b`,
      String.raw`\bno\s+wonder\s+you(?:'re|\s+are|\s+were)\b`,
      String.raw`\bi\s+(?:don'?t|do\s+not)\s+blame\s+you\b`,
      String.raw`\b(?:that'?s|that\s+is|it'?s)\s+(?:completely|totally|perfectly|entirely)\s+(?:understandable|fair|reasonable|valid)\b`,
      String.raw`\b(?:you'?re|you\s+are)\s+(?:completely\s+|totally\s+|absolutely\s+)?right\s+to\s+be\s+(?:[\w']+\s+)?(?:upset|frustrated|angry|annoyed|worried|concerned)\b`,
    ],
    unless: { question: true, reported: true },
    message: "Validates the customer's reaction as reasonable.",
    examples: {
      hit: [
        "Honestly, I'd be upset too.",
        "You have every right to be annoyed about that.",
        "I don't blame you one bit.",
        "That's completely understandable after two missed visits.",
      ],
      miss: ["Would you be okay with a Tuesday slot?", "I'd be happy to help with that."],
    },
  },
  {
    id: "empathy/understands-feeling",
    tag: "empathy",
    cues: ["frustrat*", "stress*", "upset*", "annoy*", "infuriat*", "maddening", "aggravat*", "worr*", "scar*", "frighten*", "awful", "terrible", "horrible", "difficult", "hard", "tough", "rough", "exhausting", "overwhelming", "inconvenient", "disappoint*", "unsettling", "nerve", "nervewracking", "concerning", "alarming", "pain", "hassle", "headache", "nightmare", "mess", "lot", "fun", "last", "irritating", "heartbreaking", "important", "urgent", "means", "matters", "easy", "great", "long", "what"],
    description: "Says they understand the feeling or the stakes, not just the words: \"I understand how stressful this is\".",
    patterns: [
      String.raw`\bi\s+(?:completely\s+|totally\s+|really\s+|absolutely\s+|fully\s+|do\s+)?(?:understand|get|know|see|realize|appreciate)\s+(?:how|why|that|what|this|it'?s|you'?re|you\s+are|you'?ve|you\s+have)\s+(?:[\w']+\s+){0,5}?${FEELING}`,
      String.raw`\bi\s+(?:completely\s+|totally\s+|really\s+|absolutely\s+|fully\s+)?(?:understand|get|know|see)\s+(?:how|why)\s+(?:[\w']+\s+){0,3}?(?:important|urgent|much\s+(?:this|that|it)\s+(?:means|matters))`,
      String.raw`\bi\s+(?:completely\s+|totally\s+|really\s+)?(?:know|understand|get|realize|appreciate|can\s+see)\s+(?:that\s+)?(?:[\w']+\s+){1,6}?(?:is|are|was|were|has\s+been|have\s+been|can\s+be|must\s+be)\s+${INTENSIFIERS}(?:such\s+a\s+|a\s+)?${FEELING}`,
      String.raw`\bi\s+know\s+(?:this|that|it)\s+(?:has\s+been|is|was)\s+(?:[\w']+\s+)?(?:not\s+(?:easy|fun|what\s+you)|a\s+lot|hard|rough|difficult|stressful|frustrating|long)\b`,
      String.raw`\bi\s+know\s+(?:this|that|it)\s+(?:hasn'?t|has\s+not|isn'?t|is\s+not|wasn'?t|was\s+not)\s+(?:been\s+)?(?:[\w']+\s+)?(?:easy|fun|great|what\s+you)\b`,
    ],
    unless: { question: true, reported: true, negated: true },
    message: "Shows understanding of how the situation affects the customer.",
    examples: {
      hit: [
        "I understand how stressful it is to be without a car.",
        "I completely get why that's frustrating.",
        "I know this hasn't been a fun week for you, and I see how much this matters.",
      ],
      miss: [
        "I understand your concern. Can I have the order number?",
        "I understand. Let me pull up the account.",
        "I don't understand what happened here.",
      ],
    },
  },
];
