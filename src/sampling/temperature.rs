//! temperature: sharpen (T < 1) or flatten (T > 1) the distribution.
//!
//! `l'_i = l_i / T`, so `p_i ∝ p_i^(1/T)`. T = 1 is neutral; 0.2–1 is typical. T = 0 means
//! greedy, as in the OpenAI API: only the argmax stays (lowest id on a tie). Hugging Face
//! rejects 0 (it would divide by zero) and asks for `do_sample=False` instead.
//! As T → ∞ the kept tokens approach a uniform distribution.
//! Source: Ackley et al. 1985; transformers `TemperatureLogitsWarper`.
//!
//! ```
//! use samplescope::sampling::{Candidates, History, SamplingParams, temperature};
//! let c = Candidates::from_logits([0.1f32, 0.2, 0.3, 0.4].iter().map(|p| p.ln()).collect());
//! let params = SamplingParams { temperature: 0.5, ..Default::default() };
//! let (out, _) = temperature::apply(&c, &params, &History::default());
//! // p^2 renormalised: 0.01, 0.04, 0.09, 0.16 over 0.30
//! assert!((out.probs[3] - 0.16 / 0.30).abs() < 1e-6);
//! ```

use super::{Candidates, History, SamplingParams, StageKind, StageTrace};

pub const FORMULA: &str = "l′ᵢ = lᵢ / T   (T = 0: keep only the argmax)";

pub fn apply(input: &Candidates, params: &SamplingParams, _history: &History) -> (Candidates, StageTrace) {
    let stage = StageKind::Temperature;
    let t = params.temperature;
    if t == 1.0 {
        return (input.clone(), StageTrace::skipped(stage, input, "T = 1"));
    }
    if t <= 0.0 {
        let mut keep = vec![false; input.len()];
        if let Some(best) = input.argmax() {
            keep[best as usize] = true;
        }
        let out = input.keep_only(keep);
        let trace = StageTrace::between(stage, input, &out, "temperature 0 is greedy: only the argmax stays");
        return (out, trace);
    }
    let logits = input.logits.iter().map(|l| l / t).collect();
    let out = Candidates::with_logits(logits, input.kept.clone());
    let detail = format!(
        "temperature T = {t} {} the distribution: entropy {:.2} → {:.2} nats",
        if t < 1.0 { "sharpened" } else { "flattened" },
        input.entropy,
        out.entropy
    );
    let trace = StageTrace::between(stage, input, &out, &detail);
    (out, trace)
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;
    use super::*;

    fn at(t: f32) -> Candidates {
        apply(&four(), &SamplingParams { temperature: t, ..Default::default() }, &no_history()).0
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
        let (out, _) = apply(&c, &SamplingParams { temperature: 0.0, ..Default::default() }, &no_history());
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
        let (out, trace) = apply(&four(), &SamplingParams::default(), &no_history());
        assert!(trace.skipped);
        assert_eq!(out, four());
    }
}
