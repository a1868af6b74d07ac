#!/usr/bin/env node
/**
 * The `sameside` command: reads transcripts, calls the library, writes reports. All analysis lives in the library.
 * Exit codes: 0 done; 1 a call broke --fail-on or --min-score; 2 bad input or usage.
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";
import { Command, CommanderError, Option } from "commander";
import { Piscina } from "piscina";
import pkg from "../../package.json";
import { analyzeCall } from "../analyze.js";
import { SamesideInputError } from "../errors.js";
import { FINDINGS_CSV_HEADER } from "../format/csv.js";
import { renderSummaryHtml } from "../format/html.js";
import { REPORT_FORMATS, type ReportFormat } from "../format/index.js";
import { formatSummary, SUMMARY_FORMATS, type SummaryFormat } from "../format/summary.js";
import { TRANSCRIPT_FORMATS, type TranscriptFormat } from "../parse/index.js";
import { TAG_IDS, type Options, type TagId } from "../schema.js";
import { SummaryBuilder } from "../summary.js";
import { findConfig, loadConfig } from "./config.js";
import { runLive } from "./live.js";
import { QueueUsageError, runEnqueue, runQueueSummary, runWorker, type EnqueueFlags, type WorkerFlags } from "./queue.js";
import { LIVE_EVENT_FORMATS, type LiveEventFormat } from "../live-events.js";
import { describeError, readCalls, type ReadCall } from "./read.js";
import { callOf, runTask, unpackResults, type CallDone, type CallTask, type PackedResults } from "./render.js";

interface CommonFlags {
  format?: TranscriptFormat;
  agent?: string[];
  competitor?: string[];
  company?: string[];
  config?: string | false;
  quiet?: boolean;
  strict?: boolean;
  redact?: boolean;
}
interface AnalyzeFlags extends CommonFlags {
  output: ReportFormat;
  out?: string;
  failOn?: TagId[];
  minScore?: number;
  workers?: number;
}
interface SummaryFlags extends CommonFlags {
  output: SummaryFormat;
  agentFrom?: RegExp;
  out?: string;
}

class UsageError extends Error {}

const stderr = (line: string) => process.stderr.write(`${line}\n`);

function options(flags: CommonFlags): Options {
  const configFile = flags.config === false ? undefined : (flags.config ?? findConfig(process.cwd()));
  const opts: Options = configFile !== undefined ? loadConfig(configFile) : {};
  if (flags.agent !== undefined) opts.agent = flags.agent;
  if (flags.competitor !== undefined) opts.competitors = [...(opts.competitors ?? []), ...flags.competitor];
  if (flags.company !== undefined) opts.company = flags.company;
  // Reports written by the CLI are shared and stored: personal data is masked unless --no-redact (or the config's
  // "redact": false) says otherwise.
  opts.redact = flags.redact === false ? false : (opts.redact ?? true);
  return opts;
}

/**
 * A progress line on stderr, only for a terminal and a batch of more than a handful of files. `onFile` is what
 * readCalls calls after each file; `end` finishes the line.
 */
function progress(quiet: boolean | undefined): { onFile(done: number, total: number): void; end(): void } {
  let on = false;
  let last = 0;
  let total = 0;
  const draw = (done: number) => {
    const width = 30;
    const filled = Math.round((done / total) * width);
    process.stderr.write(`\r[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total} files`);
  };
  return {
    onFile(done, count) {
      if (done === 1) {
        total = count;
        on = quiet !== true && process.stderr.isTTY === true && total > 5;
      }
      if (!on) return;
      const now = Date.now();
      if (now - last > 100 || done === total) {
        last = now;
        draw(done);
      }
    },
    end() {
      if (on) process.stderr.write("\n");
    },
  };
}

/** Reports a bad input on stderr; with --strict, stops the run. */
function badInputs(flags: CommonFlags): { bad: (input: string, reason: string) => void; count: () => number } {
  let n = 0;
  return {
    bad(input, reason) {
      n++;
      stderr(`sameside: ${input}: ${reason}`);
      if (flags.strict === true) throw new UsageError("stopped at the first bad input (--strict)");
    },
    count: () => n,
  };
}

