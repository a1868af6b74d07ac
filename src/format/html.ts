/**
 * Self-contained HTML pages: one call's report, and a batch summary. Everything is inline (CSS, one small script,
 * SVG charts); a Content-Security-Policy forbids any network request. All text from the transcript is escaped.
 */
import { describeRedactions } from "../redact.js";
import { HARMFUL_TAGS, TAG_IDS, type CallReport, type Finding, type ReportTurn, type TagId } from "../schema.js";
import type { BatchSummary } from "../summary.js";

export interface HtmlOptions {
  /** The page's title; default "sameside report" plus the call's id. */
  title?: string;
}

export interface SummaryHtmlOptions {
  title?: string;
  /** Call id → URL of its page (for instance "call-7.html"); calls without one are not linked. */
  links?: Readonly<Record<string, string>>;
}

const ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
/** Escapes text for HTML content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}
const esc = escapeHtml;

const TAG_LABEL: Record<TagId, string> = {
  apology: "Apology",
  ownership: "Ownership",
  empathy: "Empathy",
  defensiveness: "Defensiveness",
  "competitor-bashing": "Competitor-bashing",
  pushing: "Pushing",
};
const fmt = (n: number, digits = 0): string => (Number.isFinite(n) ? n.toFixed(digits) : "–");
const signed = (n: number): string => (n > 0 ? `+${fmt(n)}` : fmt(n));
const clock = (s: number): string => `${Math.floor(s / 60)}:${String(Math.floor(s % 60)).padStart(2, "0")}`;

const CSS = `
:root{--bg:#fff;--fg:#1b1f24;--muted:#57606a;--line:#d0d7de;--card:#f6f8fa;--good:#1a7f37;--bad:#b42318;--focus:#0a58ca;
--apology:#cfe2ff;--ownership:#c7ecd2;--empathy:#e4d7fb;--defensiveness:#ffd3cf;--competitor-bashing:#ffe0b8;--pushing:#ffd1ea;
--apology-s:#2f6fdb;--ownership-s:#1a7f37;--empathy-s:#7a49d8;--defensiveness-s:#c4321f;--competitor-bashing-s:#b35c00;--pushing-s:#b4237c}
@media (prefers-color-scheme:dark){:root{--bg:#0d1117;--fg:#e6edf3;--muted:#9da7b3;--line:#30363d;--card:#161b22;--good:#56d364;--bad:#ff7b72;--focus:#79c0ff;
--apology:#1d3a6b;--ownership:#1b4d2c;--empathy:#3d2a66;--defensiveness:#6b211a;--competitor-bashing:#5c3605;--pushing:#5e1a43;
--apology-s:#79a8ff;--ownership-s:#56d364;--empathy-s:#b999ff;--defensiveness-s:#ff7b72;--competitor-bashing-s:#f0a04b;--pushing-s:#f778ba}}
*{box-sizing:border-box}body{margin:0;background:var(--bg);color:var(--fg);font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
header,main,footer{max-width:980px;margin:0 auto;padding:16px 20px}
h1{font-size:1.4rem;margin:.2rem 0}h2{font-size:1.1rem;margin:1.6rem 0 .6rem;border-bottom:1px solid var(--line);padding-bottom:.3rem}
a{color:var(--focus)}:focus-visible{outline:3px solid var(--focus);outline-offset:2px}
.score{display:flex;gap:18px;align-items:center;flex-wrap:wrap}.big{font-size:2.6rem;font-weight:700;line-height:1}
.band{font-weight:600;padding:2px 10px;border-radius:999px;border:2px solid currentColor}.pos{color:var(--good)}.neg{color:var(--bad)}
.muted{color:var(--muted)}.legend{display:flex;gap:12px;flex-wrap:wrap;font-size:.85rem;margin:.4rem 0;padding:0;list-style:none}
.legend span{display:inline-block;width:.9em;height:.9em;border-radius:3px;margin-right:4px;vertical-align:-1px;border:1px solid var(--line)}
svg{max-width:100%;height:auto;display:block}svg text{fill:var(--muted);font-size:11px}
.turns{list-style:none;padding:0;margin:0}.turn{padding:8px 10px;border-left:4px solid var(--line);margin:6px 0;background:var(--card);border-radius:4px}
.turn.agent{border-left-color:var(--focus)}.turn.system{opacity:.8}.who{font-weight:600}.who small{font-weight:400;color:var(--muted)}
.turn p{margin:.2rem 0;white-space:pre-wrap;overflow-wrap:anywhere}
mark{color:inherit;border-radius:3px;padding:0 1px;border-bottom:2px solid;cursor:help}
${TAG_IDS.map((t) => `mark.${t}{background:var(--${t});border-bottom-color:var(--${t}-s)}`).join("")}
.findings{display:none}.findings li{margin:.15rem 0}
#tip{position:absolute;z-index:10;max-width:360px;background:var(--bg);color:var(--fg);border:1px solid var(--line);border-radius:6px;padding:8px 10px;box-shadow:0 4px 16px rgba(0,0,0,.25);font-size:.9rem}
#tip[hidden]{display:none}.cards{list-style:none;padding:0;margin:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(280px,1fr));gap:10px}
.card{background:var(--card);border:1px solid var(--line);border-radius:6px;padding:10px 12px;break-inside:avoid}.card q{font-style:italic}
.card h3{font-size:.95rem;margin:0 0 .3rem}dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:0}dt{color:var(--muted)}dd{margin:0}
table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{border-bottom:1px solid var(--line);padding:5px 8px;text-align:right}th:first-child,td:first-child{text-align:left}
.sr{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
.skip:focus{position:static;width:auto;height:auto;clip:auto;display:inline-block;margin:8px 20px}td a{white-space:nowrap}
@media print{body{font-size:11pt}#tip,.skip{display:none!important}.findings{display:block;font-size:.85em;margin:.2rem 0 0 1rem}
.turn,.card{break-inside:avoid}a{color:inherit;text-decoration:none}header,main,footer{max-width:none}
mark{border-bottom-width:2px;-webkit-print-color-adjust:exact;print-color-adjust:exact}}
`;

/**
 * Shows a finding's details beside its highlight on hover and on keyboard focus; Escape hides it. On hover, the words
 * under the pointer may lie in several nested highlights (two findings on one sentence): the tip lists them all,
 * innermost first. Keyboard focus reaches each highlight on its own and shows just that one.
 */
