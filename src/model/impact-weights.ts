// Written by `npm run train` (scripts/impact.ts) from hand-judged impact; do not edit by hand.
import type { ScoringWeights } from "../score.js";

export const IMPACT_WEIGHTS: ScoringWeights = {
  "apology": 4,
  "apologyWithOwnership": 5,
  "ownership": 5,
  "empathy": 6,
  "empathyWhenUpset": 7,
  "defensiveness": -16,
  "defensivenessWhenUpset": -17,
  "competitor-bashing": -10,
  "pushing": [
    -12,
    -15,
    -16,
    -21
  ],
  "escalation": -2,
  "churn": -8,
  "de-escalation": 8,
  "trendPerUnit": 15,
  "trendCap": 9,
  "unresolved": -1,
  "squash": 40
};
