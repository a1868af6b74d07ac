import { TAG_IDS } from "../schema.js";
import type { BatchSummary } from "../summary.js";
import { csvField } from "./csv.js";
import { renderSummaryHtml } from "./html.js";

export const SUMMARY_FORMATS = ["text", "markdown", "json", "csv", "html"] as const;
export type SummaryFormat = (typeof SUMMARY_FORMATS)[number];

const SHORT: Record<string, string> = {
  apology: "apol",
  ownership: "own",
  empathy: "emp",
  defensiveness: "def",
  "competitor-bashing": "bash",
  pushing: "push",
};

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, c) => Math.max(...rows.map((r) => (r[c] ?? "").length))) ?? [];
  return rows.map((r) => r.map((cell, c) => (c === 0 ? cell.padEnd(widths[c] ?? 0) : cell.padStart(widths[c] ?? 0))).join("  ")).join("\n");
}

function rows(summary: BatchSummary): string[][] {
  const head = ["agent", "calls", "mean", "worst", ...TAG_IDS.map((t) => `${SHORT[t]}/100`)];
  const body = summary.agents.map((a) => [a.agent, String(a.calls), String(a.meanImpact), String(a.worstImpact), ...TAG_IDS.map((t) => String(a.tagRates[t]))]);
  const total = ["(all)", String(summary.calls), String(summary.meanImpact), String(summary.worstImpact), ...TAG_IDS.map((t) => String(summary.tagRates[t]))];
  return [head, ...body, total];
}

export function formatSummary(summary: BatchSummary, format: SummaryFormat = "text"): string {
  switch (format) {
    case "json":
      return `${JSON.stringify(summary, null, 2)}\n`;
    case "html":
      return renderSummaryHtml(summary);
    case "csv":
      return `${rows(summary).map((r) => r.map(csvField).join(",")).join("\n")}\n`;
    case "markdown": {
      const r = rows(summary);
      const md = (x: string) => x.replace(/\|/g, "\\|");
      const lines = [`# sameside batch summary`, "", `${summary.calls} calls, mean impact ${summary.meanImpact}, worst ${summary.worstImpact}.`, ""];
      lines.push(`| ${r[0]?.map(md).join(" | ")} |`, `|${r[0]?.map(() => "---").join("|")}|`);
      for (const row of r.slice(1)) lines.push(`| ${row.map(md).join(" | ")} |`);
      if (summary.worstMoments.length > 0) {
        lines.push("", "## Worst moments", "");
        for (const m of summary.worstMoments) lines.push(`- **${md(m.agent)}**, ${md(m.call)} turn ${m.turn}, ${m.id} (${m.effect}): "${md(m.quote)}"`);
      }
      return `${lines.join("\n")}\n`;
    }
    case "text": {
      const lines = [`sameside batch summary: ${summary.calls} calls, mean impact ${summary.meanImpact}, worst ${summary.worstImpact}`, "", table(rows(summary))];
      lines.push("", "Tag rates are agent turns carrying the tag per 100 agent turns.");
      if (summary.worstMoments.length > 0) {
        lines.push("", "Worst moments");
        for (const m of summary.worstMoments) lines.push(`  ${String(m.effect).padStart(6)}  ${m.agent}  ${m.call} turn ${m.turn}  ${m.id}  "${m.quote}"`);
      }
      return `${lines.join("\n")}\n`;
    }
  }
}
