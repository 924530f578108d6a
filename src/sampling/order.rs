//! The stages by name, and the orders in which well-known engines chain them.
//!
//! The same parameters keep different tokens in a different order: min-p after temperature
//! sees a flatter distribution than min-p before it; top-p after top-k renormalises over k
//! tokens only.
//!
//! An order box also takes what llama.cpp takes: a `--samplers` list (`penalties;dry;top_k`,
//! with llama.cpp's other spellings) or a `--sampler-seq` string (`edskypmxt`); see
//! [`parse_llama`] and [`to_llama`].

use super::StageKind;
use crate::i18n::Text;
use crate::msg;

/// Named stage orders of real engines. Stages an engine lacks are not in its order; with
/// [`OrderPreset::has`] the page marks them "not in this engine".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OrderPreset {
    HuggingFace,
    LlamaCpp,
    /// llama.cpp with mirostat 1 or 2: `common_sampler_init` then skips its whole sampler
    /// list and runs logit-bias, plain temperature and mirostat.
    LlamaCppMirostat,
    Vllm,
    OpenAi,
}

impl OrderPreset {
    pub const ALL: [OrderPreset; 5] = [
        OrderPreset::HuggingFace,
        OrderPreset::LlamaCpp,
        OrderPreset::LlamaCppMirostat,
        OrderPreset::Vllm,
        OrderPreset::OpenAi,
    ];

    pub fn key(self) -> &'static str {
        match self {
            OrderPreset::HuggingFace => "hf",
            OrderPreset::LlamaCpp => "llamacpp",
            OrderPreset::LlamaCppMirostat => "llamacpp-mirostat",
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
            OrderPreset::LlamaCppMirostat => msg!("order-llamacpp-mirostat"),
            OrderPreset::Vllm => msg!("order-vllm"),
            OrderPreset::OpenAi => msg!("order-openai"),
        }
    }

    /// Where the order comes from, and what the engine lacks (a catalogue message id).
    pub fn note(self) -> &'static str {
        match self {
            OrderPreset::HuggingFace => msg!("order-hf.note"),
            OrderPreset::LlamaCpp => msg!("order-llamacpp.note"),
            OrderPreset::LlamaCppMirostat => msg!("order-llamacpp-mirostat.note"),
            OrderPreset::Vllm => msg!("order-vllm.note"),
            OrderPreset::OpenAi => msg!("order-openai.note"),
        }
    }

    pub fn order(self) -> Vec<StageKind> {
        use StageKind::*;
        match self {
            // Processors (sequence bias, repetition penalty, no-repeat n-gram, min new tokens),
            // then the sampling warpers; frequency and presence are samplescope's additions.
            OrderPreset::HuggingFace => vec![
                LogitBias,
                RepetitionPenalty,
                FrequencyPenalty,
                PresencePenalty,
                NoRepeatNgram,
                MinTokens,
                Temperature,
                TopK,
                TopP,
                MinP,
                TypicalP,
                Epsilon,
                Eta,
            ],
            // Logit-bias, then the default `--samplers` (edskypmxt).
            OrderPreset::LlamaCpp => {
                let mut order = vec![LogitBias];
                order.extend(parse_llama(LLAMA_DEFAULT).expect("llama.cpp's default list parses"));
                order
            }
            OrderPreset::LlamaCppMirostat => vec![LogitBias, Temperature, Mirostat],
            OrderPreset::Vllm => vec![
                AllowedTokenIds,
                BadWords,
                MinTokens,
                LogitBias,
                RepetitionPenalty,
                FrequencyPenalty,
                PresencePenalty,
                Temperature,
                MinP,
                TopK,
                TopP,
            ],
            OrderPreset::OpenAi => vec![LogitBias, FrequencyPenalty, PresencePenalty, Temperature, TopP],
        }
    }

    /// Whether the engine has `stage` at all (llama.cpp's two chains count as one engine).
    pub fn has(self, stage: StageKind) -> bool {
        match self {
            // Every engine masks a structured output; it is in no preset because a request
            // without one has nothing to mask (`Request::masked_order` adds it).
            _ if stage == StageKind::Grammar => true,
            OrderPreset::LlamaCpp | OrderPreset::LlamaCppMirostat => {
                OrderPreset::LlamaCpp.order().contains(&stage) || OrderPreset::LlamaCppMirostat.order().contains(&stage)
            }
            _ => self.order().contains(&stage),
        }
    }

    /// The stages of `order` the engine lacks, each with "not in <engine>" for its card.
    pub fn lacking(self, order: &[StageKind]) -> Vec<(StageKind, Text)> {
        order
            .iter()
            .filter(|s| !self.has(**s))
            .map(|&s| (s, Text::new(msg!("order-not-in-engine")).arg("engine", Text::new(self.label()))))
            .collect()
    }

    /// The preset whose order is exactly `order`, if any.
    /// The grammar, which leads any order when a format is set, does not count.
    pub fn matching(order: &[StageKind]) -> Option<OrderPreset> {
        let order: Vec<StageKind> = order.iter().copied().filter(|s| *s != StageKind::Grammar).collect();
        OrderPreset::ALL.into_iter().find(|p| p.order() == order)
    }
}

