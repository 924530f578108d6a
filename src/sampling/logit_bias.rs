//! logit-bias: add a fixed amount to chosen tokens' logits (the OpenAI API's `logit_bias`).
//!
//! `l'_j = l_j + b_j`, `b_j` in -100..=100, neutral: no entries. Values near ±1 nudge a token;
//! -100 makes it practically impossible (e^-100 ≈ 4e-44 relative weight) and +100 practically
//! certain, which is how the API describes "ban" and "force". Nothing is removed: a banned
//! token keeps its (vanishing) probability, exactly as the formula says.
//! Source: <https://platform.openai.com/docs/api-reference/chat/create#chat-create-logit_bias>
//!
//! ```
//! use samplescope::sampling::{Candidates, History, SamplingParams, logit_bias};
//! let c = Candidates::from_logits([0.1f32, 0.2, 0.3, 0.4].iter().map(|p| p.ln()).collect());
//! let params = SamplingParams { logit_bias: vec![(0, 2f32.ln())], ..Default::default() };
//! let (out, _) = logit_bias::apply(&c, &params, &History::default());
//! // token 0's weight doubles: 0.2 / 1.1
//! assert!((out.probs[0] - 0.2 / 1.1).abs() < 1e-6);
//! ```

use super::{Candidates, History, SamplingParams, StageKind, StageTrace};

pub const FORMULA: &str = "l′ⱼ = lⱼ + bⱼ,  bⱼ ∈ [−100, 100]";

pub fn apply(input: &Candidates, params: &SamplingParams, _history: &History) -> (Candidates, StageTrace) {
    let stage = StageKind::LogitBias;
    let biases: Vec<(u32, f32)> =
        params.logit_bias.iter().copied().filter(|&(id, b)| b != 0.0 && (id as usize) < input.len()).collect();
    if biases.is_empty() {
        return (input.clone(), StageTrace::skipped(stage, input, "no biases"));
    }
    let mut logits = input.logits.to_vec();
    // A later entry for the same token replaces an earlier one, as keys of a JSON map would.
    let mut last: std::collections::BTreeMap<u32, f32> = Default::default();
    for (id, b) in biases {
        last.insert(id, b);
    }
    for (&id, &b) in &last {
        logits[id as usize] = input.logits[id as usize] + b;
    }
    let out = Candidates::with_logits(logits, input.kept.clone());
    let detail = format!("logit-bias shifted {} token{}", last.len(), if last.len() == 1 { "" } else { "s" });
    let trace = StageTrace::between(stage, input, &out, &detail);
    (out, trace)
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;
    use super::*;

    fn with(bias: Vec<(u32, f32)>) -> Candidates {
        let params = SamplingParams { logit_bias: bias, ..Default::default() };
        apply(&four(), &params, &no_history()).0
    }

    #[test]
    fn bias_multiplies_a_tokens_weight_by_e_to_the_bias() {
        // weights 0.1,0.2,0.3,0.4; +ln 2 on token 0 -> 0.2,0.2,0.3,0.4 over 1.1
        assert_probs(&with(vec![(0, 2f32.ln())]), &[0.2 / 1.1, 0.2 / 1.1, 0.3 / 1.1, 0.4 / 1.1]);
    }

    #[test]
    fn minus_100_bans_and_plus_100_forces() {
        let banned = with(vec![(3, -100.0)]);
        assert!(banned.probs[3] < 1e-40);
        assert_probs(&banned, &[1.0 / 6.0, 2.0 / 6.0, 3.0 / 6.0, 0.0]);
        assert_probs(&with(vec![(0, 100.0)]), &[1.0, 0.0, 0.0, 0.0]);
    }

    #[test]
    fn equal_bias_on_every_token_changes_nothing() {
        assert_probs(&with((0..4).map(|i| (i, -100.0)).collect()), &[0.1, 0.2, 0.3, 0.4]);
    }

    #[test]
    fn empty_or_zero_bias_is_skipped() {
        let params = SamplingParams { logit_bias: vec![(1, 0.0)], ..Default::default() };
        let (out, trace) = apply(&four(), &params, &no_history());
        assert!(trace.skipped);
        assert_eq!(out, four());
    }

    #[test]
    fn later_entry_for_a_token_wins() {
        assert_probs(&with(vec![(0, 100.0), (0, 2f32.ln())]), &[0.2 / 1.1, 0.2 / 1.1, 0.3 / 1.1, 0.4 / 1.1]);
    }
}
