/**
 * A call analysed while it is still going: turns are pushed one by one as speech-to-text finishes them, and each push
 * returns what changed (the turn's findings or customer events, the running score) and at most one nudge for the
 * agent. The final report is analyzeCall's over the final turns, so it is the batch report byte for byte.
 *
 * Each push goes on from where the last one left off (CallAnalysis: the batch's own per-turn code, so nothing can
 * drift), so a push costs about the same at the 500th turn as at the 5th. Only when a turn changes what the whole
 * call is read with (a speaker's role settles the other way, the customer names a new competitor) is the call
 * analysed again from its first turn; the update then lists the role changes.
 */
import { z } from "zod";
import { CallAnalysis, setupFor, type Revision } from "./analyze.js";
import { LIVE_EVENT_FORMATS, TurnAssembler, type LiveEventFormat } from "./live-events.js";
import { talksOfRival } from "./context.js";
import { parseOrThrow, SamesideInputError } from "./errors.js";
import { RoleSchema, type CallReport, type CustomerEvent, type Finding, type Options, type ReportTurn, type Role, type TurnInput } from "./schema.js";
import { HARMFUL_TAGS } from "./schema.js";
import { UPSET_SENTIMENT } from "./score.js";

export const LiveTurnSchema = z.object({
  speaker: z.string().min(1),
  text: z.string(),
  role: RoleSchema.optional(),
  start: z.number().nonnegative().optional(),
  end: z.number().nonnegative().optional(),
  /** false: a provisional (interim) result, replaced by the speaker's next push; default true. */
  final: z.boolean().optional(),
});
export type LiveTurn = z.infer<typeof LiveTurnSchema>;

export const NUDGE_KINDS = ["say-instead", "customer-said-no", "customer-escalated", "rival-named", "customer-upset"] as const;
export const NudgeSchema = z.object({
  kind: z.enum(NUDGE_KINDS),
  message: z.string(),
  /** The turn that prompted it (its index among the final turns, or the interim turn's would-be index). */
  turn: z.number().int().nonnegative(),
  /** The words that prompted it. */
  quote: z.string().optional(),
});
export type Nudge = z.infer<typeof NudgeSchema>;

export interface LiveUpdate {
  /** The pushed turn's index in the call (an interim turn: the index it would have). */
  turn: number;
  final: boolean;
  role: Role;
  /** The turn's findings (agent turns). */
  findings: Finding[];
  /** The turn's customer events (customer turns). */
  events: CustomerEvent[];
  score: number;
  band: CallReport["impact"]["band"];
  /** At most one: the most important thing for the agent to know now. */
  nudges: Nudge[];
  /** Speakers whose guessed role changed with this push (their turns were analysed again). */
  rolesChanged: Array<{ speaker: string; from: Role; to: Role }>;
  /**
   * A customer turn is also the reply to the agent's turn before it, and what the customer says back is part of what
   * that turn did (they answer pressure, a jab, a brush-off): when this push changed that agent turn's findings, the
   * turn and its findings now. For an interim push, what they would be.
   */
  revised?: { turn: number; findings: Finding[] };
}

export interface LiveCall {
  /** Adds a turn (or replaces the speaker's interim one) and says what changed. Throws SamesideInputError on a bad turn. */
  push(turn: LiveTurn): LiveUpdate;
  /**
   * Takes a speech-to-text vendor's streaming result as it comes (a Deepgram live message, an Amazon Transcribe
   * TranscriptEvent) and pushes the turns it gives: interim ones while words are being recognised, a final one when an
   * utterance ends. One update per turn pushed (none for an event that ends nothing and adds no words). A call takes
   * one format. Throws SamesideInputError naming the event and the field on a bad event.
   */
  pushEvent(event: unknown, how: { format: LiveEventFormat }): LiveUpdate[];
  /** Ends the utterance that vendor events left in progress (their final words wait for its end): its update, if any. */
  flush(): LiveUpdate[];
  /** The report of the final turns so far (after flush()): analyzeCall's over them, byte for byte. */
  report(): CallReport;
  /** Final turns so far. */
  readonly turns: number;
  /** Lets go of the call's turns; the call takes no pushes after it. */
  close(): void;
}