/** Report bodies are text inline and UTF-8 bytes from a worker; both are written as they are. */
type Part = string | Uint8Array;
const print = (...parts: Part[]): void => {
  for (const p of parts) process.stdout.write(p);
};
const joined = (parts: Part[]): Uint8Array => Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p) : p)));

const EXTENSIONS: Record<ReportFormat, string> = { text: "txt", markdown: "md", json: "json", jsonl: "jsonl", csv: "csv", html: "html" };

/** The file name (without extension) a call's report gets in an --out directory. */
const pageName = (id: string): string => id.replace(/[^\w.-]+/g, "_");

/** Calls per worker task: enough to spread the messaging cost, few enough to keep both workers busy to the end. */
const CHUNK_CALLS = 8;
/** A chunk also ends at this much transcript text, so one enormous call goes to a worker on its own. */
const CHUNK_CHARS = 1 << 20;

const sizeOf = (item: ReadCall): number => (item.kind === "line" ? item.line.length : item.call.turns.reduce((n, t) => n + t.text.length, 0));

/**
 * Runs chunks of calls inline (one worker) or on a pool of worker threads. A call whose analysis fails (a worker out
 * of memory on an enormous call, say) is reported like a bad input, and the batch goes on: when a worker fails a
 * chunk, its calls are tried again one by one, so that only the call at fault is reported.
 */
function executor(
  workers: number,
  heapMb = 128,
): { run(task: CallTask): Promise<CallDone[]>; recycle(done: readonly CallDone[]): void; close(): Promise<void> } {
  const failed = (item: ReadCall, error: unknown): CallDone => ({ error: `could not be analysed (${(error as Error).message})`, file: item.file });
  if (workers <= 1) {
    return {
      run: async (task) =>
        task.items.map((item) => {
          try {
            return runTask(item, task.options, task.output);
          } catch (error) {
            return failed(item, error);
          }
        }),
      recycle: () => {},
      close: async () => {},
    };
  }
  const here = fileURLToPath(import.meta.url);
  // A bounded old generation makes each worker collect garbage instead of growing with the batch.
  const pool = new Piscina({
    filename: join(dirname(here), here.endsWith(".cjs") ? "worker.cjs" : "worker.js"),
    minThreads: workers,
    maxThreads: workers,
    resourceLimits: { maxOldGenerationSizeMb: heapMb },
  });
  // A worker that dies also fails its task, which is reported there; the pool's own event needs a listener so it
  // does not bring the process down.
  pool.on("error", () => {});
  // Buffers whose reports have been written, each moved back to a worker with a later chunk (see packResults).
  const spares: ArrayBuffer[] = [];
  const runChunk = async (task: CallTask): Promise<CallDone[]> => {
    const spare = spares.pop();
    const sent = spare === undefined ? pool.run(task) : pool.run({ ...task, spare }, { transferList: [spare] });
    return unpackResults((await sent) as PackedResults);
  };
  return {
    run: (task) =>
      runChunk(task).catch(async (error: unknown) => {
        if (task.items.length === 1) return [failed(task.items[0] as ReadCall, error)];
        const one = await Promise.all(task.items.map((item) => runChunk({ ...task, items: [item] }).catch((e: unknown) => [failed(item, e)])));
        return one.flat();
      }),
    recycle: (done) => {
      for (const d of done) {
        if ("error" in d || typeof d.body === "string") continue;
        if (spares.length < workers * 3) spares.push(d.body.buffer as ArrayBuffer);
        return;
      }
    },
    close: () => pool.destroy(),
  };
}

