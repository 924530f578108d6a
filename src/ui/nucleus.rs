//! A nucleus you can see: for the truncation stages that keep a prefix of a ranking (top-k,
//! top-p, min-p, typical-p), the stage's input over all its ranked tokens with the running
//! mass, the stage's threshold and where its output cuts. The cut is read from the stage's
//! output (its kept count), never recomputed, so the view shows what ran; the rankings are the
//! stages' own (`typical_p::ranking`, `Candidates::kept_by_prob`). Plain data, no leptos.

use crate::sampling::{PipelineRun, SamplingParams, StageKind, min_p, typical_p};

use super::chart_model::{ChartModel, View};

/// What the stage compares against, in its own terms.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Threshold {
    /// top-p, typical-p: the running mass must reach p.
    Mass(f64),
    /// min-p: each token's probability must reach `min_p · p_max`.
    Prob { min_p: f64, p_max: f64, threshold: f64 },
    /// top-k: the first k ranks.
    Rank(usize),
}

/// One drawn point: a rank (1-based), the running mass up to it and its own probability.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
    pub rank: usize,
    pub cumulative: f64,
    pub prob: f64,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Nucleus {
    pub stage: StageKind,
    /// The tokens the stage ranked: those still kept before it.
    pub ranked: usize,
    /// Tokens the stage kept (its output's kept count): the cut falls after this rank.
    pub cut: usize,
    /// The kept tokens are exactly ranks 1..=cut of the ranking.
    pub prefix: bool,
    pub threshold: Threshold,
    /// The running mass at the cut, under the stage's input: the trace's kept mass.
    pub kept_mass: f64,
    /// Typical-p's ranking is by `|−ln p − H|`; this is its H (nats).
    pub entropy: Option<f64>,
    /// Points along the ranking, rank 1 to `ranked`, denser at the start and around the cut.
    pub points: Vec<Point>,
}

/// The stages this view explains.
pub const STAGES: [StageKind; 4] = [StageKind::TopK, StageKind::TopP, StageKind::MinP, StageKind::TypicalP];

/// Ranks every point is drawn at: 1..=40, then about 60 per decade, and both sides of the cut.
fn sampled_ranks(ranked: usize, cut: usize) -> Vec<usize> {
    let mut ranks: Vec<usize> = (1..=ranked.min(40)).collect();
    let mut r = 40.0f64;
    while (r as usize) < ranked {
        r *= 10f64.powf(1.0 / 60.0);
        ranks.push((r as usize).min(ranked));
    }
    ranks.extend([cut.saturating_sub(1), cut, cut + 1, ranked].into_iter().filter(|&r| (1..=ranked).contains(&r)));
    ranks.sort_unstable();
    ranks.dedup();
    ranks
}

/// The view of the stage shown, if it is one of [`STAGES`], ran (not skipped) and removed
/// something or could have.
pub fn build(run: &PipelineRun, view: View, params: &SamplingParams) -> Option<Nucleus> {
    let View::Stage(i) = view else { return None };
    let output = run.stages.get(i)?;
    let stage = output.trace.stage;
    if !STAGES.contains(&stage) || output.trace.skipped {
        return None;
    }
    let input = if i == 0 { &run.raw } else { &run.stages[i - 1].candidates };
    let (order, entropy): (Vec<u32>, Option<f64>) = match stage {
        StageKind::TypicalP => (typical_p::ranking(input).into_iter().map(|(_, id)| id).collect(), Some(input.entropy)),
        _ => (input.kept_by_prob(), None),
    };
    let threshold = match stage {
        StageKind::TopK => Threshold::Rank(params.top_k.k),
        StageKind::TopP => Threshold::Mass(params.top_p.p as f64),
        StageKind::TypicalP => Threshold::Mass(params.typical_p.p as f64),
        _ => {
            let (p_max, threshold) = min_p::threshold(input, params.min_p.p);
            Threshold::Prob { min_p: params.min_p.p as f64, p_max: p_max as f64, threshold }
        }
    };
    let kept = &output.candidates.kept;
    let cut = output.trace.kept;
    let prefix = order.iter().enumerate().all(|(r, &id)| kept[id as usize] == (r < cut));
    let ranked = order.len();
    let mut running = Vec::with_capacity(ranked);
    let mut mass = 0f64;
    for &id in &order {
        mass += input.probs[id as usize] as f64;
        running.push(mass);
    }
    let points = sampled_ranks(ranked, cut)
        .into_iter()
        .map(|rank| Point { rank, cumulative: running[rank - 1], prob: input.probs[order[rank - 1] as usize] as f64 })
        .collect();
    Some(Nucleus { stage, ranked, cut, prefix, threshold, kept_mass: output.trace.kept_mass_before, entropy, points })
}

/// Where rank `rank` sits across the drawing, 0..=1: a log axis, so rank 1 and rank 49,152
/// both fit and a cut at 3 is as visible as one at 3,000.
pub fn x_of(rank: f64, ranked: usize) -> f64 {
    let top = (ranked.max(2) as f64).ln();
    (rank.max(1.0).ln() / top).clamp(0.0, 1.0)
}

/// The chart's sentence about the cut: `Some((cut, shown))` when the cut is below the rows
/// the chart shows (the reader must be told it is there).
pub fn cut_below(nucleus: &Nucleus, rows: usize) -> Option<(usize, usize)> {
    (nucleus.cut > rows).then_some((nucleus.cut, rows))
}

