/**
 * The published JSON Schemas (dist/schema, built from the zod schemas) hold for real reports, inputs and summaries,
 * checked by a standard JSON Schema validator (Ajv, draft 2020-12), and reject what the zod schemas reject.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { analyzeCall, summarizeCall, summarizeReports, type CallInput } from "../src/index.js";
import { loadOutside, loadOwnCorpus } from "../scripts/sources.js";

const require = createRequire(import.meta.url);
const schema = (name: string): object => JSON.parse(readFileSync(require.resolve(`sameside/schema/${name}.json`), "utf8")) as object;
const ajv = new Ajv2020({ strict: false, allErrors: true });
const compiled = new Map<string, ReturnType<typeof ajv.compile>>();
const validator = (name: string) => {
  let v = compiled.get(name);
  if (v === undefined) compiled.set(name, (v = ajv.compile(schema(name))));
  return v;
};

const calls: CallInput[] = [...loadOwnCorpus(), ...loadOutside().filter((_, i) => i % 20 === 0)].map((c, k) => ({
  id: c.id,
  // Times on some calls, so the report's timing section is checked too.
  turns: c.turns.map(({ speaker, text }, i) => ({ speaker, text, ...(k % 3 === 0 ? { start: i * 4, end: i * 4 + 3.5 } : {}) })),
}));

describe("the published JSON Schemas", () => {
  it("are served through the package's exports", () => {
    for (const name of ["input", "options", "report", "call-summary", "summary"]) expect(schema(name)).toHaveProperty("$schema", "https://json-schema.org/draft/2020-12/schema");
  });

  it("hold for real inputs, reports (plain and redacted), call summaries and a batch summary", () => {
    const [input, report, callSummary, summary] = ["input", "report", "call-summary", "summary"].map(validator);
    const reports = calls.flatMap((c, k) => {
      expect(input?.(c), JSON.stringify(input?.errors)).toBe(true);
      return [analyzeCall(c, k % 2 === 0 ? { redact: true, company: ["Northwind"] } : {})];
    });
    for (const r of reports) {
      expect(report?.(JSON.parse(JSON.stringify(r))), JSON.stringify(report?.errors)).toBe(true);
      expect(callSummary?.(summarizeCall(r)), JSON.stringify(callSummary?.errors)).toBe(true);
    }
    expect(summary?.(summarizeReports(reports)), JSON.stringify(summary?.errors)).toBe(true);
    expect(validator("options")({ company: ["Northwind"], disable: ["learned"], redact: true })).toBe(true);
  });

  it("reject what sameside rejects", () => {
    const input = validator("input");
    expect(input({ turns: [{ speaker: "A", text: 42 }] })).toBe(false);
    expect(input({ turns: [{ speaker: "A", text: "hi", role: "boss" }] })).toBe(false);
    const report = validator("report");
    const good = JSON.parse(JSON.stringify(analyzeCall(calls[0] as CallInput))) as { impact: { score: unknown; band: unknown } };
    expect(report({ ...good, impact: { ...good.impact, score: "high" } })).toBe(false);
    expect(report({ ...good, impact: { ...good.impact, band: "great" } })).toBe(false);
  });
});
