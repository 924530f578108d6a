//! The candidate set: every token's logit, whether it is still in play, and its probability.
//!
//! The arrays are shared (`Arc`): a stage that changes nothing returns its input without
//! copying 49,152 floats, and a truncation stage shares the logits it did not change.

use std::cmp::Ordering;
use std::sync::Arc;

/// Below this kept mass, renormalising the parent's probabilities loses precision (their f32
/// values are subnormal), so [`Candidates::keep_only`] recomputes the softmax instead.
const TINY_MASS: f64 = 1e-30;

/// All tokens of the vocabulary, in id order.
#[derive(Clone, Debug, PartialEq)]
pub struct Candidates {
    pub logits: Arc<Vec<f32>>,
    pub kept: Arc<Vec<bool>>,
    /// Softmax over the kept tokens; 0 for removed ones. Sums to 1.
    pub probs: Arc<Vec<f32>>,
    /// Shannon entropy of `probs`, in nats.
    pub entropy: f64,
    /// `ln Σ_kept exp(l_j − reference)`: lets truncation update the entropy without a
    /// logarithm per token.
    log_norm: f64,
    reference: f32,
}

impl Candidates {
    /// Every token kept, probabilities the softmax of `logits`.
    pub fn from_logits(logits: Vec<f32>) -> Candidates {
        let kept = vec![true; logits.len()];
        Candidates::with_logits(logits, kept)
    }

    /// New logits (and mask): recomputes the softmax over the kept tokens.
    ///
    /// `p_i = exp(l_i - m) / S`, `S = Σ_kept exp(l_j - m)`, `m` the largest kept logit, summed
    /// in f64; then `H = ln S − Σ p_i (l_i − m)`. A logit of +inf (or a mask with no finite
    /// logit) degrades to a uniform choice among the largest kept logits rather than NaN.
    /// `kept` may be a shared mask (`Arc`): a stage that only moves logits reuses its input's.
    pub fn with_logits(logits: Vec<f32>, kept: impl Into<Arc<Vec<bool>>>) -> Candidates {
        let kept: Arc<Vec<bool>> = kept.into();
        let max =
            logits.iter().zip(kept.iter()).filter(|(_, k)| **k).map(|(l, _)| *l).fold(f32::NEG_INFINITY, f32::max);
        let mut probs = vec![0f32; logits.len()];
        let mut sum = 0f64;
        if max.is_finite() {
            for ((p, &l), &k) in probs.iter_mut().zip(&logits).zip(kept.iter()) {
                if k {
                    let e = libm::expf(l - max);
                    *p = e;
                    sum += e as f64;
                }
            }
        }
        if !(sum > 0.0 && sum.is_finite()) {
            // Every kept logit is +inf, -inf or NaN: share the mass among those at the maximum.
            sum = 0.0;
            for ((p, &l), &k) in probs.iter_mut().zip(&logits).zip(kept.iter()) {
                *p = if k && (l == max || max.is_nan()) { 1.0 } else { 0.0 };
                sum += *p as f64;
            }
            let n = sum;
            for p in &mut probs {
                *p = (*p as f64 / n) as f32;
            }
            return Candidates {
                logits: Arc::new(logits),
                kept,
                probs: Arc::new(probs),
                entropy: n.ln(),
                log_norm: n.ln(),
                reference: f32::NAN,
            };
        }
        let inv = 1.0 / sum;
        let mut weighted = 0f64;
        for (p, &l) in probs.iter_mut().zip(&logits) {
            if *p > 0.0 {
                let q = *p as f64 * inv;
                weighted += q * (l - max) as f64;
                *p = q as f32;
            }
        }
        let log_norm = sum.ln();
        Candidates {
            logits: Arc::new(logits),
            kept,
            probs: Arc::new(probs),
            entropy: (log_norm - weighted).max(0.0),
            log_norm,
            reference: max,
        }
    }

    /// Same logits, fewer tokens: the kept probabilities are renormalised, `p_i / M` with
    /// `M = Σ_kept p_j`, which equals the softmax over the kept logits.
    pub fn keep_only(&self, keep: Vec<bool>) -> Candidates {
        debug_assert!(keep.iter().zip(self.kept.iter()).all(|(new, old)| !new || *old));
        let mass = self.mass_of(&keep);
        if mass < TINY_MASS || !self.reference.is_finite() {
            // What is kept had (nearly) underflowed: f32 probabilities this small are subnormal
            // and too coarse to renormalise (one token forced far below a +100 bias), or the
            // parent was degenerate. Recompute from the logits.
            return Candidates::with_logits(self.logits.to_vec(), keep);
        }
        let inv = 1.0 / mass;
        let mut weighted = 0f64;
        let probs: Vec<f32> = self
            .probs
            .iter()
            .zip(&keep)
            .zip(self.logits.iter())
            .map(|((&p, &k), &l)| {
                if k && p > 0.0 {
                    let q = p as f64 * inv;
                    weighted += q * (l - self.reference) as f64;
                    q as f32
                } else {
                    0.0
                }
            })
            .collect();
        let log_norm = self.log_norm + mass.ln();
        Candidates {
            logits: self.logits.clone(),
            kept: Arc::new(keep),
            probs: Arc::new(probs),
            entropy: (log_norm - weighted).max(0.0),
            log_norm,
            reference: self.reference,
        }
    }

