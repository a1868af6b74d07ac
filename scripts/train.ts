/**
 * npm run train: fits the learned scorer on every labelled source and writes it as data.
 *   1. examples: every agent turn of the corpus, the outside writers (corpus/outside/) and the shared devset;
 *   2. leave-one-writer-out: for each source, fit the first pass on all the others and score it (the honest figure),
 *      kept in docs/model-lowo.json;
 *   3. the meaning model (src/model/meaning.ts, a small network over word vectors), held out by folds of writers
 *      (scripts/learn.ts, meaningFolds) and fitted on every source; its held-out scores kept beside the first pass's;
 *   4. the second pass (src/model/sequence.ts, a small network) on both passes' held-out scores, itself
 *      leave-one-writer-out (its folds spread over the processes too), and fitted on them all;
 *   5. the third stage (src/model/reply.ts: the customer's reply to the turn) on the second pass's held-out scores,
 *      itself leave-one-writer-out, and fitted on them all; thresholds per tag from its held-out scores: the best F1
 *      whose precision is at least 0.90;
 *   6. the final first-pass fit on every source with the second pass, written to src/model/weights.ts and weights.bin, and the
 *      measurements to docs/model.json;
 *   7. the impact score's points per moment, fitted to hand-judged impact under the leave-one-writer-out tags
 *      (scripts/impact.ts), written to src/model/impact-weights.ts with the moments it read (docs/impact-items.json);
 *   8. the role model (scripts/roles.ts), scored leave-one-writer-out on calls with their roles stripped, written to
 *      src/model/role-weights.ts and docs/roles.json (per-source accuracy, calls still wrong, confidence calibration).
 * Deterministic: the same data gives the same files. Options: --check (write nothing; exit 1 if the committed
 * files differ from what this run would write), --roles (fit and write the role model only), --second-pass (read the
 * first pass's leave-one-writer-out scores from docs/model-lowo.json instead of refitting them; the meaning model's
 * folds, a few minutes, are always refitted, so a change to it or to the vectors is never read stale), --jobs N (fit
 * the leave-one-writer-out folds, the meaning model's, the second pass's and the impact points' in N processes at
 * once; default: the machine's cores, at most 4. Each fold is fitted on its own, so the files are the same whatever
 * N is).
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { availableParallelism, tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { TAG_IDS } from "../src/index.js";
import {
  chooseThresholds,
  countsOf,
  examplesOf,
  f1,
  fit,
  fitMeaning,
  fitSequence,
  leaveOneWriterOut,
  MEANING_PARAMS,
  meaningHeldOut,
  PARAMS,
  precision,
  REPLY_PARAMS,
  replyLeaveOneWriterOut,
  fitReply,
  type ReplyFit,
  recall,
  roundScore,
  SEQUENCE_PARAMS,
  sequenceLeaveOneWriterOut,
  type SequenceFit,
  sequenceTable,
  toModelData,
  type Example,
  type Scored,
  weightOf,
  type Thresholds,
} from "./learn.js";
import { fitImpactWeights, HAND_SET, heldOutPoints, impactItems, parseImpactItems, type ImpactFit, type ImpactItem } from "./impact.js";
import { trainRoles } from "./roles.js";
import { devsetPath, loadAllSources, ROOT, sourceOrder } from "./sources.js";
import type { MeaningData } from "../src/model/meaning.js";
import type { RoleModelData } from "../src/model/role-model.js";
import { inputNames } from "../src/model/sequence.js";
import { weightsFile, type ModelData } from "../src/model/scorer.js";
import type { ScoringWeights } from "../src/score.js";

export const WEIGHTS_FILE = join(ROOT, "src/model/weights.ts");
/** The first pass's records, read by the package on first use (see weightsFile in src/model/scorer.ts). */
export const WEIGHTS_BIN_FILE = join(ROOT, "src/model/weights.bin");
export const REPORT_FILE = join(ROOT, "docs/model.json");
export const IMPACT_FILE = join(ROOT, "src/model/impact-weights.ts");
export const IMPACT_ITEMS_FILE = join(ROOT, "docs/impact-items.json");
export const ROLE_WEIGHTS_FILE = join(ROOT, "src/model/role-weights.ts");
export const ROLE_REPORT_FILE = join(ROOT, "docs/roles.json");
/** The first pass's leave-one-writer-out scores and the meaning model's held-out ones, which the second pass is fitted on (so a test can refit it). */
export const LOWO_FILE = join(ROOT, "docs/model-lowo.json");
export const MIN_PRECISION = 0.9;
/**
 * The shared devset's writers: thresholds hold precision over them on their own as well as over every source, since
 * the devset was labelled by other hands than the outside writers here, as calls we are judged on will be.
 */
