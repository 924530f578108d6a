// The Content-Security-Policy (issue 19): the built page carries a strict policy as a meta tag
// and tools/serve.py sends it as a header; the page, its worker and the model work under it,
// with no violation of their own, and injected inline script is refused and reported.

import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { BASE_URL, launch, openPage, waitForDistribution } from "../lib/browser.mjs";

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/// Every `securitypolicyviolation` the document sees, from the first script on.
async function recordViolations(context) {
  await context.addInitScript(() => {
    window.cspViolations = [];
    document.addEventListener("securitypolicyviolation", (e) =>
      window.cspViolations.push({ directive: e.effectiveDirective, blocked: e.blockedURI, sample: e.sample }),
    );
  });
}

test("the page sends its policy as a header and a meta tag, without frame-ancestors", async () => {
  const index = await fetch(BASE_URL);
  const header = index.headers.get("content-security-policy");
  assert.ok(header, "index.html has a Content-Security-Policy header");
  const html = await index.text();
  const meta = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]*)"/);
  assert.ok(meta, "index.html has the meta tag");
  assert.equal(meta[1], header, "the header is the meta tag's policy");
  for (const part of ["default-src 'none'", "script-src 'self' 'wasm-unsafe-eval' 'sha256-", "connect-src 'self'", "object-src 'none'"]) {
    assert.ok(header.includes(part), `policy has ${part}: ${header}`);
  }
  assert.ok(!header.includes("unsafe-inline"), "no unsafe-inline");
  assert.ok(!header.includes("frame-ancestors"), "embeds may be framed");
  const worker = await fetch(BASE_URL + "model_worker.js");
  assert.equal(worker.headers.get("content-security-policy"), header, "the worker's script is covered by the header");
});

test("under the policy the model loads, samples and generates with no violation of its own", async () => {
  const context = await browser.newContext();
  await recordViolations(context);
  const page = await openPage(context, "?prompt=The+capital+of+France+is&seed=3&max_tokens=4");
  await waitForDistribution(page);
  await page.click("#generate");
  await page.waitForFunction(() => document.querySelectorAll(".completion-token").length >= 4, null, { timeout: 120_000 });
  await page.waitForSelector('main[data-generating="false"]');
  assert.deepEqual(await page.evaluate(() => window.cspViolations), []);
  assert.deepEqual(page.problems.filter((p) => /Content Security Policy|Refused to/i.test(p)), []);
  await context.close();
});

test("injected inline script and handlers are refused and reported", async () => {
  const context = await browser.newContext();
  await recordViolations(context);
  const page = await openPage(context, "?prompt=Hello");
  await page.waitForSelector("main");
  await page.evaluate(() => {
    const script = document.createElement("script");
    script.textContent = "window.injectedScriptRan = true";
    document.body.append(script);
    const img = document.createElement("img");
    img.setAttribute("src", "data:,not-an-image");
    img.setAttribute("onerror", "window.injectedHandlerRan = true");
    document.body.append(img);
    const button = document.createElement("button");
    button.setAttribute("onclick", "window.injectedClickRan = true");
    document.body.append(button);
    button.click();
  });
  await page.waitForFunction(() => window.cspViolations.filter((v) => v.blocked === "inline").length >= 3, null, { timeout: 10_000 });
  const ran = await page.evaluate(() => [window.injectedScriptRan, window.injectedHandlerRan, window.injectedClickRan]);
  assert.deepEqual(ran, [undefined, undefined, undefined], "no injected code ran");
  const directives = new Set((await page.evaluate(() => window.cspViolations)).map((v) => v.directive));
  assert.ok(directives.has("script-src-elem"), `inline <script> reported: ${[...directives]}`);
  assert.ok(directives.has("script-src-attr"), `inline handlers reported: ${[...directives]}`);
  await context.close();
});
