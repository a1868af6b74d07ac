/**
 * Who is the agent and who the customer. A role given on a turn is kept; otherwise options.agent names the agent,
 * and failing that each speaker is guessed from what they say (a fuller model comes with role inference).
 */
import type { Role, SpeakerRole, TurnInput } from "./schema.js";

const AGENT_CUES = /\b(?:thank(?:s|\s+you)\s+for\s+(?:calling|contacting|holding|your\s+patience)|this\s+is\s+\w+(?:\s+\w+)?\s+(?:from|at|with|speaking)|how\s+(?:can|may)\s+i\s+(?:help|assist)|my\s+name\s+is|can\s+i\s+(?:have|get|grab)\s+(?:your|the)\s+(?:account|name|number|address|email|order|policy|reservation|booking|zip|postcode|date\s+of\s+birth)|for\s+(?:security|verification)|let\s+me\s+(?:pull\s+up|check|look|see)|is\s+there\s+anything\s+else|i\s+can\s+see\s+(?:on\s+)?(?:your|the)\s+account|(?:our|the)\s+policy|i'?ll\s+(?:make\s+sure|send|process|credit|refund)|bear\s+with\s+me)\b/gi;
const CUSTOMER_CUES = /\b(?:i\s+(?:want|need|would\s+like|'d\s+like)\s+to\s+(?:cancel|return|complain|speak|know|change|dispute)|my\s+(?:bill|order|account|flight|car|phone|internet|package|card|claim|booking|laptop|windshield|subscription)|i\s+(?:was|got|have\s+been)\s+(?:charged|billed|told|promised)|i'?m\s+calling\s+(?:about|because|to)|i\s+(?:called|ordered|paid|bought|booked|rented)|speak\s+to\s+(?:a|your)\s+(?:supervisor|manager)|you\s+guys)\b/gi;

function count(re: RegExp, text: string): number {
  return text.match(re)?.length ?? 0;
}

export interface ResolvedRoles {
  /** Role of each input turn, in order. */
  roles: Role[];
  /** "given" or "guessed", per turn. */
  sources: Array<"given" | "guessed">;
  speakers: SpeakerRole[];
}

export function resolveRoles(turns: readonly TurnInput[], agentNames: readonly string[]): ResolvedRoles {
  const order: string[] = [];
  const given = new Map<string, Role>();
  const text = new Map<string, string>();
  const counts = new Map<string, number>();
  for (const t of turns) {
    if (!counts.has(t.speaker)) order.push(t.speaker);
    counts.set(t.speaker, (counts.get(t.speaker) ?? 0) + 1);
    if (t.role !== undefined && !given.has(t.speaker)) given.set(t.speaker, t.role);
    text.set(t.speaker, `${text.get(t.speaker) ?? ""}\n${t.text}`);
  }
  const agentSet = new Set(agentNames.map((n) => n.trim().toLowerCase()));
  const guessed = new Map<string, { role: Role; confidence: number }>();
  const someoneIsAgent = [...given.values()].includes("agent");
  for (const [i, speaker] of order.entries()) {
    if (given.has(speaker)) continue;
    if (agentSet.size > 0) {
      guessed.set(speaker, { role: agentSet.has(speaker.trim().toLowerCase()) ? "agent" : "customer", confidence: 1 });
      continue;
    }
    const said = text.get(speaker) ?? "";
    const agentScore = count(AGENT_CUES, said) + (i === 0 && !someoneIsAgent ? 0.5 : 0);
    const customerScore = count(CUSTOMER_CUES, said) + (someoneIsAgent ? 1 : 0);
    const role: Role = agentScore > customerScore ? "agent" : "customer";
    const total = agentScore + customerScore;
    guessed.set(speaker, { role, confidence: total === 0 ? 0.5 : Math.round((Math.max(agentScore, customerScore) / total) * 100) / 100 });
  }
  // With no agent at all among several speakers, the most agent-like one is the agent.
  const allRoles = order.map((s) => given.get(s) ?? guessed.get(s)?.role);
  if (order.length > 1 && !allRoles.includes("agent") && agentSet.size === 0) {
    const first = order.find((s) => !given.has(s));
    if (first !== undefined) guessed.set(first, { role: "agent", confidence: 0.5 });
  }
  const speakers: SpeakerRole[] = order.map((speaker) => {
    const g = given.get(speaker);
    const turnCount = counts.get(speaker) ?? 0;
    if (g !== undefined) return { speaker, role: g, source: "given", confidence: 1, turns: turnCount };
    const guess = guessed.get(speaker) ?? { role: "customer" as Role, confidence: 0.5 };
    return { speaker, role: guess.role, source: "guessed", confidence: guess.confidence, turns: turnCount };
  });
  const bySpeaker = new Map(speakers.map((s) => [s.speaker, s]));
  return {
    roles: turns.map((t) => t.role ?? bySpeaker.get(t.speaker)?.role ?? "customer"),
    sources: turns.map((t) => (t.role !== undefined ? "given" : "guessed")),
    speakers,
  };
}
