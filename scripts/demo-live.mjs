// npm run demo:live: replays the bundled sample call turn by turn, at about the pace it was spoken (a quarter of a
// second per word, at most two seconds a turn; --fast for none), and prints what a live agent would see: each turn
// as it ends, the agent turn a customer's reply re-reads (if it changes its findings), the nudge, if any, and the
// running score.
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createLiveCall, parseTranscript } from "../dist/index.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const file = join(root, "corpus/sample/northwind-cancel.txt");
const fast = process.argv.includes("--fast");
const { calls } = parseTranscript(readFileSync(file, "utf8"), { source: "northwind-cancel.txt" });
const call = calls[0];
const live = createLiveCall({ id: call.id ?? "sample", options: { company: ["Northwind"] } });
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, fast ? 0 : ms));
process.stdout.write(`live replay of ${file.slice(root.length + 1)}\n\n`);
for (const turn of call.turns) {
  await sleep(Math.min(2000, 250 * turn.text.split(/\s+/).length));
  const update = live.push(turn);
  process.stdout.write(`[${update.turn}] ${turn.speaker} (${update.role}): ${turn.text}\n`);
  if (update.revised !== undefined) {
    const tags = [...new Set(update.revised.findings.map((f) => f.tag))].join(", ") || "no tags";
    process.stdout.write(`      (their reply re-reads turn ${update.revised.turn}: ${tags})\n`);
  }
  for (const nudge of update.nudges) process.stdout.write(`      >> ${nudge.message}   (${nudge.kind})\n`);
  process.stdout.write(`      score ${update.score} (${update.band})\n`);
}
const report = live.report();
process.stdout.write(`\ncall ended: impact ${report.impact.score} (${report.impact.band})\n`);
