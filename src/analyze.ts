/**
 * analyzeCall wires the pipeline together and does nothing else:
 * input → roles → sentences → customer signals → call state → detectors → score → report.
 */
import { CallStateWalk, findRivalNames, rivalsOf } from "./context.js";
import { customerSignals, isOffer, type CustomerTurnSignals } from "./customer.js";
import { compileRules, detectTurn, maskRivals, namesRival, type CompiledRuleSet, type TurnState } from "./detectors/engine.js";
import { detectorMeta, detectors } from "./detectors/index.js";
import { parseOrThrow } from "./errors.js";
import type { CustomerWords, FeatureSink, TurnContext } from "./model/features.js";
import { CUSTOMER_WORDS, turnFeatures } from "./model/features.js";
import { meaningInput, meaningWidth } from "./model/meaning.js";
import { learnedScores, reviewFindings } from "./model/scorer.js";
import { CallHistory } from "./model/sequence.js";
import { PII_KINDS, redactTurns, type Redactions } from "./redact.js";
import { decideRoles, RoleTally, roleOfTurn, sourceOfTurn, speakerRoles, type RoleDecision, type RoleOptions } from "./roles.js";
import {
  CallInputSchema,
  OptionsSchema,
  TAG_IDS,
  type Band,
  type CallInput,
  type CallReport,
  type CustomerEvent,
  type Finding,
  type Options,
  type ReportTurn,
  type Role,
  type RuleInput,
  type SpeakerRole,
  type TagId,
  type TurnInput,
} from "./schema.js";
import { MomentReader, scoreMoments, UPSET_SENTIMENT, type ReaderMark, type ScoredTurn } from "./score.js";
import { splitRuns, splitSentences, type Span } from "./text/index.js";
import { markRivals, Tokens } from "./text/tokens.js";
import { timingOf } from "./timing.js";

