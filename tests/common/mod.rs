//! Loads the converted model and tokenizer once per test binary.
//!
//! They come from `models/prepare.py` (run by `./x test`); `SAMPLESCOPE_MODEL_DIR` overrides
//! the default `build/model`. A missing model is a test failure, not a skip.

#![allow(dead_code)]

use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard, OnceLock, PoisonError};

use samplescope::model::Model;
use samplescope::tokenizer::Tokenizer;

pub fn model_dir() -> PathBuf {
    std::env::var_os("SAMPLESCOPE_MODEL_DIR")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("CARGO_MANIFEST_DIR").map(|d| PathBuf::from(d).join("build/model")))
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("build/model"))
}

pub fn read(name: &str) -> Vec<u8> {
    let path = model_dir().join(name);
    std::fs::read(&path)
        .unwrap_or_else(|e| panic!("{}: {e}. Run `python3 models/prepare.py` (or ./x test) first.", path.display()))
}

/// Shared (an `Arc`, as the page holds it: the grammar compiler keeps its own handle).
pub fn tokenizer() -> &'static Arc<Tokenizer> {
    static TOKENIZER: OnceLock<Arc<Tokenizer>> = OnceLock::new();
    TOKENIZER.get_or_init(|| Arc::new(Tokenizer::from_json(&read("tokenizer.json")).expect("tokenizer.json loads")))
}

/// The model, shared by the tests of one binary (they run on several threads). A test that
/// fails while holding it does not fail the others: `forward` leaves no state in the model.
pub fn model() -> MutexGuard<'static, Model> {
    static MODEL: OnceLock<Mutex<Model>> = OnceLock::new();
    let model = MODEL.get_or_init(|| Mutex::new(Model::load(&read("model.onnx"), |_| {}).expect("model.onnx loads")));
    model.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Softmax in f64, for checks independent of the sampling module.
pub fn softmax(logits: &[f32]) -> Vec<f64> {
    let max = logits.iter().copied().fold(f32::NEG_INFINITY, f32::max) as f64;
    let exps: Vec<f64> = logits.iter().map(|&l| (l as f64 - max).exp()).collect();
    let sum: f64 = exps.iter().sum();
    exps.into_iter().map(|e| e / sum).collect()
}
