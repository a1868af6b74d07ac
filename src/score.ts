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
 * Reads the moments of a call, one turn at a time: the first finding of each tag on each agent turn (apology counts
 * as "with ownership" when ownership is in the same or the next agent turn; empathy and defensiveness count as "when
 * upset" after an upset customer turn; pushing by the refusals before it), the customer's escalations (up to three),
 * churn (two) and de-escalations (three), and a call that ends on churn or escalation. Points come from the weights
 * (pointsOf). Each turn costs the same however long the call is, so a live call reads its turns as they come
 * (`mark`/`restore` undo a provisional one) and a batch call reads them all (momentsOf).
 */
export class MomentReader {
  readonly moments: Moment[] = [];
  private upset = false;
  private escalations = 0;
  private churns = 0;
  private relief = 0;
  private lastEvent: { kind: string; turn: number; quote: string } | undefined = undefined;
  /** The last agent turn's apology, while no later agent turn has said whether ownership followed. */
  private pending: Moment | undefined = undefined;
  /** Where the pending apology sits in `moments` (moments before it can no longer change). */
  private pendingAt = -1;
  /** The points of moments[0, foldedUpTo) under foldWeights, summed in order (the running score). */
  private folded = 0;
  private foldedUpTo = 0;
  private foldWeights: ScoringWeights | undefined = undefined;
  /** Customer sentiments: the first two, the last two, how many, and the last one's turn. */
  private first: number[] = [];
  private last: number[] = [];
  private customerTurns = 0;
  private lastCustomerTurn = -1;

  add(t: ScoredTurn): void {
    if (t.role === "customer") this.customer(t);
    else if (t.role === "agent") this.agent(t);
  }

  private customer(t: ScoredTurn): void {
    const events = t.events ?? [];
    this.upset = (t.sentiment ?? 0) < UPSET_SENTIMENT || events.some((e) => e.kind === "escalation");
    for (const e of events) {
      if (e.kind === "escalation" && this.escalations < 3) {
        this.escalations++;
        this.moments.push({ kind: "escalation", turn: t.index, driver: "customer-event", id: e.kind, quote: e.quote, why: "The customer escalated." });
      } else if (e.kind === "churn" && this.churns < 2) {
        this.churns++;
        this.moments.push({ kind: "churn", turn: t.index, driver: "customer-event", id: e.kind, quote: e.quote, why: "The customer said they would leave." });
      } else if (e.kind === "de-escalation" && this.relief < 3) {
        this.relief++;
        this.moments.push({ kind: "de-escalation", turn: t.index, driver: "customer-event", id: e.kind, quote: e.quote, why: "The customer calmed down or thanked the agent." });
      }
      // The first event of the kind in the turn is the one quoted when the call ends on it.
      if ((e.kind === "churn" || e.kind === "escalation" || e.kind === "de-escalation") && (this.lastEvent?.turn !== t.index || this.lastEvent.kind !== e.kind)) {
        this.lastEvent = { kind: e.kind, turn: t.index, quote: events.find((x) => x.kind === e.kind)?.quote ?? "" };
      }
    }
    if (t.sentiment !== undefined) {
      if (this.first.length < 2) this.first.push(t.sentiment);
      this.last.push(t.sentiment);
      if (this.last.length > 2) this.last.shift();
      this.customerTurns++;
      this.lastCustomerTurn = t.index;
    }
  }

  private agent(t: ScoredTurn): void {
    // This turn says whether the last agent turn's apology came with ownership.
    if (this.pending !== undefined && firstOf(t.tags, "ownership") !== undefined) withOwnership(this.pending);
    this.pending = undefined;
    this.pendingAt = -1;
    for (const tag of TAG_IDS) {
      const f = firstOf(t.tags, tag);
      if (f === undefined) continue;
      let kind: MomentKind;
      let why: string;
      switch (tag) {
        case "apology":
          kind = "apology";
          why = "An apology acknowledges the failure.";
          break;
        case "ownership":
          kind = "ownership";
          why = "The agent took responsibility for the fix.";
          break;
        case "empathy":
          kind = this.upset ? "empathyWhenUpset" : "empathy";
          why = this.upset ? "Empathy reached an upset customer." : "The agent acknowledged the customer's situation.";
          break;
        case "defensiveness":
          kind = this.upset ? "defensivenessWhenUpset" : "defensiveness";
          why = this.upset ? "Defensiveness toward a customer who was already upset." : "The agent defended the company instead of the customer.";
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
      const moment: Moment = { kind, turn: t.index, driver: "tag", id: tag, quote: f.quote, why, finding: f };
      this.moments.push(moment);
      if (tag === "apology") {
        if (firstOf(t.tags, "ownership") !== undefined) withOwnership(moment);
        else {
          this.pending = moment;
          this.pendingAt = this.moments.length - 1;
        }
      }
    }
  }

  /** Everything add() changes, to put back with restore(): a provisional turn read and then taken back. */
  mark(): ReaderMark {
    return {
      moments: this.moments.length,
      upset: this.upset,
      escalations: this.escalations,
      churns: this.churns,
      relief: this.relief,
      lastEvent: this.lastEvent,
      pending: this.pending,
      pendingAt: this.pendingAt,
      folded: this.folded,
      foldedUpTo: this.foldedUpTo,
      pendingKind: this.pending?.kind,
      first: this.first.length,
      last: [...this.last],
      customerTurns: this.customerTurns,
      lastCustomerTurn: this.lastCustomerTurn,
    };
  }

  restore(m: ReaderMark): void {
    this.moments.length = m.moments;
    this.upset = m.upset;
    this.escalations = m.escalations;
    this.churns = m.churns;
    this.relief = m.relief;
    this.lastEvent = m.lastEvent;
    this.pending = m.pending;
    this.pendingAt = m.pendingAt;
    this.folded = m.folded;
    this.foldedUpTo = m.foldedUpTo;
    if (m.pending !== undefined && m.pendingKind === "apology") {
      m.pending.kind = "apology";
      m.pending.why = "An apology acknowledges the failure.";
    }
    this.first.length = m.first;
    this.last = [...m.last]; // a copy: a mark can be restored more than once
    this.customerTurns = m.customerTurns;
    this.lastCustomerTurn = m.lastCustomerTurn;
  }

  /**
   * The score if the call ended here: scoreCall's, summing the same points in the same order, without building the
   * report's drivers. Moments that can no longer change are summed once.
   */
  running(weights: ScoringWeights = WEIGHTS): { score: number; band: Band } {
    if (weights !== this.foldWeights) {
      this.foldWeights = weights;
      this.folded = 0;
      this.foldedUpTo = 0;
    }
    const stable = this.pendingAt >= 0 ? this.pendingAt : this.moments.length;
    for (; this.foldedUpTo < stable; this.foldedUpTo++) this.folded += roundTo(pointsOf((this.moments[this.foldedUpTo] as Moment).kind, weights));
    let raw = this.folded;
    for (let i = stable; i < this.moments.length; i++) raw += roundTo(pointsOf((this.moments[i] as Moment).kind, weights));
    const { trend, moments } = this.ending();
    if (trend !== undefined) {
      const effect = trendPoints(trend.change, weights);
      if (Math.abs(effect) >= 1) raw += roundTo(roundTo(effect));
    }
    if (moments.unresolved !== undefined) raw += roundTo(pointsOf("unresolved", weights));
    return squashed(raw, weights);
  }

  /** The moments so far (with the call ending here), and the customer's mood from start to end. */
  result(): Moments {
    const { trend, moments: end, startSentiment, endSentiment } = this.ending();
    const moments = end.unresolved !== undefined ? [...this.moments, end.unresolved] : [...this.moments];
    const out: Moments = { moments, startSentiment, endSentiment, customerTurns: this.customerTurns };
    if (trend !== undefined) out.trend = trend;
    return out;
  }

  /** What ending the call here adds: the mood trend, and an "unresolved" moment if it ends on churn or escalation. */
  private ending(): { trend: Moments["trend"]; moments: { unresolved?: Moment }; startSentiment: number; endSentiment: number } {
    const startSentiment = roundTo(mean(this.first));
    const endSentiment = roundTo(mean(this.last));
    const e = this.lastEvent;
    const moments: { unresolved?: Moment } = {};
    if (e !== undefined && e.kind !== "de-escalation") {
      moments.unresolved = { kind: "unresolved", turn: e.turn, driver: "customer-event", id: "unresolved", quote: e.quote, why: "The call ended on the customer leaving or escalating, with nothing better after it." };
    }
    const trend = this.customerTurns >= 3 ? { change: endSentiment - startSentiment, turn: this.lastCustomerTurn } : undefined;
    return { trend, moments, startSentiment, endSentiment };
  }
}

export type ReaderMark = Readonly<{
  moments: number;
  upset: boolean;
  escalations: number;
  churns: number;
  relief: number;
  lastEvent: { kind: string; turn: number; quote: string } | undefined;
  pending: Moment | undefined;
  pendingAt: number;
  folded: number;
  foldedUpTo: number;
  pendingKind: MomentKind | undefined;
  first: number;
  last: number[];
  customerTurns: number;
  lastCustomerTurn: number;
}>;

function withOwnership(m: Moment): void {
  m.kind = "apologyWithOwnership";
  m.why = "An apology followed by ownership repairs trust.";
}

const mean = (values: readonly number[]): number => (values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length);

/** The moments of a whole call (MomentReader over every turn). */
export function momentsOf(turns: readonly ScoredTurn[]): Moments {
  const reader = new MomentReader();
  for (const t of turns) reader.add(t);
  return reader.result();
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
  return scoreMoments(momentsOf(turns), weights);
}

/** The score, drivers and coaching of a call's moments. */
export function scoreMoments({ moments, startSentiment, endSentiment, customerTurns, trend }: Moments, weights: ScoringWeights = WEIGHTS): ScoreResult {
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
  const { score, band } = squashed(
    drivers.reduce((sum, d) => sum + d.effect, 0),
    weights,
  );
  return {
    impact: { score, band, drivers, summary: summarize(score, band, drivers, startSentiment, endSentiment, customerTurns) },
    coaching,
    startSentiment,
    endSentiment,
  };
}

/** Raw points to the -100..100 score and its band. */
function squashed(raw: number, weights: ScoringWeights): { score: number; band: Band } {
  const score = Math.round(100 * Math.tanh(raw / weights.squash)) || 0;
  return { score, band: bandFor(score) };
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