/** What the nudges read of the call so far, kept as final turns come. */
interface NudgeState {
  /** The customer's refusals and decisions so far. */
  noes: number;
  /** Whether a customer turn before this one brought a competitor up. */
  rivalBefore: boolean;
}

/** A nudge is not given again (same kind, same words) within this many turns of the last time. */
export const NUDGE_QUIET_TURNS = 4;

/** The nudge to say something else instead of a harmful finding on agent turn `turn`. */
const sayInstead = (harm: Finding, turn: number): Nudge => ({ kind: "say-instead", message: harm.suggestion ?? harm.message, turn, quote: harm.quote });

/** The nudge that matters most after final turn `index` (its report turn `turn`), if any. */
function nudgeFor(analysis: CallAnalysis, turn: ReportTurn, talks: boolean, state: NudgeState): Nudge | undefined {
  const index = turn.index;
  if (turn.role === "agent") {
    // A rule's finding before a learned one: its say-instead was written for exactly what it caught.
    const harmful = turn.tags.filter((f) => HARMFUL_TAGS.includes(f.tag));
    const harm = harmful.find((f) => !f.rule.endsWith("/learned")) ?? harmful[0];
    if (harm === undefined) return undefined;
    return sayInstead(harm, index);
  }
  if (turn.role !== "customer") return undefined;
  const events = turn.events ?? [];
  const no = events.find((e) => e.kind === "refusal" || e.kind === "decision");
  if (no !== undefined) {
    const noes = state.noes;
    const message =
      noes >= 2 ? `They've said no ${noes === 2 ? "twice" : `${noes} times`}: confirm and do what they asked.` : "They've said no: confirm it, and offer at most one choice, not a pitch.";
    return { kind: "customer-said-no", message, turn: index, quote: no.quote };
  }
  const escalation = events.find((e) => e.kind === "escalation");
  if (escalation !== undefined) return { kind: "customer-escalated", message: "They're escalating: acknowledge it before you explain anything.", turn: index, quote: escalation.quote };
  if (!state.rivalBefore && talks) {
    return { kind: "rival-named", message: "They've mentioned a competitor: compare fairly, never run them down.", turn: index };
  }
  if ((turn.sentiment ?? 0) < UPSET_SENTIMENT) {
    // Upset, and nothing from the agent has acknowledged it since the customer's last calm turn.
    let acknowledged = false;
    for (let i = index - 1; i >= 0 && !acknowledged; i--) {
      const t = analysis.turn(i);
      if (t === undefined) break;
      if (t.role === "customer" && (t.sentiment ?? 0) >= UPSET_SENTIMENT) break;
      if (t.role === "agent" && t.tags.some((f) => f.tag === "empathy" || f.tag === "apology")) acknowledged = true;
    }
    if (!acknowledged) return { kind: "customer-upset", message: "They're upset: name it and own the next step before anything else.", turn: index };
  }
  return undefined;
}

/** The say-instead nudge for a harmful tag the revised agent turn has and its earlier reading did not. */
function newHarm({ before, now }: Revision): Nudge | undefined {
  const had = new Set(before.tags.map((f) => f.tag));
  const harm = now.tags.find((f) => HARMFUL_TAGS.includes(f.tag) && !had.has(f.tag));
  return harm === undefined ? undefined : sayInstead(harm, now.index);
}

const noesOf = (turn: ReportTurn | undefined): number => (turn?.role === "customer" ? (turn.events ?? []).filter((e) => e.kind === "refusal" || e.kind === "decision").length : 0);

