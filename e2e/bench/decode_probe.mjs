// Quick kernel probe (development aid): prefill 32 and decode medians in the built page,
// without the cold/warm start, slider and onnxruntime-web parts of browser_bench.mjs.
//   node e2e/bench/decode_probe.mjs [--tokens 48]
import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

import { launch } from "../lib/browser.mjs";
import { PROMPT_32 } from "./prompt_ids.mjs";

const REPO = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const { values } = parseArgs({ options: { tokens: { type: "string", default: "48" }, port: { type: "string", default: "8131" } } });
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

const server = spawn("python3", [join(REPO, "tools", "serve.py"), "--dir", join(REPO, "dist"), "--port", values.port], { stdio: "ignore" });
await new Promise((r) => setTimeout(r, 800));
const browser = await launch();
try {
  const page = await (await browser.newContext()).newPage();
  await page.goto(`http://127.0.0.1:${values.port}/?bench=1`);
  await page.waitForSelector(".bar-row[data-token-id]", { timeout: 180_000 });
  const prefill = [];
  const decode = [];
  for (let r = 0; r < 3; r++) {
    const p = await page.evaluate((ids) => window.samplescopeBench.forward(500, 0, ids), PROMPT_32);
    prefill.push(p.workerMs);
    let next = p.argmax;
    for (let i = 0; i < Number(values.tokens); i++) {
      const d = await page.evaluate(([keep, t]) => window.samplescopeBench.forward(500, keep, [t]), [32 + i, next]);
      if (r > 0) decode.push(d.workerMs);
      next = d.argmax;
    }
  }
  console.log(`prefill 32: ${median(prefill.slice(1)).toFixed(1)} ms; decode: median ${median(decode).toFixed(2)} ms, min ${Math.min(...decode).toFixed(2)} ms over ${decode.length}`);
} finally {
  await browser.close();
  server.kill();
}
