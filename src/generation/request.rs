//! A chat-completions request, as the API names its fields, and its validation.

use serde_json::{Value, json};

use crate::model::CONTEXT;
use crate::sampling::{SamplingParams, StageKind};

use super::chat::Message;

/// The most choices / candidates the page generates at once.
pub const MAX_CHOICES: usize = 8;
pub const MAX_STOP: usize = 4;
pub const MAX_TOP_LOGPROBS: usize = 20;

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
        }
    }
}

/// A request field that cannot be used, with the allowed range.
#[derive(Clone, Debug, PartialEq)]
pub struct FieldError {
    pub param: &'static str,
    pub message: String,
}

impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.param, self.message)
    }
}

impl Request {
    /// Candidates to generate: `best_of`, or `n`.
    pub fn candidates(&self) -> usize {
        self.best_of.unwrap_or(self.n)
    }

    /// Every problem with the request (not just the first), so the page can mark each field.
    /// `prompt_tokens` is the length of the tokenised prompt.
    pub fn validate(&self, prompt_tokens: usize, vocab: usize) -> Vec<FieldError> {
        let mut errors = Vec::new();
        let mut err = |param: &'static str, message: String| errors.push(FieldError { param, message });
        match &self.prompt {
            Prompt::Messages(m) if m.is_empty() => err("messages", "add at least one message".into()),
            Prompt::Text(t) if t.is_empty() => err("prompt", "the prompt is empty".into()),
            _ => {}
        }
        if prompt_tokens >= CONTEXT {
            err(
                "messages",
                format!(
                    "the prompt has {prompt_tokens} tokens; the context holds {CONTEXT}, leaving no room to generate"
                ),
            );
        }
        if self.n < 1 || self.n > MAX_CHOICES {
            err("n", format!("n = {} must be between 1 and {MAX_CHOICES}", self.n));
        }
        if let Some(b) = self.best_of {
            if b < self.n || b > MAX_CHOICES {
                err("best_of", format!("best_of = {b} must be between n = {} and {MAX_CHOICES}", self.n));
            }
            if self.stream && b > self.n {
                err(
                    "best_of",
                    "best_of > n cannot stream: the best choices are only known once all candidates finish".into(),
                );
            }
        }
        if self.max_tokens < 1 {
            err("max_tokens", "max_tokens must be at least 1".into());
        }
        if self.top_logprobs > MAX_TOP_LOGPROBS {
            err(
                "top_logprobs",
                format!("top_logprobs = {} must be between 0 and {MAX_TOP_LOGPROBS}", self.top_logprobs),
            );
        }
        if self.top_logprobs > 0 && !self.logprobs {
            err("top_logprobs", "top_logprobs needs logprobs = true".into());
        }
        if self.stop.len() > MAX_STOP {
            err("stop", format!("{} stop strings given; at most {MAX_STOP}", self.stop.len()));
        }
        if self.stop.iter().any(String::is_empty) {
            err("stop", "stop strings cannot be empty".into());
        }
        if let Err(e) = self.sampling.validate(vocab) {
            err(e.param, format!("{} is outside {}", e.value, e.allowed));
        }
        errors
    }

    /// The equivalent OpenAI request body (chat completions, or completions for raw text).
    pub fn to_json(&self) -> Value {
        let p = &self.sampling;
        let mut body = serde_json::Map::new();
        body.insert("model".into(), json!("SmolLM2-135M-Instruct"));
        match &self.prompt {
            Prompt::Messages(m) => body.insert("messages".into(), json!(m)),
            Prompt::Text(t) => body.insert("prompt".into(), json!(t)),
        };
        let f = |x: f32| x.to_string().parse::<f64>().map(Value::from).unwrap_or(Value::Null);
        body.insert("temperature".into(), f(p.temperature));
        body.insert("top_p".into(), f(p.top_p));
        body.insert("frequency_penalty".into(), f(p.frequency_penalty));
        body.insert("presence_penalty".into(), f(p.presence_penalty));
        if !p.logit_bias.is_empty() {
            let bias: serde_json::Map<String, Value> =
                p.logit_bias.iter().map(|(id, b)| (id.to_string(), f(*b))).collect();
            body.insert("logit_bias".into(), Value::Object(bias));
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
        // Parameters the OpenAI API does not have, under the names other engines use.
        let mut extra = serde_json::Map::new();
        if p.top_k != 0 {
            extra.insert("top_k".into(), json!(p.top_k));
        }
        if p.min_p != 0.0 {
            extra.insert("min_p".into(), f(p.min_p));
        }
        if p.typical_p != 1.0 {
            extra.insert("typical_p".into(), f(p.typical_p));
        }
        if p.repetition_penalty != 1.0 {
            extra.insert("repetition_penalty".into(), f(p.repetition_penalty));
        }
        if !p.do_sample {
            extra.insert("do_sample".into(), json!(false));
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
        r.sampling.top_k = 40;
        r.stop = vec!["\n".into()];
        r.user = Some("alice".into());
        let body = r.to_json();
        assert_eq!(body["messages"][0]["role"], "user");
        assert_eq!(body["temperature"], 1.0);
        assert_eq!(body["stop"][0], "\n");
        assert_eq!(body["user"], "alice");
        assert_eq!(body["extra_body"]["top_k"], 40);
        assert!(body.get("top_logprobs").is_none());
    }
}
