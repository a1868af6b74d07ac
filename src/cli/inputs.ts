/** Turns the command line's inputs (files, directories, globs, "-") into an ordered list of transcripts to read. */
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { globSync, isDynamicPattern } from "tinyglobby";

export const TRANSCRIPT_EXTENSIONS = [".txt", ".vtt", ".srt", ".json", ".jsonl"];

export interface InputProblem {
  input: string;
  reason: string;
}

function walk(dir: string, out: string[]): void {
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
  for (const e of entries) {
    if (e.name.startsWith(".") || e.name === "node_modules") continue;
    const path = join(dir, e.name);
    if (e.isDirectory()) walk(path, out);
    else if (e.isFile() && TRANSCRIPT_EXTENSIONS.some((x) => e.name.toLowerCase().endsWith(x))) out.push(path);
  }
}

/**
 * Files in the order given; a directory's transcript files (by extension, recursively, sorted); a glob's matches
 * (sorted). "-" stands for standard input. Inputs that match nothing are reported, never silently skipped.
 */
export function expandInputs(inputs: readonly string[]): { files: string[]; problems: InputProblem[] } {
  const files: string[] = [];
  const problems: InputProblem[] = [];
  for (const input of inputs) {
    if (input === "-") {
      files.push("-");
      continue;
    }
    let stat;
    try {
      stat = statSync(input);
    } catch {
      stat = undefined;
    }
    if (stat?.isDirectory() === true) {
      const found: string[] = [];
      walk(input, found);
      if (found.length === 0) problems.push({ input, reason: `no transcript files (${TRANSCRIPT_EXTENSIONS.join(" ")}) in this directory` });
      files.push(...found);
    } else if (stat !== undefined) {
      files.push(input);
    } else if (isDynamicPattern(input)) {
      const found = globSync(input, { onlyFiles: true, dot: false }).sort();
      if (found.length === 0) problems.push({ input, reason: "no file matches this pattern" });
      files.push(...found.map((f) => relative(process.cwd(), f) || f));
    } else {
      problems.push({ input, reason: "no such file or directory" });
    }
  }
  return { files, problems };
}
