//! min-p: keep tokens at least `min_p` times as probable as the most probable one
//! (Nguyen et al. 2024).
//!
//! Keep i iff `p_i ≥ min_p · p_max`, equivalently `l_i ≥ l_max + ln(min_p)`, and at least the
//! `min_keep` most probable (at least one). The cut-off scales with the model's confidence:
//! strict when one token dominates, lenient when many are plausible. 0 is off; 0.05–0.1 is
//! typical; 1 keeps only the argmax (and its ties).
//! Source: <https://arxiv.org/abs/2407.01082>, transformers `MinPLogitsWarper`, llama.cpp
//! `llama_sampler_min_p_apply` (`min_keep`).
//!
//! ```
//! use samplescope::sampling::{Candidates, Context, Stage, min_p::{MinP, Params}};
//! let c = Candidates::from_logits([0.1f32, 0.2, 0.3, 0.4].iter().map(|p| p.ln()).collect());
//! let (out, _) = MinP::apply(&c, &Params { p: 0.45 }, &Context::default());
//! assert_eq!(*out.kept, vec![false, true, true, true]); // p ≥ 0.45 × 0.4 = 0.18
//! ```

use super::shared::MIN_KEEP;
use super::{
    Api, Candidates, Context, Input, NumberSpec, Param, ParamKind, ParamValue, Stage, StageDecl, StageKind, StageTrace,
};
use crate::i18n::Text;
use crate::msg;

pub struct MinP;

#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Params {
    /// The fraction of the top probability a token needs, 0..=1; 0 = off.
    pub p: f32,
}

/// The top probability and the cut `min_p · p_max` a token's probability must reach (shared
/// with the page's view of the cut).
pub fn threshold(input: &Candidates, min_p: f32) -> (f32, f64) {
    let p_max = input.probs.iter().copied().fold(0f32, f32::max);
    (p_max, min_p as f64 * p_max as f64)
}

impl Stage for MinP {
    type Params = Params;
    const DECL: StageDecl = StageDecl {
        key: "min_p",
        name: "min-p",
        formula: "keep i if pᵢ ≥ min_p · p_max",
        source: "https://arxiv.org/abs/2407.01082",
        reads: &[Input::Shared(&MIN_KEEP)],
        params: &[Param {
            key: "min_p",
            symbol: "min_p",
            kind: ParamKind::Number(NumberSpec { min: 0.0, max: 1.0, step: 0.01, default: 0.0, neutral: true, integer: false }),
            api: Api::Extra,
            marks: &[],
            get: |p| ParamValue::Number(p.min_p.p as f64),
            set: |p, v| p.min_p.p = v.number() as f32,
        }],
    };

    fn apply(input: &Candidates, params: &Params, ctx: &Context) -> (Candidates, StageTrace) {
        let stage = StageKind::MinP;
        let min_p = params.p;
        if min_p <= 0.0 {
            return (input.clone(), StageTrace::skipped(stage, input, "min_p = 0"));
        }
        let (p_max, threshold) = threshold(input, min_p);
        let mut keep: Vec<bool> =
            input.probs.iter().zip(input.kept.iter()).map(|(&p, &k)| k && p as f64 >= threshold).collect();
        let at_least = ctx.shared.keep_at_least();
        if keep.iter().filter(|k| **k).count() < at_least {
            for id in input.top_kept(at_least) {
                keep[id as usize] = true;
            }
        }
        let out = input.keep_only(keep);
        let detail = Text::new(msg!("trace-min_p"))
            .arg("kept", out.kept_count())
            .arg("min_p", min_p.to_string())
            .arg("p_max", format!("{p_max:.4}"))
            .arg("threshold", format!("{threshold:.4}"))
            .arg("mass", super::percent1(input.mass_of(&out.kept)));
        let trace = StageTrace::between(stage, input, &out, Some(detail));
        (out, trace)
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;
    use super::*;

    fn keep(c: &Candidates, m: f32) -> Candidates {
        MinP::apply(c, &Params { p: m }, &no_context()).0
    }

    #[test]
    fn llama_cpp_and_hugging_face_min_p_cases() {
        // test-sampling.cpp test_min_p (min_keep 0), per id.
        let all = [0.1, 0.2, 0.3, 0.4];
        for (m, expected) in [
            (0.0, &all[..]),
            (0.24, &all[..]),
            (0.26, &[0.0, 0.222222, 0.333333, 0.444444][..]),
            (0.49, &[0.0, 0.222222, 0.333333, 0.444444][..]),
            (0.51, &[0.0, 0.0, 0.428571, 0.571429][..]),
            (0.74, &[0.0, 0.0, 0.428571, 0.571429][..]),
            (0.76, &[0.0, 0.0, 0.0, 1.0][..]),
            (1.0, &[0.0, 0.0, 0.0, 1.0][..]),
        ] {
            assert_probs(&keep(&four(), m), expected);
        }
        // test_logits_process.py test_min_p_dist_warper: min_p 0.05.
        let of = |p: &[f32]| Candidates::from_logits(p.iter().map(|p| p.ln()).collect());
        assert_eq!(*keep(&of(&[0.9, 0.0274, 0.047, 0.0274]), 0.05).kept, vec![true, false, true, false]);
        assert_eq!(*keep(&of(&[0.15, 0.3, 0.3, 0.25]), 0.05).kept, vec![true; 4]);
        assert_eq!(*keep(&of(&[0.97, 0.01, 0.01, 0.01]), 0.05).kept, vec![true, false, false, false]);
        // The ramps, min_p 0.9, min_tokens_to_keep 2: 2 and 2 kept.
        let mut ctx = no_context();
        ctx.shared.min_keep = 2;
        let ramp = |scale: f32| Candidates::from_logits((0..10).map(|i| (i as f32 - 5.0) * scale).collect());
        let kept = |c: &Candidates| MinP::apply(c, &Params { p: 0.9 }, &ctx).0.kept_count();
        assert_eq!((kept(&ramp(1.0)), kept(&ramp(100.0))), (2, 2));
    }

    #[test]
    fn threshold_is_relative_to_the_maximum() {
        // thresholds 0.18, 0.32, 0.28 (p_max = 0.4)
        assert_probs(&keep(&four(), 0.45), &[0.0, 2.0 / 9.0, 3.0 / 9.0, 4.0 / 9.0]);
        assert_probs(&keep(&four(), 0.8), &[0.0, 0.0, 0.0, 1.0]);
        assert_probs(&keep(&four(), 0.7), &[0.0, 0.0, 3.0 / 7.0, 4.0 / 7.0]);
    }

    #[test]
    fn one_keeps_the_argmax_and_its_ties() {
        assert_probs(&keep(&four(), 1.0), &[0.0, 0.0, 0.0, 1.0]);
        let c = Candidates::from_logits(vec![2.0, 2.0, 1.0]);
        assert_eq!(*keep(&c, 1.0).kept, vec![true, true, false]);
    }

    #[test]
    fn min_keep_keeps_the_most_probable() {
        let mut ctx = no_context();
        ctx.shared.min_keep = 2;
        assert_probs(&MinP::apply(&four(), &Params { p: 0.9 }, &ctx).0, &[0.0, 0.0, 3.0 / 7.0, 4.0 / 7.0]);
    }

    #[test]
    fn zero_is_skipped() {
        assert!(MinP::apply(&four(), &Params::default(), &no_context()).1.skipped);
    }
}
