//! XTC, "exclude top choices": now and then, remove the most likely tokens so that a less
//! obvious but still plausible one is drawn (p-e-w, text-generation-webui PR #6335).
//!
//! With probability `xtc_probability`, take every kept token with `p ≥ xtc_threshold`; if there
//! are at least two, remove all of them except the least likely, unless fewer than `min_keep`
//! tokens would remain (then nothing, as llama.cpp cuts all or nothing). Thresholds above 0.5
//! are off: at most one token can then qualify. Probability 0..=1 (0 = off), threshold 0..=1
//! (llama.cpp's default 0.1). Ties rank by logit, then id.
//!
//! The coin is [`super::draw::coin`] at this completion position, not the draw's number: it
//! fires iff `coin ≤ xtc_probability`, and the trace says what it showed.
//! Source: <https://github.com/oobabooga/text-generation-webui/pull/6335>, llama.cpp
//! `llama_sample_xtc_apply`.
//!
//! ```
//! use samplescope::sampling::{Candidates, Context, Stage, xtc::{Params, Xtc}};
//! let c = Candidates::from_logits([0.1f32, 0.2, 0.3, 0.4].iter().map(|p| p.ln()).collect());
//! let (out, _) = Xtc::apply(&c, &Params { probability: 1.0, threshold: 0.15 }, &Context::default());
//! // 0.4, 0.3 and 0.2 reach 0.15: the two most likely go, 0.2 and 0.1 stay
//! assert_eq!(*out.kept, vec![true, true, false, false]);
//! ```

use super::shared::MIN_KEEP;
use super::{
    Api, Candidates, Context, Detail, Input, NumberSpec, Param, ParamKind, ParamValue, Stage, StageDecl, StageKind,
    StageTrace, draw,
};
use crate::i18n::Text;
use crate::msg;

pub struct Xtc;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Params {
    /// How often it fires, 0..=1; 0 = off.
    pub probability: f32,
    /// The probability that makes a token a top choice, 0..=1; above 0.5 = off.
    pub threshold: f32,
}

impl Default for Params {
    fn default() -> Self {
        Params { probability: 0.0, threshold: 0.1 }
    }
}

const fn unit(default: f64, neutral: bool) -> ParamKind {
    ParamKind::Number(NumberSpec { min: 0.0, max: 1.0, step: 0.01, default, neutral, integer: false })
}

impl Stage for Xtc {
    type Params = Params;
    const DECL: StageDecl = StageDecl {
        key: "xtc",
        name: "XTC",
        formula: "if coin ≤ P: remove every pᵢ ≥ t but the least likely of them",
        source: "https://github.com/oobabooga/text-generation-webui/pull/6335",
        reads: &[Input::Coin, Input::Shared(&MIN_KEEP)],
        params: &[
            Param {
                key: "xtc_probability",
                symbol: "P",
                kind: unit(0.0, true),
                api: Api::Extra,
                marks: &[],
                get: |p| ParamValue::Number(p.xtc.probability as f64),
                set: |p, v| p.xtc.probability = v.number() as f32,
            },
            Param {
                key: "xtc_threshold",
                symbol: "t",
                kind: unit(0.1, false),
                api: Api::Extra,
                marks: &[],
                get: |p| ParamValue::Number(p.xtc.threshold as f64),
                set: |p, v| p.xtc.threshold = v.number() as f32,
            },
        ],
    };

    fn apply(input: &Candidates, params: &Params, ctx: &Context) -> (Candidates, StageTrace) {
        let stage = StageKind::Xtc;
        if params.probability <= 0.0 {
            return (input.clone(), StageTrace::skipped(stage, input, "P = 0"));
        }
        if params.threshold > 0.5 {
            return (input.clone(), StageTrace::skipped(stage, input, "t > 0.5"));
        }
        let n = input.kept_count();
        if n < 2 {
            return (input.clone(), StageTrace::skipped(stage, input, Text::new(msg!("trace-why-one-token"))));
        }
        let coin = draw::coin(ctx.seed, ctx.position());
        let probability = params.probability as f64;
        let threshold = params.threshold as f64;
        let detail = |fired, above, removed| Detail::Xtc { coin, probability, fired, threshold, above, removed };
        let said = |id: &'static str| {
            Text::new(id).arg("coin", format!("{coin:.3}")).arg("probability", params.probability.to_string())
        };
        if coin > probability {
            let trace = StageTrace::between(stage, input, input, Some(said(msg!("trace-xtc-missed"))));
            return (input.clone(), trace.with_detail(detail(false, 0, 0)));
        }
        let above =
            input.probs.iter().zip(input.kept.iter()).filter(|(p, k)| **k && **p as f64 >= threshold).count();
        let removed = above.saturating_sub(1);
        let summary = if above < 2 {
            said(msg!("trace-xtc-too-few")).arg("above", above).arg("threshold", params.threshold.to_string())
        } else if n - removed < ctx.shared.min_keep {
            said(msg!("trace-xtc-min-keep")).arg("removed", removed).arg("min_keep", ctx.shared.min_keep)
        } else {
            // The top choices are the most probable kept tokens; the last of them stays.
            let mut keep = input.kept.to_vec();
            for id in input.top_kept(removed) {
                keep[id as usize] = false;
            }
            let out = input.keep_only(keep);
            let summary =
                said(msg!("trace-xtc-fired")).arg("removed", removed).arg("threshold", params.threshold.to_string());
            let trace = StageTrace::between(stage, input, &out, Some(summary));
            return (out, trace.with_detail(detail(true, above, removed)));
        };
        let trace = StageTrace::between(stage, input, input, Some(summary));
        (input.clone(), trace.with_detail(detail(true, above, 0)))
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;
    use super::*;

