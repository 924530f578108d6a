//! What each stage declares about itself, once, in its own file. The orders, validation, the
//! link (query string), request bodies, the export, the stage cards with their controls and
//! `rerun`'s "did this stage's input change" are all derived from these declarations.

use serde_json::Value;

use super::{Candidates, Context, SamplingParams, StageTrace};
use crate::i18n::{Text, number};
use crate::msg;

/// A logits stage: a pure function over the whole candidate set.
///
/// Its parameters are a type of its own, a field of [`SamplingParams`] named after its key.
/// Everything else it may look at comes in the [`Context`], and its declaration says which
/// parts ([`StageDecl::reads`]), so that `rerun` knows when an earlier output still holds.
pub trait Stage {
    type Params: Clone + std::fmt::Debug + PartialEq + Default;
    const DECL: StageDecl;
    /// The stage's output and what it did. A neutral setting returns the input unchanged.
    fn apply(input: &Candidates, params: &Self::Params, ctx: &Context) -> (Candidates, StageTrace);
}

/// Something a stage reads besides its input distribution and its own parameters.
#[derive(Clone, Copy, Debug)]
pub enum Input {
    /// The generated tokens only (the OpenAI penalties, vLLM's bad_words).
    Completion,
    /// Prompt and completion (the repetition penalty as Hugging Face counts, DRY, n-grams).
    Context,
    /// How many tokens were generated, not which (min_tokens).
    CompletionLength,
    /// A parameter several stages share (`min_keep`).
    Shared(&'static Param),
    /// The stage's own random number at this completion position: the seed and the position
    /// (XTC's coin).
    Coin,
    /// DRY's sequence breakers as the caller tokenised them.
    DryBreakers,
    /// bad_words as the caller tokenised them.
    BadWords,
    /// The vocabulary's end-of-turn tokens (min_tokens).
    EndOfTurn,
    /// What earlier steps of the same completion left (mirostat's μ).
    State,
    /// The structured output's token mask at this position.
    Grammar,
}

impl Input {
    /// Whether `a` with `ca` and `b` with `cb` look the same to a stage that reads this.
    pub fn same(self, a: &SamplingParams, ca: &Context, b: &SamplingParams, cb: &Context) -> bool {
        let (ha, hb) = (&ca.history, &cb.history);
        match self {
            Input::Completion => ha.generated == hb.generated,
            Input::Context => ha.prompt == hb.prompt && ha.generated == hb.generated,
            Input::CompletionLength => ha.generated.len() == hb.generated.len(),
            Input::Shared(p) => (p.get)(a) == (p.get)(b),
            Input::Coin => ca.seed == cb.seed && ha.generated.len() == hb.generated.len(),
            Input::DryBreakers => ca.tokenised.dry == cb.tokenised.dry,
            Input::BadWords => ca.tokenised.bad_words == cb.tokenised.bad_words,
            Input::EndOfTurn => ca.tokenised.end_of_turn == cb.tokenised.end_of_turn,
            Input::State => ca.state == cb.state,
            Input::Grammar => match (&ca.grammar, &cb.grammar) {
                (Some(x), Some(y)) => std::sync::Arc::ptr_eq(x, y) || x == y,
                (x, y) => x.is_none() && y.is_none(),
            },
        }
    }
}

/// A stage's name, formula, source, inputs and parameters.
#[derive(Debug)]
pub struct StageDecl {
    /// Order, URL and export key (`top_p`), and the field of [`SamplingParams`].
    pub key: &'static str,
    /// Display name, kebab-case (`top-p`).
    pub name: &'static str,
    /// The formula its card shows.
    pub formula: &'static str,
    /// Where the rule comes from (paper or engine source).
    pub source: &'static str,
    /// What it reads besides its input and its own parameters; nothing else may change its output.
    pub reads: &'static [Input],
    pub params: &'static [Param],
}

impl StageDecl {
    /// The shared parameters the stage reads (`min_keep`).
    pub fn shared(&self) -> impl Iterator<Item = &'static Param> + '_ {
        self.reads.iter().filter_map(|i| match i {
            Input::Shared(p) => Some(*p),
            _ => None,
        })
    }
}

/// Where a chat-completions request body puts a parameter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Api {
    /// A top-level OpenAI field, always written.
    OpenAi,
    /// Under `extra_body`, by the name other engines use; written when not at its default.
    Extra,
}

