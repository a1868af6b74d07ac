/**
 * analyzeCall wires the pipeline together and does nothing else:
 * input → roles → sentences → customer signals → call state → detectors → score → report.
 */
import { buildCallState } from "./context.js";
import { customerSignals, isOffer, type CustomerTurnSignals } from "./customer.js";
import { compileRules, detectTurn, maskRivals, namesRival, type CompiledRuleSet } from "./detectors/engine.js";
import { detectorMeta, detectors } from "./detectors/index.js";
import { parseOrThrow } from "./errors.js";
import type { CustomerWords, FeatureSink, TurnContext } from "./model/features.js";
import { CUSTOMER_WORDS, turnFeatures } from "./model/features.js";
import { reviewFindings } from "./model/scorer.js";
import { redactTurns } from "./redact.js";
import { resolveRoles } from "./roles.js";
import type { TurnState } from "./detectors/engine.js";
import {
  CallInputSchema,
  OptionsSchema,
  TAG_IDS,
  type CallInput,
  type CallReport,
  type CustomerEvent,
  type Finding,
  type Options,
  type ReportTurn,
  type RuleInput,
  type TagId,
} from "./schema.js";
import { scoreCall, UPSET_SENTIMENT, type ScoredTurn } from "./score.js";
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
const NO_STATE = { refusals: 0, rivalContext: false, escalated: false } as const;

const suggestionFor = (tag: TagId): string | undefined => detectorMeta(tag)?.sayInstead;

/** A call made ready for the detectors: roles, sentences, the customer's side and the call state. */
interface Prepared {
  turns: CallInput["turns"];
  opts: Options;
  resolved: ReturnType<typeof resolveRoles>;
  sentences: Span[][];
  texts: string[];
  signals: Array<CustomerTurnSignals | undefined>;
  /** Customer turns: their first words as (hash, start, end) triples, for the learned scorer. */
  customerWords: Array<Int32Array | undefined>;
  state: ReturnType<typeof buildCallState>;
  rules: CompiledRuleSet;
  masked: ReturnType<typeof redactTurns> | undefined;
  callId: string | undefined;
}

function prepare(input: CallInput, options: Options | undefined): Prepared {
  const call = parseOrThrow(CallInputSchema, input, "call input");
  const opts = parseOrThrow(OptionsSchema, options ?? {}, "options");
  // Redaction happens first, so nothing the report says (quotes, summary, coaching) can carry what it masked. Masks
  // keep lengths, so every offset still points at the same words of the original text.
  const masked = opts.redact === true ? redactTurns(call.turns) : undefined;
  const turns = masked?.turns ?? call.turns;
  const resolved = resolveRoles(turns, { agentNames: list(opts.agent), overrides: opts.roles ?? {} });
  // Plain loops that push, not map(): an array map() returns is typed by what it holds (an empty one as numbers), so
  // the optimised code of every loop that reads it would be thrown away and rebuilt each time a new kind turns up.
  const sentences: Span[][] = [];
  const texts: string[] = [];
  for (const t of turns) {
    sentences.push(splitRuns(t.text, splitSentences(t.text)));
    texts.push(t.text);
  }
  const signals: Array<CustomerTurnSignals | undefined> = [];
  const customerWords: Array<Int32Array | undefined> = [];
  const events: Array<readonly CustomerEvent[]> = [];
  let lastAgent = -1;
  for (let i = 0; i < turns.length; i++) {
    const role = resolved.roles[i];
    let s: CustomerTurnSignals | undefined;
    let w: Int32Array | undefined;
    if (role === "customer") {
      s = customerSignals(texts[i] ?? "", sentences[i] ?? [], lastAgent >= 0 && isOffer(texts[lastAgent] ?? ""), gathered, CUSTOMER_WORDS);
      w = triples(gathered);
    } else if (role === "agent") lastAgent = i;
    signals.push(s);
    customerWords.push(w);
    events.push(s === undefined ? NO_EVENTS : s.events);
  }
  const state = buildCallState(texts, resolved.roles, events, opts.competitors ?? [], list(opts.company));
  const rules = rulesFor(opts.disable ?? [], opts.rules ?? []);
  return { turns, opts, resolved, sentences, texts, signals, customerWords, state, rules, masked, callId: call.id };
}

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

/**
 * The customer's first words as the scorer reads them: with competitor names in the call, a name's words are read
 * as one "<rival>" (the names are known only once the whole call has been read, after the cue walks). One object,
 * refilled when the customer speaks again.
 */
