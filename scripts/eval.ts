/**
 * npm run eval: per-tag precision, recall and F1 over the labelled corpus, macro-F1, role accuracy (roles stripped
 * and guessed), and the Spearman correlation between impact score and gold impact. Lists every miss.
 * Options: --json (machine-readable), --quiet (no list of misses).
 */
import { fileURLToPath } from "node:url";
import { evaluate, loadCorpus } from "./corpus.js";

const dir = fileURLToPath(new URL("../corpus/calls", import.meta.url));
const result = evaluate(loadCorpus(dir));
const args = new Set(process.argv.slice(2));

if (args.has("--json")) {
  process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
} else {
  const pct = (n: number): string => n.toFixed(3);
  const lines: string[] = [];
  if (!args.has("--quiet") && result.misses.length > 0) {
    lines.push(`Misses (${result.misses.length})`);
    for (const m of result.misses) {
      lines.push(`  ${m.kind.padEnd(11)} ${m.tag.padEnd(18)} ${m.call}#${m.turn}${m.rule !== undefined ? ` [${m.rule}]` : ""}: ${m.text}`);
    }
    lines.push("");
  }
  lines.push(
    `Corpus: ${result.calls} calls, ${result.industries} industries, ${result.agentTurns} agent turns, ` +
      `${result.hardNegatives} hard negatives (${((100 * result.hardNegatives) / Math.max(1, result.agentTurns)).toFixed(0)}%)`,
  );
  lines.push("", "tag                  precision  recall     f1   tp  fp  fn");
  for (const t of result.tags) {
    lines.push(`${t.tag.padEnd(20)} ${pct(t.precision).padStart(9)} ${pct(t.recall).padStart(7)} ${pct(t.f1).padStart(6)} ${String(t.tp).padStart(4)} ${String(t.fp).padStart(3)} ${String(t.fn).padStart(3)}`);
  }
  lines.push(`${"macro-F1".padEnd(20)} ${pct(result.macroF1).padStart(24)}`);
  lines.push(`role accuracy (roles stripped)  ${pct(result.roleAccuracy)}`);
  lines.push(`Spearman(impact score, gold)    ${pct(result.spearman)}`);
  process.stdout.write(`${lines.join("\n")}\n`);
}