/// One parameter: its key, symbol, kind and range, and how to read and write it.
#[derive(Debug)]
pub struct Param {
    /// Request, URL and export key, as the engines name it (`top_p`).
    pub key: &'static str,
    /// The symbol in the stage's formula (`p`, `θ`, `α_freq`).
    pub symbol: &'static str,
    pub kind: ParamKind,
    pub api: Api,
    /// Values with a name of their own (temperature 0: "greedy"), as catalogue messages.
    pub marks: &'static [(f64, &'static str)],
    pub get: fn(&SamplingParams) -> ParamValue,
    /// Stores a value [`Param::check`] accepts.
    pub set: fn(&mut SamplingParams, ParamValue),
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ParamKind {
    Number(NumberSpec),
    Flag,
    /// `(token id, bias)` pairs; each bias within `range`.
    TokenBias {
        range: (f64, f64),
    },
    /// A list of strings (DRY's sequence breakers, bad_words), each of 1 to `max_bytes` bytes,
    /// at most `max_items` of them. The link writes a JSON array: `["\n",":"]`.
    Strings {
        max_items: usize,
        max_bytes: usize,
    },
    /// A list of token ids, at most `max_items`. The link writes `1,2,3`.
    TokenIds {
        max_items: usize,
    },
}

/// A number's one range (shared by the link, the slider and validation) and its step.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct NumberSpec {
    pub min: f64,
    pub max: f64,
    pub step: f64,
    /// The value at `SamplingParams::default()`.
    pub default: f64,
    /// The default is an off switch: with every neutral parameter of its stage at its default,
    /// the stage changes nothing, whatever its other parameters (top_p 1, dry_multiplier 0).
    /// Parameters that only shape an active stage (dry_base, mirostat_tau) are not neutral.
    pub neutral: bool,
    /// Stored as an integer (top-k) rather than an `f32`.
    pub integer: bool,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ParamValue {
    Number(f64),
    Flag(bool),
    Bias(Vec<(u32, f32)>),
    Strings(Vec<String>),
    Ids(Vec<u32>),
}

impl ParamValue {
    pub fn number(&self) -> f64 {
        match self {
            ParamValue::Number(v) => *v,
            ParamValue::Flag(b) => *b as u8 as f64,
            _ => f64::NAN,
        }
    }
}

/// What is wrong with a value (worded by the catalogue, in the reader's language).
#[derive(Clone, Debug, PartialEq)]
pub enum ValueProblem {
    OutOfRange { min: f64, max: f64 },
    NotANumber,
    NotWhole,
    NotFlag,
    TokenOutsideVocab { id: u32, vocab: usize },
    NotABiasEntry { entry: String },
    NotAStringList,
    EmptyString,
    StringTooLong { max: usize },
    TooManyItems { max: usize },
    NotATokenId { entry: String },
    DuplicateToken { id: u32 },
}

impl ValueProblem {
    /// "`key` = `value` is outside 0–2", in the reader's language.
    pub fn text(&self, key: &str, value: &str) -> Text {
        let base = |id: &'static str| Text::new(id).arg("key", key).arg("value", value);
        match self {
            ValueProblem::OutOfRange { min, max } => {
                base(msg!("value-out-of-range")).arg("min", number(*min)).arg("max", number(*max))
            }
            ValueProblem::NotANumber => base(msg!("value-not-a-number")),
            ValueProblem::NotWhole => base(msg!("value-not-whole")),
            ValueProblem::NotFlag => base(msg!("value-not-flag")),
            ValueProblem::TokenOutsideVocab { id, vocab } => {
                base(msg!("value-token-outside-vocab")).arg("id", id.to_string()).arg("last", (vocab - 1).to_string())
            }
            ValueProblem::NotABiasEntry { entry } => base(msg!("value-not-bias-entry")).arg("entry", entry.as_str()),
            ValueProblem::NotAStringList => base(msg!("value-not-a-string-list")),
            ValueProblem::EmptyString => base(msg!("value-empty-string")),
            ValueProblem::StringTooLong { max } => base(msg!("value-string-too-long")).arg("max", *max),
            ValueProblem::TooManyItems { max } => base(msg!("value-too-many-items")).arg("max", *max),
            ValueProblem::NotATokenId { entry } => base(msg!("value-not-a-token-id")).arg("entry", entry.as_str()),
            ValueProblem::DuplicateToken { id } => base(msg!("value-duplicate-token")).arg("id", id.to_string()),
        }
    }
}