/** An option that takes one name or several, as a list. */
export function list(value: string | string[] | undefined): string[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

const ruleCache = new Map<string, CompiledRuleSet>();
const RULE_CACHE_SIZE = 64;

function rulesFor(disabled: readonly string[], extra: readonly RuleInput[]): CompiledRuleSet {
  const key = `${[...disabled].sort().join("\u0000")}\u0001${extra.length > 0 ? JSON.stringify(extra) : ""}`;
  let compiled = ruleCache.get(key);
  if (compiled === undefined) {
    compiled = compileRules(detectors, new Set(disabled), extra);
    if (ruleCache.size >= RULE_CACHE_SIZE) ruleCache.delete(ruleCache.keys().next().value ?? "");
    ruleCache.set(key, compiled);
  }
  return compiled;
}

/** Shared by every turn without events; never written to. */
const NO_EVENTS: readonly CustomerEvent[] = [];

const suggestionFor = (tag: TagId): string | undefined => detectorMeta(tag)?.sayInstead;

/** Scratch lists for words gathered on the cue walks: a customer turn's, then an agent turn's. */
const gathered = new Tokens();
const agentWords = new Tokens();

/** Words as (hash, start, end) triples, kept beyond the scratch list they were gathered in. */
function triples(words: Tokens): Int32Array {
  const out = new Int32Array(words.n * 3);
  for (let k = 0; k < words.n; k++) {
    out[k * 3] = words.hash[k] ?? 0;
    out[k * 3 + 1] = words.start[k] ?? 0;
    out[k * 3 + 2] = words.end[k] ?? 0;
  }
  return out;
}

/** The customer's side just before the current turn, as the learned scorer reads it. */
class CustomerSoFar {
  text: string | undefined = undefined;
  words: Int32Array | undefined = undefined;
  upset = false;
  refused = false;

  see(text: string, signals: CustomerTurnSignals | undefined, words: Int32Array | undefined): void {
    this.text = text;
    this.words = words;
    this.upset = (signals?.sentiment ?? 0) < UPSET_SENTIMENT;
    this.refused = false;
    for (const e of signals?.events ?? NO_EVENTS) if (e.kind === "refusal" || e.kind === "decision") this.refused = true;
  }
}

/** The agent turn's words, gathered on the rules' cue walk; a competitor's name read as one "<rival>". */
function agentWordsFor(text: string, rivals: readonly string[]): Tokens {
  if (namesRival(text, rivals)) markRivals(agentWords, maskRivals(text, rivals));
  return agentWords;
}

/** The learned scorer's view of the call before an agent turn; one object, refilled for each turn. */
const context: TurnContext = { refusals: 0, justRefused: false, rival: false, escalated: false, upset: false, rules: [] };
function contextFor(state: TurnState, customer: CustomerSoFar, rules: readonly Finding[]): TurnContext {
  context.refusals = state.refusals;
  context.justRefused = customer.refused;
  context.rival = state.rivalContext;
  context.escalated = state.escalated;
  context.upset = customer.upset || state.escalated;
  context.rules = rules;
  return context;
}

/** Tags the learned scorer may add: a bit per tag (by its place in TAG_IDS), off for a disabled tag or `<tag>/learned`. */
function learnedTags(disabled: readonly string[]): number {
  if (disabled.includes("learned")) return 0;
  let bits = 0;
  TAG_IDS.forEach((tag, i) => {
    if (!disabled.includes(tag) && !disabled.includes(`${tag}/learned`)) bits |= 1 << i;
  });
  return bits;
}

const BUILT_IN_RULES = new Set(detectors.flatMap((d) => d.rules.map((r) => r.id)));
const isBuiltInRule = (id: string): boolean => BUILT_IN_RULES.has(id);

const byPosition = (a: Finding, b: Finding): number => a.start - b.start || TAG_IDS.indexOf(a.tag) - TAG_IDS.indexOf(b.tag);

/** What stays fixed for a call's analysis: its options, their compiled rules, the learned tags, role options. */
interface Setup {
  opts: Options;
  rules: CompiledRuleSet;
  enabled: number;
  company: string[];
  known: string[];
  roleOptions: RoleOptions;
}

function setupOf(opts: Options): Setup {
  return {
    opts,
    rules: rulesFor(opts.disable ?? [], opts.rules ?? []),
    enabled: learnedTags(opts.disable ?? []),
    company: list(opts.company),
    known: opts.competitors ?? [],
    roleOptions: { agentNames: list(opts.agent), overrides: opts.roles ?? {} },
  };
}

/**
 * One pass over a call's turns, in order, with its roles and competitors fixed: the call state, the customer's side
 * so far, the report's turns and the score's moments. Each turn costs the same however long the call is; mark() and
 * restore() take a provisional turn back.
 */
class CallWalk {
  readonly turns: ReportTurn[] = [];
  readonly reader = new MomentReader();
  readonly state: CallStateWalk;
  readonly customer = new CustomerSoFar();
  /** The agent's earlier turns as the learned scorer's second pass reads them. */
  readonly history = new CallHistory();
  /** The last agent turn's text (a customer's "no" right after an offer is a refusal of it). */
  private lastAgent: string | undefined = undefined;
  /** The customer's first words as the scorer reads them (see customerWords), and the words they were made from. */
  private readonly view: CustomerWords = { text: "", words: new Int32Array(0) };
  private viewOf: Int32Array | undefined = undefined;

  constructor(readonly rivals: readonly string[]) {
    this.state = new CallStateWalk(rivals);
  }

  /** The state turn i is said in, and a customer turn's signals (what later turns read of it is updated). */
  advance(text: string, sentences: readonly Span[], role: Role): { state: TurnState; signals?: CustomerTurnSignals } {
    const state = this.state.before(text);
    if (role === "agent") this.lastAgent = text;
    if (role !== "customer") return { state };
    const signals = customerSignals(text, sentences, this.lastAgent !== undefined && isOffer(this.lastAgent), gathered, CUSTOMER_WORDS);
    this.customer.see(text, signals, triples(gathered));
    this.state.afterCustomer(signals.events);
    return { state, signals };
  }

  /**
   * The customer's first words as the scorer reads them: with competitor names in the call, a name's words are read
   * as one "<rival>". One object, refilled when the customer speaks again.
   */
  customerWords(): CustomerWords | undefined {
    const { text, words } = this.customer;
    if (text === undefined || words === undefined) return undefined;
    if (this.viewOf === words) return this.view;
    this.viewOf = words;
    this.view.text = text;
    this.view.words = words;
    if (!namesRival(text, this.rivals)) return this.view;
    gathered.clear();
    for (let k = 0; k + 2 < words.length; k += 3) gathered.push(words[k] ?? 0, words[k + 1] ?? 0, words[k + 2] ?? 0, 0);
    markRivals(gathered, maskRivals(text, this.rivals));
    this.view.words = triples(gathered);
    return this.view;
  }

  mark(): WalkMark {
    const { customer, state } = this;
    return {
      turns: this.turns.length,
      reader: this.reader.mark(),
      lastAgent: this.lastAgent,
      customer: { text: customer.text, words: customer.words, upset: customer.upset, refused: customer.refused },
      state: { refusals: state.refusals, rivalContext: state.rivalContext, escalated: state.escalated },
      history: this.history.copy(),
    };
  }

  restore(m: WalkMark): void {
    this.turns.length = m.turns;
    this.reader.restore(m.reader);
    this.lastAgent = m.lastAgent;
    Object.assign(this.customer, m.customer);
    Object.assign(this.state, m.state);
    this.history.restore(m.history);
  }
}

interface WalkMark {
  turns: number;
  reader: ReaderMark;
  lastAgent: string | undefined;
  customer: Pick<CustomerSoFar, "text" | "words" | "upset" | "refused">;
  state: TurnState;
  history: CallHistory;
}

/**
 * Analyses the walk's next turn: its state, the customer's signals or the agent's findings; adds it to the walk. An
 * agent turn's `reply` is the customer's turn right after it, when there is one (the learned scorer reads it).
 */
function analyzeTurn(setup: Setup, walk: CallWalk, t: TurnInput, sentences: readonly Span[], role: Role, roleSource: "given" | "guessed", reply?: string): ReportTurn {
  const index = walk.turns.length;
  const { state, signals } = walk.advance(t.text, sentences, role);
  let tags: Finding[] = [];
  if (role === "agent") {
    const { rules, enabled } = setup;
    tags = detectTurn(rules, t.text, sentences, state, suggestionFor, walk.rivals, enabled !== 0 ? agentWords : undefined);
    if (enabled !== 0) {
      const reviewed = reviewFindings(
        tags,
        {
          text: t.text,
          sentences,
          words: agentWordsFor(t.text, walk.rivals),
          context: contextFor(state, walk.customer, tags),
          customer: walk.customerWords(),
          enabled,
          history: walk.history,
          reply,
        },
        isBuiltInRule,
        suggestionFor,
      );
      if (reviewed !== tags) tags = reviewed.sort(byPosition);
    }
  }
  const turn: ReportTurn = { index, speaker: t.speaker, role, roleSource, text: t.text, tags };
  if (t.start !== undefined) turn.start = t.start;
  if (t.end !== undefined) turn.end = t.end;
  const scored: ScoredTurn = { index, role, tags, state };
  if (signals !== undefined) {
    turn.sentiment = signals.sentiment;
    turn.events = signals.events;
    scored.sentiment = signals.sentiment;
    scored.events = signals.events;
  }
  walk.turns.push(turn);
  walk.reader.add(scored);
  return turn;
}

export type RoleChange = { speaker: string; from: Role; to: Role };

/** An agent turn re-read with the customer's reply: as it was, and as it is now. */
export interface Revision {
  before: ReportTurn;
  now: ReportTurn;
}

/** The revision of an agent turn, when its findings (tags, rules, places, messages, evidence) `now` differ from `before`. */
function revisedTurn(before: ReportTurn | undefined, now: ReportTurn | undefined): Revision | undefined {
  if (before === undefined || now === undefined || now.role !== "agent" || before === now) return undefined;
  return before.tags.length === now.tags.length && JSON.stringify(before.tags) === JSON.stringify(now.tags) ? undefined : { before, now };
}

/** Speakers (in order of first turn) decided before whose role is now another. */
function changesOf(order: readonly string[], before: RoleDecision, after: RoleDecision): RoleChange[] {
  const out: RoleChange[] = [];
  for (const speaker of order) {
    const was = before.decided.get(speaker);
    const now = after.decided.get(speaker);
    if (was !== undefined && now !== undefined && now.role !== was.role) out.push({ speaker, from: was.role, to: now.role });
  }
  return out;
}

/**
 * A call's analysis, built a turn at a time. The roles and the competitors in play are read from the whole call so
 * far; while they hold, a new turn is analysed on its own (the walk goes on from where it was), and when the new
 * turn changes them (a speaker's role settles the other way, the customer names a new competitor) the call is
 * walked again from its first turn. So after any number of turns the analysis is the batch analysis of those turns.
 * analyzeCall gives it all its turns at once; a live call adds them as they come.
 */
export class CallAnalysis {
  /** The turns as analysed (masked when redacting), their sentences, and what redaction masked. */
  private readonly inputs: TurnInput[] = [];
  private readonly sentences: Span[][] = [];
  private readonly redacted: Redactions | undefined;
  private readonly tally = new RoleTally();
  private decision: RoleDecision;
  /** Competitor names the customer's turns have given, and the competitors in play (with the options'). */
  private named = new Set<string>();
  private rivals: string[];
  private walk: CallWalk;
  /** When the last turn is an agent's: the walk as it was before it (a customer's reply revises that turn). */
  private agentMark: WalkMark | undefined;

  constructor(
    private readonly setup: Setup,
    private readonly callId: string | undefined,
    turns: readonly TurnInput[] = [],
  ) {
    this.redacted = setup.opts.redact === true ? (Object.fromEntries(PII_KINDS.map((k) => [k, 0])) as Redactions) : undefined;
    // Plain loops that push, not map(): an array map() returns is typed by what it holds (an empty one as numbers), so
    // the optimised code of every loop that reads it would be thrown away and rebuilt each time a new kind turns up.
    for (const t of turns) this.take(t);
    this.decision = decideRoles(this.tally, setup.roleOptions);
    this.rivals = this.findRivals();
    this.walk = this.walkAll();
  }

  get length(): number {
    return this.inputs.length;
  }

  /**
   * Adds a turn: its report turn, the speakers whose role changed with it (the call was walked again then), and the
   * agent's turn before it when this turn, the customer's reply to it, changed that turn's findings.
   */
  add(turn: TurnInput): { turn: ReportTurn; rolesChanged: RoleChange[]; revised?: Revision } {
    const changed = this.take(turn);
    const i = this.inputs.length - 1;
    const t = this.inputs[i] as TurnInput;
    let rolesChanged: RoleChange[] = [];
    if (changed) {
      const before = this.decision;
      this.decision = decideRoles(this.tally, this.setup.roleOptions);
      rolesChanged = changesOf(this.tally.order, before, this.decision);
    }
    let again = rolesChanged.length > 0;
    if (again) this.rivals = this.findRivals();
    else if (roleOfTurn(this.decision, t) === "customer") {
      for (const name of findRivalNames([t.text], this.setup.company)) this.named.add(name);
      const rivals = rivalsOf(this.setup.known, this.named);
      if (rivals.length !== this.rivals.length) {
        this.rivals = rivals;
        again = true;
      }
    }
    const previous = this.walk.turns[i - 1];
    if (again) this.walk = this.walkAll();
    else {
      const role = roleOfTurn(this.decision, t);
      this.reviseLastAgent(t);
      this.agentMark = role === "agent" ? this.walk.mark() : undefined;
      analyzeTurn(this.setup, this.walk, t, this.sentences[i] ?? [], role, sourceOfTurn(this.decision, t));
    }
    const revised = revisedTurn(previous, this.walk.turns[i - 1]);
    return { turn: this.walk.turns[i] as ReportTurn, rolesChanged, ...(revised !== undefined ? { revised } : {}) };
  }

  /**
   * A provisional turn analysed as if it were added, then taken back: its report turn and the score with it. When
   * it would change the roles or the competitors in play, the call with it is analysed whole (early in a call, when
   * that happens, a call is short).
   */
  peek(turn: TurnInput): { turn: ReportTurn; score: number; band: Band; rolesChanged: RoleChange[]; revised?: Revision } {
    const t = this.masked(turn);
    const role = this.decision.decided.get(t.speaker)?.role;
    const settled =
      role !== undefined &&
      !this.tally.wouldChange(t) &&
      (role !== "customer" || findRivalNames([t.text], this.setup.company).every((name) => this.rivals.includes(name)));
    if (!settled) {
      const whole = new CallAnalysis({ ...this.setup, opts: { ...this.setup.opts, redact: false } }, this.callId, [...this.inputs, t]);
      const revised = revisedTurn(this.walk.turns[this.inputs.length - 1], whole.walk.turns[this.inputs.length - 1]);
      return { turn: whole.walk.turns[this.inputs.length] as ReportTurn, ...whole.running(), rolesChanged: changesOf(this.tally.order, this.decision, whole.decision), ...(revised !== undefined ? { revised } : {}) };
    }
    const last = this.agentMark;
    const before = this.reviseLastAgent(t);
    const revised = revisedTurn(before, this.walk.turns[this.inputs.length - 1]);
    const mark = this.walk.mark();
    const out = analyzeTurn(this.setup, this.walk, t, splitRuns(t.text, splitSentences(t.text)), role, sourceOfTurn(this.decision, t));
    const running = this.walk.reader.running();
    if (before !== undefined && last !== undefined) {
      // Back to the agent's turn as it was, unanswered: analysed again from the walk before it.
      const agent = this.inputs[last.turns] as TurnInput;
      this.walk.restore(last);
      analyzeTurn(this.setup, this.walk, agent, this.sentences[last.turns] ?? [], "agent", sourceOfTurn(this.decision, agent));
    } else this.walk.restore(mark);
    return { turn: out, ...running, rolesChanged: [], ...(revised !== undefined ? { revised } : {}) };
  }

  /** A final turn's report turn (the walk's, so it changes when the call is walked again). */
  turn(i: number): ReportTurn | undefined {
    return this.walk.turns[i];
  }

  /** The score if the call ended now. */
  running(): { score: number; band: Band } {
    return this.walk.reader.running();
  }

  private speakers(): SpeakerRole[] {
    return speakerRoles(this.tally, this.decision);
  }

  report(): CallReport {
    const reportTurns = this.walk.turns;
    const { impact, coaching, startSentiment, endSentiment } = scoreMoments(this.walk.reader.result());
    const tagCounts = Object.fromEntries(TAG_IDS.map((tag) => [tag, 0])) as Record<TagId, number>;
    // Turns with each tag (a turn with two findings of one tag counts once), and the customer's events with their
    // turn, in plain loops: the sets and arrays a map() per turn would make are most of what a call allocates here.
    const customerEvents: Array<CustomerEvent & { turn: number }> = [];
    for (const t of reportTurns) {
      let counted = 0; // a bit per tag, by its place in TAG_IDS
      for (const f of t.tags) {
        const bit = 1 << TAG_IDS.indexOf(f.tag);
        if ((counted & bit) !== 0) continue;
        counted |= bit;
        tagCounts[f.tag]++;
      }
      if (t.events !== undefined) for (const e of t.events) customerEvents.push({ ...e, turn: t.index });
    }
    const timing = timingOf(reportTurns, this.setup.opts.silenceSeconds);
    const report: CallReport = {
      turns: [...reportTurns],
      roles: this.speakers(),
      customer: { startSentiment, endSentiment, events: customerEvents },
      tagCounts,
      ...(timing !== undefined ? { timing } : {}),
      impact,
      coaching,
    };
    if (this.redacted !== undefined) report.redacted = { ...this.redacted };
    if (this.callId !== undefined) return { id: this.callId, ...report };
    return report;
  }

  /**
   * Walks the call again, calling `visit` on each agent turn with what the learned scorer reads there (the trainer's
   * view of the call: scripts/train.ts).
   */
  replay(visit: (index: number, t: TurnInput, sentences: readonly Span[], state: TurnState, walk: CallWalk, reply: string | undefined) => void): void {
    const walk = new CallWalk(this.rivals);
    for (let i = 0; i < this.inputs.length; i++) {
      const t = this.inputs[i] as TurnInput;
      const role = roleOfTurn(this.decision, t);
      const { state } = walk.advance(t.text, this.sentences[i] ?? [], role);
      if (role === "agent") visit(i, t, this.sentences[i] ?? [], state, walk, this.replyTo(i));
    }
  }

  /** Redaction happens first, so nothing the report says (quotes, summary, coaching) can carry what it masked. */
  private masked(t: TurnInput): TurnInput {
    if (this.redacted === undefined) return t;
    return redactTurns([t]).turns[0] ?? t;
  }

  /** Keeps a turn (masked), its sentences and what the role decision reads of it; true when that changed. */
  private take(turn: TurnInput): boolean {
    let t = turn;
    if (this.redacted !== undefined) {
      // Masks keep lengths, so every offset still points at the same words of the original text.
      const { turns, redacted } = redactTurns([turn]);
      t = turns[0] ?? turn;
      for (const kind of PII_KINDS) this.redacted[kind] += redacted[kind];
    }
    this.inputs.push(t);
    this.sentences.push(splitRuns(t.text, splitSentences(t.text)));
    return this.tally.add(t);
  }

  /** The competitors in play: the options' and those the customer's turns name. */
  private findRivals(): string[] {
    const customerTexts: string[] = [];
    for (const t of this.inputs) if (roleOfTurn(this.decision, t) === "customer") customerTexts.push(t.text);
    this.named = new Set(findRivalNames(customerTexts, this.setup.company));
    return rivalsOf(this.setup.known, this.named);
  }

  private walkAll(): CallWalk {
    const walk = new CallWalk(this.rivals);
    const n = this.inputs.length;
    this.agentMark = undefined;
    for (let i = 0; i < n; i++) {
      const t = this.inputs[i] as TurnInput;
      const role = roleOfTurn(this.decision, t);
      if (i === n - 1 && role === "agent") this.agentMark = walk.mark();
      analyzeTurn(this.setup, walk, t, this.sentences[i] ?? [], role, sourceOfTurn(this.decision, t), role === "agent" ? this.replyTo(i) : undefined);
    }
    return walk;
  }

  /** The customer's turn right after turn i, if the next turn is one: what the learned scorer reads as the reply to it. */
  private replyTo(i: number): string | undefined {
    const next = this.inputs[i + 1];
    return next !== undefined && roleOfTurn(this.decision, next) === "customer" ? next.text : undefined;
  }

  /**
   * When the walk's last turn is an agent's (its mark is `agentMark`) and `t` is the customer's reply to it: walks
   * back and analyses that agent turn again with the reply. Returns the agent turn as it was before, or undefined
   * when nothing was walked again.
   */
  private reviseLastAgent(t: TurnInput): ReportTurn | undefined {
    const mark = this.agentMark;
    if (mark === undefined || this.setup.enabled === 0 || roleOfTurn(this.decision, t) !== "customer") return undefined;
    const i = mark.turns;
    const agent = this.inputs[i] as TurnInput;
    const before = this.walk.turns[i];
    this.walk.restore(mark);
    analyzeTurn(this.setup, this.walk, agent, this.sentences[i] ?? [], "agent", sourceOfTurn(this.decision, agent), t.text);
    return before;
  }
}

/** The options, checked, and what stays fixed for a call analysed with them. */
export function setupFor(options: unknown): Setup {
  return setupOf(parseOrThrow(OptionsSchema, options ?? {}, "options"));
}

/**
 * Tags every agent turn of a call and builds its sales-impact report. Synchronous and pure: the same input and
 * options always give the same report. Throws SamesideInputError, naming the turn and field, on invalid input.
 */
export function analyzeCall(input: CallInput, options?: Options): CallReport {
  const call = parseOrThrow(CallInputSchema, input, "call input");
  return new CallAnalysis(setupFor(options), call.id, call.turns).report();
}

/** One agent turn as the trainer sees it: the rules' tags and every feature the learned scorer would read, by name. */
export interface TrainingTurn {
  index: number;
  ruleTags: TagId[];
  features: Map<number, string>;
  /** Per feature occurrence: its hash and sentence (-1 for the whole turn). */
  placed: number[];
  /** The meaning model's input (model/meaning.ts): the mean vector of the turn's words, then of the customer's. */
  meaning: Float64Array;
  /** The customer said no or stated a decision before the turn (the third stage reads the turn's words then). */
  refused: boolean;
  /** The turn's words as the scorer counts them (the second pass reads its length). */
  words: number;
}

/**
 * The learned scorer's input for every agent turn of a call, with names (scripts/train.ts). Internal: not exported
 * from the package. Runs the same steps as analyzeCall, so what the trainer sees is what the scorer will see.
 */
export function trainingTurns(input: CallInput, options?: Options): TrainingTurn[] {
  const call = parseOrThrow(CallInputSchema, input, "call input");
  const setup = setupFor(options);
  const analysis = new CallAnalysis(setup, call.id, call.turns);
  const out: TrainingTurn[] = [];
  analysis.replay((index, t, sentences, state, walk) => {
    const tags = detectTurn(setup.rules, t.text, sentences, state, suggestionFor, walk.rivals, agentWords);
    const features = new Map<number, string>();
    const placed: number[] = [];
    const sink: FeatureSink = {
      wantNames: true,
      add(hash, sentence, name) {
        placed.push(hash, sentence);
        if (!features.has(hash)) features.set(hash, name ?? "");
      },
    };
    const words = agentWordsFor(t.text, walk.rivals);
    const context = contextFor(state, walk.customer, tags);
    turnFeatures(t.text, sentences, words, context, walk.customerWords(), sink);
    const meaning = meaningInput(words, walk.customerWords(), new Float64Array(meaningWidth()));
    out.push({ index, ruleTags: [...new Set(tags.map((f) => f.tag))], features, placed, meaning, refused: context.refusals > 0, words: words.n });
  });
  return out;
}

/**
 * The learned scorer's scores (log-odds, TAG_IDS order) for every agent turn of a call, after every stage, as
 * analyzeCall computes them. Internal, for tests: the trainer's view of the second pass must be the scorer's.
 */
export function learnedTurnScores(input: CallInput, options?: Options): Array<{ index: number; scores: number[] }> {
  const call = parseOrThrow(CallInputSchema, input, "call input");
  const setup = setupFor(options);
  const analysis = new CallAnalysis(setup, call.id, call.turns);
  const out: Array<{ index: number; scores: number[] }> = [];
  analysis.replay((index, t, sentences, state, walk, reply) => {
    const tags = detectTurn(setup.rules, t.text, sentences, state, suggestionFor, walk.rivals, agentWords);
    const words = agentWordsFor(t.text, walk.rivals);
    out.push({ index, scores: learnedScores({ text: t.text, sentences, words, context: contextFor(state, walk.customer, tags), customer: walk.customerWords(), history: walk.history, reply }) });
  });
  return out;
}

/**
 * Tags one agent utterance on its own, optionally after some customer turns (for context such as a refusal).
 * Handy for trying a phrase or a custom rule.
 */
export function tagUtterance(text: string, options?: Options & { customerSaid?: string[] }): Finding[] {
  const { customerSaid = [], ...rest } = options ?? {};
  const turns = [
    ...customerSaid.map((t) => ({ speaker: "customer", role: "customer" as const, text: t })),
    { speaker: "agent", role: "agent" as const, text },
  ];
  const report = analyzeCall({ turns }, rest);
  return report.turns.at(-1)?.tags ?? [];
}

/**
 * Checks options (for instance a config file's contents) and compiles their rules once, so that a bad pattern is
 * reported up front with the rule's id and field. Returns the options, typed.
 */
export function checkOptions(value: unknown, what = "options"): Options {
  const opts = parseOrThrow(OptionsSchema, value, what);
  compileRules(detectors, new Set(opts.disable ?? []), opts.rules ?? []);
  return opts;
}
