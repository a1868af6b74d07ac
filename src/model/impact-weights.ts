// Written by `npm run train` (scripts/impact.ts) from hand-judged impact; do not edit by hand.
import type { ScoringWeights } from "../score.js";

export const IMPACT_WEIGHTS: ScoringWeights = {
  "apology": 4,
  "apologyWithOwnership": 5,
  "ownership": 6,
  "empathy": 7,
  "empathyWhenUpset": 8,
  "defensiveness": -18,
  "defensivenessWhenUpset": -20,
  "competitor-bashing": -11,
  "pushing": [
    -13,
    -16,
    -17,
    -20
  ],
  "escalation": -1,
  "churn": -9,
  "de-escalation": 9,
  "trendPerUnit": 15,
  "trendCap": 9,
  "unresolved": -1,
  "squash": 40
};
