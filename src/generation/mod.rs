//! Generation as the chat-completions API does it: `n` choices (or `best_of` candidates) from
//! one prompt, each its own seeded stream, stopped by `max_tokens`, a stop string or the end of
//! the turn, with log probabilities, and the response and stream-event shapes of the API.
//!
//! The logic is a state machine fed with logits, so the same code runs natively (tests, with
//! the model called directly) and in the page (where the logits come from the model worker).

pub mod chat;
pub mod choice;
pub mod request;
pub mod text;

use std::sync::Arc;

use serde_json::{Value, json};
use sha2::{Digest, Sha256};

pub use chat::{Message, Role, ToolCall};
pub use choice::{
    Alternative, Choice, FinishReason, GrammarStep, StepOutcome, TokenStep, choice_seed, is_end, tokenised,
    tokenised_wanted,
};
pub use request::{FieldError, FieldProblem, MaskPlacement, Prompt, Request};

use crate::sampling::stage::decimal;
use crate::sampling::{StageKind, order::order_to_string};
use crate::structured::{Compiler, Tool};
use crate::tokenizer::Tokenizer;

pub const MODEL_NAME: &str = "SmolLM2-135M-Instruct";
/// The inference engine's version (checked against Cargo.lock by a test).
pub const TRACT_VERSION: &str = "0.23.9";

/// What the model reads for `prompt` (with `tools` described in the system turn).
pub fn prompt_text(prompt: &Prompt, tools: &[Tool]) -> String {
    prompt_pieces(prompt, tools).iter().map(chat::Piece::as_str).collect()
}

/// [`prompt_text`] in pieces: a raw prompt is markup throughout (its reader writes the template),
/// messages are text between the template's control tokens.
pub fn prompt_pieces(prompt: &Prompt, tools: &[Tool]) -> Vec<chat::Piece> {
    match prompt {
        Prompt::Text(t) => vec![chat::Piece::Markup(t.clone())],
        Prompt::Messages(m) => chat::pieces(m, tools),
    }
}

/// The token ids of `pieces`: control tokens only where the pieces are markup.
pub fn prompt_ids(pieces: &[chat::Piece], tok: &Tokenizer) -> anyhow::Result<Vec<u32>> {
    let mut ids = Vec::new();
    for piece in pieces {
        ids.extend(match piece {
            chat::Piece::Markup(s) => tok.encode(s)?,
            chat::Piece::Text(s) => tok.encode_text(s)?,
        });
    }
    Ok(ids)
}

/// A prompt longer than any context can hold, told from its length alone so it is never
/// tokenised: no token stands for more than the vocabulary's longest token, so `bytes` of text
/// are at least `bytes / longest` tokens.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Overlong {
    pub bytes: usize,
    pub tokens_at_least: usize,
    pub longest: usize,
}

impl Overlong {
    /// `Some` when `pieces` cannot fit in `context` tokens, whatever they say (each piece is
    /// tokenised on its own, so each is at least `len / longest` tokens, rounded up).
    pub fn of(pieces: &[chat::Piece], longest: usize, context: usize) -> Option<Overlong> {
        let longest = longest.max(1);
        let tokens_at_least = pieces.iter().map(|p| p.as_str().len().div_ceil(longest)).sum();
        let bytes = pieces.iter().map(|p| p.as_str().len()).sum();
        (tokens_at_least > context).then_some(Overlong { bytes, tokens_at_least, longest })
    }

    pub fn text(&self) -> crate::i18n::Text {
        crate::i18n::Text::new(crate::msg!("error-prompt-overlong"))
            .arg("bytes", self.bytes)
            .arg("tokens", self.tokens_at_least)
            .arg("longest", self.longest)
            .arg("context", crate::model::CONTEXT)
    }
}

