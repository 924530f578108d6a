//! The grammar engine: llguidance's compiler over our tokenizer, and one matcher per choice.

use std::cell::RefCell;
use std::sync::{Arc, Weak};

use llguidance::api::TopLevelGrammar;
use llguidance::toktrie::TokEnv;
use llguidance::{Matcher, ParserFactory};

use super::{Problem, Structured, env};
use crate::sampling::grammar::TokenMask;
use crate::tokenizer::{END_OF_TEXT, IM_END, Tokenizer};

/// llguidance's compiler over one tokenizer: the token trie and its slices, built once.
pub struct Compiler {
    factory: ParserFactory,
}

thread_local! {
    /// The compiler of the last tokenizer asked for: building the trie is the expensive part.
    static COMPILER: RefCell<Option<(Weak<Tokenizer>, Arc<Compiler>)>> = const { RefCell::new(None) };
}

impl Compiler {
    pub fn new(tokenizer: Arc<Tokenizer>) -> Result<Compiler, Problem> {
        let env: TokEnv = Arc::new(env::TokenizerBridge::new(tokenizer));
        let mut factory = ParserFactory::new_simple(&env).map_err(|e| Problem::Compile(e.to_string()))?;
        // Problems come back as values; nothing is printed.
        factory.quiet();
        Ok(Compiler { factory })
    }

    /// The compiler for `tokenizer`, made on first use and kept while the tokenizer lives.
    pub fn cached(tokenizer: &Arc<Tokenizer>) -> Result<Arc<Compiler>, Problem> {
        COMPILER.with(|slot| {
            let mut slot = slot.borrow_mut();
            if let Some((tok, compiler)) = slot.as_ref()
                && tok.upgrade().is_some_and(|t| Arc::ptr_eq(&t, tokenizer))
            {
                return Ok(compiler.clone());
            }
            let compiler = Arc::new(Compiler::new(tokenizer.clone())?);
            *slot = Some((Arc::downgrade(tokenizer), compiler.clone()));
            Ok(compiler)
        })
    }

    /// The matcher at the start of a reply in `structured`'s format; `None` without one.
    pub fn compile(&self, structured: &Structured) -> Result<Option<FormatState>, Problem> {
        let Some(lark) = structured.lark() else { return Ok(None) };
        let parser = self
            .factory
            .create_parser(TopLevelGrammar::from_lark(lark))
            .map_err(|e| Problem::Compile(e.to_string()))?;
        let matcher = Matcher::new(Ok(parser));
        if let Some(e) = matcher.get_error() {
            return Err(Problem::Compile(e));
        }
        Ok(Some(FormatState { start: matcher.clone(), matcher, consumed: 0 }))
    }
}

/// One completion's place in its grammar.
#[derive(Clone)]
pub struct FormatState {
    /// The matcher before the first token (branching replays from it).
    start: Matcher,
    matcher: Matcher,
    consumed: usize,
}

impl std::fmt::Debug for FormatState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("FormatState").field("consumed", &self.consumed).finish()
    }
}

impl FormatState {
    /// The tokens the grammar allows next. Once the grammar is complete that is the end of
    /// the turn; `<|endoftext|>` is allowed wherever `<|im_end|>` is (both end a reply here).
    pub fn mask(&mut self, vocab: usize) -> Result<TokenMask, String> {
        let vob = self.matcher.compute_mask_or_eos().map_err(|e| e.to_string())?;
        let mut mask = TokenMask::from_words(vocab, vob.as_slice());
        if mask.allows(IM_END) {
            mask.allow(END_OF_TEXT);
        }
        Ok(mask)
    }

    /// Moves past `token`; an end-of-turn token ends the grammar.
    pub fn consume(&mut self, token: u32) -> Result<(), String> {
        self.consumed += 1;
        if token == END_OF_TEXT || token == IM_END {
            return Ok(());
        }
        self.matcher.consume_token(token).map_err(|e| e.to_string())
    }

    /// Back to the state after the first `tokens.len()` tokens, which are `tokens`.
    pub fn replay(&mut self, tokens: &[u32]) -> Result<(), String> {
        self.matcher = self.start.clone();
        self.consumed = 0;
        tokens.iter().try_for_each(|&t| self.consume(t))
    }

    /// Whether the reply so far may end here.
    pub fn is_accepting(&mut self) -> bool {
        self.matcher.is_accepting().unwrap_or(false)
    }
}
