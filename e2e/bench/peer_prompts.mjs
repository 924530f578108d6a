// Prompts for the peer benchmark (peer_bench.mjs) as both token ids (samplescope takes ids) and
// text (wllama 3.x takes text and tokenizes it with llama.cpp): the text is our ids decoded with
// the model's tokenizer.json, and the benchmark checks that it encodes back to the same ids (with
// samplescope's tokenizer, on the page) and to the same count (wllama's usage.prompt_tokens).

import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";

import { CHECK_PROMPT, PROMPT_256, PROMPT_32 } from "./prompt_ids.mjs";

const HERE = dirname(fileURLToPath(import.meta.url));

/// The benchmark paragraph, read from prompt_ids.mjs's comment (PROMPT_256 is its first 256 tokens).
export function paragraph() {
  const lines = readFileSync(join(HERE, "prompt_ids.mjs"), "utf8").split("\n");
  const start = lines.findIndex((l) => l.startsWith("// The river town"));
  const end = lines.findIndex((l, i) => i >= start && l.endsWith("the next week."));
  return lines
    .slice(start, end + 1)
    .map((l) => l.slice(3))
    .join(" ");
}

/// GPT-2's byte-level alphabet: byte -> printable code point, as the ByteLevel decoder reverses it.
function unicodeToByte() {
  const bs = [];
  for (let b = 33; b <= 126; b++) bs.push(b);
  for (let b = 161; b <= 172; b++) bs.push(b);
  for (let b = 174; b <= 255; b++) bs.push(b);
  const cs = [...bs];
  let n = 0;
  for (let b = 0; b < 256; b++) {
    if (!bs.includes(b)) {
      bs.push(b);
      cs.push(256 + n++);
    }
  }
  return new Map(cs.map((c, i) => [String.fromCodePoint(c), bs[i]]));
}

/// The model's tokenizer.json (build/model/, or the gzip copy the page downloads from dist/model/).
export function loadTokenizer({ modelDir, distDir }) {
  const plain = join(modelDir, "tokenizer.json");
  const gz = join(distDir, "model", "tokenizer.json.gz");
  const json = existsSync(plain) ? readFileSync(plain, "utf8") : existsSync(gz) ? gunzipSync(readFileSync(gz)).toString("utf8") : null;
  if (!json) throw new Error(`no tokenizer.json in ${modelDir} nor ${gz}: run python3 models/prepare.py`);
  const t = JSON.parse(json);
  const pieces = [];
  for (const [piece, id] of Object.entries(t.model.vocab)) pieces[id] = piece;
  for (const a of t.added_tokens ?? []) pieces[a.id] = a.content;
  const bytesOf = unicodeToByte();
  return {
    decode(ids) {
      const bytes = [];
      for (const id of ids) for (const ch of pieces[id]) bytes.push(bytesOf.get(ch));
      return Buffer.from(bytes).toString("utf8");
    },
  };
}

/// The fixed prompts: the first-distribution prompt and the 32/256-token ones, as { ids, text }.
export function fixedPrompts(tokenizer) {
  const of = (ids) => ({ ids, text: tokenizer.decode(ids), tokens: ids.length });
  return { first: of(CHECK_PROMPT), p32: of(PROMPT_32), p256: of(PROMPT_256) };
}

/// Longer prompts (512, 2000 … tokens): the paragraph repeated, blank-line separated, encoded by
/// samplescope's own tokenizer on the page (`encode`), cut to n tokens. Throws if a cut's text does
/// not encode back to exactly its ids.
export async function longPrompts(tokenizer, encode, lengths) {
  const para = paragraph();
  const out = {};
  for (const n of lengths) {
    let text = para;
    let ids = await encode(text);
    while (ids.length < n) {
      text += "\n\n" + para;
      ids = await encode(text);
    }
    const cut = ids.slice(0, n);
    const cutText = tokenizer.decode(cut);
    const again = await encode(cutText);
    if (again.join() !== cut.join()) {
      throw new Error(`the ${n}-token prompt's text encodes to ${again.length} other tokens; pick another length`);
    }
    out[`p${n}`] = { ids: cut, text: cutText, tokens: n };
  }
  return out;
}
