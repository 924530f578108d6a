//! What the distribution chart draws, computed from a pipeline run: plain data, no leptos.
//!
//! Rows are the `bars` tokens with the largest processed logits (after every stage that
//! changes logits). Truncation stages never change logits, so the ranking holds still while
//! the user steps through stages and the bars can animate in place. Removed tokens keep their
//! row, marked with the stage that removed them.

use crate::sampling::{Candidates, PipelineRun, StageKind, first_n};

/// Which distribution the chart shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum View {
    /// The model's softmax, before any stage.
    Raw,
    /// The output of stage `i` of the order.
    Stage(usize),
    /// What the draw picks from (the last stage's output).
    Final,
}

#[derive(Clone, Debug, PartialEq)]
pub struct BarRow {
    pub id: u32,
    /// 0-based position in the chart.
    pub rank: usize,
    /// Probability in the viewed distribution.
    pub prob: f32,
    /// Probability in the distribution just before the viewed stage (for the "before" ghost).
    pub before: f32,
    /// The model's own probability (softmax of the raw logits).
    pub raw: f32,
    /// Logit in the viewed distribution.
    pub logit: f32,
    pub kept: bool,
    /// The stage that removed it, up to and including the viewed one.
    pub removed_by: Option<StageKind>,
    /// The draw picks (or picked) this token.
    pub sampled: bool,
    /// How often it occurs in the completion: the cⱼ of the frequency and presence penalties.
    pub count: u32,
    /// The logit_bias entry for this token, with what it did.
    pub bias: Option<Biased>,
}

/// A biased token's entry and its probability just before and just after the logit-bias stage.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Biased {
    pub bias: f32,
    pub before: f32,
    pub after: f32,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ChartModel {
    pub rows: Vec<BarRow>,
    /// The first `top` rows are the top N; the rest are biased tokens outside it, kept in
    /// view so the reader sees what the bias did.
    pub top: usize,
    /// Tokens not shown as a row.
    pub other_count: usize,
    /// How many of those are still kept.
    pub other_kept: usize,
    /// Their total probability in the viewed distribution.
    pub other_mass: f64,
    /// Largest probability among rows and the "other" bar: the chart's full width.
    pub scale: f64,
}

/// The `n` ids with the largest logits (ties by id), best first.
pub fn top_by_logit(logits: &[f32], n: usize) -> Vec<u32> {
    top_by_logit_where(logits, n, |_| true)
}

/// The `n` ids among `include` with the largest logits (ties by id), best first.
fn top_by_logit_where(logits: &[f32], n: usize, include: impl Fn(u32) -> bool) -> Vec<u32> {
    first_n(logits.len(), n, include, |a, b| logits[b as usize].total_cmp(&logits[a as usize]).then(a.cmp(&b)))
}

/// The `n` rows by processed logit, except that the tokens a grammar allows come first: a
/// forced token would otherwise sit below every token the grammar struck out.
fn ranked(run: &PipelineRun, n: usize) -> Vec<u32> {
    let logits = &run.last().logits;
    let Some(grammar) = run.stages.iter().find(|s| s.trace.stage == StageKind::Grammar) else {
        return top_by_logit(logits, n);
    };
    let allowed = &grammar.candidates.kept;
    let mut ids = top_by_logit_where(logits, n, |i| allowed[i as usize]);
    let struck = n - ids.len();
    ids.extend(top_by_logit_where(logits, struck, |i| !allowed[i as usize]));
    ids
}

fn viewed(run: &PipelineRun, view: View) -> (&Candidates, &Candidates, usize) {
    match view {
        View::Raw => (&run.raw, &run.raw, 0),
        View::Stage(i) if i < run.stages.len() => {
            let before = if i == 0 { &run.raw } else { &run.stages[i - 1].candidates };
            (&run.stages[i].candidates, before, i + 1)
        }
        _ => {
            let n = run.stages.len();
            let before = if n >= 2 { &run.stages[n - 2].candidates } else { &run.raw };
            (run.last(), before, n)
        }
    }
}

/// The chart for the `bars` tokens with the largest processed logits, then each biased token
/// (`biases`, the logit_bias entries) that is not among them.
pub fn build(
    run: &PipelineRun,
    view: View,
    bars: usize,
    sampled: Option<u32>,
    completion: &[u32],
    biases: &[(u32, f32)],
) -> ChartModel {
    let mut ids = ranked(run, bars);
    let top = ids.len();
    for &(id, _) in biases {
        if (id as usize) < run.raw.len() && !ids.contains(&id) {
            ids.push(id);
        }
    }
    let mut chart = build_rows(run, view, &ids, sampled, completion);
    chart.top = top;
    let stage = run.stages.iter().position(|s| s.trace.stage == StageKind::LogitBias);
    if let Some(i) = stage {
        let (before, after) =
            (if i == 0 { &run.raw } else { &run.stages[i - 1].candidates }, &run.stages[i].candidates);
        for row in &mut chart.rows {
            if let Some(&(_, bias)) = biases.iter().find(|(id, _)| *id == row.id) {
                let id = row.id as usize;
                row.bias = Some(Biased { bias, before: before.probs[id], after: after.probs[id] });
            }
        }
    }
    chart
}

