import type { DetectorMeta } from "../types.js";

export const meta: DetectorMeta = {
  id: "empathy",
  description: "The agent acknowledges the customer's feelings or situation.",
};
