//! no-repeat-ngram: never repeat an n-gram of the context (Hugging Face's
//! `no_repeat_ngram_size`, `NoRepeatNGramLogitsProcessor`).
//!
//! With the context `x₀ … x_{L−1}` (prompt and completion, as Hugging Face counts for a
//! decoder-only model) and its last n − 1 tokens P, ban every token c such that `P c` already
//! occurs in it; n = 1 bans every token seen. Nothing is banned while the context is shorter
//! than n. If every kept token would be banned, nothing is (Hugging Face would leave only −∞
//! and sample NaN). n 0..=20, 0 = off.
//! Source: <https://huggingface.co/docs/transformers/main/en/internal/generation_utils#transformers.NoRepeatNGramLogitsProcessor>,
//! transformers `NoRepeatNGramLogitsProcessor`.
//!
//! ```
//! use samplescope::sampling::{Candidates, Context, History, Stage};
//! use samplescope::sampling::no_repeat_ngram_size::{NoRepeatNgram, Params};
//! let ctx = Context::new(History { prompt: &[1, 1, 2, 1], generated: &[] });
//! let (out, _) = NoRepeatNgram::apply(&Candidates::from_logits(vec![0.0; 3]), &Params { n: 2 }, &ctx);
//! assert_eq!(*out.kept, vec![true, false, false]); // "1 1" and "1 2" were seen after a 1
//! ```

use super::{
    Api, Candidates, Context, Input, NumberSpec, Param, ParamKind, ParamValue, Stage, StageDecl, StageKind, StageTrace,
};
use crate::i18n::Text;
use crate::msg;

pub struct NoRepeatNgram;

#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Params {
    /// The n-gram length that may not repeat; 0 = off.
    pub n: usize,
}

impl Stage for NoRepeatNgram {
    type Params = Params;
    const DECL: StageDecl = StageDecl {
        key: "no_repeat_ngram_size",
        name: "no-repeat-ngram",
        formula: "ban c if x_{L−n+1} … x_{L−1} c already occurs in the context",
        source: "https://huggingface.co/docs/transformers/main/en/internal/generation_utils#transformers.NoRepeatNGramLogitsProcessor",
        reads: &[Input::Context],
        params: &[Param {
            key: "no_repeat_ngram_size",
            symbol: "n",
            kind: ParamKind::Number(NumberSpec {
                min: 0.0,
                max: 20.0,
                step: 1.0,
                default: 0.0,
                neutral: true,
                integer: true,
            }),
            api: Api::Extra,
            marks: &[],
            get: |p| ParamValue::Number(p.no_repeat_ngram_size.n as f64),
            set: |p, v| p.no_repeat_ngram_size.n = v.number().max(0.0) as usize,
        }],
    };

    fn apply(input: &Candidates, params: &Params, ctx: &Context) -> (Candidates, StageTrace) {
        let stage = StageKind::NoRepeatNgram;
        let n = params.n;
        if n == 0 {
            return (input.clone(), StageTrace::skipped(stage, input, "n = 0"));
        }
        let tokens: Vec<u32> = ctx.history.prompt.iter().chain(ctx.history.generated).copied().collect();
        let banned = banned(&tokens, n);
        let count = banned.iter().filter(|&&t| input.kept.get(t as usize).copied().unwrap_or(false)).count();
        let summary = Text::new(msg!("trace-no_repeat_ngram_size")).arg("count", count).arg("n", n);
        if count == 0 {
            return (input.clone(), StageTrace::between(stage, input, input, Some(summary)));
        }
        match input.remove_where(|id| banned.contains(&id)) {
            Some(out) => {
                let trace = StageTrace::between(stage, input, &out, Some(summary));
                (out, trace)
            }
            None => (input.clone(), StageTrace::nothing_left(stage, input)),
        }
    }
}

/// The tokens that would complete an n-gram already in `tokens`, sorted, each once.
pub fn banned(tokens: &[u32], n: usize) -> Vec<u32> {
    let len = tokens.len();
    if n == 0 || len < n {
        return Vec::new();
    }
    let prefix = &tokens[len - (n - 1)..];
    let mut out: Vec<u32> =
        tokens.windows(n).filter(|w| &w[..n - 1] == prefix).map(|w| w[n - 1]).collect();
    out.sort_unstable();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::super::History;
    use super::super::test_util::*;
    use super::*;

    fn mask(tokens: &[u32], n: usize, vocab: usize) -> Vec<bool> {
        (0..vocab as u32).map(|t| banned(tokens, n).contains(&t)).collect()
    }

    #[test]
    fn hugging_face_no_repeat_ngram_cases() {
        // test_logits_process.py: vocab 3, true = banned.
        assert_eq!(mask(&[1, 1, 2, 1], 2, 3), vec![false, true, true]);
        assert_eq!(mask(&[0, 1, 0, 1], 2, 3), vec![true, false, false]);
        assert_eq!(mask(&[1, 1, 2, 1], 3, 3), vec![false, false, false]);
        assert_eq!(mask(&[0, 1, 0, 1], 3, 3), vec![true, false, false]);
        // The later (7, 8, 5) does not unban 5.
        assert_eq!(banned(&[1, 2, 5, 7, 8, 5, 1, 2], 3), vec![5]);
        assert!(banned(&[1, 2], 3).is_empty() && banned(&[0, 1], 3).is_empty());
    }

    #[test]
    fn prompt_and_completion_both_count_and_one_bans_everything_seen() {
        let ctx = context(&[0, 1], &[2, 0]);
        let (out, trace) = NoRepeatNgram::apply(&four(), &Params { n: 2 }, &ctx);
        // After 0 came 1 (in the prompt): 1 is banned.
        assert_probs(&out, &[1.0 / 8.0, 0.0, 3.0 / 8.0, 4.0 / 8.0]);
        assert_eq!(trace.removed, 1);
        assert_eq!(*NoRepeatNgram::apply(&four(), &Params { n: 1 }, &context(&[1], &[2])).0.kept, vec![
            true, false, false, true
        ]);
    }

    #[test]
    fn never_bans_every_kept_token_and_is_off_at_zero() {
        let ctx = Context::new(History { prompt: &[0, 1, 2, 3], generated: &[] });
        let (out, trace) = NoRepeatNgram::apply(&four(), &Params { n: 1 }, &ctx);
        assert_eq!(out, four());
        assert!(trace.summary.render(crate::i18n::Lang::En).contains("every kept token"));
        assert!(NoRepeatNgram::apply(&four(), &Params { n: 0 }, &ctx).1.skipped);
    }
}
