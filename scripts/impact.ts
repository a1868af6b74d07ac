/**
 * Fitting the impact score's points per moment (src/model/impact-weights.ts) against the hand-judged impact of every
 * labelled call (-2 lost the customer .. 2 earned loyalty). The model stays what it was: points per kind of moment,
 * summed and squashed. The tags a call is scored with are the leave-one-writer-out ones (what the shipped package
 * finds on calls it has not seen), so the points are fitted to tags as they will really be, misses and all.
 * The fit: coordinate search over whole points, keeping every weight's sign and order a QA lead expects (apology
 * and ownership help, harm hurts; an apology with ownership, empathy for an upset customer and defensiveness
 * toward one count more than without; pushing costs more after each refusal), for the best Spearman correlation.
 */
import { analyzeCall, TAG_IDS } from "../src/index.js";
import { momentsOf, type MomentKind, type ScoredTurn, type ScoringWeights } from "../src/score.js";
import { spearman } from "./corpus.js";
import { finds, type Scored, type Thresholds } from "./learn.js";
import type { LabelledCall } from "./sources.js";

/** The points the fit starts from: the hand-set ones of the first release (the search is repeatable from here). */
export const HAND_SET: ScoringWeights = {
  apology: 5,
  apologyWithOwnership: 9,
  ownership: 8,
  empathy: 4,
  empathyWhenUpset: 7,
  defensiveness: -10,
  defensivenessWhenUpset: -15,
  "competitor-bashing": -12,
  pushing: [-8, -12, -18, -24],
  escalation: -10,
  churn: -6,
  "de-escalation": 8,
  trendPerUnit: 25,
  trendCap: 15,
  unresolved: -10,
  squash: 40,
};

/** The weights as one vector: a point value per moment kind, and the trend's cap (its full-scale points). */
const KINDS: readonly MomentKind[] = [
  "apology", "apologyWithOwnership", "ownership", "empathy", "empathyWhenUpset", "defensiveness", "defensivenessWhenUpset",
  "competitor-bashing", "pushing0", "pushing1", "pushing2", "pushing3", "escalation", "churn", "de-escalation", "unresolved",
];
const TREND = KINDS.length;
/** A change in sentiment of this much reaches the trend's cap (trendPerUnit = trendCap / TREND_FULL). */
const TREND_FULL = 0.6;

export interface ImpactItem {
  source: string;
  call: string;
  gold: number;
  /** Moments per kind, and the capped trend (-1..1) last. */
  counts: Float64Array;
}

/** Impact items from JSON (docs/impact-items.json, or what training hands its processes): counts as plain arrays there. */
export function parseImpactItems(text: string): ImpactItem[] {
  return (JSON.parse(text) as Array<Omit<ImpactItem, "counts"> & { counts: number[] }>).map((it) => ({ ...it, counts: Float64Array.from(it.counts) }));
}

/** Each call's moments under the leave-one-writer-out tags. */
export function impactItems(calls: readonly LabelledCall[], scored: readonly Scored[], thresholds: Thresholds): ImpactItem[] {
  const byTurn = new Map<string, Scored>();
  for (const s of scored) byTurn.set(`${s.example.call}#${s.example.turn}`, s);
  return calls.map((c) => {
    // The customer's side and the refusals come from the pipeline; the tags from the held-out model.
    const report = analyzeCall({ turns: c.turns.map(({ speaker, role, text }) => ({ speaker, role, text })) }, { disable: ["learned"] });
    let refusals = 0;
    const turns: ScoredTurn[] = report.turns.map((t, i) => {
      const st: ScoredTurn = { index: i, role: t.role, tags: [], state: { refusals, rivalContext: false, escalated: false } };
      const s = byTurn.get(`${c.id}#${i}`);
      if (t.role === "agent" && s !== undefined) {
        st.tags = TAG_IDS.filter((_, k) => finds(s, k, thresholds)).map((tag) => ({ tag, rule: `${tag}/held-out`, message: "", quote: "", start: 0, end: 0 }));
      }
      if (t.role === "customer") {
        if (t.sentiment !== undefined) st.sentiment = t.sentiment;
        if (t.events !== undefined) st.events = t.events;
        if ((t.events ?? []).some((e) => e.kind === "refusal" || e.kind === "decision")) refusals++;
      }
      return st;
    });
    const m = momentsOf(turns);
    const counts = new Float64Array(KINDS.length + 1);
    for (const moment of m.moments) counts[KINDS.indexOf(moment.kind)] = (counts[KINDS.indexOf(moment.kind)] ?? 0) + 1;
    // Rounded as docs/impact-items.json keeps it, so a refit from that file is this fit exactly.
    if (m.trend !== undefined) counts[TREND] = Math.round(Math.max(-1, Math.min(1, m.trend.change / TREND_FULL)) * 1e6) / 1e6;
    return { source: c.source, call: c.id, gold: c.meta.impact, counts };
  });
}

/** Spearman correlation of the calls' raw points under a weight vector with their gold impact. */
function fitness(items: readonly ImpactItem[], w: Float64Array): number {
  const points = items.map((it) => {
    let sum = 0;
    for (let k = 0; k < w.length; k++) sum += (w[k] as number) * (it.counts[k] as number);
    return sum;
  });
  return spearman(points, items.map((it) => it.gold));
}

