/**
 * The tiny engine that gives rules their behaviour: for each sentence of an agent turn, find a rule's pattern,
 * check the rule's conditions against the sentence and the call so far, and emit a finding.
 */
import { SamesideInputError } from "../errors.js";
import type { Finding, RuleInput, TagId } from "../schema.js";
import { TAG_IDS } from "../schema.js";
import { buildCueIndex, candidates, compileNow, type CueIndex, isNegatedAt, isQuestion, isReportedAt, straightQuotes, type Span } from "../text/index.js";
import type { Tokens } from "../text/tokens.js";
import { redosProblems } from "./redos.js";
import type { Detector, Rule } from "./types.js";

/** What a rule may know about the call before this turn (built once per call in context.ts). */
export interface TurnState {
  /** Customer refusals and stated decisions earlier in the call. */
  refusals: number;
  /** A competitor has come up in the call by this turn, so "they" may mean the competitor. */
  rivalContext: boolean;
  /** The customer's latest turn escalated (asked for a supervisor, threatened a dispute, "I'm done"). */
  escalated: boolean;
}

const GENERIC_RIVALS = [
  String.raw`(?:(?:the|those|these|some|any|all\s+(?:the|those))\s+)?other\s+(?:[\w-]+\s+)?(?:guys|counters?|desks?|hotels?|firms?|garages?|sellers?|retailers?|services?|providers?|compan(?:y|ies)|carriers?|networks?|banks?|insurers?|airlines?|shops?|stores?|dealers(?:hips?)?|dealers?|brands?|outfits?|lenders?|agencies|places?|folks|vendors?|sites?|platforms?|tools?|apps?)`,
  String.raw`those\s+(?:guys|people|clowns|folks|compan(?:y|ies)|providers?|carriers?|outfits?|cowboys|jokers)`,
  String.raw`(?:our|the|your)\s+competitors?`,
  String.raw`the\s+competition`,
  String.raw`(?:cheap|cheaper|budget|discount|bargain)\s+(?:carriers?|providers?|brands?|shops?|airlines?|insurers?|compan(?:y|ies)|outfits?|places?|tools?|apps?)`,
];
const RIVAL_PRONOUNS = String.raw`they|them|their|theirs`;

/**
 * What a competitor's name becomes before the `{rival}` rules read a sentence: its first character RIVAL_MARK, the
 * rest RIVAL_FILL (private-use characters), so offsets do not move and a masked name starts with a single literal
 * (no loop to retry at every position of a long run). The compiled rules then never depend on the names a call
 * brings, and are compiled once per process instead of once per set of names (compiling the large case-insensitive
 * patterns costs milliseconds each).
 */
const RIVAL_MARK = "\uE000";
const RIVAL_FILL = "\uE001";
const STRAY_MARKS = /[\uE000\uE001]/g;

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The `{rival}` alternation: a generic competitor ("the other guys"), a masked name, or with pronouns "they". */
function rivalPattern(withPronouns: boolean): string {
  const parts = [...GENERIC_RIVALS, `${RIVAL_MARK}${RIVAL_FILL}*`];
  if (withPronouns) parts.push(RIVAL_PRONOUNS);
  return `(?:${parts.join("|")})`;
}

/**
 * A rule pattern with `{rival}` spelled out. Every alternative but the masked name begins and ends with a word
 * character, so a `\b` beside `{rival}` means "no word character there", which also holds beside a masked name.
 */
export function expandRival(pattern: string, withPronouns: boolean): string {
  return pattern
    .replaceAll("\\b{rival}", "(?<!\\w){rival}")
    .replaceAll("{rival}\\b", "{rival}(?!\\w)")
    .replaceAll("{rival}", rivalPattern(withPronouns));
}

const nameFinders = new Map<string, RegExp | undefined>();

