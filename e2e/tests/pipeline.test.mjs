// Every sampling stage set through the URL, exported, and checked against an independent
// JavaScript implementation of the documented formulas (each engine's order with its own
// stages); what an engine lacks marked on the page; and two orders compared.

import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, test } from "node:test";

import { ARTIFACTS, exportStep, launch, openPage, waitForDistribution, settle } from "../lib/browser.mjs";
import { runReference } from "../lib/reference_sampler.mjs";

let browser;
let context;

before(async () => {
  browser = await launch();
  context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1500, height: 1100 } });
});

after(async () => browser?.close());

// Every exported stage against the reference: key, probabilities (Σ = 1, |Δp| < 1e-5) and mask.
function checkAgainstReference(doc, options) {
  const reference = runReference(doc, options);
  assert.equal(doc.stages.length, doc.parameters.order.length);
  for (const [i, stage] of doc.stages.entries()) {
    const ref = reference[i];
    assert.equal(stage.stage, ref.name);
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
  return reference;
}

const byKey = (doc) => Object.fromEntries(doc.stages.map((s) => [s.stage, s]));
const keptIds = (stage) => stage.mask.flatMap((m, id) => (m ? [id] : []));

test("every stage set through the URL matches its formula", async () => {
  // " Paris" (7042) banned, " London" (4528) pushed up, " the" (260) twice, " a" (264) and
  // " London" generated before: the nine original stages on, Hugging Face's other four
  // (no_repeat_ngram_size, min_tokens, ε, η) at their neutral values.
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
    "logit_bias", "repetition_penalty", "frequency_penalty", "presence_penalty",
    "no_repeat_ngram_size", "min_tokens",
    "temperature", "top_k", "top_p", "min_p", "typical_p", "epsilon", "eta",
  ]);
  checkAgainstReference(doc);
  const neutral = ["no_repeat_ngram_size", "min_tokens", "epsilon", "eta"];
  for (const stage of doc.stages) {
    assert.equal(stage.skipped, neutral.includes(stage.stage), `${stage.stage}: skipped = ${stage.skipped}`);
  }
  assert.ok(byKey(doc).logit_bias.probs[7042] < 1e-30, "logit_bias -100 bans ' Paris'");
  const kept = doc.stages.at(-1).mask.reduce((a, b) => a + b, 0);
  assert.ok(kept >= 1 && kept <= 30, `${kept} tokens kept after top-k 30 and the rest`);
  // The cards show each stage's summary, e.g. "top-p kept … of the mass".
  const traces = await page.$$eval(".stage-card .trace", (els) => els.map((e) => e.textContent));
  assert.ok(traces.some((t) => /top-p kept \d+ tokens?, [\d.]+% of the mass before renormalising/.test(t)), traces.join("\n"));
  await page.close();
  // c_j of the completion is shown beside the penalised tokens on the chart: after
  // "apple, apple," generated twice, ' apple' (11977) stays the top token, counted twice.
  const loop = await openPage(context, "?prompt=apple,+apple,+apple,+apple,&completion=11977,28,11977,28&frequency_penalty=0.5&seed=1");
  await waitForDistribution(loop);
  const whys = await loop.$$eval(".chart .bar-row[data-token-id]", (rows) =>
    rows.map((r) => [Number(r.dataset.tokenId), r.querySelector(".why").textContent]));
  const counted = whys.filter(([id]) => id === 11977);
  assert.equal(counted.length, 1, JSON.stringify(whys.slice(0, 5)));
  for (const [, why] of counted) assert.match(why, /c=2/);
  await loop.close();
});

