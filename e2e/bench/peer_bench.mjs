// samplescope against a real peer in the same browser: wllama (llama.cpp in WebAssembly, npm
// @wllama/wllama, see e2e/package.json) on the very GGUF that samplescope's converter starts from,
// with one thread and with two threads (cross-origin isolated), interleaved in one run.
//
//   node e2e/bench/peer_bench.mjs [--runs 6] [--decode 32] [--long 512,2000] [--max-prefill-s 240]
//        [--engines samplescope,wllama-1t,wllama-2t] [--dist DIR] [--model-dir DIR] [--gguf FILE]
//
// Each repetition opens every engine in a fresh browser context (empty profile), in an order
// rotated per repetition, and measures: cold start (navigation → first next-token distribution,
// first-visit bytes from the server's access log), renderer memory with the model loaded
// (/proc/<pid>/smaps_rollup Pss and Rss), warm start (reload, model from the Cache API / OPFS),
// prefill of 32, 256 and --long tokens, greedy decode ms/token (KV cache, after the 32-token
// prompt), and the renderer's peak RSS (VmHWM) over the repetition. Engine times are the engines'
// own clocks in their workers: samplescope's workerMs around Model::forward, llama.cpp's
// prompt_ms / predicted_ms (server-context timings). A long prefill is skipped for an engine
// when its 256-token prefill in that repetition, scaled linearly, exceeds --max-prefill-s.
//
// Prints a Markdown table (median, min–max over repetitions, samplescope / wllama ratios) and
// writes artifacts/peer_bench.json with every sample. No figure is asserted anywhere.

import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

import { ARTIFACTS, launch } from "../lib/browser.mjs";
import { browserPss, busyThreads, memoryOf, renderers, threadCpuMs } from "../lib/proc_memory.mjs";
import { fixedPrompts, loadTokenizer, longPrompts } from "./peer_prompts.mjs";
import { CHECK_TOKEN } from "./prompt_ids.mjs";

const HERE = dirname(fileURLToPath(import.meta.url));
const E2E = join(HERE, "..");
const REPO = join(E2E, "..");
const WLLAMA = join(E2E, "node_modules", "@wllama", "wllama");
const GGUF_NAME = "SmolLM2-135M-Instruct.Q4_1.gguf";
const BENCH_SLOT = 500;
const ENGINES = ["samplescope", "wllama-1t", "wllama-2t"];

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length === 0 ? null : s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const round = (x, d = 1) => (x === null || x === undefined ? null : Number(x.toFixed(d)));

