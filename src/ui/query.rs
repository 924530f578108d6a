//! The link: [`Settings`] read from and written to the query string, so a link reproduces the
//! view. Parsing never fails: a bad value is clamped or replaced, and each change is reported as
//! a note the page shows. Sampling parameters are read and written through their declarations
//! (`SamplingParams::params`); the other keys are the table [`KEYS`].

use crate::generation::{MaskPlacement, Message};
use crate::i18n::{Text, number};
use crate::msg;
use crate::sampling::order::{OrderError, order_key, read_order};
use crate::sampling::{OrderPreset, ParamValue, SamplingParams, ValueProblem};

use super::settings::{
    ApiSettings, BARS_RANGE, DEFAULT_BARS, DEFAULT_MAX_TOKENS, MAX_TOKENS, PromptMode, Scale, Settings, Shown, Tab,
    Theme, default_messages, sampling_defaults,
};
use crate::i18n::Lang;

/// A value in the link that had to be changed or dropped, worded for the reader.
pub type Note = Text;

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

/// Reads one key's value into the settings, adding a note for anything it had to change.
struct Reader<'a> {
    key: &'a str,
    raw: &'a str,
    notes: &'a mut Vec<Note>,
    fallback_seed: u64,
}

impl Reader<'_> {
    fn problem(&self, problem: ValueProblem) -> Text {
        problem.text(self.key, self.raw)
    }

    fn note(&mut self, note: Note) {
        self.notes.push(note);
    }

    fn using_default(&mut self, problem: ValueProblem, used: impl ToString) {
        let note =
            Text::new(msg!("note-using-default")).arg("problem", self.problem(problem)).arg("used", used.to_string());
        self.note(note);
    }

    fn flag(&mut self, default: bool) -> bool {
        match self.raw {
            "1" | "true" => true,
            "0" | "false" => false,
            _ => {
                self.using_default(ValueProblem::NotFlag, default);
                default
            }
        }
    }

    /// A whole number taken as typed (the API panel judges its range).
    fn whole(&mut self, default: usize) -> usize {
        self.raw.trim().parse::<usize>().unwrap_or_else(|_| {
            self.using_default(ValueProblem::NotWhole, default);
            default
        })
    }

    /// A whole number clamped into `range`.
    fn int(&mut self, (lo, hi): (usize, usize), default: usize) -> usize {
        match self.raw.trim().parse::<i64>() {
            Ok(v) if v >= lo as i64 && v <= hi as i64 => v as usize,
            Ok(v) => {
                let clamped = v.clamp(lo as i64, hi as i64) as usize;
                let problem = self.problem(ValueProblem::OutOfRange { min: lo as f64, max: hi as f64 });
                self.note(Text::new(msg!("note-clamped")).arg("problem", problem).arg("used", clamped.to_string()));
                clamped
            }
            Err(_) => {
                self.using_default(ValueProblem::NotWhole, default);
                default
            }
        }
    }

    /// One of `choices` (`(text, value)`), or `default` with a note.
    fn choice<T: Copy>(&mut self, choices: &[(&str, T)], default: T) -> T {
        match choices.iter().find(|(text, _)| *text == self.raw) {
            Some((_, v)) => *v,
            None => {
                let names: Vec<&str> = choices.iter().map(|(t, _)| *t).collect();
                let note = Text::new(msg!("note-not-a-choice"))
                    .arg("key", self.key)
                    .arg("value", self.raw)
                    .arg("choices", names.join(", "));
                self.note(note);
                default
            }
        }
    }

    fn order(&mut self, fallback: &'static str) -> Option<Vec<crate::sampling::StageKind>> {
        match read_order(self.raw) {
            Ok(order) => Some(order),
            Err(e) => {
                let problem = match e {
                    OrderError::UnknownStage(stage) => Text::new(msg!("order-unknown-stage")).arg("stage", stage),
                    OrderError::Twice(stage) => Text::new(msg!("order-twice")).arg("stage", stage),
                };
                let note = Text::new(fallback).arg("key", self.key).arg("problem", problem);
                self.note(note);
                None
            }
        }
    }
}

