//! llguidance's view of our tokenizer: its token trie built from the exact bytes of every
//! token, and its tokenizing done by the same Hugging Face `tokenizers` instance the page
//! already holds (no second copy of the vocabulary or of the crate).
//!
//! Special tokens enter the trie as `0xFF` followed by their text (llguidance's convention,
//! `docs/special_tokens.md`), so that grammar text can never spell `<|im_end|>` by accident.

use std::sync::Arc;

use llguidance::toktrie::{TokRxInfo, TokTrie, TokenId, TokenizerEnv};

use crate::tokenizer::{IM_END, Tokenizer};

pub struct TokenizerBridge {
    tokenizer: Arc<Tokenizer>,
    trie: TokTrie,
}

impl TokenizerBridge {
    pub fn new(tokenizer: Arc<Tokenizer>) -> TokenizerBridge {
        let vocab = tokenizer.vocab_size() as u32;
        let words: Vec<Vec<u8>> = (0..vocab)
            .map(|id| {
                let bytes = tokenizer.bytes(id);
                if tokenizer.is_special(id) {
                    std::iter::once(TokTrie::SPECIAL_TOKEN_MARKER).chain(bytes.iter().copied()).collect()
                } else {
                    bytes.to_vec()
                }
            })
            .collect();
        // The instruct model's end of answer; `<|endoftext|>` is accepted wherever it is
        // (`TokenMask::from_vob`).
        let mut info = TokRxInfo::new(vocab, IM_END);
        info.tok_end_of_turn = Some(IM_END);
        let trie = TokTrie::from(&info, &words);
        TokenizerBridge { tokenizer, trie }
    }
}

impl TokenizerEnv for TokenizerBridge {
    fn tok_trie(&self) -> &TokTrie {
        &self.trie
    }

    /// Plain bytes, never special tokens (grammar text is text). Bytes that are not UTF-8
    /// are split greedily by the trie, as llguidance does for any tokenizer.
    fn tokenize_bytes(&self, s: &[u8]) -> Vec<TokenId> {
        match std::str::from_utf8(s) {
            Ok(text) => self.tokenizer.encode_text(text).unwrap_or_else(|_| self.trie.greedy_tokenize(s)),
            Err(_) => self.trie.greedy_tokenize(s),
        }
    }
}