test("llama.cpp's stages set through the URL match their formulas: DRY, top-nσ, XTC, dynamic temperature", async () => {
  // The prompt repeats "the cat sat on the" after a ":" (one of DRY's default breakers), so
  // DRY penalises the token that would extend the repeat, the repeat cut at the breaker; XTC's
  // coin always fires at xtc_probability 1.
  const query =
    "?prompt=Note%3A+the+cat+sat+on+the+mat.+Note%3A+the+cat+sat+on+the&seed=3&order=llamacpp" +
    "&dry_multiplier=0.8&dry_base=1.75&dry_allowed_length=2&dry_penalty_last_n=64" +
    "&top_n_sigma=2&top_k=40&top_p=0.95&min_p=0.02&min_keep=1&xtc_probability=1&xtc_threshold=0.1" +
    "&temperature=0.8&dynatemp_range=0.5&dynatemp_exponent=1";
  const page = await openPage(context, query);
  await waitForDistribution(page);
  assert.equal(await page.inputValue("#top_n_sigma"), "2");
  const doc = await exportStep(page, "pipeline-llamacpp-step.json");
  assert.deepEqual(doc.parameters.order, [
    "logit_bias", "repetition_penalty", "frequency_penalty", "presence_penalty",
    "dry", "top_n_sigma", "top_k", "typical_p", "top_p", "min_p", "xtc", "temperature",
  ]);
  assert.deepEqual(doc.parameters.dry_sequence_breakers, ["\n", ":", "\"", "*"]);
  checkAgainstReference(doc);
  const stages = byKey(doc);
  for (const key of ["dry", "top_n_sigma", "top_k", "temperature"]) assert.equal(stages[key].skipped, false, key);
  assert.equal(stages.dry.detail.untokenised_breakers, false, "the page tokenised DRY's breakers");
  assert.ok(stages.dry.detail.repeats.length > 0, "DRY found the repeat");
  // The token strip marks the longest repeat: its earlier run, and the context's end.
  const [longest] = stages.dry.detail.repeats;
  const marked = (cls) => page.locator(`.token-strip .chip.${cls}`).count();
  assert.equal(await marked("dry-suffix"), longest.suffix[1] - longest.suffix[0]);
  assert.equal(await marked("dry-earlier"), longest.earlier[1] - longest.earlier[0]);
  assert.ok(stages.top_n_sigma.detail.sigma > 0);
  // XTC and dynamic temperature act only on two tokens or more.
  if (keptIds(stages.min_p).length >= 2) assert.equal(stages.xtc.detail.fired, true, "the coin fires at probability 1");
  if (keptIds(stages.xtc).length >= 2) {
    const { t } = stages.temperature.detail;
    assert.ok(t >= 0.3 && t <= 1.3, `T = ${t} within T ± Δ`);
  }
  await page.close();
});

test("Hugging Face's stages set through the URL match their formulas: no_repeat_ngram_size, min_tokens, ε, η", async () => {
  // " the" (260), " a" (264), " the" generated: the 2-gram " the a" exists, so " a" is banned
  // next; three tokens of five, so the end-of-turn tokens (0, 2) are banned too.
  const query =
    "?prompt=The+capital+of+France+is&completion=260,264,260&seed=4&order=hf" +
    "&no_repeat_ngram_size=2&min_tokens=5&temperature=0.9&top_k=200&epsilon_cutoff=0.003&eta_cutoff=0.004";
  const page = await openPage(context, query);
  await waitForDistribution(page);
  const doc = await exportStep(page, "pipeline-hf-step.json");
  checkAgainstReference(doc);
  const stages = byKey(doc);
  for (const key of ["no_repeat_ngram_size", "min_tokens", "epsilon", "eta"]) assert.equal(stages[key].skipped, false, key);
  assert.equal(stages.no_repeat_ngram_size.mask[264], 0, "' a' would repeat the 2-gram ' the a'");
  assert.equal(stages.min_tokens.mask[0] + stages.min_tokens.mask[2], 0, "no end of turn before five tokens");
  // η = 0.004 as an f32 is 0.0040000002.
  assert.ok(stages.eta.detail.cutoff > 0 && stages.eta.detail.cutoff <= Math.fround(0.004), `η = ${stages.eta.detail.cutoff}`);
  assert.ok(keptIds(stages.eta).length < keptIds(stages.top_k).length, "ε and η cut the tail top-k left");
  await page.close();
});

