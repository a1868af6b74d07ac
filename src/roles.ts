/**
 * Who is the agent, who the customer, and what is a machine (IVR, hold message). A role given on a turn is kept;
 * options.roles and options.agent override the guess; otherwise each speaker is scored on what they say.
 */
import { roleScore, shippedRoleModel, type RoleModel } from "./model/role-model.js";
import type { SpeakerText } from "./model/role-features.js";
import type { Role, SpeakerRole, TurnInput } from "./schema.js";
import { straightQuotes } from "./text/index.js";

interface Cue {
  re: RegExp;
  weight: number;
}

const cue = (source: string, weight: number): Cue => ({ re: new RegExp(source, "gi"), weight });

/** What agents say: greet with the company, offer help, ask for account details, read back, state policy. */
const AGENT_CUES: readonly Cue[] = [
  cue(String.raw`\bthank(?:s|\s+you)\s+for\s+(?:calling|contacting|holding|your\s+patience|choosing)\b`, 3),
  cue(String.raw`\bthis\s+is\s+\w+(?:\s+\w+)?\s*,?\s+(?:from|at|with|calling|on\s+behalf|the\s+supervisor|your)\b`, 3),
  cue(String.raw`\b(?:calling|reaching\s+out)\s+(?:from|on\s+behalf\s+of)\b`, 3),
  cue(String.raw`^\s*[\w'-]+(?:\s+[\w'-]+){0,3}\s*,?\s+(?:this\s+is\s+)?\w+\s+speaking\b`, 3),
  cue(String.raw`\bmy\s+name\s+is\b`, 1.5),
  cue(String.raw`\bhow\s+(?:can|may|could)\s+i\s+(?:help|assist)\b|\bwhat\s+can\s+i\s+do\s+for\s+you\b`, 3),
  cue(String.raw`\b(?:can|could|may)\s+i\s+(?:have|get|grab|take)\s+(?:your|the)\b|\bcould\s+you\s+(?:confirm|verify|spell|give\s+me|read\s+me)\b`, 2),
  cue(String.raw`\b(?:for\s+(?:security|verification)|date\s+of\s+birth|last\s+four|account\s+number|order\s+number|confirmation\s+number|policy\s+number|claim\s+number|zip\s+code)\b`, 1),
  cue(String.raw`\blet\s+me\s+(?:pull\s+up|check|look|see|take\s+a\s+look)\b|\bone\s+moment\b|\bbear\s+with\s+me\b`, 1.5),
  cue(String.raw`\bi\s+(?:can\s+)?see\s+(?:the|your|that|a|two)\b|\bon\s+your\s+account\b|\bin\s+(?:our|the)\s+system\b`, 1.5),
  cue(String.raw`\bi(?:'ve|\s+have)\s+(?:just\s+|already\s+)?(?:\w+ed|sent|put|set)\b|\bi'?ll\s+(?:send|process|credit|refund|make\s+sure|transfer|email|book|schedule)\b`, 1),
  cue(String.raw`\bis\s+there\s+anything\s+else\b|\bhave\s+a\s+(?:great|nice|good|wonderful)\s+(?:day|evening|weekend|one)\b`, 2),
  cue(String.raw`\b(?:our|company)\s+(?:policy|system|records|team|technician|tech|warehouse|terms)\b`, 1),
  cue(String.raw`\bi'?m\s+(?:the\s+)?(?:supervisor|manager)\b|\bthe\s+supervisor\s+on\s+duty\b`, 3),
  cue(String.raw`\bwhile\s+i\s+transfer\s+you\b|\blet\s+me\s+transfer\b|\bi'?ll\s+transfer\s+you\b`, 2),
];

