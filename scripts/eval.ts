/**
 * npm run eval: how well sameside tags calls, by source.
 *   1. the corpus written in this repository (corpus/calls/), with every miss listed;
 *   2. each outside writer (corpus/outside/) and each devset writer (../shared/devset/, when present), scored with
 *      the shipped package: per-tag F1, macro-F1, role accuracy with roles stripped, impact Spearman. The learned
 *      scorer was trained on these sources, so this table is in-sample;
 *   3. real spoken calls (../shared/realcalls/harpervalley.jsonl, when present): role accuracy and findings per 100
 *      agent turns (courteous calls: a check on false alarms);
 *   4. held-out writers (corpus/heldout/): never trained on nor used for any choice, scored with the shipped package;
 *   5. leave-one-writer-out, the honest figure for anything learned (from docs/model.json, written by npm run train,
 *      and checked here against the data: a stale model is reported).
 * Options: --json (machine-readable), --quiet (no list of misses).
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { analyzeCall, TAG_IDS } from "../src/index.js";
import { asMessages, asSpeechToText, evaluate, type Evaluation } from "./corpus.js";
import { examplesOf } from "./learn.js";
import { loadDevset, loadHeldOut, loadOutside, loadOwnCorpus, ROOT, sourceOrder, type LabelledCall } from "./sources.js";
import type { RoleReport } from "./roles.js";
import { fingerprints, REPORT_FILE, ROLE_REPORT_FILE } from "./train.js";

const args = new Set(process.argv.slice(2));
const own = loadOwnCorpus();
const others = [...loadOutside(), ...loadDevset()];
const ownResult = evaluate(own);
/** Each source's calls scored on their own, in sourceOrder. */
function perSourceOf(calls: readonly LabelledCall[]): Array<{ source: string; result: Evaluation }> {
  const bySource = new Map<string, LabelledCall[]>();
  for (const c of calls) {
    const list = bySource.get(c.source);
    if (list === undefined) bySource.set(c.source, [c]);
    else list.push(c);
  }
  return [...bySource.keys()].sort(sourceOrder).map((s) => ({ source: s, result: evaluate(bySource.get(s) ?? []) }));
}
const perSource = perSourceOf(others);
const pooled = (pick: (s: string) => boolean): Evaluation => evaluate(others.filter((c) => pick(c.source)));
const outsidePooled = pooled((s) => s.startsWith("w"));
const heldOutCalls = loadHeldOut();
const heldOutPerWriter = perSourceOf(heldOutCalls);
const heldOutPooled = evaluate(heldOutCalls);
const heldOutSpeech = evaluate(asSpeechToText(heldOutCalls));
const heldOutMessages = { afterCustomer: evaluate(asMessages(heldOutCalls, true)), alone: evaluate(asMessages(heldOutCalls, false)) };
const devsetPooled = pooled((s) => s.startsWith("d"));

/** Harper Valley: real spoken calls, roles given in the file. */
interface RealCall {
  id: string;
  turns: Array<{ speaker: string; role: "agent" | "customer"; text: string; start?: number; end?: number }>;
}
const realPath = join(ROOT, "../shared/realcalls/harpervalley.jsonl");
const real = existsSync(realPath)
  ? readFileSync(realPath, "utf8")
      .split("\n")
      .filter((l) => l.trim() !== "")
      .map((l) => JSON.parse(l) as RealCall)
  : [];
let realRight = 0;
let realTurns = 0;
let realAgentTurns = 0;
const realFindings = Object.fromEntries(TAG_IDS.map((t) => [t, 0])) as Record<string, number>;
for (const call of real) {
  const stripped = analyzeCall({ turns: call.turns.map(({ speaker, text, start, end }) => ({ speaker, text, ...(start !== undefined ? { start } : {}), ...(end !== undefined ? { end } : {}) })) });
  const given = analyzeCall({ turns: call.turns.map(({ speaker, role, text }) => ({ speaker, role, text })) });
  call.turns.forEach((t, i) => {
    realTurns++;
    if (stripped.turns[i]?.role === t.role) realRight++;
    if (t.role !== "agent") return;
    realAgentTurns++;
    for (const tag of new Set((given.turns[i]?.tags ?? []).map((f) => f.tag))) realFindings[tag] = (realFindings[tag] ?? 0) + 1;
  });
}

/** Leave-one-writer-out, as npm run train measured it, and whether the data still matches it. */
interface ModelReport {
  thresholds: Record<string, { find: number; keep: number }>;
  fingerprints: Record<string, string>;
  leaveOneWriterOut: {
    pooled: Array<{ tag: string; tp: number; fp: number; fn: number; precision: number; recall: number; f1: number }>;
    sources: Array<{ source: string; turns: number; tags: Array<{ tag: string; tp: number; fp: number; fn: number }>; macroF1: number }>;
    /** The first pass alone (each turn on its own words), at thresholds chosen for it the same way. */
    firstPassOnly?: { pooled: number; devset: number };
    /** Both passes without the customer's reply (the third stage), at thresholds chosen for them. */
    withoutReply?: { pooled: number; devset: number };
  };
}
const report = JSON.parse(readFileSync(REPORT_FILE, "utf8")) as ModelReport;
const roleReport = JSON.parse(readFileSync(ROLE_REPORT_FILE, "utf8")) as RoleReport;
const now = fingerprints(examplesOf([...own, ...others]));
const stale = Object.entries(now).filter(([s, f]) => report.fingerprints[s] !== f).map(([s]) => s);
const absent = Object.keys(report.fingerprints).filter((s) => now[s] === undefined);

