import type { DetectorMeta } from "../types.js";

export const meta: DetectorMeta = {
  id: "ownership",
  description:
    "The agent takes responsibility: admits the company's or their own fault, or commits personally to a concrete next action for the customer.",
};
