//! logit-bias: add a fixed amount to chosen tokens' logits (the OpenAI API's `logit_bias`).
//!
//! `l'_j = l_j + b_j`, `b_j` in -100..=100, neutral: no entries. Values near ±1 nudge a token;
//! -100 makes it practically impossible (e^-100 ≈ 4e-44 relative weight) and +100 practically
//! certain, which is how the API describes "ban" and "force". Nothing is removed: a banned
//! token keeps its (vanishing) probability, exactly as the formula says.
//! Source: <https://platform.openai.com/docs/api-reference/chat/create#chat-create-logit_bias>
//!
//! ```
//! use samplescope::sampling::{Candidates, Context, Stage, logit_bias::{LogitBias, Params}};
//! let c = Candidates::from_logits([0.1f32, 0.2, 0.3, 0.4].iter().map(|p| p.ln()).collect());
//! let (out, _) = LogitBias::apply(&c, &Params { biases: vec![(0, 2f32.ln())] }, &Context::default());
//! // token 0's weight doubles: 0.2 / 1.1
//! assert!((out.probs[0] - 0.2 / 1.1).abs() < 1e-6);
//! ```

use std::collections::BTreeMap;

use super::{Api, Candidates, Context, Param, ParamKind, ParamValue, Stage, StageDecl, StageKind, StageTrace};
use crate::i18n::Text;
use crate::msg;

pub struct LogitBias;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Params {
    /// `(token id, bias)` pairs, bias in -100..=100; a later entry for a token wins.
    pub biases: Vec<(u32, f32)>,
}

impl Stage for LogitBias {
    type Params = Params;
    const DECL: StageDecl = StageDecl {
        key: "logit_bias",
        name: "logit-bias",
        formula: "l′ⱼ = lⱼ + bⱼ,  bⱼ ∈ [−100, 100]",
        source: "https://platform.openai.com/docs/api-reference/chat/create#chat-create-logit_bias",
        reads: &[],
        params: &[Param {
            key: "logit_bias",
            symbol: "b",
            kind: ParamKind::TokenBias { range: (-100.0, 100.0) },
            api: Api::OpenAi,
            marks: &[],
            get: |p| ParamValue::Bias(p.logit_bias.biases.clone()),
            set: |p, v| {
                if let ParamValue::Bias(b) = v {
                    p.logit_bias.biases = b;
                }
            },
        }],
    };

    fn apply(input: &Candidates, params: &Params, _ctx: &Context) -> (Candidates, StageTrace) {
        let stage = StageKind::LogitBias;
        // A later entry for the same token replaces an earlier one, as keys of a JSON map would.
        let mut last: BTreeMap<u32, f32> = Default::default();
        for &(id, b) in &params.biases {
            if (id as usize) < input.len() {
                last.insert(id, b);
            }
        }
        last.retain(|_, b| *b != 0.0);
        if last.is_empty() {
            return (input.clone(), StageTrace::skipped(stage, input, Text::new(msg!("trace-why-no-bias"))));
        }
        let mut logits = input.logits.to_vec();
        for (&id, &b) in &last {
            logits[id as usize] = input.logits[id as usize] + b;
        }
        let out = Candidates::with_logits(logits, input.kept.clone());
        let detail = Text::new(msg!("trace-logit_bias")).arg("count", last.len());
        let trace = StageTrace::between(stage, input, &out, Some(detail));
        (out, trace)
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;
    use super::*;

    fn with(bias: Vec<(u32, f32)>) -> Candidates {
        LogitBias::apply(&four(), &Params { biases: bias }, &no_context()).0
    }

    #[test]
    fn bias_multiplies_a_tokens_weight_by_e_to_the_bias() {
        // weights 0.1,0.2,0.3,0.4; +ln 2 on token 0 -> 0.2,0.2,0.3,0.4 over 1.1
        assert_probs(&with(vec![(0, 2f32.ln())]), &[0.2 / 1.1, 0.2 / 1.1, 0.3 / 1.1, 0.4 / 1.1]);
    }

    #[test]
    fn minus_100_bans_and_plus_100_forces() {
        let banned = with(vec![(3, -100.0)]);
        assert!(banned.probs[3] < 1e-40);
        assert_probs(&banned, &[1.0 / 6.0, 2.0 / 6.0, 3.0 / 6.0, 0.0]);
        assert_probs(&with(vec![(0, 100.0)]), &[1.0, 0.0, 0.0, 0.0]);
    }

    #[test]
    fn equal_bias_on_every_token_changes_nothing() {
        assert_probs(&with((0..4).map(|i| (i, -100.0)).collect()), &[0.1, 0.2, 0.3, 0.4]);
    }

    #[test]
    fn empty_or_zero_bias_is_skipped() {
        let (out, trace) = LogitBias::apply(&four(), &Params { biases: vec![(1, 0.0)] }, &no_context());
        assert!(trace.skipped);
        assert_eq!(out, four());
        // A later 0 for the same token replaces the earlier bias.
        assert!(LogitBias::apply(&four(), &Params { biases: vec![(1, 5.0), (1, 0.0)] }, &no_context()).1.skipped);
    }

    #[test]
    fn later_entry_for_a_token_wins() {
        assert_probs(&with(vec![(0, 100.0), (0, 2f32.ln())]), &[0.2 / 1.1, 0.2 / 1.1, 0.3 / 1.1, 0.4 / 1.1]);
    }
}
