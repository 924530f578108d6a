// Issue 15's embeds, on a docs page of another origin (another port) with five widgets (temperature, top-k,
// top-p, frequency_penalty, logit_bias): every chart from a snapshot with no model request, a
// slider that changes its chart without the model, the model downloaded once for two widgets
// that both sample (one SharedWorker), the height message, and the Embed button's snippet.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { after, before, test } from "node:test";

import { ARTIFACTS, launch } from "../lib/browser.mjs";
import { FIVE, docsPage, startDocsSite } from "../lib/docs_site.mjs";

const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

let browser;
let context;
let site;
before(async () => {
  site = await startDocsSite({ "docs.html": (w) => docsPage(w, FIVE) });
  browser = await launch();
  context = await browser.newContext({ viewport: { width: 1000, height: 900 } });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: site.widgetUrl.replace(/\/$/, "") });
});
after(async () => {
  await browser?.close();
  site?.stop();
});

const modelRequests = () => site.requests().filter((r) => r.path.includes("model.onnx"));

async function openDocs(base = site.docsUrl, ctx = context) {
  const page = await ctx.newPage();
  page.problems = [];
  page.on("pageerror", (e) => page.problems.push(`pageerror: ${e.message}`));
  page.on("console", (m) => m.type() === "error" && page.problems.push(`console: ${m.text()}`));
  await page.goto(base + "docs.html");
  const frames = [];
  for (const key of FIVE) {
    const handle = await page.waitForSelector(`iframe[src$="embed=${key}"]`);
    await handle.scrollIntoViewIfNeeded();
    const frame = await handle.contentFrame();
    await frame.waitForSelector('main.embed[data-source="snapshot"] .bar-row[data-token-id]', { timeout: 60_000 });
    frames.push(frame);
  }
  return { page, frames: Object.fromEntries(FIVE.map((k, i) => [k, frames[i]])) };
}

const rows = (frame) =>
  frame.$$eval(".chart .bar-row[data-token-id]", (rs) =>
    rs.map((r) => ({ id: Number(r.dataset.tokenId), prob: r.querySelector(".prob").textContent, removed: r.classList.contains("removed") })));

let docs;

test("five widgets on another origin's page draw their charts from snapshots without a model request", async () => {
  site.clearLog();
  docs = await openDocs();
  for (const [key, frame] of Object.entries(docs.frames)) {
    const main = await frame.$("main.embed");
    assert.equal(await main.getAttribute("data-embed"), key);
    assert.equal(await main.getAttribute("data-model-runs"), "0", `${key} ran the model`);
    assert.ok((await rows(frame)).length >= 5, `${key}: a chart`);
    assert.ok(await frame.$("#embed-load"), `${key}: the load button`);
    const label = await frame.textContent("#embed-load");
    assert.match(label, /Load the model: \d+ MB, cached afterwards/, key);
    assert.ok(await frame.$("a.embed-open[href*='prompt=']"), `${key}: open in samplescope`);
    assert.equal(await frame.$("header"), null, `${key}: no page header`);
    assert.equal(await frame.$(".col-pipeline"), null, `${key}: no pipeline column`);
  }
  assert.deepEqual(modelRequests(), [], "no model request before the reader asks");
  assert.ok(site.requests().some((r) => r.path.startsWith("/snapshots/")), "snapshots were fetched");
  // The host script got a height from every widget and fitted its iframe to it.
  await docs.page.waitForFunction((n) => window.resizes.length >= n, FIVE.length);
  const fitted = await docs.page.$$eval("iframe", (fs) => fs.map((f) => f.style.height));
  for (const h of fitted) assert.match(h, /^\d+px$/, "every iframe was resized by its widget's message");
  assert.deepEqual(docs.page.problems, []);
});

test("a slider in one widget changes its chart, over the snapshot, without the model", async () => {
  const frame = docs.frames.top_p;
  const before = await rows(frame);
  const cutBefore = await frame.getAttribute("figure.nucleus", "data-cut");
  await frame.$eval("#top_p", (el) => {
    el.value = "0.9";
    el.dispatchEvent(new Event("input", { bubbles: true }));
  });
  await frame.waitForFunction((cut) => document.querySelector("figure.nucleus")?.dataset.cut !== cut, cutBefore);
  const afterRows = await rows(frame);
  assert.notDeepEqual(afterRows.map((r) => r.prob), before.map((r) => r.prob), "renormalised over more tokens");
  assert.ok(Number(await frame.getAttribute("figure.nucleus", "data-cut")) > Number(cutBefore));
  assert.equal(await frame.getAttribute("main.embed", "data-model-runs"), "0");
  assert.deepEqual(modelRequests(), []);
  // The other widgets did not move.
  assert.equal(await docs.frames.temperature.getAttribute("main.embed", "data-model-runs"), "0");
});

