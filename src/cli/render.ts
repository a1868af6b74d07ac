/**
 * One call's work in a batch: analyse it and render its output. Runs inline or in a worker thread, and returns
 * only strings and numbers, so a worker's result is cheap to send back.
 */
import { analyzeCall } from "../analyze.js";
import { SamesideInputError } from "../errors.js";
import { callFromLine, describeError, type ReadCall } from "./read.js";
import { findingsCsvRows } from "../format/csv.js";
import { formatReport, type ReportFormat } from "../format/index.js";
import { TAG_IDS, type CallInput, type Options, type TagId } from "../schema.js";

export interface CallTask {
  item: ReadCall;
  options: Options;
  output: ReportFormat;
}

export type CallDone = { id: string; body: string; score: number; tags: TagId[] } | { error: string; file: string };

/** The call a batch item holds: parsed here, so that in a batch the parsing runs in the worker too. */
export function callOf(item: ReadCall): CallInput {
  return item.kind === "call" ? item.call : callFromLine(item);
}

export function runTask(task: CallTask): CallDone {
  let call: CallInput;
  try {
    call = callOf(task.item);
  } catch (error) {
    if (!(error instanceof SamesideInputError)) throw error;
    return { error: describeError(error, task.item.file), file: task.item.file };
  }
  const file = task.item.file;
  const report = analyzeCall(call, task.options);
  let body: string;
  switch (task.output) {
    case "csv":
      body = findingsCsvRows(report, file);
      break;
    case "json":
      body = JSON.stringify(report, null, 2);
      break;
    default:
      body = formatReport(report, task.output);
  }
  return { id: report.id ?? file, body, score: report.impact.score, tags: TAG_IDS.filter((t) => report.tagCounts[t] > 0) };
}
