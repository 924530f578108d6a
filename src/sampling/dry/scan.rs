//! DRY's three scans: where the latest sequence breaker ends, which tokens would extend a
//! repeat (a Z-algorithm over the reversed window), and, once per vocabulary, which tokens
//! start a breaker.

use std::collections::BTreeMap;

use super::Breakers;

/// Tokens after the end of the latest complete breaker in `window` (the whole window if none):
/// runs are cut there. The latest position holding a head with a matching tail wins, and at
/// that position its longest matching tail, as llama.cpp does; a head whose tail has not
/// (yet) followed it does not count.
pub fn run_limit(window: &[u32], breakers: &Breakers) -> usize {
    let last = window.len();
    for i in 0..last {
        // `i` tokens follow the candidate head.
        let head = last - 1 - i;
        let longest = breakers
            .tails(window[head])
            .filter(|tail| tail.len() <= i && window[head + 1..head + 1 + tail.len()] == **tail)
            .map(<[u32]>::len)
            .max();
        if let Some(tail) = longest {
            return i - tail;
        }
    }
    last
}

/// For each token that follows an earlier run equal to the end of `window`, with the run at
/// least `allowed` long: `(token, M, j)`, M the longest such run (capped at `limit`) and j the
/// window position where the first run of that length ends. In window order of j.
pub fn continuations(window: &[u32], limit: usize, allowed: usize) -> Vec<(u32, usize, usize)> {
    let n = window.len();
    // z[k]: how far the window read backwards from its end matches itself read backwards from
    // position n − 1 − k; that is the run ending at j = n − 1 − k.
    let reversed: Vec<u32> = window.iter().rev().copied().collect();
    let z = z_array(&reversed);
    let mut best: BTreeMap<u32, (usize, usize)> = BTreeMap::new();
    for j in 0..n.saturating_sub(1) {
        let m = z[n - 1 - j].min(limit);
        if m >= allowed {
            let token = window[j + 1];
            let entry = best.entry(token).or_insert((m, j));
            if entry.0 < m {
                *entry = (m, j);
            }
        }
    }
    let mut out: Vec<(u32, usize, usize)> = best.into_iter().map(|(t, (m, j))| (t, m, j)).collect();
    out.sort_by_key(|&(_, _, j)| j);
    out
}

/// The Z-array: `z[k]` is the length of the longest common prefix of `s` and `s[k..]`
/// (`z[0] = 0` by convention). Linear time.
fn z_array(s: &[u32]) -> Vec<usize> {
    let n = s.len();
    let mut z = vec![0usize; n];
    let (mut left, mut right) = (0usize, 0usize);
    for k in 1..n {
        if k < right {
            z[k] = z[k - left].min(right - k);
        }
        while k + z[k] < n && s[z[k]] == s[k + z[k]] {
            z[k] += 1;
        }
        if k + z[k] > right {
            (left, right) = (k, k + z[k]);
        }
    }
    z
}

/// Tails longer than this are cut, as llama.cpp's `MAX_SEQ_LEN`.
const MAX_TAIL: usize = 20;

/// DRY's breakers over a vocabulary, as llama.cpp prepares them: a token whose text contains a
/// breaker string is a breaker by itself (empty tail); a token whose text ends with a proper
/// prefix of one is a head, its tail the tokenisation of the rest of the string (at most 20
/// tokens). Sorted by head, without duplicates. A rest that is not whole UTF-8 characters
/// cannot be tokenised as text and is skipped.
pub fn breakers<'t>(
    strings: &[String],
    vocab: usize,
    bytes_of: impl Fn(u32) -> &'t [u8],
    encode: impl Fn(&str) -> Vec<u32>,
) -> Vec<(u32, Vec<u32>)> {
    let mut heads: Vec<(u32, Vec<u32>)> = Vec::new();
    for s in strings.iter().map(|s| s.as_bytes()).filter(|s| !s.is_empty()) {
        for id in 0..vocab as u32 {
            let word = bytes_of(id);
            if word.len() >= s.len() && word.windows(s.len()).any(|w| w == s) {
                heads.push((id, Vec::new()));
                continue;
            }
            for at in (0..word.len()).filter(|&at| word[at] == s[0]) {
                let given = word.len() - at;
                if given < s.len() && word[at..] == s[..given] {
                    let Ok(rest) = std::str::from_utf8(&s[given..]) else { continue };
                    let mut tail = encode(rest);
                    tail.truncate(MAX_TAIL);
                    heads.push((id, tail));
                }
            }
        }
    }
    heads.sort();
    heads.dedup();
    heads
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn z_array_of_the_reversed_window_gives_the_run_lengths() {
        // The source's example: window a b c c b c y a b c → m = 0 0 3 1 0 2 0 0 0.
        let w = [0u32, 1, 2, 2, 1, 2, 9, 0, 1, 2];
        let r: Vec<u32> = w.iter().rev().copied().collect();
        let z = z_array(&r);
        let m: Vec<usize> = (0..w.len() - 1).map(|j| z[w.len() - 1 - j]).collect();
        assert_eq!(m, vec![0, 0, 3, 1, 0, 2, 0, 0, 0]);
        // c follows the run of 3 (M = 3), y the run of 2; b follows a run of 1 only.
        assert_eq!(continuations(&w, w.len(), 2), vec![(2, 3, 2), (9, 2, 5)]);
        assert_eq!(continuations(&w, 2, 2), vec![(2, 2, 2), (9, 2, 5)], "runs capped at the limit");
    }

    #[test]
    fn the_latest_complete_breaker_limits_runs() {
        let single = Breakers { strings: vec![], heads: vec![(5, vec![])] };
        assert_eq!(run_limit(&[1, 5, 2, 3], &single), 2);
        assert_eq!(run_limit(&[1, 2, 5], &single), 0);
        assert_eq!(run_limit(&[1, 2, 3], &single), 3);
        // A two-token breaker 5 6: counts only once 6 has followed 5.
        let pair = Breakers { strings: vec![], heads: vec![(5, vec![6])] };
        assert_eq!(run_limit(&[1, 5, 6, 2], &pair), 1);
        assert_eq!(run_limit(&[1, 2, 5], &pair), 3);
    }

    #[test]
    fn breakers_are_contained_or_straddle_the_end_of_a_token() {
        let vocab: [&[u8]; 5] = [b"ab", b"x:", b"a", b"b\n", b"yab"];
        let encode = |s: &str| s.bytes().map(|b| if b == b'b' { 2 } else { 9 }).collect::<Vec<u32>>();
        let heads = breakers(&["ab".into(), ":".into()], vocab.len(), |id| vocab[id as usize], encode);
        // "ab" is in tokens 0 and 4; token 2 ("a") ends with its prefix "a", the rest "b" → [2].
        assert_eq!(heads, vec![(0, vec![]), (1, vec![]), (2, vec![2]), (4, vec![])]);
    }
}