const SCRIPT = `
(function(){var tip=document.getElementById("tip");if(!tip)return;
function up(m){return m.parentElement&&m.parentElement.closest("mark[data-finding]");}
function show(m,all){var h="";for(var x=m;x;x=all?up(x):null){var d=document.getElementById(x.getAttribute("aria-describedby"));if(d)h+="<div>"+d.innerHTML+"</div>";}if(!h)return;tip.innerHTML=h;tip.hidden=false;
var r=m.getBoundingClientRect();tip.style.left=Math.max(8,Math.min(window.scrollX+r.left,window.scrollX+document.documentElement.clientWidth-380))+"px";tip.style.top=(window.scrollY+r.bottom+6)+"px";}
function hide(){tip.hidden=true;}
document.addEventListener("mouseover",function(e){var m=e.target.closest&&e.target.closest("mark[data-finding]");if(m)show(m,true);else if(!e.target.closest||!e.target.closest("#tip"))hide();});
document.addEventListener("focusin",function(e){var m=e.target.closest&&e.target.closest("mark[data-finding]");if(m)show(m,false);else hide();});
document.addEventListener("keydown",function(e){if(e.key==="Escape")hide();});})();
`;

function page(title: string, body: string, script: boolean): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<meta name="color-scheme" content="light dark">
<title>${esc(title)}</title>
<style>${CSS}</style>
</head>
<body>
<a class="skip sr" href="#main">Skip to the report</a>
${body}
${script ? `<div id="tip" role="tooltip" hidden></div>\n<script>${SCRIPT}</script>` : ""}
</body>
</html>
`;
}

const bandClass = (score: number): string => (score > 0 ? "pos" : score < 0 ? "neg" : "");

/** A finding's main tag colour: the harmful one when a turn carries several. */
function turnTag(t: ReportTurn): TagId | undefined {
  return t.tags.find((f) => HARMFUL_TAGS.includes(f.tag))?.tag ?? t.tags[0]?.tag;
}

function timeline(report: CallReport): string {
  const turns = report.turns;
  const timed = turns.every((t) => t.start !== undefined && t.end !== undefined) && turns.length > 0;
  const W = 900;
  const H = 110;
  const left = 70;
  const span = timed ? Math.max(1, ...turns.map((t) => t.end ?? 0)) : Math.max(1, turns.length);
  const x = (v: number): number => left + ((W - left - 10) * v) / span;
  const lanes: Record<string, number> = { agent: 14, customer: 44, system: 74 };
  const marks = turns.map((t) => {
    const from = timed ? (t.start ?? 0) : t.index;
    const to = timed ? Math.max(t.end ?? 0, from + span / 400) : t.index + 0.8;
    const tag = turnTag(t);
    const fill = tag !== undefined ? `var(--${tag}-s)` : "var(--line)";
    const label = `Turn ${t.index}, ${t.role}${tag !== undefined ? `, ${t.tags.map((f) => f.tag).join(", ")}` : ""}`;
    return `<a href="#turn-${t.index}" aria-label="${esc(label)}"><rect class="mark" data-turn="${t.index}" x="${x(from).toFixed(1)}" y="${lanes[t.role] ?? 74}" width="${Math.max(2, x(to) - x(from)).toFixed(1)}" height="22" rx="2" fill="${fill}"><title>${esc(label)}</title></rect></a>`;
  });
  const axis = timed ? `time ${clock(0)} – ${clock(span)}` : `turn 0 – ${turns.length - 1}`;
  return `<svg viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="tl-t tl-d"><title id="tl-t">Timeline of the call</title><desc id="tl-d">One mark per turn (${turns.length}), by role, coloured by tag; the axis is ${timed ? "time" : "turn order"}.</desc>
