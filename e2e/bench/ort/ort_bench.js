// onnxruntime-web side of the engine comparison: loads the same model.onnx the site uses (through
// the same fetchVerified download path) and exposes window.ortBench for e2e/bench/ort_bench.mjs.
// Everything is served from this origin (prepareOrtPage copies the files); nothing comes from a CDN.

import * as ort from "./ort/ort.wasm.min.mjs";
import { fetchVerified } from "./fetch_verified.js";

// Wasm-only, single-threaded, on the main thread: the configuration comparable to one tract worker.
// (The page is not cross-origin isolated, so ORT could not use more threads anyway.)
ort.env.wasm.wasmPaths = new URL("./ort/", import.meta.url).href;
ort.env.wasm.numThreads = 1;
ort.env.wasm.proxy = false;

const MANIFEST_URL = new URL("../../model/manifest.json", import.meta.url);
// SmolLM2-135M: 3 key/value heads of 64 dims. The layer count is read from the session's inputs.
const KV_HEADS = 3;
const HEAD_DIM = 64;

const logEl = document.getElementById("log");
function log(line) {
  logEl.textContent += `\n${line}`;
}

let session = null;
let layers = []; // [{ pastKey, pastValue, presentKey, presentValue }] names per layer
// The cache after the last prefill/decode: { past: {inputName: Tensor}, length, next: token id }.
let state = null;

function argmaxWithProb(logits) {
  let best = 0;
  for (let i = 1; i < logits.length; i++) if (logits[i] > logits[best]) best = i;
  // Softmax probability of the argmax, computed stably relative to the maximum.
  const max = logits[best];
  let sum = 0;
  for (let i = 0; i < logits.length; i++) sum += Math.exp(logits[i] - max);
  return { argmax: best, prob: 1 / sum };
}

function idsTensor(ids) {
  return new ort.Tensor("int64", BigInt64Array.from(ids, (id) => BigInt(id)), [1, ids.length]);
}

function emptyPast() {
  const past = {};
  for (const l of layers) {
    past[l.pastKey] = new ort.Tensor("float32", new Float32Array(0), [1, KV_HEADS, 0, HEAD_DIM]);
    past[l.pastValue] = new ort.Tensor("float32", new Float32Array(0), [1, KV_HEADS, 0, HEAD_DIM]);
  }
  return past;
}

// One session.run; only the run itself is timed (tensor construction is negligible and the same
// work tract's caller does outside its timed call).
async function step(ids, past) {
  const feeds = { input_ids: idsTensor(ids), ...past };
  const t0 = performance.now();
  const out = await session.run(feeds);
  const ms = performance.now() - t0;
  const nextPast = {};
  for (const l of layers) {
    nextPast[l.pastKey] = out[l.presentKey];
    nextPast[l.pastValue] = out[l.presentValue];
  }
  const logits = out.logits.data;
  const { argmax, prob } = argmaxWithProb(logits);
  const length = out[layers[0].presentKey].dims[2];
  state = { past: nextPast, length, next: argmax };
  return { ms, logits, argmax, prob };
}

async function load() {
  const manifest = await (await fetch(MANIFEST_URL, { cache: "no-store" })).json();
  const file = manifest.files["model.onnx"];
  const url = new URL(file.url, MANIFEST_URL).href;

  const t0 = performance.now();
  const { bytes, fromCache, transferred, verified } = await fetchVerified(url, file.sha256, file.transfer_bytes, () => {});
  const fetchMs = performance.now() - t0;
  log(`model: ${bytes.byteLength} bytes in ${fetchMs.toFixed(0)} ms (from cache: ${fromCache})`);

  // The first create() also downloads and compiles ORT's own wasm; wasmFetchMs below isolates the download.
  const t1 = performance.now();
  session = await ort.InferenceSession.create(bytes, {
    executionProviders: ["wasm"],
    graphOptimizationLevel: "all",
  });
  // The checksum is computed alongside session creation, as the tract worker does.
  await verified;
  const initMs = performance.now() - t1;
  log(`session: ${initMs.toFixed(0)} ms`);

  layers = session.inputNames
    .map((n) => n.match(/^past_key_values\.(\d+)\.key$/))
    .filter(Boolean)
    .map((m) => Number(m[1]))
    .sort((a, b) => a - b)
    .map((l) => ({
      pastKey: `past_key_values.${l}.key`,
      pastValue: `past_key_values.${l}.value`,
      presentKey: `present.${l}.key`,
      presentValue: `present.${l}.value`,
    }));
  const wasmEntry = performance.getEntriesByType("resource").find((e) => e.name.endsWith(".wasm"));
  return {
    fetchMs,
    initMs,
    fromCache,
    transferred,
    modelBytes: bytes.byteLength,
    wasmFetchMs: wasmEntry ? wasmEntry.duration : null,
    ortVersion: ort.env.versions?.web ?? null,
    layers: layers.length,
    crossOriginIsolated: self.crossOriginIsolated,
    numThreads: ort.env.wasm.numThreads,
  };
}

// Runs ids with an empty cache (P = 0); keeps the resulting cache for decode().
async function prefill(ids) {
  const r = await step(ids, emptyPast());
  log(`prefill ${ids.length}: ${r.ms.toFixed(1)} ms, argmax ${r.argmax} (p ${r.prob.toFixed(4)})`);
  return { ms: r.ms, tokens: ids.length, first5: Array.from(r.logits.slice(0, 5)), argmax: r.argmax, prob: r.prob };
}

// n greedy steps of one token each, feeding the previous present.* back as past_key_values.*.
async function decode(n) {
  if (!state) throw new Error("decode() needs a prefill() first");
  const msPerToken = [];
  const tokens = [];
  for (let i = 0; i < n; i++) {
    const token = state.next;
    tokens.push(token);
    const r = await step([token], state.past);
    msPerToken.push(r.ms);
  }
  const mean = msPerToken.reduce((a, b) => a + b, 0) / n;
  log(`decode ${n}: ${mean.toFixed(1)} ms/token mean, cache now ${state.length}`);
  return { msPerToken, tokens, next: state.next, cacheLength: state.length };
}

window.ortBench = { load, prefill, decode };
log(`onnxruntime-web ${ort.env.versions?.web ?? "?"} ready`);