const f1 = (c: { tp: number; fp: number; fn: number }): number => (c.tp === 0 ? 0 : (2 * c.tp) / (2 * c.tp + c.fp + c.fn));
const sumCounts = (rows: ModelReport["leaveOneWriterOut"]["sources"]) =>
  TAG_IDS.map((tag, t) => rows.reduce((a, r) => ({ tp: a.tp + (r.tags[t]?.tp ?? 0), fp: a.fp + (r.tags[t]?.fp ?? 0), fn: a.fn + (r.tags[t]?.fn ?? 0), tag }), { tp: 0, fp: 0, fn: 0, tag }));
const macro = (cs: Array<{ tp: number; fp: number; fn: number }>): number => cs.reduce((a, c) => a + f1(c), 0) / cs.length;
const lowoRows = report.leaveOneWriterOut.sources;
const lowoDevset = sumCounts(lowoRows.filter((r) => r.source.startsWith("d")));
const lowoOutside = sumCounts(lowoRows.filter((r) => r.source.startsWith("w")));
const lowoSpeech = sumCounts(lowoRows.filter((r) => r.source === "d1"));
const lowoNotSpeech = sumCounts(lowoRows.filter((r) => r.source.startsWith("d") && r.source !== "d1"));

if (args.has("--json")) {
  process.stdout.write(`${JSON.stringify({ corpus: ownResult, sources: perSource, heldOut: { writers: heldOutPerWriter, pooled: heldOutPooled, speechToText: heldOutSpeech, messages: heldOutMessages }, harperValley: { calls: real.length, roleAccuracy: realRight / Math.max(1, realTurns), findingsPer100AgentTurns: realFindings, agentTurns: realAgentTurns }, leaveOneWriterOut: report.leaveOneWriterOut, roles: roleReport, stale, absent }, null, 2)}\n`);
  process.exit(0);
}

const n3 = (n: number): string => n.toFixed(3);
const n2 = (n: number): string => n.toFixed(2);
const short = (t: string): string => (t === "competitor-bashing" ? "bashing" : t);
const lines: string[] = [];
if (!args.has("--quiet") && ownResult.misses.length > 0) {
  lines.push(`Misses on the corpus (${ownResult.misses.length})`);
  for (const m of ownResult.misses) lines.push(`  ${m.kind.padEnd(11)} ${m.tag.padEnd(18)} ${m.call}#${m.turn}${m.rule !== undefined ? ` [${m.rule}]` : ""}: ${m.text}`);
  lines.push("");
}
lines.push(`Corpus: ${ownResult.calls} calls, ${ownResult.industries} industries, ${ownResult.agentTurns} agent turns, ${ownResult.hardNegatives} hard negatives`);
lines.push("tag                  precision  recall     f1   tp  fp  fn");
for (const t of ownResult.tags) {
  lines.push(`${t.tag.padEnd(20)} ${n3(t.precision).padStart(9)} ${n3(t.recall).padStart(7)} ${n3(t.f1).padStart(6)} ${String(t.tp).padStart(4)} ${String(t.fp).padStart(3)} ${String(t.fn).padStart(3)}`);
}
lines.push(`macro-F1 ${n3(ownResult.macroF1)}, role accuracy (roles stripped) ${n3(ownResult.roleAccuracy)}, Spearman(impact, gold) ${n3(ownResult.spearman)}`, "");

const header = `${"source".padEnd(8)}${TAG_IDS.map((t) => short(t).padStart(14)).join("")}  macro-F1  roles  Spearman`;
const row = (name: string, r: Evaluation): string =>
  `${name.padEnd(8)}${r.tags.map((t) => n2(t.f1).padStart(14)).join("")}  ${n3(r.macroF1).padStart(8)}  ${n3(r.roleAccuracy)}  ${n2(r.spearman).padStart(8)}`;
lines.push("Each writer, scored with the shipped package (in-sample: the learned scorer was trained on these sources)", header);
for (const { source, result } of perSource) lines.push(row(source, result));
if (outsidePooled.calls > 0) lines.push(row("outside", outsidePooled));
if (devsetPooled.calls > 0) lines.push(row("devset", devsetPooled));
else lines.push("(the shared devset is not on this machine: ../shared/devset/calls.json or SAMESIDE_DEVSET)");
lines.push("");
if (real.length > 0) {
  lines.push(
    `Harper Valley (${real.length} real spoken calls, courteous agents): role accuracy ${n3(realRight / realTurns)}; ` +
      `findings per 100 agent turns: ${TAG_IDS.map((t) => `${short(t)} ${n2((100 * (realFindings[t] ?? 0)) / realAgentTurns)}`).join(", ")}`,
    "",
  );
}

