// Issue 14's views, on the real model: the nucleus (where top-k, top-p, min-p and typical-p
// cut, checked against the exported stage masks), logit_bias's search ranked by the current
// probability and the biased token kept in the chart, the side-by-side generation of two
// settings with the same prompt and seed, and Back after a demo.

import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, test } from "node:test";

import { ARTIFACTS, BASE_URL, exportStep, launch, modelRuns, openPage, settle, waitForDistribution } from "../lib/browser.mjs";

let browser;
let context;
before(async () => {
  browser = await launch();
  context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1400, height: 1000 } });
});
after(async () => browser?.close());

const kept = (stage) => stage.mask.filter(Boolean).length;

/// The stage's input ranked by probability (ids by decreasing p, ties by id), from the export.
function ranked(input) {
  const ids = input.mask.flatMap((m, id) => (m ? [id] : []));
  return ids.sort((a, b) => input.probs[b] - input.probs[a] || a - b);
}

const CASES = [
  // [stage, link, check of the cut against the exported input]
  ["top_k", "top_k=26", (input, cut) => assert.equal(cut, 26)],
  ["top_p", "top_p=0.5", (input, cut) => {
    const order = ranked(input);
    const mass = (n) => order.slice(0, n).reduce((s, id) => s + input.probs[id], 0);
    assert.ok(mass(cut) >= 0.5 - 1e-6 && mass(cut - 1) < 0.5, `Σp ${mass(cut - 1)} → ${mass(cut)} around 0.5`);
  }],
  ["min_p", "min_p=0.05", (input, cut) => {
    const order = ranked(input);
    const threshold = 0.05 * input.probs[order[0]];
    assert.ok(input.probs[order[cut - 1]] >= threshold && input.probs[order[cut]] < threshold * (1 + 1e-6));
  }],
  ["typical_p", "typical_p=0.5", () => {}],
];

for (const lang of ["en", "ko"]) {
  test(`${lang}: the nucleus view cuts where each stage's output cuts, and the chart says so`, async () => {
    for (const [stage, link, check] of CASES) {
      const page = await openPage(context, `?prompt=My+favourite+colour+is&${link}&seed=42&stage=${stage}&bars=20&lang=${lang}`);
      await waitForDistribution(page);
      const figure = page.locator(`figure.nucleus[data-stage="${stage}"]`);
      await figure.waitFor();
      const doc = await exportStep(page, `nucleus-${stage}.json`);
      const i = doc.stages.findIndex((s) => s.stage === stage);
      const input = doc.stages[i - 1];
      const cut = kept(doc.stages[i]);
      assert.equal(Number(await figure.getAttribute("data-cut")), cut, `${stage}: the view's cut is the stage's kept count`);
      assert.equal(Number(await figure.getAttribute("data-ranked")), kept(input), `${stage}: every token kept before it is ranked`);
      check(input, cut);
      const sentence = await page.textContent("#chart-cut");
      const want = cut > 20
        ? (lang === "en" ? `cut at rank ${cut}, showing 20` : `순위 ${cut}에서 잘림, 20개만 표시`)
        : (lang === "en" ? `cut at rank ${cut}:` : `순위 ${cut}에서 잘림:`);
      assert.ok(sentence.startsWith(want), `${stage}: "${sentence}" should start with "${want}"`);
      if (stage !== "typical_p" && cut <= 20) {
        assert.equal(await page.getAttribute(".chart .cut-mark", "data-cut"), String(cut));
      }
      if (stage === "top_k") {
        assert.equal(sentence, lang === "en" ? "cut at rank 26, showing 20" : "순위 26에서 잘림, 20개만 표시");
        await settle(page);
        await page.screenshot({ path: join(ARTIFACTS, `nucleus-top_k-${lang}.png`), fullPage: true });
      }
      assert.deepEqual(page.problems, []);
      await page.close();
    }
  });
}

test("a cut inside the chart is drawn under its row; the final view has no nucleus", async () => {
  const page = await openPage(context, "?prompt=My+favourite+colour+is&top_k=3&seed=42&stage=top_k");
  await waitForDistribution(page);
  await page.waitForSelector('.chart .cut-mark[data-cut="3"]');
  assert.match(await page.textContent("#chart-cut"), /^cut at rank 3:/);
  await page.click(".draw-card .stage-name");
  await page.waitForFunction(() => !document.querySelector("figure.nucleus") && !document.querySelector("#chart-cut"));
  await page.close();
});

