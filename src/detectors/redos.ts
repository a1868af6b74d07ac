/**
 * A small static check for regular expressions that backtrack badly (ReDoS). It parses a pattern and looks for the
 * three shapes behind almost every slow regex:
 *
 * - nested repetition: an unbounded loop inside another loop, `(a+)+`, `(?:\w+\s?)*` (exponential);
 * - a loop over alternatives that can match the same text, `(?:a|ab)*` (exponential);
 * - two loops in a row that can eat the same characters with only optional things between them, `\s*,?\s+`
 *   (polynomial: every way of splitting the run between them is tried), including a loop at the very start of an
 *   unanchored pattern, which the engine retries from every position of a long run.
 *
 * It is conservative: it may reject a pattern that is in fact fast, never the other way round for these shapes.
 * Characters are compared on a sample alphabet (ASCII, white space, a few non-ASCII letters and marks), so two
 * classes "overlap" when some sample character is in both. Case is folded, since sameside's patterns are
 * case-insensitive. Bounded repetition of at most MAX_BOUNDED rounds counts as straight-line code: next to another
 * loop it costs a constant factor, not a power of the input's length.
 */

const MAX_BOUNDED = 100;

const SAMPLE: readonly string[] = (() => {
  const chars: string[] = [];
  for (let c = 32; c < 127; c++) if (c < 65 || c > 90) chars.push(String.fromCharCode(c)); // upper case folds to lower
  chars.push("\t", "\n", "\r", "\u00a0", "\u2003", "é", "ß", "’", "“", "—", "中", "\u0301", "\u0000", "😀");
  return chars;
})();
const INDEX = new Map(SAMPLE.map((c, i) => [c, i]));
type CharSet = readonly boolean[];

const none = (): boolean[] => SAMPLE.map(() => false);
const setOf = (test: (c: string) => boolean): boolean[] => SAMPLE.map(test);
const union = (a: CharSet, b: CharSet): boolean[] => a.map((x, i) => x || b[i] === true);
const overlaps = (a: CharSet, b: CharSet): boolean => a.some((x, i) => x && b[i] === true);
const isEmpty = (a: CharSet): boolean => !a.some(Boolean);

const WORD = setOf((c) => /\w/.test(c));
const SPACE = setOf((c) => /\s/.test(c));
const DIGIT = setOf((c) => /\d/.test(c));
const ANY = setOf((c) => c !== "\n" && c !== "\r");
const invert = (a: CharSet): boolean[] => a.map((x) => !x);
const single = (c: string): boolean[] => {
  const s = none();
  const i = INDEX.get(c.toLowerCase());
  if (i !== undefined) s[i] = true;
  return s;
};

type Node =
  | { kind: "chars"; set: CharSet }
  | { kind: "empty"; anchor?: "start" | "word" | "check" } // zero-width: ^, \b, and $ or a lookaround ("check")
  | { kind: "seq"; items: Node[] }
  | { kind: "alt"; alts: Node[] }
  | { kind: "repeat"; body: Node; min: number; max: number };

class Parser {
  private i = 0;
  constructor(private readonly src: string) {}

  parse(): Node {
    const node = this.alternation();
    if (this.i < this.src.length) throw new Error(`unexpected "${this.src[this.i] ?? ""}" at ${this.i}`);
    return node;
  }

  private alternation(): Node {
    const alts = [this.sequence()];
    while (this.src[this.i] === "|") {
      this.i++;
      alts.push(this.sequence());
    }
    return alts.length === 1 ? (alts[0] as Node) : { kind: "alt", alts };
  }

  private sequence(): Node {
    const items: Node[] = [];
    while (this.i < this.src.length && this.src[this.i] !== "|" && this.src[this.i] !== ")") {
      const atom = this.atom();
      items.push(this.quantified(atom));
    }
    return { kind: "seq", items };
  }

