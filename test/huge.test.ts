/**
 * Huge inputs, each analysed in a fresh Node process with a capped heap: finishing there shows the analysis needs no
 * deep recursion (no stack overflow) and memory in proportion to the input, not to its square.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const dist = join(fileURLToPath(new URL("..", import.meta.url)), "dist/index.js");
const LINES = [
  "I'm so sorry about that, it's our policy though.",
  "No thanks, I want to cancel.",
  "Let me fix that for you right now.",
  "Those guys at Brightline are crooks!",
  "Okay.",
];

function run(build: string, heapMb: number) {
  const script = `
    const { analyzeCall, CallReportSchema } = await import(${JSON.stringify(dist)});
    const LINES = ${JSON.stringify(LINES)};
    const call = ${build};
    const inputChars = call.turns.reduce((n, t) => n + t.text.length, 0);
    const report = analyzeCall(call);
    const findings = report.turns.reduce((n, t) => n + t.tags.length, 0);
    console.log(JSON.stringify({ inputChars, turns: report.turns.length, findings, score: report.impact.score }));`;
  const r = spawnSync(process.execPath, [`--max-old-space-size=${heapMb}`, "--stack-size=984", "--input-type=module", "-e", script], { encoding: "utf8" });
  return { code: r.status, err: r.stderr, out: r.stdout.trim() === "" ? undefined : (JSON.parse(r.stdout) as { inputChars: number; turns: number; findings: number; score: number }) };
}

describe("huge inputs", () => {
  it("analyses a 100,000-turn call within a 512 MB heap", () => {
    const r = run(`{ turns: Array.from({ length: 100000 }, (_, i) => ({ speaker: i % 2 ? "Customer" : "Agent", text: LINES[i % LINES.length] })) }`, 512);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out?.turns).toBe(100000);
    expect(r.out?.findings).toBeGreaterThan(10000);
  });

  it("analyses a single 5 MB turn within a 256 MB heap", () => {
    const r = run(`(() => { let t = ""; let i = 0; while (t.length < 5e6) t += LINES[i++ % LINES.length] + " "; return { turns: [{ speaker: "Customer", role: "customer", text: "No thanks." }, { speaker: "Agent", role: "agent", text: t }] }; })()`, 256);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out?.inputChars).toBeGreaterThan(5e6);
    expect(r.out?.findings).toBeGreaterThan(1000);
  });

  it("analyses a 5 MB turn with no punctuation at all within a 256 MB heap", () => {
    const r = run(`{ turns: [{ speaker: "Agent", role: "agent", text: "so very really sorry policy but no ".repeat(150000) }] }`, 256);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    expect(r.out?.inputChars).toBeGreaterThan(5e6);
  });
});
