// Structured outputs in the browser: llguidance's token trie over our tokenizer, each example's
// grammar compile, and the grammar mask per token (p50 / p95) along a reply that takes the
// most probable allowed token under the chat prompt's logits at every position.
//
//   node e2e/bench/grammar_bench.mjs [--url http://127.0.0.1:8080/] [--steps 64] [--runs 3]
//
// Needs a built and served page (./x serve, or tools/serve.py --dir dist). Prints a Markdown
// table and writes artifacts/grammar_bench.json. A benchmark, not a test: nothing is asserted.

import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";

import { ARTIFACTS, BASE_URL, launch } from "../lib/browser.mjs";

const { values } = parseArgs({
  options: { url: { type: "string", default: BASE_URL }, steps: { type: "string", default: "64" }, runs: { type: "string", default: "3" } },
});
const steps = Number(values.steps);

const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};

const browser = await launch();
const page = await browser.newPage();
await page.goto(`${values.url}?bench=1&mode=chat`);
await page.waitForSelector('main[data-ready="true"][data-fresh="true"] .bar-row[data-token-id]', { timeout: 300_000 });
await page.waitForFunction(() => window.samplescopeBench);
const runs = [];
for (let r = 0; r < Number(values.runs); r++) {
  runs.push(await page.evaluate((n) => window.samplescopeBench.grammar(n), steps));
}
await browser.close();

const names = Object.keys(runs[0].examples);
const rows = names.map((name) => {
  const masks = runs.flatMap((r) => r.examples[name].maskMs);
  const compiles = runs.map((r) => r.examples[name].compileMs);
  return { name, compileMs: quantile(compiles, 0.5), masks: masks.length, p50: quantile(masks, 0.5), p95: quantile(masks, 0.95), max: Math.max(...masks) };
});
const trie = runs.map((r) => r.trieMs);
mkdirSync(ARTIFACTS, { recursive: true });
writeFileSync(join(ARTIFACTS, "grammar_bench.json"), JSON.stringify({ steps, runs, rows }, null, 2));
console.log(`token trie + slices (llguidance ParserFactory over 49,152 tokens): median ${quantile(trie, 0.5).toFixed(1)} ms (runs: ${trie.map((t) => t.toFixed(0)).join(", ")})\n`);
console.log("| example | compile ms (median) | masks | mask p50 ms | mask p95 ms | max ms |");
console.log("|---|---|---|---|---|---|");
for (const r of rows) {
  console.log(`| ${r.name} | ${r.compileMs.toFixed(2)} | ${r.masks} | ${r.p50.toFixed(3)} | ${r.p95.toFixed(3)} | ${r.max.toFixed(2)} |`);
}