/// Why a written order cannot be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OrderError {
    UnknownStage(String),
    Twice(String),
}

impl OrderError {
    pub fn text(&self) -> Text {
        match self {
            OrderError::UnknownStage(s) => Text::new(msg!("order-unknown-stage")).arg("stage", s.as_str()),
            OrderError::Twice(s) => Text::new(msg!("order-twice")).arg("stage", s.as_str()),
        }
    }
}

/// llama.cpp's default `--samplers` (`common_params_sampling::samplers`).
pub const LLAMA_DEFAULT: &str = "penalties;dry;top_n_sigma;top_k;typ_p;top_p;min_p;xtc;temperature";

/// llama.cpp's samplers that samplescope has: canonical name, `--sampler-seq` letter, the other
/// names `--samplers` accepts, and the stages it runs. `penalties` is one llama.cpp sampler
/// (repetition, then frequency, then presence); `temperature` includes dynamic temperature.
/// llama.cpp's `infill` and `adaptive_p` have no stage here.
const LLAMA_SAMPLERS: &[(&str, char, &[&str], &[StageKind])] = &[
    ("penalties", 'e', &[], &[StageKind::RepetitionPenalty, StageKind::FrequencyPenalty, StageKind::PresencePenalty]),
    ("dry", 'd', &[], &[StageKind::Dry]),
    ("top_n_sigma", 's', &["top-n-sigma"], &[StageKind::TopNSigma]),
    ("top_k", 'k', &["top-k"], &[StageKind::TopK]),
    ("typ_p", 'y', &["typical-p", "typical", "typ-p", "typ"], &[StageKind::TypicalP]),
    ("top_p", 'p', &["top-p", "nucleus"], &[StageKind::TopP]),
    ("min_p", 'm', &["min-p"], &[StageKind::MinP]),
    ("xtc", 'x', &[], &[StageKind::Xtc]),
    ("temperature", 't', &["temp"], &[StageKind::Temperature]),
];

