//! The page's controls as one value: what a link reproduces (see `query` for the codec).

use crate::generation::{FieldError, FieldProblem, MaskPlacement, Message, Prompt, Request, Role};
use crate::i18n::Lang;
use crate::sampling::{OrderPreset, SamplingParams, StageKind};
use crate::structured::spec::read_json;
use crate::structured::{ResponseFormat, Structured, Tool, ToolChoice};

pub const DEFAULT_PROMPT: &str = "The capital of France is";
pub const DEFAULT_BARS: usize = 20;
/// Rows of the chart: one range for the link and the slider.
pub const BARS_RANGE: (usize, usize) = (5, 60);
pub const DEFAULT_MAX_TOKENS: usize = 64;
/// `max_tokens`: one range for the link, the slider and the request's validation.
pub use crate::generation::request::MAX_TOKENS;

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

/// The colour theme; the page follows the system's unless the reader picks one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Theme {
    Light,
    Dark,
}

impl Theme {
    pub fn code(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }
}

/// What the chart's bar lengths are measured against.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Scale {
    /// The longest bar fills the track: small differences stay visible.
    #[default]
    Fit,
    /// The track is 0–100 %: two views can be compared by eye.
    Fixed,
}

/// Which distribution the chart shows. A stage is named, not numbered, so the selection
/// follows its card when the order changes, and a link can point at "the output of top-p".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Shown {
    /// What the draw picks from.
    #[default]
    Final,
    /// The model's softmax, before any stage.
    Raw,
    Stage(StageKind),
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
    /// `response_format`, `tools` and `tool_choice` as typed (JSON text; empty = not set).
    pub response_format: String,
    pub tools: String,
    pub tool_choice: String,
    pub parallel_tool_calls: bool,
    /// Where the grammar's mask applies.
    pub mask: MaskPlacement,
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
            response_format: String::new(),
            tools: String::new(),
            tool_choice: String::new(),
            parallel_tool_calls: true,
            mask: MaskPlacement::default(),
        }
    }
}

impl ApiSettings {
    /// The structured-output fields as parsed, or what is wrong with each.
    pub fn structured(&self) -> Result<Structured, Vec<FieldError>> {
        let mut errors = Vec::new();
        let mut field =
            |param: &'static str, problem| errors.push(FieldError { param, problem: FieldProblem::Format(problem) });
        let format = match read_json(&self.response_format) {
            Ok(None) => ResponseFormat::Text,
            Ok(Some(v)) => ResponseFormat::parse(&v).unwrap_or_else(|p| {
                field("response_format", p);
                ResponseFormat::Text
            }),
            Err(p) => {
                field("response_format", p);
                ResponseFormat::Text
            }
        };
        let tools = match read_json(&self.tools) {
            Ok(None) => Some(Vec::new()),
            Ok(Some(v)) => Tool::parse_list(&v).map_err(|p| field("tools", p)).ok(),
            Err(p) => {
                field("tools", p);
                None
            }
        };
        let choice = match &tools {
            Some(tools) => ToolChoice::parse(&self.tool_choice, tools).map_err(|p| field("tool_choice", p)).ok(),
            None => None,
        };
        match (tools, choice) {
            (Some(tools), Some(choice)) if errors.is_empty() => {
                Ok(Structured { format, tools, choice, parallel_tool_calls: self.parallel_tool_calls })
            }
            _ => Err(errors),
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
    /// The reader's choice of language; `None` follows the browser's.
    pub lang: Option<Lang>,
    /// The reader's choice of theme; `None` follows the system's.
    pub theme: Option<Theme>,
    pub scale: Scale,
    pub shown: Shown,
    /// The parameter whose explanation is open (one of `lessons::EXPLAINED`).
    pub explain: Option<&'static str>,
    /// The guided tour's open chapter.
    pub tour: Option<usize>,
    /// The page is a compact widget for this key (`embed::target`), not the whole tool.
    pub embed: Option<String>,
    /// An embed's prompt can be edited (otherwise it is shown, not changed).
    pub edit: bool,
}

/// SmolLM2-135M-Instruct's model card generates with these; at the engines' default T = 1 the
/// small model wanders off topic within a few tokens.
pub const CHAT_TEMPERATURE: f32 = 0.2;
pub const CHAT_TOP_P: f32 = 0.9;

/// The sampling defaults for a prompt mode: the engines' neutral values for raw text, the
/// model's recommended settings for chat.
pub fn sampling_defaults(mode: PromptMode) -> SamplingParams {
    let mut p = SamplingParams::default();
    if mode == PromptMode::Chat {
        p.temperature.t = CHAT_TEMPERATURE;
        p.top_p.p = CHAT_TOP_P;
    }
    p
}

impl Settings {
    /// With a structured output the grammar stage leads the order (where Hugging Face and
    /// vLLM apply it), so its card shows; without one it leaves.
    pub fn place_grammar(&mut self) {
        if self.grammar_misplaced() {
            let active = self.api.structured().is_ok_and(|s| s.is_active());
            self.order.retain(|k| *k != StageKind::Grammar);
            if active {
                self.order.insert(0, StageKind::Grammar);
            }
        }
    }

    pub fn grammar_misplaced(&self) -> bool {
        let active = self.api.structured().is_ok_and(|s| s.is_active());
        let placed = self.order.first() == Some(&StageKind::Grammar);
        active != placed || self.order.iter().skip(1).any(|k| *k == StageKind::Grammar)
    }

    /// The prompt as the model reads it (the chat template applied in chat mode).
    pub fn prompt_text(&self) -> String {
        self.prompt_pieces().iter().map(crate::generation::chat::Piece::as_str).collect()
    }

    /// What the model reads, with message text apart from the template's control tokens.
    pub fn prompt_pieces(&self) -> Vec<crate::generation::chat::Piece> {
        let tools = self.api.structured().map(|s| s.tools).unwrap_or_default();
        crate::generation::prompt_pieces(&self.prompt_source(), &tools)
    }

    pub fn prompt_source(&self) -> Prompt {
        match self.mode {
            PromptMode::Raw => Prompt::Text(self.prompt.clone()),
            PromptMode::Chat => Prompt::Messages(self.messages.clone()),
        }
    }

    /// Switches the prompt mode; sampling still at the old mode's defaults moves to the new
    /// mode's, anything the reader set is kept.
    pub fn set_mode(&mut self, mode: PromptMode) {
        if self.sampling == sampling_defaults(self.mode) {
            self.sampling = sampling_defaults(mode);
        }
        self.mode = mode;
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
            structured: a.structured().unwrap_or_default(),
            mask: a.mask,
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
            lang: None,
            theme: None,
            scale: Scale::Fit,
            shown: Shown::Final,
            explain: None,
            tour: None,
            embed: None,
            edit: false,
        }
    }
}

const _: () = assert!(DEFAULT_MAX_TOKENS >= MAX_TOKENS.0 && DEFAULT_MAX_TOKENS <= MAX_TOKENS.1);

#[cfg(test)]
mod tests {
    use super::*;

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
    fn switching_mode_moves_only_untouched_defaults() {
        let mut s = Settings::with_seed(1);
        s.set_mode(PromptMode::Chat);
        assert_eq!((s.sampling.temperature.t, s.sampling.top_p.p), (CHAT_TEMPERATURE, CHAT_TOP_P));
        s.set_mode(PromptMode::Raw);
        assert_eq!(s.sampling, SamplingParams::default());
        s.sampling.top_k.k = 5;
        s.set_mode(PromptMode::Chat);
        assert_eq!((s.sampling.temperature.t, s.sampling.top_k.k), (1.0, 5));
    }
}