export const isDevsetWriter = (source: string): boolean => /^d\d+$/.test(source);

/** A digest of one source's examples: its labels and every feature the scorer reads, so stale weights show. */
export function fingerprints(examples: readonly Example[]): Record<string, string> {
  const by = new Map<string, ReturnType<typeof createHash>>();
  for (const e of examples) {
    let h = by.get(e.source);
    if (h === undefined) by.set(e.source, (h = createHash("sha256")));
    h.update(`${e.call}#${e.turn}:${e.labels}:${e.either}:${e.rules}:${[...e.features.keys()].sort((a, b) => a - b).join(",")}:${[...e.reply.keys()].sort((a, b) => a - b).join(",")}:${[...e.afterNo.keys()].sort((a, b) => a - b).join(",")}\n`);
  }
  return Object.fromEntries([...by].sort((a, b) => sourceOrder(a[0], b[0])).map(([s, h]) => [s, h.digest("hex").slice(0, 16)]));
}

export interface SourceRow {
  source: string;
  turns: number;
  tags: Array<{ tag: string; tp: number; fp: number; fn: number }>;
  macroF1: number;
}

/** Per-source and pooled counts of leave-one-writer-out scores under thresholds. */
export function tables(scored: readonly Scored[], thresholds: Thresholds): SourceRow[] {
  const sources = [...new Set(scored.map((s) => s.example.source))].sort(sourceOrder);
  const row = (source: string, list: readonly Scored[]): SourceRow => {
    const c = countsOf(list, thresholds);
    return { source, turns: list.length, tags: TAG_IDS.map((tag, t) => ({ tag, ...(c[t] as { tp: number; fp: number; fn: number }) })), macroF1: c.reduce((a, x) => a + f1(x), 0) / c.length };
  };
  return sources.map((s) => row(s, scored.filter((x) => x.example.source === s)));
}

/** The shipped model as npm run train writes it: src/model/weights.ts (everything but the records) and weights.bin. */
export interface ShippedFiles {
  text: string;
  bin: Uint8Array;
}

function render(model: ModelData): ShippedFiles {
  const { weights: _records, replyWeights: _replyRecords, ...head } = model;
  const text = [
    "// Written by `npm run train` (scripts/train.ts) from the labelled sources; do not edit by hand.",
    "// The model without its feature records, which are in weights.bin beside this file (one record per feature: its",
    "// hash, then per tag its turn weight and then its sentence weight, x scale); see ModelData in src/model/scorer.ts",
    "// and the features in src/model/features.ts. The strongest features per tag, by name, are in docs/model.json.",
    'import type { ModelHead } from "./scorer.js";',
    "",
    `export const MODEL_HEAD: ModelHead = ${JSON.stringify(head)};`,
    "",
  ].join("\n");
  return { text, bin: weightsFile(model) };
}

/** The weights files for a fit on every example, with the given thresholds and second pass (what npm run train writes). */
export function shippedWeights(examples: readonly Example[], thresholds: Thresholds, sequence: SequenceFit, meaning: MeaningData, reply: ReplyFit): ShippedFiles {
  return render(toModelData(fit(examples, PARAMS), thresholds, sequence, meaning, reply));
}

/** The third stage fitted on every source, from the second pass's leave-one-writer-out scores. */
export const shippedReply = (examples: readonly Example[], second: ReadonlyArray<ArrayLike<number>>): ReplyFit => fitReply(examples, second, examples.map((_, i) => i), REPLY_PARAMS);

