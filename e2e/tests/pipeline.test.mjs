// Every sampling stage set through the URL, exported, and checked against an independent
// JavaScript implementation of the documented formulas; and two orders compared.

import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { after, before, test } from "node:test";

import { ARTIFACTS, launch, openPage, waitForDistribution, settle } from "../lib/browser.mjs";
import { runReference } from "../lib/reference_sampler.mjs";

let browser;
let context;

before(async () => {
  browser = await launch();
  context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1500, height: 1100 } });
});

after(async () => browser?.close());

async function exportStep(page, name) {
  const [download] = await Promise.all([page.waitForEvent("download"), page.click("#export")]);
  const path = join(ARTIFACTS, name);
  await download.saveAs(path);
  return JSON.parse(await readFile(path, "utf8"));
}

test("every stage set through the URL matches its formula", async () => {
  // " Paris" (7042) banned, " London" (4528) pushed up, " the" (260) twice, " a" (264) and
  // " London" generated before: all nine stages on.
  const query =
    "?prompt=The+capital+of+France+is&completion=260,264,260,4528&seed=5&order=hf" +
    "&temperature=0.7&top_k=30&top_p=0.9&min_p=0.02&typical_p=0.95" +
    "&repetition_penalty=1.3&frequency_penalty=0.5&presence_penalty=0.4&logit_bias=7042:-100,4528:3";
  const page = await openPage(context, query);
  await waitForDistribution(page);
  // The URL values reached the controls.
  assert.equal(await page.inputValue("#temperature"), "0.7");
  assert.equal(await page.inputValue("#top_k"), "30");
  const doc = await exportStep(page, "pipeline-step.json");
  assert.deepEqual(doc.parameters.order, [
    "repetition_penalty", "frequency_penalty", "presence_penalty", "logit_bias",
    "temperature", "top_k", "top_p", "min_p", "typical_p",
  ]);
  assert.equal(doc.stages.length, 9);
  const reference = runReference(doc);
  for (const [i, stage] of doc.stages.entries()) {
    const ref = reference[i];
    assert.equal(stage.stage, ref.name);
    assert.equal(stage.skipped, false, `${stage.stage} should be active`);
    let maxDiff = 0;
    let sum = 0;
    for (let t = 0; t < stage.probs.length; t++) {
      maxDiff = Math.max(maxDiff, Math.abs(stage.probs[t] - ref.probs[t]));
      sum += stage.probs[t];
    }
    assert.ok(maxDiff < 1e-5, `${stage.stage}: max |Δp| = ${maxDiff}`);
    assert.ok(Math.abs(sum - 1) < 1e-5, `${stage.stage}: Σp = ${sum}`);
    const maskDiff = stage.mask.filter((m, t) => Boolean(m) !== ref.kept[t]).length;
    assert.equal(maskDiff, 0, `${stage.stage}: ${maskDiff} tokens kept differently`);
    assert.match(stage.summary, /\S/);
  }
  assert.ok(doc.stages[3].probs[7042] < 1e-30, "logit_bias -100 bans ' Paris'");
  const kept = doc.stages.at(-1).mask.reduce((a, b) => a + b, 0);
  assert.ok(kept >= 1 && kept <= 30, `${kept} tokens kept after top-k 30 and the rest`);
  // The cards show each stage's summary, e.g. "top-p kept … of the mass".
  const traces = await page.$$eval(".stage-card .trace", (els) => els.map((e) => e.textContent));
  assert.ok(traces.some((t) => /top-p kept \d+ tokens?, [\d.]+% of the mass before renormalising/.test(t)), traces.join("\n"));
  // c_j of the completion is shown beside the penalised tokens that are on the chart.
  await page.locator("#bars").fill("60");
  const whys = await page.$$eval(".chart .bar-row[data-token-id]", (rows) =>
    rows.map((r) => [Number(r.dataset.tokenId), r.querySelector(".why").textContent]));
  const expected = { 260: /c=2/, 264: /c=1/, 4528: /c=1/ };
  const counted = whys.filter(([id]) => id in expected);
  assert.ok(counted.some(([id]) => id === 4528), "' London' (+3 bias) stays on the chart");
  for (const [id, why] of counted) assert.match(why, expected[id]);
  await page.close();
});

test("selecting a stage shows its output in the chart", async () => {
  const page = await openPage(context, "?prompt=The+capital+of+France+is&top_k=3&seed=1");
  await waitForDistribution(page);
  const removed = () => page.$$eval(".chart .bar-row.removed", (r) => r.length);
  assert.ok((await removed()) > 0, "top-k 3 removes rows in the final view");
  await page.click('.stage-card[data-stage="temperature"] .stage-name');
  await page.waitForFunction(() => document.querySelectorAll(".chart .bar-row.removed").length === 0);
  assert.match(await page.textContent(".view-line"), /temperature/);
  await page.click('.stage-card[data-stage="top_k"] .stage-name');
  await page.waitForFunction(() => document.querySelectorAll(".chart .bar-row.removed").length > 0);
  await page.close();
});

test("reordering by keyboard changes the order and the URL", async () => {
  const page = await openPage(context, "?prompt=Hello&order=openai&seed=1");
  await waitForDistribution(page);
  const order = () => page.$$eval(".stages .stage-card", (c) => c.map((e) => e.dataset.stage));
  assert.deepEqual(await order(), ["logit_bias", "frequency_penalty", "presence_penalty", "temperature", "top_p"]);
  await page.focus('.stage-card[data-stage="top_p"] .stage-name');
  await page.keyboard.press("Alt+ArrowUp");
  assert.deepEqual(await order(), ["logit_bias", "frequency_penalty", "presence_penalty", "top_p", "temperature"]);
  await page.waitForURL(/order=logit_bias%2Cfrequency_penalty%2Cpresence_penalty%2Ctop_p%2Ctemperature/, { timeout: 5000 });
  assert.equal(await page.inputValue("#order-preset"), "custom");
  await page.close();
});

test("two orders over the same logits keep different sets", async () => {
  // min-p after a high temperature (HF) sees a flatter distribution than min-p before it (llama.cpp).
  const page = await openPage(context, "?prompt=The+capital+of+France+is&temperature=1.8&min_p=0.05&order=hf&compare=llamacpp&seed=2");
  await waitForDistribution(page);
  await page.waitForSelector(".compare .chart");
  const a = await page.textContent("#compare-a");
  const b = await page.textContent("#compare-b");
  const keptA = Number(a.match(/keeps (\d+)/)[1]);
  const keptB = Number(b.match(/keeps (\d+)/)[1]);
  assert.ok(keptA > keptB, `HF keeps ${keptA}, llama.cpp keeps ${keptB}`);
  assert.match(a, /only here \(\d+\)/);
  assert.equal(await page.locator(".compare .chart").count(), 2);
  await settle(page);
  await page.screenshot({ path: join(ARTIFACTS, "compare.png"), fullPage: true });
  await page.close();
});