/// A link key besides the sampling parameters: how it is read, and what it writes.
struct Key {
    name: &'static str,
    read: fn(&mut Settings, &mut Reader),
    write: fn(&Settings, &mut Vec<(&'static str, String)>),
}

fn one(out: &mut Vec<(&'static str, String)>, key: &'static str, value: impl ToString) {
    out.push((key, value.to_string()));
}

/// Every other key, in the order links write them. The prompt and the seed are always written,
/// so a link pins them; the rest only when they differ from the defaults.
const KEYS: &[Key] = &[
    Key {
        name: "tab",
        read: |s, r| s.tab = r.choice(&[("explorer", Tab::Explorer), ("api", Tab::Api)], s.tab),
        write: |s, out| {
            if s.tab == Tab::Api {
                one(out, "tab", "api")
            }
        },
    },
    Key {
        name: "lang",
        read: |s, r| s.lang = Some(r.choice(&[("en", Lang::En), ("ko", Lang::Ko)], s.lang.unwrap_or_default())),
        write: |s, out| {
            if let Some(lang) = s.lang {
                one(out, "lang", lang.code())
            }
        },
    },
    Key {
        name: "theme",
        read: |s, r| s.theme = Some(r.choice(&[("light", Theme::Light), ("dark", Theme::Dark)], Theme::Light)),
        write: |s, out| {
            if let Some(theme) = s.theme {
                one(out, "theme", theme.code())
            }
        },
    },
    Key {
        name: "scale",
        read: |s, r| s.scale = r.choice(&[("fit", Scale::Fit), ("fixed", Scale::Fixed)], s.scale),
        write: |s, out| {
            if s.scale == Scale::Fixed {
                one(out, "scale", "fixed")
            }
        },
    },
    Key {
        name: "stage",
        read: |s, r| {
            let mut choices = vec![("final", Shown::Final), ("raw", Shown::Raw)];
            choices.extend(crate::sampling::StageKind::ALL.iter().map(|k| (k.key(), Shown::Stage(*k))));
            s.shown = r.choice(&choices, Shown::Final)
        },
        write: |s, out| match s.shown {
            Shown::Final => {}
            Shown::Raw => one(out, "stage", "raw"),
            Shown::Stage(kind) => one(out, "stage", kind.key()),
        },
    },
    Key {
        name: "explain",
        read: |s, r| {
            let choices: Vec<(&str, Option<&'static str>)> =
                super::lessons::EXPLAINED.iter().map(|k| (*k, Some(*k))).collect();
            s.explain = r.choice(&choices, None)
        },
        write: |s, out| {
            if let Some(key) = s.explain {
                one(out, "explain", key)
            }
        },
    },
    Key {
        name: "tour",
        read: |s, r| s.tour = Some(r.int((0, super::lessons::TOUR.len() - 1), 0)),
        write: |s, out| {
            if let Some(n) = s.tour {
                one(out, "tour", n)
            }
        },
    },
    Key {
        name: "embed",
        read: |s, r| {
            if super::embed::is_key(r.raw) {
                s.embed = Some(r.raw.to_string())
            } else {
                let note = Text::new(msg!("note-bad-embed")).arg("value", r.raw.to_string());
                r.note(note)
            }
        },
        write: |s, out| {
            if let Some(key) = &s.embed {
                one(out, "embed", key)
            }
        },
    },
    Key {
        name: "edit",
        read: |s, r| s.edit = r.flag(false),
        write: |s, out| {
            if s.edit {
                one(out, "edit", 1)
            }
        },
    },
    Key {
        name: "mode",
        read: |s, r| s.mode = r.choice(&[("raw", PromptMode::Raw), ("chat", PromptMode::Chat)], s.mode),
        write: |s, out| {
            if s.mode == PromptMode::Chat {
                one(out, "mode", "chat")
            }
        },
    },
    // Both prompts are kept, so switching modes after reloading a link loses nothing.
    Key { name: "prompt", read: |s, r| s.prompt = r.raw.to_string(), write: |s, out| one(out, "prompt", &s.prompt) },
    Key {
        name: "messages",
        read: |s, r| match serde_json::from_str::<Vec<Message>>(r.raw) {
            Ok(m) => s.messages = m,
            Err(e) => r.note(Text::new(msg!("note-bad-messages")).arg("error", e.to_string())),
        },
        write: |s, out| {
            if s.messages != default_messages() {
                one(out, "messages", serde_json::to_string(&s.messages).expect("messages serialise"))
            }
        },
    },
    Key {
        name: "order",
        read: |s, r| {
            if let Some(order) = r.order(msg!("note-bad-order")) {
                s.order = order;
            }
        },
        write: |s, out| {
            if s.order != OrderPreset::HuggingFace.order() {
                one(out, "order", order_key(&s.order))
            }
        },
    },
    Key {
        name: "compare",
        read: |s, r| s.compare = r.order(msg!("note-bad-compare")),
        write: |s, out| {
            if let Some(other) = &s.compare {
                one(out, "compare", order_key(other))
            }
        },
    },
    Key {
        name: "model",
        read: |s, r| {
            if !r.raw.is_empty() && r.raw.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
                s.model = Some(r.raw.to_string());
            } else {
                r.note(Text::new(msg!("note-bad-model")).arg("value", r.raw));
            }
        },
        write: |s, out| {
            if let Some(m) = &s.model {
                one(out, "model", m)
            }
        },
    },
    Key {
        name: "seed",
        read: |s, r| match r.raw.trim().parse::<u64>() {
            Ok(seed) => s.seed = seed,
            Err(_) => {
                let fallback = r.fallback_seed;
                r.using_default(ValueProblem::NotWhole, fallback)
            }
        },
        write: |s, out| one(out, "seed", s.seed),
    },
    Key {
        name: "bars",
        read: |s, r| s.bars = r.int(BARS_RANGE, DEFAULT_BARS),
        write: |s, out| {
            if s.bars != DEFAULT_BARS {
                one(out, "bars", s.bars)
            }
        },
    },
    Key {
        name: "max_tokens",
        read: |s, r| s.max_tokens = r.int(MAX_TOKENS, DEFAULT_MAX_TOKENS),
        write: |s, out| {
            if s.max_tokens != DEFAULT_MAX_TOKENS {
                one(out, "max_tokens", s.max_tokens)
            }
        },
    },
    Key {
        name: "completion",
        read: |s, r| {
            let ids: Result<Vec<u32>, _> =
                r.raw.split(',').filter(|t| !t.is_empty()).map(|t| t.trim().parse::<u32>()).collect();
            match ids {
                Ok(ids) if ids.iter().all(|&i| (i as usize) < crate::model::VOCAB) => s.completion = ids,
                _ => r.note(Text::new(msg!("note-bad-completion"))),
            }
        },
        write: |s, out| {
            if !s.completion.is_empty() {
                let ids: Vec<String> = s.completion.iter().map(u32::to_string).collect();
                one(out, "completion", ids.join(","))
            }
        },
    },
    Key {
        name: "stop",
        read: |s, r| s.api.stop.push(r.raw.to_string()),
        write: |s, out| s.api.stop.iter().for_each(|stop| one(out, "stop", stop)),
    },
    Key {
        name: "n",
        read: |s, r| s.api.n = r.whole(s.api.n),
        write: |s, out| {
            if s.api.n != ApiSettings::default().n {
                one(out, "n", s.api.n)
            }
        },
    },
    Key {
        name: "best_of",
        read: |s, r| s.api.best_of = Some(r.whole(1)),
        write: |s, out| {
            if let Some(b) = s.api.best_of {
                one(out, "best_of", b)
            }
        },
    },
    Key {
        name: "logprobs",
        read: |s, r| s.api.logprobs = r.flag(ApiSettings::default().logprobs),
        write: |s, out| {
            if s.api.logprobs != ApiSettings::default().logprobs {
                one(out, "logprobs", s.api.logprobs)
            }
        },
    },
    Key {
        name: "top_logprobs",
        read: |s, r| s.api.top_logprobs = r.whole(s.api.top_logprobs),
        write: |s, out| {
            if s.api.top_logprobs != ApiSettings::default().top_logprobs {
                one(out, "top_logprobs", s.api.top_logprobs)
            }
        },
    },
    Key {
        name: "stream",
        read: |s, r| s.api.stream = r.flag(ApiSettings::default().stream),
        write: |s, out| {
            if s.api.stream != ApiSettings::default().stream {
                one(out, "stream", s.api.stream)
            }
        },
    },
    Key {
        name: "user",
        read: |s, r| s.api.user = r.raw.to_string(),
        write: |s, out| {
            if !s.api.user.is_empty() {
                one(out, "user", &s.api.user)
            }
        },
    },
    Key {
        name: "response_format",
        read: |s, r| s.api.response_format = r.raw.to_string(),
        write: |s, out| {
            if !s.api.response_format.is_empty() {
                one(out, "response_format", &s.api.response_format)
            }
        },
    },
    Key {
        name: "tools",
        read: |s, r| s.api.tools = r.raw.to_string(),
        write: |s, out| {
            if !s.api.tools.is_empty() {
                one(out, "tools", &s.api.tools)
            }
        },
    },
    Key {
        name: "tool_choice",
        read: |s, r| s.api.tool_choice = r.raw.to_string(),
        write: |s, out| {
            if !s.api.tool_choice.is_empty() {
                one(out, "tool_choice", &s.api.tool_choice)
            }
        },
    },
    Key {
        name: "parallel_tool_calls",
        read: |s, r| s.api.parallel_tool_calls = r.flag(ApiSettings::default().parallel_tool_calls),
        write: |s, out| {
            if s.api.parallel_tool_calls != ApiSettings::default().parallel_tool_calls {
                one(out, "parallel_tool_calls", s.api.parallel_tool_calls)
            }
        },
    },
    Key {
        name: "grammar_mask",
        read: |s, r| match MaskPlacement::from_key(r.raw.trim()) {
            Some(m) => s.api.mask = m,
            None => r.note(Text::new(msg!("note-bad-grammar-mask")).arg("value", r.raw)),
        },
        write: |s, out| {
            if s.api.mask != MaskPlacement::default() {
                one(out, "grammar_mask", s.api.mask.key())
            }
        },
    },
    Key {
        name: "random_seed",
        read: |s, r| s.api.random_seed = r.flag(false),
        write: |s, out| {
            if s.api.random_seed {
                one(out, "random_seed", true)
            }
        },
    },
];

/// Keys the page itself adds for its tools (benchmarks), accepted without a note.
const QUIET_KEYS: &[&str] = &["bench"];

/// Every key a link may hold.
pub fn known_keys() -> impl Iterator<Item = &'static str> {
    KEYS.iter().map(|k| k.name).chain(SamplingParams::params().map(|p| p.key)).chain(QUIET_KEYS.iter().copied())
}

/// Edit distance, for "did you mean".
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let here = row[j + 1];
            row[j + 1] = (previous + usize::from(ca != cb)).min(row[j] + 1).min(row[j + 1] + 1);
            previous = here;
        }
    }
    row[b.len()]
}

