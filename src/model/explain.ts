/**
 * How a learned finding explains itself: each feature name in plain words, and the kind of finding its strongest
 * evidence points to, with a message and a "say instead" written for that kind. Data, like the rules.
 */
import type { TagId } from "../schema.js";

const SUBJECT: Readonly<Record<string, string>> = { they: "them", you: "the customer", i: "the agent", we: "the company" };
const VERB_SHAPES: Readonly<Record<string, string>> = {
  "i_perf": "I've + a done action",
  "we_perf": "we've + a done action",
  "i_past": "I + a past action",
  "we_past": "we + a past action",
  "i_fut": "I'll / let me + an action",
  "we_fut": "we'll + an action",
  "i_prog": "I'm + an action under way",
  "we_prog": "we're + an action under way",
  "you_oblig": "you need to / you have to",
  "you_should": "you should",
  "you_could": "you could",
  "you_didn't": "you didn't",
  "you_never": "you never",
};
const CONTEXT: Readonly<Record<string, string>> = {
  "ctx:ref0": "before any refusal",
  "ctx:ref1": "after the customer's no",
  "ctx:ref2": "after two or more refusals",
  "ctx:rival": "a competitor in play",
  "ctx:esc": "the customer had just escalated",
  "ctx:upset": "the customer was upset",
  "ctx:lastref": "right after a refusal",
  "q:": "a question",
  "cls:anyone": "anyone / anybody",
};

const quoteWord = (w: string): string => `"${w}"`;

/**
 * Whether a feature is one plain word alone (`u:the`, `b:<s>_and` "and" opening a sentence, `b:i_</s>`, `c:a` the
 * customer's "a"): it weighs like any other feature, but a finding does not name it, since it tells a reader nothing
 * (src/text/plain.ts; the third stage's evidence follows the same rule). Pairs are kept (`b:have_to`).
 */
export function plainFeature(name: string, plain: ReadonlySet<string>): boolean {
  const colon = name.indexOf(":");
  const kind = name.slice(0, colon + 1);
  const rest = name.slice(colon + 1);
  if (kind === "u:" || kind === "c:") return plain.has(rest);
  if (kind !== "b:") return false;
  const [a = "", b = ""] = rest.split("_");
  if (a === "<s>") return plain.has(b);
  if (b === "</s>") return plain.has(a);
  return false;
}

/** A feature name (see ./features.ts) in plain words, e.g. `b:went_ahead` is `"went ahead"`. */
export function describeFeature(name: string): string {
  const colon = name.indexOf(":");
  const kind = name.slice(0, colon + 1);
  const rest = name.slice(colon + 1);
  switch (kind) {
    case "u:":
      return quoteWord(rest);
    case "b:": {
      const [a = "", b = ""] = rest.split("_");
      if (a === "<s>") return `${quoteWord(b)} opening a sentence`;
      if (b === "</s>") return `${quoteWord(a)} ending a sentence`;
      return quoteWord(`${a} ${b}`);
    }
    case "n:":
      return `${quoteWord(rest)} after a negation`;
    case "c:":
      return `the customer's ${quoteWord(rest)} just before`;
    case "r:":
      return `rule ${rest}`;
    case "rt:":
      return `${/^[aeiou]/.test(rest) ? "an" : "a"} ${rest} rule`;
    case "af:": {
      const negated = rest.endsWith("~");
      const core = negated ? rest.slice(0, -1) : rest;
      const [who, polarity] = core.includes("_") ? core.split("_") : ["", core];
      const strength = polarity?.endsWith("3") === true ? "strongly " : "";
      const word = `${negated ? "a negated " : "a "}${strength}${polarity?.startsWith("neg") === true ? "negative" : "positive"} word`;
      return who !== undefined && who !== "" ? `${word} about ${SUBJECT[who] ?? who}` : word;
    }
    case "vp:":
      if (rest.endsWith("_shouldhave")) return `${rest === "_shouldhave" ? "" : `${rest.slice(0, -11)} `}should have / could have`.trim();
      return VERB_SHAPES[rest] ?? rest;
    default:
      return CONTEXT[name] ?? name;
  }
}

/** A kind of learned finding: chosen when its pattern matches one of the finding's strongest features. */
interface LearnedKind {
  when?: RegExp;
  message: string;
  /** For harmful tags; the detector's general line when absent. */
  suggestion?: string;
}

const KINDS: Readonly<Record<TagId, readonly LearnedKind[]>> = {
  apology: [{ message: "Regrets what went wrong for the customer (learned from labelled calls)." }],
  ownership: [
    { when: /vp:(?:i|we)_(?:perf|past|prog)|u:done|u:sorted/, message: "Reports a concrete step already taken for the customer (learned from labelled calls)." },
    { when: /u:(?:fault|mistake|error)|b:on_us|b:our_(?:end|side|mistake|fault)/, message: "Admits the company's or the agent's own fault (learned from labelled calls)." },
    { message: "Commits to a concrete next step for the customer (learned from labelled calls)." },
  ],
  empathy: [{ message: "Acknowledges the customer's feelings or situation (learned from labelled calls)." }],
  defensiveness: [
    {
      when: /vp:you_|_shouldhave|u:(?:yourself|your)$/,
      message: "Puts the problem back on the customer.",
      suggestion: "Let's sort it out from here: [what I'll do now]. And so it doesn't catch you out again: [the tip].",
    },
    {
      when: /u:(?:policy|policies|terms|rules|conditions|procedure|process|system|regulations|contract|agreement)/,
      message: "Answers with the rule or the system instead of help.",
      suggestion: "The reason for that rule is [reason]. Here's what I can do for you within it: [alternative].",
    },
    {
      when: /u:(?:weather|storm|control|supplier|suppliers|courier|traffic|volume|staff|busy|shortage)/,
      message: "Explains the failure away with an outside cause.",
      suggestion: "Whatever caused it, it landed on you, and I'm sorry. Here's what I'm doing about it now: [step].",
    },
    {
      when: /u:(?:department|team|hands|nothing|handle|job)|n:(?:much|anything)/,
      message: "Says the problem is someone else's, with nothing offered.",
      suggestion: "That's handled by [team], and I'll get you there: [transfer or direct line], and I'll stay on until you're through.",
    },
    { message: "Protects the company or the agent instead of helping the customer." },
  ],
  "competitor-bashing": [
    {
      message: "Runs down a competitor instead of making the case for us.",
      suggestion: "They're a fair choice for some people. What customers tell us they value here is [specific strength]; want me to show you how that works for you?",
    },
  ],
  pushing: [
    {
      when: /u:(?:today|tonight|now|only|expires|ends|deadline|last|gone|lose|miss)/,
      message: "Presses with a deadline or a loss to fear.",
      suggestion: "There's no rush on my side: the offer is [real terms], and it's your decision whenever suits you.",
    },
    {
      when: /ctx:ref[12]|ctx:lastref|c:(?:no|cancel|decided)/,
      message: "Keeps pressing after the customer said no or decided.",
      suggestion: "Understood, I'll do exactly that now: [action]. If anything changes, you know where we are.",
    },
    { message: "Pressures the customer instead of serving their decision." },
  ],
};

/** The kind of learned finding its strongest evidence (feature names, strongest first) points to. */
export function learnedKind(tag: TagId, evidence: readonly string[]): LearnedKind {
  const kinds = KINDS[tag];
  for (const kind of kinds) if (kind.when === undefined || evidence.some((e) => kind.when?.test(e) === true)) return kind;
  return kinds[kinds.length - 1] as LearnedKind;
}
