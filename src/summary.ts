/**
 * Aggregates many call reports into a batch summary: per agent and overall. Keeps running totals only, plus the
 * few worst moments, so a batch of any size streams through in constant memory.
 */
import { z } from "zod";
import { BandSchema, DriverSchema, TAG_IDS, TagIdSchema, type CallReport, type TagId } from "./schema.js";
import { roundTo } from "./text/index.js";

const TagRates = z.record(TagIdSchema, z.number());
export const MomentSchema = z.object({
  call: z.string(),
  file: z.string().optional(),
  agent: z.string(),
  turn: z.number().int().nonnegative(),
  id: z.string(),
  quote: z.string(),
  effect: z.number(),
});
export const AgentSummarySchema = z.object({
  agent: z.string(),
  calls: z.number().int().nonnegative(),
  agentTurns: z.number().int().nonnegative(),
  meanImpact: z.number(),
  worstImpact: z.number(),
  worstCall: z.string(),
  /** Agent turns carrying each tag, per 100 agent turns. */
  tagRates: TagRates,
});
export const BatchSummarySchema = z.object({
  calls: z.number().int().nonnegative(),
  agentTurns: z.number().int().nonnegative(),
  meanImpact: z.number(),
  worstImpact: z.number(),
  tagRates: TagRates,
  agents: z.array(AgentSummarySchema),
  worstMoments: z.array(MomentSchema),
  /** Calls per impact band of width 20, from -100 to 100. */
  impactHistogram: z.array(z.object({ from: z.number(), to: z.number(), calls: z.number().int().nonnegative() })),
});
export type BatchSummary = z.infer<typeof BatchSummarySchema>;

/**
 * One call in a few hundred bytes: what a batch summary reads of its report (and what a queue worker returns with
 * `result: "summary"`).
 */
export const CallSummarySchema = z.object({
  id: z.string().optional(),
  /** The agent speaker with the most turns. */
  agent: z.string(),
  agentTurns: z.number().int().nonnegative(),
  score: z.number(),
  band: BandSchema,
  tagCounts: z.record(TagIdSchema, z.number().int().nonnegative()),
  drivers: z.array(DriverSchema),
});
export type CallSummary = z.infer<typeof CallSummarySchema>;

/** A report's call summary. */
export function summarizeCall(report: CallReport): CallSummary {
  let agentTurns = 0;
  for (const t of report.turns) if (t.role === "agent") agentTurns++;
  return {
    ...(report.id !== undefined ? { id: report.id } : {}),
    agent: agentOf(report),
    agentTurns,
    score: report.impact.score,
    band: report.impact.band,
    tagCounts: { ...report.tagCounts },
    drivers: report.impact.drivers,
  };
}
export type AgentSummary = z.infer<typeof AgentSummarySchema>;
export type Moment = z.infer<typeof MomentSchema>;

interface Totals {
  calls: number;
  agentTurns: number;
  impactSum: number;
  worst: number;
  worstCall: string;
  tags: Record<TagId, number>;
}

const emptyTags = (): Record<TagId, number> => Object.fromEntries(TAG_IDS.map((t) => [t, 0])) as Record<TagId, number>;
const newTotals = (): Totals => ({ calls: 0, agentTurns: 0, impactSum: 0, worst: Number.POSITIVE_INFINITY, worstCall: "", tags: emptyTags() });
const rates = (t: Totals) =>
  Object.fromEntries(TAG_IDS.map((tag) => [tag, t.agentTurns === 0 ? 0 : roundTo((100 * t.tags[tag]) / t.agentTurns, 2)])) as Record<TagId, number>;

/** The agent a report is about: the agent speaker with the most turns. */
export function agentOf(report: CallReport): string {
  const agents = report.roles.filter((r) => r.role === "agent").sort((a, b) => b.turns - a.turns);
  return agents[0]?.speaker ?? "(no agent)";
}

export class SummaryBuilder {
  private readonly all = newTotals();
  private readonly perAgent = new Map<string, Totals>();
  private readonly moments: Moment[] = [];
  private readonly histogram = new Array<number>(10).fill(0);

  constructor(private readonly keepMoments = 10) {}

  /** Adds one report. `agent` overrides the agent name (e.g. taken from the file name); `file` is kept for links. */
  add(report: CallReport, source: { agent?: string; file?: string } = {}): void {
    this.addSummary(summarizeCall(report), source);
  }

  /** Adds one call by its summary (summarizeCall). */
  addSummary(summary: CallSummary, source: { agent?: string; file?: string } = {}): void {
    const agent = source.agent ?? summary.agent;
    const call = summary.id ?? source.file ?? `call ${this.all.calls + 1}`;
    const { agentTurns, score } = summary;
    let mine = this.perAgent.get(agent);
    if (mine === undefined) {
      mine = newTotals();
      this.perAgent.set(agent, mine);
    }
    for (const totals of [this.all, mine]) {
      totals.calls++;
      totals.agentTurns += agentTurns;
      totals.impactSum += score;
      if (score < totals.worst) {
        totals.worst = score;
        totals.worstCall = call;
      }
      for (const tag of TAG_IDS) totals.tags[tag] += summary.tagCounts[tag] ?? 0;
    }
    const bin = Math.min(9, Math.floor((score + 100) / 20));
    this.histogram[bin] = (this.histogram[bin] ?? 0) + 1;
    for (const d of summary.drivers) {
      if (d.effect >= 0 || d.kind !== "tag") continue;
      const m: Moment = { call, agent, turn: d.turn, id: d.id, quote: d.quote, effect: d.effect };
      if (source.file !== undefined) m.file = source.file;
      this.moments.push(m);
    }
    // Keep only the worst few: most negative first, then by call order, so results are stable.
    if (this.moments.length > this.keepMoments * 4) this.trimMoments();
  }

  private trimMoments(): void {
    this.moments.sort((a, b) => a.effect - b.effect);
    this.moments.length = Math.min(this.moments.length, this.keepMoments);
  }

  result(): BatchSummary {
    this.trimMoments();
    const mean = (t: Totals) => (t.calls === 0 ? 0 : roundTo(t.impactSum / t.calls, 1));
    return {
      calls: this.all.calls,
      agentTurns: this.all.agentTurns,
      meanImpact: mean(this.all),
      worstImpact: this.all.calls === 0 ? 0 : this.all.worst,
      tagRates: rates(this.all),
      agents: [...this.perAgent.entries()]
        .sort((a, b) => a[0].localeCompare(b[0]))
        .map(([agent, t]) => ({ agent, calls: t.calls, agentTurns: t.agentTurns, meanImpact: mean(t), worstImpact: t.worst, worstCall: t.worstCall, tagRates: rates(t) })),
      worstMoments: [...this.moments],
      impactHistogram: this.histogram.map((calls, i) => ({ from: -100 + i * 20, to: -80 + i * 20, calls })),
    };
  }
}

/** Summarizes a list of reports in one go. */
export function summarizeReports(reports: Iterable<CallReport | { report: CallReport; agent?: string; file?: string }>): BatchSummary {
  const builder = new SummaryBuilder();
  for (const r of reports) {
    if ("report" in r) {
      const source: { agent?: string; file?: string } = {};
      if (r.agent !== undefined) source.agent = r.agent;
      if (r.file !== undefined) source.file = r.file;
      builder.add(r.report, source);
    } else builder.add(r);
  }
  return builder.result();
}
