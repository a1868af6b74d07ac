import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { CallReportSchema } from "../src/index.js";
import pkg from "../package.json";

const root = fileURLToPath(new URL("..", import.meta.url));
const cli = join(root, "dist/cli.js");
const sample = join(root, "corpus/sample/northwind-cancel.txt");

function sameside(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: "utf8", input });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

describe("sameside CLI", () => {
  it("prints a text report for the bundled sample call", () => {
    const r = sameside([sample]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Impact: -?\d+ \(/m);
    expect(r.out).toContain("competitor-bashing/insults");
  });

  it("prints a schema-valid JSON report with --format json", () => {
    const r = sameside(["--format", "json", sample]);
    expect(r.code).toBe(0);
    expect(CallReportSchema.safeParse(JSON.parse(r.out)).success).toBe(true);
  });

  it("reads standard input with '-', taking roles from Agent:/Customer: labels", () => {
    const r = sameside(["-f", "json", "-"], "Customer: I want to cancel.\nAgent: Are you sure?\n");
    const report = JSON.parse(r.out);
    expect(report.turns.map((t: { role: string }) => t.role)).toEqual(["customer", "agent"]);
    expect(report.turns[1].tags[0].tag).toBe("pushing");
  });

  it("uses --agent to name the agent", () => {
    const r = sameside(["-f", "json", "--agent", "Kim", "-"], "Lou: My card was charged twice.\nKim: That's on us, I've refunded it.\n");
    expect(JSON.parse(r.out).turns[1].tags[0].tag).toBe("ownership");
  });

  it("exits 2 naming the file when it cannot be read", () => {
    const r = sameside(["no/such/file.txt"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("no/such/file.txt");
  });

  it("exits 2 naming file and line for a transcript it cannot parse", () => {
    const dir = mkdtempSync(join(tmpdir(), "sameside-"));
    const file = join(dir, "bad.txt");
    writeFileSync(file, "\n12345\nAgent: hello\n");
    const r = sameside([file]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`${file}:2`);
  });

  it("exits 2 on an unknown flag or format", () => {
    expect(sameside(["--frobnicate", sample]).code).toBe(2);
    expect(sameside(["--format", "pdf", sample]).code).toBe(2);
  });

  it("answers --version and --help", () => {
    expect(sameside(["--version"]).out.trim()).toBe(pkg.version);
    const help = sameside(["--help"]);
    expect(help.code).toBe(0);
    expect(help.out).toContain("Usage: sameside");
  });
});