    /// The kept tokens but those `remove` selects, renormalised; `None` when none would remain
    /// (a stage that bans tokens then leaves its input as it is rather than empty it).
    pub fn remove_where(&self, remove: impl Fn(u32) -> bool) -> Option<Candidates> {
        let keep: Vec<bool> = self.kept.iter().enumerate().map(|(i, &k)| k && !remove(i as u32)).collect();
        keep.contains(&true).then(|| self.keep_only(keep))
    }

    pub fn len(&self) -> usize {
        self.logits.len()
    }

    pub fn is_empty(&self) -> bool {
        self.logits.is_empty()
    }

    pub fn kept_count(&self) -> usize {
        self.kept.iter().filter(|k| **k).count()
    }

    /// Total probability of the tokens `mask` selects.
    pub fn mass_of(&self, mask: &[bool]) -> f64 {
        self.probs.iter().zip(mask).filter(|(_, k)| **k).map(|(p, _)| *p as f64).sum()
    }

    /// The kept token with the largest logit; the lowest id wins a tie.
    pub fn argmax(&self) -> Option<u32> {
        let mut best: Option<(u32, f32)> = None;
        for (i, (&l, &k)) in self.logits.iter().zip(self.kept.iter()).enumerate() {
            if k && best.is_none_or(|(_, b)| l > b || (b.is_nan() && !l.is_nan())) {
                best = Some((i as u32, l));
            }
        }
        best.map(|(i, _)| i)
    }

    /// Kept token ids by decreasing probability; equal probabilities by increasing id.
    pub fn kept_by_prob(&self) -> Vec<u32> {
        self.top_kept(usize::MAX)
    }

    /// The `n` most probable kept ids (ordered as [`Self::kept_by_prob`]) without sorting the
    /// whole vocabulary.
    pub fn top_kept(&self, n: usize) -> Vec<u32> {
        first_n(self.len(), n, |i| self.kept[i as usize], |a, b| self.cmp_desc(a, b))
    }

    /// The most probable kept tokens, in [`Self::kept_by_prob`] order, up to and including the
    /// first at which `reached(cumulative mass)` holds (all kept tokens if it never does).
    /// Grows a partial selection instead of sorting all 49,152 tokens when the prefix is short.
    pub fn prefix_by_prob(&self, reached: impl Fn(f64) -> bool) -> Vec<u32> {
        let total = self.kept_count();
        let mut n = 64.min(total);
        loop {
            let top = self.top_kept(n);
            let mut mass = 0f64;
            for (i, &id) in top.iter().enumerate() {
                mass += self.probs[id as usize] as f64;
                if reached(mass) {
                    return top[..=i].to_vec();
                }
            }
            if n >= total {
                return top;
            }
            n = (n * 8).min(total);
        }
    }

    /// Order by decreasing logit (= decreasing probability among kept), then increasing id.
    fn cmp_desc(&self, a: u32, b: u32) -> Ordering {
        let (la, lb) = (self.logits[a as usize], self.logits[b as usize]);
        lb.partial_cmp(&la).unwrap_or(Ordering::Equal).then(a.cmp(&b))
    }
}

/// Buffers up to this size are kept sorted in one pass; larger `n` select, then sort.
const SMALL_SELECTION: usize = 128;

/// The first `n` of the ids `0..len` that `include` admits, in `cmp` order (a total order:
/// ties broken by id). Every slider move asks for the chart's top rows and the nucleus over
/// all 49,152 tokens, so small `n` (the usual case) takes one pass that keeps the best so far
/// sorted and turns most ids away with one comparison against the worst of them, where a
/// selection moves all 49,152 ids around (BENCHMARKS.md: page script time per slider move).
pub fn first_n(len: usize, n: usize, include: impl Fn(u32) -> bool, cmp: impl Fn(u32, u32) -> Ordering) -> Vec<u32> {
    let ids = (0..len as u32).filter(|&i| include(i));
    if n > SMALL_SELECTION {
        let mut ids: Vec<u32> = ids.collect();
        if n < ids.len() {
            ids.select_nth_unstable_by(n, |&a, &b| cmp(a, b));
            ids.truncate(n);
        }
        ids.sort_unstable_by(|&a, &b| cmp(a, b));
        return ids;
    }
    let mut best: Vec<u32> = Vec::with_capacity(n + 1);
    if n == 0 {
        return best;
    }
    for id in ids {
        if best.len() == n && cmp(id, best[n - 1]) != Ordering::Less {
            continue;
        }
        let at = best.partition_point(|&b| cmp(b, id) == Ordering::Less);
        best.insert(at, id);
        best.truncate(n);
    }
    best
}

