//! Every control of the page, read from and written to the query string, so a link
//! reproduces the view. Bad values are clamped or replaced by defaults, each with a note the
//! page shows; parsing never fails.

use crate::generation::{Message, Prompt, Request, Role};
use crate::sampling::order::{order_to_string, parse_order};
use crate::sampling::params::range;
use crate::sampling::{OrderPreset, SamplingParams, StageKind};

pub const DEFAULT_PROMPT: &str = "The capital of France is";
pub const DEFAULT_BARS: usize = 20;
pub const BARS_RANGE: (usize, usize) = (5, 60);
pub const DEFAULT_MAX_TOKENS: usize = 64;
pub const MAX_TOKENS_RANGE: (usize, usize) = (1, 512);

/// Where the prompt comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PromptMode {
    /// The text as typed, no template.
    Raw,
    /// `messages`, rendered with the ChatML template.
    Chat,
}

/// Which panel the right-hand side shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Tab {
    /// The next-token distribution.
    Explorer,
    /// A whole chat-completions request.
    Api,
}

/// The request parameters of the API panel, kept as typed even when invalid (the panel
/// names the problem; nothing the user typed is lost).
#[derive(Clone, Debug, PartialEq)]
pub struct ApiSettings {
    pub stop: Vec<String>,
    pub n: usize,
    pub best_of: Option<usize>,
    pub logprobs: bool,
    pub top_logprobs: usize,
    pub stream: bool,
    pub user: String,
    /// Draw a fresh seed for every request instead of using `seed`.
    pub random_seed: bool,
}

impl Default for ApiSettings {
    fn default() -> Self {
        ApiSettings {
            stop: Vec::new(),
            n: 1,
            best_of: None,
            logprobs: true,
            top_logprobs: 5,
            stream: true,
            user: String::new(),
            random_seed: false,
        }
    }
}

pub fn default_messages() -> Vec<Message> {
    vec![Message::new(Role::User, "What is the capital of France?")]
}

/// The page's controls.
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    pub mode: PromptMode,
    pub prompt: String,
    pub messages: Vec<Message>,
    pub sampling: SamplingParams,
    pub order: Vec<StageKind>,
    pub seed: u64,
    /// Bars in the chart (the top N tokens).
    pub bars: usize,
    /// Tokens sampled so far in the explorer, after the prompt.
    pub completion: Vec<u32>,
    /// How many tokens "Generate" appends at most; the API panel's `max_tokens`.
    pub max_tokens: usize,
    pub api: ApiSettings,
    pub tab: Tab,
    /// A second stage order shown beside the first over the same logits.
    pub compare: Option<Vec<StageKind>>,
    /// Another converted model (`NAME.manifest.json`), for the format benchmarks.
    pub model: Option<String>,
}

impl Settings {
    /// The prompt as the model reads it (the chat template applied in chat mode).
    pub fn prompt_text(&self) -> String {
        crate::generation::prompt_text(&self.prompt_source())
    }

    pub fn prompt_source(&self) -> Prompt {
        match self.mode {
            PromptMode::Raw => Prompt::Text(self.prompt.clone()),
            PromptMode::Chat => Prompt::Messages(self.messages.clone()),
        }
    }

    /// The API panel's request with `seed`.
    pub fn request(&self, seed: u64) -> Request {
        let a = &self.api;
        Request {
            prompt: self.prompt_source(),
            sampling: self.sampling.clone(),
            order: self.order.clone(),
            max_tokens: self.max_tokens,
            stop: a.stop.clone(),
            n: a.n,
            best_of: a.best_of,
            logprobs: a.logprobs,
            top_logprobs: a.top_logprobs,
            seed,
            stream: a.stream,
            user: (!a.user.is_empty()).then(|| a.user.clone()),
        }
    }

    pub fn with_seed(seed: u64) -> Settings {
        Settings {
            mode: PromptMode::Raw,
            prompt: DEFAULT_PROMPT.to_string(),
            messages: default_messages(),
            sampling: SamplingParams::default(),
            order: OrderPreset::HuggingFace.order(),
            seed,
            bars: DEFAULT_BARS,
            completion: Vec::new(),
            max_tokens: DEFAULT_MAX_TOKENS,
            api: ApiSettings::default(),
            tab: Tab::Explorer,
            compare: None,
            model: None,
        }
    }
}

fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() && bytes[i + 1].is_ascii_hexdigit() && bytes[i + 2].is_ascii_hexdigit() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).expect("ascii");
                out.push(u8::from_str_radix(hex, 16).expect("hex digits"));
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(b as char),
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// `key=value` pairs of a query string (with or without the leading `?`), decoded.
pub fn pairs(query: &str) -> Vec<(String, String)> {
    query
        .trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|p| match p.split_once('=') {
            Some((k, v)) => (decode(k), decode(v)),
            None => (decode(p), String::new()),
        })
        .collect()
}

struct Reader {
    notes: Vec<String>,
}

impl Reader {
    fn flag(&mut self, key: &str, raw: &str, default: bool) -> bool {
        match raw {
            "1" | "true" => true,
            "0" | "false" => false,
            _ => {
                self.notes.push(format!("{key} = {raw:?} is not true/false; using {default}"));
                default
            }
        }
    }

    /// A whole number taken as typed (the API panel validates its range).
    fn whole(&mut self, key: &str, raw: &str, default: usize) -> usize {
        raw.trim().parse::<usize>().unwrap_or_else(|_| {
            self.notes.push(format!("{key} = {raw:?} is not a whole number ≥ 0; using {default}"));
            default
        })
    }

    fn float(&mut self, key: &str, raw: &str, (lo, hi): (f32, f32), default: f32) -> f32 {
        match raw.trim().parse::<f32>() {
            Ok(v) if v.is_finite() && (lo..=hi).contains(&v) => v,
            Ok(v) if v.is_finite() => {
                let clamped = v.clamp(lo, hi);
                self.notes.push(format!("{key} = {raw} is outside {lo}–{hi}; using {clamped}"));
                clamped
            }
            _ => {
                self.notes.push(format!("{key} = {raw:?} is not a number; using the default {default}"));
                default
            }
        }
    }

    fn int(&mut self, key: &str, raw: &str, (lo, hi): (usize, usize), default: usize) -> usize {
        match raw.trim().parse::<i64>() {
            Ok(v) if v >= lo as i64 && v <= hi as i64 => v as usize,
            Ok(v) => {
                let clamped = v.clamp(lo as i64, hi as i64) as usize;
                self.notes.push(format!("{key} = {raw} is outside {lo}–{hi}; using {clamped}"));
                clamped
            }
            Err(_) => {
                self.notes.push(format!("{key} = {raw:?} is not a whole number; using the default {default}"));
                default
            }
        }
    }
}

