//! Answers a page link natively: the chat-completions response JSON the API panel would give
//! for it, from the same model file run through the native tract build. The browser tests
//! compare the page's response with this one (issue 19: the same seed gives the same tokens
//! natively and in the browser).
//!
//!     cargo run --example respond -- build/model '?mode=chat&seed=9&max_tokens=16&n=2'

use std::path::PathBuf;
use std::sync::Arc;

use samplescope::generation::{self, Generation};
use samplescope::model::Model;
use samplescope::model::protocol::Manifest;
use samplescope::tokenizer::Tokenizer;
use samplescope::ui::query;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [model_dir, link] = args.as_slice() else {
        eprintln!("usage: respond MODEL_DIR LINK_QUERY");
        std::process::exit(2);
    };
    let model_dir = PathBuf::from(model_dir);
    let read = |name: &str| std::fs::read(model_dir.join(name)).unwrap_or_else(|e| panic!("{name}: {e}"));
    let manifest: Manifest = serde_json::from_slice(&read("manifest.json")).expect("manifest.json");
    let tok = Arc::new(Tokenizer::from_json(&read("tokenizer.json")).expect("tokenizer.json"));
    let (settings, notes) = query::parse(link.trim_start_matches('?'), 0, samplescope::model::VOCAB);
    if !notes.is_empty() {
        let said: Vec<String> = notes.iter().map(|n| n.render(samplescope::i18n::Lang::En)).collect();
        eprintln!("the link has problems: {}", said.join("; "));
        std::process::exit(1);
    }
    let request = settings.request(settings.seed);
    let ids = generation::prompt_ids(&settings.prompt_pieces(), &tok).expect("the prompt tokenises");
    let mut g = Generation::new(request, ids, &tok).unwrap_or_else(|e| panic!("invalid request: {e:?}"));
    let mut model = Model::load(&read("model.onnx"), |_| {}).expect("model.onnx loads");
    generation::generate(&mut model, &tok, &mut g, |_, _| {}).expect("generation");
    let fingerprint =
        generation::fingerprint(&manifest.files["model.onnx"].sha256, &generation::engine(), &settings.order);
    println!("{}", serde_json::to_string_pretty(&g.response(&tok, &fingerprint, 0)).expect("response serialises"));
}
