/**
 * `sameside live`: turn events as JSON Lines on standard input, many calls interleaved, and what each one changes as
 * JSON Lines on standard output, as it happens.
 *
 *   in:  { "call": "id", "speaker": "...", "text": "...", "role"?, "start"?, "end"?, "final"? }   a turn (or interim)
 *        { "call": "id", "event": { ... } }        a vendor's streaming result, with --format deepgram | transcribe
 *        { "call": "id", "end": true }                                                           the call is over
 *   out: { "call": "id", "type": "update", ...LiveUpdate }
 *        { "call": "id", "type": "report", "reason": "ended" | "idle" | "input ended", "report": CallReport }
 *        { "call"?: "id", "type": "error", "line": n, "message": "..." }   (also on stderr; the other calls go on)
 */
import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import { SamesideInputError } from "../errors.js";
import { createLiveCall, type LiveCall, type LiveUpdate } from "../live.js";
import type { LiveEventFormat } from "../live-events.js";
import type { Options } from "../schema.js";

export interface LiveStreamOptions {
  options: Options;
  /** Seconds without an event after which a call is ended and reported; 0 never. */
  idleSeconds: number;
  /** The vendor format of `event` lines (Deepgram live results, Transcribe streaming events). */
  format?: LiveEventFormat | undefined;
  /** The clock, in milliseconds (tests give their own). */
  now?: () => number;
}

interface Open {
  live: LiveCall;
  last: number;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** Runs the stream to its end; resolves with the number of bad events. */
export async function runLive(input: Readable, output: Writable, stderr: Writable, settings: LiveStreamOptions): Promise<number> {
  const now = settings.now ?? (() => Date.now());
  const calls = new Map<string, Open>();
  let bad = 0;
  let lineNo = 0;
  const write = (value: unknown): void => {
    output.write(`${JSON.stringify(value)}\n`);
  };
  const fail = (message: string, call?: string): void => {
    bad++;
    write({ ...(call !== undefined ? { call } : {}), type: "error", line: lineNo, message });
    stderr.write(`sameside: line ${lineNo}${call !== undefined ? ` (call ${call})` : ""}: ${message}\n`);
  };
  const finish = (id: string, reason: "ended" | "idle" | "input ended"): void => {
    const open = calls.get(id);
    if (open === undefined) return;
    calls.delete(id);
    write({ call: id, type: "report", reason, report: open.live.report() });
    open.live.close();
  };
  const sweep = (): void => {
    if (settings.idleSeconds <= 0) return;
    const limit = now() - settings.idleSeconds * 1000;
    for (const [id, open] of [...calls]) if (open.last < limit) finish(id, "idle");
  };

  const timer = settings.idleSeconds > 0 ? setInterval(sweep, Math.min(1000, settings.idleSeconds * 1000)) : undefined;
  try {
    for await (const line of createInterface({ input, crlfDelay: Infinity })) {
      lineNo++;
      sweep();
      if (line.trim() === "") continue;
      let event: unknown;
      try {
        event = JSON.parse(line);
      } catch (error) {
        fail(`invalid JSON: ${(error as Error).message}`);
        continue;
      }
      if (!isRecord(event)) {
        fail("expected an object");
        continue;
      }
      const id = event.call;
      if (typeof id !== "string" || id === "") {
        fail('call: expected the call\'s id, a non-empty string');
        continue;
      }
      if (event.end === true && event.text === undefined) {
        if (!calls.has(id)) fail("end: no such open call", id);
        else finish(id, "ended");
        continue;
      }
      // A call opens with its first good turn: a bad first event leaves nothing open.
      const open = calls.get(id) ?? { live: createLiveCall({ id, options: settings.options }), last: now() };
      try {
        let updates: LiveUpdate[];
        if (event.event !== undefined) {
          if (settings.format === undefined) {
            fail("event: a vendor event needs --format deepgram or --format transcribe", id);
            continue;
          }
          updates = open.live.pushEvent(event.event, { format: settings.format });
        } else {
          const { call: _call, ...turn } = event;
          updates = [open.live.push(turn as never)];
        }
        open.last = now();
        calls.set(id, open);
        for (const update of updates) write({ call: id, type: "update", ...update });
      } catch (error) {
        if (!(error instanceof SamesideInputError)) throw error;
        fail(error.message.replace(/\n\s*/g, " "), id);
      }
    }
  } finally {
    if (timer !== undefined) clearInterval(timer);
  }
  for (const id of [...calls.keys()]) finish(id, "input ended");
  return bad;
}
