/**
 * `sameside/queue`: sameside as a worker on a BullMQ queue (Redis), for calls that arrive as jobs.
 *
 * A job's data is a call (`CallInput`) or a transcript body with its format and file name; the worker returns the
 * call's report, or with `result: "summary"` its CallSummary. A job's id is its call's id (enqueueCalls), so a call
 * sent twice is analysed once. Bad input fails the job once, with the SamesideInputError message, and is never
 * retried; anything else (a worker killed mid-job) is BullMQ's to retry: its stalled-job check hands the job to
 * another worker.
 *
 * BullMQ and ioredis are optional peer dependencies: `import "sameside"` never loads them.
 */
import { Queue, UnrecoverableError, Worker, type ConnectionOptions, type Job } from "bullmq";
import { z } from "zod";
import { analyzeCall, checkOptions } from "../analyze.js";
import { parseOrThrow, SamesideInputError } from "../errors.js";
import { parseTranscript, TRANSCRIPT_FORMATS } from "../parse/index.js";
import { CallInputSchema, type CallInput, type CallReport, type Options } from "../schema.js";
import { SummaryBuilder, summarizeCall, type BatchSummary, type CallSummary } from "../summary.js";

/** A transcript as a job carries it: the text of a file in any format parseTranscript reads. */
export const TranscriptJobSchema = z.object({
  transcript: z.string(),
  /** The transcript's format; detected when left out. */
  format: z.enum(TRANSCRIPT_FORMATS).optional(),
  /** The file it came from, for error messages and as the call's id when it has none. */
  file: z.string().optional(),
  id: z.string().optional(),
});
export type TranscriptJob = z.infer<typeof TranscriptJobSchema>;
/** What a job's data may be. */
export type CallJob = CallInput | TranscriptJob;

export type QueueResult = "report" | "summary";

/** A Redis URL (`redis://127.0.0.1:6379`) or BullMQ's connection options. */
export type Connection = string | ConnectionOptions;

/** BullMQ's connection options for a Redis URL or options (workers need `maxRetriesPerRequest: null`). */
export function connectionOf(connection: Connection): ConnectionOptions {
  if (typeof connection === "string") return { url: connection, maxRetriesPerRequest: null };
  return connection;
}

/** The call a job's data holds (throws SamesideInputError naming the job and the field). */
export function callOfJob(data: unknown, jobId: string | undefined): CallInput {
  const where = `job ${jobId ?? "(no id)"}`;
  if (typeof data === "object" && data !== null && "transcript" in data) {
    const job = parseOrThrow(TranscriptJobSchema, data, where);
    const source = job.file ?? where;
    const { calls } = parseTranscript(job.transcript, { source, ...(job.format !== undefined ? { format: job.format } : {}) });
    if (calls.length !== 1) throw new SamesideInputError(where, [{ path: "transcript", message: `holds ${calls.length} calls; a job takes one (sameside enqueue splits files into calls)` }]);
    const call = calls[0] as CallInput;
    const id = job.id ?? call.id ?? job.file ?? jobId;
    return id !== undefined ? { ...call, id } : call;
  }
  const call = parseOrThrow(CallInputSchema, data, where);
  return call.id === undefined && jobId !== undefined ? { ...call, id: jobId } : call;
}

export interface WorkerSettings {
  connection: Connection;
  /** The queue's name. */
  queue: string;
  /** Jobs in flight per worker (analysis itself is synchronous: more than a few only overlaps Redis round trips). */
  concurrency?: number;
  /** analyzeCall's options. */
  options?: Options;
  /** What a job returns: the whole report (default) or its CallSummary. */
  result?: QueueResult;
  /**
   * How long a job's lock lasts without renewal, in seconds (BullMQ's lockDuration; the stalled-job check runs at
   * half of it). A worker killed mid-job gives its job up after this long. Default 30.
   */
  lockSeconds?: number;
}

/** Analyses one job's call: its report or summary. */
export function processCall(data: unknown, jobId: string | undefined, options: Options = {}, result: QueueResult = "report"): CallReport | CallSummary {
  const report = analyzeCall(callOfJob(data, jobId), options);
  return result === "summary" ? summarizeCall(report) : report;
}

/**
 * A BullMQ worker that analyses the queue's calls; `await worker.close()` lets the jobs in flight finish first.
 * Options are checked now, so a bad option fails before the first job.
 */
export function createWorker(settings: WorkerSettings): Worker {
  const options = checkOptions(settings.options ?? {});
  const result = settings.result ?? "report";
  const lock = (settings.lockSeconds ?? 30) * 1000;
  return new Worker(
    settings.queue,
    async (job: Job) => {
      try {
        return processCall(job.data, job.id, options, result);
      } catch (error) {
        // Bad input stays bad: fail the job once, with the message, and never retry it.
        if (error instanceof SamesideInputError) throw new UnrecoverableError(error.message);
        throw error;
      }
    },
    { connection: connectionOf(settings.connection), concurrency: settings.concurrency ?? 4, lockDuration: lock, stalledInterval: lock / 2, maxStalledCount: 3 },
  );
}

