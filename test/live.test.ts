import fc from "fast-check";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { analyzeCall, createLiveCall, parseTranscript, SamesideInputError, type CallInput, type Options } from "../src/index.js";
import { devsetPath, loadDevset, loadOutside, loadOwnCorpus } from "../scripts/sources.js";
import { runLive } from "../src/cli/live.js";

/**
 * Pushes a call turn by turn, with interim results of random prefixes before some turns, and returns the live report.
 * Each update is checked against analyzeCall over the turns so far (with the interim turn for an interim push): the
 * pushed turn's findings, events and role, and the running score and band.
 */
function replay(call: CallInput, options: Options | undefined, seed: number): ReturnType<ReturnType<typeof createLiveCall>["report"]> {
  const live = createLiveCall({ ...(call.id !== undefined ? { id: call.id } : {}), ...(options !== undefined ? { options } : {}) });
  let s = seed;
  const next = (): number => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s / 4294967296;
  };
  // The findings of each final turn as the updates told them (a customer's reply can revise the agent turn before it).
  const told = new Map<number, string>();
  const check = (turns: CallInput["turns"], update: ReturnType<ReturnType<typeof createLiveCall>["push"]>): void => {
    const batch = analyzeCall({ ...call, turns }, options);
    const turn = batch.turns.at(-1);
    expect(JSON.stringify([update.turn, update.role, update.findings, update.events, update.score, update.band])).toBe(
      JSON.stringify([turn?.index, turn?.role, turn?.tags, turn?.events ?? [], batch.impact.score, batch.impact.band]),
    );
    // The turn before: as the updates have told it (or as this one revises it), it is the batch's.
    const previous = batch.turns.at(-2);
    if (update.rolesChanged.length > 0) told.clear();
    const said = update.revised !== undefined ? JSON.stringify(update.revised.findings) : told.get(turns.length - 2);
    if (previous !== undefined && said !== undefined) expect(`${previous.index} ${said}`).toBe(`${previous.index} ${JSON.stringify(previous.tags)}`);
    if (update.revised !== undefined) expect(update.revised.turn).toBe(turns.length - 2);
    if (update.final) {
      told.set(update.turn, JSON.stringify(update.findings));
      if (update.revised !== undefined) told.set(update.revised.turn, JSON.stringify(update.revised.findings));
    }
  };
  call.turns.forEach((t, i) => {
    const before = call.turns.slice(0, i);
    const interims = [];
    if (next() < 0.4) interims.push({ ...t, text: t.text.slice(0, Math.floor(t.text.length * next())), final: false });
    if (next() < 0.1) interims.push({ ...t, text: `${t.text} and no`, final: false });
    for (const interim of interims) {
      const { final: _, ...asTurn } = interim;
      check([...before, asTurn], live.push(interim));
    }
    check([...before, t], live.push(t));
  });
  return live.report();
}

/** What the vendor fixtures (test/fixtures/live/*-cancel.jsonl) say, utterance by utterance. */
const FIXTURE_SAID = [
  "Thanks for calling Northwind, this is Sam. How can I help?",
  "I want to cancel my plan. I'm switching to Lumen.",
  "Are you sure? Lumen's network is a joke, honestly.",
  "No. I've decided. Please just cancel it.",
  "Understood, I'll cancel it today and email you the confirmation.",
  "Thanks, that's all.",
];

const strip = (call: CallInput): CallInput => ({ ...call, turns: call.turns.map(({ speaker, text }) => ({ speaker, text })) });

