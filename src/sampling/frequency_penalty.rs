//! frequency-penalty: subtract a fixed amount per earlier occurrence in the completion
//! (the OpenAI API's `frequency_penalty`).
//!
//! `l'_j = l_j - c_j · α_freq`, where `c_j` counts token j among the generated tokens (not the
//! prompt). Range -2..=2, neutral 0; 0.1–1 reduces verbatim repetition, negative values
//! encourage it. Together with the presence penalty this is the API's
//! `mu[j] - c[j] * alpha_frequency - float(c[j] > 0) * alpha_presence`.
//! Source: <https://platform.openai.com/docs/advanced-usage/frequency-and-presence-penalties>
//!
//! ```
//! use samplescope::sampling::{Candidates, Context, History, Stage, frequency_penalty::{FrequencyPenalty, Params}};
//! let c = Candidates::from_logits(vec![1.0, 1.0, 1.0]);
//! let ctx = Context::new(History { prompt: &[2], generated: &[0, 0, 1] });
//! let (out, _) = FrequencyPenalty::apply(&c, &Params { alpha: 0.5 }, &ctx);
//! assert_eq!(*out.logits, vec![0.0, 0.5, 1.0]);
//! ```

use std::collections::BTreeMap;

use super::{
    Api, Candidates, Context, History, Input, NumberSpec, Param, ParamKind, ParamValue, Stage, StageDecl, StageKind, StageTrace,
};
use crate::i18n::Text;
use crate::msg;

pub struct FrequencyPenalty;

#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Params {
    /// `α_freq` in -2..=2; 0 = off.
    pub alpha: f32,
}

impl Stage for FrequencyPenalty {
    type Params = Params;
    const DECL: StageDecl = StageDecl {
        key: "frequency_penalty",
        name: "frequency-penalty",
        formula: "l′ⱼ = lⱼ − cⱼ · α_freq   (cⱼ = count of j in the completion)",
        source: "https://platform.openai.com/docs/advanced-usage/frequency-and-presence-penalties",
        reads: &[Input::Completion],
        params: &[Param {
            key: "frequency_penalty",
            symbol: "α_freq",
            kind: ParamKind::Number(NumberSpec { min: -2.0, max: 2.0, step: 0.05, default: 0.0, neutral: true, integer: false }),
            api: Api::OpenAi,
            marks: &[],
            get: |p| ParamValue::Number(p.frequency_penalty.alpha as f64),
            set: |p, v| p.frequency_penalty.alpha = v.number() as f32,
        }],
    };

    fn apply(input: &Candidates, params: &Params, ctx: &Context) -> (Candidates, StageTrace) {
        let stage = StageKind::FrequencyPenalty;
        let alpha = params.alpha;
        if alpha == 0.0 {
            return (input.clone(), StageTrace::skipped(stage, input, "α_freq = 0"));
        }
        let counts = completion_counts(&ctx.history);
        if counts.is_empty() {
            return (input.clone(), StageTrace::skipped(stage, input, Text::new(msg!("trace-why-no-completion"))));
        }
        let mut logits = input.logits.to_vec();
        for (&id, &c) in &counts {
            if let Some(l) = logits.get_mut(id as usize) {
                *l -= c as f32 * alpha;
            }
        }
        let out = Candidates::with_logits(logits, input.kept.clone());
        let detail = Text::new(msg!("trace-frequency_penalty"))
            .arg("alpha", alpha.to_string())
            .arg("lowered", if alpha > 0.0 { "yes" } else { "no" })
            .arg("count", counts.len());
        let trace = StageTrace::between(stage, input, &out, Some(detail));
        (out, trace)
    }
}

/// How often each token occurs in the completion: the `c_j` of both OpenAI penalties.
pub fn completion_counts(history: &History) -> BTreeMap<u32, u32> {
    let mut counts = BTreeMap::new();
    for &id in history.generated {
        *counts.entry(id).or_insert(0) += 1;
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;
    use super::*;

    fn run(alpha: f32, generated: &[u32]) -> Candidates {
        let params = Params { alpha };
        FrequencyPenalty::apply(&Candidates::from_logits(vec![1.0, 1.0, 1.0, 1.0]), &params, &context(&[3, 3], generated)).0
    }

    #[test]
    fn penalty_scales_with_the_count_and_ignores_the_prompt() {
        assert_eq!(*run(0.5, &[0, 0, 0, 1]).logits, vec![-0.5, 0.5, 1.0, 1.0]);
    }

    #[test]
    fn negative_penalty_rewards_repeats() {
        assert_eq!(*run(-2.0, &[2, 2]).logits, vec![1.0, 1.0, 5.0, 1.0]);
    }

    #[test]
    fn probabilities_follow() {
        // ln 2 on one occurrence halves token 0's weight: weights 0.05,0.2,0.3,0.4.
        let (out, _) = FrequencyPenalty::apply(&four(), &Params { alpha: 2f32.ln() }, &context(&[], &[0]));
        assert_probs(&out, &[0.05 / 0.95, 0.2 / 0.95, 0.3 / 0.95, 0.4 / 0.95]);
    }

    #[test]
    fn zero_alpha_or_empty_completion_is_skipped() {
        let on = Params { alpha: 1.0 };
        assert!(FrequencyPenalty::apply(&four(), &on, &context(&[0], &[])).1.skipped);
        assert!(FrequencyPenalty::apply(&four(), &Params::default(), &context(&[], &[0])).1.skipped);
    }

    #[test]
    fn the_trace_says_lowered_or_raised_by_the_sign_of_alpha() {
        use crate::i18n::Lang;
        let history = context(&[], &[0, 0]);
        let lowered = FrequencyPenalty::apply(&four(), &Params { alpha: 0.5 }, &history).1.summary.render(Lang::En);
        let raised = FrequencyPenalty::apply(&four(), &Params { alpha: -0.5 }, &history).1.summary.render(Lang::En);
        assert!(lowered.contains("lowered") && !lowered.contains("raised"), "{lowered}");
        assert!(raised.contains("raised") && !raised.contains("lowered"), "{raised}");
    }
}
