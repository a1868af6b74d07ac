/**
 * parseTranscript: any supported transcript (file contents or an already-parsed JSON value) to sameside's call
 * input. The format is detected from the content unless options.format names it; the result says which it was.
 */
import { SamesideInputError, formatPath } from "../errors.js";
import { CallInputSchema, type CallInput, type TurnInput } from "../schema.js";
import { parseCaptions } from "./captions.js";
import { inputError, TRANSCRIPT_FORMATS, type TranscriptFormat } from "./common.js";
import { parsePlainText } from "./plain.js";
import { fromAssembly, fromCallAnalytics, fromDeepgram, fromSegments, fromTranscribe } from "./vendors.js";

export interface ParseOptions {
  /** Skip detection and read the input as this format. */
  format?: TranscriptFormat;
  /** Names the input in error messages (a file name, "stdin"). */
  source?: string;
}

export interface ParsedTranscript {
  format: TranscriptFormat;
  /** One call for every format but JSON Lines (and a JSON array of calls), which may hold several. */
  calls: CallInput[];
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** JSON.parse with the failure's line and column in the error (lines counted from lineOffset + 1). */
export function parseJson(text: string, source: string, lineOffset = 0): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    const message = (error as Error).message;
    const at = /position (\d+)/.exec(message) ?? (/end of JSON input/.test(message) ? [, String(text.length)] : null);
    let where = "";
    if (at !== null) {
      const pos = Number(at[1]);
      const before = text.slice(0, pos);
      const line = before.split("\n").length + lineOffset;
      const column = pos - before.lastIndexOf("\n");
      where = `${line}:${column}`;
    } else if (lineOffset > 0) where = String(lineOffset + 1);
    throw inputError(source, where, `invalid JSON: ${message.replace(/ ?\bin JSON at position \d.*$/, "").trimEnd().replace(/^JSON\.parse: /, "")}`);
  }
}

/** Which vendor a parsed JSON value came from, by the fields only that vendor writes. */
export function detectJsonFormat(value: unknown): TranscriptFormat | undefined {
  if (Array.isArray(value)) return value.every((v) => isObject(v) && Array.isArray(v.turns)) ? "sameside" : undefined;
  if (!isObject(value)) return undefined;
  if (Array.isArray(value.turns)) return "sameside";
  if (Array.isArray(value.Transcript)) return "transcribe-call-analytics";
  const results = value.results;
  if (isObject(results)) {
    if ("utterances" in results || "channels" in results) return "deepgram";
    if ("items" in results || "speaker_labels" in results || "audio_segments" in results || "transcripts" in results) return "transcribe";
  }
  if (Array.isArray(value.utterances)) return "assemblyai";
  if (Array.isArray(value.segments)) {
    const segs = value.segments as unknown[];
    const openai = segs.some((s) => isObject(s) && s.type === "transcript.text.segment") || ("task" in value && !("word_segments" in value));
    return openai ? "openai-diarized" : "whisperx";
  }
  return undefined;
}

function detectTextFormat(text: string): TranscriptFormat {
  const head = text.replace(/^\uFEFF/, "").trimStart();
  if (/^WEBVTT\b/.test(head)) return "webvtt";
  if (/^\d+\s*\r?\n\s*\d{1,2}:\d{2}:\d{2}[,.]\d{1,3}\s*-->/.test(head)) return "srt";
  if (/^\[\d{1,2}:\d{2}/.test(head)) return "plain"; // a "[00:01:02] Name: text" line, not a JSON array
  if (head.startsWith("{") || head.startsWith("[")) {
    const lines = head.split(/\r?\n/).filter((l) => l.trim() !== "");
    if (lines.length > 1 && lines.every((l) => l.trimStart().startsWith("{") && l.trimEnd().endsWith("}"))) return "jsonl";
    return "sameside"; // refined once parsed
  }
  return "plain";
}

function sameside(value: unknown, source: string, path = ""): CallInput {
  const r = CallInputSchema.safeParse(value);
  if (r.success) return r.data;
  throw new SamesideInputError(
    `call (${source})`,
    r.error.issues.slice(0, 5).map((i) => ({ path: `${source}:$${path}${i.path.length > 0 ? `.${formatPath(i.path)}` : ""}`.replace(/\.\[/g, "["), message: i.message })),
  );
}

function fromJsonValue(value: unknown, format: TranscriptFormat, source: string): CallInput[] {
  const call = (turns: TurnInput[]): CallInput[] => {
    if (turns.length === 0) throw inputError(source, "", `no speech found in this ${format} transcript`);
    return [{ turns }];
  };
  switch (format) {
    case "sameside":
      return Array.isArray(value) ? value.map((v, i) => sameside(v, source, `[${i}]`)) : [sameside(value, source)];
    case "transcribe":
      return call(fromTranscribe(value, source));
    case "transcribe-call-analytics":
      return call(fromCallAnalytics(value, source));
    case "deepgram":
      return call(fromDeepgram(value, source));
    case "assemblyai":
      return call(fromAssembly(value, source));
    case "openai-diarized":
    case "whisperx":
      return call(fromSegments(value, source, format));
    default:
      throw inputError(source, "", `a JSON value cannot be read as ${format}`);
  }
}

/** Reads a transcript in any supported format; throws SamesideInputError naming the place when it cannot. */
export function parseTranscript(input: string | unknown, options: ParseOptions = {}): ParsedTranscript {
  const source = options.source ?? "input";
  if (options.format !== undefined && !(TRANSCRIPT_FORMATS as readonly string[]).includes(options.format)) {
    throw inputError(source, "", `unknown format "${String(options.format)}" (known: ${TRANSCRIPT_FORMATS.join(", ")})`);
  }
  if (typeof input !== "string") {
    const format = options.format ?? detectJsonFormat(input);
    if (format === undefined) throw inputError(source, "", "not a transcript format sameside knows (see the README for the list)");
    return { format, calls: fromJsonValue(input, format, source) };
  }
  if (input.trim() === "") throw inputError(source, "", "the file is empty");
  if (input.includes("\u0000")) throw inputError(source, "", "this looks like a binary file, not a transcript");
  const format = options.format ?? detectTextFormat(input);
  switch (format) {
    case "plain":
      return { format, calls: [parsePlainText(input, source)] };
    case "webvtt":
    case "srt":
      return { format, calls: [{ turns: parseCaptions(input, source) }] };
    case "jsonl": {
      const calls: CallInput[] = [];
      input.split(/\r?\n/).forEach((line, i) => {
        if (line.trim() === "") return;
        calls.push(sameside(parseJson(line, source, i), `${source}:${i + 1}`));
      });
      return { format, calls };
    }
    default: {
      const value = parseJson(input.replace(/^\uFEFF/, ""), source);
      const detected = options.format ?? detectJsonFormat(value);
      if (detected === undefined) throw inputError(source, "", "JSON that is not a transcript format sameside knows (see the README for the list)");
      return { format: detected, calls: fromJsonValue(value, detected, source) };
    }
  }
}

export { TRANSCRIPT_FORMATS, type TranscriptFormat } from "./common.js";