describe("a live call's final report is analyzeCall's, byte for byte", () => {
  const own = loadOwnCorpus();
  const outside = loadOutside().filter((_, i) => i % 6 === 0);
  const devset = devsetPath() !== undefined ? loadDevset() : [];
  const asInput = (c: { id: string; turns: ReadonlyArray<{ speaker: string; role?: string; text: string }> }): CallInput =>
    ({ id: c.id, turns: c.turns.map(({ speaker, role, text }) => ({ speaker, role, text })) }) as CallInput;

  it("on every corpus call, roles given and roles stripped, with interim results in between", () => {
    own.forEach((c, i) => {
      const call = asInput(c);
      expect(JSON.stringify(replay(call, undefined, i + 1))).toBe(JSON.stringify(analyzeCall(call)));
      expect(JSON.stringify(replay(strip(call), { company: ["Northwind"] }, i + 7))).toBe(JSON.stringify(analyzeCall(strip(call), { company: ["Northwind"] })));
    });
  });

  it(`on outside writers' calls (${outside.length}) and the devset's (${devset.length}, when present), roles stripped`, () => {
    [...outside, ...devset].forEach((c, i) => {
      const call = strip(asInput(c));
      expect(JSON.stringify(replay(call, undefined, i + 3))).toBe(JSON.stringify(analyzeCall(call)));
    });
  }, 120_000);

  it("on generated calls", () => {
    const word = fc.constantFrom("no", "sorry", "cancel", "I'll", "fix", "it", "their", "network", "is", "a", "joke", "thanks", "Lumen", "policy", "!", "?", ".", "😀", "", "switching to Brightline", "Brightline", "thanks for calling Acme, how can I help you", "I want to", "my bill", "supervisor");
    // Roles given now and then, on some turns of a speaker and not others, so given roles settle mid-call too.
    const turn = fc
      .record({ speaker: fc.constantFrom("A", "B", "C"), text: fc.array(word, { maxLength: 12 }).map((w) => w.join(" ")), role: fc.constantFrom("agent", "customer", undefined, undefined, undefined) })
      .map(({ role, ...t }) => (role === undefined ? t : { ...t, role: role as "agent" | "customer" }));
    fc.assert(
      fc.property(fc.array(turn, { minLength: 1, maxLength: 12 }), fc.integer({ min: 1, max: 1e6 }), (turns, seed) => {
        const call = { turns };
        expect(JSON.stringify(replay(call, undefined, seed))).toBe(JSON.stringify(analyzeCall(call)));
      }),
      { numRuns: 400 },
    );
  });
});

