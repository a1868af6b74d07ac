import type { TagId } from "../schema.js";
import { apology } from "./apology/index.js";
import { competitorBashing } from "./competitor-bashing/index.js";
import { defensiveness } from "./defensiveness/index.js";
import { empathy } from "./empathy/index.js";
import { ownership } from "./ownership/index.js";
import { pushing } from "./pushing/index.js";
import type { Detector, DetectorMeta, Rule } from "./types.js";

/** Every built-in detector, in the order of the tag list. */
export const detectors: readonly Detector[] = [apology, ownership, empathy, defensiveness, competitorBashing, pushing];

export function detectorMeta(tag: TagId): DetectorMeta | undefined {
  return detectors.find((d) => d.meta.id === tag)?.meta;
}

export function allRules(): Rule[] {
  return detectors.flatMap((d) => d.rules);
}

export type { Detector, DetectorMeta, Rule, RuleExample, RuleUnless, RuleWhen } from "./types.js";
