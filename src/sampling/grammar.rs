//! grammar: only the tokens a structured output's grammar allows next (`response_format`,
//! `tools` with `tool_choice`).
//!
//! The mask is llguidance's (`crate::structured`), computed for the completion so far and
//! handed in through the [`Context`]; this stage only applies it: every kept token the grammar
//! does not allow is removed. Hugging Face (a logits processor) and vLLM apply it before every
//! other stage; llama.cpp samples first and applies it only when the drawn token is rejected
//! (`Request::mask`). Without a format the stage is off. It has no parameter of its own:
//! the format is the request's.
//! Source: <https://github.com/guidance-ai/llguidance>, llama.cpp `common_sampler_sample`.
//!
//! ```
//! use std::sync::Arc;
//! use samplescope::sampling::{Candidates, Context, Stage};
//! use samplescope::sampling::grammar::{Grammar, TokenMask};
//! let c = Candidates::from_logits(vec![0.0; 4]);
//! let ctx = Context::default().with_grammar(Arc::new(TokenMask::from_ids(4, [1, 3])));
//! let (out, _) = Grammar::apply(&c, &(), &ctx);
//! assert_eq!(*out.kept, vec![false, true, false, true]);
//! ```

use super::{Candidates, Context, Detail, Stage, StageDecl, StageKind, StageTrace, percent1};
use crate::i18n::Text;
use crate::msg;

pub struct Grammar;

/// The tokens a grammar allows at one position, as a bitset over the vocabulary.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenMask {
    words: Vec<u32>,
    len: usize,
}

impl TokenMask {
    /// A mask over `len` tokens from 32-bit words, bit `i % 32` of word `i / 32` for token `i`
    /// (llguidance's layout); bits at or past `len` are ignored.
    pub fn from_words(len: usize, words: &[u32]) -> TokenMask {
        let mut words = words.to_vec();
        words.resize(len.div_ceil(32), 0);
        if !len.is_multiple_of(32) {
            let last = words.len() - 1;
            words[last] &= (1u32 << (len % 32)) - 1;
        }
        TokenMask { words, len }
    }

    pub fn from_ids(len: usize, ids: impl IntoIterator<Item = u32>) -> TokenMask {
        let mut words = vec![0u32; len.div_ceil(32)];
        for id in ids.into_iter().filter(|&id| (id as usize) < len) {
            words[id as usize / 32] |= 1 << (id % 32);
        }
        TokenMask { words, len }
    }

    pub fn allows(&self, id: u32) -> bool {
        (id as usize) < self.len && self.words[id as usize / 32] & (1 << (id % 32)) != 0
    }

    pub fn allow(&mut self, id: u32) {
        if (id as usize) < self.len {
            self.words[id as usize / 32] |= 1 << (id % 32);
        }
    }

    /// How many tokens are allowed.
    pub fn count(&self) -> usize {
        self.words.iter().map(|w| w.count_ones() as usize).sum()
    }

    /// The allowed ids, in order.
    pub fn ids(&self) -> impl Iterator<Item = u32> + '_ {
        (0..self.len as u32).filter(|&id| self.allows(id))
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }
}

/// Removed tokens the card names: the most probable ones the grammar struck out.
pub const STRUCK_SHOWN: usize = 5;

impl Stage for Grammar {
    type Params = ();
    const DECL: StageDecl = StageDecl {
        key: "grammar",
        name: "grammar",
        formula: "keep i only if the grammar allows i after the completion so far",
        source: "https://github.com/guidance-ai/llguidance",
        reads: &[super::Input::Grammar],
        params: &[],
    };

    fn apply(input: &Candidates, _params: &(), ctx: &Context) -> (Candidates, StageTrace) {
        let stage = StageKind::Grammar;
        let Some(mask) = &ctx.grammar else {
            return (input.clone(), StageTrace::skipped(stage, input, Text::new(msg!("trace-grammar-off"))));
        };
        let allowed = mask.count();
        let struck: Vec<(u32, f32)> = super::first_n(
            input.len(),
            STRUCK_SHOWN,
            |id| input.kept[id as usize] && !mask.allows(id),
            |a, b| input.probs[b as usize].total_cmp(&input.probs[a as usize]).then(a.cmp(&b)),
        )
        .into_iter()
        .map(|id| (id, input.probs[id as usize]))
        .collect();
        let Some(out) = input.remove_where(|id| !mask.allows(id)) else {
            return (input.clone(), StageTrace::nothing_left(stage, input));
        };
        let forced = (out.kept_count() == 1).then(|| out.argmax()).flatten();
        let trace = StageTrace::between(stage, input, &out, None);
        let removed_mass = 1.0 - trace.kept_mass_before;
        let summary = match forced {
            Some(_) => Text::new(msg!("trace-grammar-forced")),
            None => Text::new(msg!("trace-grammar"))
                .arg("allowed", allowed)
                .arg("vocab", input.len())
                .arg("mass", percent1(removed_mass)),
        };
        let detail = Detail::Grammar { allowed, removed_mass, struck, forced };
        (out, StageTrace { summary, ..trace }.with_detail(detail))
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::super::test_util::*;
    use super::*;
    use crate::i18n::Lang;

    fn masked(c: &Candidates, ids: &[u32]) -> (Candidates, StageTrace) {
        let ctx = no_context().with_grammar(Arc::new(TokenMask::from_ids(c.len(), ids.iter().copied())));
        Grammar::apply(c, &(), &ctx)
    }

    #[test]
    fn keeps_only_what_the_grammar_allows_renormalised() {
        // p = 0.1, 0.2, 0.3, 0.4; allowing {0, 2} keeps 0.4 of the mass: 0.25 and 0.75.
        let (out, trace) = masked(&four(), &[0, 2]);
        assert_probs(&out, &[0.25, 0.0, 0.75, 0.0]);
        assert_eq!(trace.removed, 2);
        let Detail::Grammar { allowed, removed_mass, struck, forced } = &trace.detail else { panic!() };
        assert_eq!((*allowed, forced), (2, &None));
        assert!((removed_mass - 0.6).abs() < 1e-6);
        assert_eq!(struck.iter().map(|s| s.0).collect::<Vec<_>>(), vec![3, 1], "most probable first");
        assert_eq!(trace.summary.render(Lang::En), "grammar allows 2 of 4 tokens, removing 60.0% of the mass");
    }

    #[test]
    fn one_allowed_token_is_forced_and_no_format_is_off() {
        let (out, trace) = masked(&four(), &[1]);
        assert_probs(&out, &[0.0, 1.0, 0.0, 0.0]);
        assert!(matches!(trace.detail, Detail::Grammar { forced: Some(1), .. }));
        let (out, trace) = Grammar::apply(&four(), &(), &no_context());
        assert!(trace.skipped);
        assert_eq!(out, four());
    }

    #[test]
    fn a_mask_that_allows_only_removed_tokens_leaves_its_input() {
        let cut = four().keep_only(vec![false, true, true, true]);
        let (out, trace) = masked(&cut, &[0]);
        assert_eq!(out, cut);
        assert_eq!(trace.removed, 0);
    }

    #[test]
    fn masks_read_llguidances_word_layout() {
        let mask = TokenMask::from_words(40, &[0b1010, 1 << 7 | 1 << 9]);
        assert_eq!(mask.ids().collect::<Vec<_>>(), vec![1, 3, 39]);
        assert_eq!(mask, TokenMask::from_ids(40, [1, 3, 39, 41]));
        assert_eq!(mask.count(), 3);
    }
}