<text x="0" y="29">Agent</text><text x="0" y="59">Customer</text><text x="0" y="89">System</text>${marks.join("")}<text x="${left}" y="${H - 2}">${esc(axis)}</text></svg>`;
}

function sentimentChart(report: CallReport): string {
  const points = report.turns.filter((t) => t.role === "customer" && t.sentiment !== undefined);
  if (points.length === 0) return `<p class="muted">No customer turns with sentiment.</p>`;
  const W = 900;
  const H = 160;
  const left = 40;
  const max = Math.max(0.5, ...points.map((p) => Math.abs(p.sentiment ?? 0)));
  const n = report.turns.length;
  // The same axis as the timeline: time when every turn has times, turn order otherwise.
  const timed = report.turns.every((t) => t.start !== undefined && t.end !== undefined);
  const span = Math.max(1, ...report.turns.map((t) => t.end ?? 0));
  const x = (i: number): number =>
    left + (W - left - 10) * (timed ? (report.turns[i]?.start ?? 0) / span : n <= 1 ? 0.5 : i / (n - 1));
  const y = (v: number): number => H / 2 - ((H / 2 - 14) * v) / max;
  const coords = points.map((p) => `${x(p.index).toFixed(1)},${y(p.sentiment ?? 0).toFixed(1)}`);
  const dots = points.map(
    (p) => `<circle class="point" data-turn="${p.index}" cx="${x(p.index).toFixed(1)}" cy="${y(p.sentiment ?? 0).toFixed(1)}" r="4" fill="${(p.sentiment ?? 0) < 0 ? "var(--bad)" : "var(--good)"}"><title>Turn ${p.index}: ${fmt(p.sentiment ?? 0, 2)}</title></circle>`,
  );
  return `<svg viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="se-t se-d"><title id="se-t">Customer sentiment over the call</title><desc id="se-d">${points.length} customer turns on ${timed ? "the time axis" : "turn order"}, from ${fmt(points[0]?.sentiment ?? 0, 2)} to ${fmt(points.at(-1)?.sentiment ?? 0, 2)}; above the middle line is positive.</desc>
