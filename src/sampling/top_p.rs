//! top-p (nucleus): keep the smallest set of most probable tokens whose mass reaches p
//! (Holtzman et al. 2019).
//!
//! Sort kept tokens by decreasing probability (equal probabilities by increasing id) and keep
//! the shortest prefix with `Σ p ≥ top_p`, and at least `min_keep` tokens (at least one). p = 1
//! is off, p = 0 keeps only the most probable token. 0.9–0.95 is typical.
//!
//! The running mass is compared with `p − 1e-6`: a nucleus whose exact mass is p (0.4 + 0.3
//! against 0.7 in llama.cpp's test) must not be lost to the f32 rounding of the probabilities,
//! which lands on either side of p depending on how the logits were made. llama.cpp's own f32
//! sum happens to give exactly 0.7f there; the tolerance is well below any one probability
//! that could matter and keeps the choice independent of that accident.
//! Source: <https://arxiv.org/abs/1904.09751>, transformers `TopPLogitsWarper`, llama.cpp
//! `llama_sampler_top_p_apply` (`min_keep`).
//!
//! ```
//! use samplescope::sampling::{Candidates, Context, Stage, top_p::{Params, TopP}};
//! let c = Candidates::from_logits([0.1f32, 0.2, 0.3, 0.4].iter().map(|p| p.ln()).collect());
//! let (out, _) = TopP::apply(&c, &Params { p: 0.6 }, &Context::default());
//! assert_eq!(*out.kept, vec![false, false, true, true]); // 0.4 < 0.6 ≤ 0.4 + 0.3
//! ```

use super::shared::MIN_KEEP;
use super::{
    Api, Candidates, Context, Input, NumberSpec, Param, ParamKind, ParamValue, Stage, StageDecl, StageKind, StageTrace,
};

pub struct TopP;

/// How far below p the running mass may end (see the module documentation).
pub const SLACK: f64 = 1e-6;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Params {
    /// The nucleus mass in 0..=1; 1 = off.
    pub p: f32,
}

impl Default for Params {
    fn default() -> Self {
        Params { p: 1.0 }
    }
}

impl Stage for TopP {
    type Params = Params;
    const DECL: StageDecl = StageDecl {
        key: "top_p",
        name: "top-p",
        formula: "keep the fewest most-probable tokens with Σ pᵢ ≥ p",
        source: "https://arxiv.org/abs/1904.09751",
        reads: &[Input::Shared(&MIN_KEEP)],
        params: &[Param {
            key: "top_p",
            symbol: "p",
            kind: ParamKind::Number(NumberSpec { min: 0.0, max: 1.0, step: 0.01, default: 1.0, neutral: true, integer: false }),
            api: Api::OpenAi,
            marks: &[],
            get: |p| ParamValue::Number(p.top_p.p as f64),
            set: |p, v| p.top_p.p = v.number() as f32,
        }],
    };

    fn apply(input: &Candidates, params: &Params, ctx: &Context) -> (Candidates, StageTrace) {
        let stage = StageKind::TopP;
        let p = params.p as f64;
        if p >= 1.0 {
            return (input.clone(), StageTrace::skipped(stage, input, "p = 1"));
        }
        let mut nucleus = input.prefix_by_prob(|mass| mass >= p - SLACK);
        let at_least = ctx.shared.keep_at_least();
        if nucleus.len() < at_least {
            nucleus = input.top_kept(at_least);
        }
        let mut keep = vec![false; input.len()];
        for &id in &nucleus {
            keep[id as usize] = true;
        }
        let out = input.keep_only(keep);
        let trace = StageTrace::between(stage, input, &out, None);
        (out, trace)
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;
    use super::*;

    fn keep(c: &Candidates, p: f32) -> Candidates {
        TopP::apply(c, &Params { p }, &no_context()).0
    }

    #[test]
    fn llama_cpp_and_hugging_face_top_p_cases() {
        // test-sampling.cpp test_top_p (min_keep 0), per id.
        assert_probs(&keep(&four(), 0.0), &[0.0, 0.0, 0.0, 1.0]);
        assert_probs(&keep(&four(), 0.7), &[0.0, 0.0, 0.428571, 0.571429]);
        assert_probs(&keep(&four(), 0.8), &[0.0, 0.22222, 0.33333, 0.44444]);
        assert_probs(&keep(&four(), 1.0), &[0.1, 0.2, 0.3, 0.4]);
        // test_logits_process.py test_top_p_dist_warper: top_p 0.8.
        let of = |p: &[f32]| Candidates::from_logits(p.iter().map(|p| p.ln()).collect());
        assert_eq!(*keep(&of(&[0.3, 0.1, 0.1, 0.5]), 0.8).kept, vec![true, false, false, true]);
        assert_eq!(*keep(&of(&[0.15, 0.3, 0.3, 0.25]), 0.8).kept, vec![false, true, true, true]);
        // The ramps (logits −5..4 and ×100), top_p 0.9, min_tokens_to_keep 2: 3 and 2 kept.
        let mut ctx = no_context();
        ctx.shared.min_keep = 2;
        let ramp = |scale: f32| Candidates::from_logits((0..10).map(|i| (i as f32 - 5.0) * scale).collect());
        let kept = |c: &Candidates| TopP::apply(c, &Params { p: 0.9 }, &ctx).0.kept_count();
        assert_eq!((kept(&ramp(1.0)), kept(&ramp(100.0))), (3, 2));
    }

    #[test]
    fn smallest_prefix_reaching_p() {
        assert_probs(&keep(&four(), 0.4), &[0.0, 0.0, 0.0, 1.0]);
        assert_probs(&keep(&four(), 0.41), &[0.0, 0.0, 3.0 / 7.0, 4.0 / 7.0]);
        assert_probs(&keep(&four(), 0.8), &[0.0, 2.0 / 9.0, 3.0 / 9.0, 4.0 / 9.0]);
    }

    #[test]
    fn zero_keeps_one_and_one_keeps_all() {
        assert_probs(&keep(&four(), 0.0), &[0.0, 0.0, 0.0, 1.0]);
        assert_eq!(keep(&four(), 1.0), four());
        assert_eq!(keep(&four(), 0.999_999).kept_count(), 4);
    }

    #[test]
    fn ties_are_broken_by_id() {
        let c = Candidates::from_logits(vec![0.0, 0.0, 0.0, 0.0]);
        assert_eq!(*keep(&c, 0.5).kept, vec![true, true, false, false]);
    }

    #[test]
    fn min_keep_widens_the_nucleus() {
        let mut ctx = no_context();
        ctx.shared.min_keep = 3;
        let (out, _) = TopP::apply(&four(), &Params { p: 0.3 }, &ctx);
        assert_probs(&out, &[0.0, 2.0 / 9.0, 3.0 / 9.0, 4.0 / 9.0]);
        ctx.shared.min_keep = 1;
        assert_eq!(TopP::apply(&four(), &Params { p: 0.3 }, &ctx).0.kept_count(), 1);
    }

    #[test]
    fn larger_p_never_keeps_fewer() {
        let mut last = 0;
        for i in 0..=100 {
            let n = keep(&four(), i as f32 / 100.0).kept_count();
            assert!(n >= last);
            last = n;
        }
    }
}
