import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
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

  it("keeps BullMQ out of the main entry, and serves sameside/queue to ESM and CommonJS", () => {
    for (const file of ["dist/index.js", "dist/index.cjs"]) expect(readFileSync(join(root, file), "utf8")).not.toMatch(/["']bullmq["']/);
    const esm = run(["--input-type=module", "-e", `import { createWorker, enqueueCalls, jobIdOf } from "sameside/queue"; console.log(typeof createWorker, typeof enqueueCalls, jobIdOf("a:1"));`]);
    expect(esm.trim()).toBe("function function a%3A1");
    const cjs = run(["-e", `const { createWorker, jobIdOf } = require("sameside/queue"); console.log(typeof createWorker, jobIdOf("42"));`]);
    expect(cjs.trim()).toBe("function #42");
  });

  it("ships types that typecheck for ESM and CommonJS consumers", () => {
    const tsc = fileURLToPath(new URL("../node_modules/typescript/bin/tsc", import.meta.url));
    expect(() => run([tsc, "-p", "test/consumer"])).not.toThrow();
    expect(() => run([tsc, "-p", "test/consumer/tsconfig.queue.json"])).not.toThrow();
  });
});
