//! presence-penalty: subtract a fixed amount from every token that already occurs in the
//! completion, however often (the OpenAI API's `presence_penalty`).
//!
//! `l'_j = l_j - 1[c_j > 0] · α_pres`, `c_j` counted over the generated tokens only.
//! Range -2..=2, neutral 0; positive values push the model towards new tokens (topics).
//! Source: <https://platform.openai.com/docs/advanced-usage/frequency-and-presence-penalties>
//!
//! ```
//! use samplescope::sampling::{Candidates, History, SamplingParams, presence_penalty};
//! let c = Candidates::from_logits(vec![1.0, 1.0, 1.0]);
//! let params = SamplingParams { presence_penalty: 0.5, ..Default::default() };
//! let history = History { prompt: &[2], generated: &[0, 0, 1] };
//! let (out, _) = presence_penalty::apply(&c, &params, &history);
//! assert_eq!(*out.logits, vec![0.5, 0.5, 1.0]);
//! ```

use super::frequency_penalty::completion_counts;
use super::{Candidates, History, SamplingParams, StageKind, StageTrace};

pub const FORMULA: &str = "l′ⱼ = lⱼ − 1[cⱼ > 0] · α_pres";

pub fn apply(input: &Candidates, params: &SamplingParams, history: &History) -> (Candidates, StageTrace) {
    let stage = StageKind::PresencePenalty;
    let alpha = params.presence_penalty;
    if alpha == 0.0 {
        return (input.clone(), StageTrace::skipped(stage, input, "α_pres = 0"));
    }
    let counts = completion_counts(history);
    if counts.is_empty() {
        return (input.clone(), StageTrace::skipped(stage, input, "nothing generated yet"));
    }
    let mut logits = input.logits.to_vec();
    for &id in counts.keys() {
        if let Some(l) = logits.get_mut(id as usize) {
            *l -= alpha;
        }
    }
    let out = Candidates::with_logits(logits, input.kept.clone());
    let detail = format!(
        "presence-penalty α = {alpha} lowered {} generated token{}",
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

    #[test]
    fn once_per_token_whatever_the_count() {
        let params = SamplingParams { presence_penalty: 1.5, ..Default::default() };
        let (out, _) =
            apply(&Candidates::from_logits(vec![0.0; 3]), &params, &History { prompt: &[2], generated: &[0, 0, 0, 1] });
        assert_eq!(*out.logits, vec![-1.5, -1.5, 0.0]);
    }

    #[test]
    fn negative_penalty_favours_used_tokens() {
        let params = SamplingParams { presence_penalty: -(3f32.ln()), ..Default::default() };
        let (out, _) = apply(&four(), &params, &History { prompt: &[], generated: &[0] });
        // token 0's weight triples: 0.3,0.2,0.3,0.4 over 1.2
        assert_probs(&out, &[0.25, 0.2 / 1.2, 0.25, 0.4 / 1.2]);
    }

    #[test]
    fn zero_is_skipped() {
        assert!(apply(&four(), &SamplingParams::default(), &History { prompt: &[], generated: &[1] }).1.skipped);
    }
}
