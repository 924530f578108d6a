//! Structured outputs: `response_format`, `tools` and `tool_choice` as a grammar whose token
//! mask the `grammar` stage applies at every step.
//!
//! The grammar engine is llguidance (the library behind the structured outputs of OpenAI,
//! llama.cpp, vLLM and SGLang), with its token trie built from our tokenizer ([`env`]). The
//! request's fields are read and checked in [`spec`]; this module compiles them once per
//! request and follows each choice's completion with its own matcher.

#[cfg(feature = "grammar")]
mod engine;
#[cfg(feature = "grammar")]
pub mod env;
pub mod examples;
#[cfg(not(feature = "grammar"))]
mod no_engine;
pub mod spec;

#[cfg(feature = "grammar")]
pub use engine::{Compiler, FormatState};
#[cfg(not(feature = "grammar"))]
pub use no_engine::{Compiler, FormatState};
pub use spec::{Problem, ResponseFormat, Structured, Tool, ToolChoice};

#[cfg(all(test, feature = "grammar"))]
mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::tokenizer::Tokenizer;

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