/** The meaning model fitted on every source. */
export const shippedMeaning = (examples: readonly Example[]): MeaningData => fitMeaning(examples, examples.map((_, i) => i), MEANING_PARAMS);

/**
 * docs/model-lowo.json: per source, its examples' first-pass leave-one-writer-out scores (`scores`), the meaning
 * model's held-out scores (`meaning`) and the second pass's leave-one-writer-out scores (`second`, which the third
 * stage is fitted on), in example order, each as base64 of little-endian int16 thousandths (six per example), with
 * the source's example count.
 */
export function renderLowo(examples: readonly Example[], first: ReadonlyArray<ArrayLike<number>>, meaning: ReadonlyArray<ArrayLike<number>>, second: ReadonlyArray<ArrayLike<number>>): string {
  const by = new Map<string, { first: number[]; meaning: number[]; second: number[] }>();
  examples.forEach((e, i) => {
    let lists = by.get(e.source);
    if (lists === undefined) by.set(e.source, (lists = { first: [], meaning: [], second: [] }));
    for (let t = 0; t < TAG_IDS.length; t++) {
      lists.first.push(Math.round(roundScore(first[i]?.[t] ?? 0) * 1000));
      lists.meaning.push(Math.round(roundScore(meaning[i]?.[t] ?? 0) * 1000));
      lists.second.push(Math.round(roundScore(second[i]?.[t] ?? 0) * 1000));
    }
  });
  const base64 = (list: readonly number[]): string => {
    const bytes = new Uint8Array(list.length * 2);
    const view = new DataView(bytes.buffer);
    list.forEach((v, j) => view.setInt16(j * 2, v, true));
    return Buffer.from(bytes).toString("base64");
  };
  const sources = [...by].sort((a, b) => sourceOrder(a[0], b[0])).map(([source, lists]) => {
    return `  ${JSON.stringify(source)}: { "examples": ${lists.first.length / TAG_IDS.length}, "scores": ${JSON.stringify(base64(lists.first))}, "meaning": ${JSON.stringify(base64(lists.meaning))}, "second": ${JSON.stringify(base64(lists.second))} }`;
  });
  return `{\n "scale": 1000,\n "sources": {\n${sources.join(",\n")}\n }\n}\n`;
}

/**
 * The first pass's leave-one-writer-out scores per example and the meaning model's held-out ones (undefined when the
 * file has none), read back from docs/model-lowo.json; throws when they do not fit the examples.
 */
export function readLowo(examples: readonly Example[], text = readFileSync(LOWO_FILE, "utf8")): { first: Float64Array[]; meaning: Float64Array[] | undefined; second: Float64Array[] | undefined } {
  const file = JSON.parse(text) as { scale: number; sources: Record<string, { examples: number; scores: string; meaning?: string; second?: string }> };
  const views = new Map<string, { first: DataView; meaning: DataView | undefined; second: DataView | undefined; next: number; count: number }>();
  const viewOf = (b64: string): DataView => {
    const bytes = Buffer.from(b64, "base64");
    return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  };
  for (const [source, s] of Object.entries(file.sources)) {
    views.set(source, { first: viewOf(s.scores), meaning: s.meaning === undefined ? undefined : viewOf(s.meaning), second: s.second === undefined ? undefined : viewOf(s.second), next: 0, count: s.examples });
  }
  let complete = true;
  let hasSecond = true;
  const first: Float64Array[] = [];
  const meaning: Float64Array[] = [];
  const second: Float64Array[] = [];
  for (const e of examples) {
    const v = views.get(e.source);
    if (v === undefined || v.next >= v.count) throw new Error(`${LOWO_FILE}: no score for ${e.call}#${e.turn} (${e.source}); run npm run train`);
    const row = (view: DataView): Float64Array => Float64Array.from(TAG_IDS, (_, t) => view.getInt16((v.next * TAG_IDS.length + t) * 2, true) / file.scale);
    first.push(row(v.first));
    if (v.meaning === undefined) complete = false;
    else meaning.push(row(v.meaning));
    if (v.second === undefined) hasSecond = false;
    else second.push(row(v.second));
    v.next++;
  }
  for (const [source, v] of views) if (v.next !== v.count) throw new Error(`${LOWO_FILE}: ${source} has ${v.count} scores, the data ${v.next} examples; run npm run train`);
  return { first, meaning: complete ? meaning : undefined, second: hasSecond ? second : undefined };
}

