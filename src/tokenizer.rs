//! The SmolLM2 tokenizer: Hugging Face `tokenizers` over the `tokenizer.json` that
//! `models/build_tokenizer.py` derives from the GGUF (byte-level BPE, digits split one by one).
//!
//! Besides encoding, this keeps the exact bytes of every token, because a byte-level token can
//! be half of a UTF-8 character: the page shows such bytes as `<0xE2>` instead of pretending.

use anyhow::{Result, anyhow};
use tokenizers::Tokenizer as HfTokenizer;

/// `<|endoftext|>`: end of a document.
pub const END_OF_TEXT: u32 = 0;
/// `<|im_start|>`: opens a ChatML turn.
pub const IM_START: u32 = 1;
/// `<|im_end|>`: closes a ChatML turn; the instruct model's end of answer.
pub const IM_END: u32 = 2;

pub struct Tokenizer {
    inner: HfTokenizer,
    /// The same tokenizer with special tokens read as plain text, made on first use.
    plain: std::sync::OnceLock<HfTokenizer>,
    /// Raw bytes of each token id (special tokens: their literal text).
    token_bytes: Vec<Vec<u8>>,
    special: Vec<bool>,
    /// Bytes of the longest token (special tokens by their literal text): what bounds a
    /// text's token count from below.
    longest: usize,
}

impl Tokenizer {
    pub fn from_json(json: &[u8]) -> Result<Tokenizer> {
        let inner = HfTokenizer::from_bytes(json).map_err(|e| anyhow!("tokenizer.json: {e}"))?;
        let vocab_size = inner.get_vocab_size(true);
        let byte_of = gpt2_char_to_byte();
        let mut token_bytes = vec![Vec::new(); vocab_size];
        let mut special = vec![false; vocab_size];
        for (text, id) in inner.get_vocab(true) {
            let id = id as usize;
            let is_special = inner.get_added_vocabulary().is_special_token(&text);
            special[id] = is_special;
            token_bytes[id] = if is_special {
                text.into_bytes()
            } else {
                text.chars()
                    .map(|c| byte_of(c).ok_or_else(|| anyhow!("token {id}: char {c:?} is not byte-level")))
                    .collect::<Result<Vec<u8>>>()?
            };
        }
        let longest = token_bytes.iter().map(Vec::len).max().unwrap_or(1);
        Ok(Tokenizer { inner, plain: std::sync::OnceLock::new(), token_bytes, special, longest })
    }

    pub fn vocab_size(&self) -> usize {
        self.token_bytes.len()
    }

    /// No token stands for more bytes of text than this.
    pub fn longest_token_bytes(&self) -> usize {
        self.longest
    }

    /// Token ids of `text`. Special tokens written literally (`<|im_start|>`) become their ids.
    pub fn encode(&self, text: &str) -> Result<Vec<u32>> {
        let enc = self.inner.encode(text, false).map_err(|e| anyhow!("encoding: {e}"))?;
        Ok(enc.get_ids().to_vec())
    }

    /// Token ids of `text` read as text: `<|im_end|>` written in it is ten ordinary characters,
    /// never the control token.
    pub fn encode_text(&self, text: &str) -> Result<Vec<u32>> {
        let plain = self.plain.get_or_init(|| {
            let mut t = self.inner.clone();
            t.set_encode_special_tokens(true);
            t
        });
        let enc = plain.encode(text, false).map_err(|e| anyhow!("encoding: {e}"))?;
        Ok(enc.get_ids().to_vec())
    }

    /// The exact bytes a token stands for.
    pub fn bytes(&self, id: u32) -> &[u8] {
        self.token_bytes.get(id as usize).map(Vec::as_slice).unwrap_or(&[])
    }

    pub fn is_special(&self, id: u32) -> bool {
        self.special.get(id as usize).copied().unwrap_or(false)
    }

    /// Text of a token sequence; bytes that do not form UTF-8 become U+FFFD.
    pub fn decode(&self, ids: &[u32]) -> String {
        let bytes: Vec<u8> = ids.iter().flat_map(|&id| self.bytes(id).iter().copied()).collect();
        String::from_utf8_lossy(&bytes).into_owned()
    }

    /// How a single token is shown: whitespace made visible, stray bytes as `<0xNN>`.
    pub fn display(&self, id: u32) -> String {
        visible(self.bytes(id))
    }