/** Finds any of the names as whole words, case-insensitively, longest first; one small expression per set of names. */
function nameFinder(names: readonly string[]): RegExp | undefined {
  const key = names.join("\u0000");
  if (nameFinders.has(key)) return nameFinders.get(key);
  const parts = [...new Set(names.map((n) => n.trim()).filter((n) => n !== ""))].sort((a, b) => b.length - a.length).map(escapeRegex);
  const finder = parts.length === 0 ? undefined : new RegExp(`(?<!\\w)(?:${parts.join("|")})(?!\\w)`, "gi");
  if (nameFinders.size >= 256) nameFinders.delete(nameFinders.keys().next().value ?? "");
  nameFinders.set(key, finder);
  return finder;
}

/** The text as the `{rival}` rules read it: each competitor name masked (same length), and no stray mark left. */
export function maskRivals(text: string, names: readonly string[]): string {
  STRAY_MARKS.lastIndex = 0;
  const clean = STRAY_MARKS.test(text) ? text.replace(STRAY_MARKS, "\uFFFD") : text;
  const finder = nameFinder(names);
  if (finder === undefined) return clean;
  finder.lastIndex = 0;
  return clean.replace(finder, (name) => RIVAL_MARK + RIVAL_FILL.repeat(name.length - 1));
}

/** Whether the text names one of the competitors (by name, not generically). */
export function namesRival(text: string, names: readonly string[]): boolean {
  const finder = nameFinder(names);
  if (finder === undefined) return false;
  finder.lastIndex = 0;
  return finder.test(text);
}

const GENERIC_MENTION = new RegExp(`\\b(?:${GENERIC_RIVALS.join("|")})\\b`, "i");

/** Whether the text mentions a competitor: generically ("the other guys") or by one of the call's names. */
export function mentionsRival(text: string, names: readonly string[]): boolean {
  if (GENERIC_MENTION.test(text)) return true;
  const finder = nameFinder(names);
  if (finder === undefined) return false;
  finder.lastIndex = 0;
  return finder.test(text);
}

interface CompiledRule {
  rule: Rule;
  regex: RegExp;
  /** The rule says `{rival}`, so it reads the sentence with competitor names masked. */
  masked: boolean;
  /** Not run yet: its first run compiles it (see compileNow). */
  cold: boolean;
  before?: RegExp;
  after?: RegExp;
  turn?: RegExp;
}

export interface CompiledRuleSet {
  /** Rules for a turn where a competitor has not come up. */
  plain: CompiledRule[];
  /** The same rules where "they" may mean a competitor. */
  rival: CompiledRule[];
  cues: CueIndex;
}

/**
 * Compiled expressions by flags and source, so that every call reuses the same RegExp objects, and with them the
 * machine code V8 generated for them (a fresh RegExp starts out interpreted, and compiling is the costly part).
 */
const regexCache = new Map<string, RegExp>();
const REGEX_CACHE_SIZE = 2048;

function regex(source: string, flags: string, rule: string, where: string): RegExp {
  const key = `${flags}/${source}`;
  const cached = regexCache.get(key);
  if (cached !== undefined) return cached;
  let compiled: RegExp;
  try {
    compiled = new RegExp(source, flags);
  } catch (error) {
    throw new SamesideInputError("rule", [{ path: `${rule}.${where}`, message: (error as Error).message }]);
  }
  if (regexCache.size >= REGEX_CACHE_SIZE) regexCache.delete(regexCache.keys().next().value ?? "");
  regexCache.set(key, compiled);
  return compiled;
}

function compileOne(rule: Rule, withPronouns: boolean): CompiledRule {
  rule.patterns.forEach((p, i) => regex(expandRival(p, withPronouns), "i", rule.id, `patterns[${i}]`));
  const source = rule.patterns.map((p) => `(?:${expandRival(p, withPronouns)})`).join("|");
  const masked = rule.patterns.some((p) => p.includes("{rival}"));
  const compiled: CompiledRule = { rule, regex: regex(source, "gi", rule.id, "patterns"), masked, cold: true };
  if (rule.unless?.before !== undefined) compiled.before = regex(rule.unless.before, "i", rule.id, "unless.before");
  if (rule.unless?.after !== undefined) compiled.after = regex(rule.unless.after, "i", rule.id, "unless.after");
  if (rule.unless?.turn !== undefined) compiled.turn = regex(rule.unless.turn, "i", rule.id, "unless.turn");
  return compiled;
}

