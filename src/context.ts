/**
 * Call state across turns, built once per call and handed to the detectors: how many times the customer has
 * refused or decided by each turn, and whether a competitor has come up (and by which names).
 */
import type { TurnState } from "./detectors/engine.js";
import { mentionsRival } from "./detectors/engine.js";
import type { CustomerEvent } from "./schema.js";

const SWITCH_NAME =
  /\b(?:(?:switch(?:ing|ed)?|mov(?:e|ing|ed)|port(?:ing|ed)?|tak(?:e|ing)|transfer(?:ring)?)\s+(?:[\w']+\s+){0,3}?(?:over\s+)?(?:to|with)|(?:go(?:ing)?|went|sign(?:ed|ing)?\s+up|join(?:ing|ed)?|jump(?:ing)?\s+ship|book(?:ing|ed)?|stay(?:ing|ed)?|bank(?:ing)?|fly(?:ing)?|rent(?:ing)?|insur(?:e|ing))\s+(?:over\s+)?(?:to|with|at))\s+(?:the\s+)?([A-Z][\w&'-]*(?:\s+[A-Z][\w&'-]*){0,2})|\b(?:offer|quote|deal|price|rate)\s+(?:from|with|at)\s+([A-Z][\w&'-]*(?:\s+[A-Z][\w&'-]*){0,2})|\b([A-Z][\w&'-]*(?:\s+[A-Z][\w&'-]*){0,2})\s+(?:offered|quoted|is\s+offering|are\s+offering|gave\s+me|will\s+give\s+me)\b/g;
const NOT_A_NAME = new Set(["I", "We", "You", "The", "A", "An", "My", "Our", "Your", "They", "He", "She", "It", "This", "That", "Yes", "No", "Okay", "Well", "So", "And", "But", "Someone", "Somebody", "Another", "Other"]);
const RIVAL_TALK =
  /\b(?:(?:switch(?:ing|ed)?|mov(?:ing|ed)|port(?:ing|ed)?)\s+(?:[\w']+\s+){0,3}?(?:to|over)\b|switch(?:ing|ed)?\s+(?:providers|companies|carriers|banks|insurers)|(?:the|those|these|some|any|all)\s+other\s+(?:[\w-]+\s+)?(?:guys|providers?|compan(?:y|ies)|carriers?|banks?|insurers?|airlines?|shops?|stores?|hotels?|counters?|desks?|firms?|brands?|dealers?|garages?|sellers?|retailers?|services?|apps?|tools?)|(?:another|a\s+different)\s+(?:provider|company|carrier|bank|insurer|airline|shop|store|dealer|service|vendor|platform|network|lender|agency)|competitors?|competition|cheaper\s+(?:elsewhere|somewhere|plan|offer|deal)|better\s+(?:offer|deal|price|rate)\s+(?:from|with|at|elsewhere|somewhere)|(?:offer|quote|deal)\s+from|going\s+with\s+(?:another|someone|them))\b/i;

// Cheap guards: the heavy patterns below can only match text holding one of these words.
const NAME_HINT = /switch|mov|port|tak|transfer|\bgo|went|sign|join|jump|book|stay|bank|fly|rent|insur|offer|quot|deal|price|rate|gave|give/i;
const TALK_HINT = /switch|mov|port|other|another|different|competit|cheaper|better|offer|quote|deal|going/i;

/** Competitor names said in the call ("we're switching to Lumen", "Brightline offered me"), excluding our own. */
export function findRivalNames(texts: readonly string[], company: readonly string[]): string[] {
  const own = new Set(company.map((c) => c.toLowerCase()));
  const names = new Set<string>();
  for (const text of texts) {
    if (!NAME_HINT.test(text)) continue;
    for (const m of text.matchAll(SWITCH_NAME)) {
      const raw = (m[1] ?? m[2] ?? m[3] ?? "").trim();
      const words = raw.split(/\s+/).filter((w) => !NOT_A_NAME.has(w));
      const name = words.join(" ");
      if (name.length > 1 && !own.has(name.toLowerCase()) && words.length === raw.split(/\s+/).length) {
        names.add(name);
        // "Cobalt Insurance" is also called "Cobalt".
        const first = words[0] ?? "";
        if (words.length > 1 && first.length > 2 && !own.has(first.toLowerCase())) names.add(first);
      }
    }
  }
  return [...names].sort();
}

/** Whether a customer's words bring a competitor up: a rival's name (said now or known), or talk of switching. */
export function talksOfRival(text: string, knownRivals: readonly string[], company: readonly string[]): boolean {
  return (TALK_HINT.test(text) && RIVAL_TALK.test(text)) || mentionsRival(text, knownRivals) || findRivalNames([text], company).length > 0;
}

/**
 * The call state turn by turn: before each turn, how many times the customer has refused or decided, whether a
 * competitor has come up (in any turn so far, by talk of switching or a rival's name), and whether the customer's
 * last turn escalated. One turn at a time, so a live call keeps it as turns come.
 */
export class CallStateWalk {
  refusals = 0;
  rivalContext = false;
  escalated = false;

  constructor(readonly rivals: readonly string[]) {}

  /** The state the turn is said in (its own words can bring a rival up). */
  before(text: string): TurnState {
    if (!this.rivalContext && ((TALK_HINT.test(text) && RIVAL_TALK.test(text)) || mentionsRival(text, this.rivals))) this.rivalContext = true;
    return { refusals: this.refusals, rivalContext: this.rivalContext, escalated: this.escalated };
  }

  /** What a customer turn's events change for the turns after it. */
  afterCustomer(events: readonly CustomerEvent[]): void {
    // A loop over the events themselves: a list of kinds built per turn would be empty (so typed as numbers) on most
    // turns, and the optimised code reading it thrown away whenever the other kind turns up.
    let refused = false;
    let escalation = false;
    for (const e of events) {
      if (e.kind === "refusal" || e.kind === "decision") refused = true;
      else if (e.kind === "escalation") escalation = true;
    }
    if (refused) this.refusals++;
    this.escalated = escalation;
  }
}

/** The competitors in play: the names given in the options and those the customer's turns name, sorted. */
export function rivalsOf(knownRivals: readonly string[], named: Iterable<string>): string[] {
  return [...new Set([...knownRivals, ...named])].sort();
}
