import type { Rule } from "../types.js";
import { LEAVES_CHOICE } from "../shared.js";

const SAID_NO = ["No, I want to cancel the service."];

export const rules: readonly Rule[] = [
  {
    id: "pushing/false-urgency",
    tag: "pushing",
    description: "Invented urgency: \"only good until noon\", \"gone for good once you leave\", \"last chance\".",
    patterns: [
      String.raw`\b(?:only|just)\s+(?:good|valid|available|runs|lasts|on\s+the\s+table|open)\s+(?:until|till|til|through|for)\s+(?:today|tonight|noon|midnight|the\s+end\s+of\s+(?:the\s+|this\s+)?(?:day|call|week)|this\s+call|\d{1,2}(?::\d\d)?\s*(?:am|pm|a\.m\.|p\.m\.|o'?clock)?|the\s+next\s+(?:hour|few\s+minutes|\w+\s+minutes))`,
      String.raw`\b(?:today|tonight|this\s+call)\s+only\b`,
      String.raw`\b(?:this|that|the|our)\s+(?:[\w']+\s+)?(?:offer|price|rate|deal|discount|promo(?:tion)?)\s+(?:[\w']+\s+){0,2}?(?:expires|ends|goes\s+away|disappears|won'?t\s+(?:last|be\s+(?:here|around|available)))\s+(?:today|tonight|at|when|once|the\s+(?:moment|second|minute)|if|after|as\s+soon\s+as|in\s+(?:an|the\s+next|\d))`,
      String.raw`\bgone\s+(?:for\s+good|forever)\b`,
      String.raw`\blast\s+chance\b`,
      String.raw`\bbefore\s+it'?s\s+too\s+late\b`,
      String.raw`\bact\s+(?:now|fast|quickly)\b`,
      String.raw`\b(?:won'?t|will\s+not|never)\s+(?:see|get|be\s+offered)\s+(?:this|that|a|an)\s+(?:[\w']+\s+)?(?:price|deal|offer|rate)\s+(?:like\s+(?:this|that)\s+)?again\b`,
      String.raw`\b(?:prices?|rates?)\s+(?:are|is)\s+going\s+up\s+(?:tomorrow|tonight|next\s+week|soon|at)\b`,
      String.raw`\bonce\s+(?:you|this\s+call)\s+(?:leave|cancel|hang\s+up|go|walk\s+away|end|ends)\s*,?\s*(?:[\w']+\s+){0,4}?(?:is|are|'s|will\s+be)\s+gone\b`,
    ],
    unless: { question: true, reported: true, negated: true },
    overrides: ["ownership"],
    message: "Invents urgency to force a decision; customers remember being rushed.",
    suggestion: "Take the time you need; this option will be here when you're ready, and I'm happy to answer anything meanwhile.",
    examples: {
      hit: [
        "This price is only good until noon.",
        "That rate is today only, I'm afraid.",
        "Once you leave, this loyalty discount is gone for good.",
        "Honestly it's your last chance at this rate.",
      ],
      miss: [
        "The store is open until nine tonight.",
        "Is this price only good until noon?",
        "This isn't a last chance thing, it'll be here next month too.",
      ],
    },
  },
  {
    id: "pushing/threat",
    tag: "pushing",
    description: "Pressure by threat: \"unless you settle it on this call, I can't stop the late fee\".",
    patterns: [
      String.raw`\b(?:unless|if\s+you\s+(?:don'?t|do\s+not|can'?t|won'?t))\s+(?:[\w']+\s+){0,6}?(?:today|now|right\s+now|on\s+this\s+call|immediately|by\s+(?:tonight|noon|the\s+end\s+of\s+(?:the\s+)?(?:day|call)))\s*,?\s*(?:i|we)(?:'ll\s+have\s+to|'d\s+have\s+to|\s+(?:can'?t|cannot|won'?t|will\s+not|have\s+to|will\s+have\s+to|am\s+going\s+to\s+have\s+to|are\s+going\s+to\s+have\s+to))\b`,
      String.raw`\b(?:i|we)\s+(?:can'?t|cannot|won'?t)\s+(?:stop|hold\s+off|prevent|pause|guarantee|waive|keep)\s+(?:[\w']+\s+){0,6}?(?:unless|if\s+you\s+(?:don'?t|do\s+not|hang\s+up))\b`,
      String.raw`\bif\s+you\s+(?:hang\s+up|leave|walk\s+away|go)\s+(?:now\s+)?(?:[\w']+\s+){0,2}?(?:you(?:'ll|\s+will)?\s+(?:lose|forfeit|miss)|(?:it|this|the\s+\w+)\s+(?:is|'s|will\s+be)\s+gone)\b`,
    ],
    unless: { question: true, reported: true },
    overrides: ["ownership"],
    message: "Threatens a consequence to force a decision on this call.",
    suggestion: "Here's the date that matters and what happens after it. What works for you, today or before then?",
    examples: {
      hit: [
        "Unless you settle it on this call, I can't stop the late fee.",
        "If you don't pay today, I'll have to send it to collections.",
        "If you hang up now you'll lose the offer.",
      ],
      miss: [
        "If you can pay by the 15th, there's no late fee at all.",
        "Unless you'd rather keep paper bills, I'll switch you to e-billing.",
      ],
    },
  },
  {
    id: "pushing/persuades-after-no",
    tag: "pushing",
    description: "Keeps selling after the customer said no or stated a decision: \"do you really want to lose all those channels?\".",
    patterns: [
      String.raw`\b(?:do|are)\s+you\s+(?:really|honestly|truly|absolutely)\s+(?:want|sure|going|ready|need|willing)\b`,
      String.raw`\bare\s+you\s+(?:sure|certain|positive)\b`,
      String.raw`\bwhat\s+(?:can|could|would|will)\s+(?:i|we)\s+(?:do|offer|give\s+you)\s+(?:[\w']+\s+){0,3}?(?:keep|stay|change\s+your\s+mind|make\s+(?:it|this)\s+(?:right|work)|earn)`,
      String.raw`\bwhat\s+would\s+it\s+take\b`,
      String.raw`\bwhat\s+if\s+(?:i|we)\s+(?:could\s+|were\s+to\s+)?(?:give|offer|knock|threw|throw|took|take|waived?|matched?|lowered?|dropped?|got|cut|added?)\b`,
      String.raw`\b(?:how|what)\s+about\s+(?:if\s+)?(?:i|we)\s+(?:give|offer|knock|throw|take|waive|match|lower|drop|get|cut|add)\b`,
      String.raw`\bhow\s+about\s+(?:a|an|this|\d+|\$|one|two|three|half|another|(?:[\w']+\s+)?(?:months?|percent|discount|free))\b`,
      String.raw`\b(?:hear\s+me\s+out|give\s+(?:it|us|me)\s+(?:one\s+more|another|a)\s+(?:chance|try|shot|month))\b`,
      String.raw`\bbefore\s+you\s+(?:go|cancel|decide|leave|hang\s+up|make\s+(?:a|your|that|the)\s+(?:final\s+)?decision)\b`,
      String.raw`\b(?:let\s+me|can\s+i|could\s+i|may\s+i|i\s+(?:want|need|have|just\s+want)\s+to|allow\s+me\s+to)\s+(?:just\s+|quickly\s+|at\s+least\s+|still\s+|first\s+)*(?:tell|show|offer|give|walk)\s+you\s+(?:about|a|an|our|this|one|the|what|some|through)\b`,
      String.raw`\b(?:sleep\s+on\s+it|think\s+it\s+over|reconsider|rethink|change\s+your\s+mind|have\s+a\s+think|give\s+it\s+some\s+thought)\b`,
      String.raw`\b(?:i'?ll|i\s+will|let\s+me|i'?m\s+going\s+to|we'?ll)\s+(?:[\w']+\s+){0,3}?(?:call|ring|check\s+(?:in|back)|follow\s+up|reach\s+out|touch\s+base)\s+(?:[\w']+\s+){0,5}?(?:in\s+case|to\s+see\s+if|if\s+you(?:'ve|\s+have)?\s+(?:changed|reconsidered)|once\s+you'?ve\s+(?:had|thought))\b`,
      String.raw`\b(?:i'?ll|i\s+will|i'?m\s+going\s+to|let\s+me|we'?ll)\s+(?:just\s+|still\s+|go\s+ahead\s+and\s+)*(?:add|include|put|leave|keep|sign\s+you\s+up\s+for|enroll|activate)\s+(?:[\w']+\s+){0,5}?(?:anyway|anyways|regardless|just\s+in\s+case)\b`,
      String.raw`\byou(?:'d|\s+would|'re|\s+are)\s+(?:[\w']+\s+){0,2}?(?:making\s+a\s+(?:big\s+|huge\s+|real\s+)?mistake|missing\s+out|crazy\s+to|throwing\s+(?:away|money))\b`,
      String.raw`\b(?:it\s+would\s+be|that'?d\s+be|that\s+would\s+be|it'?d\s+be|it'?s)\s+(?:a\s+)?(?:real\s+|such\s+a\s+)?(?:shame|pity)\b`,
      String.raw`\bwhy\s+would\s+you\s+(?:want\s+to\s+)?(?:give\s+up|leave|lose|cancel|switch|walk\s+away|throw\s+away|pay\s+more|go)\b`,
      String.raw`\b(?:lose|losing|give\s+up|giving\s+up|walk\s+away\s+from|throw\s+away|throwing\s+away)\s+(?:[\w']+\s+){0,2}?(?:all\s+)?(?:your|those|that|this|these|our)\s+(?:[\w']+\s+){0,2}?(?:channels|benefits|perks|points|miles|discount|rate|price|loyalty|status|savings|years|history|coverage|features|speeds?|data|plan|bonus|credits?)\b`,
      String.raw`\bi\s+(?:really|strongly|honestly|seriously)\s+(?:think|believe|recommend|suggest|urge)\s+(?:[\w']+\s+){0,2}?(?:you\s+)?(?:keep|stay|reconsider|hold\s+on|don'?t\s+(?:cancel|leave|go)|wait)\b`,
      String.raw`\b(?:most|a\s+lot\s+of|many)\s+(?:people|customers|folks)\s+(?:who\s+(?:cancel|leave)\s+)?(?:[\w']+\s+){0,3}?(?:regret|come\s+back|end\s+up\s+coming\s+back)\b`,
      String.raw`\b(?:but|still|just)\s*,?\s*(?:think|consider|imagine)\s+(?:about\s+)?(?:how|what|all)\b`,
    ],
    when: { refusals: 1 },
    unless: {
      reported: true,
      before: String.raw`\b(?:can\s+always|if\s+you\s+ever|if\s+you\s+ever\s+want\s+to|whenever\s+you|you're\s+welcome\s+to)\s*$`,
      after: String.raw`^\s*(?:the\s+)?(?:confirmation|reference|ticket|case|claim|tracking|cancell?ation|direct\s+number|number|link|steps|process|form|return\s+label)\b`,
      turn: LEAVES_CHOICE,
    },
    overrides: ["ownership"],
    message: "Keeps persuading after the customer has decided; it turns a lost sale into a lost customer.",
    examples: {
      hit: [
        { text: "Do you really want to lose all those channels?", before: SAID_NO },
        { text: "What can I do to keep you with us?", before: SAID_NO },
        { text: "Sleep on it, and I'll ring you Friday.", before: ["No thanks, I'm not interested."] },
        { text: "I'll add the protection plan anyway, you can remove it later.", before: ["No, I don't want the protection plan."] },
        { text: "Why would you give up our speeds?", before: ["I want to cancel, we're switching providers."] },
        { text: "How about three months at half price?", before: ["No. I've decided, please cancel."] },
      ],
      miss: [
        "What can I do to make this right for you today?",
        { text: "Let me give you the confirmation number for the cancellation.", before: SAID_NO },
        { text: "I can close it today or keep it open until your move date, your call.", before: SAID_NO },
        { text: "You can always change your mind and come back.", before: SAID_NO },
        { text: "He asked if you were sure.", before: SAID_NO },
      ],
    },
  },
  {
    id: "pushing/stalls-request",
    tag: "pushing",
    description: "Delays the customer's decision by routing it somewhere slow: \"the manager will have to call you back to cancel\".",
    patterns: [
      String.raw`\b(?:the|a|my|our)\s+(?:manager|supervisor|retention\s+(?:team|department|specialist)|loyalty\s+(?:team|department)|account\s+manager|cancell?ations?\s+(?:team|department))\s+(?:will|would|'ll)\s+(?:have|need)\s+to\s+(?:call|contact|reach|get\s+back\s+to|approve|review)\b`,
      String.raw`\b(?:i|we)\s+(?:can'?t|cannot|am\s+not\s+able\s+to|'m\s+not\s+able\s+to|aren'?t\s+able\s+to|are\s+not\s+able\s+to)\s+(?:cancel|close|process\s+(?:the|your|a)\s+cancell?ation|do\s+(?:the|a)\s+cancell?ation)\s+(?:[\w']+\s+){0,3}?(?:over\s+the\s+phone|on\s+this\s+call|today|right\s+now|here|from\s+here)\b`,
      String.raw`\byou(?:'ll|\s+will)\s+(?:have|need)\s+to\s+(?:send|mail|fax|write|come\s+in|visit|submit)\s+(?:[\w']+\s+){0,3}?(?:letter|written|in\s+writing|request|form|store|branch|fax)\b`,
      String.raw`\b(?:someone|somebody)\s+(?:will|'ll)\s+(?:have\s+to\s+)?(?:call|get\s+back\s+to)\s+you\s+(?:[\w']+\s+){0,3}?(?:to\s+(?:process|finalize|complete|confirm)|about\s+(?:the|your)\s+cancell?ation)\b`,
    ],
    when: { refusals: 1 },
    unless: { reported: true, question: true },
    message: "Puts an obstacle between the customer and their decision.",
    suggestion: "I can take care of that for you right now on this call.",
    examples: {
      hit: [
        { text: "The manager will have to call you back to approve it.", before: SAID_NO },
        { text: "I can't cancel it over the phone, you'll have to send us a letter.", before: SAID_NO },
      ],
      miss: [
        "The manager will have to call you back to approve it.",
        { text: "He said someone will call you back about the cancellation.", before: SAID_NO },
      ],
    },
  },
];
