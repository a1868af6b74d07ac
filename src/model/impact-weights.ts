// Written by `npm run train` (scripts/impact.ts) from hand-judged impact; do not edit by hand.
import type { ScoringWeights } from "../score.js";

export const IMPACT_WEIGHTS: ScoringWeights = {
  "apology": 3,
  "apologyWithOwnership": 4,
  "ownership": 5,
  "empathy": 6,
  "empathyWhenUpset": 7,
  "defensiveness": -15,
  "defensivenessWhenUpset": -16,
  "competitor-bashing": -9,
  "pushing": [
    -11,
    -17,
    -18,
    -19
  ],
  "escalation": -2,
  "churn": -6,
  "de-escalation": 5,
  "trendPerUnit": 13.33,
  "trendCap": 8,
  "unresolved": -2,
  "squash": 40
};
