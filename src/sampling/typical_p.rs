//! typical-p: keep the tokens whose surprise is closest to the expected surprise
//! (locally typical sampling, Meister et al. 2022).
//!
//! With entropy `H = -Σ p_j ln p_j`, score each kept token by `|-ln p_i - H|`, sort by
//! increasing score and keep the shortest prefix whose mass reaches `typical_p`, plus any token
//! tied with the last kept score (as transformers' `TypicalLogitsWarper`), and at least the
//! first `min_keep` in that order (at least one), as both transformers and llama.cpp count them. 1 is off; 0.2–0.95 is typical. It can drop the most probable token when that one is
//! far more predictable than average.
//! Source: <https://arxiv.org/abs/2202.00666>
//!
//! ```
//! use samplescope::sampling::{Candidates, Context, Stage, typical_p::{Params, TypicalP}};
//! let c = Candidates::from_logits([0.1f32, 0.2, 0.3, 0.4].iter().map(|p| p.ln()).collect());
//! let (out, _) = TypicalP::apply(&c, &Params { p: 0.5 }, &Context::default());
//! // H = 1.2799; |−ln p − H|: 1.023, 0.330, 0.076, 0.364 → keep 0.3, then 0.2
//! assert_eq!(*out.kept, vec![false, true, true, false]);
//! ```

use std::cmp::Ordering;

use super::shared::MIN_KEEP;
use super::{
    Api, Candidates, Context, Input, NumberSpec, Param, ParamKind, ParamValue, Stage, StageDecl, StageKind, StageTrace,
};
use crate::i18n::Text;
use crate::msg;

pub struct TypicalP;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Params {
    /// The mass of the most typical tokens to keep, 0..=1; 1 = off.
    pub p: f32,
}

impl Default for Params {
    fn default() -> Self {
        Params { p: 1.0 }
    }
}

/// The kept tokens with their score `|−ln pᵢ − H|`, most typical first (ties by id): the order
/// the stage keeps a prefix of, shared with the page's view of the cut.
pub fn ranking(input: &Candidates) -> Vec<(f64, u32)> {
    let h = input.entropy;
    let score = |id: u32| {
        let p = input.probs[id as usize] as f64;
        if p > 0.0 { (-p.ln() - h).abs() } else { f64::INFINITY }
    };
    let mut ids: Vec<(f64, u32)> =
        (0..input.len() as u32).filter(|&i| input.kept[i as usize]).map(|i| (score(i), i)).collect();
    ids.sort_unstable_by(|a, b| a.0.partial_cmp(&b.0).unwrap_or(Ordering::Equal).then(a.1.cmp(&b.1)));
    ids
}

impl Stage for TypicalP {
    type Params = Params;
    const DECL: StageDecl = StageDecl {
        key: "typical_p",
        name: "typical-p",
        formula: "sort by |−ln pᵢ − H|, keep the fewest with Σ pᵢ ≥ p",
        source: "https://arxiv.org/abs/2202.00666",
        reads: &[Input::Shared(&MIN_KEEP)],
        params: &[Param {
            key: "typical_p",
            symbol: "p",
            kind: ParamKind::Number(NumberSpec { min: 0.0, max: 1.0, step: 0.01, default: 1.0, neutral: true, integer: false }),
            api: Api::Extra,
            marks: &[],
            get: |p| ParamValue::Number(p.typical_p.p as f64),
            set: |p, v| p.typical_p.p = v.number() as f32,
        }],
    };