describe("pushes", () => {
  const sample = parseTranscript(readFileSync("corpus/sample/northwind-cancel.txt", "utf8"), { source: "northwind-cancel.txt" }).calls[0];

  it("nudge the agent on the sample call: after each no, and with the say-instead after each harmful turn", () => {
    if (sample === undefined) throw new Error("no sample call");
    const live = createLiveCall({ id: "sample", options: { company: ["Northwind"] } });
    const kinds = sample.turns.map((t) => live.push(t).nudges.map((n) => n.kind));
    expect(kinds[0]).toEqual([]);
    expect(kinds[1]).toEqual(["customer-said-no"]);
    expect(kinds[2]).toEqual(["say-instead"]);
    expect(kinds[3]).toEqual(["customer-said-no"]);
    expect(kinds[4]).toEqual(["say-instead"]);
    for (const k of kinds) expect(k.length).toBeLessThanOrEqual(1);
  });

  it("say which no it is, and coach a harmful turn with its rule's own say-instead", () => {
    const live = createLiveCall();
    live.push({ speaker: "Kevin", role: "agent", text: "Would you like to add the premium sports package for ten dollars?" });
    expect(live.push({ speaker: "Maria", role: "customer", text: "No thanks." }).nudges[0]?.message).toMatch(/said no/);
    const push = live.push({ speaker: "Kevin", role: "agent", text: "Are you sure? It's only good until midnight." });
    const pushing = push.findings.find((f) => f.tag === "pushing" && !f.rule.endsWith("/learned"));
    expect(push.nudges[0]?.kind).toBe("say-instead");
    expect(push.nudges[0]?.message).toBe(pushing?.suggestion);
    expect(live.push({ speaker: "Maria", role: "customer", text: "No, I said no." }).nudges[0]?.message).toMatch(/twice/);
  });

  it("tell an escalation, a rival named and an upset customer no one has acknowledged", () => {
    const live = createLiveCall({ options: { company: ["Northwind"] } });
    live.push({ speaker: "A", role: "agent", text: "Northwind, how can I help?" });
    expect(live.push({ speaker: "C", role: "customer", text: "Lumen quoted me half your price for the same speed." }).nudges[0]?.kind).toBe("rival-named");
    expect(live.push({ speaker: "C", role: "customer", text: "I want to speak to a supervisor right now." }).nudges[0]?.kind).toBe("customer-escalated");
    live.push({ speaker: "A", role: "agent", text: "Let me check the account." });
    expect(live.push({ speaker: "C", role: "customer", text: "This is awful, the worst service I have ever had." }).nudges[0]?.kind).toBe("customer-upset");
  });

  it("not repeat a nudge within a few turns of giving it", () => {
    const live = createLiveCall();
    const upset = (text: string) => live.push({ speaker: "C", role: "customer", text }).nudges.map((n) => n.kind);
    const neutral = () => live.push({ speaker: "A", role: "agent", text: "Let me check the account." }).nudges;
    expect(upset("This is awful, the worst service I have ever had.")).toEqual(["customer-upset"]);
    expect(neutral()).toEqual([]);
    expect(upset("Terrible. Just terrible, I hate this.")).toEqual([]);
    expect(neutral()).toEqual([]);
    expect(upset("Awful, horrible, the worst.")).toEqual([]);
    expect(neutral()).toEqual([]);
    expect(upset("Still awful and I am furious.")).toEqual(["customer-upset"]);
  });

  it("keep an interim result out of the report, and give it findings but no nudge", () => {
    const live = createLiveCall();
    live.push({ speaker: "C", role: "customer", text: "I want to cancel." });
    const interim = live.push({ speaker: "A", role: "agent", text: "Are you sure? Their network is a joke", final: false });
    expect(interim.final).toBe(false);
    expect(interim.findings.length).toBeGreaterThan(0);
    expect(interim.nudges).toEqual([]);
    expect(live.turns).toBe(1);
    live.push({ speaker: "A", role: "agent", text: "Of course, I'll cancel it today." });
    expect(live.report().turns.map((t) => t.text)).toEqual(["I want to cancel.", "Of course, I'll cancel it today."]);
  });

  it("say when a speaker's guessed role changes", () => {
    const live = createLiveCall();
    expect(live.push({ speaker: "A", text: "Hi" }).rolesChanged).toEqual([]);
    expect(live.push({ speaker: "B", text: "Thanks for calling Acme, this is Jo, how can I help you today?" }).rolesChanged).toEqual([{ speaker: "A", from: "agent", to: "customer" }]);
  });

  it("reject a bad turn with the call, the turn and the field, and take the next good one", () => {
    const live = createLiveCall({ id: "call-9" });
    live.push({ speaker: "A", text: "Hello" });
    let error: unknown;
    try {
      live.push({ speaker: "B", text: 42 } as never);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SamesideInputError);
    expect(String((error as Error).message)).toMatch(/turn 1 of call call-9/);
    expect(String((error as Error).message)).toMatch(/text/);
    expect(live.push({ speaker: "B", text: "Hi there" }).turn).toBe(1);
    expect(() => createLiveCall({ options: { disable: 7 } as never })).toThrow(SamesideInputError);
  });

  it("take no push after close()", () => {
    const live = createLiveCall();
    live.push({ speaker: "A", text: "Hello" });
    live.close();
    expect(live.turns).toBe(0);
    expect(() => live.push({ speaker: "A", text: "Hello?" })).toThrow(/closed/);
  });
});

