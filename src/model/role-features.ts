/**
 * What the role model sees of a speaker: the words and word pairs of their first turns (presence, not counts), which
 * of the hand-written role cues their turns hold, how often they ask, and whether they spoke first. Each feature is
 * a 32-bit hash of its name, as in the tag scorer (features.ts); names are built only for training.
 */
import { fnv, mix, tokenize, tokenName, Tokens } from "../text/tokens.js";

/** Where a speaker's features go: the scorer adds up weights, the trainer collects names. */
export interface RoleSink {
  readonly wantNames: boolean;
  add(hash: number, name: string | undefined): void;
}

/** What the role features read of one speaker. */
export interface SpeakerText {
  /** Their first turns (at most ROLE_TURNS of them), quotes straightened. */
  texts: readonly string[];
  /** Which of the agent cues and the customer cues (roles.ts) their turns hold, by place in those lists. */
  agentCues: readonly boolean[];
  customerCues: readonly boolean[];
  /** They are the first speaker who is not a machine. */
  first: boolean;
}

/** How many words of each turn are read: a speaker's voice shows in how turns open. */
const WORDS_PER_TURN = 40;

const RU = fnv("ru:");
const RB = fnv("rb:");
const START = fnv("<s>");
const END = fnv("</s>");
const named = (name: string): { hash: number; name: string } => ({ hash: fnv(name), name });
const FIRST = named("pos:first");
const ASKS = [named("ask:none"), named("ask:some"), named("ask:most")];
const ONE_TURN = named("turns:one");
const agentCue = (i: number): { hash: number; name: string } => named(`cue:agent${i}`);
const customerCue = (i: number): { hash: number; name: string } => named(`cue:customer${i}`);
const AGENT_CUE_FEATURES = Array.from({ length: 32 }, (_, i) => agentCue(i));
const CUSTOMER_CUE_FEATURES = Array.from({ length: 32 }, (_, i) => customerCue(i));

const words = new Tokens();

export function speakerFeatures(speaker: SpeakerText, sink: RoleSink): void {
  const names = sink.wantNames;
  const put = (f: { hash: number; name: string }): void => sink.add(f.hash, f.name);
  let asks = 0;
  for (const text of speaker.texts) {
    if (text.includes("?")) asks++;
    words.clear();
    tokenize(text, 0, text.length, 0, words, WORDS_PER_TURN);
    let left = mix(RB, START);
    let prev = "<s>";
    for (let i = 0; i < words.n; i++) {
      const h = words.hash[i] ?? 0;
      const name = names ? tokenName(text, words, i) : undefined;
      sink.add(mix(RU, h), names ? `ru:${name}` : undefined);
      sink.add(mix(left, h), names ? `rb:${prev}_${name}` : undefined);
      left = mix(RB, h);
      if (names) prev = name ?? "";
    }
    if (words.n > 0) sink.add(mix(left, END), names ? `rb:${prev}_</s>` : undefined);
  }
  speaker.agentCues.forEach((hit, i) => {
    if (hit) put(AGENT_CUE_FEATURES[i] ?? agentCue(i));
  });
  speaker.customerCues.forEach((hit, i) => {
    if (hit) put(CUSTOMER_CUE_FEATURES[i] ?? customerCue(i));
  });
  const n = speaker.texts.length;
  if (n > 0) put(ASKS[asks === 0 ? 0 : asks * 2 > n ? 2 : 1] as { hash: number; name: string });
  if (n === 1) put(ONE_TURN);
  if (speaker.first) put(FIRST);
}