/// Reads settings from a query string; `fallback_seed` is used when the link has no seed.
/// Returns the settings and one note per value that had to be changed.
pub fn parse(query: &str, fallback_seed: u64, vocab: usize) -> (Settings, Vec<String>) {
    let mut s = Settings::with_seed(fallback_seed);
    let mut r = Reader { notes: Vec::new() };
    let d = SamplingParams::default();
    for (key, raw) in pairs(query) {
        let p = &mut s.sampling;
        match key.as_str() {
            "prompt" => s.prompt = raw,
            "mode" => match raw.as_str() {
                "raw" => s.mode = PromptMode::Raw,
                "chat" => s.mode = PromptMode::Chat,
                _ => r.notes.push(format!("mode = {raw:?} is not raw or chat; using raw")),
            },
            "messages" => match serde_json::from_str::<Vec<Message>>(&raw) {
                Ok(m) => s.messages = m,
                Err(e) => {
                    r.notes.push(format!("messages is not a JSON list of {{role, content}} ({e}); using the default"))
                }
            },
            "tab" => match raw.as_str() {
                "explorer" => s.tab = Tab::Explorer,
                "api" => s.tab = Tab::Api,
                _ => r.notes.push(format!("tab = {raw:?} is not explorer or api")),
            },
            "stop" => s.api.stop.push(raw),
            "model" => {
                if !raw.is_empty() && raw.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
                    s.model = Some(raw);
                } else {
                    r.notes.push(format!("model = {raw:?} is not a model name; using the default"));
                }
            }
            "n" => s.api.n = r.whole("n", &raw, s.api.n),
            "best_of" => s.api.best_of = Some(r.whole("best_of", &raw, 1)),
            "logprobs" => s.api.logprobs = r.flag("logprobs", &raw, true),
            "top_logprobs" => s.api.top_logprobs = r.whole("top_logprobs", &raw, s.api.top_logprobs),
            "stream" => s.api.stream = r.flag("stream", &raw, true),
            "user" => s.api.user = raw,
            "random_seed" => s.api.random_seed = r.flag("random_seed", &raw, false),
            "temperature" => p.temperature = r.float("temperature", &raw, range::TEMPERATURE, d.temperature),
            "top_k" => p.top_k = r.int("top_k", &raw, range::TOP_K, d.top_k),
            "top_p" => p.top_p = r.float("top_p", &raw, range::TOP_P, d.top_p),
            "min_p" => p.min_p = r.float("min_p", &raw, range::MIN_P, d.min_p),
            "typical_p" => p.typical_p = r.float("typical_p", &raw, range::TYPICAL_P, d.typical_p),
            "repetition_penalty" => {
                p.repetition_penalty =
                    r.float("repetition_penalty", &raw, range::REPETITION_PENALTY, d.repetition_penalty)
            }
            "frequency_penalty" => {
                p.frequency_penalty = r.float("frequency_penalty", &raw, range::FREQUENCY_PENALTY, d.frequency_penalty)
            }
            "presence_penalty" => {
                p.presence_penalty = r.float("presence_penalty", &raw, range::PRESENCE_PENALTY, d.presence_penalty)
            }
            "do_sample" => p.do_sample = r.flag("do_sample", &raw, true),
            "logit_bias" => {
                p.logit_bias.clear();
                for item in raw.split(',').filter(|i| !i.trim().is_empty()) {
                    let parsed = item
                        .split_once(':')
                        .and_then(|(id, b)| Some((id.trim().parse::<u32>().ok()?, b.trim().parse::<f32>().ok()?)));
                    match parsed {
                        Some((id, _)) if id as usize >= vocab => {
                            r.notes.push(format!("logit_bias: token {id} is outside the vocabulary; ignored"))
                        }
                        Some((id, b)) if b.is_finite() => {
                            let (lo, hi) = range::LOGIT_BIAS;
                            if !(lo..=hi).contains(&b) {
                                r.notes.push(format!("logit_bias for token {id} = {b} is outside −100–100; clamped"));
                            }
                            p.logit_bias.push((id, b.clamp(lo, hi)));
                        }
                        _ => r.notes.push(format!("logit_bias entry {item:?} is not id:bias; ignored")),
                    }
                }
            }
            "compare" => match OrderPreset::from_key(&raw) {
                Some(preset) => s.compare = Some(preset.order()),
                None => match parse_order(&raw) {
                    Ok(order) => s.compare = Some(order),
                    Err(e) => r.notes.push(format!("compare: {e}; comparison off")),
                },
            },
            "order" => match OrderPreset::from_key(&raw) {
                Some(preset) => s.order = preset.order(),
                None => match parse_order(&raw) {
                    Ok(order) => s.order = order,
                    Err(e) => r.notes.push(format!("order: {e}; using the Hugging Face order")),
                },
            },
            "seed" => match raw.trim().parse::<u64>() {
                Ok(seed) => s.seed = seed,
                Err(_) => r.notes.push(format!("seed = {raw:?} is not a whole number ≥ 0; using {fallback_seed}")),
            },
            "bars" => s.bars = r.int("bars", &raw, BARS_RANGE, DEFAULT_BARS),
            "max_tokens" => s.max_tokens = r.int("max_tokens", &raw, MAX_TOKENS_RANGE, DEFAULT_MAX_TOKENS),
            "completion" => {
                let ids: Result<Vec<u32>, _> =
                    raw.split(',').filter(|t| !t.is_empty()).map(|t| t.trim().parse::<u32>()).collect();
                match ids {
                    Ok(ids) if ids.iter().all(|&i| (i as usize) < vocab) => s.completion = ids,
                    _ => r.notes.push("completion is not a list of token ids; dropped".to_string()),
                }
            }
            _ => {}
        }
    }
    (s, r.notes)
}