/** A queue for enqueueCalls and queueSummary. */
export function openQueue(connection: Connection, name: string): Queue {
  return new Queue(name, { connection: connectionOf(connection) });
}

/**
 * The job id of a call: its id (`:`, which BullMQ keeps for its keys, written as %3A; a plain number gets a `#` in
 * front, as BullMQ keeps those for its own ids).
 */
export function jobIdOf(id: string): string {
  const safe = id.replaceAll("%", "%25").replaceAll(":", "%3A");
  return /^\d+$/.test(safe) ? `#${safe}` : safe;
}

export interface EnqueueResult {
  /** Jobs added. */
  added: number;
  /** Calls whose id was already a job in the queue (kept once, not analysed again). */
  already: number;
}

/**
 * Adds calls (or transcripts) as jobs, each with its call's id as the job id, in batches. A call without an id is
 * refused: without one, a call sent twice would be analysed twice. Failed jobs are retried (3 attempts, backoff
 * from 1 s) unless their input is bad.
 */
export async function enqueueCalls(
  queue: Queue,
  calls: Iterable<CallJob> | AsyncIterable<CallJob>,
  settings: {
    /** Calls added per round trip. Default 500. */
    batch?: number;
    /**
     * How many completed jobs (with their results) Redis keeps: older ones are removed as new ones finish. Default:
     * all, so queueSummary sees every call; set it when results are taken elsewhere, or Redis memory grows with them.
     */
    keepCompleted?: number;
  } = {},
): Promise<EnqueueResult> {
  const size = settings.batch ?? 500;
  const keep = settings.keepCompleted !== undefined ? { removeOnComplete: { count: settings.keepCompleted } } : {};
  const out: EnqueueResult = { added: 0, already: 0 };
  let batch: Array<{ id: string; data: CallJob }> = [];
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const ids = batch.map((b) => jobIdOf(b.id));
    const states = await Promise.all(ids.map((id) => queue.getJobState(id)));
    const fresh = batch.filter((_, k) => states[k] === "unknown");
    // One call twice in a batch is one job too.
    const seen = new Set<string>();
    const jobs = fresh.filter((b) => !seen.has(b.id) && seen.add(b.id) !== undefined);
    await queue.addBulk(jobs.map((b) => ({ name: "call", data: b.data, opts: { jobId: jobIdOf(b.id), attempts: 3, backoff: { type: "exponential", delay: 1000 }, ...keep } })));
    out.added += jobs.length;
    out.already += batch.length - jobs.length;
    batch = [];
  };
  let n = 0;
  for await (const data of calls) {
    const id = "turns" in data ? data.id : (data.id ?? data.file);
    if (id === undefined || id === "") throw new SamesideInputError(`call ${n}`, [{ path: "id", message: "a call needs an id to be queued (its job id, so a call sent twice is analysed once)" }]);
    batch.push({ id, data });
    n++;
    if (batch.length >= size) await flush();
  }
  await flush();
  return out;
}

export interface QueueSummary {
  /** Jobs by state, as the queue counts them now. */
  counts: { waiting: number; active: number; delayed: number; completed: number; failed: number };
  /** The batch summary of the completed jobs (reports or summaries alike). */
  summary: BatchSummary;
  /** Failed jobs: id and why. */
  failed: Array<{ id: string; reason: string; attempts: number }>;
}

/** The finished jobs of a queue, summarized (read a page at a time). */
export async function queueSummary(queue: Queue, settings: { page?: number } = {}): Promise<QueueSummary> {
  const page = settings.page ?? 500;
  const counts = await queue.getJobCounts("waiting", "active", "delayed", "completed", "failed");
  const builder = new SummaryBuilder();
  for (let start = 0; ; start += page) {
    const jobs = await queue.getCompleted(start, start + page - 1);
    for (const job of jobs) {
      const value = job.returnvalue as CallReport | CallSummary | null;
      if (value === null || typeof value !== "object") continue;
      if ("turns" in value) builder.add(value);
      else builder.addSummary(value);
    }
    if (jobs.length < page) break;
  }
  const failed: QueueSummary["failed"] = [];
  for (let start = 0; ; start += page) {
    const jobs = await queue.getFailed(start, start + page - 1);
    for (const job of jobs) failed.push({ id: job.id ?? "", reason: job.failedReason, attempts: job.attemptsMade });
    if (jobs.length < page) break;
  }
  return {
    counts: { waiting: counts.waiting ?? 0, active: counts.active ?? 0, delayed: counts.delayed ?? 0, completed: counts.completed ?? 0, failed: counts.failed ?? 0 },
    summary: builder.result(),
    failed,
  };
}
