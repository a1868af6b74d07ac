import { describeRedactions } from "../redact.js";
import type { CallReport, Finding, ReportTurn } from "../schema.js";
import { HARMFUL_TAGS } from "../schema.js";

function signed(n: number): string {
  const r = Math.round(n * 10) / 10;
  return r > 0 ? `+${r}` : String(r);
}

function mark(f: Finding): string {
  return HARMFUL_TAGS.includes(f.tag) ? "✗" : "✓";
}

function turnLines(t: ReportTurn): string[] {
  const lines = [`[${t.index}] ${t.speaker} (${t.role}${t.roleSource === "guessed" ? ", guessed" : ""}): ${t.text}`];
  for (const f of t.tags) {
    lines.push(`      ${mark(f)} ${f.tag}  ${f.rule}  "${f.quote}"`);
    if (f.evidence !== undefined && f.evidence.length > 0) lines.push(`          because of ${f.evidence.join(", ")}`);
  }
  for (const e of t.events ?? []) lines.push(`      · customer ${e.kind}  "${e.quote}"`);
  return lines;
}

export function formatText(report: CallReport): string {
  const { impact } = report;
  const out: string[] = [];
  out.push(`sameside report${report.id !== undefined ? ` for ${report.id}` : ""}`);
  out.push(`Impact: ${impact.score} (${impact.band})`);
  out.push(impact.summary);
  if (report.redacted !== undefined) out.push(describeRedactions(report.redacted));
  out.push("", "Transcript");
  for (const t of report.turns) out.push(...turnLines(t));
  out.push("", "What moved the score");
  if (impact.drivers.length === 0) out.push("  nothing: no tagged behaviour and no customer events");
  for (const d of impact.drivers) {
    out.push(`  ${signed(d.effect).padStart(6)}  turn ${d.turn}  ${d.id}${d.quote !== "" ? `  "${d.quote}"` : ""}  (${d.why})`);
  }
  if (report.coaching.length > 0) {
    out.push("", "Coaching");
    for (const c of report.coaching) {
      out.push(`  turn ${c.turn} · ${c.tag} (${c.rule})`);
      out.push(`    said:        "${c.said}"`);
      out.push(`    say instead: "${c.sayInstead}"`);
      out.push(`    why:         ${c.why}`);
    }
  }
  return `${out.join("\n")}\n`;
}
