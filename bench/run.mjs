// npm run bench: sameside's speed on generated calls of three sizes and on the corpus, side by side with two
// baselines run in the same process on the same calls (compromise's nlp() on every turn, and one RegExp of every
// rule's patterns scanned over every turn) and a reference (one RegExp of the rules' cue words), plus the cold
// import time of the built package and a CLI batch. Writes bench/results.json.
// Options: --quick (fewer calls, for a smoke run), --seconds N (time per measurement, default 3).
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { closeSync, createReadStream, createWriteStream, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { batchCalls, corpus, generate } from "./calls.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const args = process.argv.slice(2);
const quick = args.includes("--quick");
const secondsArg = args.indexOf("--seconds");
const SECONDS = secondsArg >= 0 ? Number(args[secondsArg + 1]) : quick ? 0.5 : 3;
const { analyzeCall, detectors } = await import(join(root, "dist/index.js"));
const require = createRequire(import.meta.url);

const words = (call) => call.turns.reduce((n, t) => n + t.text.split(/\s+/).filter(Boolean).length, 0);
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))];

/**
 * Measures functions over calls, interleaved: ROUNDS rounds, each giving every function its share of the time in
 * turn. On a shared VM the machine's speed drifts by tens of percent within seconds, so measuring one function after
 * the other would compare two different machines; interleaved, every function sees the same ones. Returns, per
 * function, its rates over all its slices and its latencies (p50, p95), and each round's rate.
 */
const ROUNDS = quick ? 4 : 10;
function measureTogether(entries, seconds = SECONDS) {
  const state = entries.map((e) => {
    // Warm-up: a pass over the calls (stopping after 2 s), so lazy loads and the JIT are not measured.
    const warm = performance.now();
    for (let k = 0; k < e.calls.length && performance.now() - warm < 2000; k++) e.fn(e.calls[k]);
    return { counts: e.calls.map(words), times: [], i: 0, wordCount: 0, elapsed: 0, rounds: [] };
  });
  for (let round = 0; round < ROUNDS; round++) {
    entries.forEach((e, k) => {
      const st = state[k];
      const slice = ((seconds * (e.share ?? 1)) / ROUNDS) * 1000;
      const start = performance.now();
      let n = 0;
      do {
        const at = st.i % e.calls.length;
        const t0 = performance.now();
        e.fn(e.calls[at]);
        st.times.push(performance.now() - t0);
        st.wordCount += st.counts[at];
        st.i++;
        n++;
      } while (performance.now() - start < slice);
      const took = performance.now() - start;
      st.elapsed += took;
      st.rounds.push(n / (took / 1000));
    });
  }
  return state.map((st) => {
    st.times.sort((a, b) => a - b);
    const elapsed = st.elapsed / 1000;
    return { calls: st.i, callsPerSec: st.i / elapsed, wordsPerSec: st.wordCount / elapsed, p50: percentile(st.times, 0.5), p95: percentile(st.times, 0.95), rounds: st.rounds };
  });
}

/** The middle value (the mean of the two middle ones for an even count). */
function median(list) {
  const sorted = [...list].sort((x, y) => x - y);
  const mid = sorted.length / 2;
  return sorted.length % 2 === 1 ? sorted[Math.floor(mid)] : (sorted[mid - 1] + sorted[mid]) / 2;
}
/** The median over rounds of one function's rate divided by another's in the same round. */
const medianRatio = (a, b) => median(a.rounds.map((r, k) => r / b.rounds[k]));

// Baseline 1: compromise's nlp() on every turn (what a naive design would do).
const nlp = require("compromise");
const compromiseBaseline = (call) => {
  for (const t of call.turns) nlp(t.text);
};
// Baseline 2, the issue's "one RegExp scan of all rule phrases": every built-in rule's patterns joined into one
// RegExp, scanned once over every turn. `{rival}` (a competitor, resolved by the engine) stands in here as a few
// generic phrases.
const RIVAL_STAND_IN = String.raw`(?:the\s+other\s+guys|the\s+competition|(?:our|the)\s+competitors?)`;
const rulePatterns = detectors.flatMap((d) => d.rules.flatMap((r) => r.patterns)).map((p) => `(?:${p.replaceAll("{rival}", RIVAL_STAND_IN)})`);
const patternScan = new RegExp(rulePatterns.join("|"), "gi");
// Reference, not a target: one RegExp of the rules' cue words alone (single words, what the engine's prefilter
// looks for). It is the floor of any design that reads every word once, and shows how far above it sameside runs.
const cueWords = [...new Set(detectors.flatMap((d) => d.rules.flatMap((r) => r.cues ?? [])))].map((c) => (c.endsWith("*") ? `${c.slice(0, -1)}\\w*` : c));
const cueScan = new RegExp(`\\b(?:${cueWords.join("|")})\\b`, "gi");
const scanWith = (regex) => (call) => {
  let n = 0;
  for (const t of call.turns) n += t.text.match(regex)?.length ?? 0;
  return n;
};

