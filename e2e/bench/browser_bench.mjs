// samplescope's browser benchmark: the built page (tract in a Web Worker) in Debian's chromium,
// and the same ONNX model in onnxruntime-web, in one run.
//
//   node e2e/bench/browser_bench.mjs [--runs 5] [--decode 32] [--no-ort] [--model NAME]
//
// --model NAME times another converted format (build/model/NAME.manifest.json, made by
// `python3 models/prepare.py --name NAME …`), copied into dist/model/ for the run.
//
// Starts tools/serve.py on dist/ with an access log (to count first-visit bytes), then reports
// medians of: first-visit bytes, cold and warm start to the first distribution, prefill of 32
// and 256 tokens, decode ms/token with the KV cache, the sampling pipeline alone and slider →
// redrawn chart (p50/p95), wasm sizes, wasm memory, in-wasm copy bandwidth and the bandwidth
// bound of decoding, and the tract / onnxruntime-web ratios. Writes artifacts/browser_bench.json and prints a Markdown table.

import { spawn } from "node:child_process";
import { copyFileSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { gzipSync } from "node:zlib";

import { ARTIFACTS, launch } from "../lib/browser.mjs";
import { benchOrt } from "./ort_bench.mjs";
import { prepareOrtPage } from "./ort_setup.mjs";
import { PROMPT_256, PROMPT_32 } from "./prompt_ids.mjs";

const REPO = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const DIST = join(REPO, "dist");
const BENCH_SLOT = 500;

/// Bytes of weights the decode step streams per token (see BENCHMARKS.md), as src/model/q4.rs
/// reads them: every layer weight as its ONNX nibbles (16 B per 32) with an f32 scale (4 B per
/// 32), plus the layers' f32 per-block Q4_1 offsets (4 B per 32); the tied lm_head as one Q8
/// matrix (the two 4-bit planes joined at load: 32 B + an f32 scale per 32).
const LAYER_PARAMS = 30 * (960 * 576 + 576 * 576 + 3072 * 576 + 576 * 1536);
const VOCAB = 49152;
const WEIGHT_BYTES_PER_TOKEN = (LAYER_PARAMS * (16 + 4 + 4)) / 32 + (VOCAB * 576 * (32 + 4)) / 32;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
const round = (x, d = 1) => Number(x.toFixed(d));

async function freePort() {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function startServer(accessLog) {
  const port = await freePort();
  const proc = spawn("python3", [join(REPO, "tools", "serve.py"), "--dir", DIST, "--port", String(port), "--access-log", accessLog], {
    env: { ...process.env, SAMPLESCOPE_QUIET: "1" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  await new Promise((resolve, reject) => {
    proc.once("exit", (code) => reject(new Error(`serve.py exited with ${code}`)));
    proc.stdout.on("data", (d) => String(d).includes("serving") && resolve());
  });
  return { url: `http://127.0.0.1:${port}/`, stop: () => proc.kill() };
}

function sentBytes(accessLog) {
  const lines = readFileSync(accessLog, "utf8").trim().split("\n").filter(Boolean);
  return lines.map((l) => JSON.parse(l)).reduce((sum, r) => sum + r.bytes, 0);
}

async function firstDistribution(page) {
  await page.waitForSelector('main[data-ready="true"][data-fresh="true"] .bar-row[data-token-id]', { timeout: 300_000 });
}

/// Cold start (empty profile) then warm starts (model in the Cache API), each to the first chart.
async function startTimes(browser, url, accessLog, runs, query) {
  const cold = [];
  const warm = [];
  const warmFetch = [];
  const warmInit = [];
  let firstVisitBytes = null;
  for (let r = 0; r < runs; r++) {
    const context = await browser.newContext();
    writeFileSync(accessLog, "");
    const page = await context.newPage();
    let t = Date.now();
    await page.goto(url + query);
    await firstDistribution(page);
    cold.push(Date.now() - t);
    if (firstVisitBytes === null) firstVisitBytes = sentBytes(accessLog);
    t = Date.now();
    await page.reload();
    await firstDistribution(page);
    warm.push(Date.now() - t);
    // The worker's own split of the warm start: Cache API read + gunzip + SHA-256, then tract.
    const ready = await page.textContent(".load.ready");
    const split = /in ([\d.]+) s, initialised in ([\d.]+) s/.exec(ready ?? "");
    if (split) {
      warmFetch.push(Number(split[1]) * 1000);
      warmInit.push(Number(split[2]) * 1000);
    }
    await context.close();
  }
  return { cold, warm, warmFetch, warmInit, firstVisitBytes };
}

async function modelTimes(page, runs, decodeTokens) {
  const prefill32 = [];
  const prefill256 = [];
  const decode = [];
  for (let r = 0; r <= runs; r++) {
    const p32 = await page.evaluate(([slot, ids]) => window.samplescopeBench.forward(slot, 0, ids), [BENCH_SLOT, PROMPT_32]);
    let next = p32.argmax;
    const steps = [];
    for (let i = 0; i < decodeTokens; i++) {
      const d = await page.evaluate(([slot, keep, t]) => window.samplescopeBench.forward(slot, keep, [t]), [BENCH_SLOT, 32 + i, next]);
      steps.push(d.workerMs);
      next = d.argmax;
    }
    const p256 = await page.evaluate(([slot, ids]) => window.samplescopeBench.forward(slot, 0, ids), [BENCH_SLOT, PROMPT_256]);
    if (r === 0) continue; // warm-up
    prefill32.push(p32.workerMs);
    prefill256.push(p256.workerMs);
    decode.push(...steps);
  }
  return { prefill32, prefill256, decode };
}

/// Time from a slider's input event to the chart's DOM being updated and laid out.
/// Moves the slider `#id` through 30 values between 15% and 87.5% of its range (temperature:
/// 0.30 to 1.75) and times each move until the chart's printed probabilities change.
export async function sliderTimes(page, samples, id = "temperature") {
  return page.evaluate(async ([n, id]) => {
    const slider = document.querySelector(`#${id}`);
    const [min, max] = [Number(slider.min), Number(slider.max)];
    // The top bar is always full width; the printed probabilities change with every value.
    const firstBar = () => [...document.querySelectorAll(".chart .bar-row[data-token-id] .prob")].map((p) => p.textContent).join();
    const times = [];
    for (let i = 0; i < n; i++) {
      const before = firstBar();
      const value = (min + (max - min) * (0.15 + ((i * 7) % 30) * 0.025)).toFixed(2);
      if (slider.value === value) continue;
      const t0 = performance.now();
      slider.value = value;
      slider.dispatchEvent(new Event("input", { bubbles: true }));
      // Yield to the event loop (a MessageChannel hop is not clamped like setTimeout) until
      // leptos has applied the update.
      const hop = () => new Promise((r) => { const c = new MessageChannel(); c.port1.onmessage = () => r(); c.port2.postMessage(0); });
      while (firstBar() === before && performance.now() - t0 < 2000) await hop();
      void document.body.offsetHeight; // force style + layout
      times.push(performance.now() - t0);
      await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    }
    return times;
  }, [samples, id]);
}

function wasmSizes() {
  return readdirSync(DIST)
    .filter((f) => f.endsWith(".wasm"))
    .map((f) => {
      const raw = readFileSync(join(DIST, f));
      return { file: f, bytes: raw.length, gzipBytes: gzipSync(raw, { level: 9 }).length };
    });
}

async function main() {
  const { values } = parseArgs({
    options: {
      runs: { type: "string", default: "5" },
      decode: { type: "string", default: "32" },
      "no-ort": { type: "boolean", default: false },
      model: { type: "string" },
    },
  });
  const query = values.model ? `?model=${values.model}` : "";
  if (values.model) {
    const manifest = JSON.parse(readFileSync(join(REPO, "build", "model", `${values.model}.manifest.json`), "utf8"));
    copyFileSync(join(REPO, "build", "model", `${values.model}.manifest.json`), join(DIST, "model", `${values.model}.manifest.json`));
    const file = manifest.files["model.onnx"].url;
    copyFileSync(join(REPO, "build", "model", file), join(DIST, "model", file));
  }
  const runs = Number(values.runs);
  const decodeTokens = Number(values.decode);
  const accessLog = join(tmpdir(), `samplescope-access-${process.pid}.jsonl`);
  prepareOrtPage(DIST);
  const server = await startServer(accessLog);
  const browser = await launch();
  const load = { before: loadavg()[0] };
  try {
    const starts = await startTimes(browser, server.url, accessLog, Math.min(runs, 3), query);
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${server.url}?bench=1${query.replace("?", "&")}`);
    await firstDistribution(page);
    await page.waitForFunction(() => window.samplescopeBench);
    const model = await modelTimes(page, runs, decodeTokens);
    const slider = await sliderTimes(page, 200);
    // The sampling pipeline alone (HF order, T 0.8, top-k 40, top-p 0.95), as the native bench.
    const pipeline = (await page.evaluate(() => window.samplescopeBench.pipeline(120))).slice(20);
    const copyBytesPerS = await page.evaluate(() => window.samplescopeBench.measure("copy", 64 << 20, 8));
    const workerMemory = await page.evaluate(() => window.samplescopeBench.measure("memory", 0, 0));
    const pageMemory = await page.evaluate(() => window.samplescopeBench.pageMemoryBytes());
    await context.close();
    const ort = values["no-ort"] || values.model ? null : await benchOrt(browser, server.url, { runs: Math.min(runs, 3), decodeTokens });

    const decodeMs = median(model.decode);
    // The weight-bytes formula describes the default format only; other formats report bandwidth alone.
    const boundMs = values.model ? null : (WEIGHT_BYTES_PER_TOKEN / copyBytesPerS) * 1000;
    const result = {
      browser: `chromium ${browser.version()}`,
      model: values.model ?? "model",
      runs,
      firstVisitBytes: starts.firstVisitBytes,
      coldStartMs: median(starts.cold),
      warmStartMs: median(starts.warm),
      warmStartSplitMs: starts.warmInit.length ? { cacheReadVerify: median(starts.warmFetch), tractInit: median(starts.warmInit) } : null,
      prefill32Ms: round(median(model.prefill32)),
      prefill256Ms: round(median(model.prefill256)),
      decodeMsPerToken: round(decodeMs, 2),
      pipelineMs: { p50: round(quantile(pipeline, 0.5), 2), p95: round(quantile(pipeline, 0.95), 2), samples: pipeline.length },
      sliderRedrawMs: { p50: round(quantile(slider, 0.5), 2), p95: round(quantile(slider, 0.95), 2), samples: slider.length },
      wasm: wasmSizes(),
      memory: { workerWasmBytes: workerMemory, pageWasmBytes: pageMemory },
      bandwidth: {
        copyGBps: round(copyBytesPerS / 1e9, 2),
        weightBytesPerToken: boundMs && WEIGHT_BYTES_PER_TOKEN,
        boundMsPerToken: boundMs && round(boundMs, 2),
        decodeOverBound: boundMs && round(decodeMs / boundMs, 2),
      },
      ort: ort && {
        version: ort.ortVersion,
        prefill32Ms: ort.median.prefill32Ms,
        prefill256Ms: ort.median.prefill256Ms,
        decodeMsPerToken: ort.median.decodeMsPerToken,
        initMs: ort.load.sessionInitMs,
      },
      ratios: ort && {
        prefill32: round(median(model.prefill32) / ort.median.prefill32Ms, 3),
        prefill256: round(median(model.prefill256) / ort.median.prefill256Ms, 3),
        decode: round(decodeMs / ort.median.decodeMsPerToken, 3),
      },
      raw: { ...model, slider, cold: starts.cold, warm: starts.warm },
      host: { loadavg1Before: round(load.before, 2), loadavg1After: round(loadavg()[0], 2) },
    };
    writeFileSync(join(ARTIFACTS, `browser_bench${values.model ? "-" + values.model : ""}.json`), JSON.stringify(result, null, 2) + "\n");
    const mb = (b) => `${(b / 1e6).toFixed(1)} MB`;
    const rows = [
      ["first-visit transfer", mb(result.firstVisitBytes)],
      ["cold start → first distribution", `${(result.coldStartMs / 1000).toFixed(2)} s`],
      [
        "warm start (model from Cache API) → first distribution",
        `${(result.warmStartMs / 1000).toFixed(2)} s` +
          (result.warmStartSplitMs
            ? ` (worker: cache read + gunzip + SHA-256 ${(result.warmStartSplitMs.cacheReadVerify / 1000).toFixed(1)} s, tract init ${(result.warmStartSplitMs.tractInit / 1000).toFixed(1)} s)`
            : ""),
      ],
      ["prefill 32 tokens", `${result.prefill32Ms} ms`],
      ["prefill 256 tokens", `${result.prefill256Ms} ms`],
      ["decode, per token (KV cache)", `${result.decodeMsPerToken} ms`],
      ["sampling pipeline alone (HF order, T 0.8, top-k 40, top-p 0.95), p50 / p95", `${result.pipelineMs.p50} / ${result.pipelineMs.p95} ms`],
      ["slider → chart updated + laid out, p50 / p95", `${result.sliderRedrawMs.p50} / ${result.sliderRedrawMs.p95} ms`],
      ...result.wasm.map((w) => [`${w.file}`, `${mb(w.bytes)} raw, ${mb(w.gzipBytes)} gzip`]),
      ["wasm memory: worker / page", `${mb(workerMemory)} / ${mb(pageMemory)}`],
      ["in-wasm copy bandwidth", `${result.bandwidth.copyGBps} GB/s`],
    ];
    if (boundMs) {
      rows.push(["decode bandwidth bound (weights / copy bandwidth)", `${result.bandwidth.boundMsPerToken} ms → decode is ${result.bandwidth.decodeOverBound}× the bound`]);
    }
    if (ort) {
      rows.push(
        [`onnxruntime-web ${ort.ortVersion}: prefill 32 / 256`, `${ort.median.prefill32Ms} / ${ort.median.prefill256Ms} ms`],
        [`onnxruntime-web: decode per token`, `${ort.median.decodeMsPerToken} ms`],
        ["tract / onnxruntime-web: prefill 32, prefill 256, decode", `${result.ratios.prefill32}, ${result.ratios.prefill256}, ${result.ratios.decode}`],
      );
    }
    console.log(`| measure (${result.browser}, medians) | value |\n|---|---|`);
    for (const [k, v] of rows) console.log(`| ${k} | ${v} |`);
  } finally {
    await browser.close();
    server.stop();
    rmSync(accessLog, { force: true });
  }
}

// Run as a script (slider_metrics.mjs imports sliderTimes from here without running it).
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((e) => {
    console.error(`browser_bench: ${e.stack ?? e}`);
    process.exit(1);
  });
}
