//! Writes the snapshots the embeds start from (`samplescope::model::snapshot`): for every
//! context an embed or demo opens with, the real model's raw logits over all 49,152 tokens,
//! run natively through the same tract code as the browser's worker.
//!
//!     cargo run --example snapshots -- build/model build/snapshots
//!
//! `./x build` runs it and gzips the files; trunk copies the folder to `dist/snapshots/`.

use std::collections::BTreeMap;
use std::path::PathBuf;

use samplescope::model::protocol::Manifest;
use samplescope::model::snapshot::{self, Snapshot, SnapshotIndex};
use samplescope::model::{KvCache, Model};
use samplescope::tokenizer::Tokenizer;
use samplescope::ui::{embed, query};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [model_dir, out_dir] = args.as_slice() else {
        eprintln!("usage: snapshots MODEL_DIR OUT_DIR");
        std::process::exit(2);
    };
    let (model_dir, out_dir) = (PathBuf::from(model_dir), PathBuf::from(out_dir));
    let read = |name: &str| std::fs::read(model_dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    let manifest: Manifest = serde_json::from_slice(&read("manifest.json")).expect("manifest.json");
    let model_sha256 = manifest.files["model.onnx"].sha256.clone();
    let tokenizer = Tokenizer::from_json(&read("tokenizer.json")).expect("tokenizer.json");

    // Every context, with the keys that open it.
    let mut contexts: BTreeMap<Vec<u32>, Vec<String>> = BTreeMap::new();
    for key in embed::keys() {
        let (settings, _) = query::parse(&format!("embed={key}"), 42, samplescope::model::VOCAB);
        let mut context = samplescope::generation::prompt_ids(&settings.prompt_pieces(), &tokenizer)
            .expect("the demo prompt tokenises");
        context.extend_from_slice(&settings.completion);
        contexts.entry(context).or_default().push(key);
    }

    let mut model = Model::load(&read("model.onnx"), |_| {}).expect("model.onnx loads");
    std::fs::create_dir_all(&out_dir).expect("the output folder");
    let mut snapshots = Vec::new();
    for (context, keys) in contexts {
        let logits = model.forward(&mut KvCache::empty(), &context).expect("the model runs");
        let bytes = snapshot::encode(&logits);
        let ids: Vec<String> = context.iter().map(u32::to_string).collect();
        let name = &snapshot::sha256_hex(ids.join(",").as_bytes())[..16];
        let file = format!("{name}.f32");
        std::fs::write(out_dir.join(&file), &bytes).expect("a snapshot file");
        eprintln!("snapshot {file}: {} tokens, for {}", context.len(), keys.join(" "));
        snapshots.push(Snapshot { keys, context, file: format!("{file}.gz"), sha256: snapshot::sha256_hex(&bytes) });
    }
    let index = SnapshotIndex { model_sha256, snapshots };
    let json = serde_json::to_string(&index).expect("the index serialises");
    std::fs::write(out_dir.join("index.json"), json).expect("index.json");
    eprintln!("{} snapshots in {}", index.snapshots.len(), out_dir.display());
}
