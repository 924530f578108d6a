use super::super::test_util::*;
use super::super::{SamplingParams, run};
use super::*;

fn with(version: u8, mu: Option<f32>) -> (SamplingParams, Context<'static>) {
    let mut p = SamplingParams::default();
    p.mirostat.version = version;
    (p, Context::default().with_state(SamplerState { mu }))
}

#[test]
fn v2_keeps_the_tokens_within_mu_bits_and_moves_mu_by_the_surprise() {
    // The note's worked numbers: surprises 1.321928, 1.736966, 2.321928, 3.321928 bits.
    let (params, ctx) = with(2, None);
    let pipeline = run(&four().logits, &[StageKind::Mirostat], &params, &ctx);
    assert_eq!(pipeline.last().kept_count(), 4, "μ = 2τ = 10 keeps all four");
    let mu = |token| pipeline.state_after(token).mu.unwrap();
    assert!((mu(3) - 10.367807).abs() < 1e-5, "{}", mu(3));
    assert!((mu(0) - 10.167807).abs() < 1e-5, "{}", mu(0));
    let (params, ctx) = with(2, Some(2.0));
    let pipeline = run(&four().logits, &[StageKind::Mirostat], &params, &ctx);
    assert_probs(pipeline.last(), &[0.0, 0.0, 3.0 / 7.0, 4.0 / 7.0]);
    // From μ = 2, drawing 0.4 (now 4/7, surprise 0.807355): μ' = 2 − 0.1 · (0.807355 − 5).
    assert!((pipeline.state_after(3).mu.unwrap() - 2.419264).abs() < 1e-5);
    // Below the top token's surprise only the top token stays.
    let (params, ctx) = with(2, Some(-3.0));
    assert_eq!(run(&four().logits, &[StageKind::Mirostat], &params, &ctx).last().kept_count(), 1);
}

#[test]
fn v1_fits_a_zipf_exponent_and_keeps_k_tokens() {
    // The note's worked numbers: N = 1000, pᵢ ∝ i^−1.2, μ = 10 → ŝ = 1.2, k = 107.349.
    let logits: Vec<f32> = (1..=1000).map(|i| -1.2 * (i as f32).ln()).collect();
    let (params, ctx) = with(1, None);
    let pipeline = run(&logits, &[StageKind::Mirostat], &params, &ctx);
    let Detail::Mirostat { s_hat: Some(s_hat), k: Some(k), .. } = pipeline.stages[0].trace.detail else {
        panic!("{:?}", pipeline.stages[0].trace.detail)
    };
    assert!((s_hat - 1.2).abs() < 1e-4, "ŝ = {s_hat}");
    assert!((k - 107.349).abs() < 0.05, "k = {k}");
    let out = pipeline.last();
    assert_eq!(out.kept_count(), 107);
    assert!((out.probs[0] - 0.275510).abs() < 1e-5, "{}", out.probs[0]);
    assert!((pipeline.state_after(0).mu.unwrap() - 10.314018).abs() < 1e-4);
}

#[test]
fn v1_with_one_token_or_a_flat_fit_keeps_one() {
    let (params, ctx) = with(1, None);
    let one = four().keep_only(vec![false, false, true, false]);
    assert_eq!(Mirostat::apply(&one, &params.mirostat, &ctx).0.kept_count(), 1);
    let flat = Candidates::from_logits(vec![0.0; 8]);
    assert_eq!(Mirostat::apply(&flat, &params.mirostat, &ctx).0.kept_count(), 1);
}

#[test]
fn mu_stays_when_mirostat_did_not_run_or_removed_the_chosen_token() {
    let (params, ctx) = with(2, Some(2.0));
    let pipeline = run(&four().logits, &[StageKind::Mirostat], &params, &ctx);
    assert_eq!(pipeline.state_after(0), SamplerState { mu: Some(2.0) }, "token 0 was cut: forced, not drawn");
    let (off, ctx) = with(0, Some(7.5));
    let pipeline = run(&four().logits, &[StageKind::Mirostat, StageKind::TopK], &off, &ctx);
    assert_eq!(pipeline.state_after(3), SamplerState { mu: Some(7.5) });
    assert!(pipeline.stages[0].trace.skipped);
}

#[test]
fn a_rerun_with_another_mu_runs_mirostat_again() {
    // The earlier stage is reused; mirostat, which reads the state, is not.
    let (mut params, ctx) = with(2, Some(10.0));
    params.temperature.t = 0.5;
    let order = [StageKind::Temperature, StageKind::Mirostat];
    let first = run(&four().logits, &order, &params, &ctx);
    assert_eq!(first.last().kept_count(), 4);
    let lower = Context::default().with_state(SamplerState { mu: Some(1.0) });
    let again = super::super::rerun(&first, &four().logits, &order, &params, &lower);
    assert!(std::sync::Arc::ptr_eq(&again.stages[0].candidates.probs, &first.stages[0].candidates.probs));
    assert_eq!(again.last().kept_count(), 1, "μ = 1 bit keeps only p ≥ 0.5: the top token after T = 0.5");
}
