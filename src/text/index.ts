/**
 * sameside's own terms for language: the only module that touches compromise and natural.
 * Detectors and the rest of the pipeline import from here, never from the NLP packages.
 */
export { splitRuns, splitSentences, straightQuotes, roundTo, type Span } from "./sentences.js";
export { isNegatedAt, isReportedAt, isQuestion } from "./grammar.js";
export { sentiment } from "./sentiment.js";
export { compileNow } from "./native.js";
export { buildCueIndex, candidates, type CueIndex } from "./cues.js";
