// Written by `npm run train` (scripts/impact.ts) from hand-judged impact; do not edit by hand.
import type { ScoringWeights } from "../score.js";

export const IMPACT_WEIGHTS: ScoringWeights = {
  "apology": 4,
  "apologyWithOwnership": 5,
  "ownership": 5,
  "empathy": 7,
  "empathyWhenUpset": 8,
  "defensiveness": -17,
  "defensivenessWhenUpset": -19,
  "competitor-bashing": -11,
  "pushing": [
    -13,
    -16,
    -17,
    -19
  ],
  "escalation": -1,
  "churn": -9,
  "de-escalation": 8,
  "trendPerUnit": 15,
  "trendCap": 9,
  "unresolved": -1,
  "squash": 40
};