/// The known key closest to `key`, if it is close enough to be a typo.
pub fn suggestion(key: &str) -> Option<&'static str> {
    known_keys()
        .map(|k| (distance(key, k), k))
        .filter(|(d, k)| *d <= 2.max(k.len() / 4))
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

/// Reads settings from a query string; `fallback_seed` is used when the link has no seed.
/// Returns the settings and one note per value that had to be changed.
pub fn parse(query: &str, fallback_seed: u64, vocab: usize) -> (Settings, Vec<Note>) {
    let mut s = Settings::with_seed(fallback_seed);
    let given = pairs(query);
    let mut notes = duplicate_keys(&given);
    let pairs = super::embed::expand(given);
    // The sampling defaults depend on the mode, wherever the link names it.
    if pairs.iter().any(|(k, v)| k == "mode" && v == "chat") {
        s.set_mode(PromptMode::Chat);
    }
    for (key, raw) in pairs {
        if let Some(k) = KEYS.iter().find(|k| k.name == key) {
            let mut reader = Reader { key: &key, raw: &raw, notes: &mut notes, fallback_seed };
            (k.read)(&mut s, &mut reader);
        } else if let Some(p) = SamplingParams::param(&key) {
            let read = p.read(&raw, vocab);
            if let Some(value) = read.value.clone() {
                (p.set)(&mut s.sampling, value);
            }
            for (given, problem) in read.problems {
                notes.push(sampling_note(p, &given, problem, &s.sampling, read.value.is_some()));
            }
        } else if !QUIET_KEYS.contains(&key.as_str()) {
            notes.push(match suggestion(&key) {
                Some(other) => Text::new(msg!("note-unknown-key-suggest")).arg("key", key).arg("suggestion", other),
                None => Text::new(msg!("note-unknown-key")).arg("key", key),
            });
        }
    }
    s.place_grammar();
    if let Shown::Stage(kind) = s.shown
        && !s.order.contains(&kind)
    {
        notes.push(Text::new(msg!("note-stage-not-in-order")).arg("stage", kind.key()));
        s.shown = Shown::Final;
    }
    (s, notes)
}

