// Downloads one gzip-compressed model file with progress, keeps the decompressed bytes in the
// Cache API for the next visit (so a warm start does not gunzip again), and checks their
// SHA-256. Used by the model worker (through wasm-bindgen) and by the onnxruntime-web
// benchmark page.

const CACHE_NAME = "samplescope-model-v2";
/// Earlier layouts of the cache (v1 kept the .gz): removed so they do not hold quota.
const OLD_CACHES = ["samplescope-model-v1"];

function hex(buffer) {
  return Array.from(new Uint8Array(buffer), (b) => b.toString(16).padStart(2, "0")).join("");
}

/// A download that has sent no byte for this long is given up (a server that sent its headers
/// and then nothing would otherwise hold the page at the same percentage for ever).
export const STALL_MS = 20_000;

const megabytes = (n) => (n / 1e6).toFixed(1);

/// "12.3 MB of 89.4 MB (14%)": how far a download got.
function howFar(done, total) {
  const percent = total > 0 ? Math.floor((100 * done) / total) : 0;
  return `${megabytes(done)} MB of ${megabytes(total)} MB (${percent}%)`;
}

async function readWithProgress(url, response, expectedBytes, onProgress, stallMs) {
  const total = Number(response.headers.get("content-length")) || expectedBytes;
  const reader = response.body.getReader();
  const chunks = [];
  let done = 0;
  let lastReport = 0;
  for (;;) {
    let timer;
    const stalled = new Promise((resolve) => {
      timer = setTimeout(() => resolve("stalled"), stallMs);
    });
    let step;
    try {
      step = await Promise.race([reader.read(), stalled]);
    } catch (e) {
      throw new Error(`the download of ${url} broke off after ${howFar(done, total)}: ${e.message}`);
    } finally {
      clearTimeout(timer);
    }
    if (step === "stalled") {
      reader.cancel().catch(() => {});
      throw new Error(
        `the download of ${url} stalled: no data for ${stallMs / 1000} s after ${howFar(done, total)}`,
      );
    }
    const { done: finished, value } = step;
    if (finished) break;
    chunks.push(value);
    done += value.byteLength;
    const now = performance.now();
    if (now - lastReport > 50) {
      lastReport = now;
      onProgress(done, total);
    }
  }
  onProgress(done, total);
  return new Blob(chunks);
}

async function gunzip(blob) {
  const stream = blob.stream().pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

// url: address of the .gz file; sha256: hex digest of the decompressed bytes;
// transferBytes: size of the .gz (used when the server sends no content-length);
// onProgress(doneBytes, totalBytes, fromCache); stallMs: how long a download may send nothing.
// Resolves to { bytes: Uint8Array, fromCache, transferred, verified, notStored }, where
// notStored is null, or why a downloaded copy could not be kept for the next visit. A download resolves
// once its SHA-256 matched; a cached copy (checked when it was stored) resolves at once, and
// `verified` settles when its hash is re-checked: the caller may use the bytes meanwhile
// (WebCrypto hashes off the calling thread) but must await it before trusting any result.
export async function fetchVerified(url, sha256, transferBytes, onProgress, stallMs = STALL_MS) {
  // Plain http from a LAN address is not a secure context: no WebCrypto, no Cache API.
  if (!globalThis.crypto?.subtle) {
    throw new Error(
      "this page is not in a secure context, so the browser offers no WebCrypto to verify the model with: " +
        "serve it over HTTPS, or open it from localhost or 127.0.0.1",
    );
  }
  const absolute = new URL(url, self.location.href).href;
  const key = `${absolute}#${sha256}`;
  let cache = null;
  let notStored = null;
  try {
    cache = await caches.open(CACHE_NAME);
    for (const old of OLD_CACHES) caches.delete(old).catch(() => {});
  } catch (e) {
    cache = null; // no Cache API (opaque origin, private mode): download every time
    notStored = `this page has no Cache API (${e.message})`;
  }
  let bytes = null;
  let fromCache = false;
  if (cache) {
    const hit = await cache.match(key);
    if (hit) {
      bytes = new Uint8Array(await hit.arrayBuffer());
      fromCache = true;
      onProgress(bytes.byteLength, bytes.byteLength, true);
    }
  }
  let transferred = 0;
  if (!bytes) {
    let response;
    try {
      response = await fetch(absolute, { cache: "no-store" });
    } catch (e) {
      throw new Error(`could not download ${url}: ${e.message}`);
    }
    if (!response.ok) {
      throw new Error(`could not download ${url}: HTTP ${response.status} ${response.statusText}`);
    }
    const blob = await readWithProgress(url, response, transferBytes, (d, t) => onProgress(d, t, false), stallMs);
    transferred = blob.size;
    try {
      bytes = await gunzip(blob);
    } catch (e) {
      throw new Error(`${url} is not valid gzip data (${e.message}); the download may be truncated`);
    }
  }
  const verified = (async () => {
    const digest = hex(await crypto.subtle.digest("SHA-256", bytes));
    if (digest !== sha256) {
      if (cache) await cache.delete(key);
      throw new Error(`checksum mismatch for ${url}: expected sha256 ${sha256}, got ${digest}`);
    }
    if (cache && !fromCache) {
      try {
        await cache.put(key, new Response(bytes));
      } catch (e) {
        notStored = `the browser's storage refused it (${e.name}: ${e.message})`;
      }
    }
  })();
  if (!fromCache) {
    // Fresh bytes are checked before anyone parses them; only bytes this function already
    // verified once (the cached copy) are handed out while their check is still running.
    await verified;
  } else {
    // Callers that never await it still must not see an unhandled rejection warning.
    verified.catch(() => {});
  }
  return { bytes, fromCache, transferred, verified, notStored: fromCache ? null : notStored };
}

// Removes every cached model file (the page's "clear cache" button and the cold-start benchmark).
export async function clearModelCache() {
  await Promise.all(OLD_CACHES.map((old) => caches.delete(old)));
  return caches.delete(CACHE_NAME);
}
