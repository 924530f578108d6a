//! repetition-penalty: make tokens already in the context less likely (CTRL, Keskar et al. 2019).
//!
//! For every token j present in the prompt or the completion (as Hugging Face counts):
//! `l'_j = l_j / θ` if `l_j > 0`, else `l'_j = l_j · θ`. θ > 1 penalises, θ < 1 rewards
//! repetition, θ = 1 is off; 1.1–1.3 is typical. Unlike the frequency penalty it does not
//! depend on how often the token occurred.
//! Source: <https://arxiv.org/abs/1909.05858>, transformers `RepetitionPenaltyLogitsProcessor`.
//!
//! ```
//! use samplescope::sampling::{Candidates, Context, History, Stage, repetition_penalty::{Params, RepetitionPenalty}};
//! let c = Candidates::from_logits(vec![2.0, -2.0, 0.0]);
//! let ctx = Context::new(History { prompt: &[0, 1], generated: &[] });
//! let (out, _) = RepetitionPenalty::apply(&c, &Params { theta: 2.0 }, &ctx);
//! assert_eq!(*out.logits, vec![1.0, -4.0, 0.0]);
//! ```

use super::{
    Api, Candidates, Context, Input, NumberSpec, Param, ParamKind, ParamValue, Stage, StageDecl, StageKind, StageTrace,
};
use crate::i18n::Text;
use crate::msg;

pub struct RepetitionPenalty;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Params {
    /// `θ` in 0.01..=2; 1 = off.
    pub theta: f32,
}

impl Default for Params {
    fn default() -> Self {
        Params { theta: 1.0 }
    }
}

impl Stage for RepetitionPenalty {
    type Params = Params;
    const DECL: StageDecl = StageDecl {
        key: "repetition_penalty",
        name: "repetition-penalty",
        formula: "for j in context: l′ⱼ = lⱼ / θ if lⱼ > 0, else lⱼ · θ",
        source: "https://arxiv.org/abs/1909.05858",
        reads: &[Input::Context],
        params: &[Param {
            key: "repetition_penalty",
            symbol: "θ",
            kind: ParamKind::Number(NumberSpec { min: 0.01, max: 2.0, step: 0.01, default: 1.0, neutral: true, integer: false }),
            api: Api::Extra,
            marks: &[],
            get: |p| ParamValue::Number(p.repetition_penalty.theta as f64),
            set: |p, v| p.repetition_penalty.theta = v.number() as f32,
        }],
    };

    fn apply(input: &Candidates, params: &Params, ctx: &Context) -> (Candidates, StageTrace) {
        let stage = StageKind::RepetitionPenalty;
        let theta = params.theta;
        if theta == 1.0 {
            return (input.clone(), StageTrace::skipped(stage, input, "θ = 1"));
        }
        let mut seen = vec![false; input.len()];
        for &id in ctx.history.prompt.iter().chain(ctx.history.generated) {
            if let Some(s) = seen.get_mut(id as usize) {
                *s = true;
            }
        }
        let mut logits = input.logits.to_vec();
        let mut touched = 0usize;
        for (l, _) in logits.iter_mut().zip(&seen).filter(|(_, s)| **s) {
            *l = if *l > 0.0 { *l / theta } else { *l * theta };
            touched += 1;
        }
        let out = Candidates::with_logits(logits, input.kept.clone());
        let detail = Text::new(msg!("trace-repetition_penalty")).arg("theta", theta.to_string()).arg("count", touched);
        let trace = StageTrace::between(stage, input, &out, Some(detail));
        (out, trace)
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;
    use super::*;

    fn run(theta: f32, prompt: &[u32], generated: &[u32]) -> Candidates {
        RepetitionPenalty::apply(&Candidates::from_logits(vec![2.0, -2.0, 0.0, 1.0]), &Params { theta }, &context(prompt, generated)).0
    }

    #[test]
    fn positive_logits_divide_and_negative_multiply() {
        assert_eq!(*run(2.0, &[0, 1], &[]).logits, vec![1.0, -4.0, 0.0, 1.0]);
    }

    #[test]
    fn counts_prompt_and_completion_once_each() {
        assert_eq!(*run(2.0, &[3], &[3, 3, 0]).logits, vec![1.0, -2.0, 0.0, 0.5]);
    }

    #[test]
    fn theta_below_one_rewards_repetition() {
        assert_eq!(*run(0.5, &[0, 1], &[]).logits, vec![4.0, -1.0, 0.0, 1.0]);
    }

    #[test]
    fn theta_one_is_skipped_and_probabilities_follow_the_new_logits() {
        let (_, trace) = RepetitionPenalty::apply(&four(), &Params::default(), &context(&[0], &[]));
        assert!(trace.skipped);
        // logits ln(0.1..0.4) are all negative: θ = 2 doubles token 3's: 0.4² = 0.16.
        let out = run_four(2.0, &[3]);
        let z = 0.1 + 0.2 + 0.3 + 0.16;
        assert_probs(&out, &[0.1 / z, 0.2 / z, 0.3 / z, 0.16 / z]);
    }

    fn run_four(theta: f32, prompt: &[u32]) -> Candidates {
        RepetitionPenalty::apply(&four(), &Params { theta }, &context(prompt, &[])).0
    }
}
