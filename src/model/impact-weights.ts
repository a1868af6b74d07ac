// Written by `npm run train` (scripts/impact.ts) from hand-judged impact; do not edit by hand.
import type { ScoringWeights } from "../score.js";

export const IMPACT_WEIGHTS: ScoringWeights = {
  "apology": 7,
  "apologyWithOwnership": 8,
  "ownership": 5,
  "empathy": 6,
  "empathyWhenUpset": 7,
  "defensiveness": -17,
  "defensivenessWhenUpset": -18,
  "competitor-bashing": -9,
  "pushing": [
    -13,
    -16,
    -17,
    -18
  ],
  "escalation": -7,
  "churn": -10,
  "de-escalation": 7,
  "trendPerUnit": 11.67,
  "trendCap": 7,
  "unresolved": -3,
  "squash": 40
};
