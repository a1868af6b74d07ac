import type { Rule } from "../types.js";

const INSULT = String.raw`(?:joke|scam|scammers|garbage|trash|junk|rubbish|crooks?|liars?|clowns?|terrible|awful|horrible|useless|hopeless|incompetent|clueless|shady|dishonest|sketchy|ripoff|rip-off|worst|pathetic|nightmare|disaster|mess|worthless|frauds?|cowboys|amateurs|dump|dive|dumpster\s+fire|a\s+racket|a\s+con|crap|crappy|lousy|shoddy|dodgy|unreliable|a\s+bunch\s+of\s+\w+)`;


export const rules: readonly Rule[] = [
  {
    id: "competitor-bashing/insults",
    tag: "competitor-bashing",
    cues: ["joke", "scam", "scammers", "garbage", "trash", "junk", "rubbish", "crook", "crooks", "liar", "liars", "clown", "clowns", "terrible", "awful", "horrible", "useless", "hopeless", "incompetent", "clueless", "shady", "dishonest", "sketchy", "ripoff", "rip", "worst", "pathetic", "nightmare", "disaster", "mess", "worthless", "fraud", "frauds", "cowboys", "amateurs", "dump", "dive", "dumpster", "racket", "con", "crap", "crappy", "lousy", "shoddy", "dodgy", "unreliable", "bunch", "suck", "sucks", "stink", "stinks", "blows", "cheap", "cheaper", "pay"],
    description: "Calls a competitor or its product names: \"their coverage is a joke\", \"those guys are crooks\".",
    patterns: [
      String.raw`\b{rival}(?:'s|')?(?:\s+[\w-]+){0,3}?(?:\s+(?:is|are|was|were|seems|seem)|'s|'re)\s+(?:(?:a|an|just|such|total|complete|absolute|really|so|pretty|honestly|frankly|basically|notoriously|famously|known\s+for\s+being|the|kind\s+of|kinda|always|all)\s+){0,3}${INSULT}\b`,
      String.raw`\b{rival}(?:'s|')?\s+(?:[\w-]+\s+){0,2}?(?:sucks?|stinks?|blows|is\s+a\s+dumpster\s+fire)\b`,
      String.raw`\b{rival}(?:'re|'s|\s+are|\s+is)\s+(?:[\w']+\s+)?cheap(?:er)?\s+for\s+a\s+reason\b`,
      String.raw`\byou\s+get\s+what\s+you\s+pay\s+for\s+with\s+{rival}\b`,
    ],
    unless: { reported: true, question: true },
    message: "Insults a competitor: it sounds petty and makes the customer defend the rival, or their own choice.",
    suggestion: "They suit some people. Where we're strong for you is [specific strength]; want me to show you how that works on your account?",
    examples: {
      hit: [
        { text: "Honestly, their network is a joke.", before: ["We're thinking of switching to Lumen."] },
        "Those guys are crooks, everybody knows it.",
        { text: "Lumen's customer service is the worst in the business.", before: ["Lumen offered me forty a month."] },
        "The other providers are garbage out in rural areas.",
        { text: "Honestly they're all crooks over there.", before: ["I'm moving my account to Fairway Bank."] },
        { text: "Their coverage is garbage outside the city, you know that, right?", before: ["I'm porting my number to Brightline."] },
      ],
      miss: [
        { text: "Their plan is a good one, to be fair, but ours includes the second line.", before: ["I'm looking at Lumen."] },
        { text: "Our plan includes a second line at no cost, theirs charges for it.", before: ["Lumen is cheaper."] },
        "The old router is a joke, let me send you a new one.",
        { text: "You said their support was terrible?", before: ["I used to be with Lumen."] },
      ],
    },
  },
  {
    id: "competitor-bashing/dishonesty",
    tag: "competitor-bashing",
    cues: ["rip", "ripped", "rips", "ripping", "jack", "jacks", "jacked", "lie", "lies", "lied", "lying", "scam", "scams", "scammed", "scamming", "cheat", "cheats", "cheated", "cheating", "screw", "screws", "screwing", "gouge", "gouges", "gouging", "trick", "tricks", "steal", "steals", "nickel", "bait", "fleece", "fleeces", "con", "cons", "hidden", "junk", "fine", "trusted"],
    description: "Accuses a competitor of cheating its customers: \"they rip people off\", \"they'll hit you with hidden fees\".",
    patterns: [
      String.raw`\b{rival}\s+(?:[\w']+\s+){0,2}?(?:rip|ripped|rips|ripping)\s+(?:[\w']+\s+){0,2}?off\b`,
      String.raw`\b{rival}(?:'ll|'re)?\s+(?:will\s+|would\s+|always\s+|just\s+|only\s+|usually\s+|totally\s+|basically\s+|are\s+|is\s+)?(?:jack(?:s|ed)?\s+(?:up\s+)?(?:the\s+|their\s+|your\s+)?(?:price|prices|rates?|bills?)|lie|lies|lied|lying|scam|scams|scammed|scamming|cheat|cheats|cheated|cheating|screw|screws|screwing|gouge|gouges|gouging|trick|tricks|steal|steals|nickel[-\s]and[-\s]dime|bait[-\s]and[-\s]switch|fleece|fleeces|con|cons)\b`,
      String.raw`\b{rival}(?:'ll|'re)?\s+(?:[\w']+\s+){0,3}?(?:hidden\s+fees|junk\s+fees|fine\s+print|bait\s+and\s+switch)\b`,
      String.raw`\b{rival}\s+(?:[\w']+\s+)?can'?t\s+be\s+trusted\b`,
    ],
    unless: { reported: true, question: true, negated: true },
    message: "Accuses a competitor of dishonesty: it reads as a smear and costs the agent's own credibility.",
    suggestion: "I can't speak for how they work. What I can do is put our terms in writing for you, so there are no surprises: [terms].",
    examples: {
      hit: [
        { text: "They rip people off with those teaser rates.", before: ["I got a quote from Brightline."] },
        { text: "They'll hit you with hidden fees the second month.", before: ["Another company is offering me a better rate."] },
        "The other insurers will lie to you about coverage.",
      ],
      miss: [
        { text: "They don't charge an activation fee, that's true.", before: ["Brightline has no activation fee."] },
        "They rip up the old carpet before the install.",
        { text: "Do they charge hidden fees?", before: ["Brightline quoted me less."] },
      ],
    },
  },
  {
    id: "competitor-bashing/regret-and-distrust",
    tag: "competitor-bashing",
    cues: ["regret", "regretting", "back", "paying", "wouldnt", "would", "never", "luck", "dont", "not", "sorry"],
    description: "Runs down a competitor's customers or warns them off: \"people who go with them always regret it\", \"I wouldn't trust them\".",
    patterns: [
      String.raw`\b(?:people|customers|folks|everyone|anyone|everybody|most\s+people)\s+(?:who|that)\s+(?:go|goes|went|switch|switches|switched|leave|leaves|left|move|moves|moved|sign\s+up)\s+(?:(?:over\s+)?(?:to|with)\s+)?{rival}\s+(?:[\w']+\s+){0,2}?(?:regret|come\s+(?:crawling\s+)?back|end\s+up\s+(?:back|regretting|paying\s+more))`,
      String.raw`\b(?:i\s+)?(?:wouldn'?t|would\s+never|would\s+not|never\s+would)\s+(?:trust|use|go\s+with|recommend|touch|buy\s+from|deal\s+with)\s+{rival}\b`,
      String.raw`\bgood\s+luck\s+(?:with|getting)\s+{rival}\b`,
      String.raw`\b{rival}\s+(?:[\w']+\s+){0,2}?(?:don'?t|do\s+not|never)\s+(?:care\s+about|deliver|answer|pick\s+up|fix|bother)\b`,
      String.raw`\byou'?ll\s+(?:regret|be\s+sorry)\s+(?:[\w']+\s+){0,3}?{rival}\b`,
    ],
    unless: { reported: true, question: true },
    message: "Warns the customer off a competitor by running it down, not by showing what we do better.",
    suggestion: "It's your call, and if you go, the door stays open. Customers who stay tell us [specific strength] is what matters to them.",
    examples: {
      hit: [
        { text: "People who go with them always regret it.", before: ["I'm switching to Brightline."] },
        { text: "I wouldn't trust them with my phone bill.", before: ["I'm moving to Brightline."] },
        { text: "Good luck getting them on the phone when it breaks.", before: ["We're going with another company."] },
        { text: "Folks who move to the other guys end up regretting it.", before: ["I might switch."] },
      ],
      miss: [
        { text: "Customers who switched from other providers tell us the support is what they like most.", before: ["I'm thinking of switching."] },
        { text: "They never charge for installs, so that's a fair point.", before: ["Brightline installs for free."] },
      ],
    },
  },
];
