// Written by `npm run train` (scripts/impact.ts) from hand-judged impact; do not edit by hand.
import type { ScoringWeights } from "../score.js";

export const IMPACT_WEIGHTS: ScoringWeights = {
  "apology": 5,
  "apologyWithOwnership": 6,
  "ownership": 6,
  "empathy": 7,
  "empathyWhenUpset": 8,
  "defensiveness": -18,
  "defensivenessWhenUpset": -19,
  "competitor-bashing": -12,
  "pushing": [
    -13,
    -16,
    -17,
    -20
  ],
  "escalation": -1,
  "churn": -10,
  "de-escalation": 9,
  "trendPerUnit": 16.67,
  "trendCap": 10,
  "unresolved": 0,
  "squash": 40
};
