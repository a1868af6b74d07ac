// Written by `npm run train` (scripts/impact.ts) from hand-judged impact; do not edit by hand.
import type { ScoringWeights } from "../score.js";

export const IMPACT_WEIGHTS: ScoringWeights = {
  "apology": 4,
  "apologyWithOwnership": 5,
  "ownership": 5,
  "empathy": 6,
  "empathyWhenUpset": 7,
  "defensiveness": -15,
  "defensivenessWhenUpset": -16,
  "competitor-bashing": -8,
  "pushing": [
    -10,
    -17,
    -18,
    -19
  ],
  "escalation": -2,
  "churn": -5,
  "de-escalation": 7,
  "trendPerUnit": 11.67,
  "trendCap": 7,
  "unresolved": -3,
  "squash": 40
};
