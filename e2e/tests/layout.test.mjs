// The page on every screen and for every reader: three widths, light and dark, English and
// Korean. Nothing overlays a slider, the bars keep their width (single and comparison view),
// no sideways scroll on a phone, and axe-core finds no serious or critical violation on the
// explorer, the comparison view and the API tab. Then the keyboard and link behaviours.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { after, before, test } from "node:test";

import { ARTIFACTS, launch, openPage, settle, waitForDistribution } from "../lib/browser.mjs";

const require = createRequire(import.meta.url);
const AXE = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

const SIZES = [
  { name: "phone", width: 390, height: 844 },
  { name: "laptop", width: 1000, height: 800 },
  { name: "desktop", width: 1400, height: 1000 },
];

let browser;
before(async () => {
  browser = await launch();
});
after(async () => browser?.close());

/// Each visible slider, scrolled into view, must be what a click at its centre hits.
async function sliderMisses(page) {
  return page.evaluate(() => {
    const misses = [];
    const sliders = [...document.querySelectorAll("input[type=range]")].filter((e) => e.offsetParent);
    for (const el of sliders) {
      el.scrollIntoView({ block: "end", inline: "nearest" });
      const r = el.getBoundingClientRect();
      const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      if (hit !== el) misses.push(`${el.id || el.getAttribute("aria-label")} is covered by ${hit?.tagName}.${hit?.className}`);
    }
    window.scrollTo(0, 0);
    return { count: sliders.length, misses };
  });
}

/// For each chart on the page: the first row's track width as a share of the row, and its bar's width.
async function topBars(page) {
  return page.$$eval(".chart", (charts) =>
    charts.map((c) => {
      const row = c.querySelector(".bar-row[data-token-id]");
      const track = row.querySelector(".track").getBoundingClientRect().width;
      return { share: track / row.getBoundingClientRect().width, bar: row.querySelector(".track .bar").getBoundingClientRect().width };
    }),
  );
}

async function sideways(page) {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

async function audit(page, where) {
  if (!(await page.evaluate(() => Boolean(window.axe)))) await page.evaluate(AXE); // through DevTools: the page's CSP refuses an injected <script>
  const violations = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ["violations"] });
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 4).map((n) => n.target.join(" ")) }));
  });
  const bad = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  assert.deepEqual(bad, [], `${where}: ${JSON.stringify(bad)}`);
}

function checkBars(bars, where) {
  assert.ok(bars.length >= 1, `${where}: no chart`);
  for (const b of bars) {
    assert.ok(b.share >= 0.38, `${where}: the top row's track is ${(100 * b.share).toFixed(0)}% of its row`);
    assert.ok(b.bar > 0, `${where}: the top bar has no width`);
  }
}

for (const size of SIZES) {
  for (const theme of ["light", "dark"]) {
    test(`${size.name} ${size.width}×${size.height}, ${theme}: sliders reachable, bars visible, audits clean`, async () => {
      const context = await browser.newContext({ viewport: { width: size.width, height: size.height }, colorScheme: theme });
      const page = await openPage(context, "?prompt=The+capital+of+France+is&top_p=0.9&seed=7");
      await waitForDistribution(page);
      await settle(page);
      const where = `${size.name}/${theme}`;
      const { count, misses } = await sliderMisses(page);
      assert.ok(count >= 9, `${where}: only ${count} sliders visible`);
      assert.deepEqual(misses, [], where);
      checkBars(await topBars(page), `${where} single`);
      assert.ok((await sideways(page)) <= 0, `${where}: the page scrolls sideways`);
      await audit(page, `${where} explorer`);
      await page.screenshot({ path: join(ARTIFACTS, `layout-${size.name}-${theme}-en.png`) });

      await page.selectOption("#compare", "llamacpp");
      await page.waitForSelector(".compare .chart .bar-row[data-token-id]");
      await settle(page);
      const compared = await topBars(page);
      assert.equal(compared.length, 2, `${where}: two charts in the comparison`);
      checkBars(compared, `${where} comparison`);
      assert.ok((await sideways(page)) <= 0, `${where}: the comparison scrolls sideways`);
      await audit(page, `${where} comparison`);
      await page.screenshot({ path: join(ARTIFACTS, `layout-${size.name}-${theme}-compare.png`) });

      await page.click("#tab-api");
      await page.waitForSelector("#api-request", { state: "attached" });
      assert.ok((await sideways(page)) <= 0, `${where}: the API tab scrolls sideways`);
      await audit(page, `${where} API tab`);
      assert.deepEqual(page.problems, []);
      await context.close();
    });

    test(`${size.name} ${size.width}×${size.height}, ${theme}, Korean: screenshot, no sideways scroll, audit clean`, async () => {
      const context = await browser.newContext({ viewport: { width: size.width, height: size.height }, colorScheme: theme });
      const page = await openPage(context, "?prompt=%ED%94%84%EB%9E%91%EC%8A%A4%EC%9D%98+%EC%88%98%EB%8F%84%EB%8A%94&lang=ko&seed=7");
      await waitForDistribution(page);
      await settle(page);
      assert.equal(await page.getAttribute("html", "lang"), "ko");
      // A Korean prompt becomes byte pieces: the page says so, in Korean.
      assert.match(await page.textContent("#bytes-note summary"), /[\uac00-\ud7a3]/);
      assert.ok((await sideways(page)) <= 0, `${size.name}/${theme}/ko: the page scrolls sideways`);
      checkBars(await topBars(page), `${size.name}/${theme}/ko`);
      await audit(page, `${size.name}/${theme}/ko explorer`);
      await page.screenshot({ path: join(ARTIFACTS, `layout-${size.name}-${theme}-ko.png`) });
      await context.close();
    });
  }
}