if (heldOutCalls.length > 0) {
  lines.push(
    `Held out (corpus/heldout/: ${heldOutPerWriter.length} outside writers, ${heldOutPooled.calls} calls, ${heldOutPooled.agentTurns} agent turns, never trained on nor used for any choice; the shipped package)`,
    header,
  );
  for (const { source, result } of heldOutPerWriter) lines.push(row(source, result));
  lines.push(row("pooled", heldOutPooled));
  lines.push(`  precision / recall: ${heldOutPooled.tags.map((t) => `${short(t.tag)} ${n2(t.precision)} / ${n2(t.recall)}`).join(", ")}`);
  lines.push(row("no punct", heldOutSpeech), "  (the same calls lower-cased, without punctuation, as a speech recogniser prints them)");
  const tagF1 = (r: Evaluation): string => `${n3(r.macroF1)} (${r.tags.map((t) => `${short(t.tag)} ${n2(t.f1)}`).join(", ")})`;
  lines.push(
    `  one agent turn at a time, after the customer's turn before it: macro-F1 ${tagF1(heldOutMessages.afterCustomer)}`,
    `  one agent turn at a time, alone: macro-F1 ${tagF1(heldOutMessages.alone)} (pushing needs the customer's no)`,
    "",
  );
}

lines.push("Leave-one-writer-out (each source scored by a model fitted on all the others; npm run train)", `${"source".padEnd(8)}${TAG_IDS.map((t) => short(t).padStart(14)).join("")}  macro-F1`);
for (const r of lowoRows) lines.push(`${r.source.padEnd(8)}${r.tags.map((t) => n2(f1(t)).padStart(14)).join("")}  ${n3(r.macroF1).padStart(8)}`);
if (stale.length > 0 || absent.length > 0) {
  lines.push(`STALE: the data or the features changed since npm run train (${[...stale, ...absent.map((s) => `${s} absent`)].join(", ")}); run npm run train`);
}
lines.push("", "Leave-one-writer-out, all sources pooled", "tag                  precision  recall     f1");
for (const p of report.leaveOneWriterOut.pooled) lines.push(`${p.tag.padEnd(20)} ${n3(p.precision).padStart(9)} ${n3(p.recall).padStart(7)} ${n3(p.f1).padStart(6)}`);
lines.push(`macro-F1 ${n3(macro(report.leaveOneWriterOut.pooled))} over every source`);
if (lowoDevset.some((c) => c.tp + c.fn > 0)) {
  lines.push(`devset writers ${n3(macro(lowoDevset))} (speech-to-text writer d1 ${n3(macro(lowoSpeech))}, the others ${n3(macro(lowoNotSpeech))}); outside writers ${n3(macro(lowoOutside))}`);
}
const firstOnly = report.leaveOneWriterOut.firstPassOnly;
if (firstOnly !== undefined) lines.push(`without the second pass (each turn on its own): ${n3(firstOnly.pooled)} over every source, devset writers ${n3(firstOnly.devset)}`);
const noReply = report.leaveOneWriterOut.withoutReply;
if (noReply !== undefined) lines.push(`without the customer's reply (both passes): ${n3(noReply.pooled)} over every source, devset writers ${n3(noReply.devset)}`);
lines.push("", "Roles, leave-one-writer-out (roles stripped, speakers renamed; each source decided by a role model fitted on all the others; Harper Valley by the shipped one, never trained on)");
const roleTurns = (pick: (s: string) => boolean): string => {
  const rows = roleReport.sources.filter((r) => pick(r.source));
  const turns = rows.reduce((a, r) => a + r.turns, 0);
  return turns === 0 ? "-" : n3(rows.reduce((a, r) => a + r.accuracy * r.turns, 0) / turns);
};
const roleCells = roleReport.sources.map((r) => `${r.source} ${n3(r.accuracy)}${r.wrongCalls.length > 0 ? ` (${r.wrongCalls.length} call${r.wrongCalls.length > 1 ? "s" : ""} wrong)` : ""}`);
for (let i = 0; i < roleCells.length; i += 6) lines.push(`  ${roleCells.slice(i, i + 6).join(", ")}`);
lines.push(`per turn: corpus ${roleTurns((s) => s === "corpus")}, outside writers ${roleTurns((s) => s.startsWith("w"))}, devset ${roleTurns((s) => /^d\d/.test(s))}, Harper Valley ${roleTurns((s) => s === "harpervalley")}`);
lines.push(`confidence calibration (every speaker guessed above): ${roleReport.calibration.map((c) => `>= ${c.atLeast}: ${c.speakers} speakers, ${n3(c.accuracy)} right`).join("; ")}`, "");
lines.push(`corpus: macro-F1 ${n3(ownResult.macroF1)} with the shipped model; impact Spearman corpus ${n2(ownResult.spearman)}, devset ${n2(devsetPooled.calls > 0 ? devsetPooled.spearman : Number.NaN)}`);
process.stdout.write(`${lines.join("\n")}\n`);
