// wllama (llama.cpp in WebAssembly) on the GGUF that samplescope's converter starts from, for
// e2e/bench/peer_bench.mjs. Everything is served by tools/serve.py from one staging directory:
// ./wllama/index.js and ./wllama/wllama.wasm are node_modules/@wllama/wllama/esm/{index.js,
// wasm/wllama.wasm}, ./model/ holds the GGUF. Nothing comes from another host: compat mode
// (its worker and wasm from a CDN, for browsers without JSPI or Memory64) is switched off.
//
// window.wllamaBench:
//   info()                        crossOriginIsolated, SharedArrayBuffer, hardwareConcurrency
//   load({ threads, nCtx })       loadModelFromUrl (cached in OPFS by wllama after the first visit)
//   distribution(text, n)         the next-token top-n for a prompt (one completion token)
//   prefill(text)                 prompt processing of text (cache_prompt off), llama.cpp's timings
//   decode(text, k)               greedy decode of k tokens after text, per-token timings
// Timings are llama.cpp's own (server-context `timings`: prompt_ms, predicted_ms), measured in the
// wasm worker like samplescope's workerMs; wallMs is the page thread's performance.now().

import { LoggerWithoutDebug, Wllama } from "./wllama/index.js";

const MODEL_URL = new URL("model/SmolLM2-135M-Instruct.Q4_1.gguf", location.href).href;
const status = (s) => (document.querySelector("#status").textContent = s);

let wllama = null;
const log = [];

function info() {
  return {
    crossOriginIsolated: self.crossOriginIsolated,
    sharedArrayBuffer: typeof SharedArrayBuffer !== "undefined",
    hardwareConcurrency: navigator.hardwareConcurrency,
  };
}

async function load({ threads = 1, nCtx = 2048 } = {}) {
  const t0 = performance.now();
  const keep = (level) => (...args) => {
    const line = args.map((a) => (typeof a === "string" ? a : JSON.stringify(a))).join(" ");
    if (log.length < 2000) log.push(`${level}: ${line}`.slice(0, 400));
    if (level === "error") console.error(...args);
  };
  wllama = new Wllama(
    { default: new URL("wllama/wllama.wasm", location.href).href },
    { logger: { ...LoggerWithoutDebug, debug: keep("debug"), log: keep("log"), warn: keep("warn"), error: keep("error") } },
  );
  wllama.setCompat(null);
  let downloaded = 0;
  await wllama.loadModelFromUrl(MODEL_URL, {
    n_ctx: nCtx,
    n_threads: threads,
    n_gpu_layers: 0, // CPU only, like samplescope (headless chromium has no GPU here anyway)
    n_parallel: 1, // one sequence, as samplescope's worker
    progressCallback: ({ loaded }) => (downloaded = loaded),
  });
  const ctx = wllama.getLoadedContextInfo();
  status("loaded");
  return {
    loadMs: performance.now() - t0,
    downloadedBytes: downloaded,
    multithread: wllama.isMultithread(),
    threads: wllama.getNumThreads(),
    libllama: Wllama.getLibllamaVersion?.() ?? null,
    nCtx: ctx.n_ctx,
    nBatch: ctx.n_batch,
    nUbatch: ctx.n_ubatch,
    addBos: ctx.add_bos_token,
    ...info(),
  };
}

/// One raw completion (no chat template), greedy, the prompt processed from scratch.
async function complete(text, extra) {
  const t0 = performance.now();
  const res = await wllama.createCompletion({
    prompt: text,
    temperature: 0,
    cache_prompt: false,
    ...extra,
  });
  return { res, wallMs: performance.now() - t0 };
}

function summary(res, wallMs) {
  const t = res.timings ?? {};
  return {
    wallMs,
    promptTokens: res.usage?.prompt_tokens ?? null,
    promptN: t.prompt_n ?? null,
    cacheN: t.cache_n ?? null,
    promptMs: t.prompt_ms ?? null,
    predictedN: t.predicted_n ?? null,
    predictedMs: t.predicted_ms ?? null,
    text: res.choices?.[0]?.text ?? null,
  };
}

/// The next-token distribution for `text`: the top `n` { id, token, logprob } of the first step.
async function distribution(text, n = 10) {
  const { res, wallMs } = await complete(text, { max_tokens: 1, logprobs: n });
  const lp = res.choices?.[0]?.logprobs;
  // llama-server answers raw completions with { content: [{ id, token, logprob, top_logprobs }] };
  // the OpenAI shape { top_logprobs: [{ token: logprob }] } has no ids.
  let top = [];
  if (lp?.content?.[0]?.top_logprobs) top = lp.content[0].top_logprobs.map(({ id, token, logprob }) => ({ id, token, logprob }));
  else if (lp?.top_logprobs?.[0]) top = Object.entries(lp.top_logprobs[0]).map(([token, logprob]) => ({ id: null, token, logprob }));
  return { ...summary(res, wallMs), top };
}

async function prefill(text) {
  const { res, wallMs } = await complete(text, { max_tokens: 1 });
  return summary(res, wallMs);
}

/// Greedy decode: k + 1 completion tokens, the first sampled from the prompt's logits, then k
/// decode steps of one token each (as samplescope's k forward calls of one token). Per-step
/// times from the streamed chunks' cumulative `timings` (timings_per_token).
async function decode(text, k) {
  const chunks = [];
  const t0 = performance.now();
  await wllama.createCompletion({
    prompt: text,
    temperature: 0,
    cache_prompt: false,
    max_tokens: k + 1,
    ignore_eos: true,
    timings_per_token: true,
    stream: true,
    onData: (c) => chunks.push({ at: performance.now(), t: c.timings ?? null, text: c.choices?.[0]?.text ?? "" }),
  });
  const wallMs = performance.now() - t0;
  const timed = chunks.filter((c) => c.t && c.t.predicted_n > 0);
  const msPerToken = [];
  for (let i = 1; i < timed.length; i++) {
    const dn = timed[i].t.predicted_n - timed[i - 1].t.predicted_n;
    const dms = timed[i].t.predicted_ms - timed[i - 1].t.predicted_ms;
    for (let j = 0; j < dn; j++) msPerToken.push(dms / dn);
  }
  const last = timed.at(-1)?.t ?? {};
  return {
    wallMs,
    msPerToken,
    predictedN: last.predicted_n ?? null,
    predictedMs: last.predicted_ms ?? null,
    promptN: last.prompt_n ?? null,
    promptMs: last.prompt_ms ?? null,
    text: chunks.map((c) => c.text).join(""),
    chunks: chunks.length,
  };
}

window.wllamaBench = { info, load, distribution, prefill, decode, log, exit: () => wllama?.exit() };
status("ready");