  private quantified(atom: Node): Node {
    const c = this.src[this.i];
    let min = 1;
    let max = 1;
    if (c === "*" || c === "+" || c === "?") {
      this.i++;
      [min, max] = c === "*" ? [0, Infinity] : c === "+" ? [1, Infinity] : [0, 1];
    } else if (c === "{") {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.i));
      if (m === null) return atom; // a literal "{"
      this.i += m[0].length;
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === "" ? Infinity : Number(m[3]);
    } else return atom;
    if (this.src[this.i] === "?") this.i++; // lazy: same search space
    if (atom.kind === "empty") return atom;
    return this.quantified({ kind: "repeat", body: atom, min, max });
  }

  private atom(): Node {
    const c = this.src[this.i++] ?? "";
    switch (c) {
      case "(":
        return this.group();
      case "[":
        return { kind: "chars", set: this.charClass() };
      case ".":
        return { kind: "chars", set: ANY };
      case "^":
        return { kind: "empty", anchor: "start" };
      case "$":
        return { kind: "empty", anchor: "check" };
      case "\\":
        if (this.src[this.i] === "b") {
          this.i++;
          return { kind: "empty", anchor: "word" };
        }
        return this.escape(false) ?? { kind: "empty" };
      default:
        return { kind: "chars", set: single(c) };
    }
  }

  private group(): Node {
    let lookaround = false;
    if (this.src[this.i] === "?") {
      const rest = this.src.slice(this.i, this.i + 3);
      if (rest.startsWith("?:")) this.i += 2;
      else if (rest.startsWith("?=") || rest.startsWith("?!")) {
        this.i += 2;
        lookaround = true;
      } else if (rest === "?<=" || rest === "?<!") {
        this.i += 3;
        lookaround = true;
      } else if (rest.startsWith("?<")) {
        const end = this.src.indexOf(">", this.i);
        if (end < 0) throw new Error("unterminated group name");
        this.i = end + 1;
      } else throw new Error(`unsupported group "(${rest}" at ${this.i - 1}`);
    }
    const body = this.alternation();
    if (this.src[this.i] !== ")") throw new Error("unterminated group");
    this.i++;
    // What a lookaround matches is not consumed, so it cannot take part in a backtracking split.
    return lookaround ? { kind: "empty", anchor: "check" } : body;
  }

  /** An escape after "\\": a character set, or undefined for a zero-width one (\b, \B) or a back-reference. */
  private escape(inClass: boolean): CharSet | undefined;
  private escape(inClass: false): Node | undefined;
  private escape(inClass: boolean): CharSet | Node | undefined {
    const c = this.src[this.i++] ?? "";
    const wrap = (set: CharSet): CharSet | Node => (inClass ? set : { kind: "chars", set });
    switch (c) {
      case "w":
        return wrap(WORD);
      case "W":
        return wrap(invert(WORD));
      case "s":
        return wrap(SPACE);
      case "S":
        return wrap(invert(SPACE));
      case "d":
        return wrap(DIGIT);
      case "D":
        return wrap(invert(DIGIT));
      case "b":
        return inClass ? single("\b") : undefined;
      case "B":
        return undefined;
      case "n":
        return wrap(single("\n"));
      case "r":
        return wrap(single("\r"));
      case "t":
        return wrap(single("\t"));
      case "u":
      case "x": {
        const m = c === "u" ? /^(?:[0-9a-fA-F]{4}|\{[0-9a-fA-F]+\})/.exec(this.src.slice(this.i)) : /^[0-9a-fA-F]{2}/.exec(this.src.slice(this.i));
        if (m === null) return wrap(single(c));
        this.i += m[0].length;
        const code = Number.parseInt(m[0].replace(/[{}]/g, ""), 16);
        return wrap(single(String.fromCodePoint(code)));
      }
      case "p":
      case "P": {
        const end = this.src.indexOf("}", this.i);
        const name = end < 0 ? "" : this.src.slice(this.i + 1, end);
        this.i = end < 0 ? this.i : end + 1;
        let set: CharSet = ANY; // an unknown property: assume it may overlap anything
        try {
          const re = new RegExp(`\\p{${name}}`, "u");
          set = setOf((ch) => re.test(ch));
        } catch {
          // keep ANY
        }
        return wrap(c === "P" ? invert(set) : set);
      }
      case "k": {
        const end = this.src.indexOf(">", this.i);
        this.i = end < 0 ? this.i : end + 1;
        return inClass ? none() : { kind: "repeat", body: { kind: "chars", set: ANY }, min: 0, max: Infinity };
      }
      default:
        if (/[1-9]/.test(c)) {
          while (/\d/.test(this.src[this.i] ?? "")) this.i++;
          // A back-reference can match any run of text: treat it as a loop.
          return inClass ? none() : { kind: "repeat", body: { kind: "chars", set: ANY }, min: 0, max: Infinity };
        }
        return wrap(single(c));
    }
  }

  private charClass(): CharSet {
    let negate = false;
    if (this.src[this.i] === "^") {
      negate = true;
      this.i++;
    }
    let set: boolean[] = none();
    let first = true;
    while (this.i < this.src.length && (this.src[this.i] !== "]" || first)) {
      first = false;
      let from: CharSet | string;
      const c = this.src[this.i++] ?? "";
      if (c === "\\") from = this.escape(true) ?? none();
      else from = c;
      if (typeof from === "string" && this.src[this.i] === "-" && this.src[this.i + 1] !== "]" && this.i + 1 < this.src.length) {
        this.i++;
        let to = this.src[this.i++] ?? "";
        if (to === "\\") to = this.src[this.i++] ?? "";
        const lo = from.toLowerCase().codePointAt(0) ?? 0;
        const hi = to.toLowerCase().codePointAt(0) ?? 0;
        const a = Math.min(lo, hi, from.codePointAt(0) ?? 0);
        const b = Math.max(lo, hi, to.codePointAt(0) ?? 0);
        set = union(set, setOf((s) => {
          const code = s.codePointAt(0) ?? 0;
          const upper = s.toUpperCase().codePointAt(0) ?? 0;
          return (code >= a && code <= b) || (upper >= a && upper <= b);
        }));
      } else set = union(set, typeof from === "string" ? single(from) : from);
    }
    if (this.src[this.i] !== "]") throw new Error("unterminated character class");
    this.i++;
    return negate ? invert(set) : set;
  }
}

