/**
 * The sales-impact model: what each behaviour and each customer reaction is worth, in context.
 * It reads tags, customer events and sentiment only; it never looks at raw text.
 */
import { detectorMeta } from "./detectors/index.js";
import type { TurnState } from "./detectors/engine.js";
import type { Band, Coaching, CustomerEvent, Driver, Finding, Impact, Role, TagId } from "./schema.js";
import { BANDS, HARMFUL_TAGS, TAG_IDS } from "./schema.js";
import { IMPACT_WEIGHTS } from "./model/impact-weights.js";
import { roundTo } from "./text/index.js";

export interface ScoredTurn {
  index: number;
  role: Role;
  tags: readonly Finding[];
  sentiment?: number;
  events?: readonly CustomerEvent[];
  state: TurnState;
}

/**
 * Points per kind of moment, before the squash to -100..100: what each moment is worth. The shipped ones (WEIGHTS)
 * are fitted by `npm run train` against hand-judged impact (src/model/impact-weights.ts).
 */
export interface ScoringWeights {
  apology: number;
  /** An apology with ownership in the same or the next agent turn (in place of `apology`). */
  apologyWithOwnership: number;
  ownership: number;
  empathy: number;
  /** Empathy when the customer is upset at that moment (in place of `empathy`). */
  empathyWhenUpset: number;
  defensiveness: number;
  /** Defensiveness toward a customer who is already upset (in place of `defensiveness`). */
  defensivenessWhenUpset: number;
  "competitor-bashing": number;
  /** Pushing by the number of refusals before it: none, one, two, three or more. */
  pushing: readonly [number, number, number, number];
  escalation: number;
  churn: number;
  "de-escalation": number;
  /** Points per unit of change in customer sentiment from the start of the call to its end, capped at trendCap. */
  trendPerUnit: number;
  trendCap: number;
  /** The call ends on churn or escalation with nothing good from the customer after it. */
  unresolved: number;
  /** How quickly raw points approach the ends of the scale: score = 100 * tanh(raw / squash). */
  squash: number;
}

export const WEIGHTS: ScoringWeights = IMPACT_WEIGHTS;

/** A customer turn whose sentiment is below this reads as upset. */
export const UPSET_SENTIMENT = -0.2;

/**
 * The band of a score: BANDS[0] at -50 or below, then one step up for each limit passed (-50, -15, 15, 50). Every
 * comparison runs for every score, so no score range goes unseen until V8 has compiled scoreCall around this
 * (a chain of ifs threw that code away the first time a call landed in a band not seen yet).
 */
export function bandFor(score: number): Band {
  const step = Number(score > -50) + Number(score > -15) + Number(score >= 15) + Number(score >= 50);
  return BANDS[step] as Band;
}

function firstOf(tags: readonly Finding[], tag: TagId): Finding | undefined {
  return tags.find((f) => f.tag === tag);
}

/** Mean of up to the first (or last) two values. */
function edgeMean(values: readonly number[], fromEnd: boolean): number {
  if (values.length === 0) return 0;
  const part = fromEnd ? values.slice(-2) : values.slice(0, 2);
  return part.reduce((a, b) => a + b, 0) / part.length;
}

export interface ScoreResult {
  impact: Impact;
  coaching: Coaching[];
  startSentiment: number;
  endSentiment: number;
}

/** What a moment of the call is, for its points: each kind has one weight (pushing by the refusals before it). */
export type MomentKind =
  | "apology"
  | "apologyWithOwnership"
  | "ownership"
  | "empathy"
  | "empathyWhenUpset"
  | "defensiveness"
  | "defensivenessWhenUpset"
  | "competitor-bashing"
  | "pushing0"
  | "pushing1"
  | "pushing2"
  | "pushing3"
  | "escalation"
  | "churn"
  | "de-escalation"
  | "unresolved";

/** One moment that moves the score: a tag on an agent turn or a customer event, with what the report says of it. */
export interface Moment {
  kind: MomentKind;
  turn: number;
  driver: Driver["kind"];
  id: string;
  quote: string;
  why: string;
  /** Tag moments: the finding, for coaching. */
  finding?: Finding;
}

/** The moments of a call in order, and the customer's mood from start to end (trend: none with under 3 turns). */
export interface Moments {
  moments: Moment[];
  startSentiment: number;
  endSentiment: number;
  customerTurns: number;
  /** The change in sentiment and the last customer turn, when there are at least three customer turns. */
  trend?: { change: number; turn: number };
}