/// The chart for the given tokens, in the given order (a comparison uses one ranking for two
/// pipeline runs).
pub fn build_rows(run: &PipelineRun, view: View, ids: &[u32], sampled: Option<u32>, completion: &[u32]) -> ChartModel {
    let (shown, before, stages_seen) = viewed(run, view);
    let rows: Vec<BarRow> = ids
        .iter()
        .enumerate()
        .map(|(rank, &id)| {
            let i = id as usize;
            let removed_by = run
                .stages
                .iter()
                .take(stages_seen)
                .scan(&run.raw, |prev, s| {
                    let removed = prev.kept[i] && !s.candidates.kept[i];
                    *prev = &s.candidates;
                    Some(removed.then_some(s.trace.stage))
                })
                .flatten()
                .next();
            BarRow {
                id,
                rank,
                prob: shown.probs[i],
                before: before.probs[i],
                raw: run.raw.probs[i],
                logit: shown.logits[i],
                kept: shown.kept[i],
                removed_by,
                sampled: sampled == Some(id),
                count: completion.iter().filter(|&&t| t == id).count() as u32,
                bias: None,
            }
        })
        .collect();
    let shown_kept = rows.iter().filter(|r| r.kept).count();
    // Summed directly, not as 1 − Σ shown: rounding residue would show as mass on removed tokens.
    let mut in_rows = vec![false; shown.len()];
    rows.iter().for_each(|r| in_rows[r.id as usize] = true);
    let other_mass: f64 = shown.probs.iter().zip(&in_rows).filter(|&(_, &row)| !row).map(|(&p, _)| p as f64).sum();
    let scale = rows.iter().map(|r| r.prob.max(r.before).max(r.raw) as f64).fold(other_mass, f64::max).max(1e-9);
    ChartModel {
        top: rows.len(),
        other_count: shown.len() - rows.len(),
        other_kept: shown.kept_count() - shown_kept,
        other_mass,
        rows,
        scale,
    }
}

/// How the kept sets of two runs over the same logits differ.
#[derive(Clone, Debug, PartialEq)]
pub struct KeptDiff {
    pub kept_a: usize,
    pub kept_b: usize,
    /// Kept by A only / by B only, most probable (under the raw model) first.
    pub only_a: Vec<u32>,
    pub only_b: Vec<u32>,
}

pub fn kept_diff(a: &PipelineRun, b: &PipelineRun) -> KeptDiff {
    let (ka, kb) = (&a.last().kept, &b.last().kept);
    let raw = &a.raw.probs;
    let only = |x: &[bool], y: &[bool]| {
        let mut ids: Vec<u32> = (0..x.len() as u32).filter(|&i| x[i as usize] && !y[i as usize]).collect();
        ids.sort_by(|&p, &q| raw[q as usize].total_cmp(&raw[p as usize]).then(p.cmp(&q)));
        ids
    };
    KeptDiff {
        kept_a: a.last().kept_count(),
        kept_b: b.last().kept_count(),
        only_a: only(ka, kb),
        only_b: only(kb, ka),
    }
}

