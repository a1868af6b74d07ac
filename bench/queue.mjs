// npm run bench:queue: sameside as a BullMQ queue worker on a local Redis (Debian's redis-server, started here), side
// by side with the CLI batch (`sameside analyze --workers`) on the same calls in the same run. 10,000 calls of 120
// turns: enqueue rate and Redis memory per queued call; one and two worker processes (calls/s, CPU per 1,000 calls,
// peak RSS); and a kill test, two workers with one killed (SIGKILL) every few seconds and a fresh one started, that
// accounts for every call: completed exactly once, none failed, none lost. Writes the "queue" part of
// bench/results.json.
// Options: --quick (1,000 calls), --calls N.
import { spawn } from "node:child_process";
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { batchCalls } from "./calls.mjs";
import { findRedisServer, HOW_TO_GET_REDIS } from "../scripts/debian.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const quick = args.includes("--quick");
const callsArg = args.indexOf("--calls");
const COUNT = callsArg >= 0 ? Number(args[callsArg + 1]) : quick ? 1000 : 10000;
const cli = join(root, "dist/cli.js");
const { openQueue, enqueueCalls } = await import(join(root, "dist/queue.js"));
const { Redis } = await import("ioredis");

// A Redis of our own: a free port, a temporary directory, no persistence.
const bin = findRedisServer();
if (bin === undefined) throw new Error(HOW_TO_GET_REDIS);
const port = await new Promise((resolve) => {
  const s = createServer();
  s.listen(0, "127.0.0.1", () => {
    const p = s.address().port;
    s.close(() => resolve(p));
  });
});
const redisDir = mkdtempSync(join(tmpdir(), "sameside-bench-redis-"));
const redisProc = spawn(bin, ["--port", String(port), "--bind", "127.0.0.1", "--dir", redisDir, "--save", "", "--appendonly", "no"], { stdio: ["ignore", "pipe", "inherit"] });
await new Promise((resolve) => {
  let out = "";
  redisProc.stdout.on("data", (d) => {
    out += d;
    if (out.includes("Ready to accept connections")) resolve();
  });
});
const url = `redis://127.0.0.1:${port}`;
// Whatever happens, the Redis started here stops with this process.
process.on("exit", () => redisProc.kill("SIGTERM"));
process.on("uncaughtException", (error) => {
  console.error(error);
  process.exit(1);
});
const redis = new Redis(port, "127.0.0.1");
const usedMemory = async () => Number(/used_memory:(\d+)/.exec(await redis.info("memory"))?.[1] ?? 0);
const redisCpu = async () => {
  const info = await redis.info("cpu");
  return Number(/used_cpu_sys:([\d.]+)/.exec(info)?.[1] ?? 0) + Number(/used_cpu_user:([\d.]+)/.exec(info)?.[1] ?? 0);
};

const dir = mkdtempSync(join(tmpdir(), "sameside-bench-queue-"));
const file = join(dir, "calls.jsonl");
await new Promise((resolve, reject) => {
  const out = createWriteStream(file);
  out.on("error", reject);
  // The generator's ids repeat from one seed to the next: each call gets an id of its own (its job id).
  let k = 0;
  for (const call of batchCalls(COUNT, 120)) out.write(`${JSON.stringify({ ...call, id: `call-${k++}` })}\n`);
  out.end(resolve);
});
const calls = readFileSync(file, "utf8").trim().split("\n").map((l) => JSON.parse(l));

/** Runs the CLI and resolves with its SAMESIDE_STATS line (stderr's last line). */
function runCli(argv, { signalAfter } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...argv], { stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, SAMESIDE_STATS: "1" } });
    let err = "";
    child.stderr.on("data", (d) => (err += d));
    child.on("error", reject);
    child.on("exit", (code) => {
      try {
        resolve({ code, stats: JSON.parse(err.trim().split("\n").at(-1) ?? "{}") });
      } catch {
        reject(new Error(`no stats from sameside ${argv.join(" ")} (exit ${code}):\n${err}`));
      }
    });
    if (signalAfter !== undefined) signalAfter(child);
  });
}

