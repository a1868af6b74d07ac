/**
 * The role model: one logistic regression over a speaker's features (role-features.ts) whose score is the log-odds
 * that the speaker is on the company's side. Weights are data, written by `npm run train` (scripts/roles.ts) to
 * role-weights.ts.
 */
import { HashTable } from "../text/tokens.js";
import { speakerFeatures, type RoleSink, type SpeakerText } from "./role-features.js";
import { ROLE_MODEL } from "./role-weights.js";

export interface RoleModelData {
  /** Weights are stored as integers; divide by this. */
  scale: number;
  /** The score of a speaker with no feature at all. */
  bias: number;
  /** One line per feature: hash (base 36), name, weight, separated by tabs. */
  features: string;
}

export interface RoleModel {
  bias: number;
  /** The weights as integers (x scale) in an open-addressing table: one probe per feature, most of them misses. */
  table: HashTable;
  scale: number;
  /** How many features have a weight (none: the hand-weighted cues decide instead). */
  size: number;
}

/** A model from its bias and weights (log-odds), held as integers x scale, as the shipped data holds them. */
export function roleModelOf(bias: number, weights: ReadonlyMap<number, number>, scale = 1000): RoleModel {
  const ints = new Map<number, number>();
  for (const [hash, w] of weights) {
    const v = Math.round(w * scale);
    if (v !== 0) ints.set(hash, v);
  }
  return { bias, table: new HashTable(ints), scale, size: ints.size };
}

export function loadRoleModel(data: RoleModelData): RoleModel {
  const weights = new Map<number, number>();
  if (data.features !== "") {
    for (const line of data.features.split("\n")) {
      const [hash, , weight] = line.split("\t");
      weights.set(parseInt(hash ?? "0", 36) | 0, Number(weight ?? 0) / data.scale);
    }
  }
  return roleModelOf(data.bias / data.scale, weights, data.scale);
}

/** Adds up a speaker's weights, each feature once: the model is asked first, so only its few hits are remembered. */
class ScoreSink implements RoleSink {
  readonly wantNames = false;
  total = 0;
  private readonly hits: number[] = [];
  constructor(private readonly model: RoleModel) {}
  add(hash: number): void {
    const w = this.model.table.get(hash);
    if (w === 0 || this.hits.includes(hash)) return;
    this.hits.push(hash);
    this.total += w;
  }
}

let shipped: RoleModel | undefined;
export const shippedRoleModel = (): RoleModel => (shipped ??= loadRoleModel(ROLE_MODEL));

/** A speaker's score: log-odds of being the agent side. Each feature counts once. */
export function roleScore(model: RoleModel, speaker: SpeakerText): number {
  const sink = new ScoreSink(model);
  speakerFeatures(speaker, sink);
  return model.bias + sink.total / model.scale;
}
