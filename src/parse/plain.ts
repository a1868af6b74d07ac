/**
 * The plain transcript form: one turn per line as `Name: text`. `Agent:`/`Customer:` style labels (and `A:`/`C:`)
 * give roles; a line without a speaker continues the previous turn; a leading `[00:01:02]` timestamp is dropped.
 */
import { SamesideInputError } from "../errors.js";
import type { CallInput, TurnInput } from "../schema.js";
import { roleOfLabel } from "./common.js";

// A leading time, never a speaker: [00:01:02], [1:02.5], (1:02), 00:01:02, 12:03 PM.
const TIMESTAMP = /^\s*(?:\[(\d{1,2}(?::\d{2}){1,2}(?:\.\d+)?)\]|\((\d{1,2}(?::\d{2}){1,2})\)|(\d{1,2}:\d{2}(?::\d{2})?)(?!\s*[AP]\.?M)|\d{1,2}:\d{2}(?::\d{2})?\s*[AP]\.?M\.?)(?:\s*[-–])?\s*/i;

function clockSeconds(stamp: string): number {
  return stamp.split(":").reduce((total, part) => total * 60 + Number.parseFloat(part), 0);
}
const SPEAKER = /^\s*(\p{L}[\p{L}\p{N} .'_-]{0,39}?)\s*:(.*)$/u;

export function parsePlainText(text: string, source = "input"): CallInput {
  const turns: TurnInput[] = [];
  const lines = text.replace(/^\uFEFF/, "").split(/\r\n|\r|\n/);
  lines.forEach((rawLine, i) => {
    const stamp = TIMESTAMP.exec(rawLine);
    const offset = stamp?.[1] ?? stamp?.[2] ?? stamp?.[3];
    const line = stamp === null ? rawLine : rawLine.slice(stamp[0].length);
    if (line.trim() === "") return;
    const m = SPEAKER.exec(line);
    if (m !== null) {
      const speaker = (m[1] ?? "").trim();
      const turn: TurnInput = { speaker, text: (m[2] ?? "").trim() };
      if (offset !== undefined) turn.start = Math.round(clockSeconds(offset) * 1000) / 1000;
      const role = roleOfLabel(speaker, true);
      if (role !== undefined) turn.role = role;
      turns.push(turn);
      return;
    }
    const last = turns.at(-1);
    if (last === undefined) {
      throw new SamesideInputError("plain transcript", [
        { path: `${source}:${i + 1}`, message: `expected "Speaker: text", found ${JSON.stringify(line.trim().slice(0, 60))}` },
      ]);
    }
    last.text = last.text === "" ? line.trim() : `${last.text} ${line.trim()}`;
  });
  if (turns.length === 0) {
    throw new SamesideInputError("plain transcript", [{ path: source, message: "no turns found (expected lines of \"Speaker: text\")" }]);
  }
  return { turns };
}