/** Starts a live call. `options` are analyzeCall's (checked now, so a bad option fails before the first turn). */
export function createLiveCall(init: { id?: string; options?: Options } = {}): LiveCall {
  const setup = setupFor(init.options ?? {});
  const id = init.id;
  let analysis: CallAnalysis | undefined = new CallAnalysis(setup, id);
  /** Per final turn, whether its words bring a competitor up (whoever said them): read once, when it is pushed. */
  let talks: boolean[] = [];
  const state: NudgeState = { noes: 0, rivalBefore: false };
  /** When each nudge (by kind and words) was last given. */
  let given = new Map<string, number>();
  /** The nudge state again from every final turn: after the roles changed, turns are read with their new roles. */
  const recount = (call: CallAnalysis, upTo: number): void => {
    state.noes = 0;
    state.rivalBefore = false;
    for (let i = 0; i < upTo; i++) {
      const t = call.turn(i);
      state.noes += noesOf(t);
      if (t?.role === "customer" && talks[i] === true) state.rivalBefore = true;
    }
  };
  const inputOf = ({ speaker, text, role, start, end }: LiveTurn): TurnInput => ({
    speaker,
    text,
    ...(role !== undefined ? { role } : {}),
    ...(start !== undefined ? { start } : {}),
    ...(end !== undefined ? { end } : {}),
  });
  let assembler: TurnAssembler | undefined;
  let events = 0;
  const of = id !== undefined ? ` of call ${id}` : "";
  const call: LiveCall = {
    push(raw: LiveTurn): LiveUpdate {
      if (analysis === undefined) throw new Error(`live call${id !== undefined ? ` ${id}` : ""} is closed`);
      const turn = parseOrThrow(LiveTurnSchema, raw, `turn ${analysis.length}${id !== undefined ? ` of call ${id}` : ""}`);
      if (turn.final === false) {
        // A provisional result: analysed as the next turn, then taken back (the next push replaces it).
        const peek = analysis.peek(inputOf(turn));
        const update: LiveUpdate = { turn: analysis.length, final: false, role: peek.turn.role, findings: peek.turn.tags, events: peek.turn.events ?? [], score: peek.score, band: peek.band, nudges: [], rolesChanged: peek.rolesChanged };
        if (peek.revised !== undefined) update.revised = { turn: peek.revised.now.index, findings: peek.revised.now.tags };
        return update;
      }
      const { turn: out, rolesChanged, revised } = analysis.add(inputOf(turn));
      const index = out.index;
      talks.push(talksOfRival(turn.text, setup.known, setup.company));
      if (rolesChanged.length > 0) recount(analysis, index);
      state.noes += noesOf(out);
      const { score, band } = analysis.running();
      const update: LiveUpdate = { turn: index, final: true, role: out.role, findings: out.tags, events: out.events ?? [], score, band, nudges: [], rolesChanged };
      if (revised !== undefined) update.revised = { turn: revised.now.index, findings: revised.now.tags };
      // The customer's own news first; else what their reply showed about the agent's last turn, if it is new harm.
      const nudge = nudgeFor(analysis, out, talks[index] === true, state) ?? (revised !== undefined ? newHarm(revised) : undefined);
      if (out.role === "customer" && talks[index] === true) state.rivalBefore = true;
      if (nudge !== undefined) {
        const key = `${nudge.kind}\u0000${nudge.message}`;
        const last = given.get(key);
        if (last === undefined || index - last > NUDGE_QUIET_TURNS) {
          given.set(key, index);
          update.nudges.push(nudge);
        }
      }
      return update;
    },
    pushEvent(event: unknown, how: { format: LiveEventFormat }): LiveUpdate[] {
      const where = `event ${events}${of}`;
      if (!LIVE_EVENT_FORMATS.includes(how.format)) {
        throw new SamesideInputError(where, [{ path: "format", message: `expected one of ${LIVE_EVENT_FORMATS.join(", ")}, got ${JSON.stringify(how.format)}` }]);
      }
      if (assembler !== undefined && assembler.format !== how.format) {
        throw new SamesideInputError(where, [{ path: "format", message: `this call takes ${assembler.format} events, got ${how.format}` }]);
      }
      assembler ??= new TurnAssembler(how.format);
      const turns = assembler.turns(event, where);
      events++;
      return turns.map((t) => call.push(t));
    },
    flush(): LiveUpdate[] {
      return (assembler?.flush() ?? []).map((t) => call.push(t));
    },
    report(): CallReport {
      if (analysis === undefined) throw new Error(`live call${id !== undefined ? ` ${id}` : ""} is closed`);
      call.flush();
      return analysis.report();
    },
    get turns(): number {
      return analysis?.length ?? 0;
    },
    close(): void {
      analysis = undefined;
      assembler = undefined;
      talks = [];
      given = new Map();
    },
  };
  return call;
}
