//! typical-p: keep the tokens whose surprise is closest to the expected surprise
//! (locally typical sampling, Meister et al. 2022).
//!
//! With entropy `H = -Σ p_j ln p_j`, score each kept token by `|-ln p_i - H|`, sort by
//! increasing score and keep the shortest prefix whose mass reaches `typical_p`, plus any token
//! tied with the last kept score (as transformers' `TypicalLogitsWarper`). At least one token
//! stays. 1 is off; 0.2–0.95 is typical. It can drop the most probable token when that one is
//! far more predictable than average.
//! Source: <https://arxiv.org/abs/2202.00666>
//!
//! ```
//! use samplescope::sampling::{Candidates, History, SamplingParams, typical_p};
//! let c = Candidates::from_logits([0.1f32, 0.2, 0.3, 0.4].iter().map(|p| p.ln()).collect());
//! let params = SamplingParams { typical_p: 0.5, ..Default::default() };
//! let (out, _) = typical_p::apply(&c, &params, &History::default());
//! // H = 1.2799; |−ln p − H|: 1.023, 0.330, 0.076, 0.364 → keep 0.3, then 0.2
//! assert_eq!(*out.kept, vec![false, true, true, false]);
//! ```

use std::cmp::Ordering;

use super::{Candidates, History, SamplingParams, StageKind, StageTrace};

pub const FORMULA: &str = "sort by |−ln pᵢ − H|, keep the fewest with Σ pᵢ ≥ p";

pub fn apply(input: &Candidates, params: &SamplingParams, _history: &History) -> (Candidates, StageTrace) {
    let stage = StageKind::TypicalP;
    let mass = params.typical_p as f64;
    if mass >= 1.0 {
        return (input.clone(), StageTrace::skipped(stage, input, "p = 1"));
    }
    let h = input.entropy;
    let score = |id: u32| {
        let p = input.probs[id as usize] as f64;
        if p > 0.0 { (-p.ln() - h).abs() } else { f64::INFINITY }
    };
    let mut ids: Vec<(f64, u32)> =
        (0..input.len() as u32).filter(|&i| input.kept[i as usize]).map(|i| (score(i), i)).collect();
    ids.sort_unstable_by(|a, b| a.0.partial_cmp(&b.0).unwrap_or(Ordering::Equal).then(a.1.cmp(&b.1)));
    let mut keep = vec![false; input.len()];
    let mut cumulative = 0f64;
    // Score of the token that reached the mass; after it only exact ties are kept.
    let mut cutoff: Option<f64> = None;
    for &(s, id) in &ids {
        if cutoff.is_some_and(|c| s > c) {
            break;
        }
        keep[id as usize] = true;
        cumulative += input.probs[id as usize] as f64;
        if cutoff.is_none() && cumulative >= mass {
            cutoff = Some(s);
        }
    }
    let out = input.keep_only(keep);
    let detail = format!(
        "typical-p kept {} tokens nearest the entropy H = {h:.3} nats, {:.1}% of the mass before renormalising",
        out.kept_count(),
        100.0 * input.mass_of(&out.kept)
    );
    let trace = StageTrace::between(stage, input, &out, &detail);
    (out, trace)
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;
    use super::*;

    fn keep(c: &Candidates, m: f32) -> Candidates {
        apply(c, &SamplingParams { typical_p: m, ..Default::default() }, &no_history()).0
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
    fn one_is_skipped() {
        assert!(apply(&four(), &SamplingParams::default(), &no_history()).1.skipped);
    }
}