<line x1="${left}" x2="${W - 10}" y1="${H / 2}" y2="${H / 2}" stroke="var(--line)" stroke-dasharray="4 4"/><text x="0" y="18">positive</text><text x="0" y="${H - 6}">negative</text>
<polyline fill="none" stroke="var(--focus)" stroke-width="2" points="${coords.join(" ")}"/>${dots.join("")}</svg>`;
}

/** The turn's text with one <mark> per finding; a finding that crosses another's end continues in a second mark. */
function highlighted(t: ReportTurn): string {
  type Item = { start: number; end: number; k: number; f: Finding };
  const order = (a: Item, b: Item): number => a.start - b.start || b.end - a.end || a.k - b.k;
  const queue: Item[] = t.tags.map((f, k) => ({ start: f.start, end: f.end, k, f })).sort(order);
  const text = t.text;
  let out = "";
  let pos = 0;
  const open: number[] = []; // ends of the open marks, innermost last
  const close = (upTo: number): void => {
    for (let end = open.at(-1); end !== undefined && end <= upTo; end = open.at(-1)) {
      out += `${esc(text.slice(pos, end))}</mark>`;
      pos = end;
      open.pop();
    }
  };
  for (let item = queue.shift(); item !== undefined; item = queue.shift()) {
    close(item.start);
    out += esc(text.slice(pos, item.start));
    pos = item.start;
    let end = item.end;
    const parent = open.at(-1);
    if (parent !== undefined && end > parent) {
      queue.push({ ...item, start: parent });
      queue.sort(order);
      end = parent;
    }
    const { f, k } = item;
    out += `<mark class="${f.tag}" data-finding="${k}" data-tag="${f.tag}" data-rule="${esc(f.rule)}" tabindex="0" aria-describedby="f-${t.index}-${k}">`;
    open.push(end);
  }
  close(Number.POSITIVE_INFINITY);
  return out + esc(text.slice(pos));
}

function findingList(t: ReportTurn): string {
  if (t.tags.length === 0) return "";
  const items = t.tags.map(
    (f, k) =>
      `<li id="f-${t.index}-${k}"><strong>${esc(TAG_LABEL[f.tag])}</strong> <span class="muted">(${esc(f.rule)})</span>: ${esc(f.message)}${f.evidence !== undefined && f.evidence.length > 0 ? ` <span class="muted">Because of ${esc(f.evidence.join(", "))}.</span>` : ""}${f.suggestion !== undefined ? ` <br><strong>Say instead:</strong> ${esc(f.suggestion)}` : ""}</li>`,
  );
  return `<ul class="findings" aria-label="Findings in turn ${t.index}">${items.join("")}</ul>`;
}

function transcript(report: CallReport): string {
  const items = report.turns.map((t) => {
    const time = t.start !== undefined ? ` · ${clock(t.start)}` : "";
    const events = (t.events ?? []).map((e) => `customer ${e.kind}`);
    const sentiment = t.sentiment !== undefined ? ` · sentiment ${fmt(t.sentiment, 2)}` : "";
    return `<li class="turn ${t.role}" id="turn-${t.index}"><div class="who">${esc(t.speaker || "(no name)")} <small>${t.role}${t.roleSource === "guessed" ? " (guessed)" : ""} · turn ${t.index}${time}${sentiment}${events.length > 0 ? ` · ${esc(events.join(", "))}` : ""}</small></div><p>${highlighted(t)}</p>${findingList(t)}</li>`;
  });
  return `<ol class="turns">${items.join("\n")}</ol>`;
}

function timingSection(report: CallReport): string {
  const timing = report.timing;
  if (timing === undefined) return "";
  const mono = (m: { turn: number; seconds: number } | undefined): string => (m === undefined ? "–" : `<a href="#turn-${m.turn}">${fmt(m.seconds, 1)} s (turn ${m.turn})</a>`);
  return `<section aria-labelledby="h-timing"><h2 id="h-timing">Talk time</h2><dl>
