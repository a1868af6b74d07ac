/** Every public export of sameside, by name. Anything not listed here is internal. */
export { analyzeCall, tagUtterance, checkOptions } from "./analyze.js";
export { createLiveCall, LiveTurnSchema, NudgeSchema, NUDGE_KINDS, NUDGE_QUIET_TURNS, type LiveTurn, type Nudge, type LiveUpdate, type LiveCall } from "./live.js";
export { LIVE_EVENT_FORMATS, type LiveEventFormat } from "./live-events.js";
export { SummaryBuilder, summarizeReports, summarizeCall, agentOf, BatchSummarySchema, AgentSummarySchema, CallSummarySchema, MomentSchema, type BatchSummary, type AgentSummary, type CallSummary, type Moment } from "./summary.js";
export { formatSummary, SUMMARY_FORMATS, type SummaryFormat } from "./format/summary.js";
export { FINDINGS_CSV_HEADER, findingsCsvRows } from "./format/csv.js";
export { formatReport, REPORT_FORMATS, type ReportFormat } from "./format/index.js";
export { renderHtml, renderSummaryHtml, type HtmlOptions, type SummaryHtmlOptions } from "./format/html.js";
export { parsePlainText } from "./parse/plain.js";
export { parseTranscript, detectJsonFormat, TRANSCRIPT_FORMATS, type TranscriptFormat, type ParseOptions, type ParsedTranscript } from "./parse/index.js";
export { SamesideInputError, type InputProblem } from "./errors.js";
export { findPii, redactText, PII_KINDS, type PiiKind, type PiiSpan, type Redactions } from "./redact.js";
export { detectors } from "./detectors/index.js";
export type { Detector, DetectorMeta, Rule, RuleExample, RuleUnless, RuleWhen } from "./detectors/index.js";
export { WEIGHTS as SCORING_WEIGHTS } from "./score.js";
export {
  TAG_IDS,
  HARMFUL_TAGS,
  BANDS,
  CUSTOMER_EVENT_KINDS,
  TagIdSchema,
  RoleSchema,
  TurnInputSchema,
  CallInputSchema,
  OptionsSchema,
  FindingSchema,
  CustomerEventSchema,
  ReportTurnSchema,
  SpeakerRoleSchema,
  DriverSchema,
  ImpactSchema,
  CoachingSchema,
  CustomerSummarySchema,
  CallReportSchema,
  TimingSchema,
  RuleSchema,
} from "./schema.js";
export type {
  TagId,
  Role,
  Band,
  TurnInput,
  CallInput,
  Options,
  Finding,
  CustomerEvent,
  CustomerEventKind,
  ReportTurn,
  SpeakerRole,
  Driver,
  Impact,
  Coaching,
  CustomerSummary,
  CallReport,
  Timing,
  RuleInput,
} from "./schema.js";
