//! bad-words: never complete one of the given strings (vLLM's `bad_words`).
//!
//! Each word becomes token sequences (its tokenisation, and the one with a leading space when
//! that differs in its first token and has the same length). A one-token sequence is banned
//! always; a longer one only at its last token, when the tokens generated just before are
//! the rest of it. Only the completion counts, not the prompt, as in vLLM. Up to 32 words;
//! none = off. If banning would leave no token, nothing is banned.
//!
//! Words are strings; the stage has no tokenizer, so the caller tokenises them
//! ([`tokenise`], `Context::tokenised`). Until it has, the stage is off and says so.
//! Source: <https://docs.vllm.ai/en/latest/api/vllm/sampling_params.html>, vLLM
//! `SamplingParams.update_from_tokenizer`, `v1/sample/ops/bad_words.py`.
//!
//! ```
//! use std::sync::Arc;
//! use samplescope::sampling::{Candidates, Context, History, Stage, Tokenised, WordIds};
//! use samplescope::sampling::bad_words::{BadWords, Params};
//! let words = vec!["new york".to_string()];
//! let ids = WordIds { words: words.clone(), sequences: vec![vec![1, 2]] };
//! let t = Arc::new(Tokenised { bad_words: Some(ids), ..Tokenised::default() });
//! let ctx = Context::new(History { prompt: &[], generated: &[0, 1] }).with_tokenised(t);
//! let (out, _) = BadWords::apply(&Candidates::from_logits(vec![0.0; 3]), &Params { words }, &ctx);
//! assert_eq!(*out.kept, vec![true, true, false]); // "new" was just generated: "york" is banned
//! ```

use super::{
    Api, Candidates, Context, Input, Param, ParamKind, ParamValue, Stage, StageDecl, StageKind, StageTrace,
};
use crate::i18n::Text;
use crate::msg;

pub struct BadWords;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Params {
    pub words: Vec<String>,
}

impl Stage for BadWords {
    type Params = Params;
    const DECL: StageDecl = StageDecl {
        key: "bad_words",
        name: "bad-words",
        formula: "ban bₘ if the completion ends with b₁…bₘ₋₁, for each bad word's tokens b",
        source: "https://docs.vllm.ai/en/latest/api/vllm/sampling_params.html",
        reads: &[Input::Completion, Input::BadWords],
        params: &[Param {
            key: "bad_words",
            symbol: "words",
            kind: ParamKind::Strings { max_items: 32, max_bytes: 100 },
            api: Api::Extra,
            marks: &[],
            get: |p| ParamValue::Strings(p.bad_words.words.clone()),
            set: |p, v| {
                if let ParamValue::Strings(list) = v {
                    p.bad_words.words = list;
                }
            },
        }],
    };

    fn apply(input: &Candidates, params: &Params, ctx: &Context) -> (Candidates, StageTrace) {
        let stage = StageKind::BadWords;
        if params.words.is_empty() {
            return (input.clone(), StageTrace::skipped(stage, input, "[]"));
        }
        let Some(ids) = ctx.tokenised.bad_words.as_ref().filter(|t| t.words == params.words) else {
            return (input.clone(), StageTrace::skipped(stage, input, Text::new(msg!("trace-why-not-tokenised"))));
        };
        let generated = ctx.history.generated;
        let mut banned = vec![false; input.len()];
        for seq in &ids.sequences {
            let Some((&last, prefix)) = seq.split_last() else { continue };
            if generated.ends_with(prefix)
                && let Some(b) = banned.get_mut(last as usize)
            {
                *b = true;
            }
        }
        let count = banned.iter().zip(input.kept.iter()).filter(|(b, k)| **b && **k).count();
        let summary = Text::new(msg!("trace-bad_words")).arg("count", count);
        if count == 0 {
            return (input.clone(), StageTrace::between(stage, input, input, Some(summary)));
        }
        match input.remove_where(|id| banned[id as usize]) {
            Some(out) => {
                let trace = StageTrace::between(stage, input, &out, Some(summary));
                (out, trace)
            }
            None => (input.clone(), StageTrace::nothing_left(stage, input)),
        }
    }
}

