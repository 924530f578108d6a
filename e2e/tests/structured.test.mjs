// Structured outputs from the API panel, on the real model in the browser: json_object,
// json_schema (checked here against its own schema by hand, not by the grammar that made it),
// tools with required / auto / none, llama.cpp's placement of the mask, streaming, bad
// schemas named by field, and the grammar stage card in the next-token view.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { after, before, test } from "node:test";

import { ARTIFACTS, launch, openPage, settle } from "../lib/browser.mjs";

const AXE = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

let browser;
let context;

before(async () => {
  browser = await launch();
  context = await browser.newContext({ viewport: { width: 1500, height: 1100 } });
});

after(async () => browser?.close());

const PERSON = {
  type: "json_schema",
  json_schema: {
    name: "person",
    strict: true,
    schema: {
      type: "object",
      properties: {
        name: { type: "string", maxLength: 40 },
        age: { type: "integer", minimum: 0, maximum: 130 },
        city: { type: "string", maxLength: 40 },
      },
      required: ["name", "age", "city"],
      additionalProperties: false,
    },
  },
};

const WEATHER = [
  {
    type: "function",
    function: {
      name: "get_weather",
      parameters: {
        type: "object",
        properties: { city: { type: "string", maxLength: 40 }, unit: { enum: ["celsius", "fahrenheit"] } },
        required: ["city", "unit"],
        additionalProperties: false,
      },
    },
  },
];

function link(params) {
  const q = new URLSearchParams({ mode: "chat", tab: "api", ...params });
  return "?" + q.toString();
}

async function ready(page) {
  await page.waitForSelector('main[data-ready="true"]', { timeout: 180_000 });
}

async function send(page) {
  await page.click("#api-send");
  await page.waitForSelector('.response[data-running="false"]', { timeout: 240_000 });
  await page.click(".response details.preview summary");
  return JSON.parse(await page.textContent("#api-response"));
}

function isPerson(v) {
  const keys = Object.keys(v);
  return (
    keys.length === 3 &&
    keys.join() === "name,age,city" &&
    typeof v.name === "string" &&
    v.name.length <= 40 &&
    Number.isInteger(v.age) &&
    v.age >= 0 &&
    v.age <= 130 &&
    typeof v.city === "string" &&
    v.city.length <= 40
  );
}

test("json_object and json_schema replies parse and fit their schema, with either placement", async () => {
  const page = await openPage(
    context,
    link({ response_format: JSON.stringify({ type: "json_object" }), seed: 4, n: 3, max_tokens: 120, stream: "false" }),
  );
  await ready(page);
  const body = JSON.parse(await page.textContent("#api-request"));
  assert.deepEqual(body.response_format, { type: "json_object" });
  const res = await send(page);
  for (const c of res.choices) {
    assert.equal(c.finish_reason, "stop", c.message.content);
    assert.equal(typeof JSON.parse(c.message.content), "object");
  }
  await page.close();

  for (const mask of ["first", "resample"]) {
    const p = await openPage(
      context,
      link({ response_format: JSON.stringify(PERSON), grammar_mask: mask, seed: 7, n: 4, max_tokens: 120, stream: "false" }),
    );
    await ready(p);
    const sent = JSON.parse(await p.textContent("#api-request"));
    assert.equal(sent.response_format.json_schema.name, "person");
    if (mask === "resample") assert.equal(sent.extra_body.grammar_mask, "resample");
    const r = await send(p);
    for (const c of r.choices) {
      assert.equal(c.finish_reason, "stop", c.message.content);
      assert.ok(isPerson(JSON.parse(c.message.content)), `${mask}: ${c.message.content}`);
    }
    // Every token's popover states the grammar's count.
    await p.click('.choice[data-choice="0"] .tok >> nth=0');
    assert.match(await p.textContent(".popover .grammar-step"), /grammar: (\d[\d,]* tokens allowed|only this token)/);
    await p.close();
  }
});

