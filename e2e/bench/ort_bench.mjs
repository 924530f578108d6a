// Times model.onnx in onnxruntime-web (wasm, one thread) in Debian's chromium, for comparison with
// samplescope's tract engine: prefill of 32 and 256 tokens and greedy decode ms/token.
//
//   node e2e/bench/ort_bench.mjs [--runs 3] [--decode 32]
//
// Uses the server at SAMPLESCOPE_URL (which must serve dist/) or starts tools/serve.py on a free
// port. Copies the page into dist/bench/ort/ first. Prints JSON and writes artifacts/ort_bench.json.

import { spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";

import { ARTIFACTS, launch } from "../lib/browser.mjs";
import { prepareOrtPage } from "./ort_setup.mjs";
import { CHECK_PROB, CHECK_PROMPT, CHECK_TOKEN, CHECK_TOLERANCE, PROMPT_256, PROMPT_32 } from "./prompt_ids.mjs";

const REPO = join(dirname(fileURLToPath(import.meta.url)), "..", "..");

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const round = (x, digits = 2) => Number(x.toFixed(digits));

/// Opens `${baseUrl}bench/ort/` (see prepareOrtPage), checks the model's answer for a known prompt,
/// then does one uncounted warm-up run and `runs` measured runs. Each run: prefill 32 tokens,
/// decode `decodeTokens` greedy tokens on top of it, prefill 256 tokens. Throws if the check fails.
export async function benchOrt(browser, baseUrl, { runs = 3, decodeTokens = 32 } = {}) {
  const context = await browser.newContext();
  const page = await context.newPage();
  const problems = [];
  page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`console: ${m.text()}`);
  });
  try {
    await page.goto(`${baseUrl}bench/ort/`);
    await page.waitForFunction(() => window.ortBench, null, { timeout: 60_000 }).catch((e) => {
      throw new Error(`benchmark page did not start: ${problems.join("; ") || e.message}`);
    });
    const load = await page.evaluate(() => window.ortBench.load());

    // Correctness first: a fast wrong engine is not worth timing.
    const c = await page.evaluate((ids) => window.ortBench.prefill(ids), CHECK_PROMPT);
    const check = {
      prompt: CHECK_PROMPT,
      argmax: c.argmax,
      prob: round(c.prob, 4),
      expected: { token: CHECK_TOKEN, prob: CHECK_PROB, tolerance: CHECK_TOLERANCE },
      ok: c.argmax === CHECK_TOKEN && Math.abs(c.prob - CHECK_PROB) <= CHECK_TOLERANCE,
    };
    if (!check.ok) {
      throw new Error(`onnxruntime-web gives a wrong answer: ${JSON.stringify(check)}`);
    }

    const raw = { prefill32Ms: [], prefill256Ms: [], decodeMsPerToken: [] };
    let decodedTokens = null;
    let prefill32Argmax = null;
    // Run 0 warms up (wasm tier-up, allocator growth) and is not counted.
    for (let run = 0; run <= runs; run++) {
      const p32 = await page.evaluate((ids) => window.ortBench.prefill(ids), PROMPT_32);
      const dec = await page.evaluate((n) => window.ortBench.decode(n), decodeTokens);
      const p256 = await page.evaluate((ids) => window.ortBench.prefill(ids), PROMPT_256);
      // Greedy decoding from the same prompt must repeat itself exactly.
      if (decodedTokens && dec.tokens.join() !== decodedTokens.join()) {
        throw new Error(`decode is not deterministic: ${decodedTokens} vs ${dec.tokens}`);
      }
      decodedTokens = dec.tokens;
      prefill32Argmax = p32.argmax;
      if (run === 0) continue;
      raw.prefill32Ms.push(round(p32.ms));
      raw.prefill256Ms.push(round(p256.ms));
      raw.decodeMsPerToken.push(dec.msPerToken.map((x) => round(x)));
    }
    if (problems.length) throw new Error(`page reported errors: ${problems.join("; ")}`);

    const allDecode = raw.decodeMsPerToken.flat();
    return {
      engine: "onnxruntime-web",
      ortVersion: load.ortVersion,
      browser: `chromium ${browser.version()}`,
      backend: { executionProviders: ["wasm"], numThreads: load.numThreads, proxy: false, graphOptimizationLevel: "all" },
      prompts: "real text, ids from the model tokenizer (see e2e/bench/prompt_ids.mjs)",
      check,
      load: {
        modelFetchMs: round(load.fetchMs, 0),
        modelFromCache: load.fromCache,
        modelTransferredBytes: load.transferred,
        modelBytes: load.modelBytes,
        sessionInitMs: round(load.initMs, 0),
        ortWasmFetchMs: load.wasmFetchMs == null ? null : round(load.wasmFetchMs, 0),
      },
      runs,
      decodeTokens,
      median: {
        prefill32Ms: round(median(raw.prefill32Ms)),
        prefill256Ms: round(median(raw.prefill256Ms)),
        prefill32TokensPerS: round((32 / median(raw.prefill32Ms)) * 1000, 1),
        prefill256TokensPerS: round((256 / median(raw.prefill256Ms)) * 1000, 1),
        decodeMsPerToken: round(median(allDecode)),
        decodeTokensPerS: round(1000 / median(allDecode), 1),
      },
      perRun: {
        decodeMeanMsPerToken: raw.decodeMsPerToken.map((r) => round(r.reduce((a, b) => a + b, 0) / r.length)),
      },
      greedy: { afterPrefill32: prefill32Argmax, decodedTokens },
      raw,
    };
  } finally {
    await context.close();
  }
}

async function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

/// Starts tools/serve.py on dist/ and resolves once it listens; returns { url, stop }.
async function startServer(distDir) {
  const port = await freePort();
  const proc = spawn("python3", [join(REPO, "tools", "serve.py"), "--dir", distDir, "--port", String(port)], {
    cwd: REPO,
    env: { ...process.env, SAMPLESCOPE_QUIET: "1" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise((resolve, reject) => {
    proc.once("exit", (code) => reject(new Error(`serve.py exited with ${code}`)));
    proc.stdout.on("data", (d) => {
      if (String(d).includes("serving")) resolve();
    });
  });
  return { url: `http://127.0.0.1:${port}/`, stop: () => proc.kill() };
}

async function main() {
  const { values } = parseArgs({
    options: {
      runs: { type: "string", default: "3" },
      decode: { type: "string", default: "32" },
      dist: { type: "string", default: join(REPO, "dist") },
    },
  });
  prepareOrtPage(values.dist);
  const server = process.env.SAMPLESCOPE_URL ? null : await startServer(values.dist);
  const baseUrl = process.env.SAMPLESCOPE_URL ?? server.url;
  const browser = await launch();
  try {
    const loadBefore = loadavg()[0];
    const result = await benchOrt(browser, baseUrl, { runs: Number(values.runs), decodeTokens: Number(values.decode) });
    // Another process competing for the CPU skews everything; record how busy the machine was.
    result.host = { loadavg1Before: round(loadBefore), loadavg1After: round(loadavg()[0]) };
    const json = JSON.stringify(result, null, 2);
    writeFileSync(join(ARTIFACTS, "ort_bench.json"), json + "\n");
    console.log(json);
  } finally {
    await browser.close();
    server?.stop();
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e) => {
    console.error(`ort_bench: ${e.stack ?? e}`);
    process.exit(1);
  });
}
