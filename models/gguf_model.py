"""Reads SmolLM2-135M-Instruct out of its GGUF file, keeping the quantised blocks as they are.

GGUF stores every 2-D weight row-major as [rows = output features, cols = input features],
quantised along the input axis in blocks of 32:

* Q4_1 block (20 bytes): d: f16, m: f16, qs: 16 bytes. Element j < 16 is the low nibble of
  qs[j], element j + 16 its high nibble. Value = d * q + m.
* Q8_0 block (34 bytes): d: f16, qs: 32 x int8. Value = d * q.

llama.cpp's converter permutes the rows of attn_q / attn_k so that RoPE rotates adjacent
pairs; `unpermute_rows` restores Hugging Face's "rotate half" order. Rows are whole
quantisation units, so this is lossless.
"""

from dataclasses import dataclass

import numpy as np
from gguf import GGUFReader

BLOCK = 32


@dataclass
class Q41:
    """Q4_1 weight [rows, cols]: value[r, b*32 + i] = d[r, b] * q[r, b, i] + m[r, b]."""

    d: np.ndarray  # float16 [rows, blocks]
    m: np.ndarray  # float16 [rows, blocks]
    q: np.ndarray  # uint8   [rows, blocks, 32], values 0..15

    def dequantize(self) -> np.ndarray:
        rows, blocks, _ = self.q.shape
        w = self.q.astype(np.float32) * self.d.astype(np.float32)[..., None] + self.m.astype(
            np.float32
        )[..., None]
        return w.reshape(rows, blocks * BLOCK)

    def take_rows(self, order: np.ndarray) -> "Q41":
        return Q41(self.d[order], self.m[order], self.q[order])


@dataclass
class Q80:
    """Q8_0 weight [rows, cols]: value[r, b*32 + i] = d[r, b] * q[r, b, i]."""

    d: np.ndarray  # float16 [rows, blocks]
    q: np.ndarray  # int8    [rows, blocks, 32]

    def dequantize(self) -> np.ndarray:
        rows, blocks, _ = self.q.shape
        w = self.q.astype(np.float32) * self.d.astype(np.float32)[..., None]
        return w.reshape(rows, blocks * BLOCK)


@dataclass
class Hparams:
    n_layer: int
    d_model: int
    d_ff: int
    n_head: int
    n_kv_head: int
    head_dim: int
    rope_base: float
    rms_eps: float
    vocab: int
    context: int


@dataclass
class GgufModel:
    hp: Hparams
    tensors: dict  # name -> Q41 | Q80 | np.ndarray (f32)
    tokens: list  # str per id (GPT-2 byte-level alphabet)
    token_types: list  # 1 normal, 3 control
    merges: list  # "a b"
    chat_template: str
    special_ids: dict  # bos/eos/unk/pad -> id

    def weight(self, name: str):
        return self.tensors[name]


def _parse_q41(raw: np.ndarray) -> Q41:
    rows = raw.shape[0]
    blocks = raw.reshape(rows, -1, 20)
    d = blocks[..., 0:2].copy().view(np.float16)[..., 0]
    m = blocks[..., 2:4].copy().view(np.float16)[..., 0]
    qs = blocks[..., 4:20]
    q = np.concatenate([qs & 0x0F, qs >> 4], axis=-1)
    return Q41(d, m, q.astype(np.uint8))


def _parse_q80(raw: np.ndarray) -> Q80:
    rows = raw.shape[0]
    blocks = raw.reshape(rows, -1, 34)
    d = blocks[..., 0:2].copy().view(np.float16)[..., 0]
    q = blocks[..., 2:34].copy().view(np.int8)
    return Q80(d, q)


def _strings(field) -> list:
    return [bytes(field.parts[i]).decode("utf-8") for i in field.data]


def unpermute_rows(n_rows: int, n_head: int) -> np.ndarray:
    """Row order that undoes llama.cpp's `permute(w, n_head)` (adjacent pairs -> halves)."""
    head_dim = n_rows // n_head
    idx = np.arange(n_rows).reshape(n_head, head_dim // 2, 2)
    return idx.transpose(0, 2, 1).reshape(-1)


def load(path: str) -> GgufModel:
    reader = GGUFReader(path)
    f = reader.fields

    def scalar(key):
        return f[key].contents()

    hp = Hparams(
        n_layer=int(scalar("llama.block_count")),
        d_model=int(scalar("llama.embedding_length")),
        d_ff=int(scalar("llama.feed_forward_length")),
        n_head=int(scalar("llama.attention.head_count")),
        n_kv_head=int(scalar("llama.attention.head_count_kv")),
        head_dim=int(scalar("llama.rope.dimension_count")),
        rope_base=float(scalar("llama.rope.freq_base")),
        rms_eps=float(scalar("llama.attention.layer_norm_rms_epsilon")),
        vocab=int(scalar("llama.vocab_size")),
        context=int(scalar("llama.context_length")),
    )
    tensors = {}
    for t in reader.tensors:
        kind = t.tensor_type.name
        if kind == "F32":
            tensors[t.name] = np.array(t.data, dtype=np.float32)
        elif kind == "Q4_1":
            tensors[t.name] = _parse_q41(np.array(t.data))
        elif kind == "Q8_0":
            tensors[t.name] = _parse_q80(np.array(t.data))
        else:
            raise ValueError(f"{t.name}: unsupported tensor type {kind}")

    for layer in range(hp.n_layer):
        q = f"blk.{layer}.attn_q.weight"
        k = f"blk.{layer}.attn_k.weight"
        tensors[q] = tensors[q].take_rows(unpermute_rows(hp.n_head * hp.head_dim, hp.n_head))
        tensors[k] = tensors[k].take_rows(
            unpermute_rows(hp.n_kv_head * hp.head_dim, hp.n_kv_head)
        )

    token_type_field = f["tokenizer.ggml.token_type"]
    return GgufModel(
        hp=hp,
        tensors=tensors,
        tokens=_strings(f["tokenizer.ggml.tokens"]),
        token_types=[int(token_type_field.parts[i][0]) for i in token_type_field.data],
        merges=_strings(f["tokenizer.ggml.merges"]),
        chat_template=str(scalar("tokenizer.chat_template")),
        special_ids={
            name: int(scalar(f"tokenizer.ggml.{name}_token_id"))
            for name in ("bos", "eos", "unknown", "padding")
        },
    )
