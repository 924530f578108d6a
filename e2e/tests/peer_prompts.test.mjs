// The peer benchmark's inputs (no browser, no timing): our prompt ids decode to the texts wllama
// is given, and /proc yields the memory figures it reports.

import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { test } from "node:test";
import { fileURLToPath } from "node:url";

import { fixedPrompts, loadTokenizer, paragraph } from "../bench/peer_prompts.mjs";
import { memoryOf, threadCpuMs } from "../lib/proc_memory.mjs";

const REPO = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const modelDir = join(REPO, "build", "model");
const distDir = join(REPO, "dist");
const haveTokenizer = existsSync(join(modelDir, "tokenizer.json")) || existsSync(join(distDir, "model", "tokenizer.json.gz"));

test("prompt ids decode to the benchmark text", { skip: !haveTokenizer && "no tokenizer.json (python3 models/prepare.py)" }, () => {
  const p = fixedPrompts(loadTokenizer({ modelDir, distDir }));
  assert.equal(p.first.text, "The capital of France is");
  assert.equal(p.p32.tokens, 32);
  assert.ok(p.p32.text.startsWith("The river town woke slowly on market days."));
  assert.ok(paragraph().startsWith(p.p256.text), "PROMPT_256 is the paragraph's beginning");
  assert.ok(paragraph().endsWith("until the next week."));
});

test("/proc gives this process's memory and thread times", () => {
  const m = memoryOf(process.pid);
  assert.ok(m.pssBytes > 0 && m.rssBytes >= m.pssBytes && m.peakRssBytes >= m.rssBytes * 0.5);
  assert.ok(m.threads >= 1);
  assert.ok(Object.keys(threadCpuMs(process.pid)).length >= 1);
});