/// Reads a llama.cpp sampler list: `--samplers` names separated by `;` (any of llama.cpp's
/// spellings), or a `--sampler-seq` string of letters (`edskypmxt`). llama.cpp drops names it
/// does not know with a warning and may run a sampler twice; an order here holds each stage
/// once, so both are errors that name the culprit. Logit-bias is not in these lists (llama.cpp
/// puts it first whenever there are biases): the result does not contain it.
pub fn parse_llama(text: &str) -> Result<Vec<StageKind>, OrderError> {
    let text = text.trim();
    let by_name = |name: &str| LLAMA_SAMPLERS.iter().find(|(n, _, alt, _)| *n == name || alt.contains(&name));
    let mut entries = Vec::new();
    if text.contains(';') || by_name(text).is_some() {
        for name in text.split(';').map(str::trim).filter(|n| !n.is_empty()) {
            entries.push((name.to_string(), by_name(name).ok_or_else(|| OrderError::UnknownStage(name.to_string()))?));
        }
    } else {
        for letter in text.chars().filter(|c| !c.is_whitespace()) {
            let entry = LLAMA_SAMPLERS.iter().find(|(_, l, _, _)| *l == letter);
            entries.push((letter.to_string(), entry.ok_or_else(|| OrderError::UnknownStage(letter.to_string()))?));
        }
    }
    let mut order = Vec::new();
    for (written, (_, _, _, stages)) in entries {
        if stages.iter().any(|s| order.contains(s)) {
            return Err(OrderError::Twice(written));
        }
        order.extend_from_slice(stages);
    }
    Ok(order)
}

