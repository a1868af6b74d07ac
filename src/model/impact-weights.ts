// Written by `npm run train` (scripts/impact.ts) from hand-judged impact; do not edit by hand.
import type { ScoringWeights } from "../score.js";

export const IMPACT_WEIGHTS: ScoringWeights = {
  "apology": 2,
  "apologyWithOwnership": 3,
  "ownership": 5,
  "empathy": 6,
  "empathyWhenUpset": 7,
  "defensiveness": -14,
  "defensivenessWhenUpset": -16,
  "competitor-bashing": -8,
  "pushing": [
    -11,
    -16,
    -17,
    -18
  ],
  "escalation": -1,
  "churn": -6,
  "de-escalation": 4,
  "trendPerUnit": 11.67,
  "trendCap": 7,
  "unresolved": -2,
  "squash": 40
};