/// Keys the link gives more than once (other than `stop`, a list): the last one is used.
fn duplicate_keys(pairs: &[(String, String)]) -> Vec<Note> {
    let mut notes = Vec::new();
    for (i, (key, _)) in pairs.iter().enumerate() {
        let count = pairs.iter().filter(|(k, _)| k == key).count();
        let first = pairs.iter().position(|(k, _)| k == key) == Some(i);
        if count > 1 && first && key != "stop" {
            let last = pairs.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v.as_str()).unwrap_or_default();
            let last = match last.char_indices().nth(40) {
                Some((cut, _)) => format!("{}…", &last[..cut]),
                None => last.to_owned(),
            };
            notes.push(
                Text::new(msg!("note-duplicate-key")).arg("key", key.clone()).arg("count", count).arg("value", last),
            );
        }
    }
    notes
}

/// The note for a sampling parameter the link gave badly: what was wrong, and what is used.
fn sampling_note(
    p: &crate::sampling::Param,
    given: &str,
    problem: ValueProblem,
    now: &SamplingParams,
    kept_something: bool,
) -> Note {
    let used = p.text(now);
    let described = problem.text(p.key, given);
    match problem {
        ValueProblem::OutOfRange { .. } if matches!((p.get)(now), ParamValue::Number(_)) => {
            Text::new(msg!("note-clamped")).arg("problem", described).arg("used", used)
        }
        ValueProblem::OutOfRange { min, max } => Text::new(msg!("note-clamped-entry"))
            .arg("problem", described)
            .arg("min", number(min))
            .arg("max", number(max)),
        ValueProblem::TokenOutsideVocab { .. }
        | ValueProblem::NotABiasEntry { .. }
        | ValueProblem::NotATokenId { .. }
        | ValueProblem::EmptyString => Text::new(msg!("note-ignored")).arg("problem", described),
        ValueProblem::DuplicateToken { .. } => described,
        _ if kept_something => Text::new(msg!("note-clamped")).arg("problem", described).arg("used", used),
        _ => Text::new(msg!("note-using-default")).arg("problem", described).arg("used", used),
    }
}

