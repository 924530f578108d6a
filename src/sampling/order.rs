//! The stages by name, and the orders in which well-known engines chain them.
//!
//! The same parameters keep different tokens in a different order: min-p after temperature
//! sees a flatter distribution than min-p before it; top-p after top-k renormalises over k
//! tokens only.

use super::StageKind;
use crate::msg;

/// Named stage orders of real engines. Stages an engine lacks are simply not in its order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OrderPreset {
    HuggingFace,
    LlamaCpp,
    Vllm,
    OpenAi,
}

impl OrderPreset {
    pub const ALL: [OrderPreset; 4] =
        [OrderPreset::HuggingFace, OrderPreset::LlamaCpp, OrderPreset::Vllm, OrderPreset::OpenAi];

    pub fn key(self) -> &'static str {
        match self {
            OrderPreset::HuggingFace => "hf",
            OrderPreset::LlamaCpp => "llamacpp",
            OrderPreset::Vllm => "vllm",
            OrderPreset::OpenAi => "openai",
        }
    }

    pub fn from_key(key: &str) -> Option<OrderPreset> {
        OrderPreset::ALL.into_iter().find(|p| p.key() == key)
    }

    /// The engine's name (a catalogue message id).
    pub fn label(self) -> &'static str {
        match self {
            OrderPreset::HuggingFace => msg!("order-hf"),
            OrderPreset::LlamaCpp => msg!("order-llamacpp"),
            OrderPreset::Vllm => msg!("order-vllm"),
            OrderPreset::OpenAi => msg!("order-openai"),
        }
    }

    /// Where the order comes from, and what the engine lacks (a catalogue message id).
    pub fn note(self) -> &'static str {
        match self {
            OrderPreset::HuggingFace => msg!("order-hf.note"),
            OrderPreset::LlamaCpp => msg!("order-llamacpp.note"),
            OrderPreset::Vllm => msg!("order-vllm.note"),
            OrderPreset::OpenAi => msg!("order-openai.note"),
        }
    }

    pub fn order(self) -> Vec<StageKind> {
        use StageKind::*;
        match self {
            OrderPreset::HuggingFace => vec![
                RepetitionPenalty,
                FrequencyPenalty,
                PresencePenalty,
                LogitBias,
                Temperature,
                TopK,
                TopP,
                MinP,
                TypicalP,
            ],
            OrderPreset::LlamaCpp => vec![
                LogitBias,
                RepetitionPenalty,
                FrequencyPenalty,
                PresencePenalty,
                TopK,
                TypicalP,
                TopP,
                MinP,
                Temperature,
            ],
            OrderPreset::Vllm => {
                vec![LogitBias, RepetitionPenalty, FrequencyPenalty, PresencePenalty, Temperature, MinP, TopK, TopP]
            }
            OrderPreset::OpenAi => vec![LogitBias, FrequencyPenalty, PresencePenalty, Temperature, TopP],
        }
    }

    /// The preset whose order is exactly `order`, if any.
    pub fn matching(order: &[StageKind]) -> Option<OrderPreset> {
        OrderPreset::ALL.into_iter().find(|p| p.order() == order)
    }
}

/// Why a written order cannot be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OrderError {
    UnknownStage(String),
    Twice(String),
}

/// Parses a comma-separated list of stage keys (`temperature,top_k,top_p`).
pub fn parse_order(text: &str) -> Result<Vec<StageKind>, OrderError> {
    let mut order = Vec::new();
    for key in text.split(',').map(str::trim).filter(|k| !k.is_empty()) {
        let stage = StageKind::from_key(key).ok_or_else(|| OrderError::UnknownStage(key.to_string()))?;
        if order.contains(&stage) {
            return Err(OrderError::Twice(key.to_string()));
        }
        order.push(stage);
    }
    Ok(order)
}

/// An order as a link writes it: a preset's key, or the stage keys.
pub fn order_key(order: &[StageKind]) -> String {
    OrderPreset::matching(order).map(|p| p.key().to_string()).unwrap_or_else(|| order_to_string(order))
}

/// Reads a preset key or a list of stage keys.
pub fn read_order(text: &str) -> Result<Vec<StageKind>, OrderError> {
    match OrderPreset::from_key(text) {
        Some(preset) => Ok(preset.order()),
        None => parse_order(text),
    }
}