    fn xtc(c: &Candidates, probability: f32, threshold: f32, ctx: &Context) -> (Candidates, StageTrace) {
        Xtc::apply(c, &Params { probability, threshold }, ctx)
    }

    #[test]
    fn removes_the_top_choices_but_the_least_likely_of_them() {
        let ctx = no_context();
        // threshold 0.25: 0.4 and 0.3 qualify; 0.4 goes. 0.1, 0.2, 0.3 over 0.6.
        assert_probs(&xtc(&four(), 1.0, 0.25, &ctx).0, &[1.0 / 6.0, 2.0 / 6.0, 3.0 / 6.0, 0.0]);
        // threshold 0.35: only 0.4 qualifies, nothing happens, but the coin fired.
        let (out, trace) = xtc(&four(), 1.0, 0.35, &ctx);
        assert_eq!((out, trace.detail), (four(), Detail::Xtc {
            coin: draw::coin(0, 0),
            probability: 1.0,
            fired: true,
            threshold: 0.35f32 as f64,
            above: 1,
            removed: 0
        }));
        // threshold 0 removes all but the least likely.
        assert_probs(&xtc(&four(), 1.0, 0.0, &ctx).0, &[1.0, 0.0, 0.0, 0.0]);
    }

    #[test]
    fn min_keep_cuts_all_or_nothing() {
        let mut ctx = no_context();
        ctx.shared.min_keep = 3;
        // Cutting 0.4 and 0.3 would leave two: nothing is removed.
        assert_eq!(xtc(&four(), 1.0, 0.15, &ctx).0, four());
        ctx.shared.min_keep = 2;
        assert_eq!(xtc(&four(), 1.0, 0.15, &ctx).0.kept_count(), 2);
    }

    #[test]
    fn the_coin_decides_and_depends_on_the_seed_and_position() {
        // Find a position where seed 3's coin is above 0.5 and one where it is below.
        let coins: Vec<f64> = (0..20).map(|i| draw::coin(3, i)).collect();
        let high = coins.iter().position(|&c| c > 0.5).expect("a coin above 0.5 in 20");
        let low = coins.iter().position(|&c| c <= 0.5).expect("a coin below 0.5 in 20");
        let generated = vec![7u32; high.max(low)];
        let at = |position: usize| Context::new(super::super::History { prompt: &[], generated: &generated[..position] });
        let (out, trace) = xtc(&four(), 0.5, 0.25, &at(high).with_seed(3));
        assert_eq!(out, four());
        assert!(matches!(trace.detail, Detail::Xtc { fired: false, .. }) && !trace.skipped);
        assert_eq!(xtc(&four(), 0.5, 0.25, &at(low).with_seed(3)).0.kept_count(), 3);
    }

    #[test]
    fn llama_cpp_xtc_cases() {
        // test-sampling.cpp test_xtc: p by id 0.4, 0.3, 0.2, 0.1, probability 0.99 (its coin
        // fires there; here a position whose coin is ≤ 0.99), survivors renormalised.
        let c = Candidates::from_logits([0.4f32, 0.3, 0.2, 0.1].iter().map(|p| p.ln()).collect());
        let position = (0..100).find(|&i| draw::coin(0, i) <= 0.99).expect("a coin ≤ 0.99 in 100");
        let generated = vec![0u32; position];
        let ctx = Context::new(super::super::History { prompt: &[], generated: &generated });
        let at = |threshold| xtc(&c, 0.99, threshold, &ctx).0;
        assert_probs(&at(0.09), &[0.0, 0.0, 0.0, 1.0]);
        assert_probs(&at(0.19), &[0.0, 0.0, 2.0 / 3.0, 1.0 / 3.0]);
        assert_probs(&at(0.29), &[0.0, 0.5, 1.0 / 3.0, 1.0 / 6.0]);
        assert_probs(&at(0.39), &[0.4, 0.3, 0.2, 0.1]);
    }

    #[test]
    fn off_when_the_probability_is_zero_or_the_threshold_above_half() {
        assert!(xtc(&four(), 0.0, 0.1, &no_context()).1.skipped);
        assert!(xtc(&four(), 1.0, 0.51, &no_context()).1.skipped);
        assert!(!xtc(&four(), 1.0, 0.5, &no_context()).1.skipped);
    }
}