// The same calls with the learned stages off (the rules, roles, customer signals and report alone): what the
// 50x-compromise target of the rules-only design measures, beside what the learned scorer costs on top of it.
const RULES_ONLY = { disable: ["learned"] };

const sizes = [
  { name: "20 turns", calls: generate(quick ? 40 : 200, 20, 1) },
  { name: "120 turns", calls: generate(quick ? 20 : 100, 120, 2) },
  { name: "600 turns", calls: generate(quick ? 5 : 20, 600, 3) },
  { name: "corpus", calls: corpus.map((c) => ({ id: c.id, turns: c.turns.map(({ speaker, text }) => ({ speaker, text })) })) },
];

const results = {
  date: new Date().toISOString(),
  node: process.version,
  seconds: SECONDS,
  baselines: { rulePatterns: rulePatterns.length, cueWords: cueWords.length },
  sizes: [],
  coldImportMs: 0,
};
for (const size of sizes) {
  // The two slow baselines run on a tenth of the calls (they get through few in their slice anyway).
  const some = size.calls.slice(0, Math.max(2, Math.ceil(size.calls.length / 10)));
  const [ours, rulesOnly, compromise, regex, cues] = measureTogether([
    { calls: size.calls, fn: (c) => analyzeCall(c) },
    { calls: size.calls, fn: (c) => analyzeCall(c, RULES_ONLY), share: 0.5 },
    { calls: some, fn: compromiseBaseline, share: 0.5 },
    { calls: some, fn: scanWith(patternScan), share: 0.5 },
    { calls: size.calls, fn: scanWith(cueScan), share: 0.25 },
  ]);
  results.sizes.push({
    name: size.name,
    turnsPerCall: Math.round(size.calls.reduce((n, c) => n + c.turns.length, 0) / size.calls.length),
    wordsPerCall: Math.round(size.calls.reduce((n, c) => n + words(c), 0) / size.calls.length),
    sameside: ours,
    rulesOnly,
    compromisePerTurn: compromise,
    regexScan: regex,
    cueWordScan: cues,
    // Each ratio is the median over the rounds of the two rates measured side by side in that round.
    vsCompromise: medianRatio(ours, compromise),
    rulesOnlyVsCompromise: medianRatio(rulesOnly, compromise),
    vsRegex: medianRatio(ours, regex),
    vsCueWords: medianRatio(ours, cues),
  });
}
results.peakRssMb = process.resourceUsage().maxRSS / 1024;