/// The chart row the cut line goes under, when the chart's rows show the cut as it is: the
/// first `cut` rows kept and the next one (if shown) removed. Typical-p's ranking differs from
/// the chart's, and later stages may reorder; then only the sentence says where the cut is.
pub fn cut_line(nucleus: &Nucleus, chart: &ChartModel) -> Option<usize> {
    let (cut, rows) = (nucleus.cut, &chart.rows[..chart.top]);
    (nucleus.prefix && cut <= rows.len() && rows[..cut].iter().all(|r| r.kept) && rows.get(cut).is_none_or(|r| !r.kept))
        .then_some(cut)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sampling::{Context, run};

    /// 300 tokens with a long tail.
    fn logits() -> Vec<f32> {
        (0..300).map(|i| -((i as f32) * 0.37).sqrt() * 3.0 + ((i * 7 % 11) as f32) * 0.01).collect()
    }

    fn nucleus(stage: StageKind, set: impl Fn(&mut SamplingParams)) -> (Nucleus, PipelineRun) {
        let mut params = SamplingParams::default();
        set(&mut params);
        let r = run(&logits(), &[StageKind::Temperature, stage], &params, &Context::default());
        (build(&r, View::Stage(1), &params).expect("a nucleus"), r)
    }

    #[test]
    fn the_cut_is_the_stages_own_and_the_kept_tokens_are_a_prefix() {
        type Case = (StageKind, fn(&mut SamplingParams));
        let cases: [Case; 4] = [
            (StageKind::TopK, |p| p.top_k.k = 7),
            (StageKind::TopP, |p| p.top_p.p = 0.8),
            (StageKind::MinP, |p| p.min_p.p = 0.05),
            (StageKind::TypicalP, |p| p.typical_p.p = 0.6),
        ];
        for (stage, set) in cases {
            let (n, r) = nucleus(stage, set);
            assert_eq!(n.cut, r.stages[1].candidates.kept_count(), "{stage:?}");
            assert!(n.prefix, "{stage:?}: kept tokens are the first {} ranks", n.cut);
            assert_eq!(n.ranked, 300);
            let at_cut = n.points.iter().find(|p| p.rank == n.cut).expect("the cut is drawn");
            assert!((at_cut.cumulative - n.kept_mass).abs() < 1e-6, "{stage:?}");
            let last = n.points.last().unwrap();
            assert_eq!(last.rank, 300);
            assert!((last.cumulative - 1.0).abs() < 1e-5);
        }
    }

    #[test]
    fn top_p_cuts_where_the_running_mass_first_reaches_p() {
        let (n, _) = nucleus(StageKind::TopP, |p| p.top_p.p = 0.8);
        assert_eq!(n.threshold, Threshold::Mass(0.800000011920929));
        let mass = |rank| n.points.iter().find(|p| p.rank == rank).unwrap().cumulative;
        assert!(mass(n.cut) >= 0.8 - 1e-6 && mass(n.cut - 1) < 0.8, "{} {}", mass(n.cut - 1), mass(n.cut));
    }

    #[test]
    fn min_p_cuts_at_the_last_token_above_its_threshold() {
        let (n, _) = nucleus(StageKind::MinP, |p| p.min_p.p = 0.05);
        let Threshold::Prob { threshold, p_max, .. } = n.threshold else { panic!("{:?}", n.threshold) };
        assert!((threshold - 0.05 * p_max).abs() < 1e-9);
        let prob = |rank| n.points.iter().find(|p| p.rank == rank).unwrap().prob;
        assert!(prob(n.cut) >= threshold && prob(n.cut + 1) < threshold);
    }

    #[test]
    fn typical_p_ranks_by_distance_from_the_entropy() {
        let (n, _) = nucleus(StageKind::TypicalP, |p| p.typical_p.p = 0.6);
        let h = n.entropy.expect("typical-p's ranking has an entropy");
        // Ranked by |−ln p − H|, the most typical first.
        let distance: Vec<f64> = n.points.iter().map(|p| (-p.prob.ln() - h).abs()).collect();
        assert!(distance.windows(2).all(|w| w[0] <= w[1] + 1e-9), "{distance:?}");
    }

    #[test]
    fn off_stages_and_other_views_have_no_nucleus() {
        let params = SamplingParams::default();
        let r = run(&logits(), &[StageKind::TopP], &params, &Context::default());
        assert_eq!(build(&r, View::Stage(0), &params), None, "top_p = 1 is skipped");
        assert_eq!(build(&r, View::Final, &params), None);
        assert_eq!(build(&r, View::Stage(5), &params), None);
    }

    #[test]
    fn the_axis_fits_every_rank_and_the_chart_says_when_the_cut_is_below_it() {
        assert_eq!(x_of(1.0, 49152), 0.0);
        assert_eq!(x_of(49152.0, 49152), 1.0);
        assert!(x_of(26.0, 49152) < x_of(27.0, 49152));
        let (n, _) = nucleus(StageKind::TopK, |p| p.top_k.k = 26);
        assert_eq!(n.cut, 26);
        assert_eq!(cut_below(&n, 20), Some((26, 20)));
        assert_eq!(cut_below(&n, 30), None);
        let (top_p, r) = nucleus(StageKind::TopP, |p| p.top_p.p = 0.8);
        let chart = super::super::chart_model::build(&r, View::Stage(1), 60, None, &[], &[]);
        assert_eq!(cut_line(&top_p, &chart), Some(top_p.cut), "rows 1..=cut kept, then removed");
        let short = super::super::chart_model::build(&r, View::Stage(1), top_p.cut - 1, None, &[], &[]);
        assert_eq!(cut_line(&top_p, &short), None, "the cut is below the rows shown");
        assert_eq!(cut_below(&top_p, top_p.cut - 1), Some((top_p.cut, top_p.cut - 1)));
        let ranks = sampled_ranks(49152, 450);
        assert!(ranks.contains(&449) && ranks.contains(&450) && ranks.contains(&451) && ranks.len() < 400);
    }
}