/** What customers say: why they called, their own things, what happened to them, what they want. */
const CUSTOMER_CUES: readonly Cue[] = [
  cue(String.raw`\bi(?:'d|\s+would)\s+like\s+to\b|\bi\s+(?:want|need)\s+to\b|\bi\s+wanna\b`, 2),
  cue(String.raw`\bmy\s+(?:bill|order|account|flight|car|phone|internet|package|card|claim|booking|laptop|pc|windshield|subscription|plan|policy|power|service|bag|room|fridge|ac|premium|payment|deposit|paycheck|rental|reservation|appointment|food|lamp|sofa|curtains|rug|dishwasher|debt)\b`, 1.5),
  cue(String.raw`\bi\s+(?:was|got|have\s+been|'ve\s+been)\s+(?:charged|billed|told|promised|waiting|on\s+hold)\b|\bi'?m\s+calling\s+(?:about|because|to)\b|\bi(?:'ve|\s+have)\s+(?:called|emailed|asked)\b`, 2),
  cue(String.raw`\bi\s+(?:called|ordered|paid|bought|booked|rented|returned|dropped\s+off|got\s+your|received)\b`, 1.5),
  cue(String.raw`\b(?:speak|talk)\s+to\s+(?:a|your|the)\s+(?:supervisor|manager)\b|\byou\s+guys\b|\byour\s+(?:company|tech|technician|driver|website|app|agent|rep)\b`, 2),
  cue(String.raw`\b(?:cancel|switching|leaving|refund|dispute|complaint)\b`, 0.5),
  cue(String.raw`^\s*(?:hello\??|hi\??|yes\s*,?\s*this\s+is\s+\w+)\s*[.!?]?\s*$`, 1),
];

/** What machines say: recorded announcements, hold messages, menus. */
const SYSTEM_TURN =
  /\b(?:your\s+call\s+(?:is\s+important|may\s+be\s+(?:recorded|monitored)|will\s+be\s+(?:answered|recorded))|for\s+quality\s+(?:and\s+training\s+)?(?:assurance\s+)?purposes|please\s+(?:hold|stay\s+on\s+the\s+line|continue\s+to\s+hold)|press\s+(?:\d|one|two|three|star|pound)|all\s+(?:of\s+)?our\s+(?:agents|representatives|associates)\s+are|next\s+available\s+(?:agent|representative|associate)|estimated\s+wait\s+time|you\s+are\s+(?:caller\s+)?number\s+\w+\s+in|(?:main|following)\s+menu|this\s+call\s+(?:is|may\s+be)\s+(?:being\s+)?recorded)\b/i;
const SYSTEM_NAME = /^(?:ivr|system|recording|automated(?:\s+\w+)?|auto[-\s]?attendant|hold(?:\s+message)?|bot|machine|announcement|voicemail)$/i;

function score(cues: readonly Cue[], text: string): number {
  let total = 0;
  for (const { re, weight } of cues) total += (text.match(re)?.length ?? 0) * weight;
  return total;
}

const hits = (cues: readonly Cue[], text: string): boolean[] =>
  cues.map(({ re }) => {
    re.lastIndex = 0;
    return re.test(text);
  });

/** What the role model reads of a speaker: their first turns, the cues those hold, whether they spoke first. */
export function speakerText(texts: readonly string[], first: boolean): SpeakerText {
  const joined = texts.join("\n");
  return { texts, agentCues: hits(AGENT_CUES, joined), customerCues: hits(CUSTOMER_CUES, joined), first };
}

/** The log-odds that a speaker is on the company's side: the role model's, or the hand-weighted cues without one. */
function marginOf(model: RoleModel, texts: readonly string[], first: boolean): number {
  if (model.size > 0) return roleScore(model, speakerText(texts, first));
  const text = texts.join("\n");
  return score(AGENT_CUES, text) - score(CUSTOMER_CUES, text) + (first ? 0.5 : 0);
}

export interface ResolvedRoles {
  /** Role of each input turn, in order. */
  roles: Role[];
  /** "given" or "guessed", per turn. */
  sources: Array<"given" | "guessed">;
  speakers: SpeakerRole[];
}

export interface RoleOptions {
  /** Speaker names that are the agent (everyone else unguessed is then the customer or a machine). */
  agentNames: readonly string[];
  /** Speaker label → role, overriding the guess. */
  overrides: Readonly<Record<string, Role>>;
}

/** How many turns of each speaker the role guess reads. */
const ROLE_TURNS = 10;

/** The probability of the role chosen, from a log-odds margin, to two places. */
const confidenceOf = (margin: number): number => Math.round((1 / (1 + Math.exp(-Math.abs(margin)))) * 100) / 100;

