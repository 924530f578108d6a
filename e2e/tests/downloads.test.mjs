// Faults on the way in (issue 19): a model download that stalls or breaks off, storage too
// small to keep the model, and the page's own wasm answering 500.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { BASE_URL, launch, waitForDistribution } from "../lib/browser.mjs";
import { startFaultServer } from "../lib/fault_server.mjs";

let browser;
let faults;
before(async () => {
  browser = await launch();
  faults = await startFaultServer();
});
after(async () => {
  await faults?.close();
  await browser?.close();
});

const MODEL = /\/model\/model\.onnx\.gz$/;

async function failsThenRetries(fault, said) {
  faults.setFault(fault);
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${faults.url}?prompt=The+capital+of+France+is&seed=3`);
  // The stall timeout is 20 s; the wait is generous, not a timing assertion.
  await page.waitForSelector(".load.failed", { timeout: 90_000 });
  const text = await page.textContent(".load.failed");
  assert.match(text, said, text);
  faults.setFault(null);
  await page.click(".load.failed button");
  await waitForDistribution(page);
  await context.close();
}

test("a download that sends its headers and then nothing ends with how far it got, and Retry works", async () => {
  await failsThenRetries({ path: MODEL, kind: "stall", after: 600_000 }, /stalled: no data for 20 s after 0\.6 MB of \d+\.\d MB \(0%\)/);
});

test("a download cut mid-way says how far it got, and Retry works", async () => {
  await failsThenRetries({ path: MODEL, kind: "cut", after: 30_000_000 }, /broke off after 30\.0 MB of \d+\.\d MB \(3\d%\)/);
});

test("storage too small for the model: the page says it will download again, and it does", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await page.goto(`${BASE_URL}?prompt=Hello&seed=1`, { waitUntil: "commit" });
  const origin = new URL(BASE_URL).origin;
  await cdp.send("Storage.overrideQuotaForOrigin", { origin, quotaSize: 5_000_000 });
  await page.reload();
  await waitForDistribution(page);
  const note = await page.textContent(".load-not-stored");
  assert.match(note, /could not be kept.*storage refused it.*QuotaExceededError/, note);
  await page.reload();
  await waitForDistribution(page);
  assert.match(await page.textContent(".load.ready"), /downloaded/, "the next visit downloaded it again");
  assert.doesNotMatch(await page.textContent(".load.ready"), /from this browser's cache/);
  await context.close();
});

test("a 500 for the page's own wasm says so, instead of a blank page, and Retry works", async () => {
  const context = await browser.newContext();
  await context.route("**/samplescope_bg.wasm", (route) => route.fulfill({ status: 500, body: "broken" }));
  const page = await context.newPage();
  await page.goto(`${BASE_URL}?prompt=Hello&seed=1`);
  await page.waitForSelector("#boot-failed", { timeout: 30_000 });
  assert.match(await page.textContent("#boot-failed"), /could not start/);
  await context.unroute("**/samplescope_bg.wasm");
  await page.click("#boot-failed button");
  await waitForDistribution(page);
  assert.equal(await page.$("#boot-failed"), null);
  await context.close();
});