/// The engine build: crate versions and the target the numbers are computed on.
pub fn engine() -> String {
    let target = if cfg!(target_arch = "wasm32") { "wasm32+simd128" } else { std::env::consts::ARCH };
    format!("samplescope {} / tract {TRACT_VERSION} / {target}", env!("CARGO_PKG_VERSION"))
}

/// A short hash of the model file, the engine build and the sampler order. Same fingerprint,
/// same seed, same settings ⇒ same output; a different fingerprint means the backend changed,
/// and identical seeds may then give different tokens.
pub fn fingerprint(model_sha256: &str, engine: &str, order: &[StageKind]) -> String {
    let digest = Sha256::digest(format!("{model_sha256}\n{engine}\n{}", order_to_string(order)).as_bytes());
    let hex: String = digest.iter().take(5).map(|b| format!("{b:02x}")).collect();
    format!("fp_{hex}")
}

/// A generation in progress or done.
#[derive(Clone, Debug)]
pub struct Generation {
    pub request: Request,
    pub prompt_ids: Vec<u32>,
    /// `best_of` (or `n`) candidates.
    pub choices: Vec<Choice>,
}

/// A log probability as JSON: the f32's shortest decimal; −inf, which JSON cannot write,
/// as the API's −9999.
fn json_logprob(lp: f32) -> Value {
    if lp.is_finite() { decimal(lp) } else { json!(-9999.0) }
}

fn token_json(tok: &Tokenizer, token: u32, logprob: f32, raw_logprob: f32) -> Value {
    let bytes = tok.bytes(token);
    json!({
        "token": String::from_utf8_lossy(bytes),
        "logprob": json_logprob(logprob),
        "raw_logprob": json_logprob(raw_logprob),
        "bytes": bytes,
    })
}

impl Generation {
    /// Validates the request against the tokenised prompt and compiles its structured
    /// output's grammar (llguidance's own checks of the schema happen here).
    pub fn new(request: Request, prompt_ids: Vec<u32>, tok: &Arc<Tokenizer>) -> Result<Generation, Vec<FieldError>> {
        let errors = request.validate(prompt_ids.len(), tok.vocab_size());
        if !errors.is_empty() {
            return Err(errors);
        }
        let format = if request.structured.is_active() {
            let param = if request.structured.tools.is_empty() { "response_format" } else { "tools" };
            let compiled = Compiler::cached(tok).and_then(|c| c.compile(&request.structured));
            compiled.map_err(|problem| vec![FieldError { param, problem: FieldProblem::Format(problem) }])?
        } else {
            None
        };
        let choices =
            (0..request.candidates()).map(|i| Choice::new(i, request.seed).with_format(format.clone())).collect();
        Ok(Generation { request, prompt_ids, choices })
    }

    /// The calls in choice `index`'s reply, as the API returns them (ids unique per choice).
    pub fn tool_calls(&self, index: usize) -> Vec<ToolCall> {
        let choice = &self.choices[index];
        if choice.finish != Some(FinishReason::ToolCalls) {
            return Vec::new();
        }
        self.request
            .structured
            .tool_calls(&choice.text())
            .into_iter()
            .enumerate()
            .map(|(i, (name, args))| ToolCall::new(format!("call_{:016x}_{i}", choice.seed), name, args))
            .collect()
    }

    /// The assistant message of choice `index`: its text, or with calls `content: null` and
    /// `tool_calls`.
    pub fn message(&self, index: usize) -> Value {
        let calls = self.tool_calls(index);
        if calls.is_empty() {
            json!({ "role": "assistant", "content": self.choices[index].text() })
        } else {
            json!({ "role": "assistant", "content": Value::Null, "tool_calls": calls })
        }
    }

    /// Choices still generating.
    pub fn active(&self) -> Vec<usize> {
        self.choices.iter().filter(|c| c.finish.is_none()).map(|c| c.index).collect()
    }

    pub fn is_done(&self) -> bool {
        self.choices.iter().all(|c| c.finish.is_some())
    }

