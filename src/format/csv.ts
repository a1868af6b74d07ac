import type { CallReport } from "../schema.js";

/** One CSV field: quoted when needed, and never read as a formula by a spreadsheet. */
export function csvField(value: string | number | undefined): string {
  let s = value === undefined ? "" : String(value);
  if (/^[=+\-@\t\r]/.test(s) && typeof value === "string") s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const FINDINGS_CSV_HEADER = "file,call,score,band,turn,speaker,role,tag,rule,start,end,quote,suggestion\n";

/** One row per finding of one report (no header). */
export function findingsCsvRows(report: CallReport, file = ""): string {
  let out = "";
  for (const t of report.turns) {
    for (const f of t.tags) {
      out += `${[file, report.id ?? "", report.impact.score, report.impact.band, t.index, t.speaker, t.role, f.tag, f.rule, f.start, f.end, f.quote, f.suggestion].map(csvField).join(",")}\n`;
    }
  }
  return out;
}