test("vLLM's stages set through the URL match their formulas: allowed_token_ids, bad_words, min_tokens", async () => {
  // Allowed: <|endoftext|> 0, <|im_end|> 2, " the" 260, " a" 264, " London" 4528, " Paris" 7042.
  // bad_words ["Paris"] bans both its tokenisations (the prompt's first token and " Paris");
  // min_tokens 3 bans the end-of-turn tokens after two generated tokens.
  const query =
    "?prompt=Paris+is+the+capital+of&completion=260,264&seed=6&order=vllm" +
    "&allowed_token_ids=0,2,260,264,4528,7042&bad_words=" + encodeURIComponent('["Paris"]') + "&min_tokens=3";
  const page = await openPage(context, query);
  await waitForDistribution(page);
  const doc = await exportStep(page, "pipeline-vllm-step.json");
  assert.deepEqual(doc.parameters.bad_words, ["Paris"]);
  assert.deepEqual(doc.parameters.allowed_token_ids, [0, 2, 260, 264, 4528, 7042]);
  assert.equal(doc.prompt.tokens[0].text, "Paris", "the prompt's first token is the word's plain tokenisation");
  const words = { Paris: [doc.prompt.tokens[0].id], " Paris": [7042] };
  checkAgainstReference(doc, { encode: (text) => words[text] ?? assert.fail(`no ids for ${JSON.stringify(text)}`) });
  const stages = byKey(doc);
  assert.deepEqual(keptIds(stages.allowed_token_ids), [0, 2, 260, 264, 4528, 7042]);
  assert.deepEqual(keptIds(stages.bad_words), [0, 2, 260, 264, 4528], "' Paris' banned");
  assert.deepEqual(keptIds(stages.min_tokens), [260, 264, 4528]);
  assert.deepEqual(keptIds(doc.stages.at(-1)), [260, 264, 4528]);
  await page.close();
});

for (const version of [1, 2]) {
  test(`mirostat v${version} set through the URL matches its formula, from μ = 2τ on a linked completion`, async () => {
    const query =
      "?prompt=The+capital+of+France+is&completion=260,264&seed=8&order=llamacpp-mirostat" +
      `&mirostat=${version}&mirostat_tau=3&mirostat_eta=0.1&temperature=0.9`;
    const page = await openPage(context, query);
    await waitForDistribution(page);
    const doc = await exportStep(page, `pipeline-mirostat-v${version}-step.json`);
    assert.deepEqual(doc.parameters.order, ["logit_bias", "temperature", "mirostat"]);
    checkAgainstReference(doc);
    const { mirostat } = byKey(doc);
    assert.equal(mirostat.skipped, false);
    assert.equal(mirostat.detail.version, version);
    assert.ok(Math.abs(mirostat.detail.mu_bits - 6) < 1e-6, `μ = ${mirostat.detail.mu_bits}, 2τ = 6`);
    // The completion came with the link: the page has no earlier answers to replay μ over, and says so.
    assert.match(await page.textContent('.stage-card[data-stage="mirostat"] .mu-unreplayed'), /2τ/);
    await page.close();
  });
}