<dt>Talk ratio</dt><dd>agent ${fmt(timing.talkRatio.agent * 100)}% · customer ${fmt(timing.talkRatio.customer * 100)}%</dd>
<dt>Longest monologue</dt><dd>agent ${mono(timing.longestMonologue.agent)} · customer ${mono(timing.longestMonologue.customer)}</dd>
<dt>Interruptions</dt><dd>${timing.interruptions.length}${timing.interruptions.length > 0 ? ` (${timing.interruptions.map((i) => `<a href="#turn-${i.turn}">turn ${i.turn}</a> by the ${i.by}`).join(", ")})` : ""}</dd>
<dt>Silences of ${fmt(timing.silenceThreshold)} s or more</dt><dd>${timing.silences.length}</dd></dl></section>`;
}

const legend = `<ul class="legend" aria-label="Tag colours">${TAG_IDS.map((t) => `<li><span style="background:var(--${t}-s)"></span>${TAG_LABEL[t]}</li>`).join("")}</ul>`;

/** One call's report as a self-contained HTML page. */
export function renderHtml(report: CallReport, options: HtmlOptions = {}): string {
  const title = options.title ?? `sameside report${report.id !== undefined ? `: ${report.id}` : ""}`;
  const { impact } = report;
  const drivers = impact.drivers.map(
    (d) =>
      `<li class="card driver"><h3><span class="${bandClass(d.effect)}">${signed(d.effect)}</span> ${esc(d.id)} · <a href="#turn-${d.turn}">turn ${d.turn}</a></h3>${d.quote !== "" ? `<q>${esc(d.quote)}</q>` : ""}<p class="muted">${esc(d.why)}</p></li>`,
  );
  const coaching = report.coaching.map(
    (c) =>
      `<li class="card coaching"><h3>${esc(TAG_LABEL[c.tag])} · <a href="#turn-${c.turn}">turn ${c.turn}</a></h3><dl><dt>Said</dt><dd><q>${esc(c.said)}</q></dd><dt>Say instead</dt><dd>${esc(c.sayInstead)}</dd><dt>Why</dt><dd>${esc(c.why)}</dd></dl></li>`,
  );
  const counts = TAG_IDS.filter((t) => report.tagCounts[t] > 0).map((t) => `${TAG_LABEL[t]} ${report.tagCounts[t]}`);
  const body = `<header role="banner"><p class="muted">sameside · sales-impact report</p><h1>${esc(report.id ?? "Call")}</h1>