async function freePort() {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function startServer(dir, accessLog, isolate) {
  const port = await freePort();
  const args = [join(REPO, "tools", "serve.py"), "--dir", dir, "--port", String(port), "--access-log", accessLog];
  if (isolate) args.push("--isolate");
  const proc = spawn("python3", args, { env: { ...process.env, SAMPLESCOPE_QUIET: "1" }, stdio: ["ignore", "pipe", "inherit"] });
  await new Promise((resolve, reject) => {
    proc.once("exit", (code) => reject(new Error(`serve.py exited with ${code}`)));
    proc.stdout.on("data", (d) => String(d).includes("serving") && resolve());
  });
  writeFileSync(accessLog, "");
  return { url: `http://127.0.0.1:${port}/`, accessLog, stop: () => proc.kill() };
}

function sentBytes(accessLog) {
  const lines = readFileSync(accessLog, "utf8").trim().split("\n").filter(Boolean);
  return lines.map((l) => JSON.parse(l)).reduce((sum, r) => sum + r.bytes, 0);
}

/// The fixture's staging directory: symlinks to the page, to wllama's ESM build and wasm in
/// node_modules, and to the GGUF, so tools/serve.py serves them from one origin with no copies.
function stageWllama(gguf) {
  const dir = mkdtempSync(join(tmpdir(), "samplescope-wllama-"));
  mkdirSync(join(dir, "wllama"));
  mkdirSync(join(dir, "model"));
  symlinkSync(join(HERE, "wllama", "index.html"), join(dir, "index.html"));
  symlinkSync(join(HERE, "wllama", "wllama_bench.js"), join(dir, "wllama_bench.js"));
  symlinkSync(join(WLLAMA, "esm", "index.js"), join(dir, "wllama", "index.js"));
  symlinkSync(join(WLLAMA, "esm", "wasm", "wllama.wasm"), join(dir, "wllama", "wllama.wasm"));
  symlinkSync(gguf, join(dir, "model", GGUF_NAME));
  return dir;
}

/// The page's renderer after its model is loaded: the renderer with the largest Pss (a dedicated
/// worker and its wasm threads run in the page's renderer process in Chromium). Also returns the
/// other renderers' Pss, which shows that no other process grew with the model.
function pageRenderer() {
  const all = renderers();
  if (!all.length) throw new Error("no chromium renderer process found below this node process");
  return { main: all[0], others: all.slice(1).map((m) => ({ pid: m.pid, pssBytes: m.pssBytes })), browserPssBytes: browserPss() };
}

/// Runs fn() and returns its result with the renderer threads that used CPU meanwhile.
async function withThreadUse(pid, fn) {
  const before = threadCpuMs(pid);
  const result = await fn();
  const after = threadCpuMs(pid);
  const busy = Object.keys(after)
    .flatMap((name) => busyThreads(before, after, name, 100).map((t) => ({ name, ...t, ms: Math.round(t.ms) })))
    .sort((a, b) => b.ms - a.ms);
  return { result, busy };
}

function skipLong(n, p256Ms, budgetS) {
  const estimateS = (p256Ms * (n / 256)) / 1000;
  return estimateS > budgetS ? `skipped: 256-token prefill × ${n}/256 = ${estimateS.toFixed(0)} s > --max-prefill-s ${budgetS}` : null;
}

async function firstDistribution(page) {
  await page.waitForSelector('main[data-ready="true"][data-fresh="true"] .bar-row[data-token-id]', { timeout: 300_000 });
}

function watch(context) {
  const problems = [];
  const foreign = [];
  context.on("page", (page) => {
    page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
    page.on("console", (m) => m.type() === "error" && problems.push(`console: ${m.text()}`));
  });
  context.on("request", (r) => {
    const u = new URL(r.url());
    if (/^https?:$/.test(u.protocol) && u.hostname !== "127.0.0.1") foreign.push(r.url());
  });
  return { problems, foreign };
}

async function runSamplescope(browser, server, prompts, opts) {
  const context = await browser.newContext();
  const seen = watch(context);
  try {
    const page = await context.newPage();
    writeFileSync(server.accessLog, "");
    let t = Date.now();
    await page.goto(`${server.url}?bench=1`);
    await firstDistribution(page);
    const coldMs = Date.now() - t;
    const firstVisitBytes = sentBytes(server.accessLog);
    const loaded = pageRenderer();
    if (seen.problems.length) throw new Error(`samplescope page: ${seen.problems.join("; ")}`);
    t = Date.now();
    await page.reload();
    await firstDistribution(page);
    const warmMs = Date.now() - t;
    await page.waitForFunction(() => window.samplescopeBench);
    const afterWarm = pageRenderer().main;
    const pid = afterWarm.pid;

    const forward = (keep, ids) => page.evaluate(([slot, k, t]) => window.samplescopeBench.forward(slot, k, t), [BENCH_SLOT, keep, ids]);
    const first = await forward(0, prompts.first.ids);
    await forward(0, prompts.p32.ids); // warm-up, not counted
    const p32 = await forward(0, prompts.p32.ids);
    const decode = [];
    const greedy = [p32.argmax];
    for (let i = 0; i < opts.decode; i++) {
      const d = await forward(32 + i, [greedy.at(-1)]);
      decode.push(d.workerMs);
      greedy.push(d.argmax);
    }
    const { result: p256, busy } = await withThreadUse(pid, () => forward(0, prompts.p256.ids));
    const prefill = { 32: p32.workerMs, 256: p256.workerMs };
    const skipped = {};
    for (const n of opts.long) {
      if (!prompts[`p${n}`]) continue;
      const why = skipLong(n, p256.workerMs, opts.maxPrefillS);
      if (why) skipped[n] = why;
      else prefill[n] = (await forward(0, prompts[`p${n}`].ids)).workerMs;
    }
    const end = memoryOf(pid);
    if (seen.problems.length) throw new Error(`samplescope page: ${seen.problems.join("; ")}`);
    return {
      coldMs,
      warmMs,
      firstVisitBytes,
      loaded: { pid: loaded.main.pid, pssBytes: loaded.main.pssBytes, rssBytes: loaded.main.rssBytes, threads: loaded.main.threads },
      warmLoaded: { pid: afterWarm.pid, pssBytes: afterWarm.pssBytes, rssBytes: afterWarm.rssBytes },
      otherRenderers: loaded.others,
      browserPssBytes: loaded.browserPssBytes,
      samePidAfterReload: pid === loaded.main.pid,
      peakRssBytes: end.peakRssBytes,
      prefillMs: prefill,
      skipped,
      decodeMsPerToken: decode,
      firstArgmax: first.argmax,
      greedyText: opts.tokenizer.decode(greedy),
      busyThreadsPrefill256: busy,
      foreignRequests: seen.foreign,
    };
  } finally {
    await context.close();
  }
}

async function runWllama(browser, server, prompts, opts, threads) {
  const context = await browser.newContext();
  const seen = watch(context);
  const start = async (page) => {
    await page.waitForFunction(() => window.wllamaBench);
    const load = await page.evaluate((n) => window.wllamaBench.load({ threads: n, nCtx: 2048 }), threads);
    const first = await page.evaluate((text) => window.wllamaBench.distribution(text, 10), prompts.first.text);
    return { load, first };
  };
  try {
    const page = await context.newPage();
    writeFileSync(server.accessLog, "");
    let t = Date.now();
    await page.goto(server.url);
    const cold = await start(page);
    const coldMs = Date.now() - t;
    const firstVisitBytes = sentBytes(server.accessLog);
    const loaded = pageRenderer();
    if (seen.problems.length) throw new Error(`wllama page: ${seen.problems.join("; ")}`);
    if (threads > 1 && !(cold.load.crossOriginIsolated && cold.load.multithread)) {
      throw new Error(`wllama ${threads} threads: page not cross-origin isolated or not multithreaded: ${JSON.stringify(cold.load)}`);
    }
    t = Date.now();
    await page.reload();
    const warm = await start(page);
    const warmMs = Date.now() - t;
    const afterWarm = pageRenderer().main;
    const pid = afterWarm.pid;

    const counts = { first: cold.first.promptTokens };
    const prefillOf = async (key) => {
      const r = await page.evaluate((text) => window.wllamaBench.prefill(text), prompts[key].text);
      counts[key] = r.promptTokens;
      if (r.cacheN) throw new Error(`wllama reused ${r.cacheN} cached prompt tokens for ${key} (cache_prompt is off)`);
      return r;
    };
    await prefillOf("p32"); // warm-up, not counted
    const dec = await page.evaluate(([text, k]) => window.wllamaBench.decode(text, k), [prompts.p32.text, opts.decode]);
    const { result: p256, busy } = await withThreadUse(pid, () => prefillOf("p256"));
    const prefill = { 32: dec.promptMs, 256: p256.promptMs };
    const skipped = {};
    for (const n of opts.long) {
      if (!prompts[`p${n}`]) continue;
      const why = skipLong(n, p256.promptMs, opts.maxPrefillS);
      if (why) skipped[n] = why;
      else prefill[n] = (await prefillOf(`p${n}`)).promptMs;
    }
    const end = memoryOf(pid);
    for (const [key, n] of Object.entries(counts)) {
      if (n !== prompts[key].tokens) {
        throw new Error(`wllama counts ${n} prompt tokens for ${key}, samplescope ${prompts[key].tokens}: the prompts differ`);
      }
    }
    if (dec.promptN !== 32) throw new Error(`wllama decode prompt: ${dec.promptN} tokens, not 32`);
    if (seen.foreign.length) throw new Error(`wllama page asked other hosts: ${seen.foreign.join(", ")}`);
    if (seen.problems.length) throw new Error(`wllama page: ${seen.problems.join("; ")}`);
    return {
      coldMs,
      warmMs,
      firstVisitBytes,
      loaded: { pid: loaded.main.pid, pssBytes: loaded.main.pssBytes, rssBytes: loaded.main.rssBytes, threads: loaded.main.threads },
      warmLoaded: { pid: afterWarm.pid, pssBytes: afterWarm.pssBytes, rssBytes: afterWarm.rssBytes },
      otherRenderers: loaded.others,
      browserPssBytes: loaded.browserPssBytes,
      samePidAfterReload: pid === loaded.main.pid,
      peakRssBytes: end.peakRssBytes,
      prefillMs: prefill,
      skipped,
      decodeMsPerToken: dec.msPerToken,
      decodeSteps: dec.msPerToken.length,
      loadMs: { cold: cold.load.loadMs, warm: warm.load.loadMs },
      firstDistributionMs: { cold: cold.first.promptMs, warm: warm.first.promptMs },
      firstTop: cold.first.top.slice(0, 3),
      firstArgmax: cold.first.top[0]?.id ?? null,
      greedyText: dec.text,
      promptTokens: counts,
      runtime: {
        crossOriginIsolated: cold.load.crossOriginIsolated,
        multithread: cold.load.multithread,
        threads: cold.load.threads,
        hardwareConcurrency: cold.load.hardwareConcurrency,
        libllama: cold.load.libllama,
        nCtx: cold.load.nCtx,
        nBatch: cold.load.nBatch,
        nUbatch: cold.load.nUbatch,
      },
      busyThreadsPrefill256: busy,
      foreignRequests: seen.foreign,
    };
  } finally {
    await context.close();
  }
}

/// median, min, max and count of one metric over the repetitions.
function stat(values) {
  const xs = values.filter((x) => x !== null && x !== undefined && !Number.isNaN(x));
  return xs.length ? { median: median(xs), min: Math.min(...xs), max: Math.max(...xs), n: xs.length } : null;
}

function summarize(reps) {
  const of = (f) => stat(reps.map(f));
  const lengths = [...new Set(reps.flatMap((r) => Object.keys(r.prefillMs)))].map(Number).sort((a, b) => a - b);
  return {
    decodeMsPerToken: of((r) => median(r.decodeMsPerToken)),
    ...Object.fromEntries(lengths.map((n) => [`prefill${n}Ms`, of((r) => r.prefillMs[n])])),
    coldStartMs: of((r) => r.coldMs),
    warmStartMs: of((r) => r.warmMs),
    rendererPssBytes: of((r) => r.loaded.pssBytes),
    rendererRssBytes: of((r) => r.loaded.rssBytes),
    rendererPssWarmBytes: of((r) => r.warmLoaded.pssBytes),
    peakRssBytes: of((r) => r.peakRssBytes),
    firstVisitBytes: of((r) => r.firstVisitBytes),
  };
}

const LABELS = {
  decodeMsPerToken: ["decode, per token (greedy, KV cache, after 32 tokens)", "ms"],
  prefill32Ms: ["prefill 32 tokens", "ms"],
  prefill256Ms: ["prefill 256 tokens", "ms"],
  prefill512Ms: ["prefill 512 tokens", "ms"],
  prefill2000Ms: ["prefill 2000 tokens", "ms"],
  coldStartMs: ["cold start (empty profile) → first distribution", "s"],
  warmStartMs: ["warm start (model cached) → first distribution", "s"],
  rendererPssBytes: ["renderer PSS, model loaded (after the cold start)", "MB"],
  rendererRssBytes: ["renderer RSS, model loaded (after the cold start)", "MB"],
  rendererPssWarmBytes: ["renderer PSS, model loaded (after the warm start)", "MB"],
  peakRssBytes: ["renderer peak RSS (VmHWM) over the repetition", "MB"],
  firstVisitBytes: ["first-visit transfer", "MB"],
};

function fmt(s, unit) {
  if (!s) return "—";
  const v = (x) => (unit === "s" ? (x / 1000).toFixed(2) : unit === "MB" ? (x / 1e6).toFixed(1) : x >= 100 ? x.toFixed(0) : x.toFixed(2));
  const range = s.n > 1 ? ` (${v(s.min)}–${v(s.max)})` : "";
  return `${v(s.median)}${range} ${unit}`;
}

async function main() {
  const { values } = parseArgs({
    options: {
      runs: { type: "string", default: "3" },
      decode: { type: "string", default: "32" },
      long: { type: "string", default: "512,2000" },
      "max-prefill-s": { type: "string", default: "240" },
      engines: { type: "string", default: ENGINES.join(",") },
      dist: { type: "string", default: join(REPO, "dist") },
      "model-dir": { type: "string", default: join(REPO, "build", "model") },
      gguf: { type: "string" },
    },
  });
  const engines = values.engines.split(",").filter(Boolean);
  for (const e of engines) if (!ENGINES.includes(e)) throw new Error(`unknown engine ${e}; one of ${ENGINES}`);
  const distDir = values.dist;
  const gguf = values.gguf ?? join(values["model-dir"], GGUF_NAME);
  const wllamaVersion = JSON.parse(readFileSync(join(WLLAMA, "package.json"), "utf8")).version;
  if (engines.includes("samplescope") && !existsSync(join(distDir, "index.html"))) {
    throw new Error(`${distDir}/index.html not found: build the site first (./x build) or pass --dist`);
  }
  if (engines.some((e) => e.startsWith("wllama")) && !existsSync(gguf)) {
    throw new Error(`${gguf} not found: run python3 models/prepare.py (or pass --model-dir / --gguf)`);
  }
  const runs = Number(values.runs);
  const opts = {
    decode: Number(values.decode),
    long: values.long === "none" ? [] : values.long.split(",").map(Number),
    maxPrefillS: Number(values["max-prefill-s"]),
    tokenizer: loadTokenizer({ modelDir: values["model-dir"], distDir }),
  };
  const prompts = fixedPrompts(opts.tokenizer);
  const stage = stageWllama(gguf);
  const logs = join(tmpdir(), `samplescope-peer-${process.pid}`);
  mkdirSync(logs, { recursive: true });
  const servers = {};
  const haveDist = existsSync(join(distDir, "index.html"));
  if (haveDist) servers.samplescope = await startServer(distDir, join(logs, "dist.jsonl"), false);
  if (engines.includes("wllama-1t")) servers["wllama-1t"] = await startServer(stage, join(logs, "wllama.jsonl"), false);
  if (engines.includes("wllama-2t")) servers["wllama-2t"] = await startServer(stage, join(logs, "wllama-isolated.jsonl"), true);
  const browser = await launch();
  const load = { before: loadavg()[0] };
  const reps = Object.fromEntries(engines.map((e) => [e, []]));
  try {
    // Our ids for the longer prompts come from samplescope's own tokenizer (the page's encode),
    // and every prompt's text must encode back to exactly our ids.
    if (haveDist) {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.goto(`${servers.samplescope.url}?bench=1`);
      await firstDistribution(page);
      await page.waitForFunction(() => window.samplescopeBench);
      const encode = (text) => page.evaluate((t) => window.samplescopeBench.encode(t), text);
      for (const [key, p] of Object.entries(prompts)) {
        const again = await encode(p.text);
        if (again.join() !== p.ids.join()) throw new Error(`prompt ${key}: its text encodes to other ids (${again.length} tokens)`);
      }
      Object.assign(prompts, await longPrompts(opts.tokenizer, encode, opts.long));
      await context.close();
    } else if (opts.long.length) {
      console.error(`peer_bench: no ${distDir}/index.html, so no ${opts.long.join("/")}-token prompts (their ids come from the page's tokenizer)`);
    }

    for (let r = 0; r < runs; r++) {
      const order = engines.map((_, i) => engines[(i + r) % engines.length]);
      for (const engine of order) {
        const t0 = Date.now();
        const rep =
          engine === "samplescope"
            ? await runSamplescope(browser, servers.samplescope, prompts, opts)
            : await runWllama(browser, servers[engine], prompts, opts, engine === "wllama-2t" ? 2 : 1);
        reps[engine].push(rep);
        console.error(`peer_bench: run ${r + 1}/${runs} ${engine}: ${((Date.now() - t0) / 1000).toFixed(0)} s, decode ${median(rep.decodeMsPerToken)?.toFixed(1)} ms/token`);
      }
    }

    const summary = Object.fromEntries(engines.map((e) => [e, summarize(reps[e])]));
    const ratios = {};
    if (summary.samplescope) {
      for (const peer of engines.filter((e) => e !== "samplescope")) {
        ratios[`samplescope/${peer}`] = Object.fromEntries(
          Object.keys(summary.samplescope)
            .filter((k) => summary.samplescope[k] && summary[peer][k])
            .map((k) => [k, round(summary.samplescope[k].median / summary[peer][k].median, 3)]),
        );
      }
    }
    const command = `node e2e/bench/peer_bench.mjs ${process.argv.slice(2).join(" ")}`.trim();
    const w = reps["wllama-1t"]?.[0] ?? reps["wllama-2t"]?.[0];
    const result = {
      command,
      browser: `chromium ${browser.version()}`,
      wllama: { version: wllamaVersion, libllama: w?.runtime.libllama ?? null },
      gguf,
      runs,
      decodeTokens: opts.decode,
      prompts: Object.fromEntries(Object.entries(prompts).map(([k, p]) => [k, { tokens: p.tokens, text: p.text.length > 80 ? p.text.slice(0, 77) + "..." : p.text }])),
      checks: {
        firstArgmax: Object.fromEntries(engines.map((e) => [e, reps[e].map((r) => r.firstArgmax)])),
        expectedFirstArgmax: CHECK_TOKEN,
        wllamaPromptTokens: Object.fromEntries(engines.filter((e) => e !== "samplescope").map((e) => [e, reps[e][0]?.promptTokens])),
        greedy: Object.fromEntries(engines.map((e) => [e, reps[e][0]?.greedyText])),
        wllamaRuntime: Object.fromEntries(engines.filter((e) => e !== "samplescope").map((e) => [e, reps[e][0]?.runtime])),
        busyThreadsPrefill256: Object.fromEntries(engines.map((e) => [e, reps[e][0]?.busyThreadsPrefill256])),
      },
      summary,
      ratios,
      raw: reps,
      host: { loadavg1Before: round(load.before, 2), loadavg1After: round(loadavg()[0], 2) },
    };
    writeFileSync(join(ARTIFACTS, "peer_bench.json"), JSON.stringify(result, null, 2) + "\n");

    const name = { samplescope: "samplescope", "wllama-1t": `wllama ${wllamaVersion}, 1 thread`, "wllama-2t": `wllama ${wllamaVersion}, 2 threads (isolated)` };
    const peers = engines.filter((e) => e !== "samplescope");
    const head = [`measure (${result.browser}; median, min–max of ${runs})`, ...engines.map((e) => name[e])];
    if (summary.samplescope) head.push(...peers.map((p) => `samplescope / ${name[p].replace(`wllama ${wllamaVersion}, `, "wllama ")}`));
    console.log(`\`${command}\` (wllama on ${gguf.split("/").at(-1)})\n`);
    console.log(`| ${head.join(" | ")} |\n|${head.map(() => "---").join("|")}|`);
    const keys = [...new Set(engines.flatMap((e) => Object.keys(summary[e])))].sort((a, b) => Object.keys(LABELS).indexOf(a) - Object.keys(LABELS).indexOf(b));
    for (const k of keys) {
      const [label, unit] = LABELS[k] ?? [k, ""];
      const cells = engines.map((e) => fmt(summary[e][k], unit));
      if (summary.samplescope) cells.push(...peers.map((p) => (ratios[`samplescope/${p}`][k] ?? "—").toString()));
      console.log(`| ${label} | ${cells.join(" | ")} |`);
    }
    const skips = engines.flatMap((e) => reps[e].flatMap((r, i) => Object.entries(r.skipped).map(([n, why]) => `${e} run ${i + 1}, ${n} tokens: ${why}`)));
    if (skips.length) console.log(`\n${skips.join("\n")}`);
  } finally {
    await browser.close();
    for (const s of Object.values(servers)) s.stop();
    rmSync(stage, { recursive: true, force: true });
    rmSync(logs, { recursive: true, force: true });
  }
}

main().catch((e) => {
  console.error(`peer_bench: ${e.stack ?? e}`);
  process.exit(1);
});
