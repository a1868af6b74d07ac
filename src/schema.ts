/**
 * Every public input and output shape, as zod schemas with their TypeScript types.
 * The library validates input with these and its own tests validate output with them.
 */
import { z } from "zod";

export const TAG_IDS = [
  "apology",
  "ownership",
  "empathy",
  "defensiveness",
  "competitor-bashing",
  "pushing",
] as const;
export const TagIdSchema = z.enum(TAG_IDS);
export type TagId = z.infer<typeof TagIdSchema>;

/** Tags that cost the company; each finding of these carries a "say instead" suggestion. */
export const HARMFUL_TAGS: readonly TagId[] = ["defensiveness", "competitor-bashing", "pushing"];

/** "system" is a machine: an IVR menu, a hold message. It carries no tags and does not count in the score. */
export const RoleSchema = z.enum(["agent", "customer", "system"]);
export type Role = z.infer<typeof RoleSchema>;

const seconds = z.number().nonnegative();

export const TurnInputSchema = z.object({
  speaker: z.string(),
  role: RoleSchema.optional(),
  text: z.string(),
  start: seconds.optional(),
  end: seconds.optional(),
});
export type TurnInput = z.infer<typeof TurnInputSchema>;

export const CallInputSchema = z.object({
  id: z.string().optional(),
  turns: z.array(TurnInputSchema),
  meta: z.record(z.string(), z.unknown()).optional(),
});
export type CallInput = z.infer<typeof CallInputSchema>;

const RuleExampleSchema = z.union([z.string(), z.object({ text: z.string(), before: z.array(z.string()) }).strict()]);

/** A rule in the same data shape as the built-in ones (see the README); description and examples are optional. */
export const RuleSchema = z
  .object({
    id: z.string().regex(/^[a-z-]+\/[\w-]+$/, 'expected "<tag>/<name>", e.g. "pushing/our-upsell-script"'),
    tag: TagIdSchema,
    description: z.string().optional(),
    patterns: z.array(z.string().min(1)).min(1),
    cues: z.array(z.string().regex(/^[a-z0-9]+\*?$/, "expected a lowercase word without apostrophes, optionally ending in *")).optional(),
    unless: z
      .object({
        negated: z.boolean().optional(),
        question: z.boolean().optional(),
        reported: z.boolean().optional(),
        before: z.string().optional(),
        after: z.string().optional(),
        turn: z.string().optional(),
      })
      .strict()
      .optional(),
    when: z.object({ refusals: z.number().int().nonnegative().optional(), escalated: z.boolean().optional() }).strict().optional(),
    overrides: z.array(TagIdSchema).optional(),
    message: z.string().min(1),
    suggestion: z.string().optional(),
    examples: z.object({ hit: z.array(RuleExampleSchema), miss: z.array(RuleExampleSchema) }).strict().optional(),
  })
  .strict()
  .refine((r) => r.id.startsWith(`${r.tag}/`), { message: "the id must start with the rule's tag", path: ["id"] });
export type RuleInput = z.infer<typeof RuleSchema>;

export const OptionsSchema = z.object({
  /** Speaker name(s) to treat as the agent when a turn has no role; every other speaker is then the customer. */
  agent: z.union([z.string(), z.array(z.string())]).optional(),
  /** Speaker label → role, e.g. { "SPEAKER_00": "agent" }; overrides roles given on turns and the guess. */
  roles: z.record(z.string(), RoleSchema).optional(),
  /** Company name(s): mentions of these are never a competitor. */
  company: z.union([z.string(), z.array(z.string())]).optional(),
  /** Competitor names, so that "Lumen is a joke" is known to be about a competitor. */
  competitors: z.array(z.string()).optional(),
  /** Gaps between turns at least this long (seconds) are reported as silences. Default 5. */
  silenceSeconds: z.number().positive().optional(),
  /** Rule ids (e.g. "pushing/false-urgency") or whole tags to switch off. */
  disable: z.array(z.string()).optional(),
  /** Your own rules, added to the built-in ones. */
  rules: z.array(RuleSchema).optional(),
  /**
   * Mask e-mail addresses, phone numbers, card numbers and ID or account numbers in the report's texts and quotes
   * (same length, so offsets hold). Default false in the library; the CLI turns it on.
   */
  redact: z.boolean().optional(),
});
export type Options = z.infer<typeof OptionsSchema>;

export const FindingSchema = z.object({
  tag: TagIdSchema,
  rule: z.string(),
  message: z.string(),
  quote: z.string(),
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
  suggestion: z.string().optional(),
  /** Learned findings (rule `<tag>/learned`): the features that weighed most, in plain words, strongest first. */
  evidence: z.array(z.string()).optional(),
});
export type Finding = z.infer<typeof FindingSchema>;