/// The query string (with `?`) for `s`, listing only what differs from the defaults, except
/// the prompt and the seed, which are always written so a link pins them.
pub fn to_query(s: &Settings) -> String {
    let d = SamplingParams::default();
    let p = &s.sampling;
    let mut q: Vec<(String, String)> = Vec::new();
    if s.tab == Tab::Api {
        q.push(("tab".into(), "api".into()));
    }
    // Both prompts are kept, so switching modes after reloading a link loses nothing.
    if s.mode == PromptMode::Chat {
        q.push(("mode".into(), "chat".into()));
    }
    q.push(("prompt".into(), s.prompt.clone()));
    if s.messages != default_messages() {
        q.push(("messages".into(), serde_json::to_string(&s.messages).expect("messages serialise")));
    }
    let mut float = |k: &str, v: f32, dv: f32| {
        if v != dv {
            q.push((k.into(), format!("{v}")));
        }
    };
    float("temperature", p.temperature, d.temperature);
    float("top_p", p.top_p, d.top_p);
    float("min_p", p.min_p, d.min_p);
    float("typical_p", p.typical_p, d.typical_p);
    float("repetition_penalty", p.repetition_penalty, d.repetition_penalty);
    float("frequency_penalty", p.frequency_penalty, d.frequency_penalty);
    float("presence_penalty", p.presence_penalty, d.presence_penalty);
    if p.top_k != d.top_k {
        q.push(("top_k".into(), p.top_k.to_string()));
    }
    if !p.do_sample {
        q.push(("do_sample".into(), "false".into()));
    }
    if !p.logit_bias.is_empty() {
        let items: Vec<String> = p.logit_bias.iter().map(|(id, b)| format!("{id}:{b}")).collect();
        q.push(("logit_bias".into(), items.join(",")));
    }
    if s.order != OrderPreset::HuggingFace.order() {
        let order =
            OrderPreset::matching(&s.order).map(|p| p.key().to_string()).unwrap_or_else(|| order_to_string(&s.order));
        q.push(("order".into(), order));
    }
    if let Some(other) = &s.compare {
        let key = OrderPreset::matching(other).map(|p| p.key().to_string()).unwrap_or_else(|| order_to_string(other));
        q.push(("compare".into(), key));
    }
    if let Some(m) = &s.model {
        q.push(("model".into(), m.clone()));
    }
    q.push(("seed".into(), s.seed.to_string()));
    if s.bars != DEFAULT_BARS {
        q.push(("bars".into(), s.bars.to_string()));
    }
    if s.max_tokens != DEFAULT_MAX_TOKENS {
        q.push(("max_tokens".into(), s.max_tokens.to_string()));
    }
    if !s.completion.is_empty() {
        let ids: Vec<String> = s.completion.iter().map(u32::to_string).collect();
        q.push(("completion".into(), ids.join(",")));
    }
    let a = &s.api;
    let d = ApiSettings::default();
    for stop in &a.stop {
        q.push(("stop".into(), stop.clone()));
    }
    if a.n != d.n {
        q.push(("n".into(), a.n.to_string()));
    }
    if let Some(b) = a.best_of {
        q.push(("best_of".into(), b.to_string()));
    }
    if a.logprobs != d.logprobs {
        q.push(("logprobs".into(), a.logprobs.to_string()));
    }
    if a.top_logprobs != d.top_logprobs {
        q.push(("top_logprobs".into(), a.top_logprobs.to_string()));
    }
    if a.stream != d.stream {
        q.push(("stream".into(), a.stream.to_string()));
    }
    if !a.user.is_empty() {
        q.push(("user".into(), a.user.clone()));
    }
    if a.random_seed {
        q.push(("random_seed".into(), "true".into()));
    }
    let body: Vec<String> = q.iter().map(|(k, v)| format!("{}={}", encode(k), encode(v))).collect();
    format!("?{}", body.join("&"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_every_control() {
        let mut s = Settings::with_seed(7);
        s.prompt = "Ünïcode & spaces = fine?".into();
        s.sampling.temperature = 0.7;
        s.sampling.top_k = 40;
        s.sampling.top_p = 0.9;
        s.sampling.min_p = 0.05;
        s.sampling.typical_p = 0.8;
        s.sampling.repetition_penalty = 1.2;
        s.sampling.frequency_penalty = -0.5;
        s.sampling.presence_penalty = 1.5;
        s.sampling.logit_bias = vec![(7042, -100.0), (260, 2.5)];
        s.sampling.do_sample = false;
        s.order = OrderPreset::LlamaCpp.order();
        s.bars = 33;
        s.completion = vec![1, 2, 3];
        s.max_tokens = 100;
        s.mode = PromptMode::Chat;
        s.messages = vec![Message::new(Role::System, "Be brief & kind."), Message::new(Role::User, "Hi=there?\n")];
        s.tab = Tab::Api;
        s.compare = Some(OrderPreset::Vllm.order());
        s.model = Some("model-f16".into());
        s.api = ApiSettings {
            stop: vec!["\n\n".into(), "END".into()],
            n: 3,
            best_of: Some(5),
            logprobs: false,
            top_logprobs: 0,
            stream: false,
            user: "alice".into(),
            random_seed: true,
        };
        let (back, notes) = parse(&to_query(&s), 99, 49152);
        assert_eq!(notes, Vec::<String>::new());
        assert_eq!(back, s);
    }

    #[test]
    fn api_values_are_kept_as_typed_for_the_panel_to_judge() {
        let (s, notes) = parse("n=0&best_of=99&top_logprobs=50&stop=a&stop=b&stop=c&stop=d&stop=e", 1, 10);
        assert!(notes.is_empty(), "{notes:?}");
        assert_eq!((s.api.n, s.api.best_of, s.api.top_logprobs, s.api.stop.len()), (0, Some(99), 50, 5));
        let (_, notes) = parse("n=two&messages=notjson&logprobs=maybe", 1, 10);
        assert_eq!(notes.len(), 3, "{notes:?}");
    }

    #[test]
    fn the_request_follows_the_panel() {
        let mut s = Settings::with_seed(3);
        s.mode = PromptMode::Chat;
        s.api.stop = vec!["\n".into()];
        s.api.user = String::new();
        let r = s.request(99);
        assert_eq!(r.seed, 99);
        assert_eq!(r.prompt, Prompt::Messages(default_messages()));
        assert_eq!(r.user, None);
        assert!(s.prompt_text().ends_with("<|im_start|>assistant\n"));
    }

    #[test]
    fn custom_order_is_written_as_stage_keys() {
        let mut s = Settings::with_seed(1);
        s.order = vec![StageKind::TopP, StageKind::Temperature];
        assert!(to_query(&s).contains("order=top_p%2Ctemperature"));
        assert_eq!(parse(&to_query(&s), 1, 10).0.order, s.order);
    }

    #[test]
    fn bad_values_are_clamped_with_a_note() {
        let (s, notes) = parse("?temperature=5&top_k=-3&top_p=abc&bars=1000&seed=x&order=nope", 11, 49152);
        assert_eq!(s.sampling.temperature, 2.0);
        assert_eq!(s.sampling.top_k, 0);
        assert_eq!(s.sampling.top_p, 1.0);
        assert_eq!(s.bars, BARS_RANGE.1);
        assert_eq!(s.seed, 11);
        assert_eq!(s.order, OrderPreset::HuggingFace.order());
        assert_eq!(notes.len(), 6, "{notes:?}");
        assert!(notes[0].contains("temperature = 5 is outside 0–2; using 2"));
    }

    #[test]
    fn missing_values_keep_defaults_and_plus_is_space() {
        let (s, notes) = parse("prompt=Hello+world%21", 5, 49152);
        assert!(notes.is_empty());
        assert_eq!(s.prompt, "Hello world!");
        assert_eq!(s.sampling, SamplingParams::default());
        assert_eq!(s.seed, 5);
        assert_eq!(parse("?prompt=%E2%82%AC%2", 5, 10).0.prompt, "€%2");
    }

    #[test]
    fn logit_bias_rejects_out_of_vocabulary_and_clamps() {
        let (s, notes) = parse("logit_bias=5:200,99999:1,x", 1, 49152);
        assert_eq!(s.sampling.logit_bias, vec![(5, 100.0)]);
        assert_eq!(notes.len(), 3);
    }
}