/**
 * Reads the moments of a call: the first finding of each tag on each agent turn (apology counts as "with ownership"
 * when ownership is in the same or the next agent turn; empathy and defensiveness count as "when upset" after an upset
 * customer turn; pushing by the refusals before it), the customer's escalations (up to three), churn (two) and
 * de-escalations (three), and a call that ends on churn or escalation. Points come from the weights (pointsOf).
 */
export function momentsOf(turns: readonly ScoredTurn[]): Moments {
  const moments: Moment[] = [];
  let upset = false;
  let escalations = 0;
  let churns = 0;
  let relief = 0;
  let lastEvent: { kind: string; turn: number } | undefined;
  const agentTurns = turns.filter((t) => t.role === "agent");

  for (const t of turns) {
    if (t.role === "customer") {
      const events = t.events ?? [];
      upset = (t.sentiment ?? 0) < UPSET_SENTIMENT || events.some((e) => e.kind === "escalation");
      for (const e of events) {
        if (e.kind === "escalation" && escalations < 3) {
          escalations++;
          moments.push({ kind: "escalation", turn: t.index, driver: "customer-event", id: e.kind, quote: e.quote, why: "The customer escalated." });
        } else if (e.kind === "churn" && churns < 2) {
          churns++;
          moments.push({ kind: "churn", turn: t.index, driver: "customer-event", id: e.kind, quote: e.quote, why: "The customer said they would leave." });
        } else if (e.kind === "de-escalation" && relief < 3) {
          relief++;
          moments.push({ kind: "de-escalation", turn: t.index, driver: "customer-event", id: e.kind, quote: e.quote, why: "The customer calmed down or thanked the agent." });
        }
        if (e.kind === "churn" || e.kind === "escalation" || e.kind === "de-escalation") lastEvent = { kind: e.kind, turn: t.index };
      }
      continue;
    }
    if (t.role !== "agent") continue;
    for (const tag of TAG_IDS) {
      const f = firstOf(t.tags, tag);
      if (f === undefined) continue;
      let kind: MomentKind;
      let why: string;
      switch (tag) {
        case "apology": {
          const next = agentTurns.find((a) => a.index > t.index);
          const owned = firstOf(t.tags, "ownership") !== undefined || (next !== undefined && firstOf(next.tags, "ownership") !== undefined);
          kind = owned ? "apologyWithOwnership" : "apology";
          why = owned ? "An apology followed by ownership repairs trust." : "An apology acknowledges the failure.";
          break;
        }
        case "ownership":
          kind = "ownership";
          why = "The agent took responsibility for the fix.";
          break;
        case "empathy":
          kind = upset ? "empathyWhenUpset" : "empathy";
          why = upset ? "Empathy reached an upset customer." : "The agent acknowledged the customer's situation.";
          break;
        case "defensiveness":
          kind = upset ? "defensivenessWhenUpset" : "defensiveness";
          why = upset ? "Defensiveness toward a customer who was already upset." : "The agent defended the company instead of the customer.";
          break;
        case "competitor-bashing":
          kind = "competitor-bashing";
          why = "Running down a competitor costs credibility.";
          break;
        case "pushing":
          kind = t.state.refusals === 0 ? "pushing0" : t.state.refusals === 1 ? "pushing1" : t.state.refusals === 2 ? "pushing2" : "pushing3";
          why =
            t.state.refusals === 0
              ? "Pressure before the customer had decided."
              : `Pressure after the customer had said no ${t.state.refusals === 1 ? "once" : `${t.state.refusals} times`}.`;
          break;
      }
      moments.push({ kind, turn: t.index, driver: "tag", id: tag, quote: f.quote, why, finding: f });
    }
  }
  if (lastEvent !== undefined && lastEvent.kind !== "de-escalation") {
    const turn = turns[lastEvent.turn];
    const quote = turn?.events?.find((e) => e.kind === lastEvent?.kind)?.quote ?? "";
    moments.push({ kind: "unresolved", turn: lastEvent.turn, driver: "customer-event", id: "unresolved", quote, why: "The call ended on the customer leaving or escalating, with nothing better after it." });
  }

  const customerTurns = turns.filter((t) => t.role === "customer" && t.sentiment !== undefined);
  const values = customerTurns.map((t) => t.sentiment ?? 0);
  const startSentiment = roundTo(edgeMean(values, false));
  const endSentiment = roundTo(edgeMean(values, true));
  const last = customerTurns.at(-1);
  const out: Moments = { moments, startSentiment, endSentiment, customerTurns: customerTurns.length };
  if (customerTurns.length >= 3 && last !== undefined) out.trend = { change: endSentiment - startSentiment, turn: last.index };
  return out;
}

