//! η-sampling: drop the tokens less probable than a cutoff that relaxes as the distribution
//! grows uncertain (Hewitt et al. 2022), as Hugging Face's `EtaLogitsWarper` computes it.
//!
//! `η = min(ε, √ε · e^(−H))`, H the entropy of the kept tokens in nats; remove kept tokens with
//! `pᵢ < η`, never one whose logit reaches the `min_keep`-th largest (ties stay), at least one.
//! The class's docstring writes `√(ε·e^(−H))`; its code, the paper and its test use
//! `√ε·e^(−H)`, which is what runs here. ε 0..=0.99 (0 = off; the paper uses 3·10⁻⁴ to 2·10⁻³).
//! Source: <https://arxiv.org/abs/2210.15191>, transformers `EtaLogitsWarper`.
//!
//! ```
//! use samplescope::sampling::{Candidates, Context, Stage, eta::{Eta, Params}};
//! let c = Candidates::from_logits([0.01f32, 0.04, 0.9, 0.05].iter().map(|p| p.ln()).collect());
//! let (out, _) = Eta::apply(&c, &Params { epsilon: 0.0625 }, &Context::default());
//! // H = 0.419 nats: η = min(0.0625, 0.25·e^−0.419 = 0.164) = 0.0625
//! assert_eq!(*out.kept, vec![false, false, true, false]);
//! ```

use super::epsilon::{CUTOFF, cut_below};
use super::shared::MIN_KEEP;
use super::{
    Api, Candidates, Context, Detail, Input, Param, ParamValue, Stage, StageDecl, StageKind, StageTrace, percent1,
};
use crate::i18n::Text;
use crate::msg;

pub struct Eta;

#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Params {
    /// ε, the cutoff at zero entropy; 0 = off.
    pub epsilon: f32,
}

impl Stage for Eta {
    type Params = Params;
    const DECL: StageDecl = StageDecl {
        key: "eta",
        name: "η-sampling",
        formula: "keep pᵢ ≥ η = min(ε, √ε·e^(−H))",
        source: "https://arxiv.org/abs/2210.15191",
        reads: &[Input::Shared(&MIN_KEEP)],
        params: &[Param {
            key: "eta_cutoff",
            symbol: "ε",
            kind: CUTOFF,
            api: Api::Extra,
            marks: &[],
            get: |p| ParamValue::Number(p.eta.epsilon as f64),
            set: |p, v| p.eta.epsilon = v.number() as f32,
        }],
    };

    fn apply(input: &Candidates, params: &Params, ctx: &Context) -> (Candidates, StageTrace) {
        let stage = StageKind::Eta;
        if params.epsilon <= 0.0 {
            return (input.clone(), StageTrace::skipped(stage, input, "ε = 0"));
        }
        let epsilon = params.epsilon as f64;
        let cutoff = epsilon.min(epsilon.sqrt() * (-input.entropy).exp());
        let out = cut_below(input, cutoff as f32, ctx.shared.keep_at_least());
        let summary = Text::new(msg!("trace-eta"))
            .arg("h", format!("{:.3}", input.entropy))
            .arg("eta", format!("{cutoff:.4}"))
            .arg("kept", out.kept_count())
            .arg("mass", percent1(input.mass_of(&out.kept)));
        let trace = StageTrace::between(stage, input, &out, Some(summary));
        (out, trace.with_detail(Detail::Eta { entropy: input.entropy, cutoff }))
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;
    use super::*;

    fn eta(c: &Candidates, epsilon: f32, min_keep: usize) -> (Candidates, StageTrace) {
        let mut ctx = no_context();
        ctx.shared.min_keep = min_keep;
        Eta::apply(c, &Params { epsilon }, &ctx)
    }

    fn of(probs: &[f32]) -> Candidates {
        Candidates::from_logits(probs.iter().map(|p| p.ln()).collect())
    }

    fn ramp(scale: f32) -> Candidates {
        Candidates::from_logits((0..10).map(|i| (i as f32 - 5.0) * scale).collect())
    }

    fn cutoff(trace: &StageTrace) -> (f64, f64) {
        match trace.detail {
            Detail::Eta { entropy, cutoff } => (entropy, cutoff),
            ref other => panic!("{other:?}"),
        }
    }

    #[test]
    fn hugging_face_eta_cases() {
        // test_logits_process.py test_eta_dist_warper, ε 0.0625 (H 0.639032: √ε·e^−H 0.131951).
        let (out, trace) = eta(&of(&[0.0, 0.1, 0.8, 0.1]), 0.0625, 1);
        assert_probs(&out, &[0.0, 0.1, 0.8, 0.1]);
        let (h, cut) = cutoff(&trace);
        assert!((h - 0.639032).abs() < 1e-5 && cut == 0.0625f32 as f64);
        assert_eq!(*eta(&of(&[0.01, 0.04, 0.9, 0.05]), 0.0625, 1).0.kept, vec![false, false, true, false]);
        // ε 0.1, min_keep 2: two survivors on both ramps (ids 8 and 9).
        let top_two: Vec<bool> = (0..10).map(|i| i >= 8).collect();
        assert_eq!(*eta(&ramp(1.0), 0.1, 2).0.kept, top_two);
        assert_eq!(*eta(&ramp(100.0), 0.1, 2).0.kept, top_two);
    }

    #[test]
    fn the_cut_is_root_epsilon_times_e_to_the_minus_entropy() {
        // Uniform over 100: H = ln 100, √0.5·e^−H = 0.00707 < ε = 0.5, so the cut is the
        // relaxed one and every token (p = 0.01) stays; the docstring's √(ε·e^−H) = 0.0707
        // would remove them all but the protected first.
        let flat = Candidates::from_logits(vec![0.0; 100]);
        let (out, trace) = eta(&flat, 0.5, 1);
        assert_eq!(out.kept_count(), 100);
        let (_, cut) = cutoff(&trace);
        assert!((cut - 0.5f64.sqrt() / 100.0).abs() < 1e-9, "{cut}");
    }

    #[test]
    fn off_at_zero() {
        let (out, trace) = eta(&four(), 0.0, 1);
        assert!(trace.skipped);
        assert_eq!(out, four());
    }
}