test("tools: required calls with valid arguments, the round trip, auto and none", async () => {
  const page = await openPage(
    context,
    link({
      tools: JSON.stringify(WEATHER),
      tool_choice: "required",
      parallel_tool_calls: "false",
      seed: 2,
      n: 2,
      max_tokens: 80,
      stream: "true",
    }),
  );
  await ready(page);
  const body = JSON.parse(await page.textContent("#api-request"));
  assert.equal(body.tool_choice, "required");
  assert.equal(body.tools[0].function.name, "get_weather");
  // The rendered prompt carries the tools section.
  assert.ok((await page.textContent(".prompt-tokens, .token-strip, body")).includes("Tools"));
  const res = await send(page);
  for (const c of res.choices) {
    assert.equal(c.finish_reason, "tool_calls");
    assert.equal(c.message.content, null);
    assert.equal(c.message.tool_calls.length, 1);
    const call = c.message.tool_calls[0];
    assert.equal(call.type, "function");
    assert.equal(call.function.name, "get_weather");
    const args = JSON.parse(call.function.arguments);
    assert.deepEqual(Object.keys(args), ["city", "unit"]);
    assert.ok(typeof args.city === "string" && ["celsius", "fahrenheit"].includes(args.unit));
  }
  // The stream's last chunk of each choice carries the calls.
  const events = await page.textContent("#api-events");
  assert.match(events, /"tool_calls":\[\{"index":0,"id":"call_[0-9a-f]+_0","type":"function","function":\{"name":"get_weather"/);
  assert.match(events, /data: \[DONE\]/);
  // Round trip: the call and a tool message join the conversation.
  await page.click('.choice[data-choice="0"] .continue-tool');
  const after = JSON.parse(await page.textContent("#api-request"));
  const roles = after.messages.map((m) => m.role);
  assert.deepEqual(roles.slice(-2), ["assistant", "tool"]);
  assert.equal(after.messages.at(-1).tool_call_id, res.choices[0].message.tool_calls[0].id);
  await page.close();

  for (const choice of ["none", "auto"]) {
    const p = await openPage(
      context,
      link({ tools: JSON.stringify(WEATHER), tool_choice: choice, seed: 5, n: 3, max_tokens: 48, stream: "false" }),
    );
    await ready(p);
    const r = await send(p);
    for (const c of r.choices) {
      if (choice === "none") {
        assert.notEqual(c.finish_reason, "tool_calls");
        assert.ok(!c.message.content.includes("<tool_call>"));
      } else if (c.finish_reason === "tool_calls") {
        assert.equal(c.message.tool_calls[0].function.name, "get_weather");
      }
    }
    // auto: each choice states the model's own probability, at its first token, of a token
    // that could open `<tool_call>`; none: the grammar never offers a call, so no figure.
    const odds = await p.locator(".choice .call-odds").evaluateAll((els) => els.map((e) => Number(e.dataset.callOdds)));
    if (choice === "none") {
      assert.equal(odds.length, 0);
    } else {
      assert.equal(odds.length, r.choices.length);
      for (const o of odds) assert.ok(o > 0 && o <= 1, `call odds ${o}`);
      assert.match(await p.textContent(".choice .call-odds"), /on tokens that could begin a tool call/);
    }
    await p.close();
  }
});

test("bad formats are named by field and block Send; nothing typed is lost", async () => {
  const page = await openPage(context, link({ seed: 1 }));
  await ready(page);
  await page.fill("#api-response-format", '{"type": "json_schema", "json_schema": {"name": "x", "strict": true, "schema": {"type": "object", "properties": {"a": {"type": "string"}}}}}');
  await settle(page);
  const error = await page.textContent(".format-fields .field-error");
  assert.match(error, /additionalProperties/);
  assert.ok(await page.isDisabled("#api-send"));
  await page.fill("#api-response-format", "{not json");
  await settle(page);
  assert.match(await page.textContent(".format-fields .field-error"), /response_format is not valid JSON/);
  assert.equal(await page.inputValue("#api-response-format"), "{not json");
  await page.fill("#api-response-format", "");
  await page.fill("#api-tool-choice", "required");
  await settle(page);
  assert.match(await page.textContent(".format-fields .field-error"), /tool_choice needs tools/);
  await page.click("#api-tools-example");
  await settle(page);
  assert.equal(await page.locator(".format-fields .field-error").count(), 0);
  assert.ok(!(await page.isDisabled("#api-send")));
  await page.close();
});

test("the grammar card leads the next-token pipeline and counts what it allows", async () => {
  const page = await openPage(
    context,
    "?" + new URLSearchParams({ mode: "chat", response_format: JSON.stringify(PERSON), stage: "grammar" }).toString(),
  );
  await page.waitForSelector('main[data-ready="true"]', { timeout: 180_000 });
  await page.waitForSelector('li.stage-card[data-stage="grammar"] .stage-detail.grammar', { timeout: 60_000 });
  const first = await page.getAttribute("ol li.stage-card >> nth=0", "data-stage");
  assert.equal(first, "grammar");
  const detail = page.locator('li.stage-card[data-stage="grammar"] .stage-detail.grammar');
  const allowed = Number(await detail.getAttribute("data-allowed"));
  // A reply in this schema starts with `{`: only tokens that are a prefix of `{"name": "` may come first.
  assert.ok(allowed >= 1 && allowed < 10, `allowed ${allowed}`);
  const removed = Number(await detail.getAttribute("data-removed-mass"));
  assert.ok(removed > 0 && removed <= 1);
  // The link's stage is the grammar's: no note that it is missing from the order.
  assert.ok(!((await page.locator(".notes").count()) && (await page.textContent(".notes")).includes("stage = grammar")));
  // The tokens the grammar allows lead the chart, not the ones it struck out.
  assert.ok((await page.locator(".chart .bar-row[data-token-id]:not(.removed)").count()) >= 1, "an allowed token has a bar");
  const trace = await page.textContent('li.stage-card[data-stage="grammar"] .trace');
  assert.match(trace, allowed === 1 ? /grammar allows one token only/ : new RegExp(`grammar allows ${allowed} of 49,?152 tokens`));
  await page.close();
});

test("the format fields, a tool call and the grammar card on every screen, light and dark, Korean and English", async () => {
  const audit = async (page, where) => {
    await page.evaluate(AXE); // through DevTools: the page's CSP refuses an injected <script>
    const violations = await page.evaluate(async () => {
      const r = await window.axe.run(document, { resultTypes: ["violations"] });
      return r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 4).map((n) => n.target.join(" ")) }));
    });
    const bad = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
    assert.deepEqual(bad, [], `${where}: ${JSON.stringify(bad)}`);
  };
  const sideways = (page) => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  for (const [name, width, height] of [["phone", 390, 844], ["laptop", 1000, 800], ["desktop", 1400, 1000]]) {
    for (const theme of ["light", "dark"]) {
      for (const lang of ["en", "ko"]) {
        const where = `${name}/${theme}/${lang}`;
        const ctx = await browser.newContext({ viewport: { width, height } });
        const api = await openPage(
          ctx,
          link({ tools: JSON.stringify(WEATHER), tool_choice: "auto", seed: 3, n: 1, max_tokens: 40, stream: "false", lang, theme }),
        );
        await ready(api);
        await send(api);
        await api.click('.choice[data-choice="0"] .tok >> nth=0');
        assert.ok((await sideways(api)) <= 0, `${where}: the API tab scrolls sideways`);
        assert.ok(await api.isVisible("#api-format-honest"), `${where}: the note that the grammar guarantees form, not content`);
        await audit(api, `${where} API tab with tools`);
        await api.screenshot({ path: join(ARTIFACTS, `structured-api-${name}-${theme}-${lang}.png`), fullPage: true });
        const card = await openPage(
          ctx,
          "?" + new URLSearchParams({ mode: "chat", response_format: JSON.stringify(PERSON), stage: "grammar", lang, theme }).toString(),
        );
        await card.waitForSelector('li.stage-card[data-stage="grammar"] .stage-detail.grammar', { timeout: 180_000 });
        assert.ok((await sideways(card)) <= 0, `${where}: the next-token view scrolls sideways`);
        await audit(card, `${where} grammar card`);
        await card.screenshot({ path: join(ARTIFACTS, `structured-grammar-${name}-${theme}-${lang}.png`), fullPage: true });
        await ctx.close();
      }
    }
  }
});