describe("sameside live (JSON Lines in, JSON Lines out)", () => {
  const run = async (lines: string[], idleSeconds = 0, clock?: () => number) => {
    const input = new PassThrough();
    const output = new PassThrough();
    const errors = new PassThrough();
    let out = "";
    let err = "";
    output.on("data", (d: Buffer) => (out += d.toString()));
    errors.on("data", (d: Buffer) => (err += d.toString()));
    const done = runLive(input, output, errors, { options: { company: ["Northwind"], redact: true }, idleSeconds, ...(clock !== undefined ? { now: clock } : {}) });
    for (const l of lines) input.write(`${l}\n`);
    input.end();
    const bad = await done;
    return { bad, events: out.trim().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>), err };
  };
  const turnsA = [
    { speaker: "Kevin", role: "agent", text: "Thanks for calling Northwind, this is Kevin." },
    { speaker: "Maria", role: "customer", text: "I want to cancel. Reach me at maria@example.com." },
    { speaker: "Kevin", role: "agent", text: "Are you sure? Their network is a joke." },
  ];
  const turnsB = [
    { speaker: "spk_0", text: "Hi, my bill doubled this month." },
    { speaker: "spk_1", text: "Thanks for calling Northwind, I'm sorry about that, let me look at your account." },
  ];

  it("keeps interleaved calls apart, and ends each with analyzeCall's report (redacted as the CLI's are)", async () => {
    const lines = [
      JSON.stringify({ call: "a", ...turnsA[0] }),
      JSON.stringify({ call: "b", ...turnsB[0] }),
      JSON.stringify({ call: "a", ...turnsA[1] }),
      JSON.stringify({ call: "b", ...turnsB[1], text: "Thanks for", final: false }),
      JSON.stringify({ call: "b", ...turnsB[1] }),
      JSON.stringify({ call: "a", ...turnsA[2] }),
      JSON.stringify({ call: "a", end: true }),
    ];
    const { bad, events } = await run(lines);
    expect(bad).toBe(0);
    const reports = Object.fromEntries(events.filter((e) => e.type === "report").map((e) => [e.call, e]));
    const options = { company: ["Northwind"], redact: true };
    expect(JSON.stringify(reports.a?.report)).toBe(JSON.stringify(analyzeCall({ id: "a", turns: turnsA as CallInput["turns"] }, options)));
    expect(JSON.stringify(reports.b?.report)).toBe(JSON.stringify(analyzeCall({ id: "b", turns: turnsB }, options)));
    expect(reports.a?.reason).toBe("ended");
    expect(reports.b?.reason).toBe("input ended");
    expect(events.filter((e) => e.type === "update" && e.call === "a")).toHaveLength(3);
    expect(JSON.stringify(events)).not.toContain("maria@example.com");
  });

  it("names the line, the call and the field of a bad event, and carries on with the others", async () => {
    const lines = ["not json", JSON.stringify({ speaker: "A", text: "no call id" }), JSON.stringify({ call: "a", ...turnsA[0] }), JSON.stringify({ call: "a", speaker: "Maria", text: 42 }), JSON.stringify({ call: "c", speaker: "", text: "hi" }), JSON.stringify({ call: "a", ...turnsA[1] })];
    const { bad, events, err } = await run(lines);
    expect(bad).toBe(4);
    const errors = events.filter((e) => e.type === "error");
    expect(errors.map((e) => e.line)).toEqual([1, 2, 4, 5]);
    expect(String(errors[2]?.message)).toMatch(/call a.*text/);
    expect(err).toMatch(/line 4 \(call a\)/);
    // The bad first event of call c opened nothing; call a went on and was reported with both good turns.
    const reports = events.filter((e) => e.type === "report");
    expect(reports.map((e) => e.call)).toEqual(["a"]);
    expect((reports[0]?.report as { turns: unknown[] }).turns).toHaveLength(2);
  });

  it("ends and reports a call idle for longer than the timeout", async () => {
    let t = 0;
    const clock = () => t;
    const input = [JSON.stringify({ call: "quiet", ...turnsB[0] })];
    const runIt = run([...input, ...Array.from({ length: 3 }, () => "")], 5, () => {
      t += 3000;
      return clock();
    });
    const { events } = await runIt;
    const report = events.find((e) => e.type === "report");
    expect(report?.call).toBe("quiet");
    expect(report?.reason).toBe("idle");
  });
});

