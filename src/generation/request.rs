//! A chat-completions request, as the API names its fields, and its validation.

use serde_json::{Value, json};

use crate::i18n::Text;
use crate::model::CONTEXT;
use crate::msg;
use crate::sampling::{Api, ParamKind, SamplingParams, StageKind, ValueProblem};

use super::chat::Message;
use crate::structured::{Problem, Structured};

/// The most choices / candidates the page generates at once.
pub const MAX_CHOICES: usize = 8;
pub const MAX_STOP: usize = 4;
pub const MAX_TOP_LOGPROBS: usize = 20;
/// Completion tokens per choice: the one range of `max_tokens` (link, slider, validation).
pub const MAX_TOKENS: (usize, usize) = (1, 512);

/// What the model continues.
#[derive(Clone, Debug, PartialEq)]
pub enum Prompt {
    /// Raw text, no template.
    Text(String),
    /// A conversation rendered with the ChatML template.
    Messages(Vec<Message>),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Request {
    pub prompt: Prompt,
    pub sampling: SamplingParams,
    /// The sampler's stage order (samplescope's extension; the API's is fixed).
    pub order: Vec<StageKind>,
    /// Completion tokens per choice; generation also stops at the context limit.
    pub max_tokens: usize,
    pub stop: Vec<String>,
    pub n: usize,
    /// Candidates generated to return the best `n`; `None` = n.
    pub best_of: Option<usize>,
    pub logprobs: bool,
    pub top_logprobs: usize,
    pub seed: u64,
    pub stream: bool,
    pub user: Option<String>,
    /// `response_format`, `tools`, `tool_choice`, `parallel_tool_calls`.
    pub structured: Structured,
    /// Where the grammar's mask applies (samplescope's extension).
    pub mask: MaskPlacement,
}

/// Where a structured output's mask sits in the sampler.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum MaskPlacement {
    /// Before every other stage, on the raw logits (Hugging Face, vLLM).
    #[default]
    First,
    /// llama.cpp's way: sample without it; only when the grammar rejects the token, apply
    /// the mask first and sample again with a new random number.
    Resample,
}

impl MaskPlacement {
    pub const ALL: [MaskPlacement; 2] = [MaskPlacement::First, MaskPlacement::Resample];

    /// The link's and the request body's word.
    pub fn key(self) -> &'static str {
        match self {
            MaskPlacement::First => "first",
            MaskPlacement::Resample => "resample",
        }
    }

    pub fn from_key(key: &str) -> Option<MaskPlacement> {
        MaskPlacement::ALL.into_iter().find(|m| m.key() == key)
    }
}

impl Default for Request {
    fn default() -> Self {
        Request {
            prompt: Prompt::Text(String::new()),
            sampling: SamplingParams::default(),
            order: crate::sampling::OrderPreset::OpenAi.order(),
            max_tokens: 64,
            stop: Vec::new(),
            n: 1,
            best_of: None,
            logprobs: false,
            top_logprobs: 0,
            seed: 0,
            stream: true,
            user: None,
            structured: Structured::default(),
            mask: MaskPlacement::default(),
        }
    }
}

/// A request field that cannot be used, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldError {
    pub param: &'static str,
    pub problem: FieldProblem,
}

#[derive(Clone, Debug, PartialEq)]
pub enum FieldProblem {
    NoMessages,
    EmptyPrompt,
    PromptFillsContext {
        tokens: usize,
    },
    /// Too long to tokenise at all.
    PromptOverlong(super::Overlong),
    /// `param = value` must be between `min` and `max`.
    Range {
        value: usize,
        min: usize,
        max: usize,
    },
    BestOfBelowN {
        value: usize,
        n: usize,
    },
    BestOfStream,
    NeedsLogprobs,
    TooManyStops {
        given: usize,
    },
    EmptyStop,
    /// What was typed is not a whole number.
    NotWhole {
        raw: String,
    },
    /// A sampling parameter (its value as the link writes it).
    Value {
        value: String,
        problem: ValueProblem,
    },
    /// `response_format`, `tools` or `tool_choice`.
    Format(Problem),
}

impl FieldError {
    pub fn new(param: &'static str, problem: FieldProblem) -> FieldError {
        FieldError { param, problem }
    }