    fn apply(input: &Candidates, params: &Params, ctx: &Context) -> (Candidates, StageTrace) {
        let stage = StageKind::TypicalP;
        let mass = params.p as f64;
        if mass >= 1.0 {
            return (input.clone(), StageTrace::skipped(stage, input, "p = 1"));
        }
        let h = input.entropy;
        let ids = ranking(input);
        let mut keep = vec![false; input.len()];
        let mut cumulative = 0f64;
        // Score of the token that reached the mass; after it only exact ties are kept.
        let mut cutoff: Option<f64> = None;
        let at_least = ctx.shared.keep_at_least();
        for (rank, &(s, id)) in ids.iter().enumerate() {
            if cutoff.is_some_and(|c| s > c) && rank >= at_least {
                break;
            }
            keep[id as usize] = true;
            cumulative += input.probs[id as usize] as f64;
            if cutoff.is_none() && cumulative >= mass {
                cutoff = Some(s);
            }
        }
        let out = input.keep_only(keep);
        let detail = Text::new(msg!("trace-typical_p"))
            .arg("kept", out.kept_count())
            .arg("h", format!("{h:.3}"))
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
        TypicalP::apply(c, &Params { p: m }, &no_context()).0
    }

    #[test]
    fn llama_cpp_and_hugging_face_typical_cases() {
        // test-sampling.cpp test_typical and test_logits_process.py test_typical_dist_warper,
        // mass 0.5: the expected values are the input's, unrenormalised, where kept.
        let of = |p: &[f32]| Candidates::from_logits(p.iter().map(|p| p.ln()).collect());
        assert_eq!(*keep(&of(&[0.97, 0.01, 0.01, 0.01]), 0.5).kept, vec![true, false, false, false]);
        assert_eq!(*keep(&of(&[0.4, 0.2, 0.2, 0.2]), 0.5).kept, vec![false, true, true, true]);
        // Hugging Face: five equal logits, mass 0.5, min_tokens_to_keep 3: nothing filtered;
        // the ramps, mass 0.7, min_tokens_to_keep 2: 2 and 2 kept.
        let mut ctx = no_context();
        ctx.shared.min_keep = 3;
        let flat = Candidates::from_logits(vec![1.0; 5]);
        assert_eq!(TypicalP::apply(&flat, &Params { p: 0.5 }, &ctx).0.kept_count(), 5);
        ctx.shared.min_keep = 2;
        let ramp = |scale: f32| Candidates::from_logits((0..10).map(|i| (i as f32 - 5.0) * scale).collect());
        let kept = |c: &Candidates| TypicalP::apply(c, &Params { p: 0.7 }, &ctx).0.kept_count();
        assert_eq!((kept(&ramp(1.0)), kept(&ramp(100.0))), (2, 2));
    }

    #[test]
    fn keeps_tokens_nearest_the_entropy() {
        // scores: 1.023, 0.330, 0.076, 0.364 → order 2, 1, 3, 0
        assert_probs(&keep(&four(), 0.3), &[0.0, 0.0, 1.0, 0.0]);
        assert_probs(&keep(&four(), 0.5), &[0.0, 0.4, 0.6, 0.0]);
        assert_probs(&keep(&four(), 0.51), &[0.0, 2.0 / 9.0, 3.0 / 9.0, 4.0 / 9.0]);
    }

    #[test]
    fn can_drop_the_most_probable_token() {
        let out = keep(&four(), 0.3);
        assert!(!out.kept[3]);
    }

    #[test]
    fn ties_with_the_cutoff_are_kept_and_zero_keeps_at_least_one() {
        let uniform = Candidates::from_logits(vec![0.0; 4]);
        assert_eq!(keep(&uniform, 0.1).kept_count(), 4);
        assert_eq!(keep(&four(), 0.0).kept_count(), 1);
    }

    #[test]
    fn min_keep_counts_in_typicality_order() {
        // order 2, 1, 3, 0: min_keep 3 adds token 3 after 2 and 1, not the most probable first.
        let mut ctx = no_context();
        ctx.shared.min_keep = 3;
        assert_eq!(*TypicalP::apply(&four(), &Params { p: 0.3 }, &ctx).0.kept, vec![false, true, true, true]);
    }

    #[test]
    fn one_is_skipped() {
        assert!(TypicalP::apply(&four(), &Params::default(), &no_context()).1.skipped);
    }
}
