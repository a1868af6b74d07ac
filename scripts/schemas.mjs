// Writes the JSON Schemas of sameside's public shapes into dist/schema/, from the zod schemas of the built package
// (zod's toJSONSchema), so services in other languages and warehouses can check what sameside reads and writes.
// Run by the build (tsup's onSuccess); published as sameside/schema/<name>.json.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const s = await import(join(root, "dist/index.js"));
const pkg = (await import(join(root, "package.json"), { with: { type: "json" } })).default;

// name, schema, what it describes, and whether it is read (input: what a caller may send) or written (output).
const SCHEMAS = [
  ["input", s.CallInputSchema, "A call for analyzeCall, and a queue job's call: its turns (speaker, text, role, times).", "input"],
  ["options", s.OptionsSchema, "analyzeCall's options (also the contents of sameside.config.json).", "input"],
  ["report", s.CallReportSchema, "One call's report: turns with findings, roles, customer events, tag counts, timing, impact and coaching.", "output"],
  ["call-summary", s.CallSummarySchema, 'One call in brief (a queue job\'s result with result: "summary"): score, band, tag counts, drivers.', "output"],
  ["summary", s.BatchSummarySchema, "A batch summary: per agent and overall, tag rates, the worst moments.", "output"],
];

const dir = join(root, "dist/schema");
mkdirSync(dir, { recursive: true });
for (const [name, schema, description, io] of SCHEMAS) {
  const json = z.toJSONSchema(schema, { io });
  const out = { $schema: json.$schema, $id: `https://unpkg.com/sameside@${pkg.version}/dist/schema/${name}.json`, title: `sameside ${name}`, description, ...json };
  writeFileSync(join(dir, `${name}.json`), `${JSON.stringify(out, null, 2)}\n`);
}