describe("the live command", () => {
  it("runs from the built CLI and exits 2 after a bad event", () => {
    const r = spawnSync(process.execPath, [join(process.cwd(), "dist/cli.js"), "live", "--no-config"], {
      input: `${JSON.stringify({ call: "x", speaker: "A", role: "customer", text: "I want to cancel." })}\n{"call":"x","speaker":"B"}\n`,
      encoding: "utf8",
    });
    expect(r.status).toBe(2);
    const kinds = r.stdout.trim().split("\n").map((l) => (JSON.parse(l) as { type: string }).type);
    expect(kinds).toEqual(["update", "error", "report"]);
  });

  it("reads a vendor's streaming results with --format, two calls interleaved, and reports each", () => {
    const events = readFileSync("test/fixtures/live/deepgram-cancel.jsonl", "utf8").trim().split("\n");
    const input = events.flatMap((e, k) => [`{"call":"one","event":${e}}`, ...(k % 2 === 0 ? [`{"call":"two","event":${e}}`] : [])]);
    input.push('{"call":"one","end":true}', '{"call":"two","speaker":"x","text":"hi"}');
    const r = spawnSync(process.execPath, [join(process.cwd(), "dist/cli.js"), "live", "--no-config", "--format", "deepgram"], { input: `${input.join("\n")}\n`, encoding: "utf8" });
    const out = r.stdout.trim().split("\n").map((l) => JSON.parse(l) as { call: string; type: string; report?: { turns: Array<{ text: string }> } });
    expect(r.status).toBe(0);
    const reports = Object.fromEntries(out.filter((e) => e.type === "report").map((e) => [e.call, e.report]));
    expect(reports.one?.turns.map((t) => t.text)).toEqual(FIXTURE_SAID);
    // Call two got every other event: it still ends with what it heard, and the plain turn after it.
    expect(reports.two?.turns.at(-1)?.text).toBe("hi");
    const bad = spawnSync(process.execPath, [join(process.cwd(), "dist/cli.js"), "live", "--no-config"], { input: `{"call":"one","event":${events[1]}}\n`, encoding: "utf8" });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--format/);
  });
});