/// An order as llama.cpp's `--samplers` names and `--sampler-seq` letters, or why llama.cpp
/// cannot run it: a stage it lacks, logit-bias anywhere but first, the three penalties apart
/// or out of their order (llama.cpp applies them as one sampler), or mirostat, which is not a
/// list entry (`--mirostat`). The grammar stage is left out: llama.cpp takes a grammar as
/// `--grammar` / `--json-schema`, never in the list.
pub fn to_llama(order: &[StageKind]) -> Result<(String, String), Text> {
    let order: Vec<StageKind> = order.iter().copied().filter(|s| *s != StageKind::Grammar).collect();
    let rest = match order.split_first() {
        Some((StageKind::LogitBias, rest)) => rest,
        _ => &order[..],
    };
    let mut names = Vec::new();
    let mut letters = String::new();
    let mut i = 0;
    while i < rest.len() {
        let stage = rest[i];
        if stage == StageKind::LogitBias {
            return Err(Text::new(msg!("order-llama-bias-not-first")).arg("stage", rest[0].name()));
        }
        let Some((name, letter, _, stages)) = LLAMA_SAMPLERS.iter().find(|(_, _, _, stages)| stages.contains(&stage))
        else {
            return Err(Text::new(msg!("order-llama-not-in-engine")).arg("stage", stage.name()));
        };
        if !rest[i..].starts_with(stages) {
            return Err(Text::new(msg!("order-llama-penalties-apart")));
        }
        names.push(*name);
        letters.push(*letter);
        i += stages.len();
    }
    Ok((names.join(";"), letters))
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

/// Reads a preset key, a list of stage keys, or a llama.cpp `--samplers` / `--sampler-seq`
/// string ([`parse_llama`], logit-bias put first as llama.cpp does).
pub fn read_order(text: &str) -> Result<Vec<StageKind>, OrderError> {
    if let Some(preset) = OrderPreset::from_key(text.trim()) {
        return Ok(preset.order());
    }
    let keys = parse_order(text);
    if keys.is_ok() || text.contains(',') {
        return keys;
    }
    match parse_llama(text) {
        Ok(llama) => Ok(std::iter::once(StageKind::LogitBias).chain(llama).collect()),
        // A `;` list is llama.cpp's: name its culprit, not the whole text.
        Err(e) if text.contains(';') => Err(e),
        Err(_) => keys,
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
    fn a_pasted_order_names_what_it_cannot_read() {
        use StageKind::*;
        assert_eq!(read_order("top-k;nucleus;temp"), Ok(vec![LogitBias, TopK, TopP, Temperature]));
        assert_eq!(read_order("kpt"), Ok(vec![LogitBias, TopK, TopP, Temperature]));
        assert_eq!(read_order("top_k,top_p"), Ok(vec![TopK, TopP]));
        assert_eq!(read_order("top_k;bogus"), Err(OrderError::UnknownStage("bogus".into())));
        assert_eq!(read_order("top_k,bogus"), Err(OrderError::UnknownStage("bogus".into())));
        assert_eq!(read_order("top_k;top-k"), Err(OrderError::Twice("top-k".into())));
    }

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

    #[test]
    fn llama_cpp_lists_read_as_names_or_letters_and_write_back() {
        use StageKind::*;
        let default = parse_llama(LLAMA_DEFAULT).unwrap();
        assert_eq!(parse_llama("edskypmxt").unwrap(), default);
        assert_eq!(
            default,
            vec![
                RepetitionPenalty,
                FrequencyPenalty,
                PresencePenalty,
                Dry,
                TopNSigma,
                TopK,
                TypicalP,
                TopP,
                MinP,
                Xtc,
                Temperature
            ]
        );
        assert_eq!(OrderPreset::LlamaCpp.order()[0], LogitBias);
        assert_eq!(to_llama(&OrderPreset::LlamaCpp.order()), Ok((LLAMA_DEFAULT.to_string(), "edskypmxt".to_string())));
        // llama.cpp's other spellings, spaces around names, and the order kept as written.
        assert_eq!(parse_llama(" top-k; nucleus;temp ;typical ").unwrap(), vec![TopK, TopP, Temperature, TypicalP]);
        assert_eq!(parse_llama("top_n_sigma").unwrap(), vec![TopNSigma]);
        assert_eq!(to_llama(&[Temperature, TopK]), Ok(("temperature;top_k".into(), "tk".into())));
        assert_eq!(to_llama(&[Grammar, Temperature, TopK]), Ok(("temperature;top_k".into(), "tk".into())));
        // What samplescope cannot run as an order: unknown names or letters, a stage twice.
        assert_eq!(parse_llama("top_k;infill"), Err(OrderError::UnknownStage("infill".into())));
        assert_eq!(parse_llama("kpz"), Err(OrderError::UnknownStage("z".into())));
        assert_eq!(parse_llama("kpk"), Err(OrderError::Twice("k".into())));
        assert_eq!(parse_llama("penalties;top_k;top-k"), Err(OrderError::Twice("top-k".into())));
    }

    #[test]
    fn every_llama_cpp_list_round_trips_through_names_and_letters() {
        // Shuffles of llama.cpp's nine samplers (a fixed LCG), each cut at every length.
        let samplers = parse_llama("edskypmxt").unwrap();
        let groups: Vec<Vec<StageKind>> = {
            let mut groups = vec![samplers[..3].to_vec()];
            groups.extend(samplers[3..].iter().map(|&s| vec![s]));
            groups
        };
        let mut state = 7u64;
        for _ in 0..50 {
            let mut shuffled = groups.clone();
            for i in (1..shuffled.len()).rev() {
                state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
                shuffled.swap(i, (state >> 33) as usize % (i + 1));
            }
            for len in 0..=shuffled.len() {
                let order: Vec<StageKind> = shuffled[..len].concat();
                let (names, letters) = to_llama(&order).unwrap();
                assert_eq!(parse_llama(&names).unwrap(), order, "{names}");
                assert_eq!(parse_llama(&letters).unwrap(), order, "{letters}");
                assert_eq!(letters.len(), len);
                let with_bias: Vec<StageKind> = std::iter::once(StageKind::LogitBias).chain(order.clone()).collect();
                assert_eq!(to_llama(&with_bias).unwrap(), (names, letters));
            }
        }
    }

    #[test]
    fn llama_cpp_penalties_are_the_three_penalty_stages_in_order() {
        // test-sampling.cpp test_penalties: five tokens at 0.2, the last tokens accepted (here
        // the completion), then (repeat, freq, present); per id.
        let five = Candidates::from_logits(vec![0.2f32.ln(); 5]);
        let penalties = parse_llama("e").unwrap();
        for (last, (repeat, freq, present), expected) in [
            (&[0u32][..], (50.0, 0.0, 0.0), [0.0, 0.25, 0.25, 0.25, 0.25]),
            (&[0, 1, 2], (50.0, 0.0, 0.0), [0.0, 0.0, 0.0, 0.5, 0.5]),
            (&[0, 1, 2, 0, 0], (50.0, 0.0, 0.0), [0.0, 0.0, 0.0, 0.5, 0.5]),
            (&[0], (1.0, 5.0, 5.0), [0.000011, 0.249997, 0.249997, 0.249997, 0.249997]),
            (&[0, 1, 2], (1.0, 5.0, 5.0), [0.000023, 0.000023, 0.000023, 0.499966, 0.499966]),
            (&[0, 1, 2, 0, 0], (1.0, 5.0, 5.0), [0.0, 0.000023, 0.000023, 0.499977, 0.499977]),
        ] {
            let mut params = SamplingParams::default();
            params.repetition_penalty.theta = repeat;
            (params.frequency_penalty.alpha, params.presence_penalty.alpha) = (freq, present);
            let ctx = Context::new(History { prompt: &[], generated: last });
            assert_probs(run(&five.logits, &penalties, &params, &ctx).last(), &expected);
        }
    }

    #[test]
    fn llama_cpp_sampler_queue_cases() {
        // test-sampling.cpp test_sampler_queue: 10,000 tokens with p ∝ id (logit ln id, id 0
        // at −∞), top-p and min-p with min_keep 1. After each stage: how many are kept and the
        // lowest kept id (the survivors are always the ids from there to 9,999).
        let logits: Vec<f32> = (0..10_000).map(|i| (i as f32).ln()).collect();
        // (letters, top_k, top_p, min_p, (kept, lowest kept id) after each stage)
        type Case = (&'static str, usize, f32, f32, &'static [(usize, u32)]);
        let cases: &[Case] = &[
            ("k", 10_000, 1.0, 1.0, &[(10_000, 0)]),
            ("k", 1, 1.0, 1.0, &[(1, 9999)]),
            ("p", 10_000, 1.0, 1.0, &[(10_000, 0)]),
            ("p", 10_000, 0.0, 1.0, &[(1, 9999)]),
            ("m", 10_000, 1.0, 1.0, &[(1, 9999)]),
            ("m", 10_000, 1.0, 1e-12, &[(9999, 1)]),
            ("k", 100, 1.0, 1.0, &[(100, 9900)]),
            ("p", 10_000, 0.0003, 1.0, &[(2, 9998)]),
            ("p", 10_000, 0.8, 1.0, &[(5528, 4472)]),
            ("m", 10_000, 1.0, 9997.9 / 9999.0, &[(2, 9998)]),
            ("m", 10_000, 1.0, 0.1, &[(9000, 1000)]),
            ("kp", 100, 0.8, 0.1, &[(100, 9900), (80, 9920)]),
            ("km", 100, 0.8, 0.1, &[(100, 9900), (100, 9900)]),
            ("pk", 100, 0.8, 0.1, &[(5528, 4472), (100, 9900)]),
            ("pm", 100, 0.8, 0.1, &[(5528, 4472), (5528, 4472)]),
            ("mk", 100, 0.8, 0.1, &[(9000, 1000), (100, 9900)]),
            ("mp", 100, 0.8, 9997.9 / 9999.0, &[(2, 9998), (2, 9998)]),
            ("mp", 100, 0.8, 0.1, &[(9000, 1000), (5440, 4560)]),
            ("kpm", 100, 0.8, 0.1, &[(100, 9900), (80, 9920), (80, 9920)]),
            ("kmp", 100, 0.8, 0.1, &[(100, 9900), (100, 9900), (80, 9920)]),
            ("pkm", 100, 0.8, 0.1, &[(5528, 4472), (100, 9900), (100, 9900)]),
            ("pmk", 100, 0.8, 0.1, &[(5528, 4472), (5528, 4472), (100, 9900)]),
            ("mkp", 100, 0.8, 0.1, &[(9000, 1000), (100, 9900), (80, 9920)]),
            ("mpk", 100, 0.8, 0.1, &[(9000, 1000), (5440, 4560), (100, 9900)]),
        ];
        for &(seq, k, p, m, expected) in cases {
            let mut params = SamplingParams::default();
            (params.top_k.k, params.top_p.p, params.min_p.p, params.shared.min_keep) = (k, p, m, 1);
            let pipeline = run(&logits, &parse_llama(seq).unwrap(), &params, &no_context());
            let got: Vec<(usize, u32)> = pipeline
                .stages
                .iter()
                .map(|s| (s.candidates.kept_count(), s.candidates.kept.iter().position(|&k| k).unwrap() as u32))
                .collect();
            assert_eq!(got, expected, "{seq} k {k} p {p} m {m}");
        }
    }

    #[test]
    fn an_order_llama_cpp_cannot_run_says_why() {
        use StageKind::*;
        let why = |order: &[StageKind]| to_llama(order).unwrap_err().render(crate::i18n::Lang::En);
        assert_eq!(why(&[TopK, LogitBias]), "llama.cpp applies logit-bias first, before top-k");
        assert_eq!(why(&[TopK, Epsilon]), "ε-sampling is not a llama.cpp sampler");
        assert_eq!(why(&[Mirostat]), "mirostat is not a llama.cpp sampler");
        let apart = [RepetitionPenalty, TopK, FrequencyPenalty, PresencePenalty];
        assert!(why(&apart).contains("together"));
        assert!(why(&[FrequencyPenalty, RepetitionPenalty, PresencePenalty]).contains("in that order"));
    }

    #[test]
    fn the_order_box_takes_llama_cpp_lists_too() {
        use StageKind::*;
        assert_eq!(read_order("edskypmxt").unwrap(), OrderPreset::LlamaCpp.order());
        assert_eq!(read_order(LLAMA_DEFAULT).unwrap(), OrderPreset::LlamaCpp.order());
        assert_eq!(read_order("top_k;temp").unwrap(), vec![LogitBias, TopK, Temperature]);
        // Stage keys still come first: "dry" is a key, and a comma list is never llama.cpp's.
        assert_eq!(read_order("dry").unwrap(), vec![Dry]);
        assert_eq!(read_order("top_q"), Err(OrderError::UnknownStage("top_q".into())));
        assert_eq!(read_order("top_k,temp"), Err(OrderError::UnknownStage("temp".into())));
    }

    #[test]
    fn engines_mark_the_stages_they_lack() {
        use StageKind::*;
        assert!(!OrderPreset::HuggingFace.has(Dry) && OrderPreset::HuggingFace.has(Eta));
        assert!(OrderPreset::LlamaCpp.has(Mirostat) && OrderPreset::LlamaCppMirostat.has(Dry));
        assert!(!OrderPreset::Vllm.has(TypicalP) && OrderPreset::Vllm.has(AllowedTokenIds));
        assert!(!OrderPreset::OpenAi.has(TopK));
        let lacking = OrderPreset::OpenAi.lacking(&[Temperature, TopK, MinP]);
        let said: Vec<(StageKind, String)> =
            lacking.into_iter().map(|(s, t)| (s, t.render(crate::i18n::Lang::En))).collect();
        assert_eq!(
            said,
            vec![(TopK, "not in OpenAI-style API".to_string()), (MinP, "not in OpenAI-style API".to_string())]
        );
        // Every stage is in some engine's order (the grammar in every engine's, when asked).
        for &stage in StageKind::ALL.iter().filter(|s| **s != StageKind::Grammar) {
            assert!(OrderPreset::ALL.iter().any(|p| p.order().contains(&stage)), "{stage:?} is in no order");
        }
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
        // The grammar has no parameter: what moves it is the mask in its context
        // (`grammar::tests`).
        for &stage in StageKind::ALL.iter().filter(|s| !s.decl().params.is_empty()) {
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
