// Written by `npm run train` (scripts/impact.ts) from hand-judged impact; do not edit by hand.
import type { ScoringWeights } from "../score.js";

export const IMPACT_WEIGHTS: ScoringWeights = {
  "apology": 4,
  "apologyWithOwnership": 5,
  "ownership": 5,
  "empathy": 7,
  "empathyWhenUpset": 8,
  "defensiveness": -16,
  "defensivenessWhenUpset": -17,
  "competitor-bashing": -9,
  "pushing": [
    -12,
    -17,
    -18,
    -19
  ],
  "escalation": -4,
  "churn": -6,
  "de-escalation": 6,
  "trendPerUnit": 11.67,
  "trendCap": 7,
  "unresolved": -1,
  "squash": 40
};
