//! frequency-penalty: subtract a fixed amount per earlier occurrence in the completion
//! (the OpenAI API's `frequency_penalty`).
//!
//! `l'_j = l_j - c_j · α_freq`, where `c_j` counts token j among the generated tokens (not the
//! prompt). Range -2..=2, neutral 0; 0.1–1 reduces verbatim repetition, negative values
//! encourage it. Together with the presence penalty this is the API's
//! `mu[j] - c[j] * alpha_frequency - float(c[j] > 0) * alpha_presence`.
//! Source: <https://platform.openai.com/docs/advanced-usage/frequency-and-presence-penalties>
//!
//! ```
//! use samplescope::sampling::{Candidates, History, SamplingParams, frequency_penalty};
//! let c = Candidates::from_logits(vec![1.0, 1.0, 1.0]);
//! let params = SamplingParams { frequency_penalty: 0.5, ..Default::default() };
//! let history = History { prompt: &[2], generated: &[0, 0, 1] };
//! let (out, _) = frequency_penalty::apply(&c, &params, &history);
//! assert_eq!(*out.logits, vec![0.0, 0.5, 1.0]);
//! ```

use std::collections::BTreeMap;

use super::{Candidates, History, SamplingParams, StageKind, StageTrace};

pub const FORMULA: &str = "l′ⱼ = lⱼ − cⱼ · α_freq   (cⱼ = count of j in the completion)";

/// How often each token occurs in the completion: the `c_j` of both OpenAI penalties.
pub fn completion_counts(history: &History) -> BTreeMap<u32, u32> {
    let mut counts = BTreeMap::new();
    for &id in history.generated {
        *counts.entry(id).or_insert(0) += 1;
    }
    counts
}

pub fn apply(input: &Candidates, params: &SamplingParams, history: &History) -> (Candidates, StageTrace) {
    let stage = StageKind::FrequencyPenalty;
    let alpha = params.frequency_penalty;
    if alpha == 0.0 {
        return (input.clone(), StageTrace::skipped(stage, input, "α_freq = 0"));
    }
    let counts = completion_counts(history);
    if counts.is_empty() {
        return (input.clone(), StageTrace::skipped(stage, input, "nothing generated yet"));
    }
    let mut logits = input.logits.to_vec();
    for (&id, &c) in &counts {
        if let Some(l) = logits.get_mut(id as usize) {
            *l -= c as f32 * alpha;
        }
    }
    let out = Candidates::with_logits(logits, input.kept.clone());
    let detail = format!(
        "frequency-penalty α = {alpha} lowered {} generated token{} by count × α",
        counts.len(),
        if counts.len() == 1 { "" } else { "s" }
    );
    let trace = StageTrace::between(stage, input, &out, &detail);
    (out, trace)
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;
    use super::*;

    fn run(alpha: f32, generated: &[u32]) -> Candidates {
        let params = SamplingParams { frequency_penalty: alpha, ..Default::default() };
        apply(&Candidates::from_logits(vec![1.0, 1.0, 1.0, 1.0]), &params, &History { prompt: &[3, 3], generated }).0
    }

    #[test]
    fn penalty_scales_with_the_count_and_ignores_the_prompt() {
        assert_eq!(*run(0.5, &[0, 0, 0, 1]).logits, vec![-0.5, 0.5, 1.0, 1.0]);
    }

    #[test]
    fn negative_penalty_rewards_repeats() {
        assert_eq!(*run(-2.0, &[2, 2]).logits, vec![1.0, 1.0, 5.0, 1.0]);
    }

    #[test]
    fn probabilities_follow() {
        // ln 2 on one occurrence halves token 0's weight: weights 0.05,0.2,0.3,0.4.
        let params = SamplingParams { frequency_penalty: 2f32.ln(), ..Default::default() };
        let (out, _) = apply(&four(), &params, &History { prompt: &[], generated: &[0] });
        assert_probs(&out, &[0.05 / 0.95, 0.2 / 0.95, 0.3 / 0.95, 0.4 / 0.95]);
    }

    #[test]
    fn zero_alpha_or_empty_completion_is_skipped() {
        let params = SamplingParams { frequency_penalty: 1.0, ..Default::default() };
        assert!(apply(&four(), &params, &History { prompt: &[0], generated: &[] }).1.skipped);
        assert!(apply(&four(), &SamplingParams::default(), &History { prompt: &[], generated: &[0] }).1.skipped);
    }
}
