/**
 * How a learned finding explains itself: each feature name in plain words, and the kind of finding its strongest
 * evidence points to, with a message and a "say instead" written for that kind. Data, like the rules.
 */
import type { TagId } from "../schema.js";
import { straightQuotes } from "../text/index.js";

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

/**
 * A kind of learned finding: chosen when `when` matches one of the finding's strongest features, or else when `says`
 * matches the sentence it quotes (checked kind by kind, in order, after every kind's `when`). `examples` are quotes
 * its `says` must match (test/model.test.ts runs them).
 */
export interface LearnedKind {
  when?: RegExp;
  says?: RegExp;
  message: string;
  /** For harmful tags; the detector's general line when absent. */
  suggestion?: string;
  examples?: readonly string[];
}

/** Our own words for the kinds' examples: none is a labelled call's. */
export const LEARNED_KINDS: Readonly<Record<TagId, readonly LearnedKind[]>> = {
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
      says: /\b(?:you (?:should(?:'ve| have)?|need(?:ed)? to|had to|were supposed to|didn't|never|forgot to|failed to)|your (?:fault|mistake|responsibility)|on your (?:end|side))\b/i,
      message: "Puts the problem back on the customer.",
      suggestion: "Let's sort it out from here: [what I'll do now]. And so it doesn't catch you out again: [the tip].",
      examples: ["Well, you were supposed to check the box before sending it.", "That one's on your end, I'm afraid."],
    },
    {
      when: /u:(?:policy|policies|terms|rules|conditions|procedure|process|system|regulations|contract|agreement)/,
      says: /\b(?:polic(?:y|ies)|terms|conditions|clause|rules?|guidelines?|procedures?|process|the system|regulations?|contract|agreement|(?:fine|small) print|(?:has|have) to (?:go|come) through|you agreed to|subject to)\b/i,
      message: "Answers with the rule or the system instead of help.",
      suggestion: "The reason for that rule is [reason]. Here's what I can do for you within it: [alternative].",
      examples: ["Clause four covers exactly this, so there's no refund.", "That's just how the system works.", "Returns have to go through the website."],
    },
    {
      when: /u:(?:weather|storm|control|supplier|suppliers|courier|traffic|volume|staff|busy|shortage)/,
      says: /\b(?:(?:out of|outside(?: of)?|beyond) (?:our|my|anyone's) (?:control|hands)|no control|weather|storms?|snow|strikes?|traffic|backlog|short[- ]staffed|volumes?)\b/i,
      message: "Explains the failure away with an outside cause.",
      suggestion: "Whatever caused it, it landed on you, and I'm sorry. Here's what I'm doing about it now: [step].",
      examples: ["The floods were beyond our control.", "We've got no control over the port."],
    },
    {
      says: /\b(?:not (?:on )?(?:us|ours|our (?:fault|problem|doing|end|side))|(?:their|a them) (?:fault|problem|end|side|issue|mistake|call)|third[- ]party|(?!(?:any|every|no)one's|anybody's|nobody's)\w+'s (?:fault|problem|end|side|responsibility)|we don't (?:run|make|own|control) (?:the|their|those)|(?:bank|courier|restaurant|seller|manufacturer|carrier|driver|supplier|landlord|promoter|airline|insurer|partner) (?:fault|problem|issue|call|responsibility|end|side))\b/i,
      message: "Puts the blame on someone else.",
      suggestion: "It went wrong while you were with us, so it's ours to put right. Here's what I'm doing now: [next step].",
      examples: ["The shop packed it, so that's not on us.", "Honestly that's a them problem.", "That'll be the warehouse's fault.", "We don't run the buses, the council does."],
    },
    {
      when: /u:(?:department|team|hands|nothing|handle|job)|n:(?:much|anything)/,
      says: /\b(?:not my (?:department|job|area|team|call)|(?:another|a different|the other|the right) (?:department|team)|I(?:'m| am) (?:just|only) (?:the|an?) \w+|I (?:just|only) (?:handle|do|deal with)|(?:isn't|is not|not) (?:really )?(?:up to|down to) me|I don't (?:handle|deal with|set|run|do)|take (?:that|it|this) up with|you'd (?:have|need) to (?:ask|call|contact|ring|speak to|talk to|take))\b/i,
      message: "Says the problem is someone else's, with nothing offered.",
      suggestion: "That's handled by [team], and I'll get you there: [transfer or direct line], and I'll stay on until you're through.",
      examples: ["Refunds are a different team, I just do bookings.", "I don't deal with billing.", "I'm only the receptionist.", "You'd have to ring the landlord about that."],
    },
    {
      says: /\b(?:as I (?:said|mentioned|explained|told you)|like I (?:said|told you)|I(?:'ve| have) already (?:told|explained|said)|as (?:stated|mentioned))\b/i,
      message: "Repeats the answer instead of hearing the customer out.",
      suggestion: "Let me make sure I've got this right: [their point]. Here's what I can do about it.",
      examples: ["Like I said, the engineer comes Thursday.", "I've already explained the charge twice."],
    },
    {
      says: /(?:^|\b(?:that's|it's|that is|it is) )(?:up to you|your (?:call|choice|decision|lookout|problem|funeral))\b|\b(?:whatever you (?:want|like|decide)|(?:call|ring|complain to|tell) (?:who|whoever|anyone) you (?:like|want)|if it does,? it does|(?:a )?(?:supervisor|manager)(?:'s| is| will)? (?:going to |gonna )?(?:tell|say) (?:you )?(?:exactly )?the same)\b/i,
      message: "Leaves the customer to it instead of helping.",
      suggestion: "It's your decision, and I want it to be the right one for you: here's what each choice means, and what I can do today: [options].",
      examples: ["Cancel if you want, that's your call.", "Whatever you decide.", "Up to you.", "Complain to whoever you like.", "A manager will say the same thing."],
    },
    {
      says: /\b(?:I didn't (?:\w+ )?(?:do|break|cause|make|set|book|overbook|lose|send) (?:it|that|this)|(?:it's|that's|it is|that is) not (?:me|my fault|on me)|not (?:like|as if) (?:I|we)|(?:could|might)(?:'ve| have) been (?:anyone|anything|anybody))\b/i,
      message: "Says it is not the agent's fault.",
      suggestion: "Whoever caused it, it's mine to fix now. Here's what I'll do: [next step].",
      examples: ["I didn't break it, it came in like that.", "Could've been anyone, to be fair."],
    },
    {
      says: /\bsorry (?:to hear (?:that|you feel)|you feel|you see it|if (?:you|that|it))\b/i,
      message: "Says sorry without owning anything.",
      suggestion: "I'm sorry we got this wrong. Here's what I'll do to put it right: [next step].",
      examples: ["Sorry if that came across badly.", "I'm sorry you feel that way."],
    },
    {
      says: /\b(?:(?:not able|unable) to|can't|cannot|won't be able to)\b/i,
      message: "Refuses with nothing offered instead.",
      suggestion: "I can't do [that], and I'm sorry. Here's what I can do instead: [option].",
      examples: ["I'm not able to move that date.", "We can't refund opened items."],
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
      says: /\b(?:today|tonight|right now|expires?|deadline|last (?:chance|day)|gone for good|lose (?:your|the|it|out)|miss out|on this call|while (?:I've got|I have) you|kick(?:ing)? yourself|regret it)\b/i,
      message: "Presses with a deadline or a loss to fear.",
      suggestion: "There's no rush on my side: the offer is [real terms], and it's your decision whenever suits you.",
      examples: ["This price is only good while I've got you on the line.", "You'll be kicking yourself next winter."],
    },
    {
      says: /\b(?:I(?:'ll|'ve| will| have) (?:just )?(?:added|add|started|start|signed you up|sign you up|set you up|put you down|pop(?:ped)?)|(?:you|we) can always (?:cancel|drop|remove)|cancel (?:any ?time|whenever))\b/i,
      message: "Signs the customer up for what they did not ask for.",
      suggestion: "Would you like me to add [option]? Only if it's useful to you; no is a fine answer.",
      examples: ["I've added the cover for you, you can always drop it later.", "I'll just start the trial, cancel whenever."],
    },
    {
      when: /ctx:ref[12]|ctx:lastref|c:(?:no|cancel|decided)/,
      message: "Keeps pressing after the customer said no or decided.",
      suggestion: "Understood, I'll do exactly that now: [action]. If anything changes, you know where we are.",
    },
    { message: "Pressures the customer instead of serving their decision." },
  ],
};

/**
 * The kind of learned finding its strongest evidence (feature names, strongest first) points to; when none does,
 * the kind the quoted sentence's own words say; else the tag's general kind.
 */
export function learnedKind(tag: TagId, evidence: readonly string[], quote = ""): LearnedKind {
  const kinds = LEARNED_KINDS[tag];
  const general = kinds[kinds.length - 1] as LearnedKind;
  for (const kind of kinds) if (kind.when !== undefined && evidence.some((e) => kind.when?.test(e) === true)) return kind;
  const said = straightQuotes(quote);
  for (const kind of kinds) if (kind.says?.test(said) === true) return kind;
  return general;
}
