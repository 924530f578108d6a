//! draw: pick the next token from what the last stage kept.
//!
//! Sampling walks the kept tokens from most to least probable (ties by id) and returns the
//! first whose cumulative probability exceeds `u · Σ p`, where `u ∈ [0, 1)` is the top 53 bits
//! of one `ChaCha8` output: the inverse-CDF method, so the same seed, logits and settings give
//! the same token on every platform. Greedy (`do_sample = false`, or temperature 0) returns the
//! argmax whatever the other stages kept. Every draw consumes exactly one random number, so
//! switching one step to greedy does not shift the draws after it.

use rand_chacha::ChaCha8Rng;
use rand_core::{RngCore, SeedableRng};

use super::{Api, Candidates, Param, ParamKind, ParamValue};

/// The draw's own parameter.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Params {
    /// false: always the argmax (greedy), whatever the stages kept.
    pub do_sample: bool,
}

impl Default for Params {
    fn default() -> Self {
        Params { do_sample: true }
    }
}

pub const PARAMS: &[Param] = &[Param {
    key: "do_sample",
    symbol: "do_sample",
    kind: ParamKind::Flag,
    api: Api::Extra,
    marks: &[],
    get: |p| ParamValue::Flag(p.draw.do_sample),
    set: |p, v| {
        if let ParamValue::Flag(b) = v {
            p.draw.do_sample = b;
        }
    },
}];

/// How the token was chosen.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum DrawMethod {
    /// Inverse CDF at `u`.
    Sample { u: f64 },
    /// `do_sample = false`: the argmax of the processed logits.
    Greedy,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Draw {
    pub token: u32,
    /// Its probability in the distribution drawn from.
    pub prob: f32,
    pub method: DrawMethod,
}

/// The random stream of one generation: `ChaCha8` seeded with the request's seed.
pub fn rng(seed: u64) -> ChaCha8Rng {
    ChaCha8Rng::seed_from_u64(seed)
}

/// The stream of `seed` as it stands for completion position `position`: one number drawn per
/// earlier position, exactly as a whole generation with this seed would have drawn them.
pub fn stream_at(seed: u64, position: usize) -> ChaCha8Rng {
    let mut rng = rng(seed);
    for _ in 0..position {
        uniform(&mut rng);
    }
    rng
}

/// How [`coin`] draws, as the export states it.
pub const COIN_RNG: &str =
    "ChaCha8 seed_from_u64(seed) on stream 1 (set_stream(1)), u64 number `position`, top 53 bits";

/// The second number of completion position `position`, for stages that flip a coin (XTC):
/// the `position`-th 64-bit output (from 0) of `ChaCha8Rng::seed_from_u64(seed)` switched to
/// stream 1 with `set_stream(1)`, as [`uniform`] reads it. It is a function of the seed and
/// the position alone, so it never shifts the draw's own stream, and replaying or branching a
/// completion flips the same coins at the same positions.
pub fn coin(seed: u64, position: usize) -> f64 {
    let mut rng = rng(seed);
    rng.set_stream(1);
    // Two 32-bit words per 64-bit output.
    rng.set_word_pos(2 * position as u128);
    uniform(&mut rng)
}

/// How [`retry`] draws, as the export states it.
pub const RETRY_RNG: &str =
    "ChaCha8 seed_from_u64(seed) on stream 2 (set_stream(2)), u64 number `position`, top 53 bits";

/// The number a rejected draw is drawn again with, at completion position `position`, when
/// the grammar's mask is applied llama.cpp's way (sample, and only if the grammar rejects the
/// token, mask and sample again with a new number). Like [`coin`], a function of the seed
/// and the position on a stream of its own, so a retry never shifts the draws after it.
pub fn retry(seed: u64, position: usize) -> f64 {
    let mut rng = rng(seed);
    rng.set_stream(2);
    rng.set_word_pos(2 * position as u128);
    uniform(&mut rng)
}

