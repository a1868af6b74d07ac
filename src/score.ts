/**
 * The sales-impact model: what each behaviour and each customer reaction is worth, in context.
 * It reads tags, customer events and sentiment only; it never looks at raw text.
 */
import { detectorMeta } from "./detectors/index.js";
import type { TurnState } from "./detectors/engine.js";
import type { Band, Coaching, CustomerEvent, Driver, Finding, Impact, Role, TagId } from "./schema.js";
import { BANDS, HARMFUL_TAGS, TAG_IDS } from "./schema.js";
import { roundTo } from "./text/index.js";

export interface ScoredTurn {
  index: number;
  role: Role;
  tags: readonly Finding[];
  sentiment?: number;
  events?: readonly CustomerEvent[];
  state: TurnState;
}

/** Points per moment, before the squash to -100..100. Documented in the README's scoring section. */
export const WEIGHTS = {
  apology: 5,
  /** Extra for an apology followed by ownership in the same or the next agent turn. */
  apologyWithOwnership: 4,
  ownership: 8,
  empathy: 4,
  /** Empathy when the customer is upset at that moment. */
  empathyWhenUpset: 7,
  defensiveness: -10,
  /** Multiplier for defensiveness aimed at a customer who is already upset. */
  upsetMultiplier: 1.5,
  "competitor-bashing": -12,
  /** Pushing by the number of refusals before it: none, one, two, three or more. */
  pushing: [-8, -12, -18, -24] as const,
  escalation: -10,
  churn: -6,
  "de-escalation": 8,
  /** Points per unit of change in customer sentiment from the start of the call to its end, capped. */
  trendPerUnit: 25,
  trendCap: 15,
  /** The call ends on churn or escalation with nothing good from the customer after it. */
  unresolved: -10,
  /** How quickly raw points approach the ends of the scale: score = 100 * tanh(raw / squash). */
  squash: 40,
} as const;

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

export function scoreCall(turns: readonly ScoredTurn[]): ScoreResult {
  const drivers: Driver[] = [];
  const coaching: Coaching[] = [];
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
          drivers.push({ turn: t.index, kind: "customer-event", id: e.kind, quote: e.quote, effect: WEIGHTS.escalation, why: "The customer escalated." });
        } else if (e.kind === "churn" && churns < 2) {
          churns++;
          drivers.push({ turn: t.index, kind: "customer-event", id: e.kind, quote: e.quote, effect: WEIGHTS.churn, why: "The customer said they would leave." });
        } else if (e.kind === "de-escalation" && relief < 3) {
          relief++;
          drivers.push({ turn: t.index, kind: "customer-event", id: e.kind, quote: e.quote, effect: WEIGHTS["de-escalation"], why: "The customer calmed down or thanked the agent." });
        }
        if (e.kind === "churn" || e.kind === "escalation" || e.kind === "de-escalation") lastEvent = { kind: e.kind, turn: t.index };
      }
      continue;
    }
    if (t.role !== "agent") continue;
    for (const tag of TAG_IDS) {
      const f = firstOf(t.tags, tag);
      if (f === undefined) continue;
      let effect: number;
      let why: string;
      switch (tag) {
        case "apology": {
          const next = agentTurns.find((a) => a.index > t.index);
          const owned = firstOf(t.tags, "ownership") !== undefined || (next !== undefined && firstOf(next.tags, "ownership") !== undefined);
          effect = WEIGHTS.apology + (owned ? WEIGHTS.apologyWithOwnership : 0);
          why = owned ? "An apology followed by ownership repairs trust." : "An apology acknowledges the failure.";
          break;
        }
        case "ownership":
          effect = WEIGHTS.ownership;
          why = "The agent took responsibility for the fix.";
          break;
        case "empathy":
          effect = upset ? WEIGHTS.empathyWhenUpset : WEIGHTS.empathy;
          why = upset ? "Empathy reached an upset customer." : "The agent acknowledged the customer's situation.";
          break;
        case "defensiveness":
          effect = upset ? WEIGHTS.defensiveness * WEIGHTS.upsetMultiplier : WEIGHTS.defensiveness;
          why = upset ? "Defensiveness toward a customer who was already upset." : "The agent defended the company instead of the customer.";
          break;
        case "competitor-bashing":
          effect = WEIGHTS["competitor-bashing"];
          why = "Running down a competitor costs credibility.";
          break;
        case "pushing": {
          const n = Math.min(t.state.refusals, WEIGHTS.pushing.length - 1);
          effect = WEIGHTS.pushing[n] ?? WEIGHTS.pushing[0];
          why =
            t.state.refusals === 0
              ? "Pressure before the customer had decided."
              : `Pressure after the customer had said no ${t.state.refusals === 1 ? "once" : `${t.state.refusals} times`}.`;
          break;
        }
      }
      drivers.push({ turn: t.index, kind: "tag", id: tag, quote: f.quote, effect, why });
      if (HARMFUL_TAGS.includes(tag)) {
        const meta = detectorMeta(tag);
        coaching.push({
          turn: t.index,
          tag,
          rule: f.rule,
          said: f.quote,
          sayInstead: f.suggestion ?? meta?.sayInstead ?? "",
          why: meta?.why ?? f.message,
        });
      }
    }
  }

  const customerTurns = turns.filter((t) => t.role === "customer" && t.sentiment !== undefined);
  const values = customerTurns.map((t) => t.sentiment ?? 0);
  const startSentiment = roundTo(edgeMean(values, false));
  const endSentiment = roundTo(edgeMean(values, true));
  const last = customerTurns.at(-1);
  if (customerTurns.length >= 3 && last !== undefined) {
    const change = endSentiment - startSentiment;
    const effect = Math.max(-WEIGHTS.trendCap, Math.min(WEIGHTS.trendCap, change * WEIGHTS.trendPerUnit));
    if (Math.abs(effect) >= 1) {
      drivers.push({
        turn: last.index,
        kind: "customer-trend",
        id: "sentiment",
        quote: "",
        effect: roundTo(effect),
        why: effect > 0 ? "The customer ended calmer than they started." : "The customer ended more upset than they started.",
      });
    }
  }
  if (lastEvent !== undefined && lastEvent.kind !== "de-escalation") {
    const turn = turns[lastEvent.turn];
    const quote = turn?.events?.find((e) => e.kind === lastEvent?.kind)?.quote ?? "";
    drivers.push({ turn: lastEvent.turn, kind: "customer-event", id: "unresolved", quote, effect: WEIGHTS.unresolved, why: "The call ended on the customer leaving or escalating, with nothing better after it." });
  }

  for (const d of drivers) d.effect = roundTo(d.effect);
  const raw = drivers.reduce((sum, d) => sum + d.effect, 0);
  const score = Math.round(100 * Math.tanh(raw / WEIGHTS.squash)) || 0;
  const band = bandFor(score);
  return {
    impact: { score, band, drivers, summary: summarize(score, band, drivers, startSentiment, endSentiment, customerTurns.length) },
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
