//! Completion text as it grows token by token: UTF-8 that may be split across tokens, stop
//! strings that may be split across tokens, and what is safe to stream so far.

/// Decodes `bytes`, leaving out a trailing incomplete UTF-8 sequence (it may complete with the
/// next token). Invalid bytes elsewhere become U+FFFD, as any decoder would show them.
pub fn decode_stable(bytes: &[u8]) -> String {
    let mut out = String::new();
    let mut chunks = bytes.utf8_chunks().peekable();
    while let Some(chunk) = chunks.next() {
        out.push_str(chunk.valid());
        let invalid = chunk.invalid();
        if invalid.is_empty() {
            continue;
        }
        let at_end = chunks.peek().is_none();
        let incomplete = at_end && could_complete(invalid);
        if !incomplete {
            out.push(char::REPLACEMENT_CHARACTER);
        }
    }
    out
}

/// Whether `tail` (invalid so far) is the start of a UTF-8 sequence more bytes could finish.
fn could_complete(tail: &[u8]) -> bool {
    let need = match tail[0] {
        0xC2..=0xDF => 2,
        0xE0..=0xEF => 3,
        0xF0..=0xF4 => 4,
        _ => return false,
    };
    tail.len() < need && tail[1..].iter().all(|b| (0x80..=0xBF).contains(b))
}

/// Where a stop string cut the completion.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StopCut {
    /// The stop string that matched.
    pub stop: String,
    /// Byte offset in the decoded text where it starts (the returned text ends here).
    pub at: usize,
}

/// The first occurrence (by position, then by order in `stops`) of any stop string in `text`.
pub fn find_stop(text: &str, stops: &[String]) -> Option<StopCut> {
    stops
        .iter()
        .filter(|s| !s.is_empty())
        .filter_map(|s| text.find(s.as_str()).map(|at| StopCut { stop: s.clone(), at }))
        .min_by_key(|c| c.at)
}

/// How much of `text` may be streamed now: everything except a suffix that could still grow
/// into a stop string (a proper prefix of one of them).
pub fn streamable_len(text: &str, stops: &[String]) -> usize {
    let mut hold = 0;
    for stop in stops.iter().filter(|s| !s.is_empty()) {
        for (i, _) in stop.char_indices().skip(1) {
            let prefix = &stop[..i];
            if text.ends_with(prefix) {
                hold = hold.max(prefix.len());
            }
        }
    }
    text.len() - hold
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_characters_wait_for_their_last_byte() {
        let euro = "€".as_bytes(); // E2 82 AC
        assert_eq!(decode_stable(&euro[..1]), "");
        assert_eq!(decode_stable(&euro[..2]), "");
        assert_eq!(decode_stable(euro), "€");
        assert_eq!(decode_stable(b"ab\xE2\x82"), "ab");
        // a broken sequence in the middle is shown as U+FFFD
        assert_eq!(decode_stable(b"a\xE2b"), "a\u{FFFD}b");
        assert_eq!(decode_stable(b"a\xFF"), "a\u{FFFD}");
    }

    #[test]
    fn stop_strings_match_across_token_boundaries() {
        let stops = vec!["\n\n".to_string(), "END".to_string()];
        // tokens "Hello", "\n", "\nmore": the stop spans two tokens
        let text = "Hello\n\nmore";
        assert_eq!(find_stop(text, &stops), Some(StopCut { stop: "\n\n".into(), at: 5 }));
        assert_eq!(find_stop("xxENDyy\n\n", &stops).unwrap().stop, "END");
        assert_eq!(find_stop("nothing here", &stops), None);
    }

    #[test]
    fn a_possible_stop_prefix_is_held_back() {
        let stops = vec!["STOP".to_string()];
        assert_eq!(streamable_len("abc ST", &stops), 4);
        assert_eq!(streamable_len("abc S", &stops), 4);
        assert_eq!(streamable_len("abc", &stops), 3);
        assert_eq!(streamable_len("abc STX", &stops), 7);
        assert_eq!(streamable_len("anything", &[]), 8);
    }
}
