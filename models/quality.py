"""Measures what each weight format costs against the f32 dequantised GGUF reference.

    python3 models/quality.py --gguf build/model/SmolLM2-135M-Instruct.Q4_1.gguf

Prints, per format, KL(reference || format) per position (mean and max) and top-1 agreement
over a fixed English passage and a ChatML exchange, and P(" Paris") for the France prompt.
The formats are evaluated with the numpy forward pass of reference.py on the weights each
format stores, so this isolates the weight rounding from any runtime.
"""

import argparse
import json

import numpy as np
import tokenizers

import build_onnx
import build_tokenizer
import gguf_model
import reference

PASSAGE = (
    "Sampling turns a language model's scores into text. The model assigns a logit to every "
    "token in its vocabulary; a softmax turns the logits into probabilities, and the sampler "
    "then draws one token. Lowering the temperature sharpens the distribution, while top-k and "
    "top-p cut away the unlikely tail before the draw. Repetition penalties discourage the model "
    "from repeating itself, which matters most for small models such as this one."
)
CHAT = (
    "<|im_start|>system\nYou are a helpful AI assistant named SmolLM, trained by Hugging Face"
    "<|im_end|>\n<|im_start|>user\nWhat is the capital of France?<|im_end|>\n"
    "<|im_start|>assistant\nThe capital of France is Paris.<|im_end|>\n"
)


def format_weights(model, ref, fmt):
    w = dict(ref)
    if fmt == "q4_1+q8 (exact)":
        return w
    if fmt == "q4_1+q4_1 embedding":
        w["token_embd.weight"] = build_onnx.requantize_q41(ref["token_embd.weight"]).dequantize()
        return w
    if fmt == "f16":
        return {k: v.astype(np.float16).astype(np.float32) for k, v in ref.items()}
    raise ValueError(fmt)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--gguf", required=True)
    args = ap.parse_args()
    model = gguf_model.load(args.gguf)
    tok = tokenizers.Tokenizer.from_str(json.dumps(build_tokenizer.tokenizer_json(model)))
    ref = reference.dequantized_weights(model)
    france = tok.encode("The capital of France is").ids
    paris = tok.token_to_id("ĠParis")
    texts = {"passage": tok.encode(PASSAGE).ids, "chat": tok.encode(CHAT).ids}
    print("| format | text | tokens | mean KL (nats) | max KL | top-1 agreement | P(' Paris') |")
    print("|---|---|---|---|---|---|---|")
    for fmt in ("q4_1+q8 (exact)", "q4_1+q4_1 embedding", "f16"):
        w = format_weights(model, ref, fmt)
        p_paris = reference.softmax(reference.forward(model, w, france)[-1])[paris]
        for name, ids in texts.items():
            q = reference.quality(model, ref, w, ids)
            print(
                f"| {fmt} | {name} | {len(ids)} | {q['mean_kl']:.2e} | {q['max_kl']:.2e} "
                f"| {q['top1_agreement']:.3f} | {p_paris:.4f} |"
            )


if __name__ == "__main__":
    main()
