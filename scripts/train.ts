/**
 * npm run train: fits the learned scorer on every labelled source and writes it as data.
 *   1. examples: every agent turn of the corpus, the outside writers (corpus/outside/) and the shared devset;
 *   2. leave-one-writer-out: for each source, fit on all the others and score it (the honest figure);
 *   3. thresholds per tag from those scores: the best F1 whose precision is at least 0.90;
 *   4. the final fit on every source, written to src/model/weights.ts, and the measurements to docs/model.json;
 *   5. the impact score's points per moment, fitted to hand-judged impact under the leave-one-writer-out tags
 *      (scripts/impact.ts), written to src/model/impact-weights.ts with the moments it read (docs/impact-items.json);
 *   6. the role model (scripts/roles.ts), scored leave-one-writer-out on calls with their roles stripped, written to
 *      src/model/role-weights.ts and docs/roles.json (per-source accuracy, calls still wrong, confidence calibration).
 * Deterministic: the same data gives the same files. Options: --check (write nothing; exit 1 if the committed
 * files differ from what this run would write), --roles (fit and write the role model only).
 */
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { TAG_IDS } from "../src/index.js";
import { chooseThresholds, countsOf, examplesOf, f1, fit, leaveOneWriterOut, PARAMS, precision, recall, toModelData, type Example, type Scored, type Thresholds } from "./learn.js";
import { fitImpactWeights, HAND_SET, impactItems, type ImpactItem } from "./impact.js";
import { trainRoles } from "./roles.js";
import { devsetPath, loadAllSources, ROOT, sourceOrder } from "./sources.js";
import type { RoleModelData } from "../src/model/role-model.js";
import type { ScoringWeights } from "../src/score.js";

export const WEIGHTS_FILE = join(ROOT, "src/model/weights.ts");
export const REPORT_FILE = join(ROOT, "docs/model.json");
export const IMPACT_FILE = join(ROOT, "src/model/impact-weights.ts");
export const IMPACT_ITEMS_FILE = join(ROOT, "docs/impact-items.json");
export const ROLE_WEIGHTS_FILE = join(ROOT, "src/model/role-weights.ts");
export const ROLE_REPORT_FILE = join(ROOT, "docs/roles.json");
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
    h.update(`${e.call}#${e.turn}:${e.labels}:${e.either}:${e.rules}:${[...e.features.keys()].sort((a, b) => a - b).join(",")}\n`);
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

function render(model: ReturnType<typeof toModelData>): string {
  return [
    "// Written by `npm run train` (scripts/train.ts) from the labelled sources; do not edit by hand.",
    "// `weights` packs one record per feature (its hash, then one weight per tag, x scale); see ModelData in",
    "// src/model/scorer.ts and the features in src/model/features.ts. The strongest features per tag, by name, are in",
    "// docs/model.json (topFeatures).",
    'import type { ModelData } from "./scorer.js";',
    "",
    `export const MODEL: ModelData = ${JSON.stringify(model)};`,
    "",
  ].join("\n");
}

/** The weights file for a fit on every example, with the given thresholds (what npm run train writes). */
export function shippedWeights(examples: readonly Example[], thresholds: Thresholds): string {
  return render(toModelData(fit(examples, PARAMS), thresholds));
}

export interface TrainResult {
  weights: string;
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

/** Runs the whole training; `log` gets progress lines. */
export function train(log: (line: string) => void = () => {}): TrainResult {
  const calls = loadAllSources();
  const examples = examplesOf(calls);
  log(`${calls.length} calls, ${examples.length} agent turns, ${new Set(examples.map((e) => e.source)).size} sources${devsetPath() === undefined ? " (no devset on this machine)" : ""}`);
  const scored = leaveOneWriterOut(examples, PARAMS, (s) => log(`  leave out ${s}`));
  const thresholds = chooseThresholds(scored, MIN_PRECISION, isDevsetWriter);
  const model = fit(examples, PARAMS);
  const data = toModelData(model, thresholds);
  const pooled = countsOf(scored, thresholds);
  log("fitting the impact points, leave-one-writer-out");
  const items = impactItems(calls, scored, thresholds);
  const impact = fitImpactWeights(items, HAND_SET);
  log("fitting the role model, leave-one-writer-out");
  const roles = trainRoles(calls, log);
  const topFeatures = Object.fromEntries(
    TAG_IDS.map((tag, t) => {
      const order = model.names.map((name, r) => ({ name, w: model.weights[r * TAG_IDS.length + t] as number })).sort((a, b) => b.w - a.w || (a.name < b.name ? -1 : 1));
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
    },
    topFeatures,
    impact: { weights: impact.weights, spearmanHeldOut: impact.heldOut.fitted, spearmanHandSet: impact.heldOut.start },
  };
  return {
    weights: render(data),
    report: `${JSON.stringify(report, null, 1)}\n`,
    impact: renderImpact(impact.weights),
    impactItems: renderImpactItems(items),
    roleWeights: renderRoles(roles.data),
    roleReport: `${JSON.stringify(roles.report, null, 1)}\n`,
  };
}

const isMain = process.argv[1] !== undefined && import.meta.url.endsWith(process.argv[1].replace(/\\/g, "/").split("/").pop() ?? "");
if (isMain) {
  const check = process.argv.includes("--check");
  if (process.argv.includes("--roles")) {
    // Only the role model: quick, when the tag model's data has not changed.
    const roles = trainRoles(loadAllSources(), (line) => process.stderr.write(`${line}\n`));
    writeFileSync(ROLE_WEIGHTS_FILE, renderRoles(roles.data));
    writeFileSync(ROLE_REPORT_FILE, `${JSON.stringify(roles.report, null, 1)}\n`);
    process.exit(0);
  }
  const started = Date.now();
  const result = train((line) => process.stderr.write(`${line}\n`));
  if (check) {
    const same =
      readFileSync(WEIGHTS_FILE, "utf8") === result.weights &&
      readFileSync(REPORT_FILE, "utf8") === result.report &&
      readFileSync(IMPACT_FILE, "utf8") === result.impact &&
      readFileSync(IMPACT_ITEMS_FILE, "utf8") === result.impactItems &&
      readFileSync(ROLE_WEIGHTS_FILE, "utf8") === result.roleWeights &&
      readFileSync(ROLE_REPORT_FILE, "utf8") === result.roleReport;
    process.stdout.write(same ? "the committed model is what training gives\n" : "the committed model differs from what training gives: run npm run train\n");
    process.exit(same ? 0 : 1);
  }
  writeFileSync(WEIGHTS_FILE, result.weights);
  writeFileSync(REPORT_FILE, result.report);
  writeFileSync(IMPACT_FILE, result.impact);
  writeFileSync(IMPACT_ITEMS_FILE, result.impactItems);
  writeFileSync(ROLE_WEIGHTS_FILE, result.roleWeights);
  writeFileSync(ROLE_REPORT_FILE, result.roleReport);
  const report = JSON.parse(result.report) as { leaveOneWriterOut: { pooled: Array<{ tag: string; precision: number; recall: number; f1: number }> }; features: number };
  for (const r of report.leaveOneWriterOut.pooled) process.stdout.write(`${r.tag.padEnd(20)} P ${r.precision.toFixed(3)} R ${r.recall.toFixed(3)} F1 ${r.f1.toFixed(3)}\n`);
  process.stdout.write(`wrote src/model/weights.ts (${report.features} features) and docs/model.json in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}