const isMachine = (speaker: string, texts: readonly string[]): boolean => SYSTEM_NAME.test(speaker.trim()) || (texts.length > 0 && texts.every((t) => SYSTEM_TURN.test(t)));

/** What the role model reads of each speaker who is not a machine, with no role given (training and evaluation). */
export function roleInputs(turns: ReadonlyArray<{ speaker: string; text: string }>): Array<{ speaker: string; input: SpeakerText }> {
  const tally = new RoleTally();
  for (const t of turns) tally.add(t);
  const humans = tally.order.filter((speaker) => !isMachine(speaker, tally.said.get(speaker) ?? []));
  return humans.map((speaker, i) => ({ speaker, input: speakerText(tally.said.get(speaker) ?? [], i === 0) }));
}

/**
 * What the role decision reads of a call, gathered a turn at a time: the speakers in order of first turn, each one's
 * first ROLE_TURNS turns, the first role given on one of their turns, and how many turns they have. A live call adds
 * its turns as they come; the decision changes only when add() says what it reads changed.
 */
export class RoleTally {
  readonly order: string[] = [];
  readonly given = new Map<string, Role>();
  readonly said = new Map<string, string[]>();
  readonly turnCounts = new Map<string, number>();
  /** Each speaker's margin as last computed, with what it was computed from (a live call re-decides often). */
  private readonly margins = new Map<string, { n: number; first: boolean; model: RoleModel; margin: number }>();

  /** A speaker's margin (marginOf), computed again only when their turns read, their first place or the model changed. */
  marginOf(model: RoleModel, speaker: string, first: boolean): number {
    const texts = this.said.get(speaker) ?? [];
    const known = this.margins.get(speaker);
    if (known !== undefined && known.n === texts.length && known.first === first && known.model === model) return known.margin;
    const margin = marginOf(model, texts, first);
    this.margins.set(speaker, { n: texts.length, first, model, margin });
    return margin;
  }

  /** Adds a turn; true when the decision's input changed (a new speaker, a turn it reads, a role given). */
  add(t: TurnInput): boolean {
    let changed = false;
    let list = this.said.get(t.speaker);
    if (list === undefined) {
      this.order.push(t.speaker);
      this.said.set(t.speaker, (list = []));
      changed = true;
    }
    // A speaker's role shows in their first turns; reading the rest of a long call changes nothing but the time.
    if (list.length < ROLE_TURNS) {
      list.push(straightQuotes(t.text));
      changed = true;
    }
    this.turnCounts.set(t.speaker, (this.turnCounts.get(t.speaker) ?? 0) + 1);
    if (t.role !== undefined && !this.given.has(t.speaker)) {
      this.given.set(t.speaker, t.role);
      changed = true;
    }
    return changed;
  }

  /** Whether add(t) would change what the decision reads. */
  wouldChange(t: TurnInput): boolean {
    const list = this.said.get(t.speaker);
    return list === undefined || list.length < ROLE_TURNS || (t.role !== undefined && !this.given.has(t.speaker));
  }
}

/** Each speaker's role, and whether the options named them (their turns' roles count as given). */
export interface RoleDecision {
  decided: Map<string, { role: Role; source: "given" | "guessed"; confidence: number }>;
  namedInOptions: Set<string>;
}

export function resolveRoles(turns: readonly TurnInput[], options: RoleOptions, model: RoleModel = shippedRoleModel()): ResolvedRoles {
  const tally = new RoleTally();
  for (const t of turns) tally.add(t);
  const decision = decideRoles(tally, options, model);
  const roles: Role[] = [];
  const sources: Array<"given" | "guessed"> = [];
  // Loops that push rather than map(), here and in analyzeCall: see there.
  for (const t of turns) {
    roles.push(roleOfTurn(decision, t));
    sources.push(sourceOfTurn(decision, t));
  }
  return { roles, sources, speakers: speakerRoles(tally, decision) };
}

export const roleOfTurn = (decision: RoleDecision, t: TurnInput): Role => decision.decided.get(t.speaker)?.role ?? t.role ?? "customer";

/**
 * A turn's role is "given" when the turn carried it or the options named its speaker; a turn without one whose
 * speaker was labelled on another turn is inferred, so "guessed".
 */
