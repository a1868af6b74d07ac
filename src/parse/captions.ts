/**
 * WebVTT and SRT captions. The cue syntax (timestamps, blocks, NOTE and STYLE) is read by the `subtitle` package;
 * the speaker comes from a `<v Name>` voice span (Teams), a `Name:` prefix (Zoom, SRT), or, in SRT where the
 * prefix appears only when the speaker changes, from the cue before.
 */
import { lazyRequire } from "../text/lazy.js";
import { inputError, mergeFragments, roleOfLabel, type Fragment } from "./common.js";
import type { TurnInput } from "../schema.js";

interface CueNode {
  type: "cue";
  data: { start: number; end: number; text: string };
}
type Subtitle = { parseSync(input: string): Array<CueNode | { type: "header"; data: string }> };
const loadSubtitle = lazyRequire<Subtitle>("subtitle");

const VOICE = /<v(?:\.[\w.-]+)?\s([^>]+)>/i;
const PREFIX = /^\s*(\p{L}[\p{L}\p{N} .'_-]{0,39}?)\s*:\s(.*)$/su;

function stripTags(text: string): string {
  return text
    .replace(/<\/?(?:v|c|i|b|u|lang|ruby|rt)(?:[.\s][^>]*)?>/gi, "")
    .replace(/<\d{1,2}:\d{2}(?::\d{2})?[.,]\d{3}>/g, "")
    .replace(/&amp;/g, "&")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&nbsp;/g, " ")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line !== "")
    .join(" ");
}

export function parseCaptions(text: string, source: string): TurnInput[] {
  let nodes;
  try {
    nodes = loadSubtitle().parseSync(text.replace(/\r\n?/g, "\n"));
  } catch (error) {
    throw inputError(source, "", `not valid captions: ${(error as Error).message}`);
  }
  const cues = nodes.filter((n): n is CueNode => n.type === "cue");
  if (cues.length === 0) throw inputError(source, "", "no caption cues found");
  const fragments: Fragment[] = [];
  let speaker = "unknown";
  for (const cue of cues) {
    let body = cue.data.text;
    const voice = VOICE.exec(body);
    if (voice !== null) speaker = (voice[1] ?? "").trim();
    body = stripTags(body);
    if (voice === null) {
      const prefix = PREFIX.exec(body);
      if (prefix !== null && !/^\d+$/.test(prefix[1] ?? "")) {
        speaker = (prefix[1] ?? "").trim();
        body = prefix[2] ?? "";
      }
    }
    if (body.trim() === "") continue;
    const f: Fragment = { speaker, text: body, start: cue.data.start / 1000, end: cue.data.end / 1000 };
    const role = roleOfLabel(speaker);
    if (role !== undefined) f.role = role;
    fragments.push(f);
  }
  return mergeFragments(fragments);
}