    /// Ids whose text contains `query` (case-insensitive), most probable first under `prob`
    /// (the current next-token distribution: after "The capital of France is", `␣Paris` before
    /// `Paris`), then shortest, then by id; at most `limit`.
    pub fn search(&self, query: &str, limit: usize, prob: impl Fn(u32) -> f32) -> Vec<u32> {
        let needle = query.to_lowercase();
        if needle.is_empty() {
            return Vec::new();
        }
        let hits: Vec<u32> = (0..self.token_bytes.len() as u32)
            .filter(|&id| String::from_utf8_lossy(self.bytes(id)).to_lowercase().contains(&needle))
            .collect();
        rank_hits(hits, limit, prob, |id| self.bytes(id).len())
    }
}

/// `hits` by decreasing `prob`, then increasing `len`, then id; the first `limit`.
fn rank_hits(mut hits: Vec<u32>, limit: usize, prob: impl Fn(u32) -> f32, len: impl Fn(u32) -> usize) -> Vec<u32> {
    hits.sort_by(|&a, &b| prob(b).total_cmp(&prob(a)).then(len(a).cmp(&len(b))).then(a.cmp(&b)));
    hits.truncate(limit);
    hits
}

/// Shows text with visible whitespace (`␣` space, `↵` newline, `⇥` tab) and every byte that
/// is not part of a valid UTF-8 character as `<0xNN>`. The result is plain text, never markup.
pub fn visible(bytes: &[u8]) -> String {
    let mut out = String::new();
    for chunk in bytes.utf8_chunks() {
        for c in chunk.valid().chars() {
            match c {
                ' ' => out.push('␣'),
                '\n' => out.push('↵'),
                '\t' => out.push('⇥'),
                '\r' => out.push_str("\\r"),
                c if c.is_control() => out.push_str(&format!("<U+{:04X}>", c as u32)),
                c => out.push(c),
            }
        }
        for b in chunk.invalid() {
            out.push_str(&format!("<0x{b:02X}>"));
        }
    }
    out
}

/// Inverse of GPT-2's `bytes_to_unicode`: printable Latin-1 bytes map to themselves, the other
/// 68 bytes to U+0100 onwards in byte order.
fn gpt2_char_to_byte() -> impl Fn(char) -> Option<u8> {
    let printable = |b: u8| (b'!'..=b'~').contains(&b) || (0xA1..=0xAC).contains(&b) || b >= 0xAE;
    let mut table = std::collections::HashMap::new();
    let mut next = 0u32;
    for b in 0..=255u8 {
        let c = if printable(b) {
            char::from(b)
        } else {
            next += 1;
            char::from_u32(255 + next).expect("valid char")
        };
        table.insert(c, b);
    }
    move |c| table.get(&c).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_map_covers_every_byte_once() {
        let byte_of = gpt2_char_to_byte();
        assert_eq!(byte_of('Ġ'), Some(b' '));
        assert_eq!(byte_of('Ċ'), Some(b'\n'));
        assert_eq!(byte_of('A'), Some(b'A'));
        assert_eq!(byte_of('ā'), Some(1));
        assert_eq!(byte_of('z'), Some(b'z'));
    }

    #[test]
    fn hits_rank_by_probability_then_length_then_id() {
        let prob = |id: u32| [0.0, 0.77, 0.0, 0.01][id as usize];
        let len = |id: u32| [5usize, 6, 4, 5][id as usize];
        assert_eq!(rank_hits(vec![0, 1, 2, 3], 10, prob, len), vec![1, 3, 2, 0]);
        assert_eq!(rank_hits(vec![0, 1, 2, 3], 2, prob, len), vec![1, 3]);
        // Without a distribution: shortest first.
        assert_eq!(rank_hits(vec![0, 1, 2, 3], 10, |_| 0.0, len), vec![2, 0, 3, 1]);
    }

    #[test]
    fn visible_marks_whitespace_and_stray_bytes() {
        assert_eq!(visible(b" Paris"), "␣Paris");
        assert_eq!(visible(b"a\nb\tc"), "a↵b⇥c");
        assert_eq!(visible(&[0xE2, 0x80]), "<0xE2><0x80>");
        assert_eq!(visible("é".as_bytes()), "é");
        assert_eq!(visible(b"<b>"), "<b>");
    }
}