    /// Draws the next token of choice `index` from `logits`.
    pub fn step(&mut self, index: usize, logits: &[f32], tok: &Tokenizer) -> StepOutcome {
        let Generation { request, prompt_ids, choices } = self;
        choices[index].step(logits, request, prompt_ids, tok)
    }

    /// The choices the response returns, best first when `best_of` ranks them: the `n`
    /// candidates with the highest mean token log probability under the model.
    pub fn returned(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.choices.len()).collect();
        if self.request.best_of.is_some_and(|b| b > self.request.n) {
            order.sort_by(|&a, &b| {
                self.choices[b].mean_raw_logprob().total_cmp(&self.choices[a].mean_raw_logprob()).then(a.cmp(&b))
            });
        }
        order.truncate(self.request.n);
        order
    }

    fn is_chat(&self) -> bool {
        matches!(self.request.prompt, Prompt::Messages(_))
    }

    fn logprobs_json(&self, steps: &[TokenStep], tok: &Tokenizer) -> Value {
        if !self.request.logprobs {
            return Value::Null;
        }
        let content: Vec<Value> = steps
            .iter()
            .map(|s| {
                let mut t = token_json(tok, s.token, s.logprob, s.raw_logprob);
                t["top_logprobs"] = s
                    .top
                    .iter()
                    .take(self.request.top_logprobs)
                    .map(|a| token_json(tok, a.token, a.logprob, a.raw_logprob))
                    .collect();
                t
            })
            .collect();
        json!({ "content": content })
    }

    /// The response object (chat completion, or text completion for a raw prompt).
    pub fn response(&self, tok: &Tokenizer, fingerprint: &str, created: u64) -> Value {
        let choices: Vec<Value> = self
            .returned()
            .into_iter()
            .enumerate()
            .map(|(i, c)| {
                let choice = &self.choices[c];
                let mut v = json!({
                    "index": i,
                    "finish_reason": choice.finish.map(FinishReason::as_str),
                    "logprobs": self.logprobs_json(&choice.steps, tok),
                });
                if self.is_chat() {
                    v["message"] = self.message(c);
                } else {
                    v["text"] = json!(choice.text());
                }
                v
            })
            .collect();
        let completion_tokens: usize = self.choices.iter().map(|c| c.steps.len()).sum();
        let candidates: Vec<Value> = self
            .choices
            .iter()
            .map(|c| {
                json!({
                    "candidate": c.index,
                    "seed": c.seed,
                    "mean_raw_logprob": json_logprob(c.mean_raw_logprob() as f32),
                    "returned": self.returned().contains(&c.index),
                    "stop": c.stop_cut.as_ref().map(|s| json!({ "string": s.stop, "at_byte": s.at })),
                    "grammar_error": c.grammar_error,
                })
            })
            .collect();
        json!({
            "id": format!("{}-samplescope-{}", if self.is_chat() { "chatcmpl" } else { "cmpl" }, self.request.seed),
            "object": if self.is_chat() { "chat.completion" } else { "text_completion" },
            "created": created,
            "model": MODEL_NAME,
            "system_fingerprint": fingerprint,
            "choices": choices,
            "usage": {
                "prompt_tokens": self.prompt_ids.len(),
                "completion_tokens": completion_tokens,
                "total_tokens": self.prompt_ids.len() + completion_tokens,
            },
            "x_samplescope": { "candidates": candidates, "order": order_to_string(&self.request.order) },
        })
    }

    /// One server-sent event's JSON for a streamed step of choice `index` (`first` adds the
    /// role, as the API's first chunk does).
    pub fn chunk(
        &self,
        index: usize,
        outcome: &StepOutcome,
        first: bool,
        tok: &Tokenizer,
        fingerprint: &str,
        created: u64,
    ) -> Value {
        let choice = &self.choices[index];
        let mut delta = json!({ "content": outcome.delta });
        if first && self.is_chat() {
            delta["role"] = json!("assistant");
        }
        // The calls arrive whole in the last chunk (the API streams them in pieces).
        if outcome.finish == Some(FinishReason::ToolCalls) {
            let calls: Vec<Value> = self
                .tool_calls(index)
                .into_iter()
                .enumerate()
                .map(|(i, c)| json!({ "index": i, "id": c.id, "type": c.kind, "function": c.function }))
                .collect();
            delta = json!({ "content": Value::Null, "tool_calls": calls });
        }
        let logprobs = self.logprobs_json(&choice.steps[choice.steps.len() - 1..], tok);
        json!({
            "id": format!("{}-samplescope-{}", if self.is_chat() { "chatcmpl" } else { "cmpl" }, self.request.seed),
            "object": if self.is_chat() { "chat.completion.chunk" } else { "text_completion" },
            "created": created,
            "model": MODEL_NAME,
            "system_fingerprint": fingerprint,
            "choices": [{
                "index": index,
                "delta": delta,
                "logprobs": logprobs,
                "finish_reason": outcome.finish.map(FinishReason::as_str),
            }],
        })
    }
}