const customerView: CustomerWords = { text: "", words: new Int32Array(0) };
let customerViewOf: Int32Array | undefined;
function customerWordsFor(customer: CustomerSoFar, rivals: readonly string[]): CustomerWords | undefined {
  if (customer.text === undefined || customer.words === undefined) return undefined;
  if (customerViewOf === customer.words) return customerView;
  customerViewOf = customer.words;
  customerView.text = customer.text;
  customerView.words = customer.words;
  if (!namesRival(customer.text, rivals)) return customerView;
  const w = customer.words;
  gathered.clear();
  for (let k = 0; k + 2 < w.length; k += 3) gathered.push(w[k] ?? 0, w[k + 1] ?? 0, w[k + 2] ?? 0, 0);
  markRivals(gathered, maskRivals(customer.text, rivals));
  customerView.words = triples(gathered);
  return customerView;
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

/**
 * Tags every agent turn of a call and builds its sales-impact report. Synchronous and pure: the same input and
 * options always give the same report. Throws SamesideInputError, naming the turn and field, on invalid input.
 */
export function analyzeCall(input: CallInput, options?: Options): CallReport {
  const { turns, opts, resolved, sentences, signals, customerWords, state, rules, masked, callId } = prepare(input, options);
  const enabled = learnedTags(opts.disable ?? []);
  const customer = new CustomerSoFar();
  customerViewOf = undefined;

  const reportTurns: ReportTurn[] = [];
  const scored: ScoredTurn[] = [];
  for (let i = 0; i < turns.length; i++) {
    const t = turns[i] as (typeof turns)[number];
    const role = resolved.roles[i] ?? "customer";
    const turnState = state.turns[i] ?? NO_STATE;
    let tags: Finding[] = [];
    if (role === "agent") {
      tags = detectTurn(rules, t.text, sentences[i] ?? [], turnState, suggestionFor, state.rivals, enabled !== 0 ? agentWords : undefined);
      if (enabled !== 0) {
        const reviewed = reviewFindings(
          tags,
          {
            text: t.text,
            sentences: sentences[i] ?? [],
            words: agentWordsFor(t.text, state.rivals),
            context: contextFor(turnState, customer, tags),
            customer: customerWordsFor(customer, state.rivals),
            enabled,
          },
          isBuiltInRule,
          suggestionFor,
        );
        if (reviewed !== tags) tags = reviewed.sort(byPosition);
      }
    } else if (role === "customer") customer.see(t.text, signals[i], customerWords[i]);
    const turn: ReportTurn = { index: i, speaker: t.speaker, role, roleSource: resolved.sources[i] ?? "guessed", text: t.text, tags };
    if (t.start !== undefined) turn.start = t.start;
    if (t.end !== undefined) turn.end = t.end;
    const st: ScoredTurn = { index: i, role, tags, state: turnState };
    const s = signals[i];
    if (s !== undefined) {
      turn.sentiment = s.sentiment;
      turn.events = s.events;
      st.sentiment = s.sentiment;
      st.events = s.events;
    }
    reportTurns.push(turn);
    scored.push(st);
  }
  const { impact, coaching, startSentiment, endSentiment } = scoreCall(scored);

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

  const timing = timingOf(reportTurns, opts.silenceSeconds);
  const report: CallReport = {
    turns: reportTurns,
    roles: resolved.speakers,
    customer: {
      startSentiment,
      endSentiment,
      events: customerEvents,
    },
    tagCounts,
    ...(timing !== undefined ? { timing } : {}),
    impact,
    coaching,
  };
  if (masked !== undefined) report.redacted = masked.redacted;
  if (callId !== undefined) return { id: callId, ...report };
  return report;
}

/** One agent turn as the trainer sees it: the rules' tags and every feature the learned scorer would read, by name. */
export interface TrainingTurn {
  index: number;
  ruleTags: TagId[];
  features: Map<number, string>;
}

/**
 * The learned scorer's input for every agent turn of a call, with names (scripts/train.ts). Internal: not exported
 * from the package. Runs the same steps as analyzeCall, so what the trainer sees is what the scorer will see.
 */
export function trainingTurns(input: CallInput, options?: Options): TrainingTurn[] {
  const { turns, resolved, sentences, state, rules, signals, customerWords } = prepare(input, options);
  const customer = new CustomerSoFar();
  customerViewOf = undefined;
  const out: TrainingTurn[] = [];
  for (let i = 0; i < turns.length; i++) {
    const t = turns[i] as (typeof turns)[number];
    const role = resolved.roles[i];
    if (role === "customer") customer.see(t.text, signals[i], customerWords[i]);
    if (role !== "agent") continue;
    const turnState = state.turns[i] ?? NO_STATE;
    const tags = detectTurn(rules, t.text, sentences[i] ?? [], turnState, suggestionFor, state.rivals, agentWords);
    const features = new Map<number, string>();
    const sink: FeatureSink = {
      wantNames: true,
      add(hash, _sentence, name) {
        if (!features.has(hash)) features.set(hash, name ?? "");
      },
    };
    turnFeatures(t.text, sentences[i] ?? [], agentWordsFor(t.text, state.rivals), contextFor(turnState, customer, tags), customerWordsFor(customer, state.rivals), sink);
    out.push({ index: i, ruleTags: [...new Set(tags.map((f) => f.tag))], features });
  }
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
