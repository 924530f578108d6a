//! samplescope: a real language model in the browser, and every sampling stage made visible.
//!
//! Dependencies point one way: `ui` → `generation` → `sampling` / `model` / `tokenizer`, and any
//! of them may use `i18n`, the catalogue of what the page says.

pub mod generation;
pub mod i18n;
pub mod model;
pub mod sampling;
pub mod structured;
pub mod tokenizer;
pub mod ui;

/// A reproducible pseudo-random stream for test fixtures (xorshift64; no dependency needed).
#[cfg(test)]
pub(crate) fn test_stream(seed: u64) -> impl FnMut() -> u64 {
    let mut s = seed;
    move || {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        s
    }
}