/** The first pass's leave-one-writer-out scores, aligned with the examples and rounded as docs/model-lowo.json keeps them. */
async function firstPassScores(examples: readonly Example[], log: (line: string) => void, jobs: number): Promise<Float64Array[]> {
  const sources = [...new Set(examples.map((e) => e.source))];
  const byExample = new Map<Example, Float64Array>();
  if (jobs <= 1) {
    for (const s of leaveOneWriterOut(examples, PARAMS, (s) => log(`  leave out ${s}`))) byExample.set(s.example, s.scores);
  } else {
    // Each process fits every jobs-th fold and writes its scores, by example, to a file of its own.
    for (const [e, scores] of await scoredInProcesses(examples, jobs, "--folds-of", "leave-one-writer-out")) byExample.set(e, scores);
  }
  const missing = examples.filter((e) => !byExample.has(e)).length;
  if (missing > 0) throw new Error(`${missing} agent turns got no leave-one-writer-out score (of ${sources.length} sources)`);
  return examples.map((e) => Float64Array.from(byExample.get(e) ?? [], roundScore));
}

/** An example's name across processes: its source, call and turn. */
const exampleKey = (e: Example): string => `${e.source}\u0000${e.call}\u0000${e.turn}`;

/**
 * Runs `jobs` copies of this script, `--flag j/jobs FILE [input]`, each writing JSON to a file of its own, and returns
 * what each wrote, in order. `input`, when given, is written to a file the processes are told about.
 */
