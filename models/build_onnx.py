"""Writes SmolLM2-135M-Instruct as an ONNX graph with explicit key/value-cache inputs.

Interface (the names ONNX Runtime GenAI uses):
  input_ids                   int64 [1, S]
  past_key_values.{l}.key     f32   [1, 3, P, 64]   (and .value), P may be 0
  logits                      f32   [1, 49152]      next-token logits after the last input
  present.{l}.key             f32   [1, 3, P + S, 64] (and .value)

Positions are P .. P+S-1, so decoding is incremental: feed the prompt once, then one token at
a time with the previous `present` as `past`.

Weight formats (chosen by measurement, see README.md):
  q4_1  Exact GGUF Q4_1 for the 30 layers: `MatMulNBits` (4-bit, block 32, zero point 8,
        scale d) plus the per-block constant (8d + m) times the block sums of the input:
        d*q + m == d*(q - 8) + (8d + m). The bytes are the GGUF's: nibbles, f16 d, f16 m.
  embedding q8  Exact GGUF Q8_0 tied embedding / lm_head: each int8 q = 16*hi + lo is split
        into two 4-bit planes, (hi + 8) with scale 16d and zero point 8, and lo with scale d
        and zero point 0, so both lookup (`GatherBlockQuantized`) and lm_head (`MatMulNBits`)
        stay 4-bit kernels yet reproduce d*q exactly.
  embedding q4_1  The tied table re-quantised to Q4_1 (min/max per block), 4.6 bits/weight.
  f16   Every weight dequantised to float16, widened to f32 in the graph.

Both tract (>= 0.23.9) and ONNX Runtime fold the f16 -> f32 casts and the arithmetic on
constants at load time, so they see constant scales and weights.
"""

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

from gguf_model import BLOCK, Q41, Q80, GgufModel

MS = "com.microsoft"


class Graph:
    def __init__(self):
        self.nodes = []
        self.inits = []
        self.counter = 0

    def name(self, hint):
        self.counter += 1
        return f"{hint}_{self.counter}"

    def init(self, hint, array):
        name = self.name(hint)
        # np.ascontiguousarray would turn a 0-d scalar into shape [1].
        self.inits.append(numpy_helper.from_array(np.require(array, requirements='C'), name))
        return name

    def const_i64(self, hint, values):
        return self.init(hint, np.array(values, dtype=np.int64))

    def op(self, op_type, inputs, hint=None, domain=None, n_out=1, **attrs):
        outs = [self.name(hint or op_type.lower()) for _ in range(n_out)]
        self.nodes.append(
            helper.make_node(
                op_type, inputs, outs, name=self.name(op_type), domain=domain, **attrs
            )
        )
        return outs[0] if n_out == 1 else outs

    def f32(self, hint, array_f16):
        """An f16 initializer widened to f32 in the graph (folded at load)."""
        return self.op("Cast", [self.init(hint, array_f16)], hint=hint + "_f32", to=TensorProto.FLOAT)


def pack_nibbles(q: np.ndarray) -> np.ndarray:
    """[rows, blocks, 32] values 0..15 -> [rows, blocks, 16] bytes, element 2i in the low nibble."""
    q = q.astype(np.uint8)
    return (q[..., 0::2] | (q[..., 1::2] << 4)).astype(np.uint8)


