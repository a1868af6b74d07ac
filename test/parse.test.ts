import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseTranscript, SamesideInputError, type TranscriptFormat, type TurnInput } from "../src/index.js";

const dir = fileURLToPath(new URL("./fixtures/formats/", import.meta.url));
const read = (name: string) => readFileSync(dir + name, "utf8");
const twin = parseTranscript(read("plain.txt")).calls[0]?.turns ?? [];

/** Speakers as first-seen indexes, so "Agent"/"spk_0"/"A" compare equal when they split the call the same way. */
function speakerPattern(turns: readonly TurnInput[]): number[] {
  const seen: string[] = [];
  return turns.map((t) => {
    if (!seen.includes(t.speaker)) seen.push(t.speaker);
    return seen.indexOf(t.speaker);
  });
}

const TIMES = [
  [0.5, 3.2],
  [3.6, 6.8],
  [7.1, 11.4],
  [11.9, 13.0],
  [13.5, 16.2],
];

const fixtures: Array<[file: string, format: TranscriptFormat, times: boolean, roles: boolean]> = [
  ["plain-timestamps.txt", "plain", false, false],
  ["teams.vtt", "webvtt", true, false],
  ["zoom.vtt", "webvtt", true, false],
  ["captions.srt", "srt", true, false],
  ["transcribe.json", "transcribe", true, false],
  ["transcribe-audio-segments.json", "transcribe", true, false],
  ["transcribe-call-analytics.json", "transcribe-call-analytics", true, true],
  ["deepgram.json", "deepgram", true, false],
  ["assemblyai.json", "assemblyai", true, false],
  ["openai-diarized.json", "openai-diarized", true, false],
  ["whisperx.json", "whisperx", true, false],
  ["sameside.json", "sameside", true, true],
];

describe("the plain-text twin", () => {
  it("has five turns with roles from its labels, the unlabelled line continuing the turn before", () => {
    expect(twin.map((t) => t.role)).toEqual(["agent", "customer", "agent", "customer", "agent"]);
    expect(twin[2]?.text).toBe("Honestly, their network is a joke. Why would you give up our speeds?");
  });
});

describe.each(fixtures)("%s", (file, format, times, roles) => {
  const parsed = parseTranscript(read(file), { source: file });
  const turns = parsed.calls[0]?.turns ?? [];

  it(`is detected as ${format}`, () => expect(parsed.format).toBe(format));
  it("gives the same turn texts as its plain twin, fragments of one speaker merged", () => {
    expect(turns.map((t) => t.text)).toEqual(twin.map((t) => t.text));
  });
  it("splits the speakers the same way", () => expect(speakerPattern(turns)).toEqual(speakerPattern(twin)));
  if (times) it("keeps each turn's span in seconds", () => expect(turns.map((t) => [t.start, t.end])).toEqual(TIMES));
  if (roles) it("keeps the roles it gives", () => expect(turns.map((t) => t.role)).toEqual(twin.map((t) => t.role)));
  it("reads the same from an already-parsed JSON value", () => {
    if (!file.endsWith(".json")) return;
    expect(parseTranscript(JSON.parse(read(file))).calls[0]?.turns).toEqual(turns);
  });
});

describe("other inputs", () => {
  it("reads JSON Lines as several calls", () => {
    const parsed = parseTranscript(read("calls.jsonl"));
    expect(parsed.format).toBe("jsonl");
    expect(parsed.calls.map((c) => c.id)).toEqual(["call-42", "call-43"]);
  });

  it("takes start times from plain-text timestamps but never a clock time as a speaker", () => {
    const turns = parseTranscript(read("plain-timestamps.txt")).calls[0]?.turns ?? [];
    expect(turns.map((t) => t.start)).toEqual([0, 3, 7, 11, undefined]);
    expect(turns.map((t) => t.speaker)).toEqual(["Kevin Ruiz", "Maria Chen", "Kevin Ruiz", "Maria Chen", "Kevin Ruiz"]);
  });

  it("obeys a forced format", () => {
    expect(parseTranscript("Agent: hi", { format: "plain" }).format).toBe("plain");
    expect(() => parseTranscript("Agent: hi", { format: "deepgram" })).toThrow(SamesideInputError);
  });
});

describe("errors name the file and the place", () => {
  const cases: Array<[string, string | unknown, RegExp]> = [
    ["invalid JSON, with line and column", '{\n  "turns": [\n    {"speaker": "A" "text": "x"}\n  ]\n}', /bad\.json:3:\d+: invalid JSON/],
    ["a wrong type deep in a vendor file", { results: { utterances: [{ transcript: "hi", start: "soon", end: 1, speaker: 0 }] } }, /bad\.json:\$\.results\.utterances\[0\]\.start/],
    ["a wrong type in our own JSON", { turns: [{ speaker: "A", text: 5 }] }, /bad\.json:\$\.turns\[0\]\.text/],
    ["a JSON value of no known format", { hello: "world" }, /bad\.json: .*not a transcript format/],
    ["an empty file", "   \n", /bad\.json: the file is empty/],
    ["a binary file", "\u0000\u0001PNG", /binary/],
    ["a plain transcript whose first line has no speaker", "12:00\nhello there\n", /bad\.json:2: expected "Speaker: text"/],
    ["a bad line in JSON Lines", '{"turns": []}\n{"turns": [}\n', /bad\.json:2(?::\d+)?: invalid JSON/],
  ];
  it.each(cases)("%s", (_what, input, message) => {
    expect(() => parseTranscript(input, { source: "bad.json" })).toThrow(message);
  });
});