<div class="score"><div class="big ${bandClass(impact.score)}" aria-label="Impact score ${impact.score}">${signed(impact.score)}</div><div><span class="band ${bandClass(impact.score)}">${esc(impact.band)}</span><p>${esc(impact.summary)}</p></div></div>
<p class="muted">${report.turns.length} turns · tagged agent turns: ${counts.length > 0 ? esc(counts.join(", ")) : "none"}${report.redacted !== undefined ? ` · ${esc(describeRedactions(report.redacted))}` : ""}</p></header>
<main id="main">
<section aria-labelledby="h-timeline"><h2 id="h-timeline">Timeline</h2>${legend}${timeline(report)}</section>
<section aria-labelledby="h-sentiment"><h2 id="h-sentiment">Customer sentiment</h2>${sentimentChart(report)}</section>
${timingSection(report)}
<section aria-labelledby="h-drivers"><h2 id="h-drivers">What moved the score</h2>${drivers.length > 0 ? `<ul class="cards" role="list">${drivers.join("")}</ul>` : `<p class="muted">Nothing: no tagged behaviour and no customer events.</p>`}</section>
<section aria-labelledby="h-coaching"><h2 id="h-coaching">Coaching</h2>${coaching.length > 0 ? `<ul class="cards" role="list">${coaching.join("")}</ul>` : `<p class="muted">Nothing to coach on this call.</p>`}</section>
<section aria-labelledby="h-transcript"><h2 id="h-transcript">Transcript</h2><p class="muted">Hover over or tab to a highlight for its rule and what to say instead.</p>${transcript(report)}</section>
</main>
<footer role="contentinfo" class="muted">Made by sameside. This page is self-contained: it loads nothing from anywhere.</footer>`;
  return page(title, body, true);
}

function rateBars(summary: BatchSummary): string {
  const rows = [...summary.agents.map((a) => ({ name: a.agent, rates: a.tagRates })), { name: "(all)", rates: summary.tagRates }];
  const max = Math.max(1, ...rows.flatMap((r) => TAG_IDS.map((t) => r.rates[t])));
  const barH = 7;
  const groupH = TAG_IDS.length * barH + 12;
  const W = 900;
  const left = 150;
  const bars = rows.map((r, i) => {
    const y0 = i * groupH + 4;
    const label = `<text x="0" y="${y0 + groupH / 2}">${esc(r.name.length > 22 ? `${r.name.slice(0, 21)}…` : r.name)}</text>`;
    return (
      label +
      TAG_IDS.map((t, k) => {
        const w = ((W - left - 60) * r.rates[t]) / max;
        return `<rect class="bar" data-agent="${esc(r.name)}" data-tag="${t}" x="${left}" y="${y0 + k * barH}" width="${Math.max(0, w).toFixed(1)}" height="${barH - 1}" fill="var(--${t}-s)"><title>${esc(r.name)}: ${TAG_LABEL[t]} ${fmt(r.rates[t], 1)} per 100 agent turns</title></rect><text x="${(left + w + 4).toFixed(1)}" y="${y0 + k * barH + barH - 1}" style="font-size:8px">${fmt(r.rates[t], 1)}</text>`;
      }).join("")
    );
  });
  const H = rows.length * groupH + 8;
  return `<svg viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="rb-t rb-d"><title id="rb-t">Tag rates per 100 agent turns, by agent</title><desc id="rb-d">One bar per tag for each of ${summary.agents.length} agents and for all calls; the table below has the same numbers.</desc>${bars.join("")}</svg>`;
}

function histogram(summary: BatchSummary): string {
  const bins = summary.impactHistogram;
  const W = 900;
  const H = 180;
  const max = Math.max(1, ...bins.map((b) => b.calls));
  const bw = (W - 40) / Math.max(1, bins.length);
  const bars = bins.map((b, i) => {
    const h = ((H - 40) * b.calls) / max;
    const fill = b.to <= 0 ? "var(--bad)" : b.from >= 0 ? "var(--good)" : "var(--line)";
    return `<rect class="bin" data-from="${b.from}" data-calls="${b.calls}" x="${(20 + i * bw + 2).toFixed(1)}" y="${(H - 22 - h).toFixed(1)}" width="${(bw - 4).toFixed(1)}" height="${h.toFixed(1)}" fill="${fill}"><title>${b.from} to ${b.to}: ${b.calls} calls</title></rect><text x="${(20 + i * bw + 4).toFixed(1)}" y="${H - 6}">${b.from}</text>${b.calls > 0 ? `<text x="${(20 + i * bw + bw / 2 - 4).toFixed(1)}" y="${(H - 26 - h).toFixed(1)}">${b.calls}</text>` : ""}`;
  });
  return `<svg viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="hi-t hi-d"><title id="hi-t">Distribution of impact scores</title><desc id="hi-d">${summary.calls} calls in bands of 20 points from -100 to 100.</desc>${bars.join("")}</svg>`;
}

/** A batch summary as a self-contained HTML page, linking to the calls' own pages when `links` has them. */
export function renderSummaryHtml(summary: BatchSummary, options: SummaryHtmlOptions = {}): string {
  const links = options.links ?? {};
  const callLink = (id: string): string => (links[id] !== undefined ? `<a href="${esc(links[id] ?? "")}">${esc(id)}</a>` : esc(id));
  const rows = summary.agents.map(
    (a) =>
      `<tr><th scope="row">${esc(a.agent)}</th><td>${a.calls}</td><td class="${bandClass(a.meanImpact)}">${fmt(a.meanImpact, 1)}</td><td class="${bandClass(a.worstImpact)}">${fmt(a.worstImpact)}</td><td>${callLink(a.worstCall)}</td>${TAG_IDS.map((t) => `<td>${fmt(a.tagRates[t], 1)}</td>`).join("")}</tr>`,
  );
  const total = `<tr><th scope="row">(all)</th><td>${summary.calls}</td><td>${fmt(summary.meanImpact, 1)}</td><td>${fmt(summary.worstImpact)}</td><td></td>${TAG_IDS.map((t) => `<td>${fmt(summary.tagRates[t], 1)}</td>`).join("")}</tr>`;
  const moments = summary.worstMoments.map(
    (m) =>
      `<li class="card"><h3><span class="${bandClass(m.effect)}">${signed(m.effect)}</span> ${esc(m.id)} · ${esc(m.agent)}</h3><q>${esc(m.quote)}</q><p class="muted">${links[m.call] !== undefined ? `<a href="${esc(`${links[m.call] ?? ""}#turn-${m.turn}`)}">${esc(m.call)}, turn ${m.turn}</a>` : `${esc(m.call)}, turn ${m.turn}`}</p></li>`,
  );
  const body = `<header role="banner"><p class="muted">sameside · batch summary</p><h1>${esc(options.title ?? "Calls by agent")}</h1>
<div class="score"><div class="big ${bandClass(summary.meanImpact)}" aria-label="Mean impact ${fmt(summary.meanImpact, 1)}">${fmt(summary.meanImpact, 1)}</div><p>mean impact over ${summary.calls} calls and ${summary.agentTurns} agent turns; the worst call scored ${fmt(summary.worstImpact)}.</p></div></header>
<main id="main">
<section aria-labelledby="h-agents"><h2 id="h-agents">Agents</h2><table><caption class="sr">Per agent: calls, mean and worst impact, worst call, and tag rates per 100 agent turns</caption><thead><tr><th scope="col">Agent</th><th scope="col">Calls</th><th scope="col">Mean</th><th scope="col">Worst</th><th scope="col">Worst call</th>${TAG_IDS.map((t) => `<th scope="col">${TAG_LABEL[t]} /100</th>`).join("")}</tr></thead><tbody>${rows.join("")}${total}</tbody></table></section>
<section aria-labelledby="h-rates"><h2 id="h-rates">Tag rates per 100 agent turns</h2>${legend}${rateBars(summary)}</section>
<section aria-labelledby="h-hist"><h2 id="h-hist">Impact scores</h2>${histogram(summary)}</section>
<section aria-labelledby="h-moments"><h2 id="h-moments">Worst moments</h2>${moments.length > 0 ? `<ul class="cards" role="list">${moments.join("")}</ul>` : `<p class="muted">None.</p>`}</section>
</main>
<footer role="contentinfo" class="muted">Made by sameside. This page is self-contained: it loads nothing from anywhere.</footer>`;
  return page(options.title ?? "sameside batch summary", body, false);
}