/// A value as the link writes it (`0.9`, `40`, `true`, `7042:-100,264:2.5`, `["\n",":"]`,
/// `1,2,3`).
pub fn text_of(kind: &ParamKind, value: &ParamValue) -> String {
    match (kind, value) {
        (ParamKind::Number(spec), ParamValue::Number(v)) => number_text(spec, *v),
        (_, ParamValue::Flag(b)) => b.to_string(),
        (_, ParamValue::Bias(entries)) => {
            entries.iter().map(|(id, b)| format!("{id}:{b}")).collect::<Vec<_>>().join(",")
        }
        (_, ParamValue::Strings(list)) => serde_json::to_string(list).expect("strings serialise"),
        (_, ParamValue::Ids(ids)) => ids.iter().map(u32::to_string).collect::<Vec<_>>().join(","),
        (_, ParamValue::Number(v)) => v.to_string(),
    }
}

/// A number as the user set it: integers without a point, floats as their `f32`'s shortest
/// decimal (0.9, not 0.8999999761581421).
pub fn number_text(spec: &NumberSpec, v: f64) -> String {
    if spec.integer { format!("{}", v.round() as i64) } else { format!("{}", v as f32) }
}

/// The one JSON decimal writer: an `f32` as the decimal that prints it (0.9, not
/// 0.8999999761581421); non-finite values, which JSON cannot write, as null.
pub fn decimal(x: f32) -> Value {
    if x.is_finite() { x.to_string().parse::<f64>().map(Value::from).unwrap_or(Value::Null) } else { Value::Null }
}

/// A value as request bodies and the export write it.
pub fn json_of(kind: &ParamKind, value: &ParamValue) -> Value {
    match (kind, value) {
        (ParamKind::Number(spec), ParamValue::Number(v)) if spec.integer => Value::from(v.round() as i64),
        (_, ParamValue::Number(v)) => decimal(*v as f32),
        (_, ParamValue::Flag(b)) => Value::Bool(*b),
        (_, ParamValue::Bias(entries)) => {
            Value::Object(entries.iter().map(|(id, b)| (id.to_string(), decimal(*b))).collect())
        }
        (_, ParamValue::Strings(list)) => Value::from(list.clone()),
        (_, ParamValue::Ids(ids)) => Value::from(ids.clone()),
    }
}

/// A value read from a link, leniently: what to use, and what had to change on the way.
#[derive(Clone, Debug, PartialEq)]
pub struct Lenient {
    /// `None`: nothing usable, keep the current value.
    pub value: Option<ParamValue>,
    pub problems: Vec<(String, ValueProblem)>,
}

impl Param {
    /// This parameter's value at `SamplingParams::default()`.
    pub fn default_value(&self) -> ParamValue {
        (self.get)(&SamplingParams::default())
    }

    pub fn number_spec(&self) -> Option<&NumberSpec> {
        match &self.kind {
            ParamKind::Number(spec) => Some(spec),
            _ => None,
        }
    }

    /// How a slider shows value `v`: named marks ("0 (greedy)"), the neutral value as "off",
    /// others to the step's precision, signed where the range has negative values.
    pub fn value_text(&self, v: f64) -> Text {
        let Some(spec) = self.number_spec() else { return Text::new(msg!("value-plain")).arg("value", v.to_string()) };
        let shown = number_text(spec, v);
        if let Some((_, id)) = self.marks.iter().find(|(m, _)| *m == v) {
            return Text::new(id).arg("value", shown);
        }
        if spec.neutral && v == spec.default {
            return Text::new(msg!("value-off")).arg("value", shown);
        }
        let decimals = if spec.integer { 0 } else { (-spec.step.log10()).ceil().max(0.0) as usize };
        let formatted = if spec.min < 0.0 { format!("{v:+.decimals$}") } else { format!("{v:.decimals$}") };
        Text::new(msg!("value-plain")).arg("value", formatted)
    }