def requantize_q41(w: np.ndarray) -> Q41:
    """Round-to-nearest Q4_1 of an f32 [rows, cols] matrix: d = (max - min)/15, m = min."""
    rows, cols = w.shape
    b = w.reshape(rows, cols // BLOCK, BLOCK)
    lo = b.min(axis=-1)
    hi = b.max(axis=-1)
    d = ((hi - lo) / 15.0).astype(np.float16)
    m = lo.astype(np.float16)
    d32 = d.astype(np.float32)
    safe = np.where(d32 == 0, 1.0, d32)
    q = np.clip(np.rint((b - m.astype(np.float32)[..., None]) / safe[..., None]), 0, 15)
    return Q41(d, m, q.astype(np.uint8))


class Llama:
    def __init__(self, model: GgufModel, fmt: str, embedding: str):
        self.m = model
        self.hp = model.hp
        self.fmt = fmt
        self.embedding = embedding
        self.g = Graph()

    # --- linear layers -------------------------------------------------------------------

    def block_sums(self, x, k):
        """[1, S, K] -> [1, S, K/32]: the sum of each quantisation block of the input."""
        g = self.g
        blocked = g.op("Reshape", [x, g.const_i64("blocked_shape", [1, -1, k // BLOCK, BLOCK])])
        return g.op("ReduceSum", [blocked, g.const_i64("last_axis", [-1])], keepdims=0)

    def linear_q41(self, x, w: Q41, hint):
        """x @ W^T for Q4_1 W: MatMulNBits(d*(q-8)) + block_sums(x) @ (8d + m)^T."""
        g = self.g
        n, blocks, _ = w.q.shape
        k = blocks * BLOCK
        d = g.f32(hint + "_d", w.d)
        m = g.f32(hint + "_m", w.m)
        scales = g.op("Reshape", [d, g.const_i64("flat", [-1])], hint=hint + "_scales")
        y = g.op(
            "MatMulNBits",
            [x, g.init(hint + "_q4", pack_nibbles(w.q)), scales],
            hint=hint,
            domain=MS,
            K=k,
            N=n,
            bits=4,
            block_size=BLOCK,
        )
        offsets = g.op("Add", [g.op("Mul", [d, g.init("eight", np.array(8, np.float32))]), m])
        offsets_t = g.op("Transpose", [offsets], perm=[1, 0])
        sums = self.block_sums(x, k)
        return g.op("Add", [y, g.op("MatMul", [sums, offsets_t])], hint=hint + "_out")

    def linear_f16(self, x, w, hint):
        g = self.g
        wt = g.f32(hint + "_w", w.dequantize().T.astype(np.float16))
        return g.op("MatMul", [x, wt], hint=hint)

    def linear(self, x, names, hint):
        """x @ W^T for one weight, or for several stacked by output rows (q/k/v, gate/up):
        one wide matmul instead of several narrow ones, split afterwards. Stacking rows is
        lossless: each row keeps its own quantisation blocks."""
        if isinstance(names, str):
            names = [names]
        ws = [self.m.tensors[n] for n in names]
        if len(ws) == 1:
            w = ws[0]
        else:
            w = Q41(*(np.concatenate([getattr(t, f) for t in ws]) for f in ("d", "m", "q")))
        y = self.linear_f16(x, w, hint) if self.fmt == "f16" else self.linear_q41(x, w, hint)
        if len(ws) == 1:
            return y
        sizes = self.g.const_i64(hint + "_split", [t.q.shape[0] for t in ws])
        return self.g.op("Split", [y, sizes], hint=hint + "_part", n_out=len(ws), axis=-1)

    # --- tied embedding / lm_head --------------------------------------------------------

    def tied_embedding(self, ids):
        """Returns (embedded ids [1, S, D], a function making logits from [1, D])."""
        g = self.g
        table = self.m.tensors["token_embd.weight"]
        vocab, d_model = self.hp.vocab, self.hp.d_model
        blocks = d_model // BLOCK
        if self.fmt == "f16":
            w = g.f32("embed", table.dequantize().astype(np.float16))
            emb = g.op("Gather", [w, ids], axis=0)
            return emb, lambda h: g.op("MatMul", [h, g.op("Transpose", [w], perm=[1, 0])])

        def gbq(packed, scales, zeros=None):
            flat = g.op("Reshape", [packed, g.const_i64("table_shape", [vocab, d_model // 2])])
            inputs = [flat, ids, scales] + ([zeros] if zeros else [])
            return g.op(
                "GatherBlockQuantized",
                inputs,
                domain=MS,
                bits=4,
                block_size=BLOCK,
                gather_axis=0,
                quantize_axis=1,
            )

        def mmnb(h, packed, scales, zeros=None):
            flat_scales = g.op("Reshape", [scales, g.const_i64("flat", [-1])])
            inputs = [h, packed, flat_scales]
            if zeros:
                inputs.append(g.op("Reshape", [zeros, g.const_i64("flat", [-1])]))
            return g.op(
                "MatMulNBits", inputs, domain=MS, K=d_model, N=vocab, bits=4, block_size=BLOCK
            )

        if self.embedding == "q8":
            assert isinstance(table, Q80)
            q = table.q.astype(np.int16)
            hi = pack_nibbles((q >> 4) + 8)
            lo = pack_nibbles(q & 0x0F)
            hi_q = g.init("embed_hi_q4", hi)
            lo_q = g.init("embed_lo_q4", lo)
            d = g.f32("embed_d", table.d)
            d_hi = g.op("Mul", [d, g.init("sixteen", np.array(16, np.float32))])
            zeros = g.op(
                "ConstantOfShape",
                [g.const_i64("zp_shape", [vocab, blocks // 2])],
                value=numpy_helper.from_array(np.zeros(1, np.uint8)),
            )
            emb = g.op("Add", [gbq(hi_q, d_hi), gbq(lo_q, d, zeros)], hint="embedded")
            return emb, lambda h: g.op(
                "Add", [mmnb(h, hi_q, d_hi), mmnb(h, lo_q, d, zeros)], hint="logits_sum"
            )

        # q4_1: the table re-quantised to Q4_1, as symmetric 4-bit plus a per-block constant.
        w = requantize_q41(table.dequantize())
        packed = g.init("embed_q4", pack_nibbles(w.q))
        d = g.f32("embed_d", w.d)
        offsets = g.op(
            "Add", [g.op("Mul", [d, g.init("eight", np.array(8, np.float32))]), g.f32("embed_m", w.m)]
        )
        rows = g.op("Gather", [offsets, ids], axis=0)  # [1, S, blocks]
        rows = g.op("Unsqueeze", [rows, g.const_i64("axes", [-1])])
        rows = g.op("Expand", [rows, g.const_i64("expand", [1, 1, blocks, BLOCK])])
        rows = g.op("Reshape", [rows, g.const_i64("merge", [1, -1, d_model])])
        emb = g.op("Add", [gbq(packed, d), rows], hint="embedded")

        def logits(h):
            y = mmnb(h, packed, d)
            blocked = g.op("Reshape", [h, g.const_i64("blocked", [1, blocks, BLOCK])])
            sums = g.op("ReduceSum", [blocked, g.const_i64("last", [-1])], keepdims=0)
            corr = g.op("MatMul", [sums, g.op("Transpose", [offsets], perm=[1, 0])])
            return g.op("Add", [y, corr])

        return emb, logits

    # --- the network ---------------------------------------------------------------------

    def rms_norm(self, x, weight_name, hint):
        g = self.g
        sq = g.op("Mul", [x, x])
        mean = g.op("ReduceMean", [sq], axes=[-1], keepdims=1)
        eps = g.init("eps", np.array(self.hp.rms_eps, np.float32))
        inv = g.op("Reciprocal", [g.op("Sqrt", [g.op("Add", [mean, eps])])])
        w = g.init(hint + "_w", self.m.tensors[weight_name].astype(np.float32))
        return g.op("Mul", [g.op("Mul", [x, inv]), w], hint=hint)

    def build(self) -> onnx.ModelProto:
        g, hp = self.g, self.hp
        kv_shape = [1, hp.n_kv_head, "past_sequence_length", hp.head_dim]
        inputs = [helper.make_tensor_value_info("input_ids", TensorProto.INT64, [1, "sequence_length"])]
        outputs = [helper.make_tensor_value_info("logits", TensorProto.FLOAT, [1, hp.vocab])]
        present_shape = [1, hp.n_kv_head, "total_sequence_length", hp.head_dim]
        for l in range(hp.n_layer):
            for kind in ("key", "value"):
                inputs.append(
                    helper.make_tensor_value_info(f"past_key_values.{l}.{kind}", TensorProto.FLOAT, kv_shape)
                )
                outputs.append(
                    helper.make_tensor_value_info(f"present.{l}.{kind}", TensorProto.FLOAT, present_shape)
                )

        # Positions P .. P+S-1 and the causal mask [S, P+S].
        zero = g.const_i64("zero", 0)
        one = g.const_i64("one", 1)
        axis0 = g.const_i64("axis0", [0])
        axis1 = g.const_i64("axis1", [1])
        past_len = g.op("Gather", [g.op("Shape", ["past_key_values.0.key"]), g.const_i64("two", 2)], axis=0)
        seq_len = g.op("Gather", [g.op("Shape", ["input_ids"]), one], axis=0)
        total_len = g.op("Add", [past_len, seq_len])
        positions = g.op("Range", [past_len, total_len, one], hint="positions")
        inv_freq = 1.0 / (hp.rope_base ** (np.arange(0, hp.head_dim, 2, dtype=np.float32) / hp.head_dim))
        freqs = g.op(
            "Mul",
            [
                g.op("Unsqueeze", [g.op("Cast", [positions], to=TensorProto.FLOAT), axis1]),
                g.init("inv_freq", inv_freq.astype(np.float32)[None, :]),
            ],
        )
        angles = g.op("Concat", [freqs, freqs], axis=-1)  # [S, 64]
        cos = g.op("Cos", [angles], hint="rope_cos")
        sin = g.op("Sin", [angles], hint="rope_sin")
        key_pos = g.op("Range", [zero, total_len, one])
        future = g.op(
            "Greater",
            [g.op("Unsqueeze", [key_pos, axis0]), g.op("Unsqueeze", [positions, axis1])],
        )
        mask = g.op(
            "Where",
            [future, g.init("neg", np.array(-1e9, np.float32)), g.init("zerof", np.array(0, np.float32))],
            hint="causal_mask",
        )

        x, logits_of = self.tied_embedding("input_ids")
        group = hp.n_head // hp.n_kv_head
        half = hp.head_dim // 2

        def heads(t, n):
            t = g.op("Reshape", [t, g.const_i64("split_heads", [1, -1, n, hp.head_dim])])
            return g.op("Transpose", [t], perm=[0, 2, 1, 3])

        def rope(t):
            x1 = g.op("Slice", [t, g.const_i64("s0", [0]), g.const_i64("s1", [half]), g.const_i64("ax", [-1])])
            x2 = g.op("Slice", [t, g.const_i64("s2", [half]), g.const_i64("s3", [hp.head_dim]), g.const_i64("ax", [-1])])
            rotated = g.op("Concat", [g.op("Neg", [x2]), x1], axis=-1)
            return g.op("Add", [g.op("Mul", [t, cos]), g.op("Mul", [rotated, sin])])

        for l in range(hp.n_layer):
            p = f"blk.{l}."
            h = self.rms_norm(x, p + "attn_norm.weight", f"l{l}_attn_norm")
            q, k, v = self.linear(h, [p + "attn_q.weight", p + "attn_k.weight", p + "attn_v.weight"], f"l{l}_qkv")
            q = rope(heads(q, hp.n_head))
            k = rope(heads(k, hp.n_kv_head))
            v = heads(v, hp.n_kv_head)
            k_all = g.op("Concat", [f"past_key_values.{l}.key", k], axis=2)
            v_all = g.op("Concat", [f"past_key_values.{l}.value", v], axis=2)
            self.g.nodes.append(helper.make_node("Identity", [k_all], [f"present.{l}.key"]))
            self.g.nodes.append(helper.make_node("Identity", [v_all], [f"present.{l}.value"]))
            # Grouped-query attention: query heads 3g..3g+2 share key/value head g.
            qg = g.op("Reshape", [q, g.const_i64("group_q", [1, hp.n_kv_head, group, -1, hp.head_dim])])
            kg = g.op("Unsqueeze", [k_all, g.const_i64("kv_axis", [2])])
            vg = g.op("Unsqueeze", [v_all, g.const_i64("kv_axis", [2])])
            scores = g.op("MatMul", [qg, g.op("Transpose", [kg], perm=[0, 1, 2, 4, 3])])
            scale = g.init("attn_scale", np.array(1.0 / np.sqrt(hp.head_dim), np.float32))
            scores = g.op("Add", [g.op("Mul", [scores, scale]), mask])
            probs = g.op("Softmax", [scores], axis=-1)
            ctx = g.op("MatMul", [probs, vg])  # [1, 3, 3, S, 64]
            ctx = g.op("Reshape", [ctx, g.const_i64("merge_groups", [1, hp.n_head, -1, hp.head_dim])])
            ctx = g.op("Transpose", [ctx], perm=[0, 2, 1, 3])
            ctx = g.op("Reshape", [ctx, g.const_i64("merge_heads", [1, -1, hp.d_model])])
            x = g.op("Add", [x, self.linear(ctx, p + "attn_output.weight", f"l{l}_o")], hint=f"l{l}_attn_res")

            h = self.rms_norm(x, p + "ffn_norm.weight", f"l{l}_ffn_norm")
            gate, up = self.linear(h, [p + "ffn_gate.weight", p + "ffn_up.weight"], f"l{l}_gate_up")
            act = g.op("Mul", [g.op("Mul", [gate, g.op("Sigmoid", [gate])]), up])
            x = g.op("Add", [x, self.linear(act, p + "ffn_down.weight", f"l{l}_down")], hint=f"l{l}_ffn_res")

        last = g.op("Gather", [x, g.op("Sub", [seq_len, one])], axis=1)  # [1, D]
        last = self.rms_norm(last, "output_norm.weight", "final_norm")
        logits = logits_of(last)
        g.nodes.append(helper.make_node("Identity", [logits], ["logits"]))

        graph = helper.make_graph(g.nodes, "smollm2_135m_instruct", inputs, outputs, g.inits)
        model = helper.make_model(
            graph,
            opset_imports=[helper.make_opsetid("", 17), helper.make_opsetid(MS, 1)],
            producer_name="samplescope models/convert.py",
        )
        model.ir_version = 8
        return model


def build(model: GgufModel, fmt: str = "q4_1", embedding: str = "q8") -> onnx.ModelProto:
    if fmt not in ("q4_1", "f16"):
        raise ValueError(f"unknown weight format {fmt!r} (q4_1 or f16)")
    if embedding not in ("q8", "q4_1"):
        raise ValueError(f"unknown embedding format {embedding!r} (q8 or q4_1)")
    return Llama(model, fmt, embedding).build()
