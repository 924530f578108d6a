//! The sampling parameters as one registry, built from the stages' declarations: what the link,
//! the request body, the export, the sliders and validation iterate over.

use super::stage::{Param, ValueProblem};
use super::{SamplingParams, StageKind, draw, shared};

/// A parameter outside its allowed range.
#[derive(Clone, Debug, PartialEq)]
pub struct ParamError {
    pub param: &'static str,
    /// The value as the link would write it.
    pub value: String,
    pub problem: ValueProblem,
}

impl SamplingParams {
    /// Every parameter: each stage's in the order of the stage list, then the shared ones,
    /// then the draw's.
    pub fn params() -> impl Iterator<Item = &'static Param> {
        StageKind::ALL
            .iter()
            .flat_map(|s| s.decl().params.iter())
            .chain(shared::PARAMS.iter())
            .chain(draw::PARAMS.iter())
    }

    /// The parameter whose request key is `key`.
    pub fn param(key: &str) -> Option<&'static Param> {
        SamplingParams::params().find(|p| p.key == key)
    }

    /// The stage that owns the parameter `key` (`None` for the shared ones and the draw's).
    pub fn owner(key: &str) -> Option<StageKind> {
        StageKind::ALL.iter().copied().find(|s| s.decl().params.iter().any(|p| p.key == key))
    }

    /// Every stage whose output `key` can change: its owner, or the stages that declare they
    /// read it (`min_keep`).
    pub fn readers(key: &str) -> Vec<StageKind> {
        StageKind::ALL
            .iter()
            .copied()
            .filter(|s| s.decl().params.iter().chain(s.decl().shared()).any(|p| p.key == key))
            .collect()
    }

    /// Every parameter outside its declared range (`vocab` bounds token ids).
    pub fn validate(&self, vocab: usize) -> Vec<ParamError> {
        SamplingParams::params()
            .filter_map(|p| {
                let value = (p.get)(self);
                p.check(&value, vocab).err().map(|problem| ParamError { param: p.key, value: p.text(self), problem })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::super::stage::{ParamKind, ParamValue};
    use super::*;

    #[test]
    fn keys_are_unique_and_defaults_are_valid_and_neutral() {
        let keys: BTreeSet<_> = SamplingParams::params().map(|p| p.key).collect();
        assert_eq!(keys.len(), SamplingParams::params().count(), "a parameter key appears twice");
        assert!(SamplingParams::default().validate(4).is_empty());
        for p in SamplingParams::params() {
            if let ParamKind::Number(spec) = &p.kind {
                assert!(spec.min <= spec.default && spec.default <= spec.max, "{}: default outside its range", p.key);
                // Stored as f32 (or an integer): the declared default as the field holds it.
                let stored = p.default_value().number() as f32;
                assert_eq!(stored, spec.default as f32, "{}: not its declared default", p.key);
                assert!(spec.step > 0.0 && spec.step <= spec.max - spec.min, "{}: step", p.key);
            }
        }
        // Every stage can be switched off by its neutral parameters (the property tests check
        // that it then changes nothing).
        // The grammar has no parameter; no format switches it off.
        for &stage in StageKind::ALL.iter().filter(|s| !s.decl().params.is_empty()) {
            let neutral = stage.decl().params.iter().any(|p| match &p.kind {
                ParamKind::Number(spec) => spec.neutral,
                _ => p.default_value() == default_list_or_bias(&p.kind),
            });
            assert!(neutral, "{stage:?} has no neutral parameter");
        }
    }

    /// The empty value of a list or bias kind: what its stage does nothing with.
    fn default_list_or_bias(kind: &ParamKind) -> ParamValue {
        match kind {
            ParamKind::TokenBias { .. } => ParamValue::Bias(vec![]),
            ParamKind::Strings { .. } => ParamValue::Strings(vec![]),
            ParamKind::TokenIds { .. } => ParamValue::Ids(vec![]),
            _ => ParamValue::Number(f64::NAN),
        }
    }

    #[test]
    fn every_parameter_and_stage_has_its_words_in_every_language() {
        use crate::i18n::{Lang, has};
        for lang in Lang::ALL {
            for p in SamplingParams::params() {
                for id in [format!("param-{}", p.key), format!("param-{}.hint", p.key)] {
                    assert!(has(lang, &id), "{lang:?} lacks {id}");
                }
                for (_, mark) in p.marks {
                    assert!(has(lang, mark), "{lang:?} lacks {mark}");
                }
            }
        }
    }

    #[test]
    fn set_then_get_gives_the_value_back() {
        for p in SamplingParams::params() {
            let value = match &p.kind {
                // The far end of the range from the default, so the value always changes.
                ParamKind::Number(spec) => {
                    ParamValue::Number(if spec.default == spec.max { spec.min } else { spec.max })
                }
                ParamKind::Flag => ParamValue::Flag(p.default_value() == ParamValue::Flag(false)),
                ParamKind::TokenBias { .. } => ParamValue::Bias(vec![(3, 1.5), (1, -2.0)]),
                ParamKind::Strings { .. } => ParamValue::Strings(vec!["x".into(), "\n\"y".into()]),
                ParamKind::TokenIds { .. } => ParamValue::Ids(vec![3, 1]),
            };
            let mut params = SamplingParams::default();
            (p.set)(&mut params, value.clone());
            let back = (p.get)(&params);
            match (&value, &back) {
                (ParamValue::Number(a), ParamValue::Number(b)) => assert!((a - b).abs() < 1e-6, "{}: {a} → {b}", p.key),
                _ => assert_eq!(back, value, "{}", p.key),
            }
            assert_ne!(params, SamplingParams::default(), "{}: set changed nothing", p.key);
        }
    }

    #[test]
    fn errors_name_the_parameter_and_its_range() {
        let mut bad = SamplingParams::default();
        bad.top_p.p = 1.5;
        let errors = bad.validate(4);
        assert_eq!(
            errors,
            vec![ParamError {
                param: "top_p",
                value: "1.5".into(),
                problem: ValueProblem::OutOfRange { min: 0.0, max: 1.0 }
            }]
        );
        let mut nan = SamplingParams::default();
        nan.temperature.t = f32::NAN;
        assert_eq!(nan.validate(4)[0].param, "temperature");
        let mut bias = SamplingParams::default();
        bias.logit_bias.biases = vec![(9, 1.0)];
        assert_eq!(bias.validate(4)[0].problem, ValueProblem::TokenOutsideVocab { id: 9, vocab: 4 });
        assert_eq!(SamplingParams::owner("top_p"), Some(StageKind::TopP));
        assert_eq!(SamplingParams::owner("do_sample"), None);
        assert_eq!(SamplingParams::owner("min_keep"), None);
        assert_eq!(SamplingParams::readers("top_p"), vec![StageKind::TopP]);
    }
}
