/** Finds and checks sameside.config.json: the same object the library takes as options. */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { checkOptions } from "../analyze.js";
import { SamesideInputError } from "../errors.js";
import type { Options } from "../schema.js";

export const CONFIG_NAME = "sameside.config.json";

/** The nearest sameside.config.json from `from` upward, if any. */
export function findConfig(from: string): string | undefined {
  let dir = resolve(from);
  for (;;) {
    const candidate = join(dir, CONFIG_NAME);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

export function loadConfig(file: string): Options {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new SamesideInputError("config", [{ path: file, message: `cannot read it (${(error as NodeJS.ErrnoException).code ?? "error"})` }]);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new SamesideInputError("config", [{ path: file, message: `invalid JSON: ${(error as Error).message}` }]);
  }
  try {
    return checkOptions(value, `config (${file})`);
  } catch (error) {
    // A rule's pattern is checked by the engine, which does not know the file; name it here.
    if (error instanceof SamesideInputError && !error.message.includes(file)) throw new SamesideInputError(`config (${file})`, error.problems);
    throw error;
  }
}
