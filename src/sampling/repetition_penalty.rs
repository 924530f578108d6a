//! repetition-penalty: make tokens already in the context less likely (CTRL, Keskar et al. 2019).
//!
//! For every token j present in the prompt or the completion (as Hugging Face counts):
//! `l'_j = l_j / θ` if `l_j > 0`, else `l'_j = l_j · θ`. θ > 1 penalises, θ < 1 rewards
//! repetition, θ = 1 is off; 1.1–1.3 is typical. Unlike the frequency penalty it does not
//! depend on how often the token occurred.
//! Source: <https://arxiv.org/abs/1909.05858>, transformers `RepetitionPenaltyLogitsProcessor`.
//!
//! ```
//! use samplescope::sampling::{Candidates, History, SamplingParams, repetition_penalty};
//! let c = Candidates::from_logits(vec![2.0, -2.0, 0.0]);
//! let params = SamplingParams { repetition_penalty: 2.0, ..Default::default() };
//! let history = History { prompt: &[0, 1], generated: &[] };
//! let (out, _) = repetition_penalty::apply(&c, &params, &history);
//! assert_eq!(*out.logits, vec![1.0, -4.0, 0.0]);
//! ```

use super::{Candidates, History, SamplingParams, StageKind, StageTrace};

pub const FORMULA: &str = "for j in context: l′ⱼ = lⱼ / θ if lⱼ > 0, else lⱼ · θ";

pub fn apply(input: &Candidates, params: &SamplingParams, history: &History) -> (Candidates, StageTrace) {
    let stage = StageKind::RepetitionPenalty;
    let theta = params.repetition_penalty;
    if theta == 1.0 {
        return (input.clone(), StageTrace::skipped(stage, input, "θ = 1"));
    }
    let mut seen = vec![false; input.len()];
    for &id in history.prompt.iter().chain(history.generated) {
        if let Some(s) = seen.get_mut(id as usize) {
            *s = true;
        }
    }
    let mut logits = input.logits.to_vec();
    let mut touched = 0;
    for (l, _) in logits.iter_mut().zip(&seen).filter(|(_, s)| **s) {
        *l = if *l > 0.0 { *l / theta } else { *l * theta };
        touched += 1;
    }
    let out = Candidates::with_logits(logits, input.kept.clone());
    let detail = format!(
        "repetition-penalty θ = {theta} scaled {touched} token{} already in the context",
        if touched == 1 { "" } else { "s" }
    );
    let trace = StageTrace::between(stage, input, &out, &detail);
    (out, trace)
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;
    use super::*;

    fn run(theta: f32, prompt: &[u32], generated: &[u32]) -> Candidates {
        let params = SamplingParams { repetition_penalty: theta, ..Default::default() };
        apply(&Candidates::from_logits(vec![2.0, -2.0, 0.0, 1.0]), &params, &History { prompt, generated }).0
    }

    #[test]
    fn positive_logits_divide_and_negative_multiply() {
        assert_eq!(*run(2.0, &[0, 1], &[]).logits, vec![1.0, -4.0, 0.0, 1.0]);
    }

    #[test]
    fn counts_prompt_and_completion_once_each() {
        assert_eq!(*run(2.0, &[3], &[3, 3, 0]).logits, vec![1.0, -2.0, 0.0, 0.5]);
    }

    #[test]
    fn theta_below_one_rewards_repetition() {
        assert_eq!(*run(0.5, &[0, 1], &[]).logits, vec![4.0, -1.0, 0.0, 1.0]);
    }

    #[test]
    fn theta_one_is_skipped_and_probabilities_follow_the_new_logits() {
        let params = SamplingParams::default();
        let (_, trace) = apply(&four(), &params, &History { prompt: &[0], generated: &[] });
        assert!(trace.skipped);
        // logits ln(0.1..0.4) are all negative: θ = 2 doubles token 3's: 0.4² = 0.16.
        let out = run_four(2.0, &[3]);
        let z = 0.1 + 0.2 + 0.3 + 0.16;
        assert_probs(&out, &[0.1 / z, 0.2 / z, 0.3 / z, 0.16 / z]);
    }

    fn run_four(theta: f32, prompt: &[u32]) -> Candidates {
        let params = SamplingParams { repetition_penalty: theta, ..Default::default() };
        apply(&four(), &params, &History { prompt, generated: &[] }).0
    }
}
