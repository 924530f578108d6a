//! presence-penalty: subtract a fixed amount from every token that already occurs in the
//! completion, however often (the OpenAI API's `presence_penalty`).
//!
//! `l'_j = l_j - 1[c_j > 0] · α_pres`, `c_j` counted over the generated tokens only.
//! Range -2..=2, neutral 0; positive values push the model towards new tokens (topics).
//! Source: <https://platform.openai.com/docs/advanced-usage/frequency-and-presence-penalties>
//!
//! ```
//! use samplescope::sampling::{Candidates, Context, History, Stage, presence_penalty::{Params, PresencePenalty}};
//! let c = Candidates::from_logits(vec![1.0, 1.0, 1.0]);
//! let ctx = Context::new(History { prompt: &[2], generated: &[0, 0, 1] });
//! let (out, _) = PresencePenalty::apply(&c, &Params { alpha: 0.5 }, &ctx);
//! assert_eq!(*out.logits, vec![0.5, 0.5, 1.0]);
//! ```

use super::frequency_penalty::completion_counts;
use super::{
    Api, Candidates, Context, Input, NumberSpec, Param, ParamKind, ParamValue, Stage, StageDecl, StageKind, StageTrace,
};
use crate::i18n::Text;
use crate::msg;

pub struct PresencePenalty;

#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Params {
    /// `α_pres` in -2..=2; 0 = off.
    pub alpha: f32,
}

impl Stage for PresencePenalty {
    type Params = Params;
    const DECL: StageDecl = StageDecl {
        key: "presence_penalty",
        name: "presence-penalty",
        formula: "l′ⱼ = lⱼ − 1[cⱼ > 0] · α_pres",
        source: "https://platform.openai.com/docs/advanced-usage/frequency-and-presence-penalties",
        reads: &[Input::Completion],
        params: &[Param {
            key: "presence_penalty",
            symbol: "α_pres",
            kind: ParamKind::Number(NumberSpec { min: -2.0, max: 2.0, step: 0.05, default: 0.0, neutral: true, integer: false }),
            api: Api::OpenAi,
            marks: &[],
            get: |p| ParamValue::Number(p.presence_penalty.alpha as f64),
            set: |p, v| p.presence_penalty.alpha = v.number() as f32,
        }],
    };

    fn apply(input: &Candidates, params: &Params, ctx: &Context) -> (Candidates, StageTrace) {
        let stage = StageKind::PresencePenalty;
        let alpha = params.alpha;
        if alpha == 0.0 {
            return (input.clone(), StageTrace::skipped(stage, input, "α_pres = 0"));
        }
        let counts = completion_counts(&ctx.history);
        if counts.is_empty() {
            return (input.clone(), StageTrace::skipped(stage, input, Text::new(msg!("trace-why-no-completion"))));
        }
        let mut logits = input.logits.to_vec();
        for &id in counts.keys() {
            if let Some(l) = logits.get_mut(id as usize) {
                *l -= alpha;
            }
        }
        let out = Candidates::with_logits(logits, input.kept.clone());
        let detail = Text::new(msg!("trace-presence_penalty"))
            .arg("alpha", alpha.to_string())
            .arg("lowered", if alpha > 0.0 { "yes" } else { "no" })
            .arg("count", counts.len());
        let trace = StageTrace::between(stage, input, &out, Some(detail));
        (out, trace)
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;
    use super::*;

    #[test]
    fn once_per_token_whatever_the_count() {
        let params = Params { alpha: 1.5 };
        let history = context(&[2], &[0, 0, 0, 1]);
        let (out, _) = PresencePenalty::apply(&Candidates::from_logits(vec![0.0; 3]), &params, &history);
        assert_eq!(*out.logits, vec![-1.5, -1.5, 0.0]);
    }

    #[test]
    fn negative_penalty_favours_used_tokens() {
        let params = Params { alpha: -(3f32.ln()) };
        let (out, _) = PresencePenalty::apply(&four(), &params, &context(&[], &[0]));
        // token 0's weight triples: 0.3,0.2,0.3,0.4 over 1.2
        assert_probs(&out, &[0.25, 0.2 / 1.2, 0.25, 0.4 / 1.2]);
    }

    #[test]
    fn zero_is_skipped() {
        assert!(PresencePenalty::apply(&four(), &Params::default(), &context(&[], &[1])).1.skipped);
    }
}
