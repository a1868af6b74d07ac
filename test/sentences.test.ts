import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { splitSentences, type Span } from "../src/text/index.js";

const texts = (text: string): string[] => splitSentences(text).map((s) => s.text);

describe("splitSentences", () => {
  it("ends sentences at . ! ? and line breaks, with exact offsets", () => {
    const text = "Hi there. Is it done?  Yes!\nGreat";
    const spans = splitSentences(text);
    expect(spans.map((s) => s.text)).toEqual(["Hi there.", "Is it done?", "Yes!", "Great"]);
    for (const s of spans) expect(text.slice(s.start, s.end)).toBe(s.text);
  });

  it("keeps abbreviations, decimals, 'No. 5' and a period before a lower-case word inside the sentence", () => {
    expect(texts("Mr. Smith paid $4.50 today. Thanks.")).toEqual(["Mr. Smith paid $4.50 today.", "Thanks."]);
    expect(texts("It is order No. 5 on the list. Okay.")).toEqual(["It is order No. 5 on the list.", "Okay."]);
    expect(texts("I called. and nobody answered. Then I wrote.")).toEqual(["I called. and nobody answered.", "Then I wrote."]);
  });

  it("takes closing quotes and brackets with the sentence, and reads non-ASCII letters and spaces", () => {
    expect(texts('He said "no." Then left.')).toEqual(['He said "no."', "Then left."]);
    expect(texts("It broke (again.) Sorry.")).toEqual(["It broke (again.)", "Sorry."]);
    expect(texts("Ça coûte 5 €.\u00a0Merci…\u3000Voilà")).toEqual(["Ça coûte 5 €.", "Merci…", "Voilà"]);
    expect(texts("Ok. élan vital.")).toEqual(["Ok. élan vital."]);
  });

  // The splitter answers its character tests for ASCII without regular expressions. The straightforward version,
  // one expression per test, is the reference: on any text, both must give the same sentences.
  function reference(text: string): Span[] {
    const out: Span[] = [];
    const isSpace = (c: number) => c === 32 || (c >= 9 && c <= 13) || c === 160 || c === 0x2028 || c === 0x2029 || c === 0x3000 || (c >= 0x2000 && c <= 0x200a);
    let from = 0;
    const push = (end: number) => {
      let start = from;
      let e = end;
      while (start < e && isSpace(text.charCodeAt(start))) start++;
      while (e > start && isSpace(text.charCodeAt(e - 1))) e--;
      if (e > start) out.push({ start, end: e, text: text.slice(start, e) });
      from = end;
    };
    const abbreviations = new Set(["mr", "mrs", "ms", "dr", "st", "jr", "sr", "vs", "etc", "inc", "ltd", "co", "approx", "dept", "acct", "ext", "e.g", "i.e", "u.s", "apt", "ave", "blvd", "mt", "ft", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "mon", "tue", "wed", "thu", "fri", "sat", "sun"]);
    const candidate = /[.!?…\n\r]/g;
    for (let found = candidate.exec(text); found !== null; found = candidate.exec(text)) {
      const i = found.index;
      const ch = text[i];
      if (ch === "\n" || ch === "\r") {
        push(i);
        continue;
      }
      let j = i + 1;
      while (j < text.length && /[.!?…"'”’)\]]/.test(text[j] ?? "")) j++;
      const next = text[j];
      if (next !== undefined && !/\s/.test(next)) {
        candidate.lastIndex = j;
        continue;
      }
      if (ch === ".") {
        let b = i;
        while (b > Math.max(0, i - 12) && /[\p{L}.]/u.test(text[b - 1] ?? "")) b--;
        const before = text.slice(b, i).toLowerCase();
        const numberFollows = /^\s*\d/.test(text.slice(j, j + 4));
        if (abbreviations.has(before) || ((before === "no" || before === "nos") && numberFollows)) {
          candidate.lastIndex = j;
          continue;
        }
        let k = j;
        while (k < text.length && text[k] === " ") k++;
        const after = text[k];
        if (after !== undefined && after !== "\n" && /\p{Ll}/u.test(after)) {
          candidate.lastIndex = j;
          continue;
        }
      }
      push(j);
      candidate.lastIndex = j;
    }
    push(text.length);
    return out;
  }

  it("splits any text exactly as the one-expression-per-test reference does", () => {
    // Pieces that exercise every test: terminators, closers, every kind of white space, abbreviations, digits,
    // upper and lower case in and out of ASCII, and lone surrogates.
    const piece = fc.constantFrom(
      ".", "!", "?", "…", '"', "'", "”", "’", ")", "]", " ", "  ", "\t", "\n", "\r", "\u00a0", "\u2003", "\u3000", "\ufeff", "\u1680",
      "Mr", "e.g", "no", "No", "5", "4.50", "ok", "Ok", "élan", "Élan", "ß", "Σ", "日本", "\ud800", "\udc00", "word", "Word",
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 40 }), (pieces) => {
        const text = pieces.join("");
        expect(splitSentences(text)).toEqual(reference(text));
      }),
      { numRuns: Number(process.env.FUZZ_RUNS ?? 2500), ...(process.env.FUZZ_SEED !== undefined ? { seed: Number(process.env.FUZZ_SEED) } : {}) },
    );
  });
});
