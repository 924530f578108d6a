//! Properties of the sampling pipeline over random logits and parameters.

use std::sync::Arc;

use proptest::prelude::*;
use samplescope::sampling::{
    self, Context, History, OrderPreset, ParamKind, ParamValue, SamplerState, SamplingParams, StageKind, Tokenised,
    Wanted,
};

/// The default parameters with one change.
fn with(change: impl FnOnce(&mut SamplingParams)) -> SamplingParams {
    let mut p = SamplingParams::default();
    change(&mut p);
    p
}

/// Tokens one stage alone keeps with `params`.
fn kept_by(logits: &[f32], stage: StageKind, params: SamplingParams) -> usize {
    sampling::run(logits, &[stage], &params, &Context::default()).last().kept_count()
}

fn logits() -> impl Strategy<Value = Vec<f32>> {
    prop::collection::vec(-30.0f32..30.0, 2..400)
}

/// A toy vocabulary for the list parameters: token i is the text `<i>`.
struct Toy(Vec<Vec<u8>>);

impl Toy {
    fn new(vocab: usize) -> Toy {
        Toy((0..vocab).map(|i| format!("<{i}>").into_bytes()).collect())
    }

    fn encode(text: &str) -> Vec<u32> {
        text.split(['<', '>']).filter_map(|t| t.parse().ok()).collect()
    }

    fn tokenised(&self, params: &SamplingParams) -> Arc<Tokenised> {
        let tokenised = Tokenised::build(&Wanted::of(params), self.0.len(), |id| &self.0[id as usize], Toy::encode);
        Arc::new(tokenised.with_end_of_turn(&[0, self.0.len() as u32 - 1]))
    }
}

/// Every declared parameter at a random value of its range (or its default), so a new stage
/// is covered as soon as it is declared; strings are runs of the toy vocabulary's tokens.
fn params(vocab: usize) -> impl Strategy<Value = SamplingParams> {
    let count = SamplingParams::params().count();
    let bias =
        prop::collection::vec((0..vocab as u32, prop_oneof![Just(-100.0f32), Just(100.0f32), -100.0f32..100.0]), 0..6);
    let words = prop::collection::vec(prop::collection::vec(0..vocab as u32, 1..4), 0..4);
    let ids = prop::collection::vec(0..vocab as u32, 0..6);
    (prop::collection::vec(prop::option::weighted(0.75, 0.0f64..=1.0), count), bias, words, ids).prop_map(
        |(fractions, bias, words, ids)| {
            let mut p = SamplingParams::default();
            for (param, f) in SamplingParams::params().zip(fractions) {
                let Some(f) = f else { continue };
                let value = match &param.kind {
                    ParamKind::Number(n) => {
                        let v = n.min + f * (n.max - n.min);
                        ParamValue::Number(if n.integer { v.round() } else { v })
                    }
                    ParamKind::Flag => ParamValue::Flag(f < 0.5),
                    ParamKind::TokenBias { .. } => ParamValue::Bias(bias.clone()),
                    ParamKind::Strings { max_items, .. } => ParamValue::Strings(
                        words
                            .iter()
                            .take(*max_items)
                            .map(|w| w.iter().map(|i| format!("<{i}>")).collect::<String>())
                            .collect(),
                    ),
                    ParamKind::TokenIds { max_items } => {
                        ParamValue::Ids(ids.iter().take(*max_items).copied().collect())
                    }
                };
                (param.set)(&mut p, value);
            }
            p
        },
    )
}

/// Logits, parameters, a context (its first half the prompt), a shuffled order, a seed and
/// mirostat's μ.
type Case = (Vec<f32>, SamplingParams, Vec<u32>, Vec<StageKind>, u64, Option<f32>);

fn case() -> impl Strategy<Value = Case> {
    logits().prop_flat_map(|l| {
        let n = l.len();
        (
            Just(l),
            params(n),
            prop::collection::vec(0..n as u32, 0..20),
            Just(StageKind::ALL.to_vec()).prop_shuffle(),
            any::<u64>(),
            prop::option::of(-5.0f32..20.0),
        )
    })
}

fn context<'a>(tokens: &'a [u32], toy: &Toy, params: &SamplingParams, seed: u64, mu: Option<f32>) -> Context<'a> {
    let history = History { prompt: &tokens[..tokens.len() / 2], generated: &tokens[tokens.len() / 2..] };
    Context::new(history).with_seed(seed).with_tokenised(toy.tokenised(params)).with_state(SamplerState { mu })
}

