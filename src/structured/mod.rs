//! Structured outputs: `response_format`, `tools` and `tool_choice` as a grammar whose token
//! mask the `grammar` stage applies at every step.
//!
//! The grammar engine is llguidance (the library behind the structured outputs of OpenAI,
//! llama.cpp, vLLM and SGLang), with its token trie built from our tokenizer ([`env`]). The
//! request's fields are read and checked in [`spec`]; this module compiles them once per
//! request and follows each choice's completion with its own matcher.

pub mod env;
pub mod examples;
pub mod spec;

use std::cell::RefCell;
use std::sync::{Arc, Weak};

use llguidance::api::TopLevelGrammar;
use llguidance::toktrie::TokEnv;
use llguidance::{Matcher, ParserFactory};

use crate::sampling::grammar::TokenMask;
use crate::tokenizer::{END_OF_TEXT, IM_END, Tokenizer};

pub use spec::{Problem, ResponseFormat, Structured, Tool, ToolChoice};

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_grammar_engine_builds_for_the_target_it_runs_on() {
        // The real tokenizer is in the integration tests; this checks the Lark dialect of
        // every kind of request compiles over a tiny byte-level vocabulary.
        let words: String = (b'a'..=b'z')
            .chain([b'{', b'}', b'"', b':', b',', b' ', b'<', b'>', b'_', b'/', b'\n'])
            .enumerate()
            .map(|(i, b)| {
                // Byte-level text, as tokenizer.json writes it: space Ġ, newline Ċ.
                let c = match b {
                    b' ' => 'Ġ',
                    b'\n' => 'Ċ',
                    b => b as char,
                };
                format!("{}:{}", serde_json::to_string(&c.to_string()).unwrap(), i + 3)
            })
            .collect::<Vec<_>>()
            .join(",");
        let json = format!(
            r#"{{"version":"1.0","truncation":null,"padding":null,
            "added_tokens":[{{"id":0,"content":"<|endoftext|>","single_word":false,"lstrip":false,"rstrip":false,"normalized":false,"special":true}},
            {{"id":1,"content":"<|im_start|>","single_word":false,"lstrip":false,"rstrip":false,"normalized":false,"special":true}},
            {{"id":2,"content":"<|im_end|>","single_word":false,"lstrip":false,"rstrip":false,"normalized":false,"special":true}}],
            "normalizer":null,"pre_tokenizer":null,"post_processor":null,"decoder":null,
            "model":{{"type":"WordLevel","vocab":{{"<|endoftext|>":0,"<|im_start|>":1,"<|im_end|>":2,{words}}},"unk_token":"a"}}}}"#
        );
        let tok = Arc::new(Tokenizer::from_json(json.as_bytes()).expect("a toy tokenizer"));
        let compiler = Compiler::cached(&tok).unwrap();
        assert!(Arc::ptr_eq(&compiler, &Compiler::cached(&tok).unwrap()), "one compiler per tokenizer");
        for (name, s) in examples::all() {
            let mut state = compiler.compile(&s).unwrap_or_else(|e| panic!("{name}: {e:?}")).expect(&name);
            let mask = state.mask(tok.vocab_size()).unwrap();
            assert!(mask.count() > 0, "{name}");
        }
    }
}
