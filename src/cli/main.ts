#!/usr/bin/env node
/**
 * The `sameside` command: reads transcripts, calls the library, writes reports. All analysis lives in the library.
 * Exit codes: 0 done; 1 a call broke --fail-on or --min-score; 2 bad input or usage.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, extname, join } from "node:path";
import { Command, CommanderError, Option } from "commander";
import pkg from "../../package.json";
import { analyzeCall } from "../analyze.js";
import { SamesideInputError } from "../errors.js";
import { FINDINGS_CSV_HEADER, findingsCsvRows } from "../format/csv.js";
import { formatReport, REPORT_FORMATS, type ReportFormat } from "../format/index.js";
import { formatSummary, SUMMARY_FORMATS, type SummaryFormat } from "../format/summary.js";
import { parseTranscript, TRANSCRIPT_FORMATS, type TranscriptFormat } from "../parse/index.js";
import { TAG_IDS, type CallReport, type Options, type TagId } from "../schema.js";
import { SummaryBuilder } from "../summary.js";
import { findConfig, loadConfig } from "./config.js";
import { expandInputs } from "./inputs.js";

interface CommonFlags {
  format?: TranscriptFormat;
  agent?: string[];
  competitor?: string[];
  company?: string[];
  config?: string | false;
  quiet?: boolean;
  strict?: boolean;
}
interface AnalyzeFlags extends CommonFlags {
  output: ReportFormat;
  out?: string;
  failOn?: TagId[];
  minScore?: number;
}
interface SummaryFlags extends CommonFlags {
  output: SummaryFormat;
  agentFrom?: RegExp;
}

class UsageError extends Error {}

const stderr = (line: string) => process.stderr.write(`${line}\n`);

function options(flags: CommonFlags): Options {
  const configFile = flags.config === false ? undefined : (flags.config ?? findConfig(process.cwd()));
  const opts: Options = configFile !== undefined ? loadConfig(configFile) : {};
  if (flags.agent !== undefined) opts.agent = flags.agent;
  if (flags.competitor !== undefined) opts.competitors = [...(opts.competitors ?? []), ...flags.competitor];
  if (flags.company !== undefined) opts.company = flags.company;
  return opts;
}

/** A progress line on stderr, only for a terminal and a batch of more than a handful of files. */
function progress(total: number, quiet: boolean | undefined): { tick(done: number): void; end(): void } {
  const on = quiet !== true && process.stderr.isTTY === true && total > 5;
  let last = 0;
  const draw = (done: number) => {
    const width = 30;
    const filled = Math.round((done / total) * width);
    process.stderr.write(`\r[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${done}/${total} files`);
  };
  return {
    tick(done) {
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

/** Reads, parses and analyses every input in order, handing each report to `onReport`. Returns the bad inputs. */
function eachReport(
  inputs: readonly string[],
  flags: CommonFlags,
  onReport: (report: CallReport, file: string, index: number) => void,
): number {
  const opts = options(flags);
  const { files, problems } = expandInputs(inputs);
  let bad = 0;
  const report = (input: string, reason: string) => {
    bad++;
    stderr(`sameside: ${input}: ${reason}`);
    if (flags.strict === true) throw new UsageError("stopped at the first bad input (--strict)");
  };
  for (const p of problems) report(p.input, p.reason);
  const bar = progress(files.length, flags.quiet);
  files.forEach((file, n) => {
    const name = file === "-" ? "stdin" : file;
    let text: string;
    try {
      text = readFileSync(file === "-" ? 0 : file, "utf8");
    } catch (error) {
      report(name, `cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
      return;
    }
    try {
      const parsed = parseTranscript(text, { source: name, ...(flags.format !== undefined ? { format: flags.format } : {}) });
      const base = basename(name, extname(name));
      parsed.calls.forEach((call, k) => {
        const id = call.id ?? (parsed.calls.length > 1 ? `${base}#${k + 1}` : base);
        onReport(analyzeCall({ ...call, id }, opts), name, n);
      });
    } catch (error) {
      if (!(error instanceof SamesideInputError)) throw error;
      report(name, error.problems.map((p) => `${p.path === name ? "" : `${p.path.startsWith(`${name}:`) ? p.path.slice(name.length + 1) : p.path}: `}${p.message}`).join("; "));
    }
    bar.tick(n + 1);
  });
  bar.end();
  return bad;
}

const EXTENSIONS: Record<ReportFormat, string> = { text: "txt", markdown: "md", json: "json", jsonl: "jsonl", csv: "csv" };

function analyze(inputs: string[], flags: AnalyzeFlags): number {
  const broken: string[] = [];
  const used = new Set<string>();
  let pendingJson: string | undefined;
  let jsonCount = 0;
  let wroteCsvHeader = false;
  if (flags.out !== undefined) mkdirSync(flags.out, { recursive: true });
  const bad = eachReport(inputs, flags, (report, file) => {
    const id = report.id ?? basename(file);
    const failed = TAG_IDS.filter((tag) => flags.failOn?.includes(tag) === true && report.tagCounts[tag] > 0);
    if (failed.length > 0) broken.push(`${id}: ${failed.join(", ")}`);
    if (flags.minScore !== undefined && report.impact.score < flags.minScore) broken.push(`${id}: impact ${report.impact.score} < ${flags.minScore}`);
    if (flags.out !== undefined) {
      let name = id.replace(/[^\w.-]+/g, "_");
      for (let k = 2; used.has(name); k++) name = `${id.replace(/[^\w.-]+/g, "_")}-${k}`;
      used.add(name);
      writeFileSync(join(flags.out, `${name}.${EXTENSIONS[flags.output]}`), formatReport(report, flags.output));
      return;
    }
    switch (flags.output) {
      case "json": {
        // One call prints an object; more print an array, streamed one report behind.
        const body = JSON.stringify(report, null, 2);
        if (jsonCount === 0) pendingJson = body;
        else {
          if (jsonCount === 1) process.stdout.write(`[\n${pendingJson ?? ""}`);
          process.stdout.write(`,\n${body}`);
        }
        jsonCount++;
        break;
      }
      case "csv":
        if (!wroteCsvHeader) process.stdout.write(FINDINGS_CSV_HEADER);
        wroteCsvHeader = true;
        process.stdout.write(findingsCsvRows(report, file));
        break;
      case "text":
      case "markdown":
        process.stdout.write(`${formatReport(report, flags.output)}\n`);
        break;
      case "jsonl":
        process.stdout.write(formatReport(report, "jsonl"));
        break;
    }
  });
  if (flags.output === "json" && flags.out === undefined) {
    if (jsonCount === 1) process.stdout.write(`${pendingJson ?? ""}\n`);
    else if (jsonCount > 1) process.stdout.write("\n]\n");
  }
  if (flags.output === "csv" && !wroteCsvHeader && flags.out === undefined) process.stdout.write(FINDINGS_CSV_HEADER);
  for (const b of broken) stderr(`sameside: ${b}`);
  return bad > 0 ? 2 : broken.length > 0 ? 1 : 0;
}

function summary(inputs: string[], flags: SummaryFlags): number {
  const builder = new SummaryBuilder();
  const bad = eachReport(inputs, flags, (report, file) => {
    const source: { agent?: string; file?: string } = { file };
    if (flags.agentFrom !== undefined) {
      const m = flags.agentFrom.exec(basename(file));
      if (m !== null) source.agent = m[1] ?? m[0];
    }
    builder.add(report, source);
  });
  process.stdout.write(formatSummary(builder.result(), flags.output));
  return bad > 0 ? 2 : 0;
}

// Repeatable flags collect their values; variadic ones would swallow a following "-" input.
const collect = (value: string, previous: string[] | undefined): string[] => [...(previous ?? []), value];

function common(cmd: Command): Command {
  return cmd
    .argument("<inputs...>", 'transcript files, directories, globs, or "-" for standard input')
    .addOption(new Option("-f, --format <format>", "read inputs as this transcript format instead of detecting it").choices(TRANSCRIPT_FORMATS))
    .option("-a, --agent <name>", "speaker name of the agent, repeatable; everyone else is the customer", collect)
    .option("--competitor <name>", "a competitor's name, repeatable, added to the config's", collect)
    .option("--company <name>", "your company's name, repeatable", collect)
    .option("-c, --config <file>", "config file (default: the nearest sameside.config.json upward)")
    .option("--no-config", "ignore any sameside.config.json")
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
    .action((inputs: string[], flags: AnalyzeFlags) => {
      process.exitCode = analyze(inputs, flags);
    });
  common(cli.command("summary").description("aggregate a batch: per agent, tag rates, the worst moments"))
    .addOption(new Option("-o, --output <kind>", "summary format").choices(SUMMARY_FORMATS).default("text"))
    .option("--agent-from <regex>", "take the agent's name from each file name (first capture group, or the match)", (v: string) => {
      try {
        return new RegExp(v);
      } catch (error) {
        throw new UsageError(`--agent-from: ${(error as Error).message}`);
      }
    })
    .action((inputs: string[], flags: SummaryFlags) => {
      process.exitCode = summary(inputs, flags);
    });
  return cli;
}

function main(): void {
  try {
    program().parse(process.argv);
  } catch (error) {
    if (error instanceof CommanderError) {
      process.exitCode = error.exitCode === 0 ? 0 : 2;
      return;
    }
    if (error instanceof UsageError || error instanceof SamesideInputError) {
      stderr(`sameside: ${error.message}`);
      process.exitCode = 2;
      return;
    }
    throw error;
  }
}

main();
