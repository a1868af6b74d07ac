// The calls the benchmark and the profiler measure: the corpus, and calls generated from its turn material with a
// fixed seed, so every run measures the same calls.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/** A small deterministic PRNG (mulberry32). */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const corpusDir = join(root, "corpus/calls");
export const corpus = readdirSync(corpusDir)
  .filter((f) => f.endsWith(".json"))
  .sort()
  .map((f) => JSON.parse(readFileSync(join(corpusDir, f), "utf8")));
// Turn material from the corpus: what agents and customers say there, recombined into long calls.
const agentLines = corpus.flatMap((c) => c.turns.filter((t) => t.role === "agent").map((t) => t.text));
const customerLines = corpus.flatMap((c) => c.turns.filter((t) => t.role === "customer").map((t) => t.text));

/** Calls of about `turns` turns: agent and customer alternate, speakers unlabelled as speech-to-text gives them. */
export function generate(count, turns, seed) {
  const next = rng(seed);
  const pick = (list) => list[Math.floor(next() * list.length)];
  return Array.from({ length: count }, (_, k) => ({
    id: `gen-${turns}-${k}`,
    turns: Array.from({ length: turns }, (_, i) => (i % 2 === 0 ? { speaker: "spk_0", text: pick(agentLines) } : { speaker: "spk_1", text: pick(customerLines) })),
  }));
}

/** The batch's calls, a hundred per seed from 1000 on: the bench's batch and the profile's JIT warm-up read the same. */
export function* batchCalls(count, turns) {
  let n = 0;
  for (let seed = 1000; n < count; seed++) for (const call of generate(100, turns, seed)) if (n++ < count) yield call;
}
