/**
 * Timing features, for transcripts with start and end times: who talked how much, the longest monologue per role,
 * interruptions (a turn starting before the other side's turn ended) and silences longer than a threshold.
 */
import type { Role, Timing } from "./schema.js";
import { roundTo } from "./text/index.js";

interface TimedTurn {
  index: number;
  role: Role;
  start?: number | undefined;
  end?: number | undefined;
}

export const DEFAULT_SILENCE_SECONDS = 5;

export function timingOf(turns: readonly TimedTurn[], silenceSeconds = DEFAULT_SILENCE_SECONDS): Timing | undefined {
  const timed = turns.filter((t): t is TimedTurn & { start: number; end: number } => t.start !== undefined && t.end !== undefined && t.end >= t.start);
  if (timed.length < 2) return undefined;
  const talk = { agent: 0, customer: 0, system: 0 };
  const longest: Timing["longestMonologue"] = {};
  for (const t of timed) {
    const seconds = t.end - t.start;
    talk[t.role] += seconds;
    const best = longest[t.role];
    if (best === undefined || seconds > best.seconds) longest[t.role] = { turn: t.index, seconds: roundTo(seconds, 2) };
  }
  const human = talk.agent + talk.customer;
  const interruptions: Timing["interruptions"] = [];
  const silences: Timing["silences"] = [];
  const byStart = [...timed].sort((a, b) => a.start - b.start || a.index - b.index);
  let latest: (typeof byStart)[number] | undefined;
  for (const t of byStart) {
    if (latest !== undefined) {
      if (t.start < latest.end && t.role !== latest.role && t.role !== "system" && latest.role !== "system") {
        interruptions.push({ turn: t.index, by: t.role, interrupted: latest.index, overlapSeconds: roundTo(Math.min(latest.end, t.end) - t.start, 2) });
      } else if (t.start - latest.end >= silenceSeconds) {
        silences.push({ afterTurn: latest.index, seconds: roundTo(t.start - latest.end, 2) });
      }
    }
    if (latest === undefined || t.end > latest.end) latest = t;
  }
  return {
    talkSeconds: { agent: roundTo(talk.agent, 2), customer: roundTo(talk.customer, 2), system: roundTo(talk.system, 2) },
    talkRatio: { agent: human === 0 ? 0 : roundTo(talk.agent / human, 3), customer: human === 0 ? 0 : roundTo(talk.customer / human, 3) },
    longestMonologue: longest,
    interruptions,
    silences,
    silenceThreshold: silenceSeconds,
  };
}
