/**
 * Vendor streaming results in, turns out: Deepgram live (`Results` with `is_final` / `speech_final`, diarized words,
 * `UtteranceEnd`) and Amazon Transcribe streaming (`TranscriptEvent`s whose results carry `IsPartial` and items with
 * `Speaker`). A vendor sends words as they are recognised; a turn is one speaker's utterance, so the assembler keeps
 * the final words of the utterance in progress and hands out
 *  - an interim turn (`final: false`) for what is still being recognised, the utterance's final words first;
 *  - a final turn when the utterance ends: Deepgram's `speech_final` or `UtteranceEnd`, a Transcribe segment that is
 *    no longer partial, another speaker's final words, or flush() (the stream ended).
 * Speakers are named as the batch parsers name them (Deepgram `speaker_0`, `channel_0`; Transcribe `spk_0`, `ch_0`).
 */
import { z } from "zod";
import { parseOrThrow } from "./errors.js";
import type { LiveTurn } from "./live.js";

export const LIVE_EVENT_FORMATS = ["deepgram", "transcribe"] as const;
export type LiveEventFormat = (typeof LIVE_EVENT_FORMATS)[number];

const seconds = z.number().nonnegative();

/** Deepgram live: the fields read (others are allowed and ignored). */
const DeepgramWordSchema = z.object({
  word: z.string(),
  punctuated_word: z.string().optional(),
  start: seconds,
  end: seconds,
  speaker: z.number().int().nonnegative().optional(),
});
const DeepgramEventSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("Results"),
    is_final: z.boolean().optional(),
    speech_final: z.boolean().optional(),
    start: seconds.optional(),
    duration: seconds.optional(),
    channel_index: z.array(z.number().int().nonnegative()).optional(),
    channel: z.object({ alternatives: z.array(z.object({ transcript: z.string(), words: z.array(DeepgramWordSchema).optional() })) }),
  }),
  z.object({ type: z.literal("UtteranceEnd") }),
  z.object({ type: z.literal("SpeechStarted") }),
  z.object({ type: z.literal("Metadata") }),
]);

/** Amazon Transcribe streaming: a TranscriptEvent as the SDKs give it (`{ TranscriptEvent: { Transcript } }`) or bare. */
const TranscribeItemSchema = z.object({
  Content: z.string(),
  Type: z.enum(["pronunciation", "punctuation"]).optional(),
  StartTime: seconds.optional(),
  EndTime: seconds.optional(),
  Speaker: z.string().optional(),
});
const TranscriptSchema = z.object({
  Results: z.array(
    z.object({
      IsPartial: z.boolean().optional(),
      StartTime: seconds.optional(),
      EndTime: seconds.optional(),
      ChannelId: z.string().optional(),
      Alternatives: z.array(z.object({ Transcript: z.string().optional(), Items: z.array(TranscribeItemSchema).optional() })).optional(),
    }),
  ),
});
const WrappedTranscribeEventSchema = z.object({ TranscriptEvent: z.object({ Transcript: TranscriptSchema }) });
const BareTranscribeEventSchema = z.object({ Transcript: TranscriptSchema });

/** Words of one speaker, in order. */
interface Said {
  speaker: string;
  words: string[];
  start?: number | undefined;
  end?: number | undefined;
}

function turnOf(said: Said, final: boolean): LiveTurn {
  return {
    speaker: said.speaker,
    text: said.words.join(" "),
    ...(said.start !== undefined ? { start: said.start } : {}),
    ...(said.end !== undefined ? { end: said.end } : {}),
    ...(final ? {} : { final: false }),
  };
}

/** Appends b's words to a's (same speaker). */
const joined = (a: Said, b: Said): Said => ({ speaker: a.speaker, words: [...a.words, ...b.words], start: a.start ?? b.start, end: b.end ?? a.end });

/** Words in runs of one speaker. */
function runs(words: ReadonlyArray<{ speaker: string; text: string; start?: number | undefined; end?: number | undefined }>): Said[] {
  const out: Said[] = [];
  for (const w of words) {
    const last = out.at(-1);
    if (last !== undefined && last.speaker === w.speaker) {
      last.words.push(w.text);
      if (w.end !== undefined) last.end = w.end;
    } else out.push({ speaker: w.speaker, words: [w.text], start: w.start, end: w.end });
  }
  return out;
}

/** One call's vendor results turned into turns, in order. */
export class TurnAssembler {
  /** The final words of the utterance in progress. */
  private open: Said | undefined = undefined;

