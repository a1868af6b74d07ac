// Written by `npm run train` (scripts/impact.ts) from hand-judged impact; do not edit by hand.
import type { ScoringWeights } from "../score.js";

export const IMPACT_WEIGHTS: ScoringWeights = {
  "apology": 7,
  "apologyWithOwnership": 8,
  "ownership": 5,
  "empathy": 6,
  "empathyWhenUpset": 7,
  "defensiveness": -16,
  "defensivenessWhenUpset": -17,
  "competitor-bashing": -12,
  "pushing": [
    -12,
    -16,
    -17,
    -18
  ],
  "escalation": -7,
  "churn": -7,
  "de-escalation": 6,
  "trendPerUnit": 13.33,
  "trendCap": 8,
  "unresolved": -4,
  "squash": 40
};