    pub fn text(&self, params: &SamplingParams) -> String {
        text_of(&self.kind, &(self.get)(params))
    }

    pub fn json(&self, params: &SamplingParams) -> Value {
        json_of(&self.kind, &(self.get)(params))
    }

    /// Whether `value` is allowed, strictly (the request's validation).
    pub fn check(&self, value: &ParamValue, vocab: usize) -> Result<(), ValueProblem> {
        match (&self.kind, value) {
            (ParamKind::Number(spec), ParamValue::Number(v)) => {
                if !v.is_finite() || *v < spec.min || *v > spec.max {
                    Err(ValueProblem::OutOfRange { min: spec.min, max: spec.max })
                } else if spec.integer && v.fract() != 0.0 {
                    Err(ValueProblem::NotWhole)
                } else {
                    Ok(())
                }
            }
            (ParamKind::Flag, ParamValue::Flag(_)) => Ok(()),
            (ParamKind::TokenBias { range }, ParamValue::Bias(entries)) => {
                for &(id, b) in entries {
                    if id as usize >= vocab {
                        return Err(ValueProblem::TokenOutsideVocab { id, vocab });
                    }
                    if !b.is_finite() || (b as f64) < range.0 || (b as f64) > range.1 {
                        return Err(ValueProblem::OutOfRange { min: range.0, max: range.1 });
                    }
                }
                Ok(())
            }
            (ParamKind::Strings { max_items, max_bytes }, ParamValue::Strings(list)) => {
                if list.len() > *max_items {
                    Err(ValueProblem::TooManyItems { max: *max_items })
                } else if list.iter().any(String::is_empty) {
                    Err(ValueProblem::EmptyString)
                } else if list.iter().any(|s| s.len() > *max_bytes) {
                    Err(ValueProblem::StringTooLong { max: *max_bytes })
                } else {
                    Ok(())
                }
            }
            (ParamKind::TokenIds { max_items }, ParamValue::Ids(ids)) => {
                if ids.len() > *max_items {
                    return Err(ValueProblem::TooManyItems { max: *max_items });
                }
                match ids.iter().find(|&&id| id as usize >= vocab) {
                    Some(&id) => Err(ValueProblem::TokenOutsideVocab { id, vocab }),
                    None => Ok(()),
                }
            }
            _ => Err(ValueProblem::NotANumber),
        }
    }