  constructor(readonly format: LiveEventFormat) {}

  /** The turns an event gives, to push in order; `where` names the event in errors. */
  turns(event: unknown, where: string): LiveTurn[] {
    return this.format === "deepgram" ? this.deepgram(event, where) : this.transcribe(event, where);
  }

  /** Ends the utterance in progress: its final turn, if any words wait. */
  flush(): LiveTurn[] {
    const open = this.open;
    this.open = undefined;
    return open === undefined || open.words.length === 0 ? [] : [turnOf(open, true)];
  }

  /** Final words: another speaker's end the utterance in progress; the last run stays open. */
  private finals(said: readonly Said[]): LiveTurn[] {
    const out: LiveTurn[] = [];
    for (const s of said) {
      if (this.open !== undefined && this.open.speaker !== s.speaker) out.push(...this.flush());
      this.open = this.open === undefined ? s : joined(this.open, s);
    }
    return out;
  }

  /**
   * Words still being recognised: interim turns, the first after the open utterance's final words if it goes on.
   * Another speaker's words mean the open utterance is over: it is handed out as final first.
   */
  private interims(said: readonly Said[]): LiveTurn[] {
    const first = said[0];
    const out = first !== undefined && this.open !== undefined && this.open.speaker !== first.speaker ? this.flush() : [];
    said.forEach((s, k) => out.push(turnOf(k === 0 && this.open !== undefined ? joined(this.open, s) : s, false)));
    return out;
  }

  private deepgram(raw: unknown, where: string): LiveTurn[] {
    const event = parseOrThrow(DeepgramEventSchema, raw, `${where} (Deepgram)`);
    if (event.type === "UtteranceEnd") return this.flush();
    if (event.type !== "Results") return [];
    const alternative = event.channel.alternatives[0];
    const channel = `channel_${event.channel_index?.[0] ?? 0}`;
    const words = alternative?.words ?? [];
    let said: Said[];
    if (words.length > 0) {
      said = runs(words.map((w) => ({ speaker: w.speaker !== undefined ? `speaker_${w.speaker}` : channel, text: w.punctuated_word ?? w.word, start: w.start, end: w.end })));
    } else {
      // No word list (an empty result, or words turned off): the transcript, timed by the result.
      const text = alternative?.transcript.trim() ?? "";
      const end = event.start !== undefined && event.duration !== undefined ? event.start + event.duration : undefined;
      said = text === "" ? [] : [{ speaker: this.open?.speaker ?? channel, words: [text], start: event.start, end }];
    }
    if (event.is_final !== true) return this.interims(said);
    const out = this.finals(said);
    if (event.speech_final === true) out.push(...this.flush());
    return out;
  }

  private transcribe(raw: unknown, where: string): LiveTurn[] {
    // Checked against the shape it claims to have, so an error names the field (a union would only say "invalid").
    const wrapped = typeof raw === "object" && raw !== null && "TranscriptEvent" in raw;
    const transcript = wrapped
      ? parseOrThrow(WrappedTranscribeEventSchema, raw, `${where} (Transcribe)`).TranscriptEvent.Transcript
      : parseOrThrow(BareTranscribeEventSchema, raw, `${where} (Transcribe)`).Transcript;
    const out: LiveTurn[] = [];
    for (const result of transcript.Results) {
      const alternative = result.Alternatives?.[0];
      const fallback = result.ChannelId ?? this.open?.speaker ?? "spk_0";
      const words: Array<{ speaker: string; text: string; start?: number | undefined; end?: number | undefined }> = [];
      for (const item of alternative?.Items ?? []) {
        const last = words.at(-1);
        // Punctuation belongs to the word before it.
        if (item.Type === "punctuation" && last !== undefined) last.text += item.Content;
        else words.push({ speaker: item.Speaker !== undefined ? `spk_${item.Speaker}` : (last?.speaker ?? fallback), text: item.Content, start: item.StartTime, end: item.EndTime });
      }
      if (words.length === 0 && (alternative?.Transcript ?? "").trim() !== "") {
        words.push({ speaker: fallback, text: (alternative?.Transcript ?? "").trim(), start: result.StartTime, end: result.EndTime });
      }
      const said = runs(words);
      if (result.IsPartial === true) out.push(...this.interims(said));
      else {
        // A complete segment ends at a pause or a change of speaker: its utterance is over.
        out.push(...this.finals(said));
        out.push(...this.flush());
      }
    }
    return out;
  }
}
