import type { DetectorMeta } from "../types.js";

export const meta: DetectorMeta = {
  id: "competitor-bashing",
  description:
    "The agent disparages a competitor, named or generic: attacks its quality, honesty, people or customers.",
  sayInstead:
    "Customers who switched from them tell us they value [our specific strength]. Here's exactly what you'd get with us.",
  why: "Attacking a competitor sounds defensive, insults the customer's own judgement and makes them want to defend the rival. A fair, specific comparison persuades; a sneer does not.",
};
