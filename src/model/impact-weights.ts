// Written by `npm run train` (scripts/impact.ts) from hand-judged impact; do not edit by hand.
import type { ScoringWeights } from "../score.js";

export const IMPACT_WEIGHTS: ScoringWeights = {
  "apology": 8,
  "apologyWithOwnership": 9,
  "ownership": 6,
  "empathy": 8,
  "empathyWhenUpset": 9,
  "defensiveness": -20,
  "defensivenessWhenUpset": -22,
  "competitor-bashing": -13,
  "pushing": [
    -13,
    -16,
    -17,
    -20
  ],
  "escalation": -3,
  "churn": -12,
  "de-escalation": 10,
  "trendPerUnit": 20,
  "trendCap": 12,
  "unresolved": -1,
  "squash": 40
};
