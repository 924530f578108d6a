//! SmolLM2-135M-Instruct on tract, with an explicit key/value cache.
//!
//! The ONNX graph (built by `models/build_onnx.py`) takes `input_ids [1, S]` and, per layer,
//! `past_key_values.{l}.key|value [1, 3, P, 64]`; it returns the logits after the last input
//! token and `present.{l}.key|value [1, 3, P + S, 64]`. Keeping the cache outside the graph lets
//! the caller rewind it (branching from an earlier token) or copy it (n choices sharing one
//! prompt) without running the model again.

#[cfg(target_arch = "wasm32")]
pub mod client;
#[cfg(feature = "runtime")]
mod onnx_ops;
pub mod protocol;
#[cfg(feature = "runtime")]
pub mod q4;
#[cfg(feature = "runtime")]
mod q4_ops;
#[cfg(feature = "runtime")]
mod runner;
pub mod snapshot;
#[cfg(all(target_arch = "wasm32", feature = "runtime"))]
pub mod worker;

#[cfg(feature = "runtime")]
pub use q4_ops::Kernels;
#[cfg(feature = "runtime")]
pub use runner::{KvCache, Model};

/// Vocabulary size: every probability in samplescope is over all of these.
pub const VOCAB: usize = 49_152;
/// Longest sequence (prompt + completion) the page accepts. SmolLM2 was trained on 8192;
/// 2048 keeps the browser's memory and the attention cost bounded.
pub const CONTEXT: usize = 2048;
