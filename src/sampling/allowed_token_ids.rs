//! allowed-token-ids: only the listed tokens may be drawn (vLLM's `allowed_token_ids`).
//!
//! Every kept token not in the list is removed. vLLM applies this mask first of all, before
//! bad words, min_tokens, logit bias and penalties, and rejects an empty list and ids outside
//! the vocabulary; here the empty list is off and the ids are checked against the vocabulary
//! like logit_bias's. If no listed token is still kept (an earlier stage removed them all),
//! nothing is removed. Up to 1024 ids.
//! Source: <https://docs.vllm.ai/en/latest/api/vllm/sampling_params.html>, vLLM
//! `InputBatch.add_request`, `Sampler.apply_logits_processors`.
//!
//! ```
//! use samplescope::sampling::{Candidates, Context, Stage};
//! use samplescope::sampling::allowed_token_ids::{AllowedTokenIds, Params};
//! let c = Candidates::from_logits(vec![0.0; 4]);
//! let (out, _) = AllowedTokenIds::apply(&c, &Params { ids: vec![1, 3] }, &Context::default());
//! assert_eq!(*out.kept, vec![false, true, false, true]);
//! ```

use super::{Api, Candidates, Context, Param, ParamKind, ParamValue, Stage, StageDecl, StageKind, StageTrace};
use crate::i18n::Text;
use crate::msg;

pub struct AllowedTokenIds;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Params {
    /// The only ids that may stay; empty = off.
    pub ids: Vec<u32>,
}

impl Stage for AllowedTokenIds {
    type Params = Params;
    const DECL: StageDecl = StageDecl {
        key: "allowed_token_ids",
        name: "allowed-token-ids",
        formula: "keep i only if i ∈ allowed",
        source: "https://docs.vllm.ai/en/latest/api/vllm/sampling_params.html",
        reads: &[],
        params: &[Param {
            key: "allowed_token_ids",
            symbol: "allowed",
            kind: ParamKind::TokenIds { max_items: 1024 },
            api: Api::Extra,
            marks: &[],
            get: |p| ParamValue::Ids(p.allowed_token_ids.ids.clone()),
            set: |p, v| {
                if let ParamValue::Ids(ids) = v {
                    p.allowed_token_ids.ids = ids;
                }
            },
        }],
    };

    fn apply(input: &Candidates, params: &Params, _ctx: &Context) -> (Candidates, StageTrace) {
        let stage = StageKind::AllowedTokenIds;
        if params.ids.is_empty() {
            return (input.clone(), StageTrace::skipped(stage, input, "[]"));
        }
        let mut allowed = vec![false; input.len()];
        for &id in &params.ids {
            if let Some(a) = allowed.get_mut(id as usize) {
                *a = true;
            }
        }
        let distinct = allowed.iter().filter(|a| **a).count();
        match input.remove_where(|id| !allowed[id as usize]) {
            Some(out) => {
                let summary =
                    Text::new(msg!("trace-allowed_token_ids")).arg("kept", out.kept_count()).arg("allowed", distinct);
                let trace = StageTrace::between(stage, input, &out, Some(summary));
                (out, trace)
            }
            None => (input.clone(), StageTrace::nothing_left(stage, input)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_util::*;
    use super::*;

    fn allow(c: &Candidates, ids: &[u32]) -> (Candidates, StageTrace) {
        AllowedTokenIds::apply(c, &Params { ids: ids.to_vec() }, &no_context())
    }

    #[test]
    fn keeps_only_the_listed_kept_tokens_renormalised() {
        let (out, trace) = allow(&four(), &[0, 2, 2, 99]);
        assert_probs(&out, &[0.25, 0.0, 0.75, 0.0]);
        assert_eq!(trace.summary.render(crate::i18n::Lang::En), "allowed-token-ids kept 2 of the 2 allowed tokens");
        // A listed token an earlier stage removed stays removed.
        let cut = four().keep_only(vec![false, true, true, true]);
        assert_eq!(*allow(&cut, &[0, 3]).0.kept, vec![false, false, false, true]);
    }

    #[test]
    fn leaves_its_input_when_no_listed_token_is_kept_and_is_off_when_empty() {
        let cut = four().keep_only(vec![false, true, true, true]);
        let (out, trace) = allow(&cut, &[0]);
        assert_eq!(out, cut);
        assert!(trace.summary.render(crate::i18n::Lang::En).contains("every kept token"));
        assert!(allow(&four(), &[]).1.skipped);
    }
}
