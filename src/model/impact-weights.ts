// Written by `npm run train` (scripts/impact.ts) from hand-judged impact; do not edit by hand.
import type { ScoringWeights } from "../score.js";

export const IMPACT_WEIGHTS: ScoringWeights = {
  "apology": 6,
  "apologyWithOwnership": 7,
  "ownership": 5,
  "empathy": 6,
  "empathyWhenUpset": 7,
  "defensiveness": -16,
  "defensivenessWhenUpset": -17,
  "competitor-bashing": -10,
  "pushing": [
    -12,
    -17,
    -18,
    -19
  ],
  "escalation": -8,
  "churn": -7,
  "de-escalation": 5,
  "trendPerUnit": 11.67,
  "trendCap": 7,
  "unresolved": 0,
  "squash": 40
};
