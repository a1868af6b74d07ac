import type { Detector } from "../types.js";
import { meta } from "./meta.js";
import { rules } from "./rules.js";

export const defensiveness: Detector = { meta, rules };