    /// The message the page shows, in the reader's language.
    pub fn text(&self) -> Text {
        let key = self.param;
        let t = |id: &'static str| Text::new(id).arg("key", key);
        match &self.problem {
            FieldProblem::NoMessages => t(msg!("field-no-messages")),
            FieldProblem::EmptyPrompt => t(msg!("field-empty-prompt")),
            FieldProblem::PromptFillsContext { tokens } => {
                t(msg!("field-prompt-fills-context")).arg("tokens", *tokens).arg("context", CONTEXT)
            }
            FieldProblem::PromptOverlong(overlong) => t(msg!("field-prompt-overlong")).arg("problem", overlong.text()),
            FieldProblem::Range { value, min, max } => t(msg!("field-range"))
                .arg("value", value.to_string())
                .arg("min", min.to_string())
                .arg("max", max.to_string()),
            FieldProblem::BestOfBelowN { value, n } => t(msg!("field-best-of-below-n"))
                .arg("value", value.to_string())
                .arg("n", n.to_string())
                .arg("max", MAX_CHOICES.to_string()),
            FieldProblem::BestOfStream => t(msg!("field-best-of-stream")),
            FieldProblem::NeedsLogprobs => t(msg!("field-needs-logprobs")),
            FieldProblem::TooManyStops { given } => {
                t(msg!("field-too-many-stops")).arg("given", *given).arg("max", MAX_STOP)
            }
            FieldProblem::EmptyStop => t(msg!("field-empty-stop")),
            FieldProblem::NotWhole { raw } => t(msg!("field-not-whole")).arg("raw", raw.as_str()),
            FieldProblem::Value { value, problem } => problem.text(key, value),
            FieldProblem::Format(problem) => problem.text(key),
        }
    }
}

impl Request {
    /// Candidates to generate: `best_of`, or `n`.
    pub fn candidates(&self) -> usize {
        self.best_of.unwrap_or(self.n)
    }

    /// The order the sampler runs: with a structured output, the grammar first (in
    /// [`MaskPlacement::Resample`] only for the second draw).
    pub fn masked_order(&self) -> Vec<StageKind> {
        let rest = self.order.iter().copied().filter(|s| *s != StageKind::Grammar);
        if self.structured.is_active() {
            std::iter::once(StageKind::Grammar).chain(rest).collect()
        } else {
            rest.collect()
        }
    }

    /// Every problem with the request (not just the first), so the page can mark each field.
    /// `prompt_tokens` is the length of the tokenised prompt.
    pub fn validate(&self, prompt_tokens: usize, vocab: usize) -> Vec<FieldError> {
        use FieldProblem::*;
        let mut errors = Vec::new();
        let mut err = |param: &'static str, problem: FieldProblem| errors.push(FieldError::new(param, problem));
        match &self.prompt {
            Prompt::Messages(m) if m.is_empty() => err("messages", NoMessages),
            Prompt::Text(t) if t.is_empty() => err("prompt", EmptyPrompt),
            _ => {}
        }
        if prompt_tokens >= CONTEXT {
            let param = if matches!(self.prompt, Prompt::Messages(_)) { "messages" } else { "prompt" };
            err(param, PromptFillsContext { tokens: prompt_tokens });
        }
        if self.n < 1 || self.n > MAX_CHOICES {
            err("n", Range { value: self.n, min: 1, max: MAX_CHOICES });
        }
        if let Some(b) = self.best_of {
            if b < self.n || b > MAX_CHOICES {
                err("best_of", BestOfBelowN { value: b, n: self.n });
            }
            if self.stream && b > self.n {
                err("best_of", BestOfStream);
            }
        }
        if !(MAX_TOKENS.0..=MAX_TOKENS.1).contains(&self.max_tokens) {
            err("max_tokens", Range { value: self.max_tokens, min: MAX_TOKENS.0, max: MAX_TOKENS.1 });
        }
        if self.top_logprobs > MAX_TOP_LOGPROBS {
            err("top_logprobs", Range { value: self.top_logprobs, min: 0, max: MAX_TOP_LOGPROBS });
        }
        if self.top_logprobs > 0 && !self.logprobs {
            err("top_logprobs", NeedsLogprobs);
        }
        if self.stop.len() > MAX_STOP {
            err("stop", TooManyStops { given: self.stop.len() });
        }
        if self.stop.iter().any(String::is_empty) {
            err("stop", EmptyStop);
        }
        for e in self.sampling.validate(vocab) {
            err(e.param, Value { value: e.value, problem: e.problem });
        }
        errors
    }

