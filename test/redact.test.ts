import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { analyzeCall, CallReportSchema, findPii, redactText, type PiiKind } from "../src/index.js";
import { luhn } from "../src/redact.js";

describe("findPii", () => {
  const hits: Array<[string, string, PiiKind]> = [
    ["my email is jane.doe+bills@example.co.uk.", "jane.doe+bills@example.co.uk", "email"],
    ["card 4111 1111 1111 1111 please", "4111 1111 1111 1111", "card"],
    ["it's 5500-0000-0000-0004", "5500-0000-0000-0004", "card"],
    ["amex 378282246310005", "378282246310005", "card"],
    ["call (555) 010-2030 today", "(555) 010-2030", "phone"],
    ["call 555-010-2030", "555-010-2030", "phone"],
    ["my cell is +44 20 7946 0958", "+44 20 7946 0958", "phone"],
    ["1 800 555 0199", "1 800 555 0199", "phone"],
    ["ext 555-0199", "555-0199", "phone"],
    ["SSN 123-45-6789", "123-45-6789", "number"],
    ["account 12345678", "12345678", "number"],
    ["paid $4.50 with 4111 1111 1111 1111", "4111 1111 1111 1111", "card"],
    ["glued by speech-to-text: sorry4111111111111111", "4111111111111111", "card"],
    ["a sixteen-digit number that fails Luhn 4111 1111 1111 1112", "4111 1111 1111 1112", "number"],
  ];
  it.each(hits)("finds in %j: %j as %s", (text, pii, kind) => {
    const found = findPii(text);
    expect(found).toHaveLength(1);
    const [span] = found;
    expect(text.slice(span?.start, span?.end)).toBe(pii);
    expect(span?.kind).toBe(kind);
  });

  it.each([
    "That's $1250.00 refunded.",
    "It was 1,250 dollars.",
    "Meet at 12:30 on 09/27.",
    "Back in 2024 we had 3 kids and 2 dogs.",
    "Order 42, version 1.2.3",
    "my handle is @janedoe",
    "an email without a domain like jane@localhost",
    "room 101, floor 7",
    "the code is A1B2C3D4E5",
  ])("leaves alone %j", (text) => {
    expect(findPii(text)).toEqual([]);
  });

  it("checks cards with Luhn", () => {
    expect(luhn("4111111111111111")).toBe(true);
    expect(luhn("4111111111111112")).toBe(false);
  });

  it("masks letters and digits only, keeping the length and the shape", () => {
    expect(redactText("mail bob@ex.com or call 555-010-2030")).toBe("mail •••@••.••• or call •••-•••-••••");
  });
});

describe("analyzeCall with redact", () => {
  const call = {
    id: "pii",
    turns: [
      { speaker: "Customer", role: "customer" as const, text: "No thanks. Email me at jane.doe@example.com, card 4111 1111 1111 1111." },
      { speaker: "Agent", role: "agent" as const, text: "I'm so sorry, jane.doe@example.com is on file; I've refunded card 4111 1111 1111 1111 and account 12345678." },
      { speaker: "Customer", role: "customer" as const, text: "I want to speak to a supervisor, call 555-010-2030." },
      { speaker: "Agent", role: "agent" as const, text: "Sorry, but that's our policy for account 12345678." },
    ],
  };
  const secrets = ["jane.doe", "example.com", "4111", "12345678", "555-010-2030", "010"];

  it("masks every turn text, quote, summary, driver and coaching line, and counts what it masked", () => {
    const plain = analyzeCall(call);
    const report = analyzeCall(call, { redact: true });
    expect(CallReportSchema.safeParse(report).success).toBe(true);
    const json = JSON.stringify({ ...report, id: undefined });
    for (const s of secrets) expect(json).not.toContain(s);
    expect(report.redacted).toEqual({ email: 2, phone: 1, card: 2, number: 2 });
    // The rules find the same things at the same offsets (the learned scorer reads words, and masked ones are gone,
    // so a borderline turn may differ there); every quote is the masked text at its offsets.
    const rulesOnly = (r: typeof report) => r.turns.map((t) => t.tags.map((f) => [f.rule, f.start, f.end]));
    expect(rulesOnly(analyzeCall(call, { redact: true, disable: ["learned"] }))).toEqual(rulesOnly(analyzeCall(call, { disable: ["learned"] })));
    report.turns.forEach((t, i) => {
      expect(t.text).toHaveLength(call.turns[i]?.text.length ?? -1);
      for (const f of t.tags) expect(t.text.slice(f.start, f.end)).toBe(f.quote);
      for (const e of t.events ?? []) expect(t.text.slice(e.start, e.end)).toBe(e.quote);
    });
    expect(report.coaching.length).toBeGreaterThan(0);
    expect(report.impact.drivers.length).toBeGreaterThan(0);
    expect(analyzeCall(call, { redact: true, disable: ["learned"] }).impact.score).toBe(analyzeCall(call, { disable: ["learned"] }).impact.score);
    expect(plain.turns.map((t) => t.text.length)).toEqual(report.turns.map((t) => t.text.length));
  });

  it("is off by default in the library", () => {
    const report = analyzeCall(call);
    expect(report.redacted).toBeUndefined();
    expect(report.turns[0]?.text).toContain("jane.doe@example.com");
  });
});

describe("the CLI", () => {
  const cli = join(fileURLToPath(new URL("..", import.meta.url)), "dist/cli.js");
  const file = join(mkdtempSync(join(tmpdir(), "sameside-")), "pii.txt");
  writeFileSync(file, "Customer: my card is 4111 1111 1111 1111.\nAgent: Sorry, but that's our policy.\n");
  const run = (args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: "utf8" });

  it("masks by default and says so", () => {
    const r = run(["--no-config", "-o", "json", file]);
    expect(r.status).toBe(0);
    expect(r.stdout).not.toContain("4111");
    expect(JSON.parse(r.stdout).redacted).toEqual({ email: 0, phone: 0, card: 1, number: 0 });
    expect(run(["--no-config", file]).stdout).toContain("Personal data masked: 1 card number.");
  });

  it("keeps the text with --no-redact", () => {
    const r = run(["--no-config", "--no-redact", "-o", "json", file]);
    expect(r.stdout).toContain("4111 1111 1111 1111");
    expect(JSON.parse(r.stdout).redacted).toBeUndefined();
  });
});