/// Runs a whole generation natively: the prompt once, then each choice from a copy of its
/// cache, one token per choice per round. `on_step` sees every outcome (for streaming).
#[cfg(feature = "runtime")]
pub fn generate(
    model: &mut crate::model::Model,
    tok: &Tokenizer,
    generation: &mut Generation,
    mut on_step: impl FnMut(usize, &StepOutcome),
) -> anyhow::Result<()> {
    use crate::model::KvCache;
    let mut prompt_cache = KvCache::empty();
    let first = model.forward(&mut prompt_cache, &generation.prompt_ids)?;
    let n = generation.choices.len();
    let mut caches = vec![prompt_cache; n];
    let mut logits = vec![first; n];
    while !generation.is_done() {
        for i in generation.active() {
            let outcome = generation.step(i, &logits[i], tok);
            on_step(i, &outcome);
            if outcome.finish.is_none() {
                logits[i] = model.forward(&mut caches[i], &[outcome.token])?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn overlong_counts_each_piece_rounded_up() {
        let pieces = [chat::Piece::Markup("abcde".into()), chat::Piece::Text("ab".into())];
        // ceil(5/2) + ceil(2/2) = 4 tokens at least.
        assert_eq!(Overlong::of(&pieces, 2, 4), None);
        assert_eq!(Overlong::of(&pieces, 2, 3), Some(Overlong { bytes: 7, tokens_at_least: 4, longest: 2 }));
        assert_eq!(Overlong::of(&pieces, 0, 6), Some(Overlong { bytes: 7, tokens_at_least: 7, longest: 1 }));
    }

    #[test]
    fn fingerprint_changes_with_each_input() {
        let order = crate::sampling::OrderPreset::OpenAi.order();
        let a = fingerprint("abc", "engine 1", &order);
        assert!(a.starts_with("fp_") && a.len() == 13);
        assert_eq!(a, fingerprint("abc", "engine 1", &order));
        assert_ne!(a, fingerprint("abd", "engine 1", &order));
        assert_ne!(a, fingerprint("abc", "engine 2", &order));
        assert_ne!(a, fingerprint("abc", "engine 1", &order[1..]));
    }

    #[test]
    fn tract_version_matches_cargo_lock() {
        let lock = include_str!("../../Cargo.lock");
        let entry = format!("name = \"tract-onnx\"\nversion = \"{TRACT_VERSION}\"");
        assert!(lock.contains(&entry), "update TRACT_VERSION to the tract-onnx in Cargo.lock");
    }

    #[test]
    fn choice_seeds_are_distinct_and_the_first_is_the_request_seed() {
        assert_eq!(choice_seed(42, 0), 42);
        let seeds: std::collections::BTreeSet<u64> = (0..8).map(|i| choice_seed(42, i)).collect();
        assert_eq!(seeds.len(), 8);
    }
}
