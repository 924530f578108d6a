//! samplescope: a real language model in the browser, and every sampling stage made visible.
//!
//! Dependencies point one way: `ui` → `generation` → `sampling` / `model` / `tokenizer`.

pub mod generation;
pub mod model;
pub mod sampling;
pub mod tokenizer;
pub mod ui;