test("the bias search ranks by the probability here; a banned token stays in the chart with before and after", async () => {
  const page = await openPage(context, "?prompt=The+capital+of+France+is&seed=1");
  await waitForDistribution(page);
  await page.fill("#bias-search", "Paris");
  await page.waitForSelector(".bias-hits li[data-token-id]");
  const hits = await page.$$eval(".bias-hits li[data-token-id]", (li) => li.map((l) => ({ id: Number(l.dataset.tokenId), text: l.textContent })));
  const at = (id) => hits.findIndex((h) => h.id === id);
  assert.equal(hits[0].id, 7042, JSON.stringify(hits));
  assert.ok(at(38634) > at(7042), `␣Paris (7042) before Paris (38634): ${JSON.stringify(hits)}`);
  assert.match(hits[0].text, /␣Paris #7042 p = 7\d\.\d% here/);
  await page.click('.bias-hits li[data-token-id="7042"] button');
  // −100 bans it: it leaves the top 20 but keeps its row, with what the bias did.
  await page.waitForFunction(() => new URLSearchParams(location.search).get("logit_bias") === "7042:-100");
  const row = page.locator('.chart .bar-row.biased[data-token-id="7042"]');
  await row.waitFor();
  await page.waitForFunction(() => /bias -100: 7\d\.\d% → (0%|<0\.01%)/.test(document.querySelector('.chart .bar-row.biased[data-token-id="7042"] .why').textContent));
  const top = await page.$$eval(".chart .bar-row[data-token-id]", (rows) => rows.length);
  assert.equal(top, 21, "20 rows and the banned token");
  await settle(page);
  await page.screenshot({ path: join(ARTIFACTS, "bias-kept-in-chart.png") });
  assert.deepEqual(page.problems, []);
  await page.close();
});

test("same prompt and seed, two settings: both generate on the model, with their repeated tokens, and Stop cancels", async () => {
  const page = await openPage(context, "?prompt=Once+upon+a+time&seed=3&max_tokens=32&bench=1");
  await waitForDistribution(page);
  const slots = () => page.evaluate(() => window.samplescopeBench.measure("slots", 0, 0));
  const slotsBefore = await slots();
  await page.click(".side-by-side summary");
  await page.selectOption("#side-a", "preset-factual");
  await page.selectOption("#side-b", "preset-creative");
  const runs = await modelRuns(page);
  await page.click("#side-run");
  await page.waitForSelector('.side[data-side="b"][data-done="true"]', { timeout: 120_000 });
  const sides = await page.$$eval(".side", (els) => els.map((e) => ({
    tokens: e.querySelector(".side-text").dataset.tokens.split(",").filter(Boolean).map(Number),
    text: e.querySelector(".side-text").textContent,
    repeats: Number(e.querySelector(".side-repeats").dataset.repeats),
    settings: e.querySelector(".side-settings").textContent,
  })));
  // Each side: its prompt once, then one forward pass per token after the first.
  const forwards = sides.reduce((n, s) => n + s.tokens.length, 0);
  assert.ok((await modelRuns(page)) >= runs + forwards, `${await modelRuns(page)} forward passes after ${runs}, ${forwards} tokens`);
  // Each side's KV caches are released once it is done: the worker holds what it held before.
  for (let i = 0; i < 50 && (await slots()) !== slotsBefore; i++) await page.waitForTimeout(100);
  assert.equal(await slots(), slotsBefore, "cache slots after both sides");
  for (const s of sides) {
    const repeats = s.tokens.filter((t, i) => s.tokens.slice(0, i).includes(t)).length;
    assert.equal(s.repeats, repeats, `repeated tokens of ${s.tokens}`);
    assert.ok(s.tokens.length > 0 && s.text.length > 0);
  }
  assert.match(sides[0].settings, /T 0\.2, top-p 0\.9, seed 3/);
  assert.match(sides[1].settings, /T 1, top-p 0\.95, seed 3/);
  assert.notDeepEqual(sides[0].tokens, sides[1].tokens, "two settings, two texts");
  // The same run again gives the same texts: same prompt, same seed.
  await page.click("#side-run");
  await page.waitForSelector('.side[data-side="b"][data-done="true"]', { timeout: 120_000 });
  const again = await page.$$eval(".side .side-text", (els) => els.map((e) => e.dataset.tokens));
  assert.deepEqual(again, sides.map((s) => s.tokens.join(",")));
  await settle(page);
  await page.locator(".side-by-side").screenshot({ path: join(ARTIFACTS, "side-by-side-en.png") });
  // Stop: the run ends with one side stopped short (A, or B if A was already done).
  await page.click("#side-run");
  await page.click("#side-stop");
  await page.waitForSelector("#side-run");
  const stopped = await page.$$eval('.side[data-stopped="true"] .side-text', (els) => els.map((e) => e.dataset.tokens.split(",").filter(Boolean).length));
  assert.equal(stopped.length, 1, "one side was stopped");
  assert.ok(stopped[0] < 32);
  assert.deepEqual(page.problems, []);
  await page.close();
});

test("Back after a preset, a demo or a tour chapter returns to the settings, prompt and view before it", async () => {
  const page = await openPage(context, "?prompt=The+capital+of+France+is&seed=5");
  await waitForDistribution(page);
  await page.fill("#prompt", "Typed by me, not saved yet");
  // Clicked at once: the typed prompt must not be lost to the link's write delay.
  await page.click('[data-preset="preset-creative"]');
  await page.waitForFunction(() => new URLSearchParams(location.search).get("mode") === "chat");
  await page.evaluate(() => history.back());
  await page.waitForFunction(() => document.querySelector("#prompt")?.value === "Typed by me, not saved yet");
  assert.equal(new URLSearchParams(await page.evaluate(() => location.search)).get("prompt"), "Typed by me, not saved yet");
  assert.equal(await page.isChecked("#mode-raw"), true);
  // A demo with a stage to look at, then Back to the final view.
  await page.selectOption("#explain-pick", "top_p");
  await page.click("#explain-try");
  await page.waitForSelector("figure.nucleus[data-stage='top_p']");
  await page.evaluate(() => history.back());
  await page.waitForFunction(() => !document.querySelector("figure.nucleus") && document.querySelector("#prompt").value === "Typed by me, not saved yet");
  assert.equal(new URLSearchParams(await page.evaluate(() => location.search)).get("stage"), null);
  // Tour chapters: Back goes to the previous chapter, Forward to the next again.
  await page.click("#tour-start");
  await page.waitForSelector('.tour[data-tour="0"]');
  await page.click("#tour-next");
  await page.waitForSelector('.tour[data-tour="1"]');
  await page.click("#tour-next");
  await page.waitForSelector('.tour[data-tour="2"]');
  await page.evaluate(() => history.back());
  await page.waitForSelector('.tour[data-tour="1"]');
  await page.evaluate(() => history.forward());
  await page.waitForSelector('.tour[data-tour="2"]');
  assert.deepEqual(page.problems, []);
  await page.close();
});
