/**
 * Training the role model (src/model/role-model.ts): one example per speaker of every labelled call (the agent side
 * or the customer side, machines left out), a logistic regression fitted by AdaGrad with L2 over a seeded shuffle,
 * scored leave-one-writer-out with the whole role decision (src/roles.ts) on calls whose roles are stripped.
 * Deterministic: the same calls give the same weights, byte for byte.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { speakerFeatures } from "../src/model/role-features.js";
import { loadRoleModel, roleModelOf, type RoleModel, type RoleModelData } from "../src/model/role-model.js";
import { resolveRoles, roleInputs } from "../src/roles.js";
import type { Role } from "../src/schema.js";
import { seededRandom } from "./learn.js";
import { ROOT, sourceOrder, type LabelledCall } from "./sources.js";

export interface RoleExample {
  source: string;
  call: string;
  agent: boolean;
  features: number[];
}

export interface RoleParams {
  epochs: number;
  rate: number;
  l2: number;
  minCount: number;
  seed: number;
}

export const ROLE_PARAMS: RoleParams = { epochs: 30, rate: 0.2, l2: 1e-3, minCount: 25, seed: 7 };

/** A call as the role evaluation reads it: turns with their gold role. */
export interface RoleCall {
  source: string;
  id: string;
  turns: ReadonlyArray<{ speaker: string; role: Role; text: string }>;
}

export const roleCallOf = (c: LabelledCall): RoleCall => ({ source: c.source, id: c.id, turns: c.turns.map(({ speaker, role, text }) => ({ speaker, role: role as Role, text })) });

/** Harper Valley's real spoken calls (scored, never trained on), when the file is on this machine. */
export function harperValley(): RoleCall[] {
  const path = join(ROOT, "../shared/realcalls/harpervalley.jsonl");
  if (!existsSync(path)) return [];
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l.trim() !== "")
    .map((l) => {
      const c = JSON.parse(l) as { id: string; turns: Array<{ speaker: string; role: Role; text: string }> };
      return { source: "harpervalley", id: c.id, turns: c.turns };
    });
}

/** A speaker's gold role: the role most of their turns carry. */
function goldRoles(call: RoleCall): Map<string, Role> {
  const counts = new Map<string, Map<Role, number>>();
  for (const t of call.turns) {
    const m = counts.get(t.speaker) ?? new Map<Role, number>();
    m.set(t.role, (m.get(t.role) ?? 0) + 1);
    counts.set(t.speaker, m);
  }
  return new Map([...counts].map(([s, m]) => [s, [...m].sort((a, b) => b[1] - a[1])[0]?.[0] ?? "customer"]));
}

export function roleExamples(calls: readonly RoleCall[], names?: Map<number, string>): RoleExample[] {
  const out: RoleExample[] = [];
  for (const call of calls) {
    const gold = goldRoles(call);
    for (const { speaker, input } of roleInputs(call.turns)) {
      const role = gold.get(speaker);
      if (role !== "agent" && role !== "customer") continue;
      const features = new Set<number>();
      speakerFeatures(input, {
        wantNames: names !== undefined,
        add(hash, name) {
          features.add(hash);
          if (names !== undefined && name !== undefined && !names.has(hash)) names.set(hash, name);
        },
      });
      out.push({ source: call.source, call: call.id, agent: role === "agent", features: [...features].sort((a, b) => a - b) });
    }
  }
  return out;
}

export interface FittedRoles {
  bias: number;
  weights: Map<number, number>;
}

export function fitRoles(examples: readonly RoleExample[], params: RoleParams = ROLE_PARAMS): FittedRoles {
  const counts = new Map<number, number>();
  for (const e of examples) for (const f of e.features) counts.set(f, (counts.get(f) ?? 0) + 1);
  const kept = [...counts].filter(([, n]) => n >= params.minCount).map(([f]) => f).sort((a, b) => a - b);
  const index = new Map(kept.map((f, i) => [f, i]));
  const rows = examples.map((e) => ({ y: e.agent ? 1 : 0, x: e.features.map((f) => index.get(f)).filter((i): i is number => i !== undefined) }));
  const w = new Float64Array(kept.length);
  const g2 = new Float64Array(kept.length).fill(1e-8);
  let bias = 0;
  let bias2 = 1e-8;
  const next = seededRandom(params.seed);
  const order = rows.map((_, i) => i);
  for (let epoch = 0; epoch < params.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(next() * (i + 1));
      [order[i], order[j]] = [order[j] as number, order[i] as number];
    }
    for (const r of order) {
      const row = rows[r];
      if (row === undefined) continue;
      let z = bias;
      for (const i of row.x) z += w[i] ?? 0;
      const p = 1 / (1 + Math.exp(-z));
      const g = p - row.y;
      bias2 += g * g;
      bias -= (params.rate * g) / Math.sqrt(bias2);
      for (const i of row.x) {
        const gi = g + params.l2 * (w[i] ?? 0);
        g2[i] = (g2[i] ?? 0) + gi * gi;
        w[i] = (w[i] ?? 0) - (params.rate * gi) / Math.sqrt(g2[i] ?? 1);
      }
    }
  }
  return { bias, weights: new Map(kept.map((f, i) => [f, w[i] ?? 0])) };
}