/// Shannon entropy `H = -Σ p ln p` in nats, computed directly (the reference for tests).
pub fn entropy(probs: &[f32]) -> f64 {
    probs
        .iter()
        .filter(|&&p| p > 0.0)
        .map(|&p| {
            let p = p as f64;
            -p * p.ln()
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;
    use super::*;

    #[test]
    fn first_n_matches_a_full_sort() {
        let mut next = crate::test_stream(0x9E3779B97F4A7C15);
        let random: Vec<f32> = (0..5000).map(|_| (next() % 400) as f32 / 7.0).collect(); // many ties
        let ascending: Vec<f32> = (0..5000).map(|i| i as f32).collect();
        let descending: Vec<f32> = ascending.iter().rev().copied().collect();
        for keys in [random, ascending, descending] {
            let cmp = |a: u32, b: u32| keys[b as usize].total_cmp(&keys[a as usize]).then(a.cmp(&b));
            let include = |i: u32| i % 3 != 1;
            let mut sorted: Vec<u32> = (0..keys.len() as u32).filter(|&i| include(i)).collect();
            sorted.sort_by(|&a, &b| cmp(a, b));
            for n in [0, 1, 2, 5, 64, SMALL_SELECTION, SMALL_SELECTION + 1, 1000, 3333, 4000] {
                let got = first_n(keys.len(), n, include, cmp);
                assert_eq!(got, sorted[..n.min(sorted.len())], "n = {n}");
            }
        }
    }

    #[test]
    fn softmax_of_log_probabilities_gives_them_back() {
        assert_probs(&four(), &[0.1, 0.2, 0.3, 0.4]);
    }

    #[test]
    fn removed_tokens_get_zero_and_the_rest_renormalise() {
        let c = four().keep_only(vec![false, true, false, true]);
        assert_probs(&c, &[0.0, 1.0 / 3.0, 0.0, 2.0 / 3.0]);
        let exact = Candidates::with_logits(four().logits.to_vec(), vec![false, true, false, true]);
        assert_probs(&exact, &[0.0, 1.0 / 3.0, 0.0, 2.0 / 3.0]);
    }

    #[test]
    fn cached_entropy_matches_the_direct_sum() {
        let c = four();
        assert!((c.entropy - entropy(&c.probs)).abs() < 1e-6);
        let cut = c.keep_only(vec![false, true, true, true]);
        assert!((cut.entropy - entropy(&cut.probs)).abs() < 1e-6, "{} vs {}", cut.entropy, entropy(&cut.probs));
        let cut2 = cut.keep_only(vec![false, false, true, true]);
        assert!((cut2.entropy - entropy(&cut2.probs)).abs() < 1e-6);
        let one = cut2.keep_only(vec![false, false, false, true]);
        assert!(one.entropy.abs() < 1e-9);
    }

    #[test]
    fn keeping_only_tokens_of_subnormal_probability_recomputes_them() {
        // Token 1 sits 92 nats below token 0: p ≈ 1e-40, a subnormal f32 with few significant
        // bits. Keeping it alone (and with token 2) must give exact probabilities and entropy.
        let c = Candidates::from_logits(vec![117.0, 25.0, 25.0 - 2f32.ln()]);
        assert!(c.probs[1] > 0.0 && c.probs[1] < f32::MIN_POSITIVE);
        let alone = c.keep_only(vec![false, true, false]);
        assert_eq!((alone.probs[1], alone.entropy), (1.0, 0.0));
        let two = c.keep_only(vec![false, true, true]);
        assert!((two.probs[1] - 2.0 / 3.0).abs() < 1e-6, "{:?}", two.probs);
        assert!((two.entropy - entropy(&two.probs)).abs() < 1e-6, "{} vs {}", two.entropy, entropy(&two.probs));
    }

    #[test]
    fn infinite_logits_do_not_make_nan() {
        let c = Candidates::from_logits(vec![f32::INFINITY, 0.0, f32::INFINITY]);
        assert_probs(&c, &[0.5, 0.0, 0.5]);
        assert!((c.entropy - 2f64.ln()).abs() < 1e-9);
        let c = Candidates::from_logits(vec![f32::NEG_INFINITY, f32::NEG_INFINITY]);
        assert_probs(&c, &[0.5, 0.5]);
    }

    #[test]
    fn argmax_prefers_the_lowest_id_on_ties() {
        let c = Candidates::from_logits(vec![1.0, 3.0, 3.0, 2.0]);
        assert_eq!(c.argmax(), Some(1));
        assert_eq!(c.kept_by_prob(), vec![1, 2, 3, 0]);
        assert_eq!(c.top_kept(2), vec![1, 2]);
    }

    #[test]
    fn entropy_of_uniform_is_ln_n() {
        let c = Candidates::from_logits(vec![0.0; 4]);
        assert!((c.entropy - 4f64.ln()).abs() < 1e-6);
    }
}