/** A user's rule as the engine runs it; its id must not clash with a built-in one. */
export function userRule(input: RuleInput, builtIn: ReadonlySet<string>): Rule {
  if (builtIn.has(input.id)) {
    throw new SamesideInputError("rule", [{ path: input.id, message: "a built-in rule has this id; pick another, or disable the built-in one" }]);
  }
  const rule: Rule = { ...input, description: input.description ?? "", examples: input.examples ?? { hit: [], miss: [] } } as Rule;
  const sources: Array<[string, string]> = [
    ...rule.patterns.map((p, i): [string, string] => [`patterns[${i}]`, expandRival(p, true)]),
    ...(["before", "after", "turn"] as const).flatMap((k): Array<[string, string]> => (rule.unless?.[k] !== undefined ? [[`unless.${k}`, rule.unless[k]]] : [])),
  ];
  const problems = sources.flatMap(([where, source]) => {
    regex(source, "i", rule.id, where); // a syntax error first, in the engine's own words
    const found = redosProblems(source);
    return found.length === 0 ? [] : [{ path: `${rule.id}.${where}`, message: `could take super-linear time on long text: ${found.join("; ")}` }];
  });
  if (problems.length > 0) throw new SamesideInputError("rule", problems);
  return rule;
}

/**
 * Compile every enabled rule of the detectors, the built-in ones and the user's. The user's come first, so where a
 * user rule and a built-in one find the same tag in a sentence, the user's finding (their message, their wording)
 * is the one kept, and the learned scorer, which may drop a built-in rule's finding, never drops it.
 */
export function compileRules(detectors: readonly Detector[], disabled: ReadonlySet<string>, extra: readonly RuleInput[] = []): CompiledRuleSet {
  const builtIn = detectors.flatMap((d) => d.rules);
  const ids = new Set(builtIn.map((r) => r.id));
  const rules = [...extra.map((r) => userRule(r, ids)), ...builtIn].filter((r) => !disabled.has(r.id) && !disabled.has(r.tag));
  return {
    plain: rules.map((r) => compileOne(r, false)),
    rival: rules.map((r) => compileOne(r, true)),
    cues: buildCueIndex(rules.map((r) => r.cues)),
  };
}

const MAX_QUOTE = 200;
const MAX_MATCHES_PER_SENTENCE = 8;

interface Hit {
  finding: Finding;
  sentence: number;
  rule: Rule;
}

function firstPassingMatch(
  compiled: CompiledRule,
  sentence: Span,
  normalized: string,
  turnVetoes: (compiled: CompiledRule) => boolean,
): RegExpExecArray | undefined {
  const { rule, regex } = compiled;
  const unless = rule.unless ?? {};
  if (compiled.cold) {
    compileNow(regex);
    compiled.cold = false;
  }
  regex.lastIndex = 0;
  for (let n = 0; n < MAX_MATCHES_PER_SENTENCE; n++) {
    const m = regex.exec(normalized);
    if (m === null) return undefined;
    if (m[0] === "") {
      regex.lastIndex++;
      continue;
    }
    const at = m.index;
    if (unless.negated === true && isNegatedAt(normalized, at)) continue;
    if (unless.reported === true && isReportedAt(normalized, at)) continue;
    if (compiled.before?.test(normalized.slice(0, at))) continue;
    if (compiled.after?.test(normalized.slice(at + m[0].length))) continue;
    if (unless.question === true && isQuestion(sentence.text)) return undefined;
    if (turnVetoes(compiled)) return undefined;
    return m;
  }
  return undefined;
}

