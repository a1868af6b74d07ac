/**
 * Reads the command line's inputs as a stream of calls, in input order. JSON Lines files are read line by line, so
 * a batch of any size runs in bounded memory; other files are small and read whole. Bad inputs are reported
 * through `bad` and skipped; nothing is dropped silently.
 */
import { createReadStream, readFileSync } from "node:fs";
import { basename, extname } from "node:path";
import { SamesideInputError } from "../errors.js";
import { parseJson, parseTranscript, type TranscriptFormat } from "../parse/index.js";
import type { CallInput } from "../schema.js";
import { expandInputs } from "./inputs.js";

/** A call, or for JSON Lines the raw line, left for whoever analyses it to parse (a worker, in a batch). */
export type ReadCall =
  | { kind: "call"; call: CallInput; file: string }
  | { kind: "line"; line: string; lineNo: number; id: string; file: string };

/**
 * Bytes read at a time. A batch's main thread only reads lines and hands them to the workers, and with 64 KB reads
 * its per-chunk work (a read, a decode, a split, an await) kept it busy 18% of a 2-worker batch; with 1 MB, 14%.
 */
const READ_CHUNK = 1 << 20;

/** Lines of a file, pulled one chunk at a time so that a slow consumer holds the reading back. */
async function* linesOf(file: string): AsyncGenerator<string> {
  let rest = "";
  for await (const chunk of createReadStream(file, { encoding: "utf8", highWaterMark: READ_CHUNK })) {
    const parts = (rest + (chunk as string)).split("\n");
    rest = parts.pop() ?? "";
    for (const p of parts) yield p.endsWith("\r") ? p.slice(0, -1) : p;
  }
  if (rest !== "") yield rest;
}

/** Parses one JSON Lines line into a call; throws SamesideInputError naming file:line:column. */
export function callFromLine(item: { line: string; lineNo: number; id: string; file: string }): CallInput {
  const call = parseTranscript(parseJson(item.line, item.file, item.lineNo - 1), { source: `${item.file}:${item.lineNo}`, format: "sameside" }).calls[0];
  if (call === undefined) throw new SamesideInputError(`call (${item.file})`, [{ path: `${item.file}:${item.lineNo}`, message: "no call on this line" }]);
  return { ...call, id: call.id ?? item.id };
}

/** A bad input's problems, with the file name left off their paths (stderr already names the file). */
export function describeError(error: SamesideInputError, name: string): string {
  return error.problems
    .map((p) => `${p.path === name ? "" : `${p.path.startsWith(`${name}:`) ? p.path.slice(name.length + 1) : p.path}: `}${p.message}`)
    .join("; ");
}

export async function* readCalls(
  inputs: readonly string[],
  format: TranscriptFormat | undefined,
  bad: (input: string, reason: string) => void,
  onFile: (done: number, total: number) => void = () => {},
): AsyncGenerator<ReadCall> {
  const { files, problems } = expandInputs(inputs);
  for (const p of problems) bad(p.input, p.reason);
  for (const [n, file] of files.entries()) {
    const name = file === "-" ? "stdin" : file;
    const base = basename(name, extname(name));
    const streamLines = file !== "-" && (format === "jsonl" || (format === undefined && file.toLowerCase().endsWith(".jsonl")));
    if (streamLines) {
      let lineNo = 0;
      let k = 0;
      try {
        for await (const line of linesOf(file)) {
          lineNo++;
          if (line.trim() === "") continue;
          k++;
          yield { kind: "line", line, lineNo, id: `${base}#${k}`, file: name };
        }
        if (k === 0) bad(name, "the file is empty");
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === undefined) throw error;
        bad(name, `cannot read it (${code})`);
      }
    } else {
      let text: string | undefined;
      try {
        text = readFileSync(file === "-" ? 0 : file, "utf8");
      } catch (error) {
        bad(name, `cannot read it (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
      }
      if (text !== undefined) {
        let calls: CallInput[] = [];
        try {
          calls = parseTranscript(text, { source: name, ...(format !== undefined ? { format } : {}) }).calls;
        } catch (error) {
          if (!(error instanceof SamesideInputError)) throw error;
          bad(name, describeError(error, name));
        }
        for (const [k, call] of calls.entries()) yield { kind: "call", call: { ...call, id: call.id ?? (calls.length > 1 ? `${base}#${k + 1}` : base) }, file: name };
      }
    }
    onFile(n + 1, files.length);
  }
}
