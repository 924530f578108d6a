// Puts the onnxruntime-web benchmark page into the built site, so tools/serve.py serves it at
// /bench/ort/ next to /model/ (same origin, same model download path as the real page).

import { copyFileSync, existsSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const HERE = dirname(fileURLToPath(import.meta.url));
const E2E = join(HERE, "..");
const REPO = join(E2E, "..");
const ORT_DIST = join(E2E, "node_modules", "onnxruntime-web", "dist");

// The wasm-only ESM entry point and the runtime it loads from env.wasm.wasmPaths. The package
// builds only a "threaded" wasm; with numThreads = 1 it runs single-threaded without needing
// cross-origin isolation. (The jsep/jspi/asyncify variants are for WebGPU/WebNN.)
const ORT_FILES = ["ort.wasm.min.mjs", "ort-wasm-simd-threaded.mjs", "ort-wasm-simd-threaded.wasm"];
const PAGE_FILES = ["index.html", "ort_bench.js"];

/// Copies the page into `${distDir}/bench/ort/` and returns that directory.
export function prepareOrtPage(distDir = join(REPO, "dist")) {
  if (!existsSync(join(distDir, "model", "manifest.json"))) {
    throw new Error(`${distDir}/model/manifest.json not found: build the site first (./x build)`);
  }
  if (!existsSync(join(ORT_DIST, ORT_FILES[0]))) {
    throw new Error(`onnxruntime-web not installed: run npm install in ${E2E}`);
  }
  const dest = join(distDir, "bench", "ort");
  mkdirSync(join(dest, "ort"), { recursive: true });
  for (const f of ORT_FILES) copyFileSync(join(ORT_DIST, f), join(dest, "ort", f));
  for (const f of PAGE_FILES) copyFileSync(join(HERE, "ort", f), join(dest, f));
  copyFileSync(join(REPO, "www", "fetch_verified.js"), join(dest, "fetch_verified.js"));
  return dest;
}
