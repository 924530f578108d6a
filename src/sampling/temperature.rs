//! temperature: sharpen (T < 1) or flatten (T > 1) the distribution.
//!
//! `l'_i = l_i / T`, so `p_i ∝ p_i^(1/T)`. T = 1 is neutral; 0.2–1 is typical. T = 0 means
//! greedy, as in the OpenAI API: only the argmax stays (lowest id on a tie). Hugging Face
//! rejects 0 (it would divide by zero) and asks for `do_sample=False` instead.
//! As T → ∞ the kept tokens approach a uniform distribution.
//!
//! Dynamic temperature (llama.cpp's `temp_ext`, which its `temperature` sampler always is):
//! with a range Δ > 0 the temperature follows the input's entropy,
//! `T′ = T_min + (T_max − T_min)·(H / ln N)^exponent`, `T_min = max(0, T − Δ)`, `T_max = T + Δ`,
//! H the entropy of the kept tokens in nats and N how many are kept, so a confident position
//! is sharpened and an uncertain one flattened. N counts kept tokens only: llama.cpp counts the
//! −∞ entries an earlier top-nσ or logit-bias left in its array too, which lowers T′ there.
//! With one token kept nothing changes; T′ = 0 is greedy. Δ 0..=2 (0 = plain temperature),
//! exponent 0..=5 (1); a negative exponent, which llama.cpp accepts, would make T′ infinite
//! at H = 0 and is not offered.
//! Source: Ackley et al. 1985; transformers `TemperatureLogitsWarper`; llama.cpp
//! `llama_sampler_temp_ext_apply`.
//!
//! ```
//! use samplescope::sampling::{Candidates, Context, Stage, temperature::{Params, Temperature}};
//! let c = Candidates::from_logits([0.1f32, 0.2, 0.3, 0.4].iter().map(|p| p.ln()).collect());
//! let (out, _) = Temperature::apply(&c, &Params { t: 0.5, ..Params::default() }, &Context::default());
//! // p^2 renormalised: 0.01, 0.04, 0.09, 0.16 over 0.30
//! assert!((out.probs[3] - 0.16 / 0.30).abs() < 1e-6);
//! ```

use super::{
    Api, Candidates, Context, Detail, NumberSpec, Param, ParamKind, ParamValue, Stage, StageDecl, StageKind,
    StageTrace,
};
use crate::i18n::Text;
use crate::msg;

pub struct Temperature;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Params {
    /// `T` in 0..=2 (the OpenAI API's range); 0 is greedy.
    pub t: f32,
    /// Dynamic temperature's Δ; 0 = plain temperature.
    pub dynatemp_range: f32,
    /// How the dynamic temperature follows the normalised entropy.
    pub dynatemp_exponent: f32,
}

impl Default for Params {
    fn default() -> Self {
        Params { t: 1.0, dynatemp_range: 0.0, dynatemp_exponent: 1.0 }
    }
}

const fn number(max: f64, step: f64, default: f64, neutral: bool) -> ParamKind {
    ParamKind::Number(NumberSpec { min: 0.0, max, step, default, neutral, integer: false })
}

impl Stage for Temperature {
    type Params = Params;
    const DECL: StageDecl = StageDecl {
        key: "temperature",
        name: "temperature",
        formula: "l′ᵢ = lᵢ / T   (T = 0: argmax; Δ > 0: T′ = T_min + (T_max − T_min)·(H / ln N)^exp)",
        source: "https://huggingface.co/docs/transformers/main/en/internal/generation_utils#transformers.TemperatureLogitsWarper",
        reads: &[],
        params: &[
            Param {
                key: "temperature",
                symbol: "T",
                kind: number(2.0, 0.01, 1.0, true),
                api: Api::OpenAi,
                marks: &[(0.0, msg!("value-greedy"))],
                get: |p| ParamValue::Number(p.temperature.t as f64),
                set: |p, v| p.temperature.t = v.number() as f32,
            },
            Param {
                key: "dynatemp_range",
                symbol: "Δ",
                kind: number(2.0, 0.01, 0.0, true),
                api: Api::Extra,
                marks: &[],
                get: |p| ParamValue::Number(p.temperature.dynatemp_range as f64),
                set: |p, v| p.temperature.dynatemp_range = v.number() as f32,
            },
            Param {
                key: "dynatemp_exponent",
                symbol: "exp",
                kind: number(5.0, 0.05, 1.0, false),
                api: Api::Extra,
                marks: &[],
                get: |p| ParamValue::Number(p.temperature.dynatemp_exponent as f64),
                set: |p, v| p.temperature.dynatemp_exponent = v.number() as f32,
            },
        ],
    };

    fn apply(input: &Candidates, params: &Params, _ctx: &Context) -> (Candidates, StageTrace) {
        let stage = StageKind::Temperature;
        if params.dynatemp_range > 0.0 {
            return dynamic(input, params);
        }
        let t = params.t;
        if t == 1.0 {
            return (input.clone(), StageTrace::skipped(stage, input, "T = 1"));
        }
        plain(input, t, None)
    }
}

/// Divides by `t`, or keeps only the argmax for `t ≤ 0`; `summary` replaces the usual sentence.
fn plain(input: &Candidates, t: f32, summary: Option<Text>) -> (Candidates, StageTrace) {
    let stage = StageKind::Temperature;
    if t <= 0.0 {
        let mut keep = vec![false; input.len()];
        if let Some(best) = input.argmax() {
            keep[best as usize] = true;
        }
        let out = input.keep_only(keep);
        let summary = summary.unwrap_or_else(|| Text::new(msg!("trace-temperature-greedy")));
        let trace = StageTrace::between(stage, input, &out, Some(summary));
        return (out, trace);
    }
    let logits = input.logits.iter().map(|l| l / t).collect();
    let out = Candidates::with_logits(logits, input.kept.clone());
    let summary = summary.unwrap_or_else(|| {
        Text::new(msg!("trace-temperature"))
            .arg("t", t.to_string())
            .arg("sharper", if t < 1.0 { "yes" } else { "no" })
            .arg("before", format!("{:.2}", input.entropy))
            .arg("after", format!("{:.2}", out.entropy))
    });
    let trace = StageTrace::between(stage, input, &out, Some(summary));
    (out, trace)
}

