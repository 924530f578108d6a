"""Independent f32 reference of SmolLM2-135M-Instruct: the GGUF weights dequantised to f32
and run through a plain numpy Llama forward pass (no ONNX, no tract).

It anchors the figures the Rust tests check ("The capital of France is" -> " Paris") and
measures what a weight format costs in quality: `quality(...)` compares any set of
(possibly re-quantised) weights with this reference by KL divergence over a text.
"""

import numpy as np

from gguf_model import GgufModel


def rms_norm(x, w, eps):
    return x / np.sqrt(np.mean(x * x, axis=-1, keepdims=True) + eps) * w


def rope_tables(positions, head_dim, base):
    inv_freq = 1.0 / (base ** (np.arange(0, head_dim, 2, dtype=np.float32) / head_dim))
    freqs = positions[:, None].astype(np.float32) * inv_freq[None, :]
    emb = np.concatenate([freqs, freqs], axis=-1)
    return np.cos(emb), np.sin(emb)


def rotate_half(x):
    half = x.shape[-1] // 2
    return np.concatenate([-x[..., half:], x[..., :half]], axis=-1)


def dequantized_weights(model: GgufModel) -> dict:
    """Every tensor as f32 [out, in] (or [n] for norms)."""
    out = {}
    for name, t in model.tensors.items():
        out[name] = t if isinstance(t, np.ndarray) else t.dequantize()
    return out


def forward(model: GgufModel, weights: dict, ids: list) -> np.ndarray:
    """Logits [len(ids), vocab] for every position of `ids`."""
    hp = model.hp
    n = len(ids)
    x = weights["token_embd.weight"][np.array(ids)]
    cos, sin = rope_tables(np.arange(n), hp.head_dim, hp.rope_base)
    mask = np.triu(np.full((n, n), -np.inf, dtype=np.float32), k=1)
    group = hp.n_head // hp.n_kv_head
    for layer in range(hp.n_layer):
        w = lambda name: weights[f"blk.{layer}.{name}.weight"]  # noqa: E731
        h = rms_norm(x, w("attn_norm"), hp.rms_eps)
        q = (h @ w("attn_q").T).reshape(n, hp.n_head, hp.head_dim).transpose(1, 0, 2)
        k = (h @ w("attn_k").T).reshape(n, hp.n_kv_head, hp.head_dim).transpose(1, 0, 2)
        v = (h @ w("attn_v").T).reshape(n, hp.n_kv_head, hp.head_dim).transpose(1, 0, 2)
        q = q * cos + rotate_half(q) * sin
        k = k * cos + rotate_half(k) * sin
        k = np.repeat(k, group, axis=0)
        v = np.repeat(v, group, axis=0)
        scores = q @ k.transpose(0, 2, 1) / np.sqrt(hp.head_dim) + mask
        scores = scores - scores.max(axis=-1, keepdims=True)
        p = np.exp(scores)
        p /= p.sum(axis=-1, keepdims=True)
        attn = (p @ v).transpose(1, 0, 2).reshape(n, hp.n_head * hp.head_dim)
        x = x + attn @ w("attn_output").T
        h = rms_norm(x, w("ffn_norm"), hp.rms_eps)
        gate = h @ w("ffn_gate").T
        up = h @ w("ffn_up").T
        x = x + ((gate / (1.0 + np.exp(-gate))) * up) @ w("ffn_down").T
    x = rms_norm(x, weights["output_norm.weight"], hp.rms_eps)
    return x @ weights["token_embd.weight"].T


def softmax(logits):
    z = logits - logits.max(axis=-1, keepdims=True)
    p = np.exp(z.astype(np.float64))
    return p / p.sum(axis=-1, keepdims=True)


def quality(model: GgufModel, reference: dict, candidate: dict, ids: list) -> dict:
    """Mean/max KL(reference || candidate) per position and top-1 agreement over `ids`."""
    p = softmax(forward(model, reference, ids))
    q = softmax(forward(model, candidate, ids))
    kl = np.sum(p * (np.log(p + 1e-30) - np.log(q + 1e-30)), axis=-1)
    return {
        "mean_kl": float(kl.mean()),
        "max_kl": float(kl.max()),
        "top1_agreement": float(np.mean(p.argmax(-1) == q.argmax(-1))),
    }
