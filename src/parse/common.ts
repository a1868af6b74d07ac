import { SamesideInputError } from "../errors.js";
import type { TurnInput } from "../schema.js";

/** The formats parseTranscript reads. */
export const TRANSCRIPT_FORMATS = [
  "plain",
  "webvtt",
  "srt",
  "transcribe",
  "transcribe-call-analytics",
  "deepgram",
  "assemblyai",
  "openai-diarized",
  "whisperx",
  "sameside",
  "jsonl",
] as const;
export type TranscriptFormat = (typeof TRANSCRIPT_FORMATS)[number];

const AGENT_LABELS = new Set(["agent", "rep", "representative", "advisor", "associate", "support", "csr", "operator"]);
const CUSTOMER_LABELS = new Set(["customer", "caller", "client", "member", "guest", "cust"]);

/**
 * The role a speaker label names ("Agent:", "Caller:"), if it names one. The one-letter "A:"/"C:" count only where
 * `short` allows it (plain text); in captions a speaker "A" is more often a diarization label.
 */
export function roleOfLabel(label: string, short = false): "agent" | "customer" | undefined {
  const key = label.trim().toLowerCase();
  if (AGENT_LABELS.has(key) || (short && key === "a")) return "agent";
  if (CUSTOMER_LABELS.has(key) || (short && key === "c")) return "customer";
  return undefined;
}

/** A piece of speech as a vendor gives it: consecutive fragments of one speaker become one turn. */
export interface Fragment {
  speaker: string;
  role?: "agent" | "customer";
  text: string;
  start?: number;
  end?: number;
}

/** Joins text the way speech reads: no space before punctuation that a vendor sends as its own item. */
export function joinText(parts: readonly string[]): string {
  let out = "";
  for (const raw of parts) {
    const part = raw.trim();
    if (part === "") continue;
    out = out === "" || /^[.,!?;:%)\]}…]/.test(part) ? out + part : `${out} ${part}`;
  }
  return out;
}

/** Merges consecutive fragments of the same speaker (and role) into one turn that spans them all. */
export function mergeFragments(fragments: readonly Fragment[]): TurnInput[] {
  const turns: Array<TurnInput & { parts: string[] }> = [];
  let last: (TurnInput & { parts: string[] }) | undefined;
  for (const f of fragments) {
    if (last !== undefined && last.speaker === f.speaker && last.role === f.role) {
      last.parts.push(f.text);
      if (f.end !== undefined) last.end = Math.max(last.end ?? f.end, f.end);
      if (last.start === undefined && f.start !== undefined) last.start = f.start;
      continue;
    }
    last = { speaker: f.speaker, text: "", parts: [f.text] };
    if (f.role !== undefined) last.role = f.role;
    if (f.start !== undefined) last.start = f.start;
    if (f.end !== undefined) last.end = f.end;
    turns.push(last);
  }
  return turns.map(({ parts, ...t }) => ({ ...t, text: joinText(parts) }));
}

export function inputError(source: string, where: string, message: string): SamesideInputError {
  return new SamesideInputError(`transcript (${source})`, [{ path: where === "" ? source : `${source}:${where}`, message }]);
}

/** Seconds rounded to the millisecond, from a number or a numeric string. */
export function seconds(value: number | string, scale = 1): number {
  const n = typeof value === "string" ? Number.parseFloat(value) : value;
  return Math.round((n / scale) * 1000) / 1000;
}
