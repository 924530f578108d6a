// The embed figures of BENCHMARKS.md (issue 15), on localhost: a docs page of another origin
// with the five widgets of the test fixture.
//
//   node bench/embed_bench.mjs        (after ./x build; ./x bench runs it)
//   SAMPLESCOPE_CACHE_CONTROL=max-age=600 node bench/embed_bench.mjs   (a host that sends freshness, as GitHub Pages)
//
// * time from navigation to all five charts drawn (each from its snapshot);
// * bytes the widget server sent before any interaction: for a page with one widget, and for
//   the five (the further widgets' share is the difference over four);
// * after "load the model" in two widgets: model downloads, the Pss of all Chromium processes,
//   against the full page alone with its model loaded (fresh browser each).

import { browserPss } from "../lib/proc_memory.mjs";
import { launch } from "../lib/browser.mjs";
import { FIVE, docsPage, startDocsSite } from "../lib/docs_site.mjs";

const mb = (b) => `${(b / 1e6).toFixed(2)} MB`;
const sum = (rs) => rs.reduce((s, r) => s + r.bytes, 0);

const site = await startDocsSite({
  "one.html": (w) => docsPage(w, FIVE.slice(0, 1)),
  "five.html": (w) => docsPage(w, FIVE),
});

async function charts(file) {
  const browser = await launch();
  // Tall enough that no iframe waits for its lazy loading.
  const context = await browser.newContext({ viewport: { width: 1000, height: 3200 } });
  const page = await context.newPage();
  site.clearLog();
  const t0 = Date.now();
  await page.goto(site.docsUrl + file);
  const frames = [];
  for (const handle of await page.$$("iframe")) frames.push(await handle.contentFrame());
  await Promise.all(frames.map((f) => f.waitForSelector('main.embed[data-source="snapshot"] .bar-row[data-token-id]', { timeout: 60_000 })));
  const ms = Date.now() - t0;
  await page.waitForTimeout(500);
  const requests = site.requests();
  return { browser, page, frames, ms, bytes: sum(requests), requests };
}

const one = await charts("one.html");
await one.browser.close();
const runs = [];
for (let i = 0; i < 2; i++) {
  const r = await charts("five.html");
  runs.push(r.ms);
  await r.browser.close();
}
const five = await charts("five.html");
runs.push(five.ms);
const further = (five.bytes - one.bytes) / 4;

site.clearLog();
for (const f of five.frames.slice(0, 2)) await f.click("#embed-load");
for (const f of five.frames.slice(0, 2)) await f.waitForSelector('main.embed[data-ready="true"][data-source="model"]', { timeout: 300_000 });
await five.page.waitForTimeout(2000);
const downloads = site.requests().filter((r) => r.path.includes("model.onnx")).length;
const gaps = await Promise.all(five.frames.slice(0, 2).map((f) => f.getAttribute("main.embed", "data-snapshot-difference")));
const embedsPss = browserPss();
await five.browser.close();

const single = await launch();
const page = await (await single.newContext({ viewport: { width: 1400, height: 1000 } })).newPage();
await page.goto(site.widgetUrl + "?prompt=My+favourite+colour+is&seed=42");
await page.waitForSelector('main[data-ready="true"][data-fresh="true"] .bar-row[data-token-id]', { timeout: 300_000 });
await page.waitForTimeout(2000);
const pagePss = browserPss();
await single.close();
site.stop();

const report = {
  fiveChartsMs: runs,
  firstWidgetBytes: one.bytes,
  fiveWidgetBytes: five.bytes,
  furtherWidgetBytes: further,
  modelDownloadsForTwoWidgets: downloads,
  snapshotVsLiveLargestDifference: gaps.map(Number),
  pssTwoActiveEmbeds: embedsPss,
  pssFullPage: pagePss,
  ratio: embedsPss / pagePss,
};
console.log(JSON.stringify(report, null, 2));
console.log(`time to all five charts: ${runs.join(", ")} ms (cold browser each)`);
console.log(`bytes before interaction: first widget ${mb(one.bytes)}, each further ${mb(further)}`);
console.log(`two widgets loaded: ${downloads} model download(s); Pss ${mb(embedsPss)} vs the full page ${mb(pagePss)} (${report.ratio.toFixed(2)}×)`);
