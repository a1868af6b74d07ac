import type { DetectorMeta } from "../types.js";

export const meta: DetectorMeta = {
  id: "defensiveness",
  description:
    "The agent protects themselves or the company instead of the customer: shifts blame, makes excuses, denies, dismisses, hides behind policy or another team, or gives a non-apology.",
  sayInstead: "You're right, and I'm sorry. Here's what I'm going to do about it: [concrete next step].",
  why: "Customers forgive a mistake far sooner than an excuse. Taking their side and owning the next step keeps them; defending the company tells them they are on their own.",
};
