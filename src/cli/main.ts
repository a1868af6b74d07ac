#!/usr/bin/env node
/**
 * The `sameside` command: a thin layer over the library. Reads one plain "Name: text" transcript from a file or
 * standard input and prints its report. Exit codes: 0 done, 2 bad input or usage.
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import pkg from "../../package.json";
import { analyzeCall } from "../analyze.js";
import { SamesideInputError } from "../errors.js";
import { formatReport, REPORT_FORMATS, type ReportFormat } from "../format/index.js";
import { parsePlainText } from "../parse/plain.js";

const HELP = `sameside ${pkg.version}: tag agent behaviour in a call transcript and report its sales impact.

Usage: sameside [options] <file | ->

The transcript is plain text, one turn per line as "Name: text". "Agent:"/"Customer:" (or "A:"/"C:")
labels give roles; otherwise use --agent to name the agent.

Options:
  -f, --format <text|markdown|json>  report format (default: text)
  -a, --agent <name>                 the agent's speaker name (repeatable)
  -c, --competitor <name>            a competitor's name (repeatable)
  -h, --help                         show this help
  -v, --version                      show the version
`;

function fail(message: string): never {
  process.stderr.write(`sameside: ${message}\n`);
  process.exit(2);
}

function main(argv: string[]): void {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: "string", short: "f", default: "text" },
        agent: { type: "string", short: "a", multiple: true },
        competitor: { type: "string", short: "c", multiple: true },
        help: { type: "boolean", short: "h" },
        version: { type: "boolean", short: "v" },
      },
    });
  } catch (error) {
    fail(`${(error as Error).message}\nRun "sameside --help" for usage.`);
  }
  const { values, positionals } = parsed;
  if (values.help === true) {
    process.stdout.write(HELP);
    return;
  }
  if (values.version === true) {
    process.stdout.write(`${pkg.version}\n`);
    return;
  }
  const format = values.format ?? "text";
  if (!(REPORT_FORMATS as readonly string[]).includes(format)) fail(`unknown format "${format}" (use ${REPORT_FORMATS.join(", ")})`);
  if (positionals.length !== 1) fail(`expected one transcript file or "-", got ${positionals.length}\nRun "sameside --help" for usage.`);
  const file = positionals[0] ?? "-";
  let text: string;
  try {
    text = readFileSync(file === "-" ? 0 : file, "utf8");
  } catch (error) {
    fail(`cannot read ${file === "-" ? "standard input" : file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  try {
    const call = parsePlainText(text, file === "-" ? "stdin" : file);
    const options: Parameters<typeof analyzeCall>[1] = {};
    if (values.agent !== undefined) options.agent = values.agent;
    if (values.competitor !== undefined) options.competitors = values.competitor;
    process.stdout.write(formatReport(analyzeCall(call, options), format as ReportFormat));
  } catch (error) {
    if (error instanceof SamesideInputError) fail(error.message);
    throw error;
  }
}

main(process.argv.slice(2));
