use std::sync::Arc;

use super::super::{History, Tokenised};
use super::*;

fn params(multiplier: f32, base: f32, allowed_length: usize, last_n: i32) -> Params {
    Params { multiplier, base, allowed_length, last_n, ..Params::default() }
}

fn dry(tokens: &[u32], params: &Params, tokenised: Tokenised) -> (Candidates, StageTrace) {
    let ctx = Context::new(History { prompt: tokens, generated: &[] }).with_tokenised(Arc::new(tokenised));
    Dry::apply(&Candidates::from_logits(vec![0.0; 10]), params, &ctx)
}

/// Token 9 is a breaker by itself, as "\n" would be.
fn newline_breaker() -> Tokenised {
    Tokenised {
        dry: Some(Breakers { strings: vec!["\n".into()], heads: vec![(9, vec![])] }),
        ..Tokenised::default()
    }
}

#[test]
fn the_penalty_grows_with_the_repeat_and_says_where_it_is() {
    // 5 6 7 8 9 5 6 7 8: the end repeats positions 0..4, which 9 followed: M = 4.
    let tokens = [5, 6, 7, 8, 9, 5, 6, 7, 8];
    let (out, trace) = dry(&tokens, &params(1.0, 2.0, 2, -1), Tokenised::default());
    assert_eq!(out.logits[9], -4.0, "1 · 2^(4 − 2)");
    assert_eq!(out.logits.iter().filter(|&&l| l != 0.0).count(), 1);
    let Detail::Dry { repeats, .. } = &trace.detail else { panic!("{:?}", trace.detail) };
    assert_eq!(repeats, &vec![Repeat { token: 9, length: 4, penalty: 4.0, earlier: (0, 4), suffix: (5, 9) }]);
    // Only the last n tokens are searched; positions stay those of the whole context.
    let longer = [0, 5, 6, 7, 8, 9, 5, 6, 7, 8];
    let (_, trace) = dry(&longer, &params(1.0, 2.0, 2, 9), Tokenised::default());
    let Detail::Dry { repeats, .. } = &trace.detail else { panic!() };
    assert_eq!((repeats[0].earlier, repeats[0].suffix), ((1, 5), (6, 10)));
    let (out, _) = dry(&longer, &params(1.0, 2.0, 2, 5), Tokenised::default());
    assert!(out.logits.iter().all(|&l| l == 0.0), "9 5 6 7 8 holds no repeat");
}

#[test]
fn a_breaker_cuts_the_runs_and_is_never_penalised() {
    // 9 2 3 4 9 2 3: the run 9 2 3 is cut after the latest 9 to 2 3: 4 loses 2^0, not 2^1.
    let tokens = [9, 2, 3, 4, 9, 2, 3];
    let p = Params { breakers: vec!["\n".into()], ..params(1.0, 2.0, 2, -1) };
    assert_eq!(dry(&tokens, &p, newline_breaker()).0.logits[4], -1.0);
    let (out, trace) = dry(&tokens, &p, Tokenised::default());
    assert_eq!(out.logits[4], -2.0, "without its tokenisation the breaker is not applied");
    assert!(matches!(trace.detail, Detail::Dry { untokenised: true, .. }));
    assert!(trace.summary.render(crate::i18n::Lang::En).contains("not tokenised"));
    // 1 2 9 1 2: the run 1 2 is followed by 9 earlier, but 9 is a breaker.
    assert!(dry(&[1, 2, 9, 1, 2], &p, newline_breaker()).0.logits.iter().all(|&l| l == 0.0));
    // Ending on a breaker: no run can be extended.
    assert!(dry(&[1, 2, 1, 2, 9], &p, newline_breaker()).1.skipped);
}

#[test]
fn the_exponent_is_capped_so_the_penalty_stays_finite() {
    // Two copies of 0..200: the end repeats a run of 200 that token 0 followed.
    let tokens: Vec<u32> = (0..200).chain(0..200).map(|i| i % 10).collect();
    let ctx = Context::new(History { prompt: &tokens, generated: &[] });
    let (out, trace) = Dry::apply(&Candidates::from_logits(vec![0.0; 10]), &params(1.0, 1.75, 1, -1), &ctx);
    let Detail::Dry { repeats, .. } = &trace.detail else { panic!() };
    let top = &repeats[0];
    assert!(top.length >= 200);
    let expected = 1.75f64.powi(158) as f32;
    assert!(top.penalty.is_finite() && (top.penalty / expected - 1.0).abs() < 1e-6, "{}", top.penalty);
    assert!(out.probs.iter().all(|p| p.is_finite()));
}

#[test]
fn off_without_a_multiplier_a_window_or_enough_context() {
    let tokens = [1, 2, 1, 2];
    assert!(dry(&tokens, &Params::default(), Tokenised::default()).1.skipped);
    assert!(dry(&tokens, &params(1.0, 1.75, 2, 0), Tokenised::default()).1.skipped);
    assert!(dry(&[1, 2], &params(1.0, 1.75, 2, -1), Tokenised::default()).1.skipped);
    let (out, trace) = dry(&[1, 2, 3, 4], &params(1.0, 1.75, 2, -1), Tokenised::default());
    assert_eq!((out.logits.iter().all(|&l| l == 0.0), trace.skipped), (true, false), "no repeat found");
}

/// llama.cpp's `test_dry`: uniform probabilities over `vocab` tokens, the tokens accepted in
/// order, then a renormalising draw; breakers given as token sequences (head, then tail).
fn llama_case(vocab: usize, tokens: &[u32], p: Params, breakers: Vec<(u32, Vec<u32>)>, expected: &[f64]) {
    let strings = if breakers.is_empty() { vec![] } else { vec!["breaker".to_string()] };
    let tokenised = Tokenised { dry: Some(Breakers { strings: strings.clone(), heads: breakers }), ..Tokenised::default() };
    let ctx = Context::new(History { prompt: tokens, generated: &[] }).with_tokenised(Arc::new(tokenised));
    let input = Candidates::from_logits(vec![(1.0 / vocab as f32).ln(); vocab]);
    let (out, _) = Dry::apply(&input, &Params { breakers: strings, ..p }, &ctx);
    super::super::test_util::assert_probs(&out, expected);
}

#[test]
fn llama_cpp_dry_cases() {
    // test-sampling.cpp test_dry(probs, last tokens, multiplier, base, allowed, last_n, breakers).
    llama_case(4, &[0, 1], params(1.0, 1.1, 2, 4), vec![], &[0.25; 4]);
    llama_case(4, &[0, 1, 2, 0, 1], params(1.0, 1.1, 2, 5), vec![], &[0.296923, 0.296923, 0.109232, 0.296923]);
    llama_case(5, &[0, 1, 3, 4, 0, 1], params(1.0, 1.1, 2, 6), vec![(3, vec![])], &[0.2; 5]);
    llama_case(5, &[0, 1, 2, 0, 1], params(2.0, 1.1, 2, 5), vec![], &[
        0.241818, 0.241818, 0.032727, 0.241818, 0.241818,
    ]);
    llama_case(5, &[0, 1, 2, 3, 4, 0, 1], params(1.0, 1.1, 4, 7), vec![], &[0.2; 5]);
}
