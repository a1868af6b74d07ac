// npm run profile: where sameside's time goes on the benchmark's 120-turn calls. Runs the built package under V8's
// sampling profiler (the same one `node --cpu-prof` uses) after a warm-up, then prints
//   - each stage of analyzeCall (the functions it calls) with its inclusive share of the time,
//   - the functions with the most self time (a regular expression's time counts in the function that runs it).
//   - the JIT's warm-up: how often V8 optimised a function and threw optimised code away again over the first
//     calls of a fresh process. Every worker thread of a batch pays this again, so it weighs on the N-worker speed-up.
// Options: --seconds N (default 10), --turns N (default 120), --write FILE (the raw .cpuprofile, for DevTools),
// --warmup-calls N (default 3000; 0 skips that part).
import { spawnSync } from "node:child_process";
import { closeSync, createReadStream, mkdtempSync, openSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { createInterface } from "node:readline";
import { Session } from "node:inspector/promises";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { batchCalls, generate } from "./calls.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : fallback;
};
const seconds = Number(option("--seconds", "10"));
const turns = Number(option("--turns", "120"));
const write = option("--write", undefined);
const warmupCalls = Number(option("--warmup-calls", "3000"));

const { analyzeCall } = await import(join(root, "dist/index.js"));
const calls = generate(100, turns, 2);
// Warm-up: lazy loads and the JIT are not what this is about.
const warm = performance.now();
for (let k = 0; performance.now() - warm < 2000; k++) analyzeCall(calls[k % calls.length]);

const session = new Session();
session.connect();
await session.post("Profiler.enable");
await session.post("Profiler.setSamplingInterval", { interval: 100 });
await session.post("Profiler.start");
const start = performance.now();
let n = 0;
while (performance.now() - start < seconds * 1000) analyzeCall(calls[n++ % calls.length]);
const elapsed = (performance.now() - start) / 1000;
const { profile } = await session.post("Profiler.stop");
session.disconnect();
if (write !== undefined) writeFileSync(write, JSON.stringify(profile));

const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const parent = new Map();
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
const name = (node) => {
  const { functionName, url, lineNumber } = node.callFrame;
  if (url === "") return functionName || "(anonymous)";
  const file = url.split("/").at(-1);
  return `${functionName || "(anonymous)"} ${file}:${lineNumber + 1}`;
};
// Self time per sample, and the stage each sample belongs to: the function called by analyzeCall on its stack.
const self = new Map();
const stages = new Map();
let total = 0;
// Role inference, inclusive wherever it runs (issue 18: under 10% of analyzeCall's time).
let roles = 0;
profile.samples.forEach((id, i) => {
  const dt = profile.timeDeltas[i + 1] ?? 0;
  total += dt;
  const leaf = byId.get(id);
  const key = name(leaf);
  self.set(key, (self.get(key) ?? 0) + dt);
  // The stack from the leaf up; the stage is the first named function below analyzeCall (its callbacks are anonymous).
  const stack = [];
  for (let at = id; at !== undefined; at = parent.get(at)) stack.push(byId.get(at).callFrame.functionName);
  const top = stack.indexOf("analyzeCall");
  let stage = "(outside analyzeCall: the loop, GC and the profiler)";
  if (top === 0) stage = "analyzeCall itself";
  else if (top > 0) stage = stack.slice(0, top).findLast((f) => f !== "") ?? "analyzeCall's own callbacks";
  stages.set(stage, (stages.get(stage) ?? 0) + dt);
  if (stack.includes("resolveRoles")) roles += dt;
});
const pct = (us) => `${((us / total) * 100).toFixed(1).padStart(5)}%`;
const lines = [`${n} calls of ${turns} turns in ${elapsed.toFixed(1)} s (${(n / elapsed).toFixed(0)} calls/s under the profiler)`, "", "stages of analyzeCall (inclusive):"];
for (const [stage, us] of [...stages].sort((a, b) => b[1] - a[1])) if (us / total >= 0.001) lines.push(`  ${pct(us)}  ${stage}`);
lines.push("", `role inference (resolveRoles, inclusive): ${pct(roles).trim()} of the time (target: under 10%)`);
lines.push("", "most self time:");
for (const [key, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 25)) lines.push(`  ${pct(us)}  ${key}`);

// The JIT's warm-up, in a fresh CLI process (one worker) over the bench's batch calls, traced by V8 itself.
if (warmupCalls > 0) {
  const dir = mkdtempSync(join(tmpdir(), "sameside-jit-"));
  const file = join(dir, "calls.jsonl");
  writeFileSync(file, `${[...batchCalls(warmupCalls, turns)].map((c) => JSON.stringify(c)).join("\n")}\n`);
  // V8 traces to stdout, between the reports: all of it goes to a file, and only the trace's lines are read back.
  const out = join(dir, "out.txt");
  const fd = openSync(out, "w");
  spawnSync(process.execPath, ["--trace-opt", "--trace-deopt", join(root, "dist/cli.js"), "analyze", file, "--output", "jsonl", "--quiet"], {
    stdio: ["ignore", fd, "inherit"],
  });
  closeSync(fd);
  const trace = [];
  for await (const line of createInterface({ input: createReadStream(out), crlfDelay: Infinity })) if (line.startsWith("[")) trace.push(line);
  rmSync(dir, { recursive: true, force: true });
  const compiles = trace.filter((l) => l.startsWith("[completed compiling"));
  const perFunction = new Map();
  for (const l of compiles) {
    const fn = /<JSFunction ([^\s(]\S*)/.exec(l)?.[1] ?? "(anonymous)";
    perFunction.set(fn, (perFunction.get(fn) ?? 0) + 1);
  }
  const again = [...perFunction].filter(([, k]) => k > 1).sort((a, b) => b[1] - a[1]);
  lines.push(
    "",
    `JIT warm-up over the first ${warmupCalls} calls of a fresh process (node --trace-opt --trace-deopt):`,
    `  ${compiles.length} optimised compiles, ${trace.filter((l) => l.startsWith("[bailout")).length} times optimised code was thrown away`,
    `  compiled more than once: ${again.map(([fn, k]) => `${fn} x${k}`).join(", ") || "none"}`,
  );
}
console.log(lines.join("\n"));
