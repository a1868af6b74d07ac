/// <reference lib="dom" />
/**
 * The HTML pages in a real headless Chromium (Debian's package, driven by playwright-core): no console errors, no
 * network requests, the highlights match the report, and hover or keyboard focus shows a finding's suggestion.
 * Screenshots go to test/screenshots/ (git-ignored) for a person to look at.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findChromium, HOW_TO_GET_CHROMIUM } from "../scripts/debian.mjs";
import { analyzeCall, renderHtml, renderSummaryHtml, summarizeReports, type CallReport } from "../src/index.js";

const root = fileURLToPath(new URL("..", import.meta.url));
const shots = join(root, "test/screenshots");
const dir = mkdtempSync(join(tmpdir(), "sameside-html-"));
const corpusCall = (id: string) => JSON.parse(readFileSync(join(root, "corpus/calls", `${id}.json`), "utf8")) as Parameters<typeof analyzeCall>[0];

const ids = ["mobile-01", "air-01", "bank-01", "saas-02", "collect-01", "hotel-03"];
const reports = ids.map((id) => analyzeCall(corpusCall(id), { redact: true }));
const report = reports[0] as CallReport;
for (const r of reports) writeFileSync(join(dir, `${r.id}.html`), renderHtml(r));
const summary = summarizeReports(reports.map((r) => ({ report: r, agent: (r.id ?? "").split("-")[0] ?? "?" })));
writeFileSync(join(dir, "index.html"), renderSummaryHtml(summary, { links: Object.fromEntries(ids.map((id) => [id, `${id}.html`])) }));

let browser: Browser | undefined;

beforeAll(async () => {
  const executablePath = findChromium() as string | undefined;
  if (executablePath === undefined) throw new Error(HOW_TO_GET_CHROMIUM);
  browser = await chromium.launch({ executablePath, args: ["--no-sandbox", "--disable-gpu"] });
  mkdirSync(shots, { recursive: true });
}, 60_000);
afterAll(async () => {
  await browser?.close();
});

/** Opens a page, recording console errors, page errors and every request. */
async function open(file: string, options: { colorScheme?: "light" | "dark" } = {}) {
  const page = await (browser as Browser).newPage({ viewport: { width: 1100, height: 900 }, colorScheme: options.colorScheme ?? "light" });
  const errors: string[] = [];
  const requests: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("request", (r) => requests.push(r.url()));
  const url = pathToFileURL(join(dir, file)).href;
  await page.goto(url);
  return { page, errors, others: () => requests.filter((r) => r !== url) };
}

/** Per turn and finding, the text its marks cover, read from the DOM. */
async function highlights(page: Page): Promise<Record<string, string>> {
  return page.$$eval("mark[data-finding]", (marks) => {
    const out: Record<string, string> = {};
    for (const m of marks) {
      const key = `${m.closest("li.turn")?.id.replace("turn-", "")}:${m.getAttribute("data-finding")}`;
      out[key] = (out[key] ?? "") + (m.textContent ?? "");
    }
    return out;
  });
}

describe("a call's page in Chromium", () => {
  it("loads with no console error and no request, and highlights exactly the report's findings", async () => {
    const { page, errors, others } = await open(`${report.id}.html`);
    expect(errors).toEqual([]);
    expect(others()).toEqual([]);
    const expected = Object.fromEntries(report.turns.flatMap((t) => t.tags.map((f, k) => [`${t.index}:${k}`, f.quote])));
    expect(Object.keys(expected).length).toBeGreaterThan(3);
    expect(await highlights(page)).toEqual(expected);
    await page.screenshot({ path: join(shots, "call.png"), fullPage: true });
    await page.close();
  });

  it("shows a finding's rule and suggestion on keyboard focus and on hover, and hides it on Escape", async () => {
    const { page, errors } = await open(`${report.id}.html`);
    const harmful = report.turns.flatMap((t) => t.tags.map((f, k) => ({ t, f, k }))).find((x) => x.f.suggestion !== undefined);
    expect(harmful).toBeDefined();
    const { t, f, k } = harmful as NonNullable<typeof harmful>;
    const selector = `#turn-${t.index} mark[data-finding="${k}"]`;
    // Keyboard: tab through the page until the highlight has focus.
    let focused = false;
    for (let i = 0; i < 200 && !focused; i++) {
      await page.keyboard.press("Tab");
      focused = await page.$eval(selector, (m) => document.activeElement === m);
    }
    expect(focused).toBe(true);
    const tip = page.locator("#tip");
    await expect.poll(() => tip.isVisible()).toBe(true);
    expect(await tip.textContent()).toContain(f.rule);
    expect(await tip.textContent()).toContain(f.suggestion);
    await page.screenshot({ path: join(shots, "call-focus.png") });
    await page.keyboard.press("Escape");
    await expect.poll(() => tip.isVisible()).toBe(false);
    // Mouse: hovering over the first highlight shows its own finding.
    const first = report.turns.flatMap((x) => x.tags.map((g, j) => ({ x, g, j })))[0];
    await page.hover(`#turn-${first?.x.index} mark[data-finding="${first?.j}"]`);
    await expect.poll(() => tip.isVisible()).toBe(true);
    expect(await tip.textContent()).toContain(first?.g.rule);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("renders in dark mode and for print", async () => {
    const dark = await open(`${report.id}.html`, { colorScheme: "dark" });
    const bg = await dark.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(bg).toBe("rgb(13, 17, 23)");
    await dark.page.screenshot({ path: join(shots, "call-dark.png"), fullPage: true });
    await dark.page.emulateMedia({ media: "print" });
    // Printed, each turn lists its findings in full (there is no hover on paper).
    expect(await dark.page.locator(".findings").first().isVisible()).toBe(true);
    await dark.page.close();
  });
});

describe("the batch page in Chromium", () => {
  it("loads with no error and no request, draws every bar, and links to the calls' pages", async () => {
    const { page, errors, others } = await open("index.html");
    expect(errors).toEqual([]);
    expect(others()).toEqual([]);
    expect(await page.locator("rect.bar").count()).toBe((summary.agents.length + 1) * 6);
    expect(await page.locator("rect.bin").count()).toBe(summary.impactHistogram.length);
    const link = page.locator('a[href$=".html"]').first();
    const href = await link.getAttribute("href");
    expect(ids.some((id) => href === `${id}.html` || href?.startsWith(`${id}.html#turn-`))).toBe(true);
    await page.screenshot({ path: join(shots, "batch.png"), fullPage: true });
    await link.click();
    await expect.poll(() => page.url()).toContain(".html");
    expect(await page.locator("mark[data-finding]").count()).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await page.close();
  });
});