test("the theme follows the system, and the link's theme overrides it", async () => {
  const context = await browser.newContext({ viewport: { width: 1000, height: 800 }, colorScheme: "dark" });
  const page = await openPage(context, "?seed=1");
  await waitForDistribution(page);
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const dark = await background();
  await page.selectOption("#theme", "light");
  assert.equal(await page.getAttribute("html", "data-theme"), "light");
  assert.notEqual(await background(), dark);
  await page.waitForFunction(() => location.search.includes("theme=light"));
  const again = await openPage(context, "?seed=1&theme=dark");
  assert.equal(await again.getAttribute("html", "data-theme"), "dark");
  assert.equal(await again.evaluate(() => getComputedStyle(document.body).backgroundColor), dark);
  await context.close();
});

test("keyboard: skip link, WAI-ARIA tabs, one live region, focus follows a moved card, values in words", async () => {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await openPage(context, "?seed=3&temperature=0.7");
  await waitForDistribution(page);

  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.className), "skip-link");
  await page.keyboard.press("Enter");
  assert.equal(await page.evaluate(() => document.activeElement.id), "results");
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.id), "tab-explorer");
  assert.equal(await page.getAttribute("#tab-api", "tabindex"), "-1", "one tab stop for the tab list");
  await page.keyboard.press("ArrowRight");
  await page.waitForFunction(() => document.activeElement.id === "tab-api");
  assert.equal(await page.getAttribute("#tab-api", "aria-selected"), "true");
  assert.equal(await page.getAttribute('[role="tabpanel"]', "aria-labelledby"), "tab-api");
  await page.keyboard.press("Home");
  await page.waitForFunction(() => document.activeElement.id === "tab-explorer");
  await page.keyboard.press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement.id), "sample", "Sample next token is two Tabs after the skip link");

  assert.equal(await page.locator('[role="status"], [aria-live]').count(), 1, "one live region");
  assert.equal(await page.getAttribute("#temperature", "aria-label"), "temperature T");
  assert.equal(await page.getAttribute("#top_p", "aria-label"), "top-p threshold p");
  assert.notEqual(await page.getAttribute("#typical_p", "aria-label"), await page.getAttribute("#top_p", "aria-label"));
  assert.equal(await page.getAttribute("#temperature", "aria-valuetext"), await page.textContent('label[for="temperature"] output'));

  const order = () => page.$$eval(".stages .stage-card", (cards) => cards.map((c) => c.dataset.stage));
  const before = await order();
  const third = before[2];
  await page.focus(`li[data-stage="${third}"] .stage-name`);
  await page.keyboard.press("Alt+ArrowUp");
  await page.waitForFunction((k) => document.activeElement?.closest("li")?.dataset.stage === k, third);
  await page.keyboard.press("Alt+ArrowUp");
  await page.waitForFunction((k) => document.querySelector(".stages .stage-card")?.dataset.stage === k, third);
  assert.equal(await page.evaluate(() => document.activeElement.closest("li").dataset.stage), third, "the moved card keeps the focus");
  assert.match(await page.textContent("#announcer"), new RegExp(`position 1 of ${before.length}`));
  await context.close();
});

test("link fixes: unknown model falls back, misspelled key, one range per parameter, the shown stage, chat defaults", async () => {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await openPage(context, "?seed=2&model=gpt-4&top_logprob=3&repetition_penalty=5&stage=top_p");
  await waitForDistribution(page);
  const notes = await page.textContent(".notes");
  assert.match(notes, /model = gpt-4 could not be loaded .*using the default model/);
  assert.match(notes, /unknown parameter top_logprob \(did you mean top_logprobs\?\)/);
  assert.match(notes, /repetition_penalty = 5 is outside 0\.01–2; using 2/);
  assert.equal(await page.inputValue("#repetition_penalty"), "2");
  assert.equal(await page.getAttribute("#repetition_penalty", "max"), "2");
  assert.equal(parseFloat(await page.textContent('label[for="repetition_penalty"] output')), 2, "the label agrees with the slider");
  assert.ok(await page.$('li.stage-card.selected[data-stage="top_p"]'), "top-p's card is selected");
  assert.match(await page.textContent(".view-line"), /top-p/);
  await page.waitForFunction(() => !location.search.includes("model=") && location.search.includes("stage=top_p"));
  // The selection follows its card when the order changes.
  await page.selectOption("#order-preset", "llamacpp");
  assert.ok(await page.$('li.stage-card.selected[data-stage="top_p"]'));

  const chat = await openPage(context, "?seed=1&mode=chat&tab=api");
  await chat.waitForSelector('main[data-ready="true"]', { timeout: 180_000 });
  assert.equal(await chat.inputValue("#temperature"), "0.2");
  assert.equal(await chat.inputValue("#top_p"), "0.9");
  assert.match(await chat.textContent("#chat-defaults"), /temperature 0\.2 and top-p 0\.9/);
  const request = JSON.parse(await chat.textContent("#api-request"));
  assert.equal(request.temperature, 0.2);
  assert.equal(request.top_p, 0.9);
  await context.close();
});

test("a fixed scale draws bars against 0–100 %", async () => {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  const page = await openPage(context, "?seed=1&scale=fixed");
  await waitForDistribution(page);
  await settle(page);
  const { ratio, prob } = await page.$eval(".chart .bar-row[data-token-id]", (row) => ({
    ratio: row.querySelector(".track .bar").getBoundingClientRect().width / row.querySelector(".track").getBoundingClientRect().width,
    prob: parseFloat(row.querySelector(".prob").textContent) / 100,
  }));
  assert.ok(Math.abs(ratio - prob) < 0.01, `bar ${ratio} against probability ${prob}`);
  assert.match(await page.textContent(".scale-axis .ticks"), /100\.0%/);
  await context.close();
});