async function analyze(inputs: string[], flags: AnalyzeFlags): Promise<number> {
  const opts = options(flags);
  const broken: string[] = [];
  const used = new Set<string>();
  let pendingJson: string | Uint8Array | undefined;
  let jsonCount = 0;
  let wroteCsvHeader = false;
  let htmlCount = 0;
  let calls = 0;
  const started = performance.now();
  if (flags.out !== undefined) mkdirSync(flags.out, { recursive: true });
  const { bad, count } = badInputs(flags);
  const write = (result: CallDone) => {
    if ("error" in result) {
      bad(result.file, result.error);
      return;
    }
    const done = result;
    calls++;
    const failed = done.tags.filter((tag) => flags.failOn?.includes(tag) === true);
    if (failed.length > 0) broken.push(`${done.id}: ${failed.join(", ")}`);
    if (flags.minScore !== undefined && done.score < flags.minScore) broken.push(`${done.id}: impact ${done.score} < ${flags.minScore}`);
    if (flags.out !== undefined) {
      const safe = pageName(done.id);
      let name = safe;
      for (let k = 2; used.has(name); k++) name = `${safe}-${k}`;
      used.add(name);
      const parts = flags.output === "json" ? [done.body, "\n"] : flags.output === "csv" ? [FINDINGS_CSV_HEADER, done.body] : [done.body];
      writeFileSync(join(flags.out, `${name}.${EXTENSIONS[flags.output]}`), joined(parts));
      return;
    }
    switch (flags.output) {
      case "json":
        // One call prints an object; more print an array, streamed one report behind.
        // (A copy: the bytes from a worker share a buffer that goes back to the pool once the chunk is written.)
        if (jsonCount === 0) pendingJson = typeof done.body === "string" ? done.body : Buffer.from(done.body);
        else {
          if (jsonCount === 1) print("[\n", pendingJson ?? "");
          print(",\n", done.body);
        }
        jsonCount++;
        break;
      case "csv":
        if (!wroteCsvHeader) print(FINDINGS_CSV_HEADER);
        wroteCsvHeader = true;
        print(done.body);
        break;
      case "text":
      case "markdown":
        print(done.body, "\n");
        break;
      case "html":
        // A page is one call; a batch needs --out, and no call is dropped without saying so.
        if (htmlCount++ === 0) print(done.body);
        else bad(done.id, "not written: --output html prints one page; use --out <dir> for one page per call");
        break;
      case "jsonl":
        print(done.body);
        break;
    }
  };
  // SAMESIDE_WORKER_HEAP_MB exists for the test that makes a worker run out of memory.
  const pool = executor(flags.workers ?? 1, Number(process.env.SAMESIDE_WORKER_HEAP_MB ?? 128));
  const inFlight: Array<Promise<CallDone[]>> = [];
  // Chunks in flight: enough that no worker waits for the next, few enough that memory stays flat however long the
  // batch; results are written in input order.
  const limit = Math.max(2, (flags.workers ?? 1) * 3);
  // If the pool ever lost a task without settling it, Node would exit quietly with code 0 and half the output;
  // say so and fail instead.
  let finished = false;
  const unfinished = () => {
    if (finished) return;
    stderr(`sameside: stopped after ${calls} call(s): the worker pool lost a task`);
    process.exitCode = 2;
  };
  process.once("beforeExit", unfinished);
  const bar = progress(flags.quiet);
  let chunk: ReadCall[] = [];
  let chunkChars = 0;
  const send = () => {
    if (chunk.length === 0) return;
    inFlight.push(pool.run({ items: chunk, options: opts, output: flags.output }));
    chunk = [];
    chunkChars = 0;
  };
  const writeNext = async () => {
    const results = await (inFlight.shift() as Promise<CallDone[]>);
    for (const done of results) write(done);
    // Once stdout holds none of the chunk's bytes (its writes are synchronous for files and, on Linux, pipes), its
    // buffer can be reused; a stream that queued them keeps the buffer, which is then left to the collector.
    if (flags.out !== undefined || process.stdout.writableLength === 0) pool.recycle(results);
  };
  try {
    for await (const item of readCalls(inputs, flags.format, bad, bar.onFile)) {
      chunk.push(item);
      chunkChars += sizeOf(item);
      if (chunk.length >= CHUNK_CALLS || chunkChars >= CHUNK_CHARS) send();
      while (inFlight.length >= limit) await writeNext();
    }
    send();
    while (inFlight.length > 0) await writeNext();
  } finally {
    bar.end();
    await pool.close();
  }
  finished = true;
  process.off("beforeExit", unfinished);
  if (flags.output === "json" && flags.out === undefined) {
    if (jsonCount === 1) print(pendingJson ?? "", "\n");
    else if (jsonCount > 1) process.stdout.write("\n]\n");
  }
  if (flags.output === "csv" && !wroteCsvHeader && flags.out === undefined) process.stdout.write(FINDINGS_CSV_HEADER);
  for (const b of broken) stderr(`sameside: ${b}`);
  if (process.env.SAMESIDE_STATS !== undefined) {
    const seconds = (performance.now() - started) / 1000;
    // CPU time counts every thread of the process (workers, GC helpers); the main thread's own share is its event
    // loop's utilization.
    const usage = process.resourceUsage();
    stderr(
      JSON.stringify({
        calls,
        seconds,
        callsPerSec: calls / seconds,
        peakRssMb: usage.maxRSS / 1024,
        workers: flags.workers ?? 1,
        cpuSeconds: (usage.userCPUTime + usage.systemCPUTime) / 1e6,
        mainThreadBusy: performance.eventLoopUtilization().utilization,
      }),
    );
  }
  return count() > 0 ? 2 : broken.length > 0 ? 1 : 0;
}

