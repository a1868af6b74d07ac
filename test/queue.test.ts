/**
 * sameside/queue against a real Redis (Debian's redis-server, started here) and real BullMQ: no mocks. The worker
 * processes are the built CLI, killed and stopped with real signals.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Queue } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { analyzeCall, CallSummarySchema, summarizeReports, type CallInput, type CallReport } from "../src/index.js";
import { createWorker, enqueueCalls, jobIdOf, openQueue, queueSummary } from "../src/queue/index.js";
import { loadOwnCorpus } from "../scripts/sources.js";
import { startRedis, type RedisServer } from "./helpers/redis.js";

let redis: RedisServer;
const queues: Queue[] = [];
let queueNo = 0;
const freshQueue = (): { name: string; queue: Queue } => {
  const name = `q${++queueNo}-${process.pid}`;
  const queue = openQueue(redis.url, name);
  queues.push(queue);
  return { name, queue };
};

beforeAll(async () => {
  redis = await startRedis();
}, 30_000);

afterAll(async () => {
  for (const q of queues) await q.close();
  await redis?.stop();
});

const corpus: CallInput[] = loadOwnCorpus()
  .slice(0, 40)
  .map((c) => ({ id: c.id, turns: c.turns.map(({ speaker, text }) => ({ speaker, text })) }));

/** Waits until the queue has finished `total` jobs (completed + failed); fails after `seconds`. */
async function settled(queue: Queue, total: number, seconds = 60): Promise<{ completed: number; failed: number }> {
  const until = Date.now() + seconds * 1000;
  for (;;) {
    const c = await queue.getJobCounts("completed", "failed");
    const counts = { completed: c.completed ?? 0, failed: c.failed ?? 0 };
    if (counts.completed + counts.failed >= total) return counts;
    if (Date.now() > until) throw new Error(`only ${counts.completed} completed and ${counts.failed} failed of ${total} after ${seconds} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const cli = join(process.cwd(), "dist/cli.js");
function startWorker(queue: string, extra: string[] = []): ChildProcess & { stderrText: () => string } {
  const child = spawn(process.execPath, [cli, "worker", "--redis", redis.url, "--queue", queue, "--no-config", ...extra], { stdio: ["ignore", "ignore", "pipe"] });
  let err = "";
  child.stderr?.on("data", (d: Buffer) => (err += d.toString()));
  return Object.assign(child, { stderrText: () => err });
}
const exited = (child: ChildProcess): Promise<number | null> => new Promise((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.once("exit", (code) => resolve(code))));

describe("sameside/queue on a real Redis", () => {
  it("analyses each queued call once, under its call id, and returns analyzeCall's report", async () => {
    const { name, queue } = freshQueue();
    const first = await enqueueCalls(queue, [...corpus, corpus[0] as CallInput]);
    expect(first).toEqual({ added: corpus.length, already: 1 });
    expect(await enqueueCalls(queue, corpus.slice(0, 5))).toEqual({ added: 0, already: 5 });
    const worker = createWorker({ connection: redis.url, queue: name, concurrency: 4 });
    try {
      expect(await settled(queue, corpus.length)).toEqual({ completed: corpus.length, failed: 0 });
    } finally {
      await worker.close();
    }
    for (const call of corpus.slice(0, 10)) {
      const job = await queue.getJob(jobIdOf(call.id ?? ""));
      expect(JSON.stringify(job?.returnvalue)).toBe(JSON.stringify(analyzeCall(call)));
      expect(job?.attemptsMade).toBe(1);
    }
    expect(await queue.count()).toBe(0);
  }, 60_000);

  it("fails a call with bad input once, with the input error's message, and never retries it", async () => {
    const { name, queue } = freshQueue();
    await enqueueCalls(queue, [
      { id: "bad-turn", turns: [{ speaker: "A", text: 42 }] } as unknown as CallInput,
      { id: "bad-transcript", transcript: "{ not json", format: "sameside" },
      { id: "plain", transcript: "Agent: Thanks for calling Northwind.\nCustomer: I want to cancel.\nAgent: Sure, I'll cancel it now.", file: "plain.txt" },
    ]);
    const worker = createWorker({ connection: redis.url, queue: name });
    try {
      expect(await settled(queue, 3)).toEqual({ completed: 1, failed: 2 });
    } finally {
      await worker.close();
    }
    const bad = await queue.getJob("bad-turn");
    expect(bad?.attemptsMade).toBe(1);
    expect(bad?.failedReason).toMatch(/turns\[0\]\.text/);
    expect((await queue.getJob("bad-transcript"))?.failedReason).toMatch(/JSON|line 1/);
    const plain = (await queue.getJob("plain"))?.returnvalue as CallReport;
    expect(plain.id).toBe("plain");
    expect(plain.turns.map((t) => t.role)).toEqual(["agent", "customer", "agent"]);
    const { counts, failed } = await queueSummary(queue);
    expect(counts.failed).toBe(2);
    expect(failed.map((f) => f.id).sort()).toEqual(["bad-transcript", "bad-turn"]);
  }, 60_000);

  it("keeps only the newest completed jobs when asked (keepCompleted), so Redis does not grow with results", async () => {
    const { name, queue } = freshQueue();
    await enqueueCalls(queue, corpus.slice(0, 30), { keepCompleted: 10 });
    const worker = createWorker({ connection: redis.url, queue: name });
    const done: string[] = [];
    worker.on("completed", (job) => done.push(job.id ?? ""));
    try {
      const until = Date.now() + 30_000;
      while (done.length < 30 && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    } finally {
      await worker.close();
    }
    expect(done).toHaveLength(30);
    expect((await queue.getJobCounts("completed")).completed).toBe(10);
  }, 60_000);

  it('returns compact summaries with result: "summary", and the queue summary equals the files\' summary', async () => {
    const { name, queue } = freshQueue();
    await enqueueCalls(queue, corpus);
    const worker = createWorker({ connection: redis.url, queue: name, result: "summary" });
    try {
      await settled(queue, corpus.length);
    } finally {
      await worker.close();
    }
    const job = await queue.getJob(jobIdOf(corpus[3]?.id ?? ""));
    expect(CallSummarySchema.safeParse(job?.returnvalue).success).toBe(true);
    expect(JSON.stringify(job?.returnvalue).length).toBeLessThan(JSON.stringify(analyzeCall(corpus[3] as CallInput)).length / 3);
    const { summary } = await queueSummary(queue);
    const direct = summarizeReports(corpus.map((c) => analyzeCall(c)));
    // Completed jobs come back newest first, so ties (which call is an agent's worst) may fall the other way; every
    // figure must match.
    const figures = (s: typeof summary) => ({ ...s, worstMoments: s.worstMoments.map((m) => m.effect), agents: s.agents.map(({ worstCall: _, ...a }) => a) });
    expect(figures(summary)).toEqual(figures(direct));
  }, 60_000);

  it("loses no call when a worker is killed mid-batch (SIGKILL): another takes its jobs over", async () => {
    const { name, queue } = freshQueue();
    const calls = Array.from({ length: 400 }, (_, k) => ({ ...(corpus[k % corpus.length] as CallInput), id: `kill-${k}` }));
    await enqueueCalls(queue, calls);
    const victim = startWorker(name, ["--concurrency", "2", "--lock-seconds", "2", "--quiet"]);
    for (;;) {
      const c = await queue.getJobCounts("completed", "active");
      if ((c.completed ?? 0) >= 20 && (c.active ?? 0) > 0) break;
      if (victim.exitCode !== null) throw new Error(`worker exited early: ${victim.stderrText()}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    // The jobs it holds when it dies: the stalled-job check must hand each to the other worker.
    const held = (await queue.getActive()).map((j) => j.id ?? "");
    victim.kill("SIGKILL");
    await exited(victim);
    expect(held.length).toBeGreaterThan(0);
    const rescuer = startWorker(name, ["--lock-seconds", "2", "--quiet"]);
    try {
      expect(await settled(queue, calls.length, 90)).toEqual({ completed: calls.length, failed: 0 });
    } finally {
      rescuer.kill("SIGTERM");
      await exited(rescuer);
    }
    const done = new Set<string>();
    for (let start = 0; start < calls.length; start += 200) for (const job of await queue.getCompleted(start, start + 199)) done.add(job.id ?? "");
    expect(done.size).toBe(calls.length);
    for (const id of held) expect(done.has(id)).toBe(true);
    expect([...done].every((id) => /^kill-\d+$/.test(id))).toBe(true);
  }, 120_000);

  it("drains on SIGTERM: the jobs in flight finish, the worker exits 0, nothing is left active", async () => {
    const { name, queue } = freshQueue();
    const calls = Array.from({ length: 3000 }, (_, k) => ({ ...(corpus[k % corpus.length] as CallInput), id: `term-${k}` }));
    await enqueueCalls(queue, calls);
    const worker = startWorker(name, ["--concurrency", "8"]);
    while (((await queue.getJobCounts("completed")).completed ?? 0) < 50) await new Promise((r) => setTimeout(r, 20));
    worker.kill("SIGTERM");
    expect(await exited(worker)).toBe(0);
    expect(worker.stderrText()).toMatch(/SIGTERM, finishing the jobs in flight/);
    const c = await queue.getJobCounts("completed", "active", "failed", "waiting");
    expect(c.active).toBe(0);
    expect(c.failed).toBe(0);
    expect((c.completed ?? 0) + (c.waiting ?? 0)).toBe(calls.length);
    expect(c.waiting).toBeGreaterThan(0);
  }, 60_000);

  it("runs from the command line: enqueue files, a worker, and summary --redis", async () => {
    const { name, queue } = freshQueue();
    const run = (args: string[]) =>
      new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
        const child = spawn(process.execPath, [cli, ...args], { stdio: ["ignore", "pipe", "pipe"] });
        let out = "";
        let err = "";
        child.stdout.on("data", (d: Buffer) => (out += d.toString()));
        child.stderr.on("data", (d: Buffer) => (err += d.toString()));
        child.on("exit", (code) => resolve({ code, out, err }));
      });
    const sample = "corpus/sample/northwind-cancel.txt";
    const added = await run(["enqueue", sample, sample, "--redis", redis.url, "--queue", name]);
    expect(added.code).toBe(0);
    expect(JSON.parse(added.out)).toEqual({ queue: name, added: 1, already: 1 });
    const worker = startWorker(name, ["--quiet", "--company", "Northwind"]);
    await settled(queue, 1);
    worker.kill("SIGTERM");
    expect(await exited(worker)).toBe(0);
    const summary = await run(["summary", "--redis", redis.url, "--queue", name, "--output", "json"]);
    expect(summary.code).toBe(0);
    const report = analyzeCall(
      { id: "northwind-cancel", turns: readFileSync(sample, "utf8").trim().split("\n").filter(Boolean).map((l) => ({ speaker: l.slice(0, l.indexOf(":")), text: l.slice(l.indexOf(":") + 1).trim() })) },
      { company: ["Northwind"], redact: true },
    );
    expect((JSON.parse(summary.out) as { calls: number; meanImpact: number }).meanImpact).toBe(report.impact.score);
    expect(summary.err).toMatch(/1 completed/);
    const none = await run(["worker", "--queue", name]);
    expect(none.code).toBe(2);
    expect(none.err).toMatch(/--redis/);
  }, 60_000);
});
