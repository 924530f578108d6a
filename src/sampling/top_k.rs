//! top-k: keep only the k most probable tokens (Fan et al. 2018).
//!
//! Keep token i iff `l_i ≥ l_(k)`, the k-th largest kept logit. As in Hugging Face's
//! `TopKLogitsWarper`, tokens tied with the k-th are kept too, so more than k can survive a
//! tie. k = 0 is off; k ≥ the number of kept tokens changes nothing. 20–100 is typical.
//! Source: <https://arxiv.org/abs/1805.04833>
//!
//! ```
//! use samplescope::sampling::{Candidates, Context, Stage, top_k::{Params, TopK}};
//! let c = Candidates::from_logits([0.1f32, 0.2, 0.3, 0.4].iter().map(|p| p.ln()).collect());
//! let (out, _) = TopK::apply(&c, &Params { k: 2 }, &Context::default());
//! assert_eq!(*out.kept, vec![false, false, true, true]); // 0.3/0.7 and 0.4/0.7
//! ```

use super::{
    Api, Candidates, Context, NumberSpec, Param, ParamKind, ParamValue, Stage, StageDecl, StageKind, StageTrace,
};
use crate::i18n::Text;
use crate::msg;

pub struct TopK;

#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Params {
    /// Tokens to keep; 0 = off.
    pub k: usize,
}

impl Stage for TopK {
    type Params = Params;
    const DECL: StageDecl = StageDecl {
        key: "top_k",
        name: "top-k",
        formula: "keep i if lᵢ ≥ l₍ₖ₎ (the k-th largest logit)",
        source: "https://arxiv.org/abs/1805.04833",
        reads: &[],
        params: &[Param {
            key: "top_k",
            symbol: "k",
            kind: ParamKind::Number(NumberSpec { min: 0.0, max: 100.0, step: 1.0, default: 0.0, neutral: true, integer: true }),
            api: Api::Extra,
            marks: &[],
            get: |p| ParamValue::Number(p.top_k.k as f64),
            set: |p, v| p.top_k.k = v.number().max(0.0) as usize,
        }],
    };

    fn apply(input: &Candidates, params: &Params, _ctx: &Context) -> (Candidates, StageTrace) {
        let stage = StageKind::TopK;
        let k = params.k;
        if k == 0 {
            return (input.clone(), StageTrace::skipped(stage, input, "k = 0"));
        }
        let mut kept_logits: Vec<f32> =
            input.logits.iter().zip(input.kept.iter()).filter(|(_, k)| **k).map(|(l, _)| *l).collect();
        if k >= kept_logits.len() {
            let out = input.clone();
            let detail = Text::new(msg!("trace-top_k-all")).arg("k", k).arg("kept", kept_logits.len());
            let trace = StageTrace::between(stage, input, &out, Some(detail));
            return (out, trace);
        }
        let (_, kth, _) = kept_logits.select_nth_unstable_by(k - 1, |a, b| b.total_cmp(a));
        let threshold = *kth;
        let keep = input.logits.iter().zip(input.kept.iter()).map(|(&l, &kept)| kept && l >= threshold).collect();
        let out = input.keep_only(keep);
        let trace = StageTrace::between(stage, input, &out, None);
        (out, trace)
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;
    use super::*;

    fn keep(c: &Candidates, k: usize) -> Candidates {
        TopK::apply(c, &Params { k }, &no_context()).0
    }

    #[test]
    fn llama_cpp_top_k_cases() {
        // test-sampling.cpp test_top_k, per id.
        assert_probs(&keep(&four(), 1), &[0.0, 0.0, 0.0, 1.0]);
        assert_probs(&keep(&four(), 3), &[0.0, 0.22222, 0.33333, 0.44444]);
        assert_probs(&keep(&four(), 4), &[0.1, 0.2, 0.3, 0.4]);
        assert_probs(&keep(&four(), 0), &[0.1, 0.2, 0.3, 0.4]);
    }

    #[test]
    fn keeps_the_k_largest_and_renormalises() {
        assert_probs(&keep(&four(), 2), &[0.0, 0.0, 3.0 / 7.0, 4.0 / 7.0]);
        assert_probs(&keep(&four(), 1), &[0.0, 0.0, 0.0, 1.0]);
    }

    #[test]
    fn ties_at_the_boundary_are_kept() {
        let c = Candidates::from_logits(vec![3.0, 2.0, 2.0, 1.0]);
        assert_eq!(*keep(&c, 2).kept, vec![true, true, true, false]);
    }

    #[test]
    fn k_beyond_the_vocabulary_changes_nothing() {
        assert_eq!(keep(&four(), 4), four());
        assert_eq!(keep(&four(), 1_000_000), four());
        let (_, trace) = TopK::apply(&four(), &Params { k: 0 }, &no_context());
        assert!(trace.skipped);
    }

    #[test]
    fn only_counts_tokens_still_kept() {
        let c = four().keep_only(vec![true, true, false, false]);
        assert_probs(&keep(&c, 1), &[0.0, 1.0, 0.0, 0.0]);
    }
}
