//! temperature: sharpen (T < 1) or flatten (T > 1) the distribution.
//!
//! `l'_i = l_i / T`, so `p_i ∝ p_i^(1/T)`. T = 1 is neutral; 0.2–1 is typical. T = 0 means
//! greedy, as in the OpenAI API: only the argmax stays (lowest id on a tie). Hugging Face
//! rejects 0 (it would divide by zero) and asks for `do_sample=False` instead.
//! As T → ∞ the kept tokens approach a uniform distribution.
//! Source: Ackley et al. 1985; transformers `TemperatureLogitsWarper`.
//!
//! ```
//! use samplescope::sampling::{Candidates, Context, Stage, temperature::{Params, Temperature}};
//! let c = Candidates::from_logits([0.1f32, 0.2, 0.3, 0.4].iter().map(|p| p.ln()).collect());
//! let (out, _) = Temperature::apply(&c, &Params { t: 0.5 }, &Context::default());
//! // p^2 renormalised: 0.01, 0.04, 0.09, 0.16 over 0.30
//! assert!((out.probs[3] - 0.16 / 0.30).abs() < 1e-6);
//! ```

use super::{
    Api, Candidates, Context, NumberSpec, Param, ParamKind, ParamValue, Stage, StageDecl, StageKind, StageTrace,
};
use crate::i18n::Text;
use crate::msg;

pub struct Temperature;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Params {
    /// `T` in 0..=2 (the OpenAI API's range); 0 is greedy.
    pub t: f32,
}

impl Default for Params {
    fn default() -> Self {
        Params { t: 1.0 }
    }
}

impl Stage for Temperature {
    type Params = Params;
    const DECL: StageDecl = StageDecl {
        key: "temperature",
        name: "temperature",
        formula: "l′ᵢ = lᵢ / T   (T = 0: keep only the argmax)",
        source: "https://huggingface.co/docs/transformers/main/en/internal/generation_utils#transformers.TemperatureLogitsWarper",
        reads: &[],
        params: &[Param {
            key: "temperature",
            symbol: "T",
            kind: ParamKind::Number(NumberSpec { min: 0.0, max: 2.0, step: 0.01, default: 1.0, neutral: true, integer: false }),
            api: Api::OpenAi,
            marks: &[(0.0, msg!("value-greedy"))],
            get: |p| ParamValue::Number(p.temperature.t as f64),
            set: |p, v| p.temperature.t = v.number() as f32,
        }],
    };

    fn apply(input: &Candidates, params: &Params, _ctx: &Context) -> (Candidates, StageTrace) {
        let stage = StageKind::Temperature;
        let t = params.t;
        if t == 1.0 {
            return (input.clone(), StageTrace::skipped(stage, input, "T = 1"));
        }
        if t <= 0.0 {
            let mut keep = vec![false; input.len()];
            if let Some(best) = input.argmax() {
                keep[best as usize] = true;
            }
            let out = input.keep_only(keep);
            let trace = StageTrace::between(stage, input, &out, Some(Text::new(msg!("trace-temperature-greedy"))));
            return (out, trace);
        }
        let logits = input.logits.iter().map(|l| l / t).collect();
        let out = Candidates::with_logits(logits, input.kept.clone());
        let detail = Text::new(msg!("trace-temperature"))
            .arg("t", t.to_string())
            .arg("sharper", if t < 1.0 { "yes" } else { "no" })
            .arg("before", format!("{:.2}", input.entropy))
            .arg("after", format!("{:.2}", out.entropy));
        let trace = StageTrace::between(stage, input, &out, Some(detail));
        (out, trace)
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;
    use super::*;

    fn at(t: f32) -> Candidates {
        Temperature::apply(&four(), &Params { t }, &no_context()).0
    }

    #[test]
    fn half_squares_the_probabilities() {
        assert_probs(&at(0.5), &[0.01 / 0.3, 0.04 / 0.3, 0.09 / 0.3, 0.16 / 0.3]);
    }

    #[test]
    fn two_takes_square_roots() {
        let z: f64 = [0.1f64, 0.2, 0.3, 0.4].iter().map(|p| p.sqrt()).sum();
        assert_probs(&at(2.0), &[0.1f64.sqrt() / z, 0.2f64.sqrt() / z, 0.3f64.sqrt() / z, 0.4f64.sqrt() / z]);
    }

    #[test]
    fn zero_is_greedy_and_tiny_is_almost_greedy() {
        assert_probs(&at(0.0), &[0.0, 0.0, 0.0, 1.0]);
        assert_eq!(*at(0.0).kept, vec![false, false, false, true]);
        let tiny = at(1e-6);
        assert!(tiny.probs[3] > 0.999_999 && tiny.probs.iter().all(|p| p.is_finite()));
    }

    #[test]
    fn greedy_tie_keeps_the_lowest_id() {
        let c = Candidates::from_logits(vec![1.0, 2.0, 2.0]);
        let (out, _) = Temperature::apply(&c, &Params { t: 0.0 }, &no_context());
        assert_eq!(*out.kept, vec![false, true, false]);
    }

    #[test]
    fn huge_temperature_is_nearly_uniform() {
        for &p in at(1e4).probs.iter() {
            assert!((p - 0.25).abs() < 1e-3);
        }
    }

    #[test]
    fn one_is_skipped() {
        let (out, trace) = Temperature::apply(&four(), &Params::default(), &no_context());
        assert!(trace.skipped);
        assert_eq!(out, four());
    }
}
