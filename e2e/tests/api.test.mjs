// The API panel: a seeded request and its response object, replay, streaming, branching from
// an alternative token, and clear messages for bad parameters.

import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { after, before, test } from "node:test";

import { ARTIFACTS, launch, openPage, settle } from "../lib/browser.mjs";

let browser;
let context;

before(async () => {
  browser = await launch();
  context = await browser.newContext({ viewport: { width: 1500, height: 1100 } });
});

after(async () => browser?.close());

async function ready(page) {
  await page.waitForSelector('main[data-ready="true"]', { timeout: 180_000 });
}

async function sendAndWait(page) {
  await page.click("#api-send");
  await page.waitForSelector('.response[data-running="false"]', { timeout: 120_000 });
}

async function response(page) {
  await page.click(".response details.preview summary");
  return JSON.parse(await page.textContent("#api-response"));
}

test("a seeded request returns a consistent response, and replay repeats it", async () => {
  const page = await openPage(context, "?mode=chat&tab=api&seed=11&max_tokens=12&n=2&top_logprobs=3&stream=false&user=alice");
  await ready(page);
  const request = JSON.parse(await page.textContent("#api-request"));
  assert.equal(request.seed, 11);
  assert.equal(request.n, 2);
  assert.equal(request.user, "alice");
  assert.equal(request.messages[0].content, "What is the capital of France?");
  await sendAndWait(page);
  const res = await response(page);
  assert.equal(res.object, "chat.completion");
  assert.match(res.system_fingerprint, /^fp_[0-9a-f]{10}$/);
  assert.equal(res.choices.length, 2);
  let completion = 0;
  for (const c of res.choices) {
    assert.ok(["stop", "length"].includes(c.finish_reason));
    assert.equal(c.message.role, "assistant");
    const steps = c.logprobs.content;
    assert.ok(steps.length >= 1 && steps.length <= 12);
    for (const s of steps) {
      assert.ok(s.logprob <= 0 && s.raw_logprob <= 0);
      assert.equal(s.top_logprobs.length, 3);
    }
    completion += steps.length;
  }
  assert.equal(res.usage.completion_tokens, completion);
  assert.equal(res.usage.total_tokens, res.usage.prompt_tokens + completion);
  assert.ok(res.usage.prompt_tokens > 20, "the ChatML template and default system prompt are counted");
  await page.click("#api-replay");
  await page.waitForSelector("#api-replay-result", { timeout: 120_000 });
  assert.match(await page.textContent("#api-replay-result"), /exactly the same tokens/);
  const again = await response(page);
  assert.deepEqual(again.choices, res.choices);
  assert.equal(again.system_fingerprint, res.system_fingerprint);
  await page.close();
});