// Cold import of the built package: median of several fresh processes. zod's own import (every public shape is a
// zod schema, so it loads with the package) is measured alternately with it, to show what part of the time is ours.
/** Runs an ES module script in a fresh process and returns the number it prints (a time in ms). */
const freshMs = (script) => Number(execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8", cwd: root }).trim());
const importMs = (specifier) => freshMs(`const t=performance.now(); await import(${JSON.stringify(specifier)}); console.log(performance.now()-t)`);
const imports = [];
const zodImports = [];
for (let i = 0; i < (quick ? 3 : 9); i++) {
  imports.push(importMs(join(root, "dist/index.js")));
  zodImports.push(importMs(import.meta.resolve("zod")));
}
results.coldImportMs = median(imports);
results.coldImportRunsMs = imports;
results.zodImportMs = median(zodImports);

// The first call in a fresh process (or worker) pays for what loads and compiles on first use: the rule
// expressions, the lexicon, the JIT's first tiers. A service that starts, analyses one call and exits sees this.
const firstDir = mkdtempSync(join(tmpdir(), "sameside-first-"));
const firstFile = join(firstDir, "call.json");
writeFileSync(firstFile, JSON.stringify(batchCalls(1, 120).next().value));
const firstCalls = [];
for (let i = 0; i < (quick ? 3 : 9); i++) {
  const script = `import { readFileSync } from "node:fs"; const { analyzeCall } = await import(${JSON.stringify(join(root, "dist/index.js"))}); const call = JSON.parse(readFileSync(${JSON.stringify(firstFile)}, "utf8")); const t = performance.now(); analyzeCall(call); console.log(performance.now() - t)`;
  firstCalls.push(freshMs(script));
}
rmSync(firstDir, { recursive: true, force: true });
results.firstCallMs = median(firstCalls);
results.firstCallRunsMs = firstCalls;

const per = (name) => results.sizes.find((s) => s.name === name);
results.linearity = per("600 turns").sameside.p50 / per("120 turns").sameside.p50;
results.targets = {
  "120 turns: >= 50x compromise per turn": per("120 turns").vsCompromise >= 50,
  "120 turns: >= 0.25x one RegExp scan of all rule patterns": per("120 turns").vsRegex >= 0.25,
  "600-turn call <= 7.2x a 120-turn call": results.linearity <= 7.2,
  "cold import <= 150 ms": results.coldImportMs <= 150,
};
// Adversarial turns (the inputs of test/redos.test.ts): the time for one call whose agent and customer turns are
// each N characters of the same nasty text, at N = 12,500, 25,000 and 50,000. Linear cost doubles with N. A call
// takes 1-10 ms, so the three lengths are run in turn, 9 rounds, and each keeps its fastest: measured one length after
// the other, a slow patch of this host lasting a tenth of a second made a linear case look like x3. Even so, now and
// then one length stays about twice as slow through all 9 rounds (seen on "one long word" at 50k, with or without a
// collection before each call; at 100k and 200k the same input doubles cleanly), so the whole measurement is taken 5
// times on freshly built calls and the medians are kept.
const ADVERSARIAL = {
  "repeated cue words": "sorry so very really policy but ",
  "one long word": "a",
  "white space after a cue": null,
  "tabs between intensifiers": "so\t",
  "punctuation storm": "!?.,;:—'\"",
  "sentence openers": "well, ",
  "refusal then sorry": "I can't do that ",
};
results.adversarial = [];
for (const [name, unit] of Object.entries(ADVERSARIAL)) {
  const takes = Array.from({ length: 5 }, () => {
    const calls = [12_500, 25_000, 50_000].map((n) => {
      const text = unit === null ? `Sorry${" ".repeat(n)}x` : unit.repeat(Math.ceil(n / unit.length)).slice(0, n);
      return { turns: [{ speaker: "Customer", role: "customer", text: "No thanks." }, { speaker: "Agent", role: "agent", text }, { speaker: "Customer", role: "customer", text }] };
    });
    for (const call of calls) analyzeCall(call);
    const ms = calls.map(() => Infinity);
    for (let round = 0; round < 9; round++) {
      calls.forEach((call, k) => {
        const t0 = performance.now();
        analyzeCall(call);
        ms[k] = Math.min(ms[k], performance.now() - t0);
      });
    }
    return ms;
  });
  const ms = [0, 1, 2].map((k) => median(takes.map((t) => t[k])));
  results.adversarial.push({ name, ms, growth: median(takes.map((t) => t[2] / t[1])), takes });
}
results.targets["adversarial turns: 50k chars cost <= 3x 25k chars"] = results.adversarial.every((a) => a.growth <= 3);

// Live calls (createLiveCall): every turn of a call pushed as it ends, speakers unlabelled as speech-to-text gives
// them. Per push: the latency of final pushes over 120-turn calls (p50, p99), of interim pushes (half the turn's text,
// before each final one), and the whole call's pushes against one analyzeCall of it. Growth: on 600-turn calls, the
// cost of the pushes around the 500th turn against those around the 5th (median over pushes 3-7 and 498-502 of every
// call, several passes), which stays flat when a push costs what its turn costs.
const { createLiveCall } = await import(join(root, "dist/index.js"));
const pushAll = (call, interim) => {
  const live = createLiveCall();
  const finals = [];
  const interims = [];
  for (const t of call.turns) {
    if (interim) {
      const t0 = performance.now();
      live.push({ ...t, text: t.text.slice(0, Math.ceil(t.text.length / 2)), final: false });
      interims.push(performance.now() - t0);
    }
    const t0 = performance.now();
    live.push(t);
    finals.push(performance.now() - t0);
  }
  live.close();
  return { finals, interims };
};
{
  const liveCalls = generate(quick ? 10 : 60, 120, 4);
  for (const call of liveCalls.slice(0, 5)) pushAll(call, true);
  const finals = [];
  const interims = [];
  const perCall = [];
  for (const call of liveCalls) {
    const plain = pushAll(call, false).finals;
    const t0 = performance.now();
    analyzeCall(call);
    const batchMs = performance.now() - t0;
    perCall.push(plain.reduce((a, b) => a + b, 0) / batchMs);
    finals.push(...plain);
    interims.push(...pushAll(call, true).interims);
  }
  finals.sort((a, b) => a - b);
  interims.sort((a, b) => a - b);
  const longCalls = generate(quick ? 3 : 12, 600, 5);
  const early = [];
  const late = [];
  for (let pass = 0; pass < (quick ? 1 : 3); pass++) {
    for (const call of longCalls) {
      const { finals: ms } = pushAll(call, false);
      early.push(...ms.slice(3, 8));
      late.push(...ms.slice(498, 503));
    }
  }
  results.live = {
    calls: liveCalls.length,
    turnsPerCall: 120,
    pushMs: { p50: percentile(finals, 0.5), p99: percentile(finals, 0.99), max: finals.at(-1) },
    interimPushMs: { p50: percentile(interims, 0.5), p99: percentile(interims, 0.99) },
    pushesVsBatch: median(perCall),
    growth: { calls: longCalls.length, turnsPerCall: 600, push5Ms: median(early), push500Ms: median(late), ratio: median(late) / median(early) },
  };
  results.targets["live: the 500th push of a call costs <= 2x the 5th"] = results.live.growth.ratio <= 2;
}

// Batch mode: 10,000 calls of 120 turns as JSON Lines, streamed through the CLI's analyze --output jsonl with one
// worker and with one per core. The CLI reports its own rate and peak RSS (SAMESIDE_STATS).
const batchDir = mkdtempSync(join(tmpdir(), "sameside-bench-"));
const batchFile = join(batchDir, "calls.jsonl");
const batchCount = quick ? 500 : 10000;
await new Promise((resolve, reject) => {
  const out = createWriteStream(batchFile);
  out.on("error", reject);
  for (const call of batchCalls(batchCount, 120)) out.write(`${JSON.stringify(call)}\n`);
  out.end(resolve);
});
results.batch = { calls: batchCount, turnsPerCall: 120, runs: [] };
/** Lines in a file, counted a chunk at a time. */
async function countLines(file) {
  let n = 0;
  for await (const chunk of createReadStream(file)) for (const byte of chunk) if (byte === 10) n++;
  return n;
}
/** One run of the CLI over the whole batch with this many workers; the CLI reports its own rate and peak RSS. */
async function cliRun(workers) {
  // The reports go to a file, as a QA batch's would; piping half a gigabyte back into this process would measure
  // the pipe, not sameside.
  const outFile = join(batchDir, `out-${workers}.jsonl`);
  const fd = openSync(outFile, "w");
  const r = spawnSync(process.execPath, [join(root, "dist/cli.js"), "analyze", batchFile, "--output", "jsonl", "--quiet", "--workers", String(workers)], {
    env: { ...process.env, SAMESIDE_STATS: "1" },
    encoding: "utf8",
    stdio: ["ignore", fd, "pipe"],
  });
  closeSync(fd);
  const stats = JSON.parse(r.stderr.trim().split("\n").at(-1));
  const run = {
    workers,
    callsPerSec: stats.callsPerSec,
    seconds: stats.seconds,
    peakRssMb: stats.peakRssMb,
    cpuSeconds: stats.cpuSeconds,
    mainThreadBusy: stats.mainThreadBusy,
    exit: r.status,
    lines: await countLines(outFile),
  };
  rmSync(outFile);
  return run;
}

// What this machine gives for the same work split N ways with nothing shared: N separate 1-worker processes, each
// on 1/N of the batch, started together. On a shared VM this is often well below N (cores contend for cache and
// memory bandwidth, and neighbours), so it is the ceiling against which the N-worker speed-up should be read.
const cores = availableParallelism();
const partFiles = [];
if (cores > 1) {
  const all = readFileSync(batchFile, "utf8").split("\n").filter(Boolean);
  for (let k = 0; k < cores; k++) {
    const file = join(batchDir, `part-${k}.jsonl`);
    writeFileSync(file, `${all.filter((_, i) => i % cores === k).join("\n")}\n`);
    partFiles.push(file);
  }
}
async function separateRun() {
  const t0 = performance.now();
  const children = await Promise.all(
    partFiles.map(
      (file) =>
        new Promise((resolve) => {
          const child = spawn(process.execPath, [join(root, "dist/cli.js"), "analyze", file, "--output", "jsonl", "--quiet"], {
            env: { ...process.env, SAMESIDE_STATS: "1" },
            stdio: ["ignore", "ignore", "pipe"],
          });
          let err = "";
          child.stderr.on("data", (d) => (err += d));
          child.on("close", (exit) => resolve({ exit, stats: JSON.parse(err.trim().split("\n").at(-1) ?? "{}") }));
        }),
    ),
  );
  const seconds = (performance.now() - t0) / 1000;
  return { seconds, callsPerSec: batchCount / seconds, exits: children.map((c) => c.exit), cpuSeconds: children.reduce((n, c) => n + c.stats.cpuSeconds, 0) };
}

// The machine drifts over the minutes this takes, so each mode runs twice in a symmetric order (1, N, separate,
// separate, N, 1) and its figures are the means of its two runs: a steady drift then weighs on every mode alike.
const order = cores > 1 ? ["one", "all", "separate", "separate", "all", "one"] : ["one", "one"];
const measured = { one: [], all: [], separate: [] };
for (const mode of order) measured[mode].push(mode === "separate" ? await separateRun() : await cliRun(mode === "one" ? 1 : cores));
const mean = (list, key) => list.reduce((n, r) => n + r[key], 0) / list.length;
for (const list of [measured.one, measured.all].filter((l) => l.length > 0)) {
  results.batch.runs.push({
    workers: list[0].workers,
    callsPerSec: mean(list, "callsPerSec"),
    seconds: mean(list, "seconds"),
    peakRssMb: Math.max(...list.map((r) => r.peakRssMb)),
    exit: Math.max(...list.map((r) => r.exit)),
    lines: Math.min(...list.map((r) => r.lines)),
    // CPU seconds (all threads) per 1,000 calls: the same work costs more CPU when every core is busy on this host.
    cpuPer1000: (mean(list, "cpuSeconds") / batchCount) * 1000,
    mainThreadBusy: mean(list, "mainThreadBusy"),
    each: list.map((r) => ({ callsPerSec: r.callsPerSec, peakRssMb: r.peakRssMb, cpuSeconds: r.cpuSeconds })),
  });
}
if (measured.separate.length > 0) {
  results.batch.separateProcesses = {
    processes: cores,
    callsPerSec: mean(measured.separate, "callsPerSec"),
    each: measured.separate.map((r) => r.callsPerSec),
    cpuPer1000: (mean(measured.separate, "cpuSeconds") / batchCount) * 1000,
    exits: measured.separate.flatMap((r) => r.exits),
  };
}
rmSync(batchDir, { recursive: true, force: true });
const one = results.batch.runs[0];
const all = results.batch.runs.at(-1);
results.batch.speedup = all.callsPerSec / one.callsPerSec;
if (results.batch.separateProcesses !== undefined) results.batch.separateProcesses.speedup = results.batch.separateProcesses.callsPerSec / one.callsPerSec;
results.targets[`batch of ${batchCount}: peak RSS < 300 MB`] = results.batch.runs.every((r) => r.peakRssMb < 300);
// The N-worker target as restated for a shared host: at least 85% of N separate one-worker processes in the same run
// (the machine's ceiling for N-way work; 1.7x one worker, the first statement, is above that ceiling on this host).
const ceiling = results.batch.separateProcesses;
results.targets[`batch: ${all.workers} workers >= 85% of ${all.workers} separate one-worker processes`] =
  all.workers > 1 && ceiling !== undefined && all.callsPerSec >= 0.85 * ceiling.callsPerSec;
results.targets["batch: every call reported"] =
  results.batch.runs.every((r) => r.exit === 0 && r.lines === batchCount) && (results.batch.separateProcesses?.exits.every((e) => e === 0) ?? true);

// The queue bench (npm run bench:queue) writes its own part of the file: keep it.
try {
  const previous = JSON.parse(readFileSync(join(root, "bench/results.json"), "utf8"));
  if (previous.queue !== undefined) results.queue = previous.queue;
} catch {}
writeFileSync(join(root, "bench/results.json"), `${JSON.stringify(results, null, 2)}\n`);

const f = (n, d = 0) => n.toFixed(d);
const lines = [
  `sameside bench (node ${process.version}, ${SECONDS} s per measurement in ${ROUNDS} interleaved rounds${quick ? ", quick" : ""}; x = median of the rounds' ratios)`,
  "",
  "size        words/call  calls/s   words/s  p50 ms  p95 ms  compromise c/s  x    rule-regex c/s   x   | cue-word c/s   x",
];
for (const s of results.sizes) {
  lines.push(
    `${s.name.padEnd(11)} ${String(s.wordsPerCall).padStart(10)} ${f(s.sameside.callsPerSec).padStart(8)} ${f(s.sameside.wordsPerSec).padStart(9)} ${f(s.sameside.p50, 2).padStart(7)} ${f(s.sameside.p95, 2).padStart(7)} ${f(s.compromisePerTurn.callsPerSec, 1).padStart(15)} ${f(s.vsCompromise, 0).padStart(4)} ${f(s.regexScan.callsPerSec, 1).padStart(15)} ${f(s.vsRegex, 1).padStart(4)}   | ${f(s.cueWordScan.callsPerSec).padStart(12)} ${f(s.vsCueWords, 2).padStart(5)}`,
  );
}
lines.push(
  `rules only (learned stages off): ${results.sizes.map((s) => `${s.name} ${f(s.rulesOnly.callsPerSec)} calls/s, ${f(s.rulesOnlyVsCompromise, 0)}x compromise`).join("; ")}`,
);
lines.push(
  `rule-regex: one RegExp of all ${results.baselines.rulePatterns} rule patterns (the issue's baseline); cue-word: one RegExp of the ${results.baselines.cueWords} cue words alone (reference)`,
);
lines.push("", `peak RSS ${f(results.peakRssMb)} MB; cold import ${f(results.coldImportMs, 1)} ms (median; zod alone ${f(results.zodImportMs, 1)} ms); 600-turn / 120-turn cost ${f(results.linearity, 2)}x`);
lines.push(`first 120-turn call in a fresh process ${f(results.firstCallMs, 1)} ms (median)`);
lines.push("", "adversarial turns: ms per call at 12.5k / 25k / 50k characters per turn (x = 50k / 25k)");
for (const a of results.adversarial) lines.push(`  ${a.name.padEnd(26)} ${a.ms.map((m) => f(m, 1).padStart(7)).join(" ")}   x${f(a.growth, 2)}`);
const lv = results.live;
lines.push(
  "",
  `live: ${lv.calls} calls of ${lv.turnsPerCall} turns pushed turn by turn: push p50 ${f(lv.pushMs.p50, 3)} ms, p99 ${f(lv.pushMs.p99, 3)} ms (max ${f(lv.pushMs.max, 1)}); interim push p50 ${f(lv.interimPushMs.p50, 3)} ms, p99 ${f(lv.interimPushMs.p99, 3)} ms; a call's pushes ${f(lv.pushesVsBatch, 2)}x one analyzeCall of it`,
  `  growth on ${lv.growth.calls} calls of ${lv.growth.turnsPerCall} turns: push 5 ${f(lv.growth.push5Ms, 3)} ms, push 500 ${f(lv.growth.push500Ms, 3)} ms (${f(lv.growth.ratio, 2)}x)`,
);
lines.push("", `batch: ${results.batch.calls} calls of 120 turns through the CLI (analyze --output jsonl), each mode run twice (mean; runs in brackets)`);
for (const r of results.batch.runs) {
  lines.push(
    `  ${r.workers} worker${r.workers > 1 ? "s" : " "}  ${f(r.callsPerSec).padStart(6)} calls/s  ${f(r.seconds, 1).padStart(6)} s  peak RSS ${f(r.peakRssMb)} MB  CPU ${f(r.cpuPer1000, 2)} s/1000 calls  main thread busy ${f(r.mainThreadBusy * 100)}%  [${r.each.map((e) => f(e.callsPerSec)).join(", ")}]`,
  );
}
lines.push(`  speed-up ${f(results.batch.speedup, 2)}x`);
const sep = results.batch.separateProcesses;
if (sep !== undefined) {
  lines.push(
    `  machine ceiling: ${sep.processes} separate 1-worker processes on 1/${sep.processes} each: ${f(sep.callsPerSec)} calls/s, ${f(sep.speedup, 2)}x one, CPU ${f(sep.cpuPer1000, 2)} s/1000 calls  [${sep.each.map((c) => f(c)).join(", ")}]`,
  );
  lines.push(`  ${all.workers} workers reach ${f((all.callsPerSec / sep.callsPerSec) * 100)}% of the machine ceiling`);
}
lines.push("", "targets:");
for (const [name, ok] of Object.entries(results.targets)) lines.push(`  ${ok ? "met    " : "NOT MET"}  ${name}`);
console.log(lines.join("\n"));
