//! DRY, "don't repeat yourself": lower every token that would extend a verbatim repeat of
//! earlier context, more steeply the longer the repeat (pi6am, koboldcpp PR #982).
//!
//! Over the last `dry_penalty_last_n` tokens of prompt and completion (−1: all of them), find
//! for every earlier position the longest run ending there that equals the end of the context;
//! a run of length `m ≥ dry_allowed_length` makes its follower `c` a continuation, and
//! `l′_c = l_c − multiplier · base^(M_c − allowed_length)` with `M_c` the longest such run. Runs
//! never cross a sequence breaker: they are cut at the end of the latest breaker in the
//! context, and a token that is a breaker by itself is never lowered. The exponent is capped at
//! `⌊88.7228391 / ln base⌋` (158 for 1.75) so the penalty stays a finite f32, as llama.cpp does.
//! Multiplier 0..=5 (0 = off; 0.8 is the author's suggestion), base 1..=4 (1.75), allowed length
//! 1..=20 (2), window −1..=2048 (−1 = the whole context, llama.cpp's default; 0 = off), breakers
//! `["\n", ":", "\"", "*"]`.
//!
//! Breakers are strings; the stage has no tokenizer, so the caller turns them into token
//! sequences once per vocabulary ([`breakers`], `Context::tokenised`) and the stage only reads
//! them. Without them it runs with no breakers and says so. Each penalised token's trace entry
//! ([`Repeat`]) gives the earlier occurrence and the repeated end of the context, as positions
//! in the context, for the page to highlight.
//! Source: <https://github.com/oobabooga/text-generation-webui/pull/5677>, llama.cpp
//! `llama_sampler_dry_apply` and `get_overlapping_token_sequences`.
//!
//! ```
//! use samplescope::sampling::{Candidates, Context, History, Stage, dry::{Dry, Params}};
//! let c = Candidates::from_logits(vec![0.0; 4]);
//! let ctx = Context::new(History { prompt: &[0, 1, 2, 0, 1], generated: &[] });
//! let (out, _) = Dry::apply(&c, &Params { multiplier: 1.0, base: 1.1, ..Params::default() }, &ctx);
//! // "0 1" was followed by 2 before: 2 loses 1.0 · 1.1^(2 − 2)
//! assert_eq!(*out.logits, vec![0.0, 0.0, -1.0, 0.0]);
//! ```

use serde_json::{Value, json};

use super::{
    Api, Breakers, Candidates, Context, Detail, Input, NumberSpec, Param, ParamKind, ParamValue, Stage, StageDecl,
    StageKind, StageTrace,
};
use crate::i18n::Text;
use crate::msg;

mod scan;

pub use scan::breakers;

pub struct Dry;

#[derive(Clone, Debug, PartialEq)]
pub struct Params {
    /// How hard a continuation is lowered; 0 = off.
    pub multiplier: f32,
    /// Growth per token of repeat beyond the allowed length, ≥ 1.
    pub base: f32,
    /// Runs up to this length are free.
    pub allowed_length: usize,
    /// Tokens of context searched; −1 = all, 0 = off.
    pub last_n: i32,
    /// Strings that end a run.
    pub breakers: Vec<String>,
}

impl Default for Params {
    fn default() -> Self {
        let breakers = ["\n", ":", "\"", "*"].map(String::from).to_vec();
        Params { multiplier: 0.0, base: 1.75, allowed_length: 2, last_n: -1, breakers }
    }
}

/// One penalised continuation: `token` would extend the run at the end of the context, which
/// equals the earlier run at `earlier` (context positions, end exclusive) that `token` followed.
#[derive(Clone, Debug, PartialEq)]
pub struct Repeat {
    pub token: u32,
    /// `M_c`: the run's length, at most up to the latest breaker.
    pub length: usize,
    pub penalty: f32,
    pub earlier: (usize, usize),
    /// The end of the context that repeats it.
    pub suffix: (usize, usize),
}

impl Repeat {
    pub fn to_json(&self) -> Value {
        json!({ "token": self.token, "length": self.length, "penalty": self.penalty,
                "earlier": [self.earlier.0, self.earlier.1], "suffix": [self.suffix.0, self.suffix.1] })
    }
}

/// `ln f32::MAX`: exponents beyond `FLOAT_MAX_LOG / ln base` would overflow the penalty.
const FLOAT_MAX_LOG: f64 = 88.7228391;

const fn number(min: f64, max: f64, step: f64, default: f64, neutral: bool, integer: bool) -> ParamKind {
    ParamKind::Number(NumberSpec { min, max, step, default, neutral, integer })
}

