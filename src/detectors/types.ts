import type { TagId } from "../schema.js";

/**
 * A rule's example. A plain string is one agent turn on its own. `before` lists customer turns said earlier in
 * the call, for rules that depend on the call so far ("No, I want to cancel." before a pushing example).
 */
export type RuleExample = string | { text: string; before: string[] };

/** Conditions that stop a rule from firing on a match. Regexes are source strings, matched case-insensitively. */
export interface RuleUnless {
  /** The matched words are negated ("it's not your fault"). */
  negated?: boolean;
  /** The sentence is a question ("sorry, what was the address?"). */
  question?: boolean;
  /** The matched words are reported or imagined speech of someone else ("he never apologized"). */
  reported?: boolean;
  /** Regex on the sentence's text before the match. */
  before?: string;
  /** Regex on the sentence's text after the match. */
  after?: string;
  /** Regex on the whole turn: e.g. an alternative offered elsewhere in the turn. */
  turn?: string;
}

/** Conditions that must hold for a rule to fire. */
export interface RuleWhen {
  /** At least this many customer refusals or stated decisions earlier in the call. */
  refusals?: number;
  /** The customer's latest turn escalated: a shrug in reply is a dismissal. */
  escalated?: boolean;
}

/** One rule: data only. The engine in ./engine.ts gives it behaviour. */
export interface Rule {
  /** `<tag>/<name>`, unique across all rules. */
  id: string;
  tag: TagId;
  description: string;
  /**
   * Regex sources matched against each sentence, case-insensitively. `{rival}` stands for a reference to a
   * competitor: generic ones ("the other providers", "those guys"), the names the call or the options know,
   * and "they/them/their" once a competitor has come up in the call.
   */
  patterns: string[];
  /**
   * Words at least one of which every match of the patterns contains (lowercase, apostrophes dropped: "i'll" is
   * "ill", and each part of such a word counts too: "i", "ll"; a trailing * matches a prefix: "apologi*"). The
   * engine only tries a rule on sentences that contain one, so most sentences skip most rules (src/text/cues.ts).
   * A rule without cues is tried on every sentence. test/cues.test.ts checks the cues against every example, the
   * whole corpus and text generated from the patterns themselves.
   */
  cues?: readonly string[];
  unless?: RuleUnless;
  when?: RuleWhen;
  /** When this rule fires on a sentence, findings of these tags on the same sentence are dropped. */
  overrides?: TagId[];
  /** Why this is (or is not) good for the customer, shown as the finding's message. */
  message: string;
  /** A better line for this case; the detector's general one is used when absent (harmful tags only). */
  suggestion?: string;
  examples: { hit: RuleExample[]; miss: RuleExample[] };
}

/** Static description of a detector, apart from its rules (cf. ESLint's rule `meta`). */
export interface DetectorMeta {
  id: TagId;
  description: string;
  /** Harmful tags: the general "say instead" line and why it works. */
  sayInstead?: string;
  why?: string;
}

export interface Detector {
  meta: DetectorMeta;
  rules: readonly Rule[];
}