fn orders(shuffled: Vec<StageKind>) -> Vec<Vec<StageKind>> {
    let mut all: Vec<Vec<StageKind>> = OrderPreset::ALL.iter().map(|p| p.order()).collect();
    all.push(shuffled);
    all
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn every_stage_output_is_a_distribution((logits, params, tokens, shuffled, seed, mu) in case()) {
        let history = context(&tokens, &Toy::new(logits.len()), &params, seed, mu);
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
            let d = sampling::draw(run.last(), params.draw.do_sample, &mut rng);
            prop_assert!(run.last().kept[d.token as usize], "drew a removed token");
        }
    }

    #[test]
    fn larger_top_p_never_keeps_fewer(logits in logits(), a in 0.0f32..=1.0, b in 0.0f32..=1.0) {
        let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
        let kept = |p: f32| kept_by(&logits, StageKind::TopP, with(|s| s.top_p.p = p));
        prop_assert!(kept(hi) >= kept(lo));
    }

    #[test]
    fn larger_typical_p_never_keeps_fewer(logits in logits(), a in 0.0f32..=1.0, b in 0.0f32..=1.0) {
        let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
        let kept = |p: f32| kept_by(&logits, StageKind::TypicalP, with(|s| s.typical_p.p = p));
        prop_assert!(kept(hi) >= kept(lo));
    }

    #[test]
    fn smaller_min_p_and_larger_k_never_keep_fewer(logits in logits(), a in 0.0f32..=1.0, b in 0.0f32..=1.0, k1 in 1usize..500, k2 in 1usize..500) {
        let (lo, hi) = if a <= b { (a, b) } else { (b, a) };
        let min_p = |m: f32| kept_by(&logits, StageKind::MinP, with(|s| s.min_p.p = m));
        prop_assert!(min_p(lo) >= min_p(hi));
        let top_k = |k: usize| kept_by(&logits, StageKind::TopK, with(|s| s.top_k.k = k));
        prop_assert!(top_k(k1.max(k2)) >= top_k(k1.min(k2)));
        prop_assert!(top_k(k1) >= k1.min(logits.len()));
    }

    #[test]
    fn a_stages_neutral_parameters_switch_it_off_whatever_the_others((logits, params, tokens, _, seed, mu) in case()) {
        let toy = Toy::new(logits.len());
        for &stage in StageKind::ALL {
            let mut off = params.clone();
            for p in stage.decl().params {
                let neutral = match &p.kind {
                    ParamKind::Number(spec) => spec.neutral,
                    _ => true,
                };
                if neutral {
                    (p.set)(&mut off, p.default_value());
                }
            }
            let run = sampling::run(&logits, &[stage], &off, &context(&tokens, &toy, &off, seed, mu));
            prop_assert!(run.stages[0].trace.skipped, "{:?} was not skipped", stage);
            prop_assert_eq!(&run.stages[0].candidates, &run.raw);
        }
    }

    #[test]
    fn context_stages_touch_only_tokens_of_the_context((logits, params, tokens, _, seed, mu) in case()) {
        // DRY lowers (never raises) tokens that followed an earlier run; no-repeat-ngram bans
        // tokens that completed one: either way tokens the context holds.
        let ctx = context(&tokens, &Toy::new(logits.len()), &params, seed, mu);
        for stage in [StageKind::Dry, StageKind::NoRepeatNgram] {
            let run = sampling::run(&logits, &[stage], &params, &ctx);
            let out = run.last();
            for id in 0..logits.len() {
                let changed = out.logits[id] != run.raw.logits[id] || out.kept[id] != run.raw.kept[id];
                prop_assert!(!changed || tokens.contains(&(id as u32)), "{stage:?} changed token {id}");
                prop_assert!(out.logits[id] <= run.raw.logits[id], "{stage:?} raised token {id}");
            }
        }
    }

    #[test]
    fn truncation_stages_remove_only_what_their_rule_names((logits, params, tokens, _, seed, mu) in case()) {
        let ctx = context(&tokens, &Toy::new(logits.len()), &params, seed, mu);
        let removed = |stage| {
            let run = sampling::run(&logits, &[stage], &params, &ctx);
            let (input, out) = (run.raw.clone(), run.last().clone());
            let gone: Vec<usize> = (0..logits.len()).filter(|&i| input.kept[i] && !out.kept[i]).collect();
            (input, out, gone)
        };
        // ε: only tokens below ε, never the most probable.
        let (input, _, gone) = removed(StageKind::Epsilon);
        let top = input.kept_by_prob()[0] as usize;
        prop_assert!(gone.iter().all(|&i| input.probs[i] < params.epsilon.epsilon && i != top));
        // allowed_token_ids: only unlisted tokens.
        let (_, _, gone) = removed(StageKind::AllowedTokenIds);
        prop_assert!(gone.iter().all(|&i| !params.allowed_token_ids.ids.contains(&(i as u32))));
        // min_tokens: only end-of-turn tokens, and only before min_tokens were generated.
        let (_, _, gone) = removed(StageKind::MinTokens);
        let early = tokens.len() - tokens.len() / 2 < params.min_tokens.min;
        prop_assert!(gone.iter().all(|&i| early && (i == 0 || i == logits.len() - 1)));
        // mirostat v2: what stays has surprise within μ, unless only the top token stays.
        if params.mirostat.version == 2 {
            let (input, out, _) = removed(StageKind::Mirostat);
            let mu = mu.unwrap_or(2.0 * params.mirostat.tau);
            let within = (0..logits.len()).filter(|&i| out.kept[i]).all(|i| -input.probs[i].log2() <= mu);
            prop_assert!(within || out.kept_count() == 1, "μ {mu}");
        }
    }

    #[test]
    fn neutral_parameters_change_nothing(logits in logits()) {
        let run = sampling::run(&logits, StageKind::ALL, &SamplingParams::default(), &Context::new(History { prompt: &[0, 1], generated: &[1] }));
        for s in &run.stages {
            prop_assert!(s.trace.skipped, "{:?} was not skipped", s.trace.stage);
            prop_assert_eq!(&s.candidates, &run.raw);
        }
    }
}