test("streaming shows tokens as they come and ends with [DONE]; a stop string cuts the text", async () => {
  const page = await openPage(context, "?mode=chat&tab=api&seed=3&max_tokens=48&stream=true&do_sample=false&stop=.");
  await ready(page);
  await page.click("#api-send");
  // An intermediate state: some tokens shown while still running.
  await page.waitForFunction(
    () => document.querySelector('.response[data-running="true"]') && document.querySelectorAll(".choice .tok").length >= 2,
    null,
    { timeout: 60_000, polling: 5 },
  );
  await page.waitForSelector('.response[data-running="false"]', { timeout: 120_000 });
  const events = await page.textContent("#api-events");
  assert.match(events, /^data: \{"id":"chatcmpl-samplescope-3","object":"chat.completion.chunk"/);
  assert.ok(events.trim().endsWith("data: [DONE]"));
  assert.ok(events.split("\n\n").length >= 3);
  const res = await response(page);
  const choice = res.choices[0];
  assert.equal(choice.finish_reason, "stop");
  assert.ok(!choice.message.content.includes("."), choice.message.content);
  assert.match(await page.textContent(".stop-note"), /cut at byte \d+ by stop string "\."/);
  // The streamed deltas add up to the returned text.
  const deltas = events.split("\n\n").filter((e) => !e.includes("[DONE]")).map((e) => JSON.parse(e.slice(6)).choices[0].delta.content);
  assert.equal(deltas.join(""), choice.message.content);
  await settle(page);
  await page.screenshot({ path: join(ARTIFACTS, "api.png"), fullPage: true });
  await page.close();
});

test("clicking an alternative token branches the generation from it", async () => {
  const page = await openPage(context, "?mode=chat&tab=api&seed=4&max_tokens=10&stream=true&do_sample=false");
  await ready(page);
  await sendAndWait(page);
  const before = await page.$$eval('.choice[data-choice="0"] .tok', (t) => t.map((e) => e.textContent));
  await page.click('.choice[data-choice="0"] .tok >> nth=0');
  await page.waitForSelector(".popover .alternatives");
  const alternative = await page.textContent(".popover .alternatives li:not(.chosen) .chip >> nth=0");
  await page.click(".popover .alternatives li:not(.chosen) .branch >> nth=0");
  await page.waitForSelector('.response[data-running="false"] .tok.forced', { timeout: 120_000 });
  const after = await page.$$eval('.choice[data-choice="0"] .tok', (t) => t.map((e) => e.textContent));
  assert.equal(after[0], alternative);
  assert.notEqual(after[0], before[0]);
  await page.close();
});

test("bad parameters get a message naming the parameter and range, and keep what was typed", async () => {
  const page = await openPage(context, "?mode=chat&tab=api&seed=1");
  await ready(page);
  await page.fill("#api-n", "0");
  assert.match(await page.textContent(".field-error"), /n = 0 must be between 1 and 8/);
  assert.equal(await page.inputValue("#api-n"), "0");
  assert.equal(await page.isDisabled("#api-send"), true);
  await page.fill("#api-n", "2");
  await page.fill("#api-best-of", "1");
  assert.match(await page.textContent(".field.invalid"), /best_of = 1 must be between n = 2 and 8/);
  await page.fill("#api-best-of", "");
  await page.fill("#api-top-logprobs", "25");
  assert.match(await page.textContent(".field.invalid"), /top_logprobs = 25 must be between 0 and 20/);
  await page.fill("#api-top-logprobs", "abc");
  assert.match(await page.textContent(".field.invalid"), /"abc" is not a whole number/);
  assert.equal(await page.inputValue("#api-top-logprobs"), "abc");
  await page.fill("#api-top-logprobs", "2");
  for (let i = 0; i < 5; i++) await page.click("#api-add-stop");
  assert.match(await page.textContent(".stops"), /5 stop strings given; at most 4/);
  assert.equal(await page.isDisabled("#api-send"), true);
  await page.close();
});

/// The native build's response for `query` (examples/respond.rs over the same model file).
function nativeResponse(query) {
  const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
  const out = execFileSync("cargo", ["run", "--quiet", "--example", "respond", "--", join(root, "build", "model"), query], {
    cwd: root,
    encoding: "utf8",
    maxBuffer: 64 << 20,
    timeout: 900_000,
  });
  return JSON.parse(out);
}

test("a seeded request gives identical JSON in two fresh browser contexts, and the native build's tokens", async () => {
  const query = "?mode=chat&tab=api&seed=9&max_tokens=24&n=3&logprobs=true&top_logprobs=2&stream=false";
  const inContext = async () => {
    const fresh = await browser.newContext({ viewport: { width: 1500, height: 1100 } });
    const page = await openPage(fresh, query);
    await ready(page);
    await sendAndWait(page);
    const res = await response(page);
    await fresh.close();
    return res;
  };
  const first = await inContext();
  const second = await inContext();
  const { id: _a, created: _b, ...one } = first;
  const { id: _c, created: _d, ...two } = second;
  assert.deepEqual(two, one, "two fresh contexts, same request and seed: the same response");

  const native = nativeResponse(query);
  assert.equal(native.choices.length, first.choices.length);
  for (const [i, c] of first.choices.entries()) {
    const n = native.choices[i];
    assert.equal(c.message.content, n.message.content, `choice ${i}: same text natively and in the browser`);
    assert.equal(c.finish_reason, n.finish_reason);
    const steps = c.logprobs.content;
    assert.deepEqual(steps.map((s) => s.token), n.logprobs.content.map((s) => s.token));
    for (const [j, s] of steps.entries()) {
      // The kernels differ (wasm SIMD and native), so the numbers agree closely, not bit for bit.
      assert.ok(Math.abs(s.logprob - n.logprobs.content[j].logprob) < 1e-3, `choice ${i} step ${j}: ${s.logprob} vs ${n.logprobs.content[j].logprob}`);
    }
  }
});

test("stop strings typed key by key: \\n is a newline, \\\\n stays a backslash and n, and the field keeps what was typed", async () => {
  const page = await openPage(context, "?mode=chat&tab=api&seed=1");
  await ready(page);
  await page.click("#api-add-stop");
  await page.click("#api-add-stop");
  const [first, second] = await page.$$(".stop-input");
  await first.focus();
  await page.keyboard.type("a\\nb");
  await second.focus();
  await page.keyboard.type("x\\\\ny");
  await page.waitForFunction(() => JSON.parse(document.querySelector("#api-request").textContent).stop?.length === 2);
  const request = JSON.parse(await page.textContent("#api-request"));
  assert.deepEqual(request.stop, ["a\nb", "x\\ny"]);
  assert.deepEqual(await page.$$eval(".stop-input", (f) => f.map((i) => i.value)), ["a\\nb", "x\\\\ny"]);
  // The address bar is written once typing pauses.
  await page.waitForFunction(() => decodeURIComponent(location.search.replace(/\+/g, " ")).includes("x\\ny"));
  await page.reload();
  await ready(page);
  assert.deepEqual(JSON.parse(await page.textContent("#api-request")).stop, ["a\nb", "x\\ny"], "the link kept both");
  assert.deepEqual(await page.$$eval(".stop-input", (f) => f.map((i) => i.value)), ["a\\nb", "x\\\\ny"]);
  await page.close();
});
