"""Builds a Hugging Face `tokenizer.json` from the GGUF vocabulary and merges.

The GGUF says `tokenizer.ggml.model = gpt2`, `tokenizer.ggml.pre = smollm`: byte-level BPE
whose pre-tokenizer first splits every digit on its own, then applies the GPT-2 regex
(llama.cpp's `LLAMA_VOCAB_PRE_TYPE_SMOLLM`). Control tokens (type 3) become special added
tokens so that `<|im_start|>` etc. are matched before BPE runs.
"""

import json

from gguf_model import GgufModel

CONTROL = 3


def tokenizer_json(model: GgufModel) -> dict:
    vocab = {tok: i for i, tok in enumerate(model.tokens)}
    if len(vocab) != len(model.tokens):
        raise ValueError("duplicate token strings in the GGUF vocabulary")
    added = [
        {
            "id": i,
            "content": tok,
            "single_word": False,
            "lstrip": False,
            "rstrip": False,
            "normalized": False,
            "special": True,
        }
        for i, (tok, kind) in enumerate(zip(model.tokens, model.token_types))
        if kind == CONTROL
    ]
    return {
        "version": "1.0",
        "truncation": None,
        "padding": None,
        "added_tokens": added,
        "normalizer": None,
        "pre_tokenizer": {
            "type": "Sequence",
            "pretokenizers": [
                {"type": "Digits", "individual_digits": True},
                {
                    "type": "ByteLevel",
                    "add_prefix_space": False,
                    "trim_offsets": True,
                    "use_regex": True,
                },
            ],
        },
        "post_processor": None,
        "decoder": {
            "type": "ByteLevel",
            "add_prefix_space": True,
            "trim_offsets": True,
            "use_regex": True,
        },
        "model": {
            "type": "BPE",
            "dropout": None,
            "unk_token": None,
            "continuing_subword_prefix": None,
            "end_of_word_suffix": None,
            "fuse_unk": False,
            "byte_fallback": False,
            "ignore_merges": False,
            "vocab": vocab,
            "merges": [m.split(" ", 1) for m in model.merges],
        },
    }


def write(model: GgufModel, path: str) -> None:
    with open(path, "w", encoding="utf-8") as f:
        json.dump(tokenizer_json(model), f, ensure_ascii=False, separators=(",", ":"))
