import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { analyzeCall, renderHtml, renderSummaryHtml, summarizeReports, type CallReport } from "../src/index.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const corpusCall = (id: string) => JSON.parse(readFileSync(join(root, "corpus/calls", `${id}.json`), "utf8")) as Parameters<typeof analyzeCall>[0];

const unescape = (s: string): string => s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&");

/** For each turn, the text each finding's marks cover (all its parts, in order), read from the page's markup. */
function highlights(html: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const li of html.matchAll(/<li class="turn [a-z]+" id="turn-(\d+)">.*?<p>(.*?)<\/p>/gs)) {
    const turn = li[1] ?? "";
    const open: string[] = [];
    for (const token of (li[2] ?? "").matchAll(/<mark [^>]*data-finding="(\d+)"[^>]*>|<\/mark>|[^<]+/g)) {
      const t = token[0];
      if (t.startsWith("<mark")) open.push(token[1] ?? "");
      else if (t === "</mark>") open.pop();
      else for (const k of open) out.set(`${turn}:${k}`, (out.get(`${turn}:${k}`) ?? "") + unescape(t));
    }
  }
  return out;
}

function expectHighlightsMatch(report: CallReport, html: string): void {
  const seen = highlights(html);
  const expected = new Map(report.turns.flatMap((t) => t.tags.map((f, k) => [`${t.index}:${k}`, f.quote] as const)));
  expect(seen).toEqual(expected);
}

