import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { EVENT_PATTERNS } from "../src/customer.js";
import { expandRival } from "../src/detectors/engine.js";
import { redosProblems } from "../src/detectors/redos.js";
import { analyzeCall, checkOptions, detectors, SamesideInputError, CallReportSchema } from "../src/index.js";

/** Every regular-expression literal in the source tree, found with the TypeScript parser. */
function regexLiterals(dir: string): Array<{ where: string; source: string }> {
  const out: Array<{ where: string; source: string }> = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      out.push(...regexLiterals(path));
      continue;
    }
    if (!name.endsWith(".ts")) continue;
    const file = ts.createSourceFile(path, readFileSync(path, "utf8"), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (ts.isRegularExpressionLiteral(node)) {
        const text = node.text;
        const source = text.slice(1, text.lastIndexOf("/"));
        const line = file.getLineAndCharacterOfPosition(node.getStart()).line + 1;
        out.push({ where: `${path}:${line}`, source });
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  return out;
}

const rulePatterns = detectors.flatMap((d) =>
  d.rules.flatMap((r) => [
    ...r.patterns.map((p, i) => ({ where: `${r.id}.patterns[${i}]`, source: expandRival(p, true) })),
    ...(["before", "after", "turn"] as const).flatMap((k) => {
      const source = r.unless?.[k];
      return source === undefined ? [] : [{ where: `${r.id}.unless.${k}`, source }];
    }),
  ]),
);

describe("the ReDoS check", () => {
  it.each([
    ["(a+)+", "nested"],
    ["^(a|a)*$", "alternatives"],
    ["(?:\\w+\\s?)*$", "nested"],
    ["\\bwell\\s*,?\\s+fine", "in a row"],
    ["\\bok\\s+\\s*done", "in a row"],
    ["\\s+x", "starts with a loop"],
    ["(?:(?:so|very)\\s+)*sorry", "starts with a loop"],
    ["\\b(?:(?:so|very)\\s+)*sorry", "starts with a loop"],
    ["\\bx(?:a\\w*)*y", "nested"],
    ["\\bx(.*)*y", "nested"],
    ["\\ba(?:b|c|)*d", "can match nothing"],
  ])("rejects %s", (source, reason) => {
    expect(redosProblems(source).join("; ")).toContain(reason);
  });

  it.each([
    "\\bsorry\\b",
    "\\b(?:i|we)\\s+(?:(?:do|really)\\s+){0,4}apologi[sz]e\\b",
    "\\bwell(?:\\s*,)?\\s+fine",
    "^\\s*(?:no|nope)\\b",
    "\\b(?:[a-z]+\\s+){0,5}?gone\\b",
    "[.!?…\\n\\r]",
    "\\bnot\\s+my\\s+fault\\b",
    "\\bcharge(?:\\s*-)?\\s*back\\b",
  ])("accepts %s", (source) => {
    expect(redosProblems(source)).toEqual([]);
  });

  it("passes every rule pattern and exception, with competitor names in", () => {
    expect(rulePatterns.length).toBeGreaterThan(200);
    const bad = rulePatterns.map((p) => ({ ...p, problems: redosProblems(p.source) })).filter((p) => p.problems.length > 0);
    expect(bad).toEqual([]);
  });

  it("passes every customer event pattern", () => {
    const bad = EVENT_PATTERNS.map((e, i) => ({ i, problems: redosProblems(e.pattern) })).filter((e) => e.problems.length > 0);
    expect(bad).toEqual([]);
  });

  it("passes every regular-expression literal in src/", () => {
    const literals = regexLiterals(join(__dirname, "../src"));
    expect(literals.length).toBeGreaterThan(30);
    const bad = literals.map((l) => ({ ...l, problems: redosProblems(l.source) })).filter((l) => l.problems.length > 0);
    expect(bad).toEqual([]);
  });

  it("rejects a user rule that could backtrack, naming the rule and the field", () => {
    const rule = { id: "defensiveness/acme-slow", tag: "defensiveness" as const, message: "slow", patterns: ["\\bfine", "(\\w+\\s?)+done"] };
    for (const run of [() => checkOptions({ rules: [rule] }), () => analyzeCall({ turns: [{ speaker: "a", text: "hi" }] }, { rules: [rule] })]) {
      let error: unknown;
      try {
        run();
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(SamesideInputError);
      expect((error as SamesideInputError).problems[0]?.path).toBe("defensiveness/acme-slow.patterns[1]");
      expect((error as SamesideInputError).problems[0]?.message).toMatch(/super-linear/);
    }
  });

  it("still accepts a plain user rule", () => {
    const rule = { id: "defensiveness/acme-fine", tag: "defensiveness" as const, message: "m", patterns: ["\\bthat'?s\\s+just\\s+how\\s+it\\s+is\\b"] };
    expect(() => checkOptions({ rules: [rule] })).not.toThrow();
  });
});

describe("adversarial turns of 50,000 characters", () => {
  const N = 50_000;
  const fill = (unit: string): string => unit.repeat(Math.ceil(N / unit.length)).slice(0, N);
  const inputs: Array<[string, string]> = [
    ["repeated cue words", fill("sorry so very really policy but ")],
    ["one long word", fill("a")],
    ["a run of white space after a cue", `Sorry${" ".repeat(N)}x`],
    ["tabs between intensifiers", fill("so\t")],
    ["punctuation storm", fill("!?.,;:—'\"")],
    ["apostrophes", fill("'")],
    ["sentence openers", fill("well, ")],
    ["refusal then sorry", fill("I can't do that ")],
    ["digits", fill("4111 1111 1111 1111 ")],
  ];
  it.each(inputs)("analyses %s and returns a valid report", (_name, text) => {
    const call = {
      turns: [
        { speaker: "Customer", role: "customer" as const, text: "No thanks, I want to cancel." },
        { speaker: "Agent", role: "agent" as const, text },
        { speaker: "Customer", role: "customer" as const, text },
      ],
    };
    const report = analyzeCall(call);
    expect(CallReportSchema.safeParse(report).success).toBe(true);
    expect(report.turns).toHaveLength(3);
  });
});