    /// The equivalent OpenAI request body (chat completions, or completions for raw text).
    /// Sampling parameters follow their declarations: the OpenAI ones at the top level, the
    /// others under `extra_body`, by the names other engines use, when not at their default.
    pub fn to_json(&self) -> Value {
        let mut body = serde_json::Map::new();
        body.insert("model".into(), json!(super::MODEL_NAME));
        match &self.prompt {
            Prompt::Messages(m) => body.insert("messages".into(), json!(m)),
            Prompt::Text(t) => body.insert("prompt".into(), json!(t)),
        };
        let mut extra = serde_json::Map::new();
        for p in SamplingParams::params() {
            let changed = (p.get)(&self.sampling) != p.default_value();
            match p.api {
                Api::OpenAi if changed || matches!(p.kind, ParamKind::Number(_)) => {
                    body.insert(p.key.into(), p.json(&self.sampling));
                }
                Api::Extra if changed => {
                    extra.insert(p.key.into(), p.json(&self.sampling));
                }
                _ => {}
            }
        }
        body.insert("max_tokens".into(), json!(self.max_tokens));
        if !self.stop.is_empty() {
            body.insert("stop".into(), json!(self.stop));
        }
        body.insert("n".into(), json!(self.n));
        if let Some(b) = self.best_of {
            body.insert("best_of".into(), json!(b));
        }
        body.insert("logprobs".into(), json!(self.logprobs));
        if self.logprobs {
            body.insert("top_logprobs".into(), json!(self.top_logprobs));
        }
        body.insert("seed".into(), json!(self.seed));
        body.insert("stream".into(), json!(self.stream));
        if let Some(u) = &self.user {
            body.insert("user".into(), json!(u));
        }
        self.structured.to_json(&mut body);
        if self.structured.is_active() && self.mask != MaskPlacement::default() {
            extra.insert("grammar_mask".into(), json!(self.mask.key()));
        }
        if !extra.is_empty() {
            body.insert("extra_body".into(), Value::Object(extra));
        }
        Value::Object(body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generation::chat::{Message, Role};

    fn messages(r: &Request, prompt_tokens: usize) -> Vec<String> {
        r.validate(prompt_tokens, 49152).iter().map(|e| e.text().render(crate::i18n::Lang::En)).collect()
    }

    fn errors(r: &Request, prompt_tokens: usize) -> Vec<&'static str> {
        r.validate(prompt_tokens, 49152).iter().map(|e| e.param).collect()
    }

    fn chat() -> Request {
        Request { prompt: Prompt::Messages(vec![Message::new(Role::User, "Hi")]), stream: false, ..Request::default() }
    }

    #[test]
    fn a_plain_request_is_valid() {
        assert!(errors(&chat(), 20).is_empty());
    }

    #[test]
    fn every_bad_field_is_named() {
        let r = Request {
            prompt: Prompt::Messages(vec![]),
            n: 0,
            best_of: Some(9),
            top_logprobs: 21,
            stop: vec!["a".into(), "b".into(), "c".into(), "d".into(), "e".into()],
            max_tokens: 0,
            ..chat()
        };
        assert_eq!(
            errors(&r, 20),
            vec!["messages", "n", "best_of", "max_tokens", "top_logprobs", "top_logprobs", "stop"]
        );
        assert_eq!(
            messages(&r, 20),
            vec![
                "messages: add at least one message",
                "n = 0 must be between 1 and 8",
                "best_of = 9 must be between n = 0 and 8",
                "max_tokens = 0 must be between 1 and 512",
                "top_logprobs = 21 must be between 0 and 20",
                "top_logprobs needs logprobs = true",
                "5 stop strings given; at most 4",
            ]
        );
        let mut hot = chat();
        hot.sampling.temperature.t = 3.0;
        assert_eq!(messages(&hot, 5), vec!["temperature = 3 is outside 0–2"]);
    }

    #[test]
    fn best_of_must_cover_n_and_cannot_stream() {
        let r = Request { n: 3, best_of: Some(2), ..chat() };
        assert_eq!(errors(&r, 5), vec!["best_of"]);
        let r = Request { n: 1, best_of: Some(3), stream: true, ..chat() };
        assert_eq!(errors(&r, 5), vec!["best_of"]);
        let r = Request { n: 2, best_of: Some(2), stream: true, ..chat() };
        assert!(errors(&r, 5).is_empty());
    }

    #[test]
    fn a_prompt_that_fills_the_context_is_rejected() {
        assert_eq!(errors(&chat(), CONTEXT), vec!["messages"]);
    }

    #[test]
    fn request_body_uses_the_api_names() {
        let mut r = chat();
        r.sampling.top_k.k = 40;
        r.stop = vec!["\n".into()];
        r.user = Some("alice".into());
        let body = r.to_json();
        assert_eq!(body["messages"][0]["role"], "user");
        assert_eq!(body["temperature"], 1.0);
        assert_eq!(body["stop"][0], "\n");
        assert_eq!(body["user"], "alice");
        assert_eq!(body["extra_body"]["top_k"], 40);
        assert!(body.get("top_logprobs").is_none());
        assert!(body.get("logit_bias").is_none(), "logit_bias is written only when set");
        r.sampling.top_p.p = 0.9;
        r.sampling.logit_bias.biases = vec![(7042, -100.0)];
        r.sampling.draw.do_sample = false;
        let body = r.to_json();
        assert_eq!(body["top_p"], 0.9, "an f32 parameter as the decimal the user set");
        assert_eq!(body["logit_bias"]["7042"], -100.0);
        assert_eq!(body["extra_body"]["do_sample"], false);
        assert!(body["extra_body"].get("min_p").is_none(), "neutral extras are left out");
    }
}
