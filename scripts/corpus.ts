/** Loading and scoring the labelled corpus (corpus/README.md describes the format). */
import { analyzeCall, TAG_IDS, type TagId } from "../src/index.js";
import { loadOwnCorpus, type LabelledCall } from "./sources.js";

export type CorpusCall = LabelledCall;

/** corpus/calls/ (or another directory of one-call files), as source "corpus". */
export function loadCorpus(dir?: string): CorpusCall[] {
  return loadOwnCorpus(dir);
}

/**
 * The calls as a speech recogniser without punctuation prints them: every turn lower-cased, its punctuation marks
 * (. , ! ? ; : quotes, brackets) gone and its spaces squeezed (a turn left empty keeps its text). The labels stay: a
 * missing capital or comma must not decide a tag.
 */
export function asSpeechToText(calls: readonly CorpusCall[]): CorpusCall[] {
  const plain = (text: string): string => text.toLowerCase().replace(/[.,!?;:"()\u201c\u201d]/g, " ").replace(/\s+/g, " ").trim();
  return calls.map((c) => ({ ...c, turns: c.turns.map((t) => ({ ...t, text: plain(t.text) || t.text })) }));
}

/**
 * Each agent turn as a call of its own, as a tool that scores one message at a time sends it: with `before`, after
 * the customer's turn right before it (when there is one), else alone. Its labels stay those read in the whole call,
 * so pushing, which needs the customer's no, is expected to lose recall here.
 */
export function asMessages(calls: readonly CorpusCall[], before: boolean): CorpusCall[] {
  return calls.flatMap((c) =>
    c.turns.flatMap((t, i) => {
      if (t.role !== "agent") return [];
      const previous = c.turns[i - 1];
      const turns = before && previous?.role === "customer" ? [previous, t] : [t];
      return [{ ...c, id: `${c.id}#${i}`, turns }];
    }),
  );
}

export interface TagScore {
  tag: TagId;
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
}

export interface Miss {
  call: string;
  turn: number;
  tag: TagId;
  kind: "missed" | "false alarm";
  text: string;
  rule?: string;
}

export interface Evaluation {
  calls: number;
  industries: number;
  agentTurns: number;
  hardNegatives: number;
  tags: TagScore[];
  macroF1: number;
  roleAccuracy: number;
  spearman: number;
  misses: Miss[];
  impacts: Array<{ call: string; gold: number; score: number }>;
}

function ranks(values: readonly number[]): number[] {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const out = new Array<number>(values.length).fill(0);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && order[j + 1]?.[0] === order[i]?.[0]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) out[order[k]?.[1] ?? 0] = rank;
    i = j + 1;
  }
  return out;
}

/** Spearman's rho with tied values given their average rank (Pearson correlation of the ranks). */
export function spearman(a: readonly number[], b: readonly number[]): number {
  const ra = ranks(a);
  const rb = ranks(b);
  const n = ra.length;
  const mean = (n + 1) / 2;
  let cov = 0;
  let va = 0;
  let vb = 0;
  for (let i = 0; i < n; i++) {
    const da = (ra[i] ?? 0) - mean;
    const db = (rb[i] ?? 0) - mean;
    cov += da * db;
    va += da * da;
    vb += db * db;
  }
  return va === 0 || vb === 0 ? 0 : cov / Math.sqrt(va * vb);
}

const ratio = (a: number, b: number): number => (b === 0 ? 1 : a / b);

export function evaluate(calls: readonly CorpusCall[]): Evaluation {
  const counts = new Map<TagId, { tp: number; fp: number; fn: number }>(TAG_IDS.map((t) => [t, { tp: 0, fp: 0, fn: 0 }]));
  const misses: Miss[] = [];
  let agentTurns = 0;
  let hardNegatives = 0;
  let roleRight = 0;
  let roleTotal = 0;
  const impacts: Evaluation["impacts"] = [];
  for (const call of calls) {
    // A system turn (IVR, hold message) has no role to give: sameside must tell it apart itself.
    const report = analyzeCall({
      id: call.id,
      turns: call.turns.map(({ speaker, role, text }) => (role === "system" ? { speaker, text } : { speaker, role, text })),
    });
    impacts.push({ call: call.id, gold: call.meta.impact, score: report.impact.score });
    const stripped = analyzeCall({ turns: call.turns.map(({ speaker, text }) => ({ speaker, text })) });
    call.turns.forEach((t, i) => {
      roleTotal++;
      if (stripped.turns[i]?.role === t.role) roleRight++;
      if (t.role !== "agent") return;
      agentTurns++;
      if ((t.hard ?? []).length > 0) hardNegatives++;
      const gold = new Set(t.labels ?? []);
      const either = new Set(t.either ?? []);
      const found = report.turns[i]?.tags ?? [];
      const predicted = new Set(found.map((f) => f.tag));
      for (const tag of TAG_IDS) {
        const c = counts.get(tag);
        if (c === undefined || either.has(tag)) continue;
        if (gold.has(tag) && predicted.has(tag)) c.tp++;
        else if (predicted.has(tag)) {
          c.fp++;
          const rule = found.find((f) => f.tag === tag)?.rule;
          misses.push({ call: call.id, turn: i, tag, kind: "false alarm", text: t.text, ...(rule !== undefined ? { rule } : {}) });
        } else if (gold.has(tag)) {
          c.fn++;
          misses.push({ call: call.id, turn: i, tag, kind: "missed", text: t.text });
        }
      }
    });
  }
  const tags = TAG_IDS.map((tag): TagScore => {
    const { tp, fp, fn } = counts.get(tag) ?? { tp: 0, fp: 0, fn: 0 };
    const precision = ratio(tp, tp + fp);
    const recall = ratio(tp, tp + fn);
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    return { tag, tp, fp, fn, precision, recall, f1 };
  });
  return {
    calls: calls.length,
    industries: new Set(calls.map((c) => c.meta.industry)).size,
    agentTurns,
    hardNegatives,
    tags,
    macroF1: tags.reduce((s, t) => s + t.f1, 0) / tags.length,
    roleAccuracy: ratio(roleRight, roleTotal),
    spearman: spearman(impacts.map((i) => i.score), impacts.map((i) => i.gold)),
    misses,
    impacts,
  };
}