/// A probability as the chart prints it: "77.3%", "0.042%", "<0.01%" (a reader compares bars,
/// not exponents; the export keeps every digit).
pub fn percent(p: f64) -> String {
    let pct = p * 100.0;
    if p == 0.0 {
        "0%".into()
    } else if pct >= 10.0 {
        format!("{pct:.1}%")
    } else if pct >= 0.01 {
        format!("{pct:.3}%")
    } else {
        "<0.01%".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sampling::{Context, SamplingParams, run};

    fn example() -> PipelineRun {
        let logits: Vec<f32> = [0.1f32, 0.2, 0.3, 0.4, 0.0001].iter().map(|p| p.ln()).collect();
        let mut params = SamplingParams::default();
        (params.top_k.k, params.temperature.t) = (3, 0.5);
        run(&logits, &[StageKind::Temperature, StageKind::TopK], &params, &Context::default())
    }

    #[test]
    fn rows_follow_the_processed_logits_and_mark_removals() {
        let chart = build(&example(), View::Final, 4, Some(3), &[3, 3, 1], &[]);
        assert_eq!(chart.rows.iter().map(|r| r.count).collect::<Vec<_>>(), vec![2, 0, 1, 0]);
        let ids: Vec<u32> = chart.rows.iter().map(|r| r.id).collect();
        assert_eq!(ids, vec![3, 2, 1, 0]);
        assert_eq!(chart.rows[3].removed_by, Some(StageKind::TopK));
        assert!(!chart.rows[3].kept && chart.rows[3].prob == 0.0);
        assert!(chart.rows[0].sampled && !chart.rows[1].sampled);
        assert_eq!((chart.other_count, chart.other_kept), (1, 0));
        assert_eq!(chart.other_mass, 0.0, "removed tokens carry no mass, not rounding residue");
        // T = 0.5 squares: 0.04, 0.09, 0.16 over 0.29 once token 0 is gone.
        assert!((chart.rows[0].prob - 0.16 / 0.29).abs() < 1e-5);
        assert!((chart.rows[0].raw - 0.4 / 1.0001).abs() < 1e-5);
    }

    #[test]
    fn tokens_a_grammar_allows_lead_the_rows_then_the_ones_it_struck() {
        use std::sync::Arc;

        use crate::sampling::grammar::TokenMask;
        // Token 4 is the least likely and the only one allowed: it is forced, and shown first.
        let logits: Vec<f32> = [0.1f32, 0.2, 0.3, 0.4, 0.0001].iter().map(|p| p.ln()).collect();
        let ctx = Context::default().with_grammar(Arc::new(TokenMask::from_ids(5, [4])));
        let run = run(&logits, &[StageKind::Grammar, StageKind::Temperature], &SamplingParams::default(), &ctx);
        let chart = build(&run, View::Final, 3, None, &[], &[]);
        assert_eq!(chart.rows.iter().map(|r| r.id).collect::<Vec<_>>(), vec![4, 3, 2]);
        assert_eq!(chart.rows[0].prob, 1.0);
        assert_eq!(chart.rows[1].removed_by, Some(StageKind::Grammar));
    }

    #[test]
    fn stage_view_shows_that_stage_and_its_input() {
        let chart = build(&example(), View::Stage(0), 4, None, &[], &[]);
        // after temperature, before top-k: nothing removed yet
        assert!(chart.rows.iter().all(|r| r.kept && r.removed_by.is_none()));
        let raw = build(&example(), View::Raw, 2, None, &[], &[]);
        assert!((raw.rows[0].prob - 0.4 / 1.0001).abs() < 1e-5);
        assert!((raw.other_mass - 0.3001 / 1.0001).abs() < 1e-5);
        assert_eq!((raw.other_count, raw.other_kept), (3, 3));
    }

    #[test]
    fn a_biased_token_outside_the_top_rows_stays_with_its_before_and_after() {
        let logits: Vec<f32> = [0.1f32, 0.2, 0.3, 0.4, 0.0001].iter().map(|p| p.ln()).collect();
        let mut params = SamplingParams::default();
        params.logit_bias.biases = vec![(3, -100.0), (4, 1.0)];
        let r = run(&logits, &[StageKind::LogitBias, StageKind::TopK], &params, &Context::default());
        let chart = build(&r, View::Final, 2, None, &[], &params.logit_bias.biases);
        // Top 2 after the bias: ids 2 and 1; then the banned 3 and the nudged 4.
        assert_eq!(chart.rows.iter().map(|r| r.id).collect::<Vec<_>>(), vec![2, 1, 3, 4]);
        assert_eq!((chart.top, chart.other_count), (2, 1));
        let banned = chart.rows[2].bias.expect("3 is biased");
        assert_eq!(banned.bias, -100.0);
        assert!((banned.before - 0.4 / 1.0001).abs() < 1e-5 && banned.after < 1e-30, "{banned:?}");
        let nudged = chart.rows[3].bias.expect("4 is biased");
        assert!(nudged.after > nudged.before, "{nudged:?}");
        assert_eq!(chart.rows[0].bias, None);
    }

    #[test]
    fn comparison_rows_follow_the_given_ids() {
        let chart = build_rows(&example(), View::Final, &[0, 3], None, &[]);
        assert_eq!(chart.rows.iter().map(|r| (r.id, r.rank)).collect::<Vec<_>>(), vec![(0, 0), (3, 1)]);
        assert_eq!(chart.other_count, 3);
    }

    #[test]
    fn kept_diff_lists_what_only_one_order_keeps() {
        // p = 0.1..0.4 (+ a tiny 5th); min-p 0.3 before T = 10 keeps 3 (p ≥ 0.12),
        // after T = 10 the distribution is nearly flat and min-p keeps 4.
        let logits: Vec<f32> = [0.1f32, 0.2, 0.3, 0.4, 1e-6].iter().map(|p| p.ln()).collect();
        let mut params = SamplingParams::default();
        (params.temperature.t, params.min_p.p) = (10.0, 0.3);
        let a = run(&logits, &[StageKind::MinP, StageKind::Temperature], &params, &Context::default());
        let b = run(&logits, &[StageKind::Temperature, StageKind::MinP], &params, &Context::default());
        let d = kept_diff(&a, &b);
        assert_eq!((d.kept_a, d.kept_b), (3, 4));
        assert!(d.only_a.is_empty());
        assert_eq!(d.only_b, vec![0]);
    }

    #[test]
    fn percent_formats_across_magnitudes() {
        assert_eq!(percent(0.7731), "77.3%");
        assert_eq!(percent(0.00042), "0.042%");
        assert_eq!(percent(3.1e-9), "<0.01%");
        assert_eq!(percent(6.6e-5), "<0.01%");
        assert_eq!(percent(0.0), "0%");
    }
}
