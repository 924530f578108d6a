//! min-tokens: no end of turn before the completion has this many tokens (vLLM's
//! `min_tokens`; Hugging Face's `min_new_tokens` is the same rule).
//!
//! While fewer than `min_tokens` tokens were generated, the vocabulary's end-of-turn tokens
//! (for SmolLM2 `<|im_end|>` and `<|endoftext|>`) are removed; the prompt does not count. Stop
//! strings are not tokens and stay allowed, as in vLLM. If they are the only kept tokens, they
//! stay (vLLM would leave only −∞). 0..=1024, 0 = off.
//! The stage has no tokenizer: the caller names the end-of-turn tokens
//! (`Tokenised::end_of_turn`); without them it says so and bans nothing.
//! Source: <https://docs.vllm.ai/en/latest/api/vllm/sampling_params.html>, vLLM
//! `MinTokensLogitsProcessor`, transformers `MinNewTokensLengthLogitsProcessor`.
//!
//! ```
//! use std::sync::Arc;
//! use samplescope::sampling::{Candidates, Context, History, Stage, Tokenised};
//! use samplescope::sampling::min_tokens::{MinTokens, Params};
//! let t = Arc::new(Tokenised::default().with_end_of_turn(&[2]));
//! let ctx = Context::new(History { prompt: &[0, 1], generated: &[1] }).with_tokenised(t);
//! let (out, _) = MinTokens::apply(&Candidates::from_logits(vec![0.0; 3]), &Params { min: 2 }, &ctx);
//! assert_eq!(*out.kept, vec![true, true, false]); // one token generated, two required
//! ```

use super::{
    Api, Candidates, Context, Input, NumberSpec, Param, ParamKind, ParamValue, Stage, StageDecl, StageKind, StageTrace,
};
use crate::i18n::Text;
use crate::msg;

pub struct MinTokens;

#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Params {
    /// Completion tokens before an end of turn may be drawn; 0 = off.
    pub min: usize,
}

impl Stage for MinTokens {
    type Params = Params;
    const DECL: StageDecl = StageDecl {
        key: "min_tokens",
        name: "min-tokens",
        formula: "ban the end-of-turn tokens while |completion| < min_tokens",
        source: "https://docs.vllm.ai/en/latest/api/vllm/sampling_params.html",
        reads: &[Input::CompletionLength, Input::EndOfTurn],
        params: &[Param {
            key: "min_tokens",
            symbol: "min",
            kind: ParamKind::Number(NumberSpec {
                min: 0.0,
                max: 1024.0,
                step: 1.0,
                default: 0.0,
                neutral: true,
                integer: true,
            }),
            api: Api::Extra,
            marks: &[],
            get: |p| ParamValue::Number(p.min_tokens.min as f64),
            set: |p, v| p.min_tokens.min = v.number().max(0.0) as usize,
        }],
    };

    fn apply(input: &Candidates, params: &Params, ctx: &Context) -> (Candidates, StageTrace) {
        let stage = StageKind::MinTokens;
        let generated = ctx.history.generated.len();
        if params.min == 0 {
            return (input.clone(), StageTrace::skipped(stage, input, "0"));
        }
        if generated >= params.min {
            let why = Text::new(msg!("trace-why-min-tokens-reached")).arg("min", params.min);
            return (input.clone(), StageTrace::skipped(stage, input, why));
        }
        let ends = &ctx.tokenised.end_of_turn;
        if ends.is_empty() {
            let why = Text::new(msg!("trace-why-no-end-of-turn"));
            return (input.clone(), StageTrace::skipped(stage, input, why));
        }
        let summary = Text::new(msg!("trace-min_tokens")).arg("generated", generated).arg("min", params.min);
        match input.remove_where(|id| ends.contains(&id)) {
            Some(out) => {
                let trace = StageTrace::between(stage, input, &out, Some(summary));
                (out, trace)
            }
            None => (input.clone(), StageTrace::nothing_left(stage, input)),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::super::{History, Tokenised};
    use super::*;

    /// Hugging Face's vocabulary of 20 with end-of-turn ids `ends`, after `generated` tokens.
    fn min_new(ends: &[u32], prompt: usize, generated: usize) -> Candidates {
        let tokens = vec![5u32; prompt + generated];
        let ctx = Context::new(History::of_context(&tokens, generated))
            .with_tokenised(Arc::new(Tokenised::default().with_end_of_turn(ends)));
        MinTokens::apply(&Candidates::from_logits(vec![0.0; 20]), &Params { min: 3 }, &ctx).0
    }

    #[test]
    fn hugging_face_min_new_tokens_cases() {
        // test_new_min_length_dist_processor: prompt 5, min_new_tokens 3; EOS 0 or [0, 18].
        for ends in [&[0u32][..], &[0, 18]] {
            for generated in [0, 1, 2] {
                let out = min_new(ends, 5, generated);
                assert!(ends.iter().all(|&e| !out.kept[e as usize]), "{ends:?} after {generated}");
                assert_eq!(out.kept_count(), 20 - ends.len());
            }
            for generated in [3, 10] {
                assert_eq!(min_new(ends, 5, generated).kept_count(), 20, "{ends:?} after {generated}");
            }
        }
    }

    #[test]
    fn says_why_it_does_nothing() {
        let c = Candidates::from_logits(vec![0.0; 3]);
        let ctx = Context::new(History { prompt: &[1], generated: &[] });
        let (out, trace) = MinTokens::apply(&c, &Params { min: 2 }, &ctx);
        assert!(trace.skipped && out == c, "no end-of-turn tokens named");
        assert!(trace.summary.render(crate::i18n::Lang::En).contains("end-of-turn"));
        // Only end-of-turn tokens kept: they stay.
        let only = c.keep_only(vec![false, false, true]);
        let ctx = ctx.with_tokenised(Arc::new(Tokenised::default().with_end_of_turn(&[2])));
        assert_eq!(MinTokens::apply(&only, &Params { min: 2 }, &ctx).0, only);
        assert!(MinTokens::apply(&c, &Params { min: 0 }, &ctx).1.skipped);
    }
}
