/** Turns the command line's inputs (files, directories, globs, "-") into an ordered list of transcripts to read. */
import { readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { globSync, isDynamicPattern } from "tinyglobby";

export const TRANSCRIPT_EXTENSIONS = [".txt", ".vtt", ".srt", ".json", ".jsonl"];

export interface InputProblem {
  input: string;
  reason: string;
}

const isTranscriptName = (name: string): boolean => TRANSCRIPT_EXTENSIONS.some((x) => name.toLowerCase().endsWith(x));

/**
 * A directory's transcript files, recursively and sorted. Hidden entries and node_modules are left out; every other
 * entry that is not read (another file type, a broken link, a socket) is reported, so nothing is skipped silently.
 */
function walk(dir: string, out: string[], problems: InputProblem[]): void {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name));
  } catch (error) {
    problems.push({ input: dir, reason: `cannot read this directory (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` });
    return;
  }
  for (const e of entries) {
    if (e.name.startsWith(".") || e.name === "node_modules") continue;
    const path = join(dir, e.name);
    let kind: "dir" | "file" | "other" = e.isDirectory() ? "dir" : e.isFile() ? "file" : "other";
    if (e.isSymbolicLink()) {
      try {
        const target = statSync(path);
        kind = target.isDirectory() ? "dir" : target.isFile() ? "file" : "other";
      } catch {
        problems.push({ input: path, reason: "cannot read it (a broken link)" });
        continue;
      }
    }
    if (kind === "dir") walk(path, out, problems);
    else if (kind === "file" && isTranscriptName(e.name)) out.push(path);
    else if (kind === "file") problems.push({ input: path, reason: `skipped: not a transcript file (sameside reads ${TRANSCRIPT_EXTENSIONS.join(" ")})` });
    else problems.push({ input: path, reason: "skipped: not a regular file" });
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
      walk(input, found, problems);
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
