//! What a stage may read besides its input distribution and its own parameters: the tokens
//! already in the context, the parameters several stages share, the seed, token sequences the
//! caller tokenised for it, and what earlier positions of the same completion left behind.
//!
//! Stages stay pure: everything that differs between two calls is in here, and each stage
//! declares which parts it reads ([`super::Input`]), so `rerun` reuses an output only when
//! those parts are the same. Nothing is global: a generation keeps its [`SamplerState`] per
//! choice, and the explorer per completion position.

use std::sync::Arc;

use super::{History, shared};

/// Everything a stage sees besides its input and its own parameters.
#[derive(Clone, Debug, Default)]
pub struct Context<'a> {
    pub history: History<'a>,
    /// The parameters several stages read (`min_keep`). `StageKind::apply`, and so `run`,
    /// fills this from the [`SamplingParams`] it is given; set it only when calling one
    /// stage's own `apply`.
    pub shared: shared::Params,
    /// The completion's seed: XTC draws its coin from it ([`super::draw::coin`]).
    pub seed: u64,
    /// DRY's sequence breakers and bad_words as token sequences (the stages have no tokenizer).
    pub tokenised: Arc<Tokenised>,
    /// What the previous positions left: mirostat's μ.
    pub state: SamplerState,
}

impl<'a> Context<'a> {
    pub fn new(history: History<'a>) -> Context<'a> {
        Context { history, ..Context::default() }
    }

    pub fn with_seed(self, seed: u64) -> Context<'a> {
        Context { seed, ..self }
    }

    pub fn with_tokenised(self, tokenised: Arc<Tokenised>) -> Context<'a> {
        Context { tokenised, ..self }
    }

    pub fn with_state(self, state: SamplerState) -> Context<'a> {
        Context { state, ..self }
    }

    /// The completion position this step draws for: how many tokens were generated.
    pub fn position(&self) -> usize {
        self.history.generated.len()
    }

    pub(crate) fn to_owned(&self) -> OwnedContext {
        OwnedContext {
            prompt: self.history.prompt.to_vec(),
            generated: self.history.generated.to_vec(),
            shared: self.shared,
            seed: self.seed,
            tokenised: self.tokenised.clone(),
            state: self.state,
        }
    }
}

/// A [`Context`] kept by a pipeline run, for `rerun` to compare against.
#[derive(Clone, Debug)]
pub(crate) struct OwnedContext {
    prompt: Vec<u32>,
    generated: Vec<u32>,
    shared: shared::Params,
    seed: u64,
    tokenised: Arc<Tokenised>,
    state: SamplerState,
}

impl OwnedContext {
    pub(crate) fn borrow(&self) -> Context<'_> {
        Context {
            history: History { prompt: &self.prompt, generated: &self.generated },
            shared: self.shared,
            seed: self.seed,
            tokenised: self.tokenised.clone(),
            state: self.state,
        }
    }
}

/// What one position of a completion hands to the next.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct SamplerState {
    /// Mirostat's μ in bits, the surprise bound for the next position; `None` before mirostat
    /// first ran in this completion, where it starts at 2τ as llama.cpp's does.
    pub mu: Option<f32>,
}

/// Token sequences the caller made from the strings of the parameters, with the strings they
/// came from, so a stage can tell whether they are the ones its parameters name.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Tokenised {
    pub dry: Option<Breakers>,
    pub bad_words: Option<WordIds>,
}

/// DRY's sequence breakers over one vocabulary, as llama.cpp prepares them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Breakers {
    pub strings: Vec<String>,
    /// `(head, tail)` sorted by head: a breaker occurs where `head` is followed by `tail`; an
    /// empty tail makes `head` a breaker by itself (its text contains a breaker string).
    pub heads: Vec<(u32, Vec<u32>)>,
}

impl Breakers {
    /// The tails registered for `head`.
    pub fn tails(&self, head: u32) -> impl Iterator<Item = &[u32]> {
        let start = self.heads.partition_point(|(h, _)| *h < head);
        self.heads[start..].iter().take_while(move |(h, _)| *h == head).map(|(_, t)| t.as_slice())
    }

    /// Whether `token` is a breaker on its own.
    pub fn single(&self, token: u32) -> bool {
        self.tails(token).any(<[u32]>::is_empty)
    }
}

/// bad_words as vLLM tokenises them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct WordIds {
    pub words: Vec<String>,
    pub sequences: Vec<Vec<u32>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn breakers_are_found_by_head() {
        let b = Breakers { strings: vec![], heads: vec![(1, vec![]), (3, vec![4]), (3, vec![4, 5]), (7, vec![])] };
        assert_eq!(b.tails(3).collect::<Vec<_>>(), vec![&[4][..], &[4, 5][..]]);
        assert_eq!(b.tails(2).count(), 0);
        assert!(b.single(1) && b.single(7) && !b.single(3) && !b.single(9));
    }
}