/** Whether a node can match the empty string. */
function nullable(n: Node): boolean {
  switch (n.kind) {
    case "chars":
      return false;
    case "empty":
      return true;
    case "seq":
      return n.items.every(nullable);
    case "alt":
      return n.alts.some(nullable);
    case "repeat":
      return n.min === 0 || nullable(n.body);
  }
}

/** Every character a node can consume. */
function chars(n: Node): CharSet {
  switch (n.kind) {
    case "chars":
      return n.set;
    case "empty":
      return none();
    case "seq":
      return n.items.reduce<CharSet>((s, i) => union(s, chars(i)), none());
    case "alt":
      return n.alts.reduce<CharSet>((s, a) => union(s, chars(a)), none());
    case "repeat":
      return chars(n.body);
  }
}

/** Characters a node's match can begin ("first") or end ("last") with. */
function edgeChars(n: Node, edge: "first" | "last"): CharSet {
  switch (n.kind) {
    case "chars":
      return n.set;
    case "empty":
      return none();
    case "seq": {
      let s: CharSet = none();
      for (const item of edge === "first" ? n.items : [...n.items].reverse()) {
        s = union(s, edgeChars(item, edge));
        if (!nullable(item)) break;
      }
      return s;
    }
    case "alt":
      return n.alts.reduce<CharSet>((s, a) => union(s, edgeChars(a, edge)), none());
    case "repeat":
      return edgeChars(n.body, edge);
  }
}
const firsts = (n: Node): CharSet => edgeChars(n, "first");

/** A loop: a repetition with no small bound on its rounds. */
const unbounded = (n: Node): boolean => n.kind === "repeat" && n.max > MAX_BOUNDED;

/** The loops a node's match can start (edge "first") or end (edge "last") with, as the sets they consume. */
function edgeLoops(n: Node, edge: "first" | "last", whole = false): CharSet[] {
  switch (n.kind) {
    case "chars":
    case "empty":
      return [];
    case "seq": {
      const out: CharSet[] = [];
      const items = edge === "first" ? n.items : [...n.items].reverse();
      for (const item of items) {
        out.push(...edgeLoops(item, edge, whole));
        if (!nullable(item)) break;
      }
      return out;
    }
    case "alt":
      return n.alts.flatMap((a) => edgeLoops(a, edge, whole));
    case "repeat":
      // A loop meets its neighbour with the characters a round can start (or end) with.
      // A loop meets its neighbour with the characters a round can start (or end) with; `whole` asks for every
      // character the loop can eat instead.
      if (!unbounded(n)) return edgeLoops(n.body, edge, whole);
      return [whole ? chars(n.body) : edgeChars(n.body, edge), ...edgeLoops(n.body, edge, whole)];
  }
}

function containsUnbounded(n: Node): boolean {
  switch (n.kind) {
    case "chars":
    case "empty":
      return false;
    case "seq":
      return n.items.some(containsUnbounded);
    case "alt":
      return n.alts.some(containsUnbounded);
    case "repeat":
      return unbounded(n) || containsUnbounded(n.body);
  }
}