    /// Reads `raw` as a link writes it. Numbers outside the range are clamped into it;
    /// unreadable values are dropped; both are reported.
    pub fn read(&self, raw: &str, vocab: usize) -> Lenient {
        let trimmed = raw.trim();
        let mut problems = Vec::new();
        let value = match &self.kind {
            ParamKind::Number(spec) => match trimmed.parse::<f64>() {
                Ok(v) if v.is_finite() && spec.integer && v.fract() != 0.0 => {
                    problems.push((raw.to_string(), ValueProblem::NotWhole));
                    None
                }
                Ok(v) if v.is_finite() => {
                    if v < spec.min || v > spec.max {
                        problems.push((raw.to_string(), ValueProblem::OutOfRange { min: spec.min, max: spec.max }));
                    }
                    Some(ParamValue::Number(v.clamp(spec.min, spec.max)))
                }
                _ => {
                    let problem = if spec.integer { ValueProblem::NotWhole } else { ValueProblem::NotANumber };
                    problems.push((raw.to_string(), problem));
                    None
                }
            },
            ParamKind::Flag => match trimmed {
                "1" | "true" => Some(ParamValue::Flag(true)),
                "0" | "false" => Some(ParamValue::Flag(false)),
                _ => {
                    problems.push((raw.to_string(), ValueProblem::NotFlag));
                    None
                }
            },
            ParamKind::TokenBias { range } => {
                let mut entries: Vec<(u32, f32)> = Vec::new();
                for item in trimmed.split(',').filter(|i| !i.trim().is_empty()) {
                    let parsed = item
                        .split_once(':')
                        .and_then(|(id, b)| Some((id.trim().parse::<u32>().ok()?, b.trim().parse::<f32>().ok()?)));
                    match parsed {
                        Some((id, _)) if id as usize >= vocab => {
                            problems.push((item.to_string(), ValueProblem::TokenOutsideVocab { id, vocab }))
                        }
                        Some((id, b)) if b.is_finite() => {
                            if (b as f64) < range.0 || (b as f64) > range.1 {
                                problems
                                    .push((item.to_string(), ValueProblem::OutOfRange { min: range.0, max: range.1 }));
                            }
                            let bias = b.clamp(range.0 as f32, range.1 as f32);
                            match entries.iter_mut().find(|(earlier, _)| *earlier == id) {
                                Some(entry) => {
                                    problems.push((item.to_string(), ValueProblem::DuplicateToken { id }));
                                    entry.1 = bias;
                                }
                                None => entries.push((id, bias)),
                            }
                        }
                        _ => problems.push((item.to_string(), ValueProblem::NotABiasEntry { entry: item.to_string() })),
                    }
                }
                Some(ParamValue::Bias(entries))
            }
            ParamKind::Strings { max_items, max_bytes } => {
                read_strings(raw, trimmed, *max_items, *max_bytes, &mut problems)
            }
            ParamKind::TokenIds { max_items } => {
                let mut ids = Vec::new();
                for item in trimmed.split(',').map(str::trim).filter(|i| !i.is_empty()) {
                    match item.parse::<u32>() {
                        Ok(id) if id as usize >= vocab => {
                            problems.push((item.to_string(), ValueProblem::TokenOutsideVocab { id, vocab }))
                        }
                        Ok(id) => ids.push(id),
                        Err(_) => {
                            problems.push((item.to_string(), ValueProblem::NotATokenId { entry: item.to_string() }))
                        }
                    }
                }
                if ids.len() > *max_items {
                    problems.push((raw.to_string(), ValueProblem::TooManyItems { max: *max_items }));
                    ids.truncate(*max_items);
                }
                Some(ParamValue::Ids(ids))
            }
        };
        Lenient { value, problems }
    }
}

/// A JSON array of strings from a link (an empty value is the empty list). Empty strings are
/// dropped, long ones cut at a character boundary, extra ones dropped; each is reported.
fn read_strings(
    raw: &str,
    trimmed: &str,
    max_items: usize,
    max_bytes: usize,
    problems: &mut Vec<(String, ValueProblem)>,
) -> Option<ParamValue> {
    let list: Vec<String> = if trimmed.is_empty() {
        Vec::new()
    } else {
        match serde_json::from_str(trimmed) {
            Ok(list) => list,
            Err(_) => {
                problems.push((raw.to_string(), ValueProblem::NotAStringList));
                return None;
            }
        }
    };
    let mut kept = Vec::new();
    for mut s in list {
        if s.is_empty() {
            problems.push((raw.to_string(), ValueProblem::EmptyString));
            continue;
        }
        if s.len() > max_bytes {
            problems.push((s.clone(), ValueProblem::StringTooLong { max: max_bytes }));
            let mut end = max_bytes;
            while !s.is_char_boundary(end) {
                end -= 1;
            }
            s.truncate(end);
        }
        kept.push(s);
    }
    if kept.len() > max_items {
        problems.push((raw.to_string(), ValueProblem::TooManyItems { max: max_items }));
        kept.truncate(max_items);
    }
    Some(ParamValue::Strings(kept))
}

#[cfg(test)]
mod tests {
    use super::*;

    const K: NumberSpec = NumberSpec { min: 0.0, max: 100.0, step: 1.0, default: 0.0, neutral: true, integer: true };
    const P: NumberSpec = NumberSpec { min: 0.0, max: 1.0, step: 0.01, default: 1.0, neutral: true, integer: false };

    #[test]
    fn slider_values_name_off_and_marks() {
        use crate::i18n::Lang;
        let say = |key: &str, v: f64| SamplingParams::param(key).unwrap().value_text(v).render(Lang::En);
        assert_eq!(say("temperature", 0.0), "0 (greedy)");
        assert_eq!(say("temperature", 1.0), "off (1)");
        assert_eq!(say("temperature", 0.7), "0.70");
        assert_eq!(say("top_k", 0.0), "off (0)");
        assert_eq!(say("top_k", 40.0), "40");
        assert_eq!(say("frequency_penalty", 0.5), "+0.50");
        assert_eq!(say("frequency_penalty", -0.25), "-0.25");
    }