test("loading the model in two widgets downloads it once, and both sample", async () => {
  const [a, b] = [docs.frames.temperature, docs.frames.top_k];
  await a.click("#embed-load");
  await b.click("#embed-load");
  for (const f of [a, b]) {
    await f.waitForSelector('main.embed[data-ready="true"][data-source="model"]', { timeout: 240_000 });
  }
  const downloads = modelRequests();
  assert.equal(downloads.length, 1, `model requests: ${JSON.stringify(downloads)}`);
  for (const f of [a, b]) assert.equal(await f.getAttribute("main.embed", "data-worker"), "shared");
  for (const f of [a, b]) {
    // The live model recomputed the snapshot's context: the two agree.
    const gap = Number(await f.getAttribute("main.embed", "data-snapshot-difference"));
    assert.ok(Number.isFinite(gap) && gap < 0.05, `snapshot vs live logits differ by ${gap}`);
    await f.click("#sample");
    await f.waitForFunction(() => document.querySelector("#completion")?.textContent.length > 0);
    await f.waitForSelector('main.embed[data-fresh="true"]', { timeout: 60_000 });
  }
  assert.ok(Number(await a.getAttribute("main.embed", "data-model-runs")) >= 2);
  assert.deepEqual(docs.page.problems, []);
  await docs.page.screenshot({ path: join(ARTIFACTS, "embed-docs.png"), fullPage: true });
});

test("the Embed button's snippet reproduces the view, and the widget passes axe", async () => {
  const page = await context.newPage();
  await page.goto(site.widgetUrl + "?prompt=The+capital+of+France+is&top_k=7&stage=top_k&seed=42&lang=ko");
  await page.click("#embed-button");
  const code = await page.inputValue("#embed-code");
  for (const part of ['loading="lazy"', 'width="720"', 'height="480"', 'title="samplescope: top_k"']) assert.ok(code.includes(part), `${part} in ${code}`);
  await page.click("#embed-copy");
  await page.waitForSelector("#embed-dialog [role=status]:has-text('복사')");
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), code);
  const link = await page.getAttribute("main", "data-link");
  await page.close();

  site.write("snippet.html", `<!doctype html><html lang="en"><head><link rel="icon" href="data:,"><title>snippet</title></head><body>${code}</body></html>`);
  const host = await context.newPage();
  await host.goto(site.docsUrl + "snippet.html");
  const frame = await (await host.waitForSelector("iframe")).contentFrame();
  await frame.waitForSelector('main.embed[data-source="snapshot"] .bar-row[data-token-id]', { timeout: 60_000 });
  const widgetLink = await frame.getAttribute("main.embed", "data-link");
  assert.equal(widgetLink.replace(/&?embed=top_k/, "").replace("?&", "?"), link, "the widget has the page's settings");
  assert.equal(await frame.inputValue("#top_k"), "7");
  assert.equal(await frame.getAttribute("html", "lang"), "ko");
  assert.equal((await rows(frame)).filter((r) => !r.removed).length, 7, "top_k 7 keeps seven rows");
  await frame.evaluate(AXE);
  const bad = await frame.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ["violations"] });
    return r.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => ({ id: v.id, nodes: v.nodes.slice(0, 3).map((n) => n.target.join(" ")) }));
  });
  assert.deepEqual(bad, []);
  await host.close();
});

test("an unknown embed key says so and shows the whole page", async () => {
  const page = await context.newPage();
  await page.goto(site.widgetUrl + "?embed=nonsense");
  await page.waitForSelector(".notes li:has-text('embed=nonsense')");
  assert.ok(await page.$("header h1"));
  await page.close();
});

test("snapshots of another model are ignored, with a note", async () => {
  const other = await browser.newContext();
  await other.route("**/snapshots/index.json", async (route) => {
    const response = await route.fetch();
    const index = await response.json();
    await route.fulfill({ response, json: { ...index, model_sha256: "0".repeat(64) } });
  });
  const page = await other.newPage();
  await page.goto(site.widgetUrl + "?embed=top_k&lang=en");
  await page.waitForSelector(".embed-note:has-text('another model')");
  assert.equal(await page.getAttribute("main.embed", "data-source"), "none");
  assert.equal(await page.$(".chart .bar-row[data-token-id]"), null, "no chart from a foreign snapshot");
  assert.ok(await page.$("#embed-load"), "the model can still be loaded");
  await other.close();
});

test("on another site, where Chromium refuses third-party iframes a shared worker, each widget loads its own model and says so", async () => {
  const other = await browser.newContext({ viewport: { width: 1000, height: 900 } });
  const cross = await openDocs(site.crossSiteUrl, other);
  const f = cross.frames.top_k;
  site.clearLog();
  await f.click("#embed-load");
  await f.waitForSelector('main.embed[data-ready="true"][data-source="model"]', { timeout: 240_000 });
  assert.equal(await f.getAttribute("main.embed", "data-worker"), "own");
  assert.ok(await f.$(".embed-own-worker"), "the widget says it runs its own model");
  assert.equal(modelRequests().length, 1);
  await f.click("#sample");
  await f.waitForFunction(() => document.querySelector("#completion")?.textContent.length > 0);
  assert.deepEqual(cross.page.problems, []);
  await other.close();
});
