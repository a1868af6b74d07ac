/**
 * Private by construction: analysing calls and formatting reports touches no file, socket, process or DNS lookup.
 * A fresh Node process loads sameside, warms every lazily loaded module up with one call, then replaces every
 * function of fs, net, http, https, http2, dgram, dns, tls, child_process and worker_threads (and fetch) with one that
 * records the call and throws, and analyses and formats more calls.
 */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));
const dist = join(root, "dist/index.js");
const calls = readdirSync(join(root, "corpus/calls"))
  .filter((f) => f.endsWith(".json"))
  .sort()
  .slice(0, 12)
  .map((f) => JSON.parse(readFileSync(join(root, "corpus/calls", f), "utf8")) as { id: string; turns: Array<{ speaker: string; text: string; role?: string }> });

const script = (guarded: boolean) => `
  import { createRequire, syncBuiltinESMExports } from "node:module";
  const require = createRequire(import.meta.url);
  const { analyzeCall, formatReport, SummaryBuilder, formatSummary } = await import(${JSON.stringify(dist)});
  const calls = JSON.parse(process.argv.at(-1));
  const options = { competitors: ["Brightline"], company: "Northwind", rules: [{ id: "pushing/acme-script", tag: "pushing", message: "script", patterns: ["\\\\blimited\\\\s+time\\\\b"] }] };
  // Warm-up: the one call that loads what sameside loads lazily (compromise, the negation list, the weights and vectors).
  analyzeCall({ turns: [{ speaker: "Agent", role: "agent", text: "is that what you want i guess" }, { speaker: "Customer", role: "customer", text: "not happy" }] }, options);
  const touched = [];
  if (${guarded}) {
    for (const name of ["fs", "fs/promises", "net", "http", "https", "http2", "dgram", "dns", "tls", "child_process", "worker_threads"]) {
      const mod = require(name);
      for (const key of Object.keys(mod)) {
        if (typeof mod[key] !== "function" || /^[A-Z]/.test(key)) continue;
        mod[key] = (...args) => { touched.push(name + "." + key); throw new Error("sameside touched " + name + "." + key); };
      }
    }
    globalThis.fetch = () => { touched.push("fetch"); throw new Error("sameside called fetch"); };
    syncBuiltinESMExports();
  }
  const summary = new SummaryBuilder();
  let findings = 0;
  for (const call of calls) {
    for (const input of [call, { ...call, turns: call.turns.map(({ speaker, text }) => ({ speaker, text })) }]) {
      const report = analyzeCall(input, options);
      for (const format of ["text", "markdown", "json", "jsonl", "csv"]) formatReport(report, format);
      summary.add(report, { agent: "a" });
      findings += report.turns.reduce((n, t) => n + t.tags.length, 0);
    }
  }
  formatSummary(summary.result(), "text");
  console.log(JSON.stringify({ touched, findings }));`;

function run(guarded: boolean) {
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", script(guarded), JSON.stringify(calls)], { encoding: "utf8" });
  return { code: r.status, err: r.stderr, out: r.stdout.trim() === "" ? undefined : (JSON.parse(r.stdout) as { touched: string[]; findings: number }) };
}

describe("privacy", () => {
  it("analyses and formats calls with fs, network, DNS and child processes all throwing", () => {
    const guarded = run(true);
    expect(guarded.err).toBe("");
    expect(guarded.code).toBe(0);
    expect(guarded.out?.touched).toEqual([]);
    // The same work without the guards finds the same tags: the guarded run really analysed the calls.
    const open = run(false);
    expect(guarded.out?.findings).toBeGreaterThan(20);
    expect(guarded.out?.findings).toBe(open.out?.findings);
  });

  it("would notice: the guard catches a read of a file", () => {
    const r = spawnSync(
      process.execPath,
      ["--input-type=module", "-e", `import { createRequire, syncBuiltinESMExports } from "node:module"; const fs = createRequire(import.meta.url)("fs"); fs.readFileSync = () => { throw new Error("touched fs.readFileSync"); }; syncBuiltinESMExports(); const { readFileSync } = await import("node:fs"); readFileSync("/etc/hostname");`],
      { encoding: "utf8" },
    );
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain("touched fs.readFileSync");
  });
});
