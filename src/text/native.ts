/**
 * V8 runs a new regular expression in its bytecode interpreter and compiles it to machine code once it has run, so
 * a large expression is compiled twice; its first run on a subject of at least 1,000 characters compiles machine code
 * at once (V8's JSRegExp::kTierUpForSubjectLengthValue). The rule and customer-event expressions run on every
 * sentence from the first call on, so each gets that first run on a blank, just before its first real one: about half
 * the regular-expression compile time of a fresh process or worker (each has its own compiled code). Any engine that
 * does otherwise still gives the same matches.
 */
const BLANK = " ".repeat(1000);

export function compileNow(re: RegExp): void {
  re.lastIndex = 0;
  re.exec(BLANK);
  re.lastIndex = 0;
}