export const CUSTOMER_EVENT_KINDS = ["refusal", "decision", "churn", "escalation", "de-escalation"] as const;
export const CustomerEventKindSchema = z.enum(CUSTOMER_EVENT_KINDS);
export type CustomerEventKind = z.infer<typeof CustomerEventKindSchema>;

export const CustomerEventSchema = z.object({
  kind: CustomerEventKindSchema,
  quote: z.string(),
  start: z.number().int().nonnegative(),
  end: z.number().int().nonnegative(),
});
export type CustomerEvent = z.infer<typeof CustomerEventSchema>;

export const ReportTurnSchema = z.object({
  index: z.number().int().nonnegative(),
  speaker: z.string(),
  role: RoleSchema,
  /** "given" when the input said the role, "guessed" when sameside decided it. */
  roleSource: z.enum(["given", "guessed"]),
  text: z.string(),
  start: seconds.optional(),
  end: seconds.optional(),
  tags: z.array(FindingSchema),
  /** Customer turns only: lexicon sentiment, negative below 0. */
  sentiment: z.number().optional(),
  /** Customer turns only. */
  events: z.array(CustomerEventSchema).optional(),
});
export type ReportTurn = z.infer<typeof ReportTurnSchema>;

export const SpeakerRoleSchema = z.object({
  speaker: z.string(),
  role: RoleSchema,
  source: z.enum(["given", "guessed"]),
  /** 1 when given; how sure the guess is otherwise. */
  confidence: z.number().min(0).max(1),
  turns: z.number().int().nonnegative(),
});
export type SpeakerRole = z.infer<typeof SpeakerRoleSchema>;

export const DriverSchema = z.object({
  turn: z.number().int().nonnegative(),
  kind: z.enum(["tag", "customer-event", "customer-trend"]),
  /** The tag id, the customer event kind, or "sentiment" for the trend. */
  id: z.string(),
  quote: z.string(),
  /** Points this moment added to (or took from) the raw score. */
  effect: z.number(),
  why: z.string(),
});
export type Driver = z.infer<typeof DriverSchema>;

export const BANDS = ["lost the customer", "hurt the relationship", "neutral", "helped", "earned loyalty"] as const;
export const BandSchema = z.enum(BANDS);
export type Band = z.infer<typeof BandSchema>;

export const ImpactSchema = z.object({
  score: z.number().int().min(-100).max(100),
  band: BandSchema,
  drivers: z.array(DriverSchema),
  summary: z.string(),
});
export type Impact = z.infer<typeof ImpactSchema>;

export const CoachingSchema = z.object({
  turn: z.number().int().nonnegative(),
  tag: TagIdSchema,
  rule: z.string(),
  said: z.string(),
  sayInstead: z.string(),
  why: z.string(),
});
export type Coaching = z.infer<typeof CoachingSchema>;

export const CustomerSummarySchema = z.object({
  /** Mean sentiment of the customer's first and last turns that carry any sentiment. */
  startSentiment: z.number(),
  endSentiment: z.number(),
  events: z.array(CustomerEventSchema.extend({ turn: z.number().int().nonnegative() })),
});
export type CustomerSummary = z.infer<typeof CustomerSummarySchema>;

const Monologue = z.object({ turn: z.number().int().nonnegative(), seconds: z.number().nonnegative() });
export const TimingSchema = z.object({
  talkSeconds: z.object({ agent: z.number(), customer: z.number(), system: z.number() }),
  /** Shares of the agent's and the customer's talk time in their total. */
  talkRatio: z.object({ agent: z.number(), customer: z.number() }),
  longestMonologue: z.object({ agent: Monologue.optional(), customer: Monologue.optional(), system: Monologue.optional() }),
  /** A turn that starts before the other side's turn has ended. */
  interruptions: z.array(
    z.object({ turn: z.number().int().nonnegative(), by: RoleSchema, interrupted: z.number().int().nonnegative(), overlapSeconds: z.number() }),
  ),
  silences: z.array(z.object({ afterTurn: z.number().int().nonnegative(), seconds: z.number() })),
  silenceThreshold: z.number(),
});
export type Timing = z.infer<typeof TimingSchema>;

export const CallReportSchema = z.object({
  id: z.string().optional(),
  turns: z.array(ReportTurnSchema),
  roles: z.array(SpeakerRoleSchema),
  customer: CustomerSummarySchema,
  tagCounts: z.record(TagIdSchema, z.number().int().nonnegative()),
  /** Only when the transcript has start and end times. */
  timing: TimingSchema.optional(),
  impact: ImpactSchema,
  coaching: z.array(CoachingSchema),
  /** With options.redact: how many of each kind of personal data were masked in the turns. */
  redacted: z.object({ email: z.number().int().nonnegative(), phone: z.number().int().nonnegative(), card: z.number().int().nonnegative(), number: z.number().int().nonnegative() }).optional(),
});
export type CallReport = z.infer<typeof CallReportSchema>;
