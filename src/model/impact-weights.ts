// Written by `npm run train` (scripts/impact.ts) from hand-judged impact; do not edit by hand.
import type { ScoringWeights } from "../score.js";

export const IMPACT_WEIGHTS: ScoringWeights = {
  "apology": 5,
  "apologyWithOwnership": 6,
  "ownership": 6,
  "empathy": 6,
  "empathyWhenUpset": 7,
  "defensiveness": -17,
  "defensivenessWhenUpset": -18,
  "competitor-bashing": -10,
  "pushing": [
    -11,
    -17,
    -18,
    -19
  ],
  "escalation": -1,
  "churn": -7,
  "de-escalation": 7,
  "trendPerUnit": 11.67,
  "trendCap": 7,
  "unresolved": -2,
  "squash": 40
};
