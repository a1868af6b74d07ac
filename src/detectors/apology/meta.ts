import type { DetectorMeta } from "../types.js";

export const meta: DetectorMeta = {
  id: "apology",
  description:
    "The agent expresses regret for something the company or the agent did or failed to do, without taking it back in the same breath.",
};