/** The order and signs a QA lead reads the points with; a candidate that breaks one is not tried. */
function readable(w: Float64Array): boolean {
  const v = (k: MomentKind): number => w[KINDS.indexOf(k)] as number;
  return (
    v("apology") >= 1 && v("apologyWithOwnership") > v("apology") && v("ownership") >= 1 && v("empathy") >= 1 && v("empathyWhenUpset") > v("empathy") &&
    v("defensiveness") <= -1 && v("defensivenessWhenUpset") < v("defensiveness") && v("competitor-bashing") <= -1 &&
    v("pushing0") <= -1 && v("pushing1") < v("pushing0") && v("pushing2") < v("pushing1") && v("pushing3") < v("pushing2") &&
    v("escalation") <= -1 && v("churn") <= -1 && v("de-escalation") >= 1 && v("unresolved") <= 0 && (w[TREND] as number) >= 0
  );
}

function toVector(weights: ScoringWeights): Float64Array {
  const w = new Float64Array(KINDS.length + 1);
  KINDS.forEach((k, i) => {
    w[i] = k.startsWith("pushing") ? (weights.pushing[Number(k.slice(7))] ?? 0) : weights[k as Exclude<MomentKind, "pushing0" | "pushing1" | "pushing2" | "pushing3">];
  });
  w[TREND] = weights.trendCap;
  return w;
}

function toWeights(w: Float64Array, squash: number): ScoringWeights {
  const v = (k: MomentKind): number => w[KINDS.indexOf(k)] as number;
  return {
    apology: v("apology"),
    apologyWithOwnership: v("apologyWithOwnership"),
    ownership: v("ownership"),
    empathy: v("empathy"),
    empathyWhenUpset: v("empathyWhenUpset"),
    defensiveness: v("defensiveness"),
    defensivenessWhenUpset: v("defensivenessWhenUpset"),
    "competitor-bashing": v("competitor-bashing"),
    pushing: [v("pushing0"), v("pushing1"), v("pushing2"), v("pushing3")],
    escalation: v("escalation"),
    churn: v("churn"),
    "de-escalation": v("de-escalation"),
    trendPerUnit: Math.round(((w[TREND] as number) / TREND_FULL) * 100) / 100,
    trendCap: w[TREND] as number,
    unresolved: v("unresolved"),
    squash,
  };
}

/** Coordinate search over whole points from `start`, each weight within -40..40, until no step helps. */
export function fitImpact(items: readonly ImpactItem[], start: ScoringWeights): ScoringWeights {
  const w = toVector(start);
  let best = fitness(items, w);
  for (let pass = 0; pass < 6; pass++) {
    let moved = false;
    for (let k = 0; k < w.length; k++) {
      const was = w[k] as number;
      let bestValue = was;
      for (let value = -40; value <= 40; value++) {
        if (value === was) continue;
        w[k] = value;
        if (!readable(w)) continue;
        const f = fitness(items, w);
        if (f > best + 1e-9) {
          best = f;
          bestValue = value;
        }
      }
      w[k] = bestValue;
      if (bestValue !== was) moved = true;
    }
    if (!moved) break;
  }
  return toWeights(w, start.squash);
}

export interface ImpactFit {
  weights: ScoringWeights;
  /** Spearman of held-out calls under weights fitted without their writer, and under the starting weights. */
  heldOut: { fitted: Record<string, number>; start: Record<string, number> };
}

const GROUPS: Record<string, (source: string) => boolean> = {
  every: () => true,
  devset: (s) => /^d\d+$/.test(s),
  outside: (s) => /^w\d+$/.test(s),
  corpus: (s) => s === "corpus",
};

/**
 * Each call's points under weights fitted without its writer: the sources `pick` chooses (by place, in the order
 * the items first name them), a call's name with its points. Training spreads the sources over processes this way.
 */
export function heldOutPoints(items: readonly ImpactItem[], start: ScoringWeights, pick: (place: number) => boolean = () => true): Array<[string, number]> {
  const out: Array<[string, number]> = [];
  [...new Set(items.map((i) => i.source))].forEach((source, place) => {
    if (!pick(place)) return;
    const w = toVector(fitImpact(items.filter((i) => i.source !== source), start));
    for (const it of items) if (it.source === source) out.push([it.call, pointsOf(it, w)]);
  });
  return out;
}

const pointsOf = (it: ImpactItem, w: Float64Array): number => it.counts.reduce((a, c, k) => a + c * (w[k] as number), 0);

/**
 * Fits the points on every call, and measures leave-one-writer-out how well fitted points rank unseen writers' calls
 * (`held`: the held-out points of every call, when training has them from its processes already).
 */
export function fitImpactWeights(items: readonly ImpactItem[], start: ScoringWeights, held: ReadonlyMap<string, number> = new Map(heldOutPoints(items, start))): ImpactFit {
  const startVector = toVector(start);
  const startPoints = new Map(items.map((it) => [it.call, pointsOf(it, startVector)]));
  const rho = (points: ReadonlyMap<string, number>, pick: (s: string) => boolean): number => {
    const list = items.filter((i) => pick(i.source));
    return Math.round(spearman(list.map((i) => points.get(i.call) ?? 0), list.map((i) => i.gold)) * 1000) / 1000;
  };
  const fitted = Object.fromEntries(Object.entries(GROUPS).map(([g, pick]) => [g, rho(held, pick)]));
  const before = Object.fromEntries(Object.entries(GROUPS).map(([g, pick]) => [g, rho(startPoints, pick)]));
  return { weights: fitImpact(items, start), heldOut: { fitted, start: before } };
}
