import type { Rule } from "../types.js";

const ACTIONS = String.raw`(?:make\s+sure|fix|mail|post|courier|overnight|deliver|bring|drop\s+off|trace|send|resend|re-send|call\s+you|ring\s+you|email|e-mail|text\s+you|process|issue|reissue|refund|credit|waive|escalate|expedite|schedule|reschedule|book|rebook|upgrade|replace|ship|reship|follow\s+up|set\s+(?:up|you\s+up)|update|correct|reverse|remove|apply|order|submit|file|log|open\s+(?:a|an|the|your)|raise|put\s+(?:in|through|a|the)|take\s+care|handle|sort|get\s+(?:a|the|that|this|you|it|your|someone|somebody)|cover|pay|reimburse|comp|adjust|reset|restore|reconnect|reactivate|cancel|close|transfer\s+(?:the|your)|push|rush|reserve|arrange|dispatch|stay\s+on|keep\s+an\s+eye|personally|walk\s+you\s+through|track|chase|honor|honour|match|void|release|unlock|repair|swap|exchange|extend|add\s+(?:a|the)\s+(?:credit|refund|discount))`;

export const rules: readonly Rule[] = [
  {
    id: "ownership/admits-fault",
    tag: "ownership",
    description: "Admits the company's or the agent's own fault: \"that's on us\", \"our mistake\", \"we should have called you\".",
    patterns: [
      String.raw`\b(?:(?:that|this)(?:\s+one)?(?:'s|\s+is|\s+was)|it'?s|it\s+is|it\s+was)\s+(?:(?:entirely|completely|totally|all|definitely|squarely|100\s*%|a\s+hundred\s+percent)\s+)?on\s+(?:us|me)\b`,
      String.raw`\b(?:our|my)\s+(?:own\s+)?(?:mistake|error|fault|screw-?up|mess-?up|oversight|slip-?up|mix-?up)\b`,
      String.raw`\b(?:we|i)\s+(?:really\s+|totally\s+|clearly\s+)?(?:messed|screwed|mixed|fouled|slipped)\s+(?:(?:it|this|that|things)\s+)?up\b`,
      String.raw`\b(?:we|i)\s+(?:really\s+|clearly\s+)?dropped\s+the\s+ball\b`,
      String.raw`\b(?:we|i)\s+(?:made|have\s+made|'ve\s+made)\s+(?:a|an)\s+(?:[\w']+\s+)?(?:mistake|error)\b`,
      String.raw`\b(?:we|i)\s+(?:really\s+|definitely\s+|absolutely\s+)?(?:should(?:\s+have|'ve)|shouldn'?t\s+have|should\s+not\s+have)\s+(?:[\w']+\s+)?(?:called|told|warned|caught|checked|sent|charged|cancell?ed|shipped|booked|noticed|flagged|let|explained|mentioned|done|given|processed|double-checked|confirmed|informed|updated|fixed|installed|waited)\b`,
      String.raw`\b(?:we|i)\s+(?:got|had)\s+(?:it|that|this|your\s+\w+)\s+wrong\b`,
      String.raw`\bthat\s+was\s+(?:us|me)\b`,
      String.raw`\bwe\s+(?:were|are)\s+(?:at\s+fault|in\s+the\s+wrong)\b`,
      String.raw`\bwe\s+(?:charged|billed|sent|shipped|booked|gave|told|quoted)\s+you\s+(?:[\w']+\s+)?(?:wrong|twice|double|incorrect|the\s+wrong)\b`,
      String.raw`\b(?:you'?re|you\s+are)\s+(?:absolutely\s+|completely\s+|totally\s+|a\s+hundred\s+percent\s+)?right\b[^.!?]{0,40}\b(?:we|i)\s+(?:should|did|didn'?t|messed|missed|forgot|charged|sent)\b`,
      String.raw`\bno\s+excuse\b`,
      String.raw`\b(?:it'?s|that'?s|it\s+is|that\s+is)\s+(?:absolutely\s+|definitely\s+|totally\s+|still\s+|entirely\s+)?(?:our|my)\s+(?:job|responsibility)\b`,
    ],
    unless: { negated: true, question: true, reported: true },
    message: "Admits the fault plainly instead of explaining it away.",
    examples: {
      hit: [
        "That one's on us, no question.",
        "That was our error, the rate was entered wrong.",
        "We should have called you when the part was delayed.",
        "We messed this up, plain and simple.",
        "The part was back-ordered, but that's no excuse.",
      ],
      miss: [
        "It's not our fault the courier was late.",
        "That's not on us, that's the bank.",
        "Was that our mistake or the store's?",
        "It's not my job to decide that.",
        "He said it was our error.",
      ],
    },
  },
  {
    id: "ownership/commits-action",
    tag: "ownership",
    description: "Commits personally to a concrete next step for this customer: \"I'll make sure the refund goes out today\", \"let me fix this\".",
    patterns: [
      String.raw`\b(?:i'?ll|i\s+will|i'?m\s+going\s+to|i\s+am\s+going\s+to|i'?m\s+gonna|let\s+me|i\s+promise\s+(?:to|i'?ll)|we'?ll|we\s+will|i'?m\s+about\s+to)\s+(?:(?:personally|also|right\s+away|go\s+ahead\s+and|just|now|immediately|quickly|gladly|happily|first|definitely|absolutely|make\s+sure\s+to|be\s+the\s+one\s+to)\s+)*${ACTIONS}\b`,
    ],
    unless: {
      negated: true,
      question: true,
      reported: true,
      after: String.raw`^[^.!?]{0,60}?\b(?:in\s+case|reconsider|change\s+your\s+mind|changed\s+your\s+mind|your\s+feedback|your\s+comments|see\s+if\s+you(?:'ve|\s+have)?\s+(?:changed|thought|decided))`,
    },
    message: "Commits to a concrete next step for the customer.",
    examples: {
      hit: [
        "I'll make sure the refund goes out today.",
        "Let me fix this for you right now.",
        "I'll call you back by four with the answer.",
        "I'm going to escalate this to the regional manager myself.",
        "We'll ship a replacement tonight at no charge.",
      ],
      miss: [
        "I'll check back Friday in case you've reconsidered.",
        "I won't be able to refund that.",
        "Would you like me to send a replacement?",
        "I'll share your feedback with the team.",
        "Someone will look into it.",
        "I can extend it to Sunday if you'd like.",
        "You'll need to call billing for that.",
      ],
    },
  },
  {
    id: "ownership/action-done",
    tag: "ownership",
    description: "Reports an action already taken for the customer: \"I've reissued the order\", \"done, it's booked\".",
    patterns: [
      String.raw`\b(?:i|we)(?:'ve|\s+have)\s+(?:just\s+|already\s+|now\s+|gone\s+ahead\s+and\s+|personally\s+|also\s+)*(?:(?:put|set)\s+(?:it|that|this|you|a|the|your)|set\s+(?:it|that|this|you)\s+up|reissued|refunded|credited|processed|sent|resent|issued|waived|traced|located|found|knocked|switched|started|placed|secured|cleared|booked|lined\s+up|organi[sz]ed|contacted|spoken\s+(?:to|with)|taken\s+off|turned\s+off|stopped|paused|halted|escalated|expedited|scheduled|rescheduled|booked|rebooked|logged|filed|opened|submitted|cancell?ed|closed|updated|applied|ordered|reversed|removed|corrected|fixed|put\s+(?:in|through)|arranged|dispatched|upgraded|replaced|reset|restored|reconnected|reactivated|added|set\s+up|taken\s+care|raised|adjusted|reimbursed|covered|shipped|emailed|texted|moved|changed|released|voided|unlocked|extended|honou?red|matched|reserved|requested|flagged|notified|blocked|frozen|locked|unblocked|deactivated|disabled|enabled|activated|cancell?ed)\b`,
      String.raw`\b(?:i'?m|i\s+am|we'?re|we\s+are)\s+(?:now\s+|also\s+|personally\s+|already\s+)?(?:sending|shipping|refunding|crediting|issuing|reissuing|booking|scheduling|arranging|waiving|reversing|removing|processing|escalating|expediting|dispatching|replacing|fixing|overnighting|couriering|covering)\b`,
      String.raw`^\s*(?:(?:okay|ok|alright|all\s+right|right|great|perfect)\s*,?\s*)?(?:done|all\s+set|all\s+done|sorted|that'?s\s+done|you'?re\s+all\s+set)\b\s*[,.!-]`,
      String.raw`\b(?:it'?s|that'?s|you'?re|it\s+is)\s+(?:now\s+|all\s+)?(?:booked|done|sorted|processed|fixed|taken\s+care\s+of|confirmed|cancell?ed|refunded|credited|rebooked|reissued|removed|closed|waived|reversed|unlocked|restored|extended|applied|switched\s+off|turned\s+off)\b`,
      String.raw`\b(?:the|your)\s+(?:account|order|booking|reservation|service|line|subscription|plan|policy|card|feature|charge|fee|block|hold|claim|appointment)\s+(?:is\s+now|has\s+(?:now\s+|just\s+)?been|is)\s+(?:closed|cancell?ed|removed|reversed|waived|refunded|credited|unlocked|restored|reactivated|fixed|upgraded|downgraded|released|lifted|approved|paused)\b(?!\s+(?:since|as\s+of|on\s+the|for\s+(?:a|some|over)))`,
      String.raw`\b(?:your|the|a)\s+(?:full\s+)?(?:refund|credit|replacement|reimbursement|voucher|new\s+\w+|technician|tech|order|reservation|booking|appointment|ticket|claim|adjustment|cancell?ation|callback|check|payment)\s+(?:of\s+\S+\s+)?(?:has\s+(?:now\s+|just\s+|already\s+)?been|is\s+now|will\s+be)\s+(?:processed|issued|approved|scheduled|booked|confirmed|sent|applied|placed|submitted|expedited|dispatched|credited|waived|reversed|released)\b`,
      String.raw`\b(?:your|the|a)\s+(?:full\s+)?(?:refund|credit|replacement|reimbursement|voucher|new\s+\w+|technician|tech|check|payment|confirmation|receipt|label|return\s+label|letter)\s+(?:of\s+\S+\s+)?(?:is\s+(?:already\s+)?(?:on\s+(?:its|the)\s+way|going\s+out\s+(?:today|tonight|now)))`,
      String.raw`\byou'?re\s+(?:now\s+|all\s+)?(?:set\s+(?:for|to|up)|booked\s+(?:for|on|in)|confirmed\s+(?:for|on)|rebooked|scheduled\s+for|moved\s+to)\b`,
      String.raw`\bwe\s+(?:won'?t|will\s+not)\s+(?:contact|call|charge|bill|bother)\s+you\b`,
    ],
    unless: {
      negated: true,
      question: true,
      reported: true,
      before: String.raw`\b(?:i\s+see|i\s+can\s+see|it\s+(?:shows|says|looks\s+like)|(?:our|the|my)\s+(?:records?|screen|system)\s+(?:shows?|says?))\s+(?:that\s+)?(?:[\w']+\s+){0,3}$`,
    },
    message: "Tells the customer the fix is already done.",
    examples: {
      hit: [
        "I've already reissued the order, the new number is 4471.",
        "Done, it's booked for Tuesday at nine.",
        "Your refund of $40 is on its way.",
        "I've logged a fault with the network team under your account.",
        "Okay, all set. You'll get a text in a minute.",
      ],
      miss: [
        "I haven't processed anything yet.",
        "Has the refund been processed?",
        "Your balance is forty dollars.",
        "Your order shipped on the third.",
        "I see the account is closed since March.",
        "Are we sending it by post or email?",
        "It looks like the card is blocked.",
      ],
    },
  },
];
