import type { CallReport } from "../schema.js";
import { formatMarkdown } from "./markdown.js";
import { formatText } from "./text.js";

export const REPORT_FORMATS = ["text", "markdown", "json"] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

/** Renders a report for people (text, markdown) or programs (json, stable key order, 2-space indent). */
export function formatReport(report: CallReport, format: ReportFormat = "text"): string {
  switch (format) {
    case "text":
      return formatText(report);
    case "markdown":
      return formatMarkdown(report);
    case "json":
      return `${JSON.stringify(report, null, 2)}\n`;
  }
}