async function inProcesses<T>(jobs: number, flag: string, what: string, input?: unknown): Promise<T[]> {
  const dir = mkdtempSync(join(tmpdir(), "sameside-train-"));
  try {
    const inputFile = join(dir, "input.json");
    if (input !== undefined) writeFileSync(inputFile, JSON.stringify(input));
    await Promise.all(
      Array.from({ length: jobs }, (_, j) => {
        const args = [...process.execArgv, fileURLToPath(import.meta.url), flag, `${j}/${jobs}`, join(dir, `${j}.json`), ...(input === undefined ? [] : [inputFile])];
        const child = spawn(process.execPath, args, { stdio: ["ignore", "inherit", "inherit"] });
        return new Promise<void>((done, fail) => child.on("exit", (code) => (code === 0 ? done() : fail(new Error(`the ${what} process ${j + 1} of ${jobs} exited with ${code}`)))));
      }),
    );
    return Array.from({ length: jobs }, (_, j) => JSON.parse(readFileSync(join(dir, `${j}.json`), "utf8")) as T);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Scores turns in `jobs` processes of this script (`flag`, see inProcesses), each writing its share with writeScored;
 * returns them by example, and throws on a turn that is not one of the examples.
 */
async function scoredInProcesses(examples: readonly Example[], jobs: number, flag: string, what: string, input?: unknown): Promise<Map<Example, Float64Array>> {
  const byKey = new Map(examples.map((e) => [exampleKey(e), e]));
  const byExample = new Map<Example, Float64Array>();
  for (const rows of await inProcesses<Array<[string, number[]]>>(jobs, flag, what, input)) {
    for (const [k, scores] of rows) {
      const e = byKey.get(k);
      if (e === undefined) throw new Error(`a ${what} process scored an unknown turn: ${k}`);
      byExample.set(e, Float64Array.from(scores));
    }
  }
  return byExample;
}

/** What a scoring process writes for scoredInProcesses: each turn's key and its scores. */
function writeScored(out: string, scored: readonly Scored[]): void {
  writeFileSync(out, JSON.stringify(scored.map((s) => [exampleKey(s.example), [...s.scores]])));
}

/** The second pass's leave-one-writer-out scores, its folds spread over `jobs` processes (each reads the first pass's scores). */
async function secondPassScores(examples: readonly Example[], first: readonly Float64Array[], meaning: readonly Float64Array[], inputs: readonly Float64Array[], jobs: number): Promise<Scored[]> {
  if (jobs <= 1) return sequenceLeaveOneWriterOut(examples, inputs, SEQUENCE_PARAMS);
  const byExample = await scoredInProcesses(examples, jobs, "--sequence-of", "second pass", { first: first.map((f) => [...f]), meaning: meaning.map((f) => [...f]) });
  return examples.map((e) => {
    const scores = byExample.get(e);
    if (scores === undefined) throw new Error(`the second pass's processes gave no score for ${e.call}#${e.turn} (${e.source})`);
    return { example: e, scores };
  });
}

/** One of the second pass's processes: the leave-one-writer-out scores of its share of the sources. */
function sequenceOf(which: string, out: string, input: string): void {
  const examples = examplesOf(loadAllSources());
  const read = JSON.parse(readFileSync(input, "utf8")) as { first: number[][]; meaning: number[][] };
  if (read.first.length !== examples.length || read.meaning.length !== examples.length) {
    throw new Error(`the second pass's process read ${read.first.length} first-pass and ${read.meaning.length} meaning scores for ${examples.length} agent turns`);
  }
  writeScored(out, sequenceLeaveOneWriterOut(examples, sequenceTable(examples, read.first, read.meaning), SEQUENCE_PARAMS, shareOf(which)));
}

/** The meaning model's held-out scores (see meaningFolds), its folds spread over `jobs` processes. */
async function meaningScores(examples: readonly Example[], log: (line: string) => void, jobs: number): Promise<Float64Array[]> {
  const byExample = new Map<Example, Float64Array>();
  if (jobs <= 1) for (const s of meaningHeldOut(examples, MEANING_PARAMS, undefined, (f) => log(`  meaning model, fold ${f + 1}`))) byExample.set(s.example, s.scores);
  else for (const [e, scores] of await scoredInProcesses(examples, jobs, "--meaning-of", "meaning model")) byExample.set(e, scores);
  return examples.map((e) => {
    const scores = byExample.get(e);
    if (scores === undefined) throw new Error(`the meaning model gave no held-out score for ${e.call}#${e.turn} (${e.source})`);
    return Float64Array.from(scores, roundScore);
  });
}

/** One of the meaning model's processes: the held-out scores of its share of the folds. */
function meaningOf(which: string, out: string): void {
  writeScored(out, meaningHeldOut(examplesOf(loadAllSources()), MEANING_PARAMS, shareOf(which), (f) => process.stderr.write(`  meaning model, fold ${f + 1}\n`)));
}

/** The impact points, their leave-one-writer-out search spread over `jobs` processes. */
async function impactFit(items: readonly ImpactItem[], jobs: number): Promise<ImpactFit> {
  if (jobs <= 1) return fitImpactWeights(items, HAND_SET);
  const rows = items.map((it) => ({ ...it, counts: [...it.counts] }));
  const held = await inProcesses<Array<[string, number]>>(jobs, "--impact-of", "impact points", rows);
  return fitImpactWeights(items, HAND_SET, new Map(held.flat()));
}

/** A process's share of the sources, from its "i/jobs": the places i, i + jobs, ... */
function shareOf(which: string): (place: number) => boolean {
  const [i, jobs] = which.split("/").map(Number) as [number, number];
  return (place) => place % jobs === i;
}

/** One of the impact-points processes: the held-out points of its share of the sources. */
function impactOf(which: string, out: string, input: string): void {
  writeFileSync(out, JSON.stringify(heldOutPoints(parseImpactItems(readFileSync(input, "utf8")), HAND_SET, shareOf(which))));
}

/** One of the leave-one-writer-out processes: fits the folds of its share of the sources and writes their scores to `out`. */
function foldsOf(which: string, out: string): void {
  writeScored(out, leaveOneWriterOut(examplesOf(loadAllSources()), PARAMS, (source) => process.stderr.write(`  leave out ${source}\n`), shareOf(which)));
}

/** The second pass fitted on every source, from the first pass's leave-one-writer-out scores. */
export function shippedSequence(examples: readonly Example[], first: ReadonlyArray<ArrayLike<number>>, meaning: ReadonlyArray<ArrayLike<number>>, inputs = sequenceTable(examples, first, meaning)): SequenceFit {
  return fitSequence(examples, inputs, examples.map((_, i) => i), SEQUENCE_PARAMS);
}

/** Pooled and devset macro-F1 of scores under thresholds, with each tag's F1 (for the report's comparisons). */
function summary(scored: readonly Scored[], thresholds: Thresholds): { pooled: number; devset: number; tags: Record<string, number> } {
  const all = countsOf(scored, thresholds);
  const dev = countsOf(scored.filter((s) => isDevsetWriter(s.example.source)), thresholds);
  const macro = (c: ReturnType<typeof countsOf>): number => +(c.reduce((a, x) => a + f1(x), 0) / c.length).toFixed(3);
  return { pooled: macro(all), devset: macro(dev), tags: Object.fromEntries(TAG_IDS.map((tag, t) => [tag, +f1(all[t] as { tp: number; fp: number; fn: number }).toFixed(3)])) };
}

/**
 * Per tag, the second pass's inputs with the largest direct weights (by absolute value; what they add through the
 * hidden units is not in these), by name.
 */
function strongestInputs(sequence: SequenceFit): Record<string, string[]> {
  const names = inputNames(TAG_IDS);
  return Object.fromEntries(
    TAG_IDS.map((tag, t) => {
      const w = sequence.weights[t] ?? [];
      const order = names.map((name, i) => ({ name, w: w[i] ?? 0 })).sort((a, b) => Math.abs(b.w) - Math.abs(a.w) || (a.name < b.name ? -1 : 1));
      return [tag, order.slice(0, 8).map((o) => `${o.name} ${o.w.toFixed(2)}`)];
    }),
  );
}

/** Per tag, the reply features with the largest weights for it, by name (what the customer says after the tag). */
function strongestReplyFeatures(reply: ReplyFit): Record<string, string[]> {
  return Object.fromEntries(
    TAG_IDS.map((tag, t) => {
      const order = reply.rows.map((r) => ({ name: r.name, w: r.weights[t] ?? 0 })).sort((a, b) => b.w - a.w || (a.name < b.name ? -1 : 1));
      return [tag, order.slice(0, 12).map((o) => `${o.name} ${o.w.toFixed(2)}`)];
    }),
  );
}

export interface TrainResult {
  weights: ShippedFiles;
  lowo: string;
  report: string;
  impact: string;
  impactItems: string;
  roleWeights: string;
  roleReport: string;
}

/** The role model's weights file. */
export function renderRoles(data: RoleModelData): string {
  return [
    "// Written by `npm run train` (scripts/roles.ts) from the labelled sources; do not edit by hand.",
    "// One line per feature: hash (base 36), name, weight (x scale). See src/model/role-features.ts.",
    'import type { RoleModelData } from "./role-model.js";',
    "",
    `export const ROLE_MODEL: RoleModelData = ${JSON.stringify(data)};`,
    "",
  ].join("\n");
}

/** The impact weights file. */
export function renderImpact(weights: ScoringWeights): string {
  return [
    "// Written by `npm run train` (scripts/impact.ts) from hand-judged impact; do not edit by hand.",
    'import type { ScoringWeights } from "../score.js";',
    "",
    `export const IMPACT_WEIGHTS: ScoringWeights = ${JSON.stringify(weights, null, 2)};`,
    "",
  ].join("\n");
}

/** The calls' moments the impact fit reads, as docs/impact-items.json keeps them (one line per call). */
export function renderImpactItems(items: readonly ImpactItem[]): string {
  return `[\n${items.map((i) => JSON.stringify({ source: i.source, call: i.call, gold: i.gold, counts: [...i.counts].map((c) => Math.round(c * 1e6) / 1e6) })).join(",\n")}\n]\n`;
}

/**
 * Runs the whole training; `log` gets progress lines. With `secondPassOnly`, the first pass's leave-one-writer-out
 * scores are read from docs/model-lowo.json instead of refitted (about 20 minutes instead of an hour and a half on 2
 * cores: for work on the meaning model and the second pass; the data must not have changed since). With `jobs`
 * above 1 the folds, the meaning model's and the second pass's folds and the impact points' leave-one-writer-out
 * search are spread over that many processes.
 */
export async function train(log: (line: string) => void = () => {}, secondPassOnly = false, jobs = 1): Promise<TrainResult> {
  const calls = loadAllSources();
  const examples = examplesOf(calls);
  log(`${calls.length} calls, ${examples.length} agent turns, ${new Set(examples.map((e) => e.source)).size} sources${devsetPath() === undefined ? " (no devset on this machine)" : ""}`);
  const first = secondPassOnly ? readLowo(examples).first : await firstPassScores(examples, log, jobs);
  log("the meaning model, held out by folds of writers");
  const meaning = await meaningScores(examples, log, jobs);
  log("the second pass, leave-one-writer-out");
  const inputs = sequenceTable(examples, first, meaning);
  const secondScored = await secondPassScores(examples, first, meaning, inputs, jobs);
  const second = secondScored.map((s) => Float64Array.from(s.scores, roundScore));
  log("the customer's reply (the third stage), leave-one-writer-out");
  const scored = replyLeaveOneWriterOut(examples, second, REPLY_PARAMS);
  const thresholds = chooseThresholds(scored, MIN_PRECISION, isDevsetWriter);
  const secondOnly = examples.map((e, i) => ({ example: e, scores: second[i] as Float64Array }));
  const secondThresholds = chooseThresholds(secondOnly, MIN_PRECISION, isDevsetWriter);
  const firstOnly = examples.map((e, i) => ({ example: e, scores: first[i] as Float64Array }));
  const firstThresholds = chooseThresholds(firstOnly, MIN_PRECISION, isDevsetWriter);
  const meaningOnly = examples.map((e, i) => ({ example: e, scores: meaning[i] as Float64Array }));
  const meaningThresholds = chooseThresholds(meaningOnly, MIN_PRECISION, isDevsetWriter);
  const model = fit(examples, PARAMS);
  const sequence = shippedSequence(examples, first, meaning, inputs);
  const reply = shippedReply(examples, second);
  const data = toModelData(model, thresholds, sequence, shippedMeaning(examples), reply);
  const pooled = countsOf(scored, thresholds);
  log("fitting the impact points, leave-one-writer-out");
  const items = impactItems(calls, scored, thresholds);
  const impact = await impactFit(items, jobs);
  log("fitting the role model, leave-one-writer-out");
  const roles = trainRoles(calls, log);
  const topFeatures = Object.fromEntries(
    TAG_IDS.map((tag, t) => {
      const order = model.names.map((name, r) => ({ name, w: weightOf(model, r, t) })).sort((a, b) => b.w - a.w || (a.name < b.name ? -1 : 1));
      return [tag, order.slice(0, 15).map((o) => `${o.name} ${o.w.toFixed(2)}`)];
    }),
  );
  const report = {
    params: PARAMS,
    minPrecision: MIN_PRECISION,
    thresholds: Object.fromEntries(TAG_IDS.map((tag, t) => [tag, { find: thresholds.find[t], keep: data.keep[t] }])),
    features: data.count,
    fingerprints: fingerprints(examples),
    leaveOneWriterOut: {
      pooled: TAG_IDS.map((tag, t) => {
        const c = pooled[t] as { tp: number; fp: number; fn: number };
        return { tag, ...c, precision: +precision(c).toFixed(3), recall: +recall(c).toFixed(3), f1: +f1(c).toFixed(3) };
      }),
      sources: tables(scored, thresholds).map((r) => ({ ...r, macroF1: +r.macroF1.toFixed(3) })),
      firstPassOnly: summary(firstOnly, firstThresholds),
      meaningModelOnly: summary(meaningOnly, meaningThresholds),
      withoutReply: summary(secondOnly, secondThresholds),
    },
    sequence: { params: SEQUENCE_PARAMS, strongest: strongestInputs(sequence) },
    reply: { params: REPLY_PARAMS, features: data.reply?.count ?? 0, factor: reply.factor, bias: reply.bias, strongest: strongestReplyFeatures(reply) },
    meaning: { params: MEANING_PARAMS },
    topFeatures,
    impact: { weights: impact.weights, spearmanHeldOut: impact.heldOut.fitted, spearmanHandSet: impact.heldOut.start },
  };
  return {
    weights: render(data),
    lowo: renderLowo(examples, first, meaning, second),
    report: `${JSON.stringify(report, null, 1)}\n`,
    impact: renderImpact(impact.weights),
    impactItems: renderImpactItems(items),
    roleWeights: renderRoles(roles.data),
    roleReport: `${JSON.stringify(roles.report, null, 1)}\n`,
  };
}

const isMain = process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, "/").split("/").pop() ?? "");
const option = (name: string): string | undefined => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : undefined;
};
// The processes inProcesses starts: `--flag i/jobs OUT [INPUT]`.
const WORKERS: Record<string, (which: string, out: string, input: string) => void> = { "--folds-of": foldsOf, "--meaning-of": meaningOf, "--sequence-of": sequenceOf, "--impact-of": impactOf };
const worker = isMain ? Object.keys(WORKERS).find((flag) => option(flag) !== undefined) : undefined;
if (isMain && worker !== undefined) {
  const at = process.argv.indexOf(worker);
  WORKERS[worker]?.(process.argv[at + 1] ?? "", process.argv[at + 2] ?? "", process.argv[at + 3] ?? "");
} else if (isMain) {
  const check = process.argv.includes("--check");
  if (process.argv.includes("--roles")) {
    // Only the role model: quick, when the tag model's data has not changed.
    const roles = trainRoles(loadAllSources(), (line) => process.stderr.write(`${line}\n`));
    writeFileSync(ROLE_WEIGHTS_FILE, renderRoles(roles.data));
    writeFileSync(ROLE_REPORT_FILE, `${JSON.stringify(roles.report, null, 1)}\n`);
    process.exit(0);
  }
  const started = Date.now();
  const jobs = Number(option("--jobs") ?? Math.min(4, availableParallelism()));
  if (!Number.isInteger(jobs) || jobs < 1) throw new Error(`--jobs wants a whole number of processes, 1 or more, not ${option("--jobs")}`);
  const result = await train((line) => process.stderr.write(`${line}\n`), process.argv.includes("--second-pass"), jobs);
  if (check) {
    const same =
      readFileSync(WEIGHTS_FILE, "utf8") === result.weights.text &&
      Buffer.compare(readFileSync(WEIGHTS_BIN_FILE), result.weights.bin) === 0 &&
      readFileSync(LOWO_FILE, "utf8") === result.lowo &&
      readFileSync(REPORT_FILE, "utf8") === result.report &&
      readFileSync(IMPACT_FILE, "utf8") === result.impact &&
      readFileSync(IMPACT_ITEMS_FILE, "utf8") === result.impactItems &&
      readFileSync(ROLE_WEIGHTS_FILE, "utf8") === result.roleWeights &&
      readFileSync(ROLE_REPORT_FILE, "utf8") === result.roleReport;
    process.stdout.write(same ? "the committed model is what training gives\n" : "the committed model differs from what training gives: run npm run train\n");
    process.exit(same ? 0 : 1);
  }
  writeFileSync(WEIGHTS_FILE, result.weights.text);
  writeFileSync(WEIGHTS_BIN_FILE, result.weights.bin);
  writeFileSync(LOWO_FILE, result.lowo);
  writeFileSync(REPORT_FILE, result.report);
  writeFileSync(IMPACT_FILE, result.impact);
  writeFileSync(IMPACT_ITEMS_FILE, result.impactItems);
  writeFileSync(ROLE_WEIGHTS_FILE, result.roleWeights);
  writeFileSync(ROLE_REPORT_FILE, result.roleReport);
  const report = JSON.parse(result.report) as { leaveOneWriterOut: { pooled: Array<{ tag: string; precision: number; recall: number; f1: number }> }; features: number };
  for (const r of report.leaveOneWriterOut.pooled) process.stdout.write(`${r.tag.padEnd(20)} P ${r.precision.toFixed(3)} R ${r.recall.toFixed(3)} F1 ${r.f1.toFixed(3)}\n`);
  process.stdout.write(`wrote src/model/weights.ts (${report.features} features) and docs/model.json in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}
