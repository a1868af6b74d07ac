import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// These run against the built package in dist/ (the test script builds it first), through the package's own
// "exports" map, exactly as a user's `import` or `require` would.
const root = fileURLToPath(new URL("..", import.meta.url));
const run = (args: string[]) => execFileSync(process.execPath, args, { cwd: root, encoding: "utf8" });
const call = `{ turns: [{ speaker: "A", role: "agent", text: "That's not my department." }] }`;

describe("the built package", () => {
  it("imports from ESM", () => {
    const out = run(["--input-type=module", "-e", `import { analyzeCall } from "sameside"; console.log(analyzeCall(${call}).turns[0].tags[0].tag);`]);
    expect(out.trim()).toBe("defensiveness");
  });

  it("requires from CommonJS", () => {
    const out = run(["-e", `const { analyzeCall } = require("sameside"); console.log(analyzeCall(${call}).turns[0].tags[0].tag);`]);
    expect(out.trim()).toBe("defensiveness");
  });

  it("gives the same report from both builds", () => {
    const esm = run(["--input-type=module", "-e", `import { analyzeCall } from "sameside"; console.log(JSON.stringify(analyzeCall(${call})));`]);
    const cjs = run(["-e", `const { analyzeCall } = require("sameside"); console.log(JSON.stringify(analyzeCall(${call})));`]);
    expect(esm).toBe(cjs);
  });

  it("ships types that typecheck for ESM and CommonJS consumers", () => {
    const tsc = fileURLToPath(new URL("../node_modules/typescript/bin/tsc", import.meta.url));
    expect(() => run([tsc, "-p", "test/consumer"])).not.toThrow();
  });
});
