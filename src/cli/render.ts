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

/** A chunk of a batch for one worker task: a few calls, so that the per-task messaging is paid once per chunk. */
export interface CallTask {
  items: ReadCall[];
  options: Options;
  output: ReportFormat;
  /** A buffer the main thread has written out and moved back, for this chunk's reports if they fit in it. */
  spare?: ArrayBuffer;
}

type Failed = { error: string; file: string };
/** One call's outcome as rendered: its report as text, or why it failed. */
export type CallRendered = { id: string; body: string; score: number; tags: TagId[] } | Failed;
/** One call's outcome as the writer gets it: the report as text (inline) or UTF-8 bytes (from a worker). */
export type CallDone = { id: string; body: string | Uint8Array; score: number; tags: TagId[] } | Failed;

/** The call a batch item holds: parsed here, so that in a batch the parsing runs in the worker too. */
export function callOf(item: ReadCall): CallInput {
  return item.kind === "call" ? item.call : callFromLine(item);
}

export function runTask(item: ReadCall, options: Options, output: ReportFormat): CallRendered {
  let call: CallInput;
  try {
    call = callOf(item);
  } catch (error) {
    if (!(error instanceof SamesideInputError)) throw error;
    return { error: describeError(error, item.file), file: item.file };
  }
  const file = item.file;
  const report = analyzeCall(call, options);
  let body: string;
  switch (output) {
    case "csv":
      body = findingsCsvRows(report, file);
      break;
    case "json":
      body = JSON.stringify(report, null, 2);
      break;
    default:
      body = formatReport(report, output);
  }
  return { id: report.id ?? file, body, score: report.impact.score, tags: TAG_IDS.filter((t) => report.tagCounts[t] > 0) };
}

/**
 * A chunk's outcomes as a worker sends them back: every report body encoded into one UTF-8 buffer, which is moved
 * to the main thread rather than copied, and which the main thread writes out without encoding it again.
 */
export interface PackedResults {
  results: Array<{ id: string; bytes: number; score: number; tags: TagId[] } | Failed>;
  bytes: Uint8Array;
}

const encoder = new TextEncoder();

/** UTF-8 bytes of the reports in `done`. */
const byteLengthOf = (done: readonly CallRendered[]): number => done.reduce((n, d) => n + ("error" in d ? 0 : Buffer.byteLength(d.body)), 0);

/**
 * Packs a chunk's reports into `spare`, so that buffers go round between the threads instead of each chunk's half
 * megabyte being allocated in a worker and collected on the main thread. Each report is encoded straight into the
 * buffer, one pass over its text; only when one does not fit are the rest measured, and a new buffer made for them
 * with headroom, so that the chunks after it mostly fit.
 */
export function packResults(done: readonly CallRendered[], spare?: ArrayBuffer): PackedResults {
  let bytes = new Uint8Array(spare ?? new ArrayBuffer(0));
  let at = 0;
  const results = done.map((d, k) => {
    if ("error" in d) return d;
    let { read, written } = encoder.encodeInto(d.body, bytes.subarray(at));
    if (read < d.body.length) {
      const total = at + byteLengthOf(done.slice(k));
      const grown = new Uint8Array(total + (total >> 1));
      grown.set(bytes.subarray(0, at));
      bytes = grown;
      written = encoder.encodeInto(d.body, bytes.subarray(at)).written;
    }
    at += written;
    return { id: d.id, bytes: written, score: d.score, tags: d.tags };
  });
  return { results, bytes: bytes.subarray(0, at) };
}

export function unpackResults(packed: PackedResults): CallDone[] {
  let at = 0;
  return packed.results.map((r) => {
    if ("error" in r) return r;
    const body = packed.bytes.subarray(at, at + r.bytes);
    at += r.bytes;
    return { id: r.id, body, score: r.score, tags: r.tags };
  });
}