/** The model as data: integer weights (x scale), features whose weight rounds to zero left out, sorted by hash. */
export function toRoleData(model: FittedRoles, names: ReadonlyMap<number, string>, scale = 1000): RoleModelData {
  const lines = [...model.weights]
    .map(([hash, w]) => [hash, Math.round(w * scale)] as const)
    .filter(([, w]) => w !== 0)
    .sort((a, b) => (a[0] >>> 0) - (b[0] >>> 0))
    .map(([hash, w]) => `${(hash >>> 0).toString(36)}\t${names.get(hash) ?? "?"}\t${w}`);
  return { scale, bias: Math.round(model.bias * scale), features: lines.join("\n") };
}

export interface RoleScore {
  turns: number;
  right: number;
  /** Guessed speakers: (confidence, right) pairs, for the calibration. */
  speakers: Array<{ confidence: number; right: boolean }>;
  /** Calls with at least one turn wrong. */
  wrongCalls: string[];
}

/** Per-turn role accuracy of the whole role decision, roles stripped and speakers renamed. */
export function scoreRoles(calls: readonly RoleCall[], model: RoleModel): RoleScore {
  const out: RoleScore = { turns: 0, right: 0, speakers: [], wrongCalls: [] };
  for (const call of calls) {
    const rename = new Map<string, string>();
    for (const t of call.turns) if (!rename.has(t.speaker)) rename.set(t.speaker, `spk_${rename.size}`);
    const resolved = resolveRoles(call.turns.map((t) => ({ speaker: rename.get(t.speaker) ?? "", text: t.text })), { agentNames: [], overrides: {} }, model);
    let wrong = false;
    call.turns.forEach((t, i) => {
      out.turns++;
      if (resolved.roles[i] === t.role) out.right++;
      else wrong = true;
    });
    const gold = goldRoles(call);
    for (const s of resolved.speakers) {
      const original = [...rename].find(([, v]) => v === s.speaker)?.[0] ?? "";
      out.speakers.push({ confidence: s.confidence, right: gold.get(original) === s.role });
    }
    if (wrong) out.wrongCalls.push(call.id);
  }
  return out;
}

export interface RoleReport {
  params: RoleParams;
  features: number;
  /** Leave-one-writer-out per source (Harper Valley: the model fitted on every source, never on it). */
  sources: Array<{ source: string; calls: number; turns: number; accuracy: number; wrongCalls: string[] }>;
  /** Pooled over every source: speakers guessed at or above each confidence, and how many of them were right. */
  calibration: Array<{ atLeast: number; speakers: number; accuracy: number }>;
}

/** Fits on every source, scores each source leave-one-writer-out; returns the weights and the report. */
export function trainRoles(calls: readonly LabelledCall[], log: (line: string) => void = () => {}): { data: RoleModelData; report: RoleReport } {
  const roleCalls = calls.map(roleCallOf);
  const names = new Map<number, string>();
  const examples = roleExamples(roleCalls, names);
  const sources = [...new Set(roleCalls.map((c) => c.source))].sort(sourceOrder);
  const rows: RoleReport["sources"] = [];
  const speakers: RoleScore["speakers"] = [];
  for (const source of sources) {
    const model = fitRoles(examples.filter((e) => e.source !== source));
    const s = scoreRoles(
      roleCalls.filter((c) => c.source === source),
      roleModelOf(model.bias, model.weights),
    );
    rows.push({ source, calls: roleCalls.filter((c) => c.source === source).length, turns: s.turns, accuracy: +(s.right / Math.max(1, s.turns)).toFixed(4), wrongCalls: s.wrongCalls });
    speakers.push(...s.speakers);
  }
  const full = fitRoles(examples);
  const data = toRoleData(full, names);
  const shipped = loadRoleModel(data);
  const real = harperValley();
  if (real.length > 0) {
    const s = scoreRoles(real, shipped);
    rows.push({ source: "harpervalley", calls: real.length, turns: s.turns, accuracy: +(s.right / Math.max(1, s.turns)).toFixed(4), wrongCalls: s.wrongCalls });
    speakers.push(...s.speakers);
  }
  log(`roles: ${examples.length} speakers, ${data.features.split("\n").length} features`);
  const calibration = [0.5, 0.7, 0.8, 0.9, 0.95, 0.99].map((atLeast) => {
    const list = speakers.filter((s) => s.confidence >= atLeast);
    return { atLeast, speakers: list.length, accuracy: +(list.filter((s) => s.right).length / Math.max(1, list.length)).toFixed(4) };
  });
  return { data, report: { params: ROLE_PARAMS, features: data.features === "" ? 0 : data.features.split("\n").length, sources: rows, calibration } };
}
