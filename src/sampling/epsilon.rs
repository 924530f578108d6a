//! ε-sampling: drop every token less probable than a fixed ε (Hewitt et al. 2022, "Truncation
//! Sampling as Language Model Desmoothing"), as Hugging Face's `EpsilonLogitsWarper` does.
//!
//! Remove kept tokens with `pᵢ < ε` (a token at exactly ε stays), except that a token whose
//! logit is at least the `min_keep`-th largest kept logit is never removed (ties with it stay
//! too), at least one. ε 0..=0.99 (0 = off; Hugging Face builds the warper only for 0 < ε < 1;
//! the paper uses 3·10⁻⁴ to 9·10⁻⁴).
//! Source: <https://arxiv.org/abs/2210.15191>, transformers `EpsilonLogitsWarper`.
//!
//! ```
//! use samplescope::sampling::{Candidates, Context, Stage, epsilon::{Epsilon, Params}};
//! let c = Candidates::from_logits([0.1f32, 0.2, 0.3, 0.4].iter().map(|p| p.ln()).collect());
//! let (out, _) = Epsilon::apply(&c, &Params { epsilon: 0.15 }, &Context::default());
//! assert_eq!(*out.kept, vec![false, true, true, true]); // 0.1 < 0.15
//! ```

use super::shared::MIN_KEEP;
use super::{
    Api, Candidates, Context, Input, NumberSpec, Param, ParamKind, ParamValue, Stage, StageDecl, StageKind, StageTrace,
    percent1,
};
use crate::i18n::Text;
use crate::msg;

pub struct Epsilon;

#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Params {
    /// The probability below which a token goes; 0 = off.
    pub epsilon: f32,
}

/// ε's range, which η-sampling's ε shares.
pub const CUTOFF: ParamKind = ParamKind::Number(NumberSpec {
    min: 0.0,
    max: 0.99,
    step: 0.0001,
    default: 0.0,
    neutral: true,
    integer: false,
});

impl Stage for Epsilon {
    type Params = Params;
    const DECL: StageDecl = StageDecl {
        key: "epsilon",
        name: "ε-sampling",
        formula: "keep pᵢ ≥ ε",
        source: "https://arxiv.org/abs/2210.15191",
        reads: &[Input::Shared(&MIN_KEEP)],
        params: &[Param {
            key: "epsilon_cutoff",
            symbol: "ε",
            kind: CUTOFF,
            api: Api::Extra,
            marks: &[],
            get: |p| ParamValue::Number(p.epsilon.epsilon as f64),
            set: |p, v| p.epsilon.epsilon = v.number() as f32,
        }],
    };

    fn apply(input: &Candidates, params: &Params, ctx: &Context) -> (Candidates, StageTrace) {
        let stage = StageKind::Epsilon;
        if params.epsilon <= 0.0 {
            return (input.clone(), StageTrace::skipped(stage, input, "ε = 0"));
        }
        let out = cut_below(input, params.epsilon, ctx.shared.keep_at_least());
        let summary = Text::new(msg!("trace-epsilon"))
            .arg("kept", out.kept_count())
            .arg("epsilon", params.epsilon.to_string())
            .arg("mass", percent1(input.mass_of(&out.kept)));
        let trace = StageTrace::between(stage, input, &out, Some(summary));
        (out, trace)
    }
}

/// The kept tokens with `p ≥ cutoff`, and every token whose logit reaches the `at_least`-th
/// largest kept logit (Hugging Face's `min_tokens_to_keep`: ties with it are kept).
pub(super) fn cut_below(input: &Candidates, cutoff: f32, at_least: usize) -> Candidates {
    let protected = input.top_kept(at_least).last().map(|&id| input.logits[id as usize]);
    let keep = input
        .kept
        .iter()
        .zip(input.probs.iter())
        .zip(input.logits.iter())
        .map(|((&k, &p), &l)| k && (p >= cutoff || protected.is_some_and(|floor| l >= floor)))
        .collect();
    input.keep_only(keep)
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;
    use super::*;

    fn cut(probs: &[f32], epsilon: f32, min_keep: usize) -> Candidates {
        let mut ctx = no_context();
        ctx.shared.min_keep = min_keep;
        let c = Candidates::from_logits(probs.iter().map(|p| p.ln()).collect());
        Epsilon::apply(&c, &Params { epsilon }, &ctx).0
    }

    /// Hugging Face's ramp rows: logits −5..4, and the same times 100.
    fn ramp(scale: f32) -> Candidates {
        Candidates::from_logits((0..10).map(|i| (i as f32 - 5.0) * scale).collect())
    }

    #[test]
    fn hugging_face_epsilon_cases() {
        // test_logits_process.py test_epsilon_dist_warper: ε 0.1, min_tokens_to_keep 1; the
        // expected values are the input's, unrenormalised, where kept.
        assert_eq!(*cut(&[0.87, 0.099, 0.001, 0.03], 0.1, 1).kept, vec![true, false, false, false]);
        assert_eq!(*cut(&[0.4, 0.299, 0.101, 0.2], 0.1, 1).kept, vec![true; 4]);
        // ε 0.05, min_keep 2: ids 7, 8, 9 (p 0.0856, 0.2326, 0.6322) on the first ramp; on the
        // steep one only id 9 reaches ε and min_keep adds id 8.
        let mut ctx = no_context();
        ctx.shared.min_keep = 2;
        let kept = |c: &Candidates| Epsilon::apply(c, &Params { epsilon: 0.05 }, &ctx).0.kept.to_vec();
        assert_eq!(kept(&ramp(1.0)), (0..10).map(|i| i >= 7).collect::<Vec<_>>());
        assert_eq!(kept(&ramp(100.0)), (0..10).map(|i| i >= 8).collect::<Vec<_>>());
    }

    #[test]
    fn a_token_at_exactly_epsilon_stays_and_ties_with_the_protected_one_too() {
        assert_probs(&cut(&[0.5, 0.25, 0.25], 0.25, 1), &[0.5, 0.25, 0.25]);
        // Every token below ε: the most probable stays, with its equals.
        assert_eq!(*cut(&[0.4, 0.4, 0.2], 0.9, 1).kept, vec![true, true, false]);
        assert_eq!(*cut(&[0.1, 0.2, 0.3, 0.4], 0.5, 3).kept, vec![false, true, true, true]);
    }

    #[test]
    fn off_at_zero() {
        let (out, trace) = Epsilon::apply(&four(), &Params::default(), &no_context());
        assert!(trace.skipped);
        assert_eq!(out, four());
    }
}