async function summary(inputs: string[], flags: SummaryFlags): Promise<number> {
  const opts = options(flags);
  const builder = new SummaryBuilder();
  const { bad, count } = badInputs(flags);
  const bar = progress(flags.quiet);
  for await (const item of readCalls(inputs, flags.format, bad, bar.onFile)) {
    const file = item.file;
    let call;
    try {
      call = callOf(item);
    } catch (error) {
      if (!(error instanceof SamesideInputError)) throw error;
      bad(file, describeError(error, file));
      continue;
    }
    const source: { agent?: string; file?: string } = { file };
    if (flags.agentFrom !== undefined) {
      const m = flags.agentFrom.exec(basename(file));
      if (m !== null) source.agent = m[1] ?? m[0];
    }
    builder.add(analyzeCall(call, opts), source);
  }
  bar.end();
  const result = builder.result();
  if (flags.out === undefined) process.stdout.write(formatSummary(result, flags.output));
  else {
    // Written beside the calls' own pages (analyze --output html --out <dir>), the batch page links to them.
    mkdirSync(flags.out, { recursive: true });
    const ids = [...result.agents.map((a) => a.worstCall), ...result.worstMoments.map((m) => m.call)];
    const links = Object.fromEntries(ids.filter((id) => existsSync(join(flags.out ?? ".", `${pageName(id)}.html`))).map((id) => [id, `${pageName(id)}.html`]));
    const body = flags.output === "html" ? renderSummaryHtml(result, { links }) : formatSummary(result, flags.output);
    writeFileSync(join(flags.out, flags.output === "html" ? "index.html" : `summary.${EXTENSIONS[flags.output]}`), body);
  }
  return count() > 0 ? 2 : 0;
}

/** A queue's finished jobs as a batch summary on stdout; its counts and failed jobs on stderr (exit 2 if any failed). */
async function queueSummary(redis: string, queue: string, output: SummaryFormat): Promise<number> {
  const { summary: result, counts, failed } = await runQueueSummary({ redis, queue });
  process.stdout.write(formatSummary(result, output));
  stderr(`queue ${queue}: ${Object.entries(counts).map(([k, v]) => `${v} ${k}`).join(", ")}`);
  for (const f of failed) stderr(`  failed ${f.id}: ${f.reason.replace(/\n\s*/g, " ")}`);
  return failed.length > 0 ? 2 : 0;
}