    #[test]
    fn numbers_print_as_the_user_set_them() {
        assert_eq!(number_text(&P, 0.9f32 as f64), "0.9");
        assert_eq!(number_text(&K, 40.0), "40");
        assert_eq!(decimal(0.9), serde_json::json!(0.9));
        assert_eq!(decimal(f32::NAN), Value::Null);
        assert_eq!(json_of(&ParamKind::Number(K), &ParamValue::Number(40.0)), serde_json::json!(40));
    }

    fn list_param(kind: ParamKind) -> Param {
        Param {
            key: "list",
            symbol: "l",
            kind,
            api: Api::Extra,
            marks: &[],
            get: |_| ParamValue::Strings(vec![]),
            set: |_, _| {},
        }
    }

    #[test]
    fn string_lists_are_json_arrays_read_leniently_and_checked_strictly() {
        let p = list_param(ParamKind::Strings { max_items: 2, max_bytes: 3 });
        let v = ParamValue::Strings(vec!["\n".into(), ":\"".into()]);
        assert_eq!(text_of(&p.kind, &v), r#"["\n",":\""]"#);
        assert_eq!(json_of(&p.kind, &v), serde_json::json!(["\n", ":\""]));
        assert_eq!(p.read(&text_of(&p.kind, &v), 10).value, Some(v.clone()));
        assert_eq!(p.check(&v, 10), Ok(()));
        let read = p.read(r#"["a", "", "abcdef", "b"]"#, 10);
        assert_eq!(read.value, Some(ParamValue::Strings(vec!["a".into(), "abc".into()])));
        let problems: Vec<_> = read.problems.into_iter().map(|(_, p)| p).collect();
        assert_eq!(
            problems,
            vec![
                ValueProblem::EmptyString,
                ValueProblem::StringTooLong { max: 3 },
                ValueProblem::TooManyItems { max: 2 }
            ]
        );
        assert_eq!(p.read("[\"가나\"]", 10).value, Some(ParamValue::Strings(vec!["가".into()])), "cut on a character");
        assert_eq!(p.read("", 10).value, Some(ParamValue::Strings(vec![])));
        assert_eq!(
            p.read("not json", 10),
            Lenient { value: None, problems: vec![("not json".into(), ValueProblem::NotAStringList)] }
        );
        let check = |list: &[&str]| p.check(&ParamValue::Strings(list.iter().map(|s| s.to_string()).collect()), 10);
        assert_eq!(check(&["a", "b", "c"]), Err(ValueProblem::TooManyItems { max: 2 }));
        assert_eq!(check(&[""]), Err(ValueProblem::EmptyString));
        assert_eq!(check(&["abcd"]), Err(ValueProblem::StringTooLong { max: 3 }));
    }

    #[test]
    fn id_lists_are_comma_separated_and_bounded_by_the_vocabulary() {
        let p = list_param(ParamKind::TokenIds { max_items: 3 });
        let v = ParamValue::Ids(vec![1, 2]);
        assert_eq!(text_of(&p.kind, &v), "1,2");
        assert_eq!(json_of(&p.kind, &v), serde_json::json!([1, 2]));
        let read = p.read("1, 2,x,99", 10);
        assert_eq!(read.value, Some(v.clone()));
        assert_eq!(
            read.problems,
            vec![
                ("x".to_string(), ValueProblem::NotATokenId { entry: "x".into() }),
                ("99".to_string(), ValueProblem::TokenOutsideVocab { id: 99, vocab: 10 }),
            ]
        );
        assert_eq!(
            p.check(&ParamValue::Ids(vec![3, 12]), 10),
            Err(ValueProblem::TokenOutsideVocab { id: 12, vocab: 10 })
        );
        assert_eq!(p.check(&ParamValue::Ids(vec![0; 4]), 10), Err(ValueProblem::TooManyItems { max: 3 }));
        assert_eq!(p.read("", 10).value, Some(ParamValue::Ids(vec![])));
    }
}
