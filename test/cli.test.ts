import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { BatchSummarySchema, CallReportSchema } from "../src/index.js";
import { packResults, unpackResults, type CallRendered, type PackedResults } from "../src/cli/render.js";
import pkg from "../package.json";

const root = fileURLToPath(new URL("..", import.meta.url));
const cli = join(root, "dist/cli.js");
const sample = join(root, "corpus/sample/northwind-cancel.txt");
const fixtures = join(root, "test/fixtures/formats");

function sameside(args: string[], opts: { input?: string; cwd?: string } = {}) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: opts.cwd ?? root, encoding: "utf8", input: opts.input, maxBuffer: 1 << 26 });
  return { code: r.status, out: r.stdout, err: r.stderr };
}
const tmp = () => mkdtempSync(join(tmpdir(), "sameside-"));

describe("sameside analyze", () => {
  it("prints a text report for the bundled sample call (analyze is the default command)", () => {
    for (const args of [[sample], ["analyze", sample]]) {
      const r = sameside(args);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/^Impact: -?\d+ \(/m);
      expect(r.out).toContain("competitor-bashing/insults");
    }
  });

  it("prints one schema-valid JSON object for one call", () => {
    const r = sameside(["--output", "json", sample]);
    expect(r.code).toBe(0);
    expect(CallReportSchema.safeParse(JSON.parse(r.out)).success).toBe(true);
  });

  it("analyses a directory of mixed formats, one JSON line per call, in a stable order", () => {
    const r = sameside(["analyze", fixtures, "--output", "jsonl", "-q"]);
    expect(r.err).toBe("");
    expect(r.code).toBe(0);
    const reports = r.out.trim().split("\n").map((l) => JSON.parse(l));
    expect(reports).toHaveLength(15); // 14 files, one of them JSON Lines with two calls
    for (const rep of reports) expect(CallReportSchema.safeParse(rep).success).toBe(true);
    expect(reports.map((x) => x.id)).toContain("call-43");
    expect(reports.find((x) => x.id === "deepgram")?.turns[2].tags.map((t: { tag: string }) => t.tag)).toEqual(["competitor-bashing", "pushing"]);
    expect(sameside(["analyze", fixtures, "--output", "jsonl", "-q"]).out).toBe(r.out);
  });

  it("prints a JSON array when there are several calls", () => {
    const r = sameside(["--output", "json", join(fixtures, "calls.jsonl")]);
    expect(JSON.parse(r.out).map((x: { id: string }) => x.id)).toEqual(["call-42", "call-43"]);
  });

  it("writes one CSV row per finding, header once", () => {
    const r = sameside(["-o", "csv", join(fixtures, "plain.txt"), join(fixtures, "zoom.vtt")]);
    const lines = r.out.trim().split("\n");
    expect(lines[0]).toBe("file,call,score,band,turn,speaker,role,tag,rule,start,end,quote,suggestion");
    expect(lines.filter((l) => l.startsWith("file,"))).toHaveLength(1);
    expect(lines.length).toBeGreaterThan(2);
  });

  it("writes one file per call with --out", () => {
    const dir = tmp();
    const r = sameside(["analyze", join(fixtures, "calls.jsonl"), join(fixtures, "zoom.vtt"), "--output", "markdown", "--out", dir]);
    expect(r.code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(["call-42.md", "call-43.md", "zoom.md"]);
    expect(readFileSync(join(dir, "zoom.md"), "utf8")).toContain("# sameside report: zoom");
  });

  it("reads standard input with '-', taking roles from Agent:/Customer: labels", () => {
    const r = sameside(["-o", "json", "-"], { input: "Customer: I want to cancel.\nAgent: Are you sure?\n" });
    const report = JSON.parse(r.out);
    expect(report.turns.map((t: { role: string }) => t.role)).toEqual(["customer", "agent"]);
    expect(report.turns[1].tags[0].tag).toBe("pushing");
  });

  it("uses --agent to name the agent", () => {
    const r = sameside(["-o", "json", "--agent", "Kim", "-"], { input: "Lou: My card was charged twice.\nKim: That's on us, I've refunded it.\n" });
    expect(JSON.parse(r.out).turns[1].tags[0].tag).toBe("ownership");
  });
});

describe("batches", () => {
  it("gives byte-identical output with one worker or several, in input order", () => {
    const one = sameside(["analyze", fixtures, "--output", "jsonl", "-q", "--workers", "1"]);
    const two = sameside(["analyze", fixtures, "--output", "jsonl", "-q", "--workers", "2"]);
    expect(two.code).toBe(0);
    expect(two.out).toBe(one.out);
  });

  it("gives byte-identical output over many chunks, whose report buffers go back to the workers for reuse", () => {
    // A first call over the chunk size is a chunk on its own; its report is the one a JSON array prints one behind,
    // and its big buffer is the first handed back, while chunks of calls of every length follow.
    const lines = [JSON.stringify({ id: "big", turns: [{ speaker: "A", role: "agent", text: "The parcel left the depot on Monday. ".repeat(30_000) }] })];
    const said = ["I'm sorry about the wait.", "That's not my fault, it's policy.", "Are you sure? What if I knock 20% off?", "I want to cancel.", "Fine."];
    for (let i = 0; i < 120; i++) {
      const turns = Array.from({ length: 1 + ((i * 7) % 40) }, (_, k) => ({ speaker: k % 2 ? "C" : "A", text: said[(i + k) % said.length] }));
      lines.push(JSON.stringify({ id: `c${i}`, turns }));
    }
    const file = join(tmp(), "calls.jsonl");
    writeFileSync(file, `${lines.join("\n")}\n`);
    for (const output of ["json", "jsonl"]) {
      const one = sameside(["analyze", file, "-o", output, "-q", "--workers", "1"]);
      const two = sameside(["analyze", file, "-o", output, "-q", "--workers", "2"]);
      expect(two.code).toBe(0);
      expect(two.out.length).toBe(one.out.length);
      expect(two.out === one.out).toBe(true);
    }
  });

  it("packs a chunk's reports for the main thread: into the spare buffer when they fit, into a new one when not", () => {
    const done: CallRendered[] = [
      { id: "a", body: "plain ASCII\n", score: 1, tags: [] },
      { error: "line 2: not JSON", file: "b.jsonl" },
      { id: "c", body: "café — “quoted” 🙂\n", score: -3, tags: ["apology"] },
      { id: "d", body: `${"x".repeat(300)}é\n`, score: 0, tags: [] },
    ];
    const bodies = (packed: PackedResults) => unpackResults(packed).map((d) => ("error" in d ? d.error : new TextDecoder().decode(d.body as Uint8Array)));
    const want = ["plain ASCII\n", "line 2: not JSON", "café — “quoted” 🙂\n", `${"x".repeat(300)}é\n`];
    const big = new ArrayBuffer(1024);
    const fits = packResults(done, big);
    expect(bodies(fits)).toEqual(want);
    expect(fits.bytes.buffer).toBe(big);
    // Room for the first report and part of the third: what was written so far moves to the new buffer.
    const small = new ArrayBuffer(20);
    const grown = packResults(done, small);
    expect(bodies(grown)).toEqual(want);
    expect(grown.bytes.buffer).not.toBe(small);
    expect(bodies(packResults(done))).toEqual(want);
  });

  it("streams JSON Lines, reporting a bad line by line and column while the others are analysed", () => {
    const file = join(tmp(), "calls.jsonl");
    const good = (id: string) => JSON.stringify({ id, turns: [{ speaker: "A", role: "agent", text: "That's on us." }] });
    writeFileSync(file, `${good("one")}\n{"id": "two", "turns": [}\n\n${good("three")}\n{"turns": [{"speaker": "A", "text": 5}]}\n`);
    for (const workers of ["1", "2"]) {
      const r = sameside(["analyze", file, "-o", "jsonl", "-q", "--workers", workers]);
      expect(r.code).toBe(2);
      expect(r.out.trim().split("\n").map((l) => JSON.parse(l).id)).toEqual(["one", "three"]);
      expect(r.err).toMatch(/calls\.jsonl: 2(?::\d+)?: invalid JSON/);
      expect(r.err).toContain("calls.jsonl: 5:$.turns[0].text");
    }
  });

  it("reads JSON Lines intact across its reads: a line longer than a read, multi-byte characters at the seams, CRLF ends", () => {
    const file = join(tmp(), "calls.jsonl");
    const call = (id: string, text: string) => JSON.stringify({ id, turns: [{ speaker: "A", role: "agent", text }] });
    // The reader takes 1 MiB at a time: this line spans three reads, and its two-byte and three-byte characters
    // (period of 5 bytes, offset here so that the first seam falls inside one) straddle the seams.
    const first = `${call("one", "That's on us.")}\r\n`;
    const prefix = call("long", "").slice(0, -4);
    const lead = "x".repeat((((1 << 20) - Buffer.byteLength(first) - Buffer.byteLength(prefix) - 1) % 5) + 5);
    const long = `${lead}${"é☕".repeat(500_000)}`;
    writeFileSync(file, `${first}${call("long", long)}\r\n\r\n{"turns": 5}\r\n${call("three", "Sorry, I'll fix it.")}\r\n`);
    for (const workers of ["1", "2"]) {
      const r = sameside(["analyze", file, "-o", "jsonl", "-q", "--workers", workers]);
      expect(r.code).toBe(2);
      const reports = r.out.trim().split("\n").map((l) => JSON.parse(l));
      expect(reports.map((x) => x.id)).toEqual(["one", "long", "three"]);
      expect(reports[1].turns[0].text).toBe(long);
      expect(reports[2].turns[0].text).toBe("Sorry, I'll fix it.");
      expect(r.err).toContain("calls.jsonl: 4");
    }
  });

  it("reports a call whose worker runs out of memory, and goes on with the rest", () => {
    const dir = tmp();
    const file = join(dir, "calls.jsonl");
    const small = JSON.stringify({ id: "small", turns: [{ speaker: "A", role: "agent", text: "That's on us." }] });
    const huge = JSON.stringify({ id: "huge", turns: Array.from({ length: 4000 }, (_, i) => ({ speaker: i % 2 ? "C" : "A", text: "Sorry about that, I'll fix it today. ".repeat(30) })) });
    writeFileSync(file, `${small}\n${huge}\n${small.replace("small", "after")}\n`);
    const r = spawnSync(process.execPath, [cli, "analyze", file, "-o", "jsonl", "-q", "--workers", "2"], {
      cwd: root,
      encoding: "utf8",
      env: { ...process.env, SAMESIDE_WORKER_HEAP_MB: "48" },
    });
    expect(r.status).toBe(2);
    expect(r.stdout.trim().split("\n").map((l) => JSON.parse(l).id)).toEqual(["small", "after"]);
    expect(r.stderr).toContain("could not be analysed");
  });

  it("rejects a bad --workers value", () => {
    expect(sameside(["--workers", "0", sample]).code).toBe(2);
    expect(sameside(["--workers", "two", sample]).code).toBe(2);
  });
});

describe("exit codes", () => {
  it("exits 1 when a call carries a --fail-on tag, naming it", () => {
    const r = sameside(["--fail-on", "pushing,competitor-bashing", "-o", "jsonl", sample]);
    expect(r.code).toBe(1);
    expect(r.err).toContain("northwind-cancel: competitor-bashing, pushing");
  });

  it("exits 1 when a call scores below --min-score, 0 when none does", () => {
    expect(sameside(["--min-score", "0", "-o", "jsonl", sample]).code).toBe(1);
    expect(sameside(["--min-score", "-100", "-o", "jsonl", sample]).code).toBe(0);
  });

  it("exits 2 for bad inputs but still reports every good one, listing each bad one with its reason", () => {
    const dir = tmp();
    writeFileSync(join(dir, "a-good.txt"), "Agent: Sorry for the wait.\nCustomer: Thanks.\n");
    writeFileSync(join(dir, "b-broken.json"), '{"turns": [');
    writeFileSync(join(dir, "c-empty.txt"), "");
    writeFileSync(join(dir, "d-good.vtt"), "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Ann>That's on us.\n");
    const r = sameside(["-o", "jsonl", dir]);
    expect(r.code).toBe(2);
    expect(r.out.trim().split("\n").map((l) => JSON.parse(l).id)).toEqual(["a-good", "d-good"]);
    expect(r.err).toContain("b-broken.json: 1:12: invalid JSON");
    expect(r.err).toContain("c-empty.txt: the file is empty");
  });

  it("reads the good files of a messy directory and lists every other entry with its reason", () => {
    const dir = tmp();
    writeFileSync(join(dir, "a-good.txt"), "Agent: I'm so sorry, that's on us.\nCustomer: Thanks.\n");
    writeFileSync(join(dir, "b-binary.txt"), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48]));
    writeFileSync(join(dir, "c-half.json"), '{"turns": [{"speaker": "A", "text": "hi"},\n  {"speaker": ');
    writeFileSync(join(dir, "d-empty.srt"), "");
    symlinkSync(join(dir, "nowhere.txt"), join(dir, "e-dangling.txt"));
    writeFileSync(join(dir, "f-notes.docx"), "not a transcript");
    writeFileSync(join(dir, "g-wrong-shape.json"), '{"turns": [{"speaker": "A", "text": 42}]}');
    mkdirSync(join(dir, "h-sub"));
    writeFileSync(join(dir, "h-sub", "i-good.vtt"), "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n<v Ann>That's on us.\n");
    const r = sameside(["-o", "jsonl", "--quiet", dir, join(dir, "missing.txt")]);
    expect(r.code).toBe(2);
    expect(r.out.trim().split("\n").map((l) => JSON.parse(l).id)).toEqual(["a-good", "i-good"]);
    expect(r.err).toContain("b-binary.txt: this looks like a binary file, not a transcript");
    expect(r.err).toMatch(/c-half\.json: 2:\d+: invalid JSON/);
    expect(r.err).toContain("d-empty.srt: the file is empty");
    expect(r.err).toContain("e-dangling.txt: cannot read it (a broken link)");
    expect(r.err).toContain("f-notes.docx: skipped: not a transcript file");
    expect(r.err).toMatch(/g-wrong-shape\.json: .*turns\[0\]\.text/);
    expect(r.err).toContain("missing.txt: no such file or directory");
    expect(r.err.trim().split("\n").filter((l) => l.startsWith("sameside: "))).toHaveLength(7);
  });

  it("writes one self-contained HTML page per call with --output html --out, and a batch page linking them", () => {
    const out = tmp();
    const r = sameside(["analyze", join(root, "corpus/calls/air-01.json"), join(root, "corpus/calls/mobile-01.json"), "--output", "html", "--out", out, "--quiet"]);
    expect(r.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(["air-01.html", "mobile-01.html"]);
    const page = readFileSync(join(out, "mobile-01.html"), "utf8");
    expect(page.startsWith("<!doctype html>")).toBe(true);
    expect(page).toContain("data-tag=\"competitor-bashing\"");
    const s = sameside(["summary", join(root, "corpus/calls/air-01.json"), join(root, "corpus/calls/mobile-01.json"), "--output", "html", "--out", out, "--quiet"]);
    expect(s.code).toBe(0);
    const index = readFileSync(join(out, "index.html"), "utf8");
    expect(index).toMatch(/href="(?:air|mobile)-01\.html/);
  });

  it("prints one call's page to standard output, and names any further call it cannot print", () => {
    const one = sameside(["--output", "html", sample]);
    expect(one.code).toBe(0);
    expect(one.out.match(/<!doctype html>/g)).toHaveLength(1);
    const two = sameside(["--output", "html", "--quiet", join(root, "corpus/calls/air-01.json"), join(root, "corpus/calls/air-02.json")]);
    expect(two.code).toBe(2);
    expect(two.out.match(/<!doctype html>/g)).toHaveLength(1);
    expect(two.err).toContain("air-02: not written: --output html prints one page; use --out <dir>");
  });

  it("stops at the first bad input with --strict", () => {
    const dir = tmp();
    writeFileSync(join(dir, "a-broken.json"), "{");
    writeFileSync(join(dir, "b-good.txt"), "Agent: Hello.\n");
    const r = sameside(["-o", "jsonl", "--strict", dir]);
    expect(r.code).toBe(2);
    expect(r.out).toBe("");
  });

  it("exits 2 naming the file and line for a transcript it cannot parse", () => {
    const file = join(tmp(), "bad.txt");
    writeFileSync(file, "\n12345\nAgent: hello\n");
    const r = sameside([file]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${file}: 2: expected "Speaker: text"`);
  });

  it("exits 2 on usage errors: unknown flag, unknown output, unknown tag, missing input", () => {
    expect(sameside(["--frobnicate", sample]).code).toBe(2);
    expect(sameside(["--output", "pdf", sample]).code).toBe(2);
    expect(sameside(["--fail-on", "rudeness", sample]).code).toBe(2);
    const format = sameside(["--format", "pdf", sample]);
    expect(format.code).toBe(2);
    expect(format.err).toMatch(/'pdf' is invalid.*plain, webvtt, srt/);
    const missing = sameside(["no/such/file.txt"]);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain("no/such/file.txt: no such file or directory");
  });

  it("answers --version and --help with 0", () => {
    expect(sameside(["--version"]).out.trim()).toBe(pkg.version);
    const help = sameside(["--help"]);
    expect(help.code).toBe(0);
    expect(help.out).toContain("summary");
  });
});

describe("config file", () => {
  it("is found upward from the working directory and applied", () => {
    const dir = tmp();
    writeFileSync(join(dir, "sameside.config.json"), JSON.stringify({ competitors: ["Acme"] }));
    writeFileSync(join(dir, "call.txt"), "Agent: Honestly, Acme is a joke.\n");
    const withConfig = JSON.parse(sameside(["-o", "json", "call.txt"], { cwd: dir }).out);
    // The rule knows "Acme" is a competitor only from the config.
    const rules = (report: { turns: Array<{ tags: Array<{ rule: string }> }> }): string[] => report.turns[0]?.tags.map((t) => t.rule) ?? [];
    expect(rules(withConfig)).toContain("competitor-bashing/insults");
    const without = JSON.parse(sameside(["-o", "json", "--no-config", "call.txt"], { cwd: dir }).out);
    expect(rules(without)).not.toContain("competitor-bashing/insults");
  });

  it("adds user rules in the built-in rule shape", () => {
    const dir = tmp();
    const rule = { id: "pushing/extended-warranty", tag: "pushing", patterns: ["\\bextended warranty\\b"], message: "Warranty upsell." };
    writeFileSync(join(dir, "rules.json"), JSON.stringify({ rules: [rule] }));
    const r = sameside(["-o", "json", "--config", join(dir, "rules.json"), "-"], { input: "Agent: Have you heard about our extended warranty?\n" });
    expect(JSON.parse(r.out).turns[0].tags.map((t: { rule: string }) => t.rule)).toEqual(["pushing/extended-warranty"]);
  });

  it("rejects a bad config with the place and the reason", () => {
    const dir = tmp();
    writeFileSync(join(dir, "bad.json"), JSON.stringify({ rules: [{ id: "pushing/x", tag: "pushing", patterns: ["(unclosed"], message: "m" }] }));
    const r = sameside(["--config", join(dir, "bad.json"), sample]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("pushing/x.patterns[0]");
    writeFileSync(join(dir, "bad2.json"), JSON.stringify({ competitors: "Acme" }));
    const r2 = sameside(["--config", join(dir, "bad2.json"), sample]);
    expect(r2.code).toBe(2);
    expect(r2.err).toContain("competitors");
    writeFileSync(join(dir, "slow.json"), JSON.stringify({ rules: [{ id: "pushing/slow", tag: "pushing", patterns: ["(\\w+\\s?)+done"], message: "m" }] }));
    const r3 = sameside(["--config", join(dir, "slow.json"), sample]);
    expect(r3.code).toBe(2);
    expect(r3.err).toContain(`Invalid config (${join(dir, "slow.json")})`);
    expect(r3.err).toMatch(/pushing\/slow\.patterns\[0\]: could take super-linear time/);
    expect(r3.out).toBe("");
  });
});

describe("sameside summary", () => {
  it("aggregates a batch per agent, as JSON on request", () => {
    const r = sameside(["summary", join(root, "corpus/calls"), "-o", "json"]);
    expect(r.code).toBe(0);
    const s = BatchSummarySchema.parse(JSON.parse(r.out));
    expect(s.calls).toBeGreaterThanOrEqual(40);
    expect(s.agents.find((a) => a.agent === "Kyle")?.tagRates["competitor-bashing"]).toBeGreaterThan(0);
    expect(s.worstMoments.length).toBeGreaterThan(0);
  });

  it("takes the agent from the file name with --agent-from", () => {
    const r = sameside(["summary", join(fixtures, "zoom.vtt"), join(fixtures, "teams.vtt"), "--agent-from", "^(\\w+)\\.", "-o", "json"]);
    expect(JSON.parse(r.out).agents.map((a: { agent: string }) => a.agent)).toEqual(["teams", "zoom"]);
  });

  it("prints a text table by default", () => {
    const r = sameside(["summary", join(root, "corpus/calls")]);
    expect(r.out).toMatch(/^agent\s+calls\s+mean\s+worst/m);
    expect(r.out).toContain("Worst moments");
  });
});