export const sourceOfTurn = (decision: RoleDecision, t: TurnInput): "given" | "guessed" => (t.role !== undefined || decision.namedInOptions.has(t.speaker) ? "given" : "guessed");

/** The report's speakers, in order of first turn. */
export function speakerRoles(tally: RoleTally, decision: RoleDecision): SpeakerRole[] {
  const speakers: SpeakerRole[] = [];
  for (const speaker of tally.order) {
    const d = decision.decided.get(speaker) ?? { role: "customer" as Role, source: "guessed" as const, confidence: 0.5 };
    speakers.push({ speaker, role: d.role, source: d.source, confidence: d.confidence, turns: tally.turnCounts.get(speaker) ?? 0 });
  }
  return speakers;
}

export function decideRoles(tally: RoleTally, options: RoleOptions, model: RoleModel = shippedRoleModel()): RoleDecision {
  const { order, given, said } = tally;
  const overrides = new Map(Object.entries(options.overrides).map(([k, v]) => [k.trim().toLowerCase(), v]));
  const agentNames = new Set(options.agentNames.map((n) => n.trim().toLowerCase()));
  const decided = new Map<string, { role: Role; source: "given" | "guessed"; confidence: number }>();
  const namedInOptions = new Set<string>();

  for (const speaker of order) {
    const key = speaker.trim().toLowerCase();
    const g = given.get(speaker);
    const o = overrides.get(key);
    if (o !== undefined) {
      decided.set(speaker, { role: o, source: "given", confidence: 1 });
      namedInOptions.add(speaker);
    } else if (g !== undefined) decided.set(speaker, { role: g, source: "given", confidence: 1 });
    else if (agentNames.size > 0) {
      decided.set(speaker, { role: agentNames.has(key) ? "agent" : "customer", source: "given", confidence: 1 });
      namedInOptions.add(speaker);
    }
  }

  // Machines first: a speaker named like one, or every one of whose turns is an announcement.
  for (const speaker of order) {
    if (decided.has(speaker)) continue;
    const texts = said.get(speaker) ?? [];
    if (isMachine(speaker, texts)) {
      decided.set(speaker, { role: "system", source: "guessed", confidence: SYSTEM_NAME.test(speaker.trim()) ? 1 : 0.9 });
    }
  }

  const open = order.filter((s) => !decided.has(s));
  if (open.length > 0) {
    const firstHuman = order.find((s) => decided.get(s)?.role !== "system");
    const margin = new Map(
      open.map((s) => [s, tally.marginOf(model, s, s === firstHuman)] as const),
    );
    let haveAgent = false;
    let haveCustomer = false;
    for (const d of decided.values()) {
      if (d.role === "agent") haveAgent = true;
      else if (d.role === "customer") haveCustomer = true;
    }
    const ranked = [...open].sort((a, b) => (margin.get(b) ?? 0) - (margin.get(a) ?? 0) || order.indexOf(a) - order.indexOf(b));
    // Anchor the call: the most agent-like open speaker is the agent if no agent is known yet, the least
    // agent-like is the customer if no customer is known yet; everyone else goes by the sign of their score,
    // so a supervisor who joins after a transfer is on the agent side.
    const anchorAgent = !haveAgent ? ranked[0] : undefined;
    const anchorCustomer = !haveCustomer && ranked.length > (anchorAgent !== undefined ? 1 : 0) ? ranked.at(-1) : undefined;
    // Two anchors are one decision: which of the two is the agent. Its odds are the difference of their log-odds
    // (the chance that A is the agent and B the customer, against the other way round).
    const pair = anchorAgent !== undefined && anchorCustomer !== undefined ? (margin.get(anchorAgent) ?? 0) - (margin.get(anchorCustomer) ?? 0) : undefined;
    for (const s of open) {
      const m = margin.get(s) ?? 0;
      let role: Role;
      if (s === anchorAgent) role = "agent";
      else if (s === anchorCustomer) role = "customer";
      else role = m > 0 ? "agent" : "customer";
      const anchored = s === anchorAgent || s === anchorCustomer;
      decided.set(s, { role, source: "guessed", confidence: confidenceOf(anchored && pair !== undefined ? pair : anchored && (role === "agent") !== m > 0 ? 0 : m) });
    }
  }

  return { decided, namedInOptions };
}