test("mirostat's μ follows the tokens sampled on the page, and its card plots the path", async () => {
  const page = await openPage(context, "?prompt=The+capital+of+France+is&seed=8&order=llamacpp-mirostat&mirostat=2&mirostat_tau=3");
  await waitForDistribution(page);
  const card = '.stage-card[data-stage="mirostat"]';
  assert.equal(await page.locator(`${card} .mu-unreplayed`).count(), 0, "nothing to replay at the first position");
  for (let i = 0; i < 2; i++) {
    await page.click("#sample");
    await page.waitForSelector('main[data-fresh="true"]');
    await waitForDistribution(page);
  }
  await page.waitForSelector(`${card} .mu-path`);
  assert.match(await page.textContent(`${card} .mu-path figcaption`), /^μ: 6\.00 → [-\d.]+ \(n = 2, τ = 3\)$/);
  assert.equal(await page.locator(`${card} .mu-unreplayed`).count(), 0, "the page replayed what it sampled");
  const doc = await exportStep(page, "pipeline-mirostat-sampled-step.json");
  assert.equal(doc.completion.length, 2);
  const mu = byKey(doc).mirostat.detail.mu_bits;
  assert.ok(Math.abs(mu - 6) > 1e-6, `μ moved from 2τ: ${mu}`);
  const caption = await page.textContent(`${card} .mu-path figcaption`);
  assert.equal(caption.match(/→ ([-\d.]+)/)[1], mu.toFixed(2), "the plot ends at the μ the stage used");
  checkAgainstReference(doc, { mu });
  await page.close();
});

test("a stage the engine lacks is marked as not in this engine", async () => {
  const page = await openPage(context, "?prompt=Hello&order=hf&seed=1");
  await waitForDistribution(page);
  // Hugging Face has no DRY: its add button says so, and so does its card once added.
  assert.match(await page.textContent('.missing .add-stage[data-stage="dry"] .not-in-engine'), /not in Hugging Face/);
  assert.equal(await page.locator('.missing .add-stage[data-stage="allowed_token_ids"] .not-in-engine').count(), 1);
  await page.click('.missing .add-stage[data-stage="dry"]');
  await page.waitForSelector('.stage-card[data-stage="dry"] .not-in-engine');
  assert.equal(await page.inputValue("#order-preset"), "custom");
  // Its own stages carry no such mark.
  assert.equal(await page.locator('.stage-card[data-stage="eta"] .not-in-engine').count(), 0);
  await page.close();
});

test("a llama.cpp --sampler-seq pasted into the order box sets the order, and the order is written back", async () => {
  const page = await openPage(context, "?prompt=Hello&order=hf&seed=1");
  await waitForDistribution(page);
  assert.match(await page.textContent("#llama-why"), /is not a llama\.cpp sampler/, "Hugging Face's order has stages llama.cpp lacks");
  await page.fill("#order-text", "edskypmxt");
  await page.press("#order-text", "Enter");
  await page.waitForFunction(() => document.querySelector("#order-preset")?.value === "llamacpp");
  const order = await page.$$eval(".stages .stage-card", (c) => c.map((e) => e.dataset.stage));
  assert.deepEqual(order, [
    "logit_bias", "repetition_penalty", "frequency_penalty", "presence_penalty",
    "dry", "top_n_sigma", "top_k", "typical_p", "top_p", "min_p", "xtc", "temperature",
  ]);
  assert.equal(await page.textContent("#llama-samplers"), '--samplers "penalties;dry;top_n_sigma;top_k;typ_p;top_p;min_p;xtc;temperature"');
  assert.equal(await page.textContent("#llama-sampler-seq"), "--sampler-seq edskypmxt");
  await page.waitForURL(/order=llamacpp/, { timeout: 5000 });
  // A --samplers list with llama.cpp's other spellings; an unknown name is a note, not a change.
  await page.fill("#order-text", "top-k;nucleus;temp");
  await page.press("#order-text", "Enter");
  await page.waitForFunction(() => document.querySelectorAll(".stages .stage-card").length === 4);
  assert.equal(await page.textContent("#llama-sampler-seq"), "--sampler-seq kpt");
  await page.fill("#order-text", "top_k;bogus");
  await page.press("#order-text", "Enter");
  await page.waitForFunction(() => /unknown stage "bogus"/.test(document.querySelector(".notes")?.textContent ?? ""));
  assert.equal(await page.locator(".stages .stage-card").count(), 4);
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