/**
 * Every finding of the compiled rules on one agent turn, in order of position then tag. `rivals` are the
 * competitor names of the call, which the `{rival}` rules read masked. With `words`, the turn's words are gathered
 * into it on the cue walk (for the learned scorer; cleared first).
 */
export function detectTurn(
  rules: CompiledRuleSet,
  text: string,
  sentences: readonly Span[],
  state: TurnState,
  suggestionFor: (tag: TagId) => string | undefined,
  rivals: readonly string[] = [],
  words?: Tokens,
): Finding[] {
  const active = state.rivalContext ? rules.rival : rules.plain;
  words?.clear();
  const normalizedTurn = straightQuotes(text);
  // Folding quotes and masking names keep lengths, so each sentence is a slice of the folded (or masked) turn.
  const normalizedSentences: string[] = [];
  for (const s of sentences) normalizedSentences.push(normalizedTurn.slice(s.start, s.end));
  let maskedTurn: string | undefined;
  const maskedSentence = (s: Span): string => (maskedTurn ??= maskRivals(normalizedTurn, rivals)).slice(s.start, s.end);
  const hits: Hit[] = [];
  // A rule's whole-turn exception is tested once per turn, not once per sentence: a turn can be megabytes long.
  let vetoes: Map<CompiledRule, boolean> | undefined;
  const turnVetoes = (compiled: CompiledRule): boolean => {
    if (compiled.turn === undefined) return false;
    vetoes ??= new Map();
    let veto = vetoes.get(compiled);
    if (veto === undefined) {
      veto = compiled.turn.test(normalizedTurn);
      vetoes.set(compiled, veto);
    }
    return veto;
  };
  sentences.forEach((sentence, index) => {
    const normalized = normalizedSentences[index] ?? "";
    for (const i of candidates(rules.cues, normalized, words, sentence.start, index)) {
      const compiled = active[i];
      if (compiled === undefined) continue;
      const { rule } = compiled;
      if (rule.when?.refusals !== undefined && state.refusals < rule.when.refusals) continue;
      if (rule.when?.escalated === true && !state.escalated) continue;
      const m = firstPassingMatch(compiled, sentence, compiled.masked ? maskedSentence(sentence) : normalized, turnVetoes);
      if (m === undefined) continue;
      const whole = sentence.text.length <= MAX_QUOTE;
      const start = whole ? sentence.start : sentence.start + m.index;
      const end = whole ? sentence.end : start + m[0].length;
      const finding: Finding = { tag: rule.tag, rule: rule.id, message: rule.message, quote: text.slice(start, end), start, end };
      const suggestion = rule.suggestion ?? suggestionFor(rule.tag);
      if (suggestion !== undefined) finding.suggestion = suggestion;
      hits.push({ finding, sentence: index, rule });
    }
  });
  // A rule may override other tags in its own sentence; hits are in sentence order, so compare within each sentence.
  const bySentence = new Map<number, Hit[]>();
  for (const h of hits) {
    const list = bySentence.get(h.sentence);
    if (list === undefined) bySentence.set(h.sentence, [h]);
    else list.push(h);
  }
  // One list built the same way whether it ends up empty or not: V8 types an array by how it was made, and code
  // that reads turns' tags was thrown away when lists made by map() (of one kind or another) met this one's.
  const findings: Finding[] = [];
  if (hits.length === 0) return findings;
  // One finding per tag per sentence: the first rule listed wins (after overrides).
  const seen = new Set<string>();
  for (const h of hits) {
    if ((bySentence.get(h.sentence) ?? []).some((o) => o !== h && o.rule.overrides?.includes(h.finding.tag) === true)) continue;
    const key = `${h.sentence}:${h.finding.tag}`;
    if (seen.has(key)) continue;
    seen.add(key);
    findings.push(h.finding);
  }
  return findings.sort((a, b) => a.start - b.start || TAG_IDS.indexOf(a.tag) - TAG_IDS.indexOf(b.tag));
}
