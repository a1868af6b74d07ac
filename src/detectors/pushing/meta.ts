import type { DetectorMeta } from "../types.js";

export const meta: DetectorMeta = {
  id: "pushing",
  description:
    "The agent pressures the customer instead of serving their decision: keeps persuading after a clear no, invents urgency or threats, guilt-trips, blocks or delays the request, or adds what was declined.",
  sayInstead:
    "Understood, you've decided. I can do it today, or hold it until [date], whichever you prefer.",
  why: "Once the customer has decided, more pressure feels like a trap and turns a lost sale into a lost customer who tells others. Respecting the decision leaves the door open for them to come back.",
};
