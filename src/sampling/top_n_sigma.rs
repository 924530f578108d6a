//! top-nσ: keep the tokens whose logit is within n standard deviations of the largest
//! (Tang et al. 2024, "Top-nσ: Not All Logits Are You Need").
//!
//! `keep i iff l_i ≥ max − n·σ`, where `max`, the mean and the population standard deviation σ
//! are taken over the kept tokens with a finite logit. The cut lives in logit space, so it does
//! not move with the temperature: any T > 0 scales `max − n·σ` and every logit alike. The most
//! probable token always stays (σ ≥ 0); equal logits give σ = 0 and keep all of them.
//! n in 0..=10, 0 is off (llama.cpp's default −1 and any n ≤ 0 are off too); 1 is typical.
//! Source: <https://arxiv.org/abs/2411.07641>, llama.cpp `llama_sampler_top_n_sigma_apply`.
//!
//! ```
//! use samplescope::sampling::{Candidates, Context, Stage, top_n_sigma::{Params, TopNSigma}};
//! let c = Candidates::from_logits([0.1f32, 0.2, 0.3, 0.4].iter().map(|p| p.ln()).collect());
//! let (out, _) = TopNSigma::apply(&c, &Params { n: 1.0 }, &Context::default());
//! // mean −1.508, σ 0.521: the cut −0.916 − 0.521 = −1.437 keeps ln 0.3 and ln 0.4
//! assert_eq!(*out.kept, vec![false, false, true, true]);
//! ```

use super::{
    Api, Candidates, Context, Detail, NumberSpec, Param, ParamKind, ParamValue, Stage, StageDecl, StageKind, StageTrace,
    percent1,
};
use crate::i18n::Text;
use crate::msg;

pub struct TopNSigma;

#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Params {
    /// How many standard deviations below the top logit a token may be; 0 = off.
    pub n: f32,
}

impl Stage for TopNSigma {
    type Params = Params;
    const DECL: StageDecl = StageDecl {
        key: "top_n_sigma",
        name: "top-nσ",
        formula: "keep i if lᵢ ≥ max l − n·σ(l)",
        source: "https://arxiv.org/abs/2411.07641",
        reads: &[],
        params: &[Param {
            key: "top_n_sigma",
            symbol: "n",
            kind: ParamKind::Number(NumberSpec {
                min: 0.0,
                max: 10.0,
                step: 0.05,
                default: 0.0,
                neutral: true,
                integer: false,
            }),
            api: Api::Extra,
            marks: &[],
            get: |p| ParamValue::Number(p.top_n_sigma.n as f64),
            set: |p, v| p.top_n_sigma.n = v.number() as f32,
        }],
    };

    fn apply(input: &Candidates, params: &Params, _ctx: &Context) -> (Candidates, StageTrace) {
        let stage = StageKind::TopNSigma;
        let n = params.n as f64;
        if n <= 0.0 {
            return (input.clone(), StageTrace::skipped(stage, input, "n = 0"));
        }
        if input.kept_count() <= 1 {
            return (input.clone(), StageTrace::skipped(stage, input, Text::new(msg!("trace-why-one-token"))));
        }
        let finite: Vec<f64> = input
            .logits
            .iter()
            .zip(input.kept.iter())
            .filter(|(l, k)| **k && l.is_finite())
            .map(|(l, _)| *l as f64)
            .collect();
        let count = finite.len().max(1) as f64;
        let max = finite.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let mean = finite.iter().sum::<f64>() / count;
        let sigma = (finite.iter().map(|l| (l - mean) * (l - mean)).sum::<f64>() / count).sqrt();
        let threshold = max - n * sigma;
        let keep = input.logits.iter().zip(input.kept.iter()).map(|(&l, &k)| k && l as f64 >= threshold).collect();
        let out = input.keep_only(keep);
        let shown = |x: f64| format!("{x:.3}");
        let summary = Text::new(msg!("trace-top_n_sigma"))
            .arg("kept", out.kept_count())
            .arg("max", shown(max))
            .arg("n", params.n.to_string())
            .arg("sigma", shown(sigma))
            .arg("threshold", shown(threshold))
            .arg("mass", percent1(input.mass_of(&out.kept)));
        let min = finite.iter().copied().fold(f64::INFINITY, f64::min);
        let histogram = histogram(&finite, min, max);
        let trace = StageTrace::between(stage, input, &out, Some(summary))
            .with_detail(Detail::TopNSigma { max, mean, sigma, threshold, min, histogram });
        (out, trace)
    }
}