describe("renderHtml", () => {
  const hostile = {
    id: "xss <b>",
    turns: [
      { speaker: "Customer<script>", role: "customer" as const, text: "No thanks. <script>alert(1)</script> I want to cancel." },
      { speaker: "Agent", role: "agent" as const, text: `I'm so sorry "><img src=x onerror=alert(1)>, that's not my fault, it's company policy.` },
    ],
  };

  it("escapes every piece of transcript text: nothing the caller said becomes markup", () => {
    const report = analyzeCall(hostile);
    const html = renderHtml(report);
    expect(html).not.toMatch(/<script>alert|<img|onerror=alert\(1\)>/);
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;");
    expect(html).toContain("Customer&lt;script&gt;");
    // The page's own one script, and nothing else that runs.
    expect(html.match(/<script>/g)).toHaveLength(1);
  });

  it("puts one highlight per finding on exactly the quoted words, with its tag, rule and suggestion", () => {
    for (const id of ["saas-02", "air-01", "mobile-01", "collect-01"]) {
      const report = analyzeCall(corpusCall(id));
      const html = renderHtml(report);
      expectHighlightsMatch(report, html);
      for (const t of report.turns) {
        t.tags.forEach((f, k) => {
          expect(html).toContain(`data-finding="${k}" data-tag="${f.tag}" data-rule="${f.rule}" tabindex="0" aria-describedby="f-${t.index}-${k}"`);
          if (f.suggestion !== undefined) expect(html).toMatch(new RegExp(`<li id="f-${t.index}-${k}">[^]*?Say instead:</strong> ${f.suggestion.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/'/g, "&#39;")}`));
        });
      }
    }
  });

  it("keeps crossing findings whole, splitting a mark only where one ends inside another", () => {
    const text = "one two three four five";
    const report = analyzeCall({ turns: [{ speaker: "A", role: "agent", text }] });
    const turn = report.turns[0] as CallReport["turns"][number];
    turn.tags = [
      { tag: "apology", rule: "apology/x", message: "m", quote: "two three", start: 4, end: 13 },
      { tag: "pushing", rule: "pushing/y", message: "m", quote: "three four", start: 8, end: 18 },
      { tag: "empathy", rule: "empathy/z", message: "m", quote: "one two three four five", start: 0, end: 23 },
    ];
    const html = renderHtml(report);
    expectHighlightsMatch(report, html);
  });

  it("draws one timeline mark per turn and one sentiment point per customer turn with sentiment", () => {
    const report = analyzeCall(corpusCall("air-01"));
    const html = renderHtml(report);
    expect(html.match(/<rect class="mark"/g)).toHaveLength(report.turns.length);
    expect(html.match(/<circle class="point"/g)).toHaveLength(report.turns.filter((t) => t.role === "customer" && t.sentiment !== undefined).length);
    expect(html).toMatch(/<svg [^>]*role="img" aria-labelledby="tl-t tl-d"><title id="tl-t">/);
  });

  it("places timeline marks on the time axis when the transcript has times, and shows talk time", () => {
    const report = analyzeCall({
      turns: [
        { speaker: "A", role: "agent", text: "Hello, how can I help?", start: 0, end: 4 },
        { speaker: "C", role: "customer", text: "My bill is wrong.", start: 3, end: 60 },
        { speaker: "A", role: "agent", text: "I'm so sorry, I've fixed it.", start: 61, end: 65 },
      ],
    });
    const html = renderHtml(report);
    expect(html).toContain("time 0:00 – 1:05");
    // The customer's sentiment point sits at 3 s of 65 s on the chart's 850-unit axis, not halfway (turn 1 of 3).
    const point = /<circle class="point" data-turn="1" cx="([\d.]+)"/.exec(html)?.[1];
    expect(Number(point)).toBeCloseTo(40 + (850 * 3) / 65, 1);
    expect(html).toContain("customer turns on the time axis");
    expect(html).toContain('id="h-timing"');
    expect(html).toMatch(/Interruptions<\/dt><dd>1/);
  });

  it("is self-contained: a policy that forbids loading anything, and no address to load from", () => {
    const html = renderHtml(analyzeCall(corpusCall("air-01")));
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:"`);
    expect(html).not.toMatch(/\b(?:src|href)="(?!#)[^"]*"/);
    expect(html).not.toMatch(/https?:\/\/|url\(/);
  });

  it("shows the redacted text when the report was redacted", () => {
    const report = analyzeCall({ turns: [{ speaker: "C", role: "customer", text: "My card is 4111 1111 1111 1111." }] }, { redact: true });
    const html = renderHtml(report);
    expect(html).not.toContain("4111");
    expect(html).toContain("Personal data masked: 1 card number.");
  });

  it("has landmarks and labelled charts for screen readers", () => {
    const html = renderHtml(analyzeCall(corpusCall("air-01")));
    for (const landmark of ['<header role="banner">', '<main id="main">', '<footer role="contentinfo"']) expect(html).toContain(landmark);
    expect(html.match(/<svg [^>]*role="img" aria-labelledby=/g)).toHaveLength(2);
    expect(html).toContain('<html lang="en">');
  });
});

describe("renderSummaryHtml", () => {
  const ids = ["air-01", "air-02", "bank-01", "mobile-01", "saas-02"];
  const reports = ids.map((id) => analyzeCall(corpusCall(id)));
  const summary = summarizeReports(reports.map((r) => ({ report: r, agent: (r.id ?? "").split("-")[0] ?? "?" })));

  it("charts tag rates per agent and the spread of scores, and links calls that have pages", () => {
    const html = renderSummaryHtml(summary, { links: { "air-01": "air-01.html" } });
    expect(html.match(/<rect class="bar"/g)).toHaveLength((summary.agents.length + 1) * 6);
    expect(html.match(/<rect class="bin"/g)).toHaveLength(summary.impactHistogram.length);
    const binCalls = [...html.matchAll(/<rect class="bin" data-from="-?\d+" data-calls="(\d+)"/g)].map((m) => Number(m[1]));
    expect(binCalls.reduce((a, b) => a + b, 0)).toBe(ids.length);
    for (const a of summary.agents) expect(html).toContain(`<th scope="row">${a.agent}</th>`);
    const linked = summary.agents.some((a) => a.worstCall === "air-01") || summary.worstMoments.some((m) => m.call === "air-01");
    expect(html.includes('href="air-01.html')).toBe(linked);
    expect(html).not.toContain('href="bank-01.html');
  });

  it("escapes agent names", () => {
    const evil = summarizeReports([{ report: reports[0] as CallReport, agent: "<img src=x onerror=alert(1)>" }]);
    const html = renderSummaryHtml(evil);
    expect(html).not.toContain("<img");
    expect(html).toContain("&lt;img src=x onerror=alert(1)&gt;");
  });
});
