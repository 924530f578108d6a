//! The stages by name, and the orders in which well-known engines chain them.
//!
//! The same parameters keep different tokens in a different order: min-p after temperature
//! sees a flatter distribution than min-p before it; top-p after top-k renormalises over k
//! tokens only.

use super::{
    Candidates, History, SamplingParams, StageTrace, frequency_penalty, logit_bias, min_p, presence_penalty,
    repetition_penalty, temperature, top_k, top_p, typical_p,
};

/// A logits stage. The final draw is not one: it picks from what the last stage leaves.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum StageKind {
    LogitBias,
    RepetitionPenalty,
    FrequencyPenalty,
    PresencePenalty,
    Temperature,
    TopK,
    TopP,
    MinP,
    TypicalP,
}

impl StageKind {
    pub const ALL: [StageKind; 9] = [
        StageKind::LogitBias,
        StageKind::RepetitionPenalty,
        StageKind::FrequencyPenalty,
        StageKind::PresencePenalty,
        StageKind::Temperature,
        StageKind::TopK,
        StageKind::TopP,
        StageKind::MinP,
        StageKind::TypicalP,
    ];

    /// Display name, kebab-case.
    pub fn name(self) -> &'static str {
        match self {
            StageKind::LogitBias => "logit-bias",
            StageKind::RepetitionPenalty => "repetition-penalty",
            StageKind::FrequencyPenalty => "frequency-penalty",
            StageKind::PresencePenalty => "presence-penalty",
            StageKind::Temperature => "temperature",
            StageKind::TopK => "top-k",
            StageKind::TopP => "top-p",
            StageKind::MinP => "min-p",
            StageKind::TypicalP => "typical-p",
        }
    }

    /// Short key used in URLs and the export (`top_p`), as in request bodies.
    pub fn key(self) -> &'static str {
        match self {
            StageKind::LogitBias => "logit_bias",
            StageKind::RepetitionPenalty => "repetition_penalty",
            StageKind::FrequencyPenalty => "frequency_penalty",
            StageKind::PresencePenalty => "presence_penalty",
            StageKind::Temperature => "temperature",
            StageKind::TopK => "top_k",
            StageKind::TopP => "top_p",
            StageKind::MinP => "min_p",
            StageKind::TypicalP => "typical_p",
        }
    }

    pub fn from_key(key: &str) -> Option<StageKind> {
        StageKind::ALL.into_iter().find(|s| s.key() == key)
    }

    /// The stage's formula, as shown on its card.
    pub fn formula(self) -> &'static str {
        match self {
            StageKind::LogitBias => logit_bias::FORMULA,
            StageKind::RepetitionPenalty => repetition_penalty::FORMULA,
            StageKind::FrequencyPenalty => frequency_penalty::FORMULA,
            StageKind::PresencePenalty => presence_penalty::FORMULA,
            StageKind::Temperature => temperature::FORMULA,
            StageKind::TopK => top_k::FORMULA,
            StageKind::TopP => top_p::FORMULA,
            StageKind::MinP => min_p::FORMULA,
            StageKind::TypicalP => typical_p::FORMULA,
        }
    }

    /// Whether `a` and `b` agree on the one parameter this stage reads (its output depends
    /// on nothing else besides its input and the history).
    pub fn reads_same(self, a: &SamplingParams, b: &SamplingParams) -> bool {
        match self {
            StageKind::LogitBias => a.logit_bias == b.logit_bias,
            StageKind::RepetitionPenalty => a.repetition_penalty == b.repetition_penalty,
            StageKind::FrequencyPenalty => a.frequency_penalty == b.frequency_penalty,
            StageKind::PresencePenalty => a.presence_penalty == b.presence_penalty,
            StageKind::Temperature => a.temperature == b.temperature,
            StageKind::TopK => a.top_k == b.top_k,
            StageKind::TopP => a.top_p == b.top_p,
            StageKind::MinP => a.min_p == b.min_p,
            StageKind::TypicalP => a.typical_p == b.typical_p,
        }
    }

    /// Applies the stage: the one call signature all stages share.
    pub fn apply(self, input: &Candidates, params: &SamplingParams, history: &History) -> (Candidates, StageTrace) {
        match self {
            StageKind::LogitBias => logit_bias::apply(input, params, history),
            StageKind::RepetitionPenalty => repetition_penalty::apply(input, params, history),
            StageKind::FrequencyPenalty => frequency_penalty::apply(input, params, history),
            StageKind::PresencePenalty => presence_penalty::apply(input, params, history),
            StageKind::Temperature => temperature::apply(input, params, history),
            StageKind::TopK => top_k::apply(input, params, history),
            StageKind::TopP => top_p::apply(input, params, history),
            StageKind::MinP => min_p::apply(input, params, history),
            StageKind::TypicalP => typical_p::apply(input, params, history),
        }
    }
}

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

    pub fn label(self) -> &'static str {
        match self {
            OrderPreset::HuggingFace => "Hugging Face transformers",
            OrderPreset::LlamaCpp => "llama.cpp",
            OrderPreset::Vllm => "vLLM",
            OrderPreset::OpenAi => "OpenAI-style API",
        }
    }

    /// Where the order comes from, and what the engine lacks.
    pub fn note(self) -> &'static str {
        match self {
            OrderPreset::HuggingFace => {
                "generate(): logits processors (penalties, bias) then warpers (temperature, top-k, top-p, min-p, typical-p). transformers has no frequency/presence penalty; samplescope runs them with the other penalties."
            }
            OrderPreset::LlamaCpp => {
                "common sampler chain: logit-bias, penalties, top-k, typical-p, top-p, min-p, then temperature last, right before the draw."
            }
            OrderPreset::Vllm => {
                "Sampler: logit bias, penalties, temperature, min-p, then top-k and top-p together. No typical-p."
            }
            OrderPreset::OpenAi => {
                "The chat-completions parameters: logit_bias, frequency/presence penalties, temperature, top_p. No top-k, min-p, typical-p or repetition penalty."
            }
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

/// Parses a comma-separated list of stage keys (`temperature,top_k,top_p`).
pub fn parse_order(text: &str) -> Result<Vec<StageKind>, String> {
    let mut order = Vec::new();
    for key in text.split(',').map(str::trim).filter(|k| !k.is_empty()) {
        let stage = StageKind::from_key(key).ok_or_else(|| format!("unknown stage {key:?}"))?;
        if order.contains(&stage) {
            return Err(format!("stage {key:?} appears twice"));
        }
        order.push(stage);
    }
    Ok(order)
}

pub fn order_to_string(order: &[StageKind]) -> String {
    order.iter().map(|s| s.key()).collect::<Vec<_>>().join(",")
}

#[cfg(test)]
mod tests {
    use super::super::{run, test_util::*};
    use super::*;

    #[test]
    fn presets_round_trip_through_their_keys() {
        for p in OrderPreset::ALL {
            assert_eq!(OrderPreset::from_key(p.key()), Some(p));
            assert_eq!(parse_order(&order_to_string(&p.order())).unwrap(), p.order());
            assert_eq!(OrderPreset::matching(&p.order()), Some(p));
        }
        assert!(parse_order("top_k,top_k").is_err());
        assert!(parse_order("top_q").is_err());
    }

    /// One active setting per stage, and the same with only that stage's parameter moved.
    fn settings() -> (SamplingParams, Vec<SamplingParams>) {
        let base = SamplingParams {
            logit_bias: vec![(2, 1.5)],
            repetition_penalty: 1.3,
            frequency_penalty: 0.4,
            presence_penalty: 0.3,
            temperature: 0.7,
            top_k: 3,
            top_p: 0.8,
            min_p: 0.05,
            typical_p: 0.9,
            ..SamplingParams::default()
        };
        let moved = StageKind::ALL
            .map(|stage| {
                let mut p = base.clone();
                match stage {
                    StageKind::LogitBias => p.logit_bias = vec![(2, -1.0)],
                    StageKind::RepetitionPenalty => p.repetition_penalty = 1.6,
                    StageKind::FrequencyPenalty => p.frequency_penalty = -0.4,
                    StageKind::PresencePenalty => p.presence_penalty = 1.0,
                    StageKind::Temperature => p.temperature = 1.4,
                    StageKind::TopK => p.top_k = 2,
                    StageKind::TopP => p.top_p = 0.5,
                    StageKind::MinP => p.min_p = 0.3,
                    StageKind::TypicalP => p.typical_p = 0.5,
                }
                p
            })
            .to_vec();
        (base, moved)
    }

    #[test]
    fn each_stage_reads_only_its_own_parameter() {
        // `reads_same` is what lets `rerun` keep a stage's output: check its premise on every
        // stage, against a move of every parameter.
        let logits: Vec<f32> = [0.05f32, 0.1, 0.15, 0.2, 0.25, 0.25].iter().map(|p| p.ln()).collect();
        let input = Candidates::from_logits(logits);
        let context = [1u32, 2, 2, 4];
        let history = History::of_context(&context, 2);
        let (base, moved) = settings();
        for stage in StageKind::ALL {
            let reference = stage.apply(&input, &base, &history);
            for (owner, params) in StageKind::ALL.into_iter().zip(&moved) {
                let output = stage.apply(&input, params, &history);
                assert_eq!(stage.reads_same(&base, params), owner != stage, "{stage:?} after a move of {owner:?}");
                if owner == stage {
                    assert_ne!(output, reference, "{stage:?}: moving its parameter changed nothing, a weak case");
                } else {
                    assert_eq!(output, reference, "{stage:?} changed when {owner:?}'s parameter moved");
                }
            }
        }
    }

    #[test]
    fn min_p_keeps_more_after_a_high_temperature_than_before_it() {
        // p = 0.1..0.4; min_p 0.3 keeps p >= 0.12: tokens 1..3. After T = 10 the distribution
        // is almost flat, so min_p keeps all four.
        let params = SamplingParams { temperature: 10.0, min_p: 0.3, ..SamplingParams::default() };
        let min_p_first = run(&four().logits, &[StageKind::MinP, StageKind::Temperature], &params, &no_history());
        let temp_first = run(&four().logits, &[StageKind::Temperature, StageKind::MinP], &params, &no_history());
        assert_eq!(min_p_first.last().kept_count(), 3);
        assert_eq!(temp_first.last().kept_count(), 4);
    }
}