/** Polls until the queue has finished `total` jobs; resolves with the time it took from `since`. */
async function until(queue, total, since, seconds = 1200) {
  for (;;) {
    const c = await queue.getJobCounts("completed", "failed");
    if ((c.completed ?? 0) + (c.failed ?? 0) >= total) return { seconds: (performance.now() - since) / 1000, completed: c.completed ?? 0, failed: c.failed ?? 0 };
    if (performance.now() - since > seconds * 1000) throw new Error(`queue stuck at ${c.completed} completed, ${c.failed} failed of ${total}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

let queueNo = 0;
async function freshQueue() {
  const name = `bench-${++queueNo}`;
  const queue = openQueue(url, name);
  const before = await usedMemory();
  const t0 = performance.now();
  const added = await enqueueCalls(queue, calls, { batch: 1000 });
  const enqueueSeconds = (performance.now() - t0) / 1000;
  const bytesPerCall = ((await usedMemory()) - before) / COUNT;
  if (added.added !== COUNT) throw new Error(`enqueued ${added.added} of ${COUNT}`);
  return { name, queue, enqueueSeconds, bytesPerCall };
}

/** N worker processes on a fresh queue, until every call is done. */
async function queueRun(workers) {
  const { name, queue, enqueueSeconds, bytesPerCall } = await freshQueue();
  const cpu0 = await redisCpu();
  const t0 = performance.now();
  const children = [];
  const runs = Array.from({ length: workers }, () =>
    runCli(["worker", "--redis", url, "--queue", name, "--no-config", "--quiet", "--result", "summary", "--concurrency", "8"], { signalAfter: (c) => children.push(c) }),
  );
  const done = await until(queue, COUNT, t0);
  for (const c of children) c.kill("SIGTERM");
  const stats = (await Promise.all(runs)).map((r) => r.stats);
  const redisSeconds = (await redisCpu()) - cpu0;
  await queue.obliterate({ force: true });
  await queue.close();
  return {
    workers,
    callsPerSec: COUNT / done.seconds,
    seconds: done.seconds,
    completed: done.completed,
    failed: done.failed,
    cpuPer1000: (stats.reduce((n, s) => n + s.cpuSeconds, 0) / COUNT) * 1000,
    redisCpuPer1000: (redisSeconds / COUNT) * 1000,
    peakRssMb: Math.max(...stats.map((s) => s.peakRssMb)),
    enqueuePerSec: COUNT / enqueueSeconds,
    redisBytesPerQueuedCall: bytesPerCall,
  };
}

async function batchRun(workers) {
  const { code, stats } = await runCli(["analyze", file, "--output", "jsonl", "--no-config", "--quiet", "--workers", String(workers)]);
  if (code !== 0) throw new Error(`analyze exited ${code}`);
  return { workers, callsPerSec: stats.callsPerSec, seconds: stats.seconds, cpuPer1000: (stats.cpuSeconds / COUNT) * 1000, peakRssMb: stats.peakRssMb };
}

/** Two workers, one killed every few seconds and replaced; every call must complete exactly once. */
async function killRun(everySeconds = 3) {
  const { name, queue } = await freshQueue();
  const t0 = performance.now();
  const live = new Set();
  let kills = 0;
  const start = () => {
    const child = spawn(process.execPath, [cli, "worker", "--redis", url, "--queue", name, "--no-config", "--quiet", "--result", "summary", "--lock-seconds", "2"], { stdio: "ignore" });
    live.add(child);
    child.on("exit", () => live.delete(child));
  };
  start();
  start();
  const timer = setInterval(() => {
    const victim = [...live][kills % 2];
    if (victim === undefined) return;
    victim.kill("SIGKILL");
    kills++;
    start();
  }, everySeconds * 1000);
  const done = await until(queue, COUNT, t0);
  clearInterval(timer);
  await Promise.all([...live].map((c) => new Promise((r) => (c.once("exit", r), c.kill("SIGTERM")))));
  // Accounting: every call's job, completed once (a job completes once by construction; its id is its call's).
  const ids = new Set();
  let rerun = 0;
  for (let s = 0; s < COUNT; s += 1000) {
    for (const job of await queue.getCompleted(s, s + 999)) {
      ids.add(job.id);
      if ((job.attemptsStarted ?? 1) > 1 || (job.stalledCounter ?? 0) > 0) rerun++;
    }
  }
  const expected = new Set(calls.map((c) => c.id));
  const missing = [...expected].filter((id) => !ids.has(id)).length;
  const unexpected = [...ids].filter((id) => !expected.has(id)).length;
  await queue.obliterate({ force: true });
  await queue.close();
  return { everySeconds, kills, seconds: done.seconds, callsPerSec: COUNT / done.seconds, completed: done.completed, distinctCompleted: ids.size, failed: done.failed, missing, unexpected, rerunAfterKill: rerun };
}

const results = { date: new Date().toISOString(), node: process.version, calls: COUNT, turnsPerCall: 120, redis: (await redis.info("server")).match(/redis_version:(\S+)/)?.[1] };
// Symmetric order (batch, queue, queue, batch) so a drift of this shared host weighs on both alike.
const batch1 = [await batchRun(1)];
const queue1 = [await queueRun(1)];
const queue2 = [await queueRun(2)];
const batch2 = [await batchRun(2)];
batch1.push(await batchRun(1));
queue1.push(await queueRun(1));
const mean = (list, key) => list.reduce((n, r) => n + r[key], 0) / list.length;
const avg = (list) => Object.fromEntries(Object.keys(list[0]).map((k) => [k, typeof list[0][k] === "number" ? mean(list, k) : list[0][k]]));
results.batch = { one: avg(batch1), two: avg(batch2) };
results.queue = { one: avg(queue1), two: avg(queue2), runs: { one: queue1, batchOne: batch1 } };
results.kill = await killRun();
results.oneWorkerVsBatch = results.queue.one.callsPerSec / results.batch.one.callsPerSec;
results.targets = {
  "one queue worker >= 80% of the in-process batch's calls/s": results.oneWorkerVsBatch >= 0.8,
  "kill test: every call completed exactly once, none lost": results.kill.distinctCompleted === COUNT && results.kill.completed === COUNT && results.kill.missing === 0 && results.kill.unexpected === 0 && results.kill.failed === 0,
};

await redis.quit();
redisProc.kill("SIGTERM");
rmSync(dir, { recursive: true, force: true });
await new Promise((r) => redisProc.once("exit", r));
rmSync(redisDir, { recursive: true, force: true });

const resultsFile = join(root, "bench/results.json");
const all = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, "utf8")) : {};
all.queue = results;
writeFileSync(resultsFile, `${JSON.stringify(all, null, 2)}\n`);

const f = (n, d = 0) => n.toFixed(d);
const lines = [
  `sameside bench:queue (node ${process.version}, Redis ${results.redis}, ${COUNT} calls of 120 turns; queue runs with --result summary --concurrency 8)`,
  "",
  `enqueue: ${f(results.queue.one.enqueuePerSec)} calls/s; Redis memory ${f(results.queue.one.redisBytesPerQueuedCall / 1024, 1)} KB per queued call`,
  "",
  "                          calls/s   CPU s/1000 calls   peak RSS MB",
  `batch (analyze) 1 worker  ${f(results.batch.one.callsPerSec).padStart(7)}   ${f(results.batch.one.cpuPer1000, 2).padStart(16)}   ${f(results.batch.one.peakRssMb).padStart(11)}`,
  `batch (analyze) 2 workers ${f(results.batch.two.callsPerSec).padStart(7)}   ${f(results.batch.two.cpuPer1000, 2).padStart(16)}   ${f(results.batch.two.peakRssMb).padStart(11)}`,
  `queue 1 worker process    ${f(results.queue.one.callsPerSec).padStart(7)}   ${f(results.queue.one.cpuPer1000, 2).padStart(16)}   ${f(results.queue.one.peakRssMb).padStart(11)}   (+ Redis ${f(results.queue.one.redisCpuPer1000, 2)} s)`,
  `queue 2 worker processes  ${f(results.queue.two.callsPerSec).padStart(7)}   ${f(results.queue.two.cpuPer1000, 2).padStart(16)}   ${f(results.queue.two.peakRssMb).padStart(11)}   (+ Redis ${f(results.queue.two.redisCpuPer1000, 2)} s)`,
  `one queue worker = ${f(results.oneWorkerVsBatch * 100)}% of the batch's one worker`,
  "",
  `kill test: 2 workers, one killed (SIGKILL) every ${results.kill.everySeconds} s and replaced: ${results.kill.kills} kills in ${f(results.kill.seconds, 1)} s; ${results.kill.completed} completed (${results.kill.distinctCompleted} distinct calls), ${results.kill.failed} failed, ${results.kill.missing} lost, ${results.kill.unexpected} unknown; ${results.kill.rerunAfterKill} run again after a kill`,
  "",
  "targets:",
  ...Object.entries(results.targets).map(([name, ok]) => `  ${ok ? "met    " : "NOT MET"}  ${name}`),
];
console.log(lines.join("\n"));