/// llama.cpp's `temp_ext` with Δ > 0: the temperature from the input's normalised entropy.
fn dynamic(input: &Candidates, params: &Params) -> (Candidates, StageTrace) {
    let stage = StageKind::Temperature;
    let n = input.kept_count();
    if n <= 1 {
        let summary = Text::new(msg!("trace-temperature-dynamic-one"));
        return (input.clone(), StageTrace::between(stage, input, input, Some(summary)));
    }
    let t_min = (params.t - params.dynatemp_range).max(0.0);
    let t_max = params.t + params.dynatemp_range;
    let max_entropy = (n as f64).ln();
    let normalised = (input.entropy / max_entropy).clamp(0.0, 1.0) as f32;
    let t = t_min + (t_max - t_min) * libm::powf(normalised, params.dynatemp_exponent);
    let shown = |x: f64| format!("{x:.3}");
    let summary = Text::new(msg!("trace-temperature-dynamic"))
        .arg("h", shown(input.entropy))
        .arg("ln_n", shown(max_entropy))
        .arg("t", shown(t as f64))
        .arg("t_min", t_min.to_string())
        .arg("t_max", t_max.to_string());
    let (out, trace) = plain(input, t, Some(summary));
    let detail = Detail::DynamicTemperature { entropy: input.entropy, max_entropy, t_min, t_max, t };
    (out, trace.with_detail(detail))
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;
    use super::*;

    fn at(t: f32) -> Candidates {
        Temperature::apply(&four(), &Params { t, ..Params::default() }, &no_context()).0
    }

    fn dynamic(c: &Candidates, t: f32, range: f32, exponent: f32) -> (Candidates, StageTrace) {
        let params = Params { t, dynatemp_range: range, dynatemp_exponent: exponent };
        Temperature::apply(c, &params, &no_context())
    }

    #[test]
    fn llama_cpp_temperature_cases() {
        // test-sampling.cpp test_temp and test_temp_ext(temp, delta 0, exponent 1).
        assert_probs(&at(1.0), &[0.1, 0.2, 0.3, 0.4]);
        assert_probs(&at(0.0), &[0.0, 0.0, 0.0, 1.0]);
        assert_probs(&dynamic(&four(), 1.0, 0.0, 1.0).0, &[0.1, 0.2, 0.3, 0.4]);
        assert_probs(&dynamic(&four(), 0.0, 0.0, 1.0).0, &[0.0, 0.0, 0.0, 1.0]);
    }

    #[test]
    fn dynamic_temperature_follows_the_normalised_entropy() {
        // H(0.1..0.4) = 1.279854 nats of ln 4 = 1.386294: T′ = 0.5 + 1 · 0.923220.
        let (out, trace) = dynamic(&four(), 1.0, 0.5, 1.0);
        assert_probs(&out, &[0.134408, 0.218745, 0.290847, 0.356001]);
        let Detail::DynamicTemperature { entropy, max_entropy, t_min, t_max, t } = trace.detail else {
            panic!("{:?}", trace.detail)
        };
        assert!((entropy - 1.279854).abs() < 1e-5 && (max_entropy - 4f64.ln()).abs() < 1e-9);
        assert_eq!((t_min, t_max), (0.5, 1.5));
        assert!((t - 1.42322).abs() < 1e-5, "T′ = {t}");
        // A more confident position gets a lower temperature: H = 0.940448 → T′ = 1.178390.
        let peaked = Candidates::from_logits([0.7f32, 0.1, 0.1, 0.1].iter().map(|p| p.ln()).collect());
        assert_probs(&dynamic(&peaked, 1.0, 0.5, 1.0).0, &[0.634766, 0.121745, 0.121745, 0.121745]);
    }

    #[test]
    fn dynamic_temperature_edges() {
        // Exponent 0: (H / ln N)^0 = 1, always T_max. Uniform input: also T_max.
        let (_, trace) = dynamic(&four(), 1.0, 0.5, 0.0);
        assert!(matches!(trace.detail, Detail::DynamicTemperature { t, .. } if t == 1.5));
        // T ≤ Δ and one token far ahead: T_min = 0 and T′ near 0 keeps almost only it.
        let sure = Candidates::from_logits(vec![30.0, 0.0, 0.0]);
        let (out, _) = dynamic(&sure, 0.3, 0.5, 2.0);
        assert!(out.probs[0] > 0.999_999);
        // One kept token: nothing to do, and no temperature applied.
        let one = four().keep_only(vec![false, true, false, false]);
        let (out, trace) = dynamic(&one, 0.5, 0.5, 1.0);
        assert_eq!((out, trace.detail), (one, Detail::None));
        // An exponent above 1 lowers T′ for the same entropy.
        let t_of = |exponent| match dynamic(&four(), 1.0, 0.5, exponent).1.detail {
            Detail::DynamicTemperature { t, .. } => t,
            other => panic!("{other:?}"),
        };
        assert!(t_of(2.0) < t_of(1.0) && t_of(1.0) < t_of(0.5));
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
        let (out, _) = Temperature::apply(&c, &Params { t: 0.0, ..Params::default() }, &no_context());
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
