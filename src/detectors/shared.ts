/**
 * Phrase fragments (regex sources) that several rules use. Data, like the rules themselves.
 */

/** The agent offers a way forward in the same turn: a constraint stated with an alternative is not a brush-off. */
export const OFFERS_ALTERNATIVE = String.raw`\bwhat\s+(?:i|we)\s+(?:can|will|could)\s+do\b|\bbut\s+(?:i\s+can|i'?ll|i\s+will|let\s+me|we\s+can|we'?ll|we\s+will|i\s+could|here'?s)\b|\binstead\b|\balternatively\b|\bhere'?s\s+what\b|\bi\s+can\s+(?:offer|transfer|connect|put\s+you|give\s+you|get\s+you|set\s+you|send\s+you|waive|credit)\b|\b(?:i'?ll|i\s+will|let\s+me)\s+(?:transfer|connect|put\s+you\s+through|warm[-\s]transfer|conference)\b|\b(?:their|the|its)\s+(?:direct\s+)?(?:number|line|extension)\s+is\b|\b\d{3}[-.\s]\d{3}[-.\s]?\d{4}\b|\b1-?8\d\d\b|\bwhat\s+i\s+can\s+offer\b|\bthe\s+good\s+news\b|\bmake\s+an\s+exception\b|\b(?:i'?ll|i\s+will|let\s+me|i\s+can)\s+(?:still\s+|go\s+ahead\s+and\s+|also\s+)?(?:make|waive|refund|credit|honou?r|extend|offer|give|send|process|arrange|book|cover|reissue|replace|escalate)\b`;

/** The agent gives the reason for a rule, which is an explanation, not a shield. */
export const GIVES_REASON = String.raw`\bbecause\b|\bthe\s+reason\b|\bso\s+that\b|\bthat'?s\s+(?:so|to\s+protect|to\s+keep|to\s+make\s+sure)\b|\bit'?s\s+(?:there\s+)?(?:to\s+protect|so\s+that|for\s+your)\b|\bto\s+(?:protect|prevent)\s+(?:you|your|customers)\b`;

/** The agent leaves the decision with the customer. */
export const LEAVES_CHOICE = String.raw`\byour\s+(?:call|choice|decision)\b|\bup\s+to\s+you\b|\bwhatever\s+you\s+(?:prefer|decide|choose|'d\s+like|would\s+like)\b|\bwhich\s+(?:would\s+you\s+prefer|works\s+(?:better|best)|do\s+you\s+prefer|would\s+you\s+like)\b|\bno\s+pressure\s+either\s+way\b|\beither\s+way\s+is\s+(?:fine|ok|okay|great)\b|\btotally\s+(?:understand|fine)\s+if\s+not\b`;

/** Intensifiers that may sit between a subject and its word ("I'm so very sorry"). */
export const INTENSIFIERS = String.raw`(?:(?:so|very|really|truly|terribly|deeply|extremely|incredibly|genuinely|sincerely|awfully|super|just|honestly|completely|totally)\s+){0,4}`;
