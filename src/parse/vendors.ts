/**
 * Speech-to-text vendors' JSON. Each reader checks the fields it uses with a zod schema (other fields are
 * ignored), so a field of the wrong type is an error with its JSON path, never a silently empty call.
 */
import { z } from "zod";
import { SamesideInputError, formatPath } from "../errors.js";
import type { TurnInput } from "../schema.js";
import { joinText, mergeFragments, seconds, type Fragment } from "./common.js";

/**
 * A schema built the first time it is needed: a run reads one vendor's format if any, and building zod schemas at
 * import would cost every user of the package the time of all of them.
 */
function lazily<S extends z.ZodType>(build: () => S): () => S {
  let schema: S | undefined;
  return () => (schema ??= build());
}

const num = lazily(() => z.union([z.number(), z.string().regex(/^\s*-?\d+(?:\.\d+)?\s*$/, "expected a number")]));

function check<T>(schema: z.ZodType<T>, value: unknown, source: string, format: string): T {
  const r = schema.safeParse(value);
  if (r.success) return r.data;
  throw new SamesideInputError(
    `${format} transcript (${source})`,
    r.error.issues.slice(0, 5).map((i) => ({ path: `${source}:$.${formatPath(i.path)}`.replace(/\.$/, "").replace(/\.\[/g, "["), message: i.message })),
  );
}

// Amazon Transcribe, standard batch output with speaker diarization.
const TranscribeItem = lazily(() =>
  z.object({
    start_time: num().optional(),
    end_time: num().optional(),
    speaker_label: z.string().optional(),
    type: z.string(),
    alternatives: z.array(z.object({ content: z.string() })).min(1),
  }),
);
const TranscribeSchema = lazily(() =>
  z.object({
    results: z.object({
      items: z.array(TranscribeItem()).optional(),
      speaker_labels: z
        .object({
          segments: z.array(
            z.object({ speaker_label: z.string(), start_time: num(), end_time: num(), items: z.array(z.object({ start_time: num(), end_time: num() })) }),
          ),
        })
        .optional(),
      audio_segments: z
        .array(z.object({ transcript: z.string(), start_time: num(), end_time: num(), speaker_label: z.string().optional() }))
        .optional(),
    }),
  }),
);

export function fromTranscribe(value: unknown, source: string): TurnInput[] {
  const { results } = check(TranscribeSchema(), value, source, "Amazon Transcribe");
  if (results.audio_segments !== undefined && results.audio_segments.some((s) => s.speaker_label !== undefined)) {
    return mergeFragments(
      results.audio_segments.map((s) => ({ speaker: s.speaker_label ?? "unknown", text: s.transcript, start: seconds(s.start_time), end: seconds(s.end_time) })),
    );
  }
  const items = results.items ?? [];
  // Older output puts the speaker only in speaker_labels.segments: map each word's start time to its speaker.
  const byStart = new Map<string, string>();
  for (const seg of results.speaker_labels?.segments ?? []) for (const it of seg.items) byStart.set(String(seconds(it.start_time)), seg.speaker_label);
  const fragments: Fragment[] = [];
  let speaker = "unknown";
  for (const item of items) {
    const content = item.alternatives[0]?.content ?? "";
    if (item.type === "pronunciation") {
      speaker = item.speaker_label ?? (item.start_time !== undefined ? byStart.get(String(seconds(item.start_time))) : undefined) ?? speaker;
      const f: Fragment = { speaker, text: content };
      if (item.start_time !== undefined) f.start = seconds(item.start_time);
      if (item.end_time !== undefined) f.end = seconds(item.end_time);
      fragments.push(f);
    } else {
      // Punctuation belongs to the word before it.
      const last = fragments.at(-1);
      if (last !== undefined) last.text = joinText([last.text, content]);
    }
  }
  return mergeFragments(fragments);
}

// Amazon Transcribe Call Analytics: turns with roles.
const CallAnalyticsSchema = lazily(() =>
  z.object({
    Transcript: z.array(
      z.object({ Content: z.string(), ParticipantRole: z.string(), BeginOffsetMillis: z.number().optional(), EndOffsetMillis: z.number().optional() }),
    ),
  }),
);

export function fromCallAnalytics(value: unknown, source: string): TurnInput[] {
  const { Transcript } = check(CallAnalyticsSchema(), value, source, "Transcribe Call Analytics");
  return mergeFragments(
    Transcript.map((t) => {
      const role = t.ParticipantRole.toUpperCase();
      const f: Fragment = { speaker: role === "AGENT" ? "Agent" : role === "CUSTOMER" ? "Customer" : t.ParticipantRole, text: t.Content };
      if (role === "AGENT") f.role = "agent";
      else if (role === "CUSTOMER") f.role = "customer";
      if (t.BeginOffsetMillis !== undefined) f.start = seconds(t.BeginOffsetMillis, 1000);
      if (t.EndOffsetMillis !== undefined) f.end = seconds(t.EndOffsetMillis, 1000);
      return f;
    }),
  );
}

// Deepgram pre-recorded with utterances=true (and diarize=true): times in seconds, numeric speakers.
const DeepgramSchema = lazily(() =>
  z.object({
    results: z.object({
      utterances: z.array(z.object({ transcript: z.string(), start: z.number(), end: z.number(), speaker: z.number().int().optional(), channel: z.number().int().optional() })),
    }),
  }),
);

export function fromDeepgram(value: unknown, source: string): TurnInput[] {
  const { results } = check(DeepgramSchema(), value, source, "Deepgram");
  return mergeFragments(
    results.utterances.map((u) => ({
      speaker: u.speaker !== undefined ? `speaker_${u.speaker}` : `channel_${u.channel ?? 0}`,
      text: u.transcript,
      start: seconds(u.start),
      end: seconds(u.end),
    })),
  );
}

// AssemblyAI with speaker_labels: utterances with "A"/"B" speakers, times in milliseconds.
const AssemblySchema = lazily(() =>
  z.object({
    utterances: z.array(z.object({ speaker: z.string(), text: z.string(), start: z.number(), end: z.number() })),
  }),
);

export function fromAssembly(value: unknown, source: string): TurnInput[] {
  const { utterances } = check(AssemblySchema(), value, source, "AssemblyAI");
  return mergeFragments(utterances.map((u) => ({ speaker: u.speaker, text: u.text, start: seconds(u.start, 1000), end: seconds(u.end, 1000) })));
}

// OpenAI gpt-4o-transcribe-diarize with response_format "diarized_json", and WhisperX: segments in seconds.
const SegmentsSchema = lazily(() =>
  z.object({
    segments: z.array(
      z.object({
        text: z.string(),
        start: z.number().optional(),
        end: z.number().optional(),
        speaker: z.union([z.string(), z.number()]).optional(),
        words: z.array(z.object({ speaker: z.union([z.string(), z.number()]).optional() })).optional(),
      }),
    ),
  }),
);

export function fromSegments(value: unknown, source: string, format: string): TurnInput[] {
  const { segments } = check(SegmentsSchema(), value, source, format);
  let previous = "unknown";
  return mergeFragments(
    segments.map((s) => {
      // WhisperX leaves a segment's speaker out when it could not assign one: use its words' speaker if they
      // agree on one, else the speaker before. The text is never dropped.
      let speaker = s.speaker !== undefined ? String(s.speaker) : undefined;
      if (speaker === undefined) {
        const said = new Set((s.words ?? []).flatMap((w) => (w.speaker !== undefined ? [String(w.speaker)] : [])));
        speaker = said.size === 1 ? [...said][0] : previous;
      }
      previous = speaker ?? previous;
      const f: Fragment = { speaker: speaker ?? "unknown", text: s.text };
      if (s.start !== undefined) f.start = seconds(s.start);
      if (s.end !== undefined) f.end = seconds(s.end);
      return f;
    }),
  );
}
