import type { CallReport } from "../schema.js";
import { FINDINGS_CSV_HEADER, findingsCsvRows } from "./csv.js";
import { renderHtml } from "./html.js";
import { formatMarkdown } from "./markdown.js";
import { formatText } from "./text.js";

export const REPORT_FORMATS = ["text", "markdown", "json", "jsonl", "csv", "html"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/**
 * Renders a report for people (text, markdown) or programs: json (2-space indent), jsonl (one line),
 * csv (a header and one row per finding), html (a self-contained page; see renderHtml).
 */
export function formatReport(report: CallReport, format: ReportFormat = "text"): string {
  switch (format) {
    case "text":
      return formatText(report);
    case "markdown":
      return formatMarkdown(report);
    case "json":
      return `${JSON.stringify(report, null, 2)}\n`;
    case "jsonl":
      return `${JSON.stringify(report)}\n`;
    case "csv":
      return FINDINGS_CSV_HEADER + findingsCsvRows(report);
    case "html":
      return renderHtml(report);
  }
}