const wholeNumber =
  (flag: string) =>
  (v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag}: expected a whole number >= 1, got "${v}"`);
    return n;
  };

// Repeatable flags collect their values; variadic ones would swallow a following "-" input.
const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

/** The options that make up the analysis options (with the config file): every command that analyses takes them. */
function analysisOptions(cmd: Command): Command {
  return cmd
    .option("-a, --agent <name>", "speaker name of the agent, repeatable; everyone else is the customer", collect)
    .option("--competitor <name>", "a competitor's name, repeatable, added to the config's", collect)
    .option("--company <name>", "your company's name, repeatable", collect)
    .option("-c, --config <file>", "config file (default: the nearest sameside.config.json upward)")
    .option("--no-config", "ignore any sameside.config.json")
    .option("--no-redact", "keep e-mail addresses, phone, card and account numbers in the reports (masked by default)");
}

function common(cmd: Command, inputs = "<inputs...>"): Command {
  return analysisOptions(
    cmd
      .argument(inputs, 'transcript files, directories, globs, or "-" for standard input')
      .addOption(new Option("-f, --format <format>", "read inputs as this transcript format instead of detecting it").choices(TRANSCRIPT_FORMATS)),
  )
    .option("--strict", "stop at the first bad input")
    .option("-q, --quiet", "no progress bar");
}

export function program(): Command {
  const cli = new Command("sameside")
    .description("Tag agent behaviour in call transcripts and report each call's sales impact.")
    .version(pkg.version, "-v, --version")
    .showHelpAfterError('(run "sameside --help" for usage)')
    .exitOverride();
  common(cli.command("analyze", { isDefault: true }).description("analyse each call and write its report"))
    .addOption(new Option("-o, --output <kind>", "report format").choices(REPORT_FORMATS).default("text"))
    .option("--out <dir>", "write one file per call into this directory instead of standard output")
    .option("--fail-on <tags>", `exit 1 when a call carries any of these tags (${TAG_IDS.join(",")})`, (v: string) => {
      const tags = v.split(",").map((t) => t.trim()).filter(Boolean);
      const unknown = tags.filter((t) => !(TAG_IDS as readonly string[]).includes(t));
      if (unknown.length > 0) throw new UsageError(`--fail-on: unknown tag ${unknown.join(", ")} (known: ${TAG_IDS.join(", ")})`);
      return tags as TagId[];
    })
    .option("--min-score <n>", "exit 1 when a call's impact score is below n", (v: string) => {
      const n = Number(v);
      if (!Number.isFinite(n)) throw new UsageError(`--min-score: expected a number, got "${v}"`);
      return n;
    })
    .option("-w, --workers <n>", 'analyse on n worker threads ("auto": one per core); output order never changes', (v: string) => {
      if (v === "auto") return availableParallelism();
      const n = Number(v);
      if (!Number.isInteger(n) || n < 1) throw new UsageError(`--workers: expected a whole number >= 1 or "auto", got "${v}"`);
      return n;
    })
    .action(async (inputs: string[], flags: AnalyzeFlags) => {
      process.exitCode = await analyze(inputs, flags);
    });
  common(cli.command("summary").description("aggregate a batch: per agent, tag rates, the worst moments (of files, or with --redis of a queue's finished jobs)"), "[inputs...]")
    .option("--redis <url>", "summarize the finished jobs of a queue on this Redis instead of files (redis://host:port)")
    .option("--queue <name>", "the queue's name, with --redis", "calls")
    .addOption(new Option("-o, --output <kind>", "summary format").choices(SUMMARY_FORMATS).default("text"))
    .option("--out <dir>", "write the summary into this directory (index.html for html, linking the calls' pages there)")
    .option("--agent-from <regex>", "take the agent's name from each file name (first capture group, or the match)", (v: string) => {
      try {
        return new RegExp(v);
      } catch (error) {
        throw new UsageError(`--agent-from: ${(error as Error).message}`);
      }
    })
    .action(async (inputs: string[], flags: SummaryFlags & { redis?: string; queue: string }) => {
      if (flags.redis !== undefined) {
        if (inputs.length > 0) throw new UsageError("summary: give files or --redis, not both");
        process.exitCode = await queueSummary(flags.redis, flags.queue, flags.output);
        return;
      }
      if (inputs.length === 0) throw new UsageError("summary: give transcript files, directories or globs (or --redis for a queue)");
      process.exitCode = await summary(inputs, flags);
    });
  analysisOptions(cli.command("worker").description("analyse the calls of a BullMQ queue on Redis until SIGTERM (needs bullmq and ioredis)"))
    .requiredOption("--redis <url>", "the Redis to take jobs from (redis://host:port)")
    .option("--queue <name>", "the queue's name", "calls")
    .option("--concurrency <n>", "jobs in flight at once", wholeNumber("--concurrency"), 4)
    .addOption(new Option("--result <kind>", "what each job returns: the whole report or its compact summary").choices(["report", "summary"]).default("report"))
    .option("--lock-seconds <n>", "a job's lock without renewal: a killed worker's job goes to another after this long", wholeNumber("--lock-seconds"))
    .option("-q, --quiet", "no progress lines")
    .action(async (flags: CommonFlags & WorkerFlags) => {
      process.exitCode = await runWorker(flags, options(flags), stderr);
    });
  cli
    .command("enqueue")
    .description("add calls to a BullMQ queue on Redis, each under its call id (a call sent twice is analysed once)")
    .argument("<inputs...>", 'transcript files, directories, globs, or "-" for standard input')
    .requiredOption("--redis <url>", "the Redis to add jobs to (redis://host:port)")
    .option("--queue <name>", "the queue's name", "calls")
    .option("--keep-completed <n>", "keep only the newest n completed jobs and their results in Redis (default: all)", wholeNumber("--keep-completed"))
    .addOption(new Option("-f, --format <format>", "read inputs as this transcript format instead of detecting it").choices(TRANSCRIPT_FORMATS))
    .action(async (inputs: string[], flags: EnqueueFlags) => {
      const { bad, count } = badInputs(flags);
      const { added, already } = await runEnqueue(inputs, flags, bad);
      process.stdout.write(`${JSON.stringify({ queue: flags.queue, added, already })}\n`);
      process.exitCode = count() > 0 ? 2 : 0;
    });
  analysisOptions(
    cli.command("live").description("turn events as JSON Lines on standard input (many calls interleaved), updates and nudges as JSON Lines on standard output"),
  )
    .option("--idle-timeout <seconds>", "end and report a call with no event for this long (0: never)", (v: string) => {
      const n = Number(v);
      if (!Number.isFinite(n) || n < 0) throw new UsageError(`--idle-timeout: expected seconds >= 0, got "${v}"`);
      return n;
    })
    .option("--format <vendor>", `read { "call", "event" } lines holding a vendor's streaming results: ${LIVE_EVENT_FORMATS.join(" or ")}`, (v: string) => {
      if (!(LIVE_EVENT_FORMATS as readonly string[]).includes(v)) throw new UsageError(`--format: expected ${LIVE_EVENT_FORMATS.join(" or ")}, got "${v}"`);
      return v as LiveEventFormat;
    })
    .action(async (flags: CommonFlags & { idleTimeout?: number; format?: LiveEventFormat }) => {
      const bad = await runLive(process.stdin, process.stdout, process.stderr, { options: options(flags), idleSeconds: flags.idleTimeout ?? 300, format: flags.format });
      process.exitCode = bad > 0 ? 2 : 0;
    });
  return cli;
}

async function main(): Promise<void> {
  try {
    await program().parseAsync(process.argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode === 0 ? 0 : 2;
      return;
    }
    if (error instanceof UsageError || error instanceof QueueUsageError || error instanceof SamesideInputError) {
      stderr(`sameside: ${error.message}`);
      process.exitCode = 2;
      return;
    }
    throw error;
  }
}

void main();
