// Written by `npm run train` (scripts/impact.ts) from hand-judged impact; do not edit by hand.
import type { ScoringWeights } from "../score.js";

export const IMPACT_WEIGHTS: ScoringWeights = {
  "apology": 5,
  "apologyWithOwnership": 6,
  "ownership": 5,
  "empathy": 6,
  "empathyWhenUpset": 7,
  "defensiveness": -17,
  "defensivenessWhenUpset": -20,
  "competitor-bashing": -12,
  "pushing": [
    -12,
    -15,
    -16,
    -20
  ],
  "escalation": -1,
  "churn": -9,
  "de-escalation": 10,
  "trendPerUnit": 15,
  "trendCap": 9,
  "unresolved": -2,
  "squash": 40
};
