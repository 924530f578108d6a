//! Parameters that belong to no one stage: `min_keep`, which top-p, min-p, typical-p, XTC, ε
//! and η all read, as llama.cpp passes one `min_keep` to each of its samplers and Hugging Face
//! one `min_tokens_to_keep` to each warper.
//!
//! A stage that reads one declares it (`Input::Shared(&MIN_KEEP)`), so moving it reruns that
//! stage and no other.
//!
//! `min_keep`: 0..=100, default 0 (llama.cpp's). Every stage keeps at least one token anyway,
//! so 0 and 1 (Hugging Face's `min_tokens_to_keep` in `generate`) behave the same.

use super::{Api, NumberSpec, Param, ParamKind, ParamValue};

#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Params {
    /// The fewest tokens a truncation stage that honours it may leave.
    pub min_keep: usize,
}

impl Params {
    /// At least this many tokens stay: `min_keep`, and never fewer than one.
    pub fn keep_at_least(&self) -> usize {
        self.min_keep.max(1)
    }
}

pub const MIN_KEEP: Param = Param {
    key: "min_keep",
    symbol: "min_keep",
    kind: ParamKind::Number(NumberSpec { min: 0.0, max: 100.0, step: 1.0, default: 0.0, neutral: true, integer: true }),
    api: Api::Extra,
    marks: &[],
    get: |p| ParamValue::Number(p.shared.min_keep as f64),
    set: |p, v| p.shared.min_keep = v.number().max(0.0) as usize,
};

pub const PARAMS: &[Param] = &[MIN_KEEP];