/// vLLM's tokenisation of bad words: each word without its leading whitespace, and, if it
/// starts with another token and has as many tokens, with one leading space. Duplicate words
/// count once; a word that tokenises to nothing is left out.
pub fn tokenise(words: &[String], encode: impl Fn(&str) -> Vec<u32>) -> Vec<Vec<u32>> {
    let mut seen: Vec<&str> = Vec::new();
    let mut sequences = Vec::new();
    for word in words.iter().map(|w| w.trim_start()) {
        if seen.contains(&word) {
            continue;
        }
        seen.push(word);
        let plain = encode(word);
        if plain.is_empty() {
            continue;
        }
        let spaced = encode(&format!(" {word}"));
        let add_spaced = !spaced.is_empty() && spaced[0] != plain[0] && spaced.len() == plain.len();
        sequences.push(plain);
        if add_spaced {
            sequences.push(spaced);
        }
    }
    sequences
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::super::test_util::*;
    use super::super::{History, Tokenised, WordIds};
    use super::*;

    fn ban(words: &[&str], sequences: Vec<Vec<u32>>, generated: &[u32]) -> (Candidates, StageTrace) {
        let words: Vec<String> = words.iter().map(|w| w.to_string()).collect();
        let ids = WordIds { words: words.clone(), sequences };
        let t = Arc::new(Tokenised { bad_words: Some(ids), ..Tokenised::default() });
        let ctx = Context::new(History { prompt: &[2, 3], generated }).with_tokenised(t);
        BadWords::apply(&four(), &Params { words }, &ctx)
    }

    #[test]
    fn one_token_words_are_always_banned_and_longer_ones_after_their_prefix() {
        assert_probs(&ban(&["x"], vec![vec![3]], &[]).0, &[1.0 / 6.0, 2.0 / 6.0, 3.0 / 6.0, 0.0]);
        // 2 3 → ban 3 only right after 2 was generated; the prompt's 2 does not count.
        assert_eq!(ban(&["x"], vec![vec![2, 3]], &[]).0, four());
        assert_eq!(ban(&["x"], vec![vec![2, 3]], &[2, 1]).0, four());
        assert!(!ban(&["x"], vec![vec![2, 3]], &[1, 2]).0.kept[3]);
        // 0 1 2: both earlier tokens must match.
        assert!(!ban(&["x"], vec![vec![0, 1, 2]], &[0, 1]).0.kept[2]);
        assert!(ban(&["x"], vec![vec![0, 1, 2]], &[3, 1]).0.kept[2]);
    }

    #[test]
    fn never_bans_every_token_and_waits_for_its_tokenisation() {
        let (out, trace) = ban(&["x"], vec![vec![0], vec![1], vec![2], vec![3]], &[]);
        assert_eq!(out, four());
        assert!(trace.summary.render(crate::i18n::Lang::En).contains("every kept token"));
        let ctx = Context::default();
        let (_, trace) = BadWords::apply(&four(), &Params { words: vec!["x".into()] }, &ctx);
        assert!(trace.skipped);
    }

    #[test]
    fn tokenisation_adds_the_spaced_form_only_when_it_differs_in_the_same_length() {
        // A toy encoder: a leading space joins the first letter (ids 10+); letters are 0..26.
        let encode = |s: &str| {
            let mut ids = Vec::new();
            let mut space = false;
            for b in s.bytes() {
                match b {
                    b' ' => space = true,
                    _ => {
                        ids.push((b - b'a') as u32 + if space { 100 } else { 0 });
                        space = false;
                    }
                }
            }
            ids
        };
        let words = ["ab", "  ab", "c", " "].map(String::from);
        assert_eq!(tokenise(&words, encode), vec![vec![0, 1], vec![100, 1], vec![2], vec![102]]);
    }
}