impl Stage for Dry {
    type Params = Params;
    const DECL: StageDecl = StageDecl {
        key: "dry",
        name: "DRY",
        formula: "l′_c = l_c − mult · base^(M_c − allowed), M_c ≥ allowed the longest repeat c extends",
        source: "https://github.com/oobabooga/text-generation-webui/pull/5677",
        reads: &[Input::Context, Input::DryBreakers],
        params: &[
            Param {
                key: "dry_multiplier",
                symbol: "mult",
                kind: number(0.0, 5.0, 0.05, 0.0, true, false),
                api: Api::Extra,
                marks: &[],
                get: |p| ParamValue::Number(p.dry.multiplier as f64),
                set: |p, v| p.dry.multiplier = v.number() as f32,
            },
            Param {
                key: "dry_base",
                symbol: "base",
                kind: number(1.0, 4.0, 0.05, 1.75, false, false),
                api: Api::Extra,
                marks: &[],
                get: |p| ParamValue::Number(p.dry.base as f64),
                set: |p, v| p.dry.base = v.number() as f32,
            },
            Param {
                key: "dry_allowed_length",
                symbol: "allowed",
                kind: number(1.0, 20.0, 1.0, 2.0, false, true),
                api: Api::Extra,
                marks: &[],
                get: |p| ParamValue::Number(p.dry.allowed_length as f64),
                set: |p, v| p.dry.allowed_length = v.number().max(1.0) as usize,
            },
            Param {
                key: "dry_penalty_last_n",
                symbol: "last_n",
                kind: number(-1.0, 2048.0, 1.0, -1.0, false, true),
                api: Api::Extra,
                marks: &[(-1.0, msg!("value-whole-context")), (0.0, msg!("value-off"))],
                get: |p| ParamValue::Number(p.dry.last_n as f64),
                set: |p, v| p.dry.last_n = v.number() as i32,
            },
            Param {
                key: "dry_sequence_breakers",
                symbol: "breakers",
                kind: ParamKind::Strings { max_items: 32, max_bytes: 40 },
                api: Api::Extra,
                marks: &[],
                get: |p| ParamValue::Strings(p.dry.breakers.clone()),
                set: |p, v| {
                    if let ParamValue::Strings(list) = v {
                        p.dry.breakers = list;
                    }
                },
            },
        ],
    };

    fn apply(input: &Candidates, params: &Params, ctx: &Context) -> (Candidates, StageTrace) {
        let stage = StageKind::Dry;
        if params.multiplier == 0.0 || params.last_n == 0 {
            return (input.clone(), StageTrace::skipped(stage, input, "mult = 0"));
        }
        let tokens: Vec<u32> = ctx.history.prompt.iter().chain(ctx.history.generated).copied().collect();
        let len = if params.last_n < 0 { tokens.len() } else { tokens.len().min(params.last_n as usize) };
        let window = &tokens[tokens.len() - len..];
        let allowed = params.allowed_length.max(1);
        if len <= allowed {
            return (input.clone(), StageTrace::skipped(stage, input, Text::new(msg!("trace-why-dry-short"))));
        }
        let none = Breakers::default();
        let tokenised = ctx.tokenised.dry.as_ref().filter(|b| b.strings == params.breakers);
        let untokenised = tokenised.is_none() && !params.breakers.is_empty();
        let breakers = tokenised.unwrap_or(&none);
        let limit = scan::run_limit(window, breakers);
        if limit < allowed {
            return (input.clone(), StageTrace::skipped(stage, input, Text::new(msg!("trace-why-dry-breaker"))));
        }
        let max_exponent =
            if params.base > 1.000001 { (FLOAT_MAX_LOG / (params.base as f64).ln()) as usize } else { usize::MAX };
        let offset = tokens.len() - len;
        let mut repeats: Vec<Repeat> = Vec::new();
        for (token, length, end) in scan::continuations(window, limit, allowed) {
            if (token as usize) >= input.len() || breakers.single(token) {
                continue;
            }
            let exponent = (length - allowed).min(max_exponent);
            let penalty = (params.multiplier as f64 * (params.base as f64).powi(exponent as i32)) as f32;
            let earlier = (offset + end + 1 - length, offset + end + 1);
            repeats.push(Repeat { token, length, penalty, earlier, suffix: (tokens.len() - length, tokens.len()) });
        }
        repeats.sort_by(|a, b| b.length.cmp(&a.length).then(a.token.cmp(&b.token)));
        if repeats.is_empty() {
            let summary = Text::new(msg!("trace-dry-none")).arg("allowed", allowed);
            let trace = StageTrace::between(stage, input, input, Some(summary));
            return (input.clone(), trace.with_detail(Detail::Dry { repeats, untokenised }));
        }
        let mut logits = input.logits.to_vec();
        for r in &repeats {
            logits[r.token as usize] -= r.penalty;
        }
        let out = Candidates::with_logits(logits, input.kept.clone());
        let summary = Text::new(msg!("trace-dry"))
            .arg("count", repeats.len())
            .arg("longest", repeats[0].length)
            .arg("untokenised", if untokenised { "yes" } else { "no" });
        let trace = StageTrace::between(stage, input, &out, Some(summary));
        (out, trace.with_detail(Detail::Dry { repeats, untokenised }))
    }
}

#[cfg(test)]
mod tests;
