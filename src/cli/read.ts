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

/** Bytes read at a time: fewer, larger reads keep a batch's main thread (which only reads and hands out lines) idle. */
const READ_CHUNK = 1 << 20;

/** One line's bytes as text, without its CR if the file ends lines with CRLF. */
const lineText = (bytes: Buffer): string => bytes.toString("utf8", 0, bytes.length > 0 && bytes[bytes.length - 1] === 13 ? bytes.length - 1 : bytes.length);

/**
 * Lines of a file, pulled one read at a time so that a slow consumer holds the reading back. Lines are found in the
 * bytes (a newline byte never occurs inside a multi-byte UTF-8 character) and each is decoded on its own: no read is
 * decoded whole, so no megabyte-long string is made only to be cut up, and a line longer than a read is joined once.
 */
async function* linesOf(file: string): AsyncGenerator<string> {
  let pending: Buffer[] = [];
  for await (const chunk of createReadStream(file, { highWaterMark: READ_CHUNK })) {
    const bytes = chunk as Buffer;
    let start = 0;
    for (let nl = bytes.indexOf(10); nl >= 0; nl = bytes.indexOf(10, start)) {
      const line = bytes.subarray(start, nl);
      yield lineText(pending.length === 0 ? line : Buffer.concat([...pending, line]));
      pending = [];
      start = nl + 1;
    }
    if (start < bytes.length) pending.push(bytes.subarray(start));
  }
  if (pending.length > 0) yield lineText(Buffer.concat(pending));
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