/// Bins of the logit histogram in the trace.
pub const BINS: usize = 24;

/// How many of `values` fall in each of [`BINS`] equal bins from `min` to `max` (the last bin
/// holds `max`; all in one bin when they are equal).
fn histogram(values: &[f64], min: f64, max: f64) -> Vec<u32> {
    let mut counts = vec![0u32; BINS];
    let width = (max - min) / BINS as f64;
    for &v in values {
        let bin = if width > 0.0 { (((v - min) / width) as usize).min(BINS - 1) } else { BINS - 1 };
        counts[bin] += 1;
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;
    use super::*;

    fn keep(c: &Candidates, n: f32) -> (Candidates, StageTrace) {
        TopNSigma::apply(c, &Params { n }, &no_context())
    }

    #[test]
    fn the_cut_is_n_population_deviations_below_the_top() {
        // ln 0.1..0.4: mean −1.508072, σ = sqrt(1.084207 / 4) = 0.520626 (population).
        let (out, trace) = keep(&four(), 1.0);
        assert_probs(&out, &[0.0, 0.0, 3.0 / 7.0, 4.0 / 7.0]);
        let Detail::TopNSigma { mean, sigma, threshold, min, ref histogram, .. } = trace.detail else {
            panic!("{:?}", trace.detail)
        };
        assert!((mean + 1.508072).abs() < 1e-5 && (sigma - 0.520626).abs() < 1e-5);
        assert!((threshold + 1.436917).abs() < 1e-5);
        // ln 0.1 opens the first bin and ln 0.4 closes the last; ln 0.3 is 19.02 bins up.
        assert!((min - 0.1f64.ln()).abs() < 1e-6);
        assert_eq!((histogram.len(), histogram.iter().sum::<u32>()), (BINS, 4));
        assert_eq!((histogram[0], histogram[19], histogram[BINS - 1]), (1, 1, 1));
        // n = 2 lowers the cut to −1.957543: ln 0.2 = −1.609 stays, ln 0.1 = −2.303 does not.
        assert_eq!(*keep(&four(), 2.0).0.kept, vec![false, true, true, true]);
        // test-sampling.cpp test_top_n_sigma with n = 3: the cut −2.478 keeps all four.
        assert_probs(&keep(&four(), 3.0).0, &[0.1, 0.2, 0.3, 0.4]);
    }

    #[test]
    fn temperature_does_not_move_the_cut() {
        let hot = Candidates::from_logits(four().logits.iter().map(|l| l / 2.5).collect());
        assert_eq!(keep(&hot, 1.0).0.kept, keep(&four(), 1.0).0.kept);
    }

    #[test]
    fn equal_logits_and_removed_tokens() {
        let flat = Candidates::from_logits(vec![1.0; 5]);
        assert_eq!(keep(&flat, 0.5).0.kept_count(), 5);
        // Statistics over the kept tokens only: without token 3 the top is ln 0.3.
        let cut = four().keep_only(vec![true, true, true, false]);
        let (out, trace) = keep(&cut, 1.0);
        let Detail::TopNSigma { max, .. } = trace.detail else { panic!() };
        assert!((max - 0.3f64.ln()).abs() < 1e-6);
        assert!(!out.kept[3] && out.kept[2]);
    }

    #[test]
    fn off_at_zero_and_with_one_token() {
        assert!(keep(&four(), 0.0).1.skipped);
        let one = four().keep_only(vec![false, false, true, false]);
        assert!(keep(&one, 1.0).1.skipped);
    }
}
