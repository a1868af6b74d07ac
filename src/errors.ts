import type { z } from "zod";

export interface InputProblem {
  /** JSON path of the offending value, e.g. `turns[2].text`. */
  path: string;
  message: string;
}

/** The one error sameside throws for input it cannot use. Its message names the place and what is wrong. */
export class SamesideInputError extends Error {
  override readonly name = "SamesideInputError";
  readonly problems: readonly InputProblem[];

  constructor(what: string, problems: readonly InputProblem[]) {
    const lines = problems.map((p) => `  ${p.path || "(root)"}: ${p.message}`);
    super(`Invalid ${what}:\n${lines.join("\n")}`);
    this.problems = problems;
  }
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = "";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else out += out === "" ? String(key) : `.${String(key)}`;
  }
  return out;
}

/** Parse with a zod schema, turning its issues into a SamesideInputError. */
export function parseOrThrow<T>(schema: z.ZodType<T>, value: unknown, what: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => ({
    path: formatPath(issue.path),
    message: issue.message,
  }));
  throw new SamesideInputError(what, problems);
}
