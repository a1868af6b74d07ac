/**
 * `sameside worker`, `sameside enqueue` and `sameside summary --redis`: the CLI over sameside/queue. The queue module
 * (and with it BullMQ) is loaded from the built package only by these commands, so the others never need BullMQ.
 */
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { Options } from "../schema.js";
import type { BatchSummary } from "../summary.js";
import type { CallJob, QueueResult } from "../queue/index.js";
import { SamesideInputError } from "../errors.js";
import { describeError, readCalls } from "./read.js";
import { callOf } from "./render.js";
import type { TranscriptFormat } from "../parse/index.js";

type QueueModule = typeof import("../queue/index.js");

export class QueueUsageError extends Error {}

/** The built queue module beside this CLI (dist/queue.js), or a clear error when BullMQ is not installed. */
export async function loadQueue(): Promise<QueueModule> {
  const here = fileURLToPath(import.meta.url);
  const file = join(dirname(here), here.endsWith(".cjs") ? "queue.cjs" : "queue.js");
  try {
    return (await import(pathToFileURL(file).href)) as QueueModule;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND") {
      throw new QueueUsageError(`the queue commands need BullMQ and ioredis beside sameside: npm install bullmq ioredis (${(error as Error).message.split("\n")[0]})`);
    }
    throw error;
  }
}

export interface WorkerFlags {
  redis: string;
  queue: string;
  concurrency?: number;
  result?: QueueResult;
  lockSeconds?: number;
  quiet?: boolean;
}

/**
 * Runs a worker until SIGTERM or SIGINT, then lets the jobs in flight finish and exits 0. Progress (done, failed,
 * calls per second) goes to stderr every 10 seconds unless --quiet.
 */
export async function runWorker(flags: WorkerFlags, options: Options, log: (line: string) => void): Promise<number> {
  const q = await loadQueue();
  const worker = q.createWorker({
    connection: flags.redis,
    queue: flags.queue,
    options,
    ...(flags.concurrency !== undefined ? { concurrency: flags.concurrency } : {}),
    ...(flags.result !== undefined ? { result: flags.result } : {}),
    ...(flags.lockSeconds !== undefined ? { lockSeconds: flags.lockSeconds } : {}),
  });
  let done = 0;
  let failed = 0;
  let last = 0;
  const started = Date.now();
  worker.on("completed", () => done++);
  worker.on("failed", (job, error) => {
    failed++;
    log(`sameside worker: job ${job?.id ?? "?"} failed: ${error.message.replace(/\n\s*/g, " ")}`);
  });
  worker.on("error", (error) => log(`sameside worker: ${error.message}`));
  const timer = setInterval(() => {
    if (flags.quiet === true || done + failed === last) return;
    last = done + failed;
    log(`sameside worker: ${done} done, ${failed} failed, ${(done / ((Date.now() - started) / 1000)).toFixed(0)} calls/s`);
  }, 10_000);
  await worker.waitUntilReady();
  if (flags.quiet !== true) log(`sameside worker: waiting for jobs on queue "${flags.queue}"`);
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      log(`sameside worker: ${signal}, finishing the jobs in flight`);
      resolve();
    };
    process.once("SIGTERM", () => stop("SIGTERM"));
    process.once("SIGINT", () => stop("SIGINT"));
  });
  clearInterval(timer);
  await worker.close();
  if (flags.quiet !== true) log(`sameside worker: stopped after ${done} done, ${failed} failed`);
  if (process.env.SAMESIDE_STATS !== undefined) {
    const usage = process.resourceUsage();
    log(JSON.stringify({ done, failed, seconds: (Date.now() - started) / 1000, cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6, peakRssMb: usage.maxRSS / 1024 }));
  }
  return 0;
}

export interface EnqueueFlags {
  redis: string;
  queue: string;
  keepCompleted?: number;
  format?: TranscriptFormat;
  quiet?: boolean;
}

/** Reads the inputs as calls (each with an id: its file name, or file#line) and adds them as jobs. */
export async function runEnqueue(inputs: readonly string[], flags: EnqueueFlags, bad: (input: string, reason: string) => void): Promise<{ added: number; already: number }> {
  const q = await loadQueue();
  const queue = q.openQueue(flags.redis, flags.queue);
  async function* calls(): AsyncGenerator<CallJob> {
    for await (const item of readCalls(inputs, flags.format, bad)) {
      try {
        yield callOf(item);
      } catch (error) {
        if (!(error instanceof SamesideInputError)) throw error;
        bad(item.file, describeError(error, item.file));
      }
    }
  }
  try {
    return await q.enqueueCalls(queue, calls(), flags.keepCompleted !== undefined ? { keepCompleted: flags.keepCompleted } : {});
  } finally {
    await queue.close();
  }
}

/** The batch summary of a queue's finished jobs, with the queue's counts and failed jobs. */
export async function runQueueSummary(flags: { redis: string; queue: string }): Promise<{ summary: BatchSummary; counts: Record<string, number>; failed: Array<{ id: string; reason: string }> }> {
  const q = await loadQueue();
  const queue = q.openQueue(flags.redis, flags.queue);
  try {
    return await q.queueSummary(queue);
  } finally {
    await queue.close();
  }
}
