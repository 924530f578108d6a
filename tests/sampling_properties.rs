//! Properties of the sampling pipeline over random logits and parameters.

use proptest::prelude::*;
use samplescope::sampling::{self, History, OrderPreset, SamplingParams, StageKind};

/// Tokens one stage alone keeps with `params`.
fn kept_by(logits: &[f32], stage: StageKind, params: SamplingParams) -> usize {
    sampling::run(logits, &[stage], &params, &History::default()).last().kept_count()
}

fn logits() -> impl Strategy<Value = Vec<f32>> {
    prop::collection::vec(-30.0f32..30.0, 2..400)
}

fn params(vocab: usize) -> impl Strategy<Value = SamplingParams> {
    (
        (1e-6f32..100.0, 0usize..50, 0.0f32..=1.0, 0.0f32..=1.0, 0.0f32..=1.0),
        (0.01f32..10.0, -2.0f32..=2.0, -2.0f32..=2.0, any::<bool>()),
        prop::collection::vec((0..vocab as u32, prop_oneof![Just(-100.0f32), Just(100.0f32), -100.0f32..100.0]), 0..6),
    )
        .prop_map(
            |(
                (temperature, top_k, top_p, min_p, typical_p),
                (repetition_penalty, frequency_penalty, presence_penalty, do_sample),
                logit_bias,
            )| {
                SamplingParams {
                    temperature,
                    top_k,
                    top_p,
                    min_p,
                    typical_p,
                    repetition_penalty,
                    frequency_penalty,
                    presence_penalty,
                    logit_bias,
                    do_sample,
                }
            },
        )
}

fn case() -> impl Strategy<Value = (Vec<f32>, SamplingParams, Vec<u32>, Vec<StageKind>)> {
    logits().prop_flat_map(|l| {
        let n = l.len();
        (Just(l), params(n), prop::collection::vec(0..n as u32, 0..20), Just(StageKind::ALL.to_vec()).prop_shuffle())
    })
}

fn orders(shuffled: Vec<StageKind>) -> Vec<Vec<StageKind>> {
    let mut all: Vec<Vec<StageKind>> = OrderPreset::ALL.iter().map(|p| p.order()).collect();
    all.push(shuffled);
    all
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn every_stage_output_is_a_distribution((logits, params, generated, shuffled) in case()) {
        let history = History { prompt: &generated[..generated.len() / 2], generated: &generated[generated.len() / 2..] };
        for order in orders(shuffled) {
            let run = sampling::run(&logits, &order, &params, &history);
            for stage in std::iter::once(&run.raw).chain(run.stages.iter().map(|s| &s.candidates)) {
                let sum: f64 = stage.probs.iter().map(|&p| p as f64).sum();
                prop_assert!((sum - 1.0).abs() < 1e-6, "sum {sum} in order {order:?}");
                prop_assert!(stage.probs.iter().all(|p| p.is_finite() && *p >= 0.0));
                prop_assert!(stage.kept_count() >= 1);
                prop_assert!((stage.entropy - sampling::entropy(&stage.probs)).abs() < 1e-6 * (1.0 + stage.entropy), "cached entropy {} vs {}", stage.entropy, sampling::entropy(&stage.probs));
                prop_assert!(stage.probs.iter().zip(stage.kept.iter()).all(|(p, k)| *k || *p == 0.0));
            }
            let mut rng = sampling::draw::rng(1);
            let d = sampling::draw(run.last(), params.do_sample, &mut rng);
            prop_assert!(run.last().kept[d.token as usize], "drew a removed token");
        }
    }

    #[test]
    fn larger_top_p_never_keeps_fewer(logits in logits(), a in 0.0f32..=1.0, b in 0.0f32..=1.0) {
        let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
        let kept = |p: f32| kept_by(&logits, StageKind::TopP, SamplingParams { top_p: p, ..Default::default() });
        prop_assert!(kept(hi) >= kept(lo));
    }

    #[test]
    fn larger_typical_p_never_keeps_fewer(logits in logits(), a in 0.0f32..=1.0, b in 0.0f32..=1.0) {
        let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
        let kept = |p: f32| kept_by(&logits, StageKind::TypicalP, SamplingParams { typical_p: p, ..Default::default() });
        prop_assert!(kept(hi) >= kept(lo));
    }

    #[test]
    fn smaller_min_p_and_larger_k_never_keep_fewer(logits in logits(), a in 0.0f32..=1.0, b in 0.0f32..=1.0, k1 in 1usize..500, k2 in 1usize..500) {
        let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
        let min_p = |m: f32| kept_by(&logits, StageKind::MinP, SamplingParams { min_p: m, ..Default::default() });
        prop_assert!(min_p(lo) >= min_p(hi));
        let top_k = |k: usize| kept_by(&logits, StageKind::TopK, SamplingParams { top_k: k, ..Default::default() });
        prop_assert!(top_k(k1.max(k2)) >= top_k(k1.min(k2)));
        prop_assert!(top_k(k1) >= k1.min(logits.len()));
    }

    #[test]
    fn neutral_parameters_change_nothing(logits in logits()) {
        let run = sampling::run(&logits, &StageKind::ALL, &SamplingParams::default(), &History { prompt: &[0, 1], generated: &[1] });
        for s in &run.stages {
            prop_assert!(s.trace.skipped, "{:?} was not skipped", s.trace.stage);
            prop_assert_eq!(&s.candidates, &run.raw);
        }
    }
}