/// The query string (with `?`) for `s`: the other keys as [`KEYS`] writes them, and each
/// sampling parameter that differs from its default (in the settings' prompt mode).
pub fn to_query(s: &Settings) -> String {
    let mut q: Vec<(&'static str, String)> = Vec::new();
    for k in KEYS {
        (k.write)(s, &mut q);
    }
    let defaults = sampling_defaults(s.mode);
    for p in SamplingParams::params() {
        if (p.get)(&s.sampling) != (p.get)(&defaults) {
            q.push((p.key, p.text(&s.sampling)));
        }
    }
    let body: Vec<String> = q.iter().map(|(k, v)| format!("{}={}", encode(k), encode(v))).collect();
    format!("?{}", body.join("&"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generation::Role;
    use crate::sampling::StageKind;

    fn english(notes: &[Note]) -> Vec<String> {
        notes.iter().map(|n| n.render(Lang::En)).collect()
    }

    #[test]
    fn round_trips_every_control() {
        let mut s = Settings::with_seed(7);
        s.prompt = "Ünïcode & spaces = fine?".into();
        let p = &mut s.sampling;
        p.temperature.t = 0.7;
        p.top_k.k = 40;
        p.top_p.p = 0.9;
        p.min_p.p = 0.05;
        p.typical_p.p = 0.8;
        p.repetition_penalty.theta = 1.2;
        p.frequency_penalty.alpha = -0.5;
        p.presence_penalty.alpha = 1.5;
        p.logit_bias.biases = vec![(7042, -100.0), (260, 2.5)];
        p.draw.do_sample = false;
        s.order = OrderPreset::LlamaCpp.order();
        s.bars = 33;
        s.completion = vec![1, 2, 3];
        s.max_tokens = 100;
        s.mode = PromptMode::Chat;
        s.messages = vec![Message::new(Role::System, "Be brief & kind."), Message::new(Role::User, "Hi=there?\n")];
        s.tab = Tab::Api;
        s.compare = Some(OrderPreset::Vllm.order());
        s.model = Some("model-f16".into());
        s.lang = Some(Lang::Ko);
        s.theme = Some(Theme::Dark);
        s.scale = Scale::Fixed;
        s.shown = Shown::Stage(StageKind::TopK);
        s.explain = Some("top_p");
        s.tour = Some(3);
        s.api = ApiSettings {
            stop: vec!["\n\n".into(), "END".into()],
            n: 3,
            best_of: Some(5),
            logprobs: false,
            top_logprobs: 0,
            stream: false,
            user: "alice".into(),
            random_seed: true,
            response_format: r#"{"type": "json_object"}"#.into(),
            tools: crate::structured::examples::WEATHER_TOOLS.into(),
            tool_choice: "required".into(),
            parallel_tool_calls: false,
            mask: MaskPlacement::Resample,
        };
        // As the page holds it: with a format, the grammar stage leads the order.
        s.place_grammar();
        assert_eq!(s.order[0], StageKind::Grammar);
        let (back, notes) = parse(&to_query(&s), 99, 49152);
        assert_eq!(english(&notes), Vec::<String>::new());
        assert_eq!(back, s);
    }

    #[test]
    fn every_sampling_parameter_round_trips_through_its_declaration() {
        for p in SamplingParams::params() {
            let mut s = Settings::with_seed(1);
            let text = match &p.kind {
                crate::sampling::ParamKind::Number(spec) => {
                    let far = if spec.default == spec.max { spec.min } else { spec.max };
                    crate::sampling::stage::number_text(spec, far)
                }
                crate::sampling::ParamKind::Flag => (p.default_value() == ParamValue::Flag(false)).to_string(),
                crate::sampling::ParamKind::TokenBias { .. } => "5:-1.5".to_string(),
                crate::sampling::ParamKind::Strings { .. } => r#"["a\n","\"b\" c"]"#.to_string(),
                crate::sampling::ParamKind::TokenIds { .. } => "5,7".to_string(),
            };
            let (parsed, notes) = parse(&format!("{}={}", p.key, text), 1, 49152);
            assert!(notes.is_empty(), "{}: {:?}", p.key, english(&notes));
            assert_ne!(parsed.sampling, s.sampling, "{}={text} changed nothing", p.key);
            s.sampling = parsed.sampling.clone();
            assert_eq!(parse(&to_query(&s), 1, 49152).0, s, "{}", p.key);
        }
    }

    #[test]
    fn api_values_are_kept_as_typed_for_the_panel_to_judge() {
        let (s, notes) = parse("n=0&best_of=99&top_logprobs=50&stop=a&stop=b&stop=c&stop=d&stop=e", 1, 10);
        assert!(notes.is_empty(), "{:?}", english(&notes));
        assert_eq!((s.api.n, s.api.best_of, s.api.top_logprobs, s.api.stop.len()), (0, Some(99), 50, 5));
        let (_, notes) = parse("n=two&messages=notjson&logprobs=maybe", 1, 10);
        assert_eq!(notes.len(), 3, "{:?}", english(&notes));
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
        assert_eq!(s.sampling.temperature.t, 2.0);
        assert_eq!(s.sampling.top_k.k, 0);
        assert_eq!(s.sampling.top_p.p, 1.0);
        assert_eq!(s.bars, BARS_RANGE.1);
        assert_eq!(s.seed, 11);
        assert_eq!(s.order, OrderPreset::HuggingFace.order());
        let notes = english(&notes);
        assert_eq!(
            notes,
            vec![
                "temperature = 5 is outside 0–2; using 2",
                "top_k = -3 is outside 0–100; using 0",
                "top_p = \"abc\" is not a number; using the default 1",
                "bars = 1000 is outside 5–60; using 60",
                "seed = \"x\" is not a whole number; using the default 11",
                "order: unknown stage \"nope\"; using the Hugging Face order",
            ]
        );
    }

    #[test]
    fn unknown_keys_get_a_note_with_the_nearest_known_one() {
        let (_, notes) = parse("top_logprob=3&colour=red&bench=1", 1, 49152);
        assert_eq!(
            english(&notes),
            vec!["unknown parameter top_logprob (did you mean top_logprobs?)", "unknown parameter colour: ignored",]
        );
        assert_eq!(suggestion("temprature"), Some("temperature"));
    }

    #[test]
    fn the_shown_stage_is_named_and_must_be_in_the_order() {
        let (s, notes) = parse("stage=top_p", 1, 49152);
        assert_eq!((s.shown, notes.len()), (Shown::Stage(StageKind::TopP), 0));
        assert_eq!(parse("stage=raw", 1, 10).0.shown, Shown::Raw);
        let (s, notes) = parse("order=temperature&stage=top_p", 1, 49152);
        assert_eq!(s.shown, Shown::Final);
        assert_eq!(english(&notes), vec!["stage = top_p is not in the order; showing the final distribution"]);
        let (_, notes) = parse("stage=top_q", 1, 49152);
        assert_eq!(notes.len(), 1);
        // A format puts the grammar stage first, so a link may show it; without one it is not
        // in the order.
        let (s, notes) = parse("response_format=%7B%22type%22%3A%22json_object%22%7D&stage=grammar", 1, 49152);
        assert_eq!((s.shown, notes.len(), s.order[0]), (Shown::Stage(StageKind::Grammar), 0, StageKind::Grammar));
        let (s, notes) = parse("stage=grammar", 1, 49152);
        assert_eq!((s.shown, notes.len()), (Shown::Final, 1));
    }

    #[test]
    fn chat_links_start_from_the_models_recommended_settings() {
        let (s, notes) = parse("temperature=0.7&mode=chat", 1, 49152);
        assert!(notes.is_empty());
        assert_eq!((s.sampling.temperature.t, s.sampling.top_p.p), (0.7, super::super::settings::CHAT_TOP_P));
        let q = to_query(&s);
        assert!(q.contains("temperature=0.7") && !q.contains("top_p"), "{q}");
        let mut raw = Settings::with_seed(1);
        raw.mode = PromptMode::Chat;
        assert!(to_query(&raw).contains("temperature=1"), "chat at T = 1 must say so in the link");
        assert_eq!(parse(&to_query(&raw), 1, 49152).0, raw);
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
    fn a_key_given_twice_is_named_and_the_last_value_used() {
        let (s, notes) = parse("temperature=0.3&seed=1&temperature=0.9&stop=a&stop=b", 1, 49152);
        assert_eq!(s.sampling.temperature.t, 0.9);
        assert_eq!(s.api.stop, ["a", "b"], "stop is a list: repeating it is not a duplicate");
        assert_eq!(english(&notes), ["temperature appears 2 times in the link; using the last one, 0.9"]);
        let long = "x".repeat(100);
        let (_, notes) = parse(&format!("prompt=a&prompt={long}"), 1, 49152);
        assert_eq!(
            english(&notes),
            [format!("prompt appears 2 times in the link; using the last one, {}…", &long[..40])]
        );
    }

    #[test]
    fn a_token_biased_twice_keeps_the_last_bias_with_a_note() {
        let (s, notes) = parse("logit_bias=50:2,7:1,50:-1", 1, 49152);
        assert_eq!(s.sampling.logit_bias.biases, vec![(50, -1.0), (7, 1.0)]);
        assert_eq!(english(&notes), ["logit_bias: token 50 is given more than once; using the last bias given for it"]);
    }

    #[test]
    fn logit_bias_rejects_out_of_vocabulary_and_clamps() {
        let (s, notes) = parse("logit_bias=5:200,99999:1,x", 1, 49152);
        assert_eq!(s.sampling.logit_bias.biases, vec![(5, 100.0)]);
        assert_eq!(
            english(&notes),
            vec![
                "logit_bias = 5:200 is outside -100–100; clamped into it",
                "logit_bias: token 99999 is outside the vocabulary (0–49151); ignored",
                "logit_bias: \"x\" is not id:bias; ignored",
            ]
        );
    }
}
