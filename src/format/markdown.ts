import { describeRedactions } from "../redact.js";
import type { CallReport } from "../schema.js";

/** Escapes text for a Markdown table cell or inline text. */
function md(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/([*_`[\]<>#])/g, "\\$1").replace(/\r?\n/g, " ");
}

export function formatMarkdown(report: CallReport): string {
  const { impact } = report;
  const out: string[] = [];
  out.push(`# sameside report${report.id !== undefined ? `: ${md(report.id)}` : ""}`, "");
  out.push(`**Impact ${impact.score}** (${impact.band})`, "", md(impact.summary), "");
  if (report.redacted !== undefined) out.push(md(describeRedactions(report.redacted)), "");
  out.push("## Transcript", "", "| # | Speaker | Role | Text | Tags |", "|---|---|---|---|---|");
  for (const t of report.turns) {
    const tags = [...t.tags.map((f) => `${f.tag} (${f.rule}${f.evidence !== undefined && f.evidence.length > 0 ? `: ${f.evidence.join(", ")}` : ""})`), ...(t.events ?? []).map((e) => `customer ${e.kind}`)];
    out.push(`| ${t.index} | ${md(t.speaker)} | ${t.role}${t.roleSource === "guessed" ? " (guessed)" : ""} | ${md(t.text)} | ${md(tags.join(", "))} |`);
  }
  out.push("", "## What moved the score", "", "| Turn | What | Effect | Quote | Why |", "|---|---|---|---|---|");
  for (const d of impact.drivers) out.push(`| ${d.turn} | ${d.id} | ${d.effect} | ${md(d.quote)} | ${md(d.why)} |`);
  if (report.coaching.length > 0) {
    out.push("", "## Coaching", "");
    for (const c of report.coaching) {
      out.push(`- **Turn ${c.turn}, ${c.tag}**: said "${md(c.said)}"`, `  - Say instead: "${md(c.sayInstead)}"`, `  - Why: ${md(c.why)}`);
    }
  }
  return `${out.join("\n")}\n`;
}