/// A uniform number in [0, 1) from the top 53 bits of one 64-bit output.
pub fn uniform(rng: &mut ChaCha8Rng) -> f64 {
    (rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

pub fn draw(c: &Candidates, do_sample: bool, rng: &mut ChaCha8Rng) -> Draw {
    draw_with(c, do_sample, uniform(rng))
}

/// The draw at a given uniform number `u ∈ [0, 1)`.
pub fn draw_with(c: &Candidates, do_sample: bool, u: f64) -> Draw {
    if !do_sample {
        let token = c.argmax().unwrap_or(0);
        return Draw { token, prob: c.probs[token as usize], method: DrawMethod::Greedy };
    }
    let total: f64 = c.mass_of(&c.kept);
    let target = u * total;
    let order = c.prefix_by_prob(|mass| mass > target);
    let token = *order.last().expect("the kept set is never empty");
    Draw { token, prob: c.probs[token as usize], method: DrawMethod::Sample { u } }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;
    use super::*;

    #[test]
    fn inverse_cdf_walks_from_the_most_probable() {
        // order 3 (0.4), 2 (0.3), 1 (0.2), 0 (0.1): u < 0.4 → 3, < 0.7 → 2, < 0.9 → 1, else 0
        let c = four();
        let pick = |u: f64| {
            let order = c.prefix_by_prob(|m| m > u);
            *order.last().unwrap()
        };
        assert_eq!(pick(0.0), 3);
        assert_eq!(pick(0.39), 3);
        assert_eq!(pick(0.41), 2);
        assert_eq!(pick(0.69), 2);
        assert_eq!(pick(0.71), 1);
        assert_eq!(pick(0.95), 0);
    }

    #[test]
    fn same_seed_same_stream_and_known_values() {
        let mut a = rng(42);
        let mut b = rng(42);
        let xs: Vec<f64> = (0..5).map(|_| uniform(&mut a)).collect();
        let ys: Vec<f64> = (0..5).map(|_| uniform(&mut b)).collect();
        assert_eq!(xs, ys);
        assert!(xs.iter().all(|u| (0.0..1.0).contains(u)));
        let mut c = rng(43);
        assert_ne!(uniform(&mut c), xs[0]);
    }

    #[test]
    fn the_stream_at_a_position_continues_a_whole_generation() {
        let mut whole = rng(9);
        let drawn: Vec<f64> = (0..4).map(|_| uniform(&mut whole)).collect();
        for (position, &u) in drawn.iter().enumerate() {
            assert_eq!(uniform(&mut stream_at(9, position)), u);
        }
    }

    #[test]
    fn the_coin_is_stream_one_read_in_order_and_independent_of_the_draws() {
        let mut stream = rng(9);
        stream.set_stream(1);
        let coins: Vec<f64> = (0..5).map(|_| uniform(&mut stream)).collect();
        for (position, &c) in coins.iter().enumerate() {
            assert_eq!(coin(9, position), c);
            assert_ne!(c, uniform(&mut stream_at(9, position)), "the coin is not the draw's number");
        }
        assert!(coins.iter().all(|u| (0.0..1.0).contains(u)));
        assert_ne!(coin(10, 0), coin(9, 0));
    }

    #[test]
    fn frequencies_follow_the_probabilities() {
        let c = four();
        let mut r = rng(7);
        let mut counts = [0usize; 4];
        let n = 20_000;
        for _ in 0..n {
            counts[draw(&c, true, &mut r).token as usize] += 1;
        }
        for (i, &expected) in [0.1, 0.2, 0.3, 0.4].iter().enumerate() {
            let got = counts[i] as f64 / n as f64;
            assert!((got - expected).abs() < 0.015, "token {i}: {got} vs {expected}");
        }
    }

    #[test]
    fn greedy_ignores_probabilities_but_consumes_one_number() {
        let c = four();
        let mut r = rng(1);
        let d = draw(&c, false, &mut r);
        assert_eq!((d.token, d.method), (3, DrawMethod::Greedy));
        let mut fresh = rng(1);
        uniform(&mut fresh);
        assert_eq!(uniform(&mut r), uniform(&mut fresh));
    }

    #[test]
    fn removed_tokens_are_never_drawn() {
        let c = four().keep_only(vec![true, false, false, false]);
        let mut r = rng(3);
        for _ in 0..100 {
            assert_eq!(draw(&c, true, &mut r).token, 0);
        }
    }
}