/** The points of a kind of moment under the weights. */
export function pointsOf(kind: MomentKind, weights: ScoringWeights): number {
  switch (kind) {
    case "apology":
      return weights.apology;
    case "pushing0":
    case "pushing1":
    case "pushing2":
    case "pushing3":
      return weights.pushing[Number(kind.slice(7))] ?? weights.pushing[0];
    default:
      return weights[kind];
  }
}

/** The mood-over-the-call points: the change in sentiment times trendPerUnit, capped at trendCap either way. */
export function trendPoints(change: number, weights: ScoringWeights): number {
  return Math.max(-weights.trendCap, Math.min(weights.trendCap, change * weights.trendPerUnit));
}

export function scoreCall(turns: readonly ScoredTurn[], weights: ScoringWeights = WEIGHTS): ScoreResult {
  const { moments, startSentiment, endSentiment, customerTurns, trend } = momentsOf(turns);
  const drivers: Driver[] = [];
  const coaching: Coaching[] = [];
  for (const m of moments) {
    if (m.kind === "unresolved") continue; // after the trend, as the last driver
    drivers.push({ turn: m.turn, kind: m.driver, id: m.id, quote: m.quote, effect: pointsOf(m.kind, weights), why: m.why });
    const f = m.finding;
    if (f !== undefined && HARMFUL_TAGS.includes(f.tag)) {
      const meta = detectorMeta(f.tag);
      coaching.push({ turn: m.turn, tag: f.tag, rule: f.rule, said: f.quote, sayInstead: f.suggestion ?? meta?.sayInstead ?? "", why: meta?.why ?? f.message });
    }
  }
  if (trend !== undefined) {
    const effect = trendPoints(trend.change, weights);
    if (Math.abs(effect) >= 1) {
      drivers.push({
        turn: trend.turn,
        kind: "customer-trend",
        id: "sentiment",
        quote: "",
        effect: roundTo(effect),
        why: effect > 0 ? "The customer ended calmer than they started." : "The customer ended more upset than they started.",
      });
    }
  }
  for (const m of moments) {
    if (m.kind === "unresolved") drivers.push({ turn: m.turn, kind: m.driver, id: m.id, quote: m.quote, effect: pointsOf(m.kind, weights), why: m.why });
  }

  for (const d of drivers) d.effect = roundTo(d.effect);
  const raw = drivers.reduce((sum, d) => sum + d.effect, 0);
  const score = Math.round(100 * Math.tanh(raw / weights.squash)) || 0;
  const band = bandFor(score);
  return {
    impact: { score, band, drivers, summary: summarize(score, band, drivers, startSentiment, endSentiment, customerTurns) },
    coaching,
    startSentiment,
    endSentiment,
  };
}

function describe(d: Driver): string {
  const where = `turn ${d.turn}`;
  if (d.kind === "tag") return `${d.id} at ${where} ("${clip(d.quote)}")`;
  if (d.kind === "customer-trend") return "the customer's mood over the call";
  if (d.id === "unresolved") return `the call ending unresolved at ${where}`;
  return `the customer's ${d.id} at ${where} ("${clip(d.quote)}")`;
}

function clip(text: string, max = 70): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function summarize(score: number, band: Band, drivers: readonly Driver[], start: number, end: number, customerTurns: number): string {
  const parts = [`Impact ${score} (${band}).`];
  const worst = [...drivers].filter((d) => d.effect < 0 && d.kind === "tag").sort((a, b) => a.effect - b.effect || a.turn - b.turn)[0];
  const best = [...drivers].filter((d) => d.effect > 0 && d.kind === "tag").sort((a, b) => b.effect - a.effect || a.turn - b.turn)[0];
  if (worst !== undefined && best !== undefined) parts.push(`What cost the most: ${describe(worst)}; what helped most: ${describe(best)}.`);
  else if (worst !== undefined) parts.push(`What cost the most: ${describe(worst)}, with nothing from the agent to repair it.`);
  else if (best !== undefined) parts.push(`What helped most: ${describe(best)}, with no harmful behaviour from the agent.`);
  else parts.push("The agent showed none of the tagged behaviours.");
  if (customerTurns >= 3) {
    const change = end - start;
    if (change > 0.1) parts.push("The customer ended calmer than they started.");
    else if (change < -0.1) parts.push("The customer ended more upset than they started.");
    else parts.push("The customer's mood barely moved.");
  }
  return parts.join(" ");
}