/** The problems found in one node and everything under it. */
function problemsIn(n: Node, out: string[]): void {
  switch (n.kind) {
    case "chars":
    case "empty":
      return;
    case "alt":
      for (const a of n.alts) problemsIn(a, out);
      return;
    case "repeat":
      if (unbounded(n) || n.max > 1) {
        // A loop inside a loop is only ambiguous when one round can end where the next begins, as in (a+)+ or
        // (?:a\w*)*; in (?:'[a-z]+)* every round starts with a character the inner loop never eats.
        if (n.max > MAX_BOUNDED && containsUnbounded(n.body) && edgeLoops(n.body, "last").some((l) => overlaps(l, firsts(n.body)))) {
          out.push("nested repetition: a loop inside an unbounded loop");
        }
        const alts = n.body.kind === "alt" ? n.body.alts : [];
        if (n.max > MAX_BOUNDED && alts.some((a, i) => alts.some((b, j) => j > i && overlaps(firsts(a), firsts(b))))) {
          out.push("a loop over alternatives that can start with the same character");
        }
        if (n.max > MAX_BOUNDED && nullable(n.body)) out.push("a loop whose body can match nothing");
        // Consecutive rounds of the loop are adjacent too.
        if (n.max > 1) adjacent(edgeLoops(n.body, "last"), edgeLoops(n.body, "first"), out);
      }
      problemsIn(n.body, out);
      return;
    case "seq": {
      for (const item of n.items) problemsIn(item, out);
      for (let i = 0; i < n.items.length; i++) {
        const a = n.items[i] as Node;
        const ends = edgeLoops(a, "last");
        if (ends.length === 0) continue;
        for (let j = i + 1; j < n.items.length; j++) {
          const b = n.items[j] as Node;
          adjacent(ends, edgeLoops(b, "first"), out);
          if (!nullable(b)) break;
        }
      }
      return;
    }
  }
}

function adjacent(ends: readonly CharSet[], starts: readonly CharSet[], out: string[]): void {
  for (const e of ends) {
    for (const s of starts) {
      if (!isEmpty(e) && overlaps(e, s)) {
        out.push("two loops in a row that can match the same characters (only optional text between them)");
        return;
      }
    }
  }
}

/**
 * Whether a pattern can start matching with a loop anywhere in a long run: the engine retries an unanchored pattern
 * from every position, so a leading loop is quadratic unless ^ or \b (for a loop over word characters) limits where
 * it can start.
 */
function leadingLoop(n: Node): boolean {
  if (n.kind === "alt") return n.alts.some(leadingLoop);
  if (n.kind !== "seq") return edgeLoops(n, "first").length > 0 && !simpleLoop(n);
  const head = n.items[0];
  if (head?.kind === "empty" && head.anchor === "start") return false;
  if (head !== undefined && n.items.length === 1 && (head.kind === "alt" || head.kind === "seq")) return leadingLoop(head);
  const items = head?.kind === "empty" && head.anchor === "word" ? n.items.slice(1) : n.items;
  let loops = edgeLoops({ kind: "seq", items }, "first");
  // After \b, a loop that stays inside one word can only start where a word starts; one that crosses words can
  // start at every word of a long run.
  if (head?.kind === "empty" && head.anchor === "word") loops = edgeLoops({ kind: "seq", items }, "first", true).filter((l) => overlaps(l, invert(WORD)));
  if (loops.length === 0) return false;
  // A pattern that is one loop over characters, with nothing required after it, matches the whole run at once.
  const k = items.findIndex((i) => !nullable(i));
  const first = items[k];
  return !(first !== undefined && simpleLoop(first) && items.slice(k + 1).every(cannotFail));
}

/** A loop straight over a character set, such as `\s+` or `[^\w.-]+` (also inside a group of its own). */
const simpleLoop = (n: Node): boolean =>
  (n.kind === "repeat" && n.body.kind === "chars") || (n.kind === "seq" && n.items.length === 1 && simpleLoop(n.items[0] as Node));

/** Matches wherever it is tried: an optional part, or a zero-width item that checks nothing. */
const cannotFail = (n: Node): boolean => (n.kind === "repeat" && n.min === 0) || (n.kind === "empty" && n.anchor === undefined);

/**
 * Reasons a pattern may take super-linear time, or an empty list. Throws on a pattern it cannot parse (the caller
 * compiles patterns with `new RegExp` first, so that error comes first).
 */
export function redosProblems(source: string): string[] {
  const root = new Parser(source).parse();
  const out: string[] = [];
  problemsIn(root, out);
  if (leadingLoop(root)) out.push("an unanchored pattern that starts with a loop (put \\b or a word in front of it)");
  return [...new Set(out)];
}
