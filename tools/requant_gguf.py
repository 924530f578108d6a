"""Writes a copy of a GGUF with its Q4_1 tensors re-quantized to Q8_0 or Q4_0 (peer benchmark aid).

    ~/.cache/samplescope/venv/bin/python tools/requant_gguf.py [--type q8_0] \\
        [--in build/model/SmolLM2-135M-Instruct.Q4_1.gguf] [--out build/model/SmolLM2-135M-Instruct.Q8_0.gguf]

Why: llama.cpp's wasm build has no SIMD kernel for Q4_1 (ggml-cpu/arch-fallback.h maps
ggml_vec_dot_q4_1_q8_1 to the generic scalar code on __wasm__), so wllama on samplescope's own
GGUF runs scalar matmuls. Q8_0 and Q4_0 have wasm simd128 kernels. Q8_0 holds every Q4_1 value
to within half a step of 1/127 of its block's largest magnitude (the same weights, near-exactly,
1.7x the bytes); Q4_0 re-rounds them (other weights, the same size class). Every other tensor
(f32 norms, the Q8_0 embedding) and all metadata are copied unchanged, except general.file_type.
Uses the `gguf` package of models/requirements.txt (in ./x's venv).
"""

import argparse
import os
import sys

import numpy as np
from gguf import GGMLQuantizationType, GGUFReader, GGUFValueType, GGUFWriter, Keys, LlamaFileType, quants

TARGETS = {
    "q8_0": (GGMLQuantizationType.Q8_0, LlamaFileType.MOSTLY_Q8_0),
    "q4_0": (GGMLQuantizationType.Q4_0, LlamaFileType.MOSTLY_Q4_0),
}


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    model_dir = os.path.join(here, "..", "build", "model")
    ap = argparse.ArgumentParser()
    ap.add_argument("--type", choices=sorted(TARGETS), default="q8_0")
    ap.add_argument("--in", dest="src", default=os.path.join(model_dir, "SmolLM2-135M-Instruct.Q4_1.gguf"))
    ap.add_argument("--out", default=None)
    args = ap.parse_args()
    qtype, ftype = TARGETS[args.type]
    out = args.out or os.path.join(os.path.dirname(args.src), f"SmolLM2-135M-Instruct.{args.type.upper()}.gguf")

    reader = GGUFReader(args.src)
    arch = reader.fields[Keys.General.ARCHITECTURE].contents()
    writer = GGUFWriter(out, arch=arch, endianess=reader.endianess)
    for field in reader.fields.values():
        if field.name == Keys.General.ARCHITECTURE or field.name.startswith("GGUF."):
            continue
        val_type = field.types[0]
        sub_type = field.types[-1] if val_type == GGUFValueType.ARRAY else None
        value = int(ftype) if field.name == Keys.General.FILE_TYPE else field.contents()
        writer.add_key_value(field.name, value, val_type, sub_type=sub_type)

    tensors = []
    changed = 0
    for t in reader.tensors:
        if t.tensor_type == GGMLQuantizationType.Q4_1:
            values = quants.dequantize(t.data, t.tensor_type)
            data = quants.quantize(values.astype(np.float32), qtype)
            tensors.append((t.name, data, qtype))
            changed += 1
        else:
            tensors.append((t.name, t.data, t.tensor_type))
    for name, data, ttype in tensors:
        # Quantized data are uint8 arrays of the byte shape, which the writer converts back.
        writer.add_tensor_info(name, data.shape, data.dtype, data.nbytes, ttype)
    writer.write_header_to_file()
    writer.write_kv_data_to_file()
    writer.write_ti_data_to_file()
    for _, data, _ in tensors:
        writer.write_tensor_data(data)
    writer.close()
    print(f"[requant] {changed} Q4_1 tensors -> {args.type.upper()}: {out} ({os.path.getsize(out)} bytes)", file=sys.stderr)


if __name__ == "__main__":
    main()
