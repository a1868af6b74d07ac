/**
 * Every labelled source the project learns from and measures on, each a writer of its own:
 * - `corpus`: corpus/calls/, written in this repository;
 * - `w01`, `w02`, ...: corpus/outside/<writer>.json, written by outside writers from the tagging guide alone and
 *   labelled blind by a second reader (corpus/outside/README.md);
 * - `d1` ... `d12`: the shared devset (../shared/devset/calls.json, or SAMESIDE_DEVSET), kept outside this
 *   repository and never copied into it.
 * And, never learned from: `h01`, `h02`, ...: corpus/heldout/<writer>.json (see loadHeldOut).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { TagIdSchema } from "../src/index.js";

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..");

const TurnSchema = z.object({
  speaker: z.string(),
  role: z.enum(["agent", "customer", "system"]),
  text: z.string().min(1),
  labels: z.array(TagIdSchema).optional(),
  hard: z.array(TagIdSchema).optional(),
  either: z.array(TagIdSchema).optional(),
});
export const LabelledCallSchema = z.object({
  id: z.string(),
  meta: z.object({ industry: z.string(), impact: z.number().int().min(-2).max(2), writer: z.string().optional() }).passthrough(),
  turns: z.array(TurnSchema).min(2),
});
export type LabelledCall = z.infer<typeof LabelledCallSchema> & { source: string };

function parseCall(value: unknown, where: string, source: string): LabelledCall {
  const parsed = LabelledCallSchema.safeParse(value);
  if (!parsed.success) throw new Error(`${where}: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`);
  return { ...parsed.data, source };
}

/** corpus/calls/: one call per file, all by this repository (source "corpus"). */
export function loadOwnCorpus(dir = join(ROOT, "corpus/calls")): LabelledCall[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => parseCall(JSON.parse(readFileSync(join(dir, f), "utf8")), f, "corpus"));
}

/** corpus/outside/<writer>.json: an array of calls per outside writer (source = the writer). */
export function loadOutside(dir = join(ROOT, "corpus/outside")): LabelledCall[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .flatMap((f) => {
      const writer = f.replace(/\.json$/, "");
      const calls = JSON.parse(readFileSync(join(dir, f), "utf8")) as unknown[];
      return calls.map((c, i) => {
        const call = parseCall(c, `${f}[${i}]`, writer);
        if (call.meta.writer !== writer) throw new Error(`${f}[${i}]: meta.writer is ${call.meta.writer}, expected ${writer}`);
        return call;
      });
    });
}

/**
 * corpus/heldout/<writer>.json: outside writers commissioned and labelled as those of corpus/outside, kept out of
 * training and out of every choice (features, thresholds, designs), so that scoring them with the shipped package
 * (npm run eval) reads what it does on writers it has never seen. Not in loadAllSources.
 */
export function loadHeldOut(dir = join(ROOT, "corpus/heldout")): LabelledCall[] {
  return loadOutside(dir);
}

/** Where the shared devset is: SAMESIDE_DEVSET, or ../shared/devset/calls.json beside the project. */
export function devsetPath(): string | undefined {
  const candidates = [process.env.SAMESIDE_DEVSET, join(ROOT, "../shared/devset/calls.json")].filter((p): p is string => p !== undefined && p !== "");
  return candidates.find((p) => existsSync(p));
}

/** The shared devset's calls (source = meta.writer), or [] when it is not on this machine. */
export function loadDevset(path = devsetPath()): LabelledCall[] {
  if (path === undefined) return [];
  const calls = JSON.parse(readFileSync(path, "utf8")) as unknown[];
  return calls.map((c, i) => {
    const writer = (c as { meta?: { writer?: string } }).meta?.writer ?? "devset";
    return parseCall(c, `devset[${i}]`, writer);
  });
}

/** Every source: own corpus, outside writers, devset. */
export function loadAllSources(): LabelledCall[] {
  return [...loadOwnCorpus(), ...loadOutside(), ...loadDevset()];
}

/** Sources in a stable, readable order: corpus, then w1.., then d1.. (numbers by value). */
export function sourceOrder(a: string, b: string): number {
  const rank = (s: string): number => (s === "corpus" ? 0 : s.startsWith("w") ? 1 : s.startsWith("d") ? 2 : 3);
  return rank(a) - rank(b) || a.localeCompare(b, "en", { numeric: true });
}