pub fn order_to_string(order: &[StageKind]) -> String {
    order.iter().map(|s| s.key()).collect::<Vec<_>>().join(",")
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::super::{Candidates, Context, History, Param, ParamKind, ParamValue, SamplingParams, run, test_util::*};
    use super::*;

    #[test]
    fn presets_round_trip_through_their_keys() {
        for p in OrderPreset::ALL {
            assert_eq!(OrderPreset::from_key(p.key()), Some(p));
            assert_eq!(parse_order(&order_to_string(&p.order())).unwrap(), p.order());
            assert_eq!(OrderPreset::matching(&p.order()), Some(p));
            assert_eq!(read_order(&order_key(&p.order())).unwrap(), p.order());
        }
        assert_eq!(parse_order("top_k,top_k"), Err(OrderError::Twice("top_k".into())));
        assert_eq!(parse_order("top_q"), Err(OrderError::UnknownStage("top_q".into())));
        let custom = [StageKind::TopP, StageKind::Temperature];
        assert_eq!(order_key(&custom), "top_p,temperature");
    }

    /// Values to move a parameter to: its bounds, one step in, the middle; a flag flipped; a
    /// bias; lists of the toy vocabulary's words and ids.
    fn other_values(p: &Param) -> Vec<ParamValue> {
        match &p.kind {
            ParamKind::Number(s) => [s.min, s.min + s.step, 0.5 * (s.min + s.max), s.max - s.step, s.max]
                .into_iter()
                .map(|v| ParamValue::Number(if s.integer { v.round() } else { v }))
                .collect(),
            ParamKind::Flag => vec![ParamValue::Flag(false), ParamValue::Flag(true)],
            ParamKind::TokenBias { .. } => {
                vec![ParamValue::Bias(vec![(2, 1.5)]), ParamValue::Bias(vec![(2, -1.0), (5, 3.0)])]
            }
            ParamKind::Strings { .. } => {
                vec![ParamValue::Strings(vec!["a".into()]), ParamValue::Strings(vec!["b".into(), "cd".into()])]
            }
            ParamKind::TokenIds { .. } => vec![ParamValue::Ids(vec![2]), ParamValue::Ids(vec![1, 3])],
        }
    }

    fn with(base: &SamplingParams, p: &Param, v: ParamValue) -> SamplingParams {
        let mut params = base.clone();
        (p.set)(&mut params, v);
        params
    }

    #[test]
    fn each_stage_reads_only_its_own_parameters() {
        // `reads_same` is what lets `rerun` keep a stage's output: check its premise on every
        // stage, from the declarations alone: some value of the stage's own parameters changes
        // its output, moving a shared parameter it reads is seen, and no value of any other
        // parameter changes it. The context repeats "1 2" and holds the toy vocabulary's
        // tokenisation of each setting's strings; one token is far less likely than the rest.
        let logits: Vec<f32> = [0.05f32, 0.1, 0.15, 0.2, 0.4999, 0.0001].iter().map(|p| p.ln()).collect();
        let input = Candidates::from_logits(logits);
        let tokens = [1u32, 2, 3, 1, 2];
        let history = History::of_context(&tokens, 2);
        let ctx = |params: &SamplingParams| {
            Context::new(history).with_seed(7).with_tokenised(Arc::new(toy_tokenised(params, input.len())))
        };
        let neutral = SamplingParams::default();
        for &stage in StageKind::ALL {
            let mut active = None;
            for own in stage.decl().params {
                for v in other_values(own) {
                    let params = with(&neutral, own, v);
                    let output = stage.apply(&input, &params, &ctx(&params));
                    let moved = params != neutral;
                    assert_eq!(
                        stage.reads_same(&neutral, &ctx(&neutral), &params, &ctx(&params)),
                        !moved,
                        "{stage:?}: {}",
                        own.key
                    );
                    if output.0 != input && active.is_none() {
                        active = Some((params, output));
                    }
                }
            }
            let (base, reference) =
                active.unwrap_or_else(|| panic!("{stage:?}: no value of its parameters changes anything"));
            for shared in stage.decl().shared() {
                for v in other_values(shared) {
                    let params = with(&base, shared, v);
                    let moved = params != base;
                    assert_eq!(stage.reads_same(&base, &ctx(&base), &params, &ctx(&params)), !moved, "{stage:?}");
                }
            }
            let reads = |key: &str| stage.decl().params.iter().chain(stage.decl().shared()).any(|q| q.key == key);
            for other in SamplingParams::params().filter(|p| !reads(p.key)) {
                for v in other_values(other) {
                    let params = with(&base, other, v);
                    assert!(stage.reads_same(&base, &ctx(&base), &params, &ctx(&params)), "{stage:?}: {}", other.key);
                    assert_eq!(
                        stage.apply(&input, &params, &ctx(&params)),
                        reference,
                        "{stage:?} changed when {} moved",
                        other.key
                    );
                }
            }
        }
    }

    #[test]
    fn min_p_keeps_more_after_a_high_temperature_than_before_it() {
        // p = 0.1..0.4; min_p 0.3 keeps p >= 0.12: tokens 1..3. After T = 10 the distribution
        // is almost flat, so min_p keeps all four.
        let mut params = SamplingParams::default();
        (params.temperature.t, params.min_p.p) = (10.0, 0.3);
        let min_p_first = run(&four().logits, &[StageKind::MinP, StageKind::Temperature], &params, &no_context());
        let temp_first = run(&four().logits, &[StageKind::Temperature, StageKind::MinP], &params, &no_context());
        assert_eq!(min_p_first.last().kept_count(), 3);
        assert_eq!(temp_first.last().kept_count(), 4);
    }
}