describe("vendor streaming events (pushEvent)", () => {
  const lines = (name: string): unknown[] =>
    readFileSync(join("test/fixtures/live", name), "utf8")
      .split("\n")
      .filter((l) => l.trim() !== "")
      .map((l) => JSON.parse(l) as unknown);
  const said = FIXTURE_SAID;
  const options = { company: ["Northwind"] };

  for (const [format, file, speakers] of [
    ["deepgram", "deepgram-cancel.jsonl", ["speaker_0", "speaker_1"]],
    ["transcribe", "transcribe-cancel.jsonl", ["spk_0", "spk_1"]],
  ] as const) {
    it(`${format}: interim results while words come, one final turn per utterance, analyzeCall's report at the end`, () => {
      const live = createLiveCall({ id: format, options });
      const updates = lines(file).flatMap((e) => live.pushEvent(e, { format }));
      const finals = updates.filter((u) => u.final);
      expect(finals.map((u) => u.turn)).toEqual([0, 1, 2, 3, 4, 5]);
      // Every utterance was seen provisionally before it was final.
      for (const f of finals) expect(updates.findIndex((u) => !u.final && u.turn === f.turn)).toBeLessThan(updates.indexOf(f));
      const report = live.report();
      expect(report.turns.map((t) => t.text)).toEqual(said);
      expect(report.turns.map((t) => t.speaker)).toEqual(said.map((_, i) => speakers[i % 2]));
      for (const t of report.turns) expect(t.end ?? 0).toBeGreaterThan(t.start ?? Infinity);
      const turns = report.turns.map(({ speaker, text, start, end }) => ({ speaker, text, start, end }));
      expect(JSON.stringify(report)).toBe(JSON.stringify(analyzeCall({ id: format, turns }, options)));
      // The nudges an agent would have seen: the rival and the no, then the jab's say-instead.
      const nudges = finals.flatMap((u) => u.nudges.map((n) => `${u.turn}:${n.kind}`));
      expect(nudges).toContain("2:say-instead");
      expect(nudges).toContain("3:customer-said-no");
    });
  }

  it("transcribe: channels name the speakers when there are no speaker labels", () => {
    const live = createLiveCall();
    const result = (channel: string, text: string, partial: boolean) => ({
      Transcript: { Results: [{ ChannelId: channel, IsPartial: partial, StartTime: 1, EndTime: 2, Alternatives: [{ Transcript: text, Items: text.split(" ").map((w, k) => ({ Content: w, Type: "pronunciation", StartTime: 1 + k / 10, EndTime: 1.05 + k / 10 })) }] }] },
    });
    live.pushEvent(result("ch_0", "Northwind billing, how can I", true), { format: "transcribe" });
    live.pushEvent(result("ch_0", "Northwind billing, how can I help?", false), { format: "transcribe" });
    live.pushEvent(result("ch_1", "My bill doubled.", false), { format: "transcribe" });
    expect(live.report().turns.map((t) => `${t.speaker}: ${t.text}`)).toEqual(["ch_0: Northwind billing, how can I help?", "ch_1: My bill doubled."]);
  });

  it("deepgram: words still waiting for their utterance's end are in the report, and another speaker ends an utterance", () => {
    const live = createLiveCall();
    const results = (words: Array<[string, number]>, final: boolean, speechFinal = false) => ({
      type: "Results",
      is_final: final,
      speech_final: speechFinal,
      channel: { alternatives: [{ transcript: words.map((w) => w[0]).join(" "), words: words.map(([w, speaker], k) => ({ word: w.toLowerCase(), punctuated_word: w, start: k, end: k + 0.5, speaker })) }] },
    });
    live.pushEvent(results([["Hello,", 0], ["Northwind.", 0]], true), { format: "deepgram" });
    const updates = live.pushEvent(results([["Hi,", 1], ["my", 1]], false), { format: "deepgram" });
    expect(updates.map((u) => [u.turn, u.final])).toEqual([
      [0, true],
      [1, false],
    ]);
    live.pushEvent(results([["Hi,", 1], ["my", 1], ["router", 1], ["died.", 1]], true), { format: "deepgram" });
    expect(live.report().turns.map((t) => `${t.speaker}: ${t.text}`)).toEqual(["speaker_0: Hello, Northwind.", "speaker_1: Hi, my router died."]);
  });

  it("reject a bad event naming the event, the call and the field, and carry on", () => {
    const live = createLiveCall({ id: "call-3" });
    expect(() => live.pushEvent({ type: "Results", is_final: true }, { format: "deepgram" })).toThrow(/event 0 of call call-3 \(Deepgram\)[\s\S]*channel/);
    expect(() => live.pushEvent({ type: "Surprise" }, { format: "deepgram" })).toThrow(SamesideInputError);
    expect(() => live.pushEvent({ Transcript: { Results: [{ Alternatives: [{ Items: [{ Content: 7 }] }] }] } }, { format: "transcribe" })).toThrow(/format/);
    expect(() => live.pushEvent({}, { format: "whisper" as never })).toThrow(/format/);
    const ok = live.pushEvent({ type: "Results", is_final: true, speech_final: true, channel: { alternatives: [{ transcript: "Hello there" }] } }, { format: "deepgram" });
    expect(ok.map((u) => u.final)).toEqual([true]);
    const fresh = createLiveCall({ id: "call-4" });
    expect(() => fresh.pushEvent({ Transcript: { Results: [{ Alternatives: [{ Items: [{ Content: 7 }] }] }] } }, { format: "transcribe" })).toThrow(/event 0 of call call-4 \(Transcribe\)[\s\S]*Content/);
  });
});
