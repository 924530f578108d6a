//! What a stage may read besides its input distribution and its own parameters: the tokens
//! already in the context, the parameters several stages share, the seed, token sequences the
//! caller tokenised for it, and what earlier positions of the same completion left behind.
//!
//! Stages stay pure: everything that differs between two calls is in here, and each stage
//! declares which parts it reads ([`super::Input`]), so `rerun` reuses an output only when
//! those parts are the same. Nothing is global: a generation keeps its [`SamplerState`] per
//! choice, and the explorer per completion position.

use std::sync::Arc;

use super::grammar::TokenMask;
use super::{History, SamplingParams, bad_words, dry, shared};

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
    /// The tokens a structured output's grammar allows here; `None`: no format.
    pub grammar: Option<Arc<TokenMask>>,
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

    pub fn with_grammar(self, mask: Arc<TokenMask>) -> Context<'a> {
        Context { grammar: Some(mask), ..self }
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
            grammar: self.grammar.clone(),
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
    grammar: Option<Arc<TokenMask>>,
}

impl OwnedContext {
    pub(crate) fn borrow(&self) -> Context<'_> {
        Context {
            history: History { prompt: &self.prompt, generated: &self.generated },
            shared: self.shared,
            seed: self.seed,
            tokenised: self.tokenised.clone(),
            state: self.state,
            grammar: self.grammar.clone(),
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
/// came from, so a stage can tell whether they are the ones its parameters name; and the
/// vocabulary's end-of-turn tokens (min_tokens), which only the caller's tokenizer knows.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Tokenised {
    pub dry: Option<Breakers>,
    pub bad_words: Option<WordIds>,
    /// The tokens that end a completion (`<|im_end|>`, `<|endoftext|>`).
    pub end_of_turn: Vec<u32>,
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

/// The strings that a set of parameters needs tokenised: DRY's breakers while DRY is on, and
/// bad_words when there are any. A page keys its tokenising on this, not on every slider.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Wanted {
    pub dry: Option<Vec<String>>,
    pub bad_words: Option<Vec<String>>,
}

impl Wanted {
    pub fn of(params: &SamplingParams) -> Wanted {
        let d = &params.dry;
        let dry_on = d.multiplier != 0.0 && d.last_n != 0 && !d.breakers.is_empty();
        Wanted {
            dry: dry_on.then(|| d.breakers.clone()),
            bad_words: (!params.bad_words.words.is_empty()).then(|| params.bad_words.words.clone()),
        }
    }
}

impl Tokenised {
    /// Tokenises what `wanted` names. `bytes_of` gives a token's text as bytes (special tokens
    /// as written); `encode` tokenises a string without adding special tokens.
    pub fn build<'t>(
        wanted: &Wanted,
        vocab: usize,
        bytes_of: impl Fn(u32) -> &'t [u8],
        encode: impl Fn(&str) -> Vec<u32>,
    ) -> Tokenised {
        Tokenised {
            dry: wanted.dry.as_ref().map(|strings| Breakers {
                strings: strings.clone(),
                heads: dry::breakers(strings, vocab, &bytes_of, &encode),
            }),
            bad_words: wanted
                .bad_words
                .as_ref()
                .map(|words| WordIds { words: words.clone(), sequences: bad_words::tokenise(words, &encode) }),
            end_of_turn: Vec::new(),
        }
    }

    pub fn with_end_of_turn(self, end_of_turn: &[u32]) -> Tokenised {
        Tokenised { end_of_turn: end_of_turn.to_vec(), ..self }
    }

    /// Whether this holds everything `wanted` names, from the same strings.
    pub fn covers(&self, wanted: &Wanted) -> bool {
        let dry = wanted.dry.as_ref().is_none_or(|s| self.dry.as_ref().is_some_and(|d| &d.strings == s));
        let bad = wanted.bad_words.as_ref().is_none_or(|w| self.bad_words.as_ref().is_some_and(|b| &b.words == w));
        dry && bad
    }
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

    #[test]
    fn only_active_strings_are_wanted_and_covered() {
        let mut p = SamplingParams::default();
        assert_eq!(Wanted::of(&p), Wanted::default(), "DRY is off and there are no bad words");
        p.dry.multiplier = 0.8;
        p.bad_words.words = vec!["x".into()];
        let wanted = Wanted::of(&p);
        assert_eq!(wanted.dry.as_deref(), Some(&p.dry.breakers[..]));
        assert!(!Tokenised::default().covers(&wanted));
        let t = Tokenised::build(&wanted, 3, |_| b"x", |s| vec![s.len() as u32]);
        assert!(t.covers(&wanted));
        p.bad_words.words = vec!["y".into()];
        assert!(!t.covers(&Wanted::of(&p)));
    }
}
