// Written by `npm run train` (scripts/impact.ts) from hand-judged impact; do not edit by hand.
import type { ScoringWeights } from "../score.js";

export const IMPACT_WEIGHTS: ScoringWeights = {
  "apology": 5,
  "apologyWithOwnership": 6,
  "ownership": 5,
  "empathy": 6,
  "empathyWhenUpset": 7,
  "defensiveness": -18,
  "defensivenessWhenUpset": -19,
  "competitor-bashing": -11,
  "pushing": [
    -13,
    -16,
    -17,
    -18
  ],
  "escalation": -3,
  "churn": -10,
  "de-escalation": 8,
  "trendPerUnit": 15,
  "trendCap": 9,
  "unresolved": -2,
  "squash": 40
};
