//! `response_format`, `tools`, `tool_choice` and `parallel_tool_calls` as the chat-completions
//! API writes them: read, checked (with OpenAI's strict-mode rules) and turned into the one
//! grammar llguidance compiles.

use serde_json::{Map, Value, json};

use crate::i18n::Text;
use crate::msg;

/// What the reply must look like.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum ResponseFormat {
    #[default]
    Text,
    /// Any JSON object (JSON mode).
    JsonObject,
    /// JSON valid against `schema`.
    JsonSchema { name: String, schema: Value, strict: bool },
}

/// A function the model may call.
#[derive(Clone, Debug, PartialEq)]
pub struct Tool {
    pub name: String,
    pub description: Option<String>,
    /// The arguments' JSON schema (`{"type":"object","properties":{}}` when not given).
    pub parameters: Value,
    pub strict: bool,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub enum ToolChoice {
    /// Never call (the default without tools).
    None,
    /// The model decides (the default with tools).
    #[default]
    Auto,
    /// Some call, from the first token.
    Required,
    /// This function, from the first token.
    Named(String),
}

/// Everything about a request's output format, as parsed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Structured {
    pub format: ResponseFormat,
    pub tools: Vec<Tool>,
    pub choice: ToolChoice,
    pub parallel_tool_calls: bool,
}

/// At most this many tools, as OpenAI allows.
pub const MAX_TOOLS: usize = 128;

/// What is wrong with one of the four fields, said in the reader's language.
#[derive(Clone, Debug, PartialEq)]
pub enum Problem {
    /// Not JSON at all (serde's message).
    NotJson(String),
    /// `path` should be `expected` (an object, a string, one of `text`, `json_object`…).
    Expected {
        path: String,
        expected: &'static str,
    },
    Missing {
        path: String,
    },
    /// A name must be 1–64 of a–z, A–Z, 0–9, `_` and `-`.
    BadName {
        path: String,
        name: String,
    },
    /// strict: every property must be listed in `required`.
    StrictRequired {
        path: String,
        property: String,
    },
    /// strict: every object needs `"additionalProperties": false`.
    StrictAdditional {
        path: String,
    },
    DuplicateTool {
        name: String,
    },
    TooManyTools {
        given: usize,
    },
    UnknownTool {
        name: String,
    },
    ChoiceWithoutTools,
    /// llguidance refused the grammar (its message).
    Compile(String),
}

impl Problem {
    pub fn text(&self, key: &str) -> Text {
        let t = |id: &'static str| Text::new(id).arg("key", key);
        match self {
            Problem::NotJson(e) => t(msg!("format-not-json")).arg("error", e.as_str()),
            Problem::Expected { path, expected } => {
                t(msg!("format-expected")).arg("path", path.as_str()).arg("expected", *expected)
            }
            Problem::Missing { path } => t(msg!("format-missing")).arg("path", path.as_str()),
            Problem::BadName { path, name } => {
                t(msg!("format-bad-name")).arg("path", path.as_str()).arg("name", name.as_str())
            }
            Problem::StrictRequired { path, property } => {
                t(msg!("format-strict-required")).arg("path", path.as_str()).arg("property", property.as_str())
            }
            Problem::StrictAdditional { path } => t(msg!("format-strict-additional")).arg("path", path.as_str()),
            Problem::DuplicateTool { name } => t(msg!("format-duplicate-tool")).arg("name", name.as_str()),
            Problem::TooManyTools { given } => {
                t(msg!("format-too-many-tools")).arg("given", *given).arg("max", MAX_TOOLS)
            }
            Problem::UnknownTool { name } => t(msg!("format-unknown-tool")).arg("name", name.as_str()),
            Problem::ChoiceWithoutTools => t(msg!("format-choice-without-tools")),
            Problem::Compile(e) => t(msg!("format-compile")).arg("error", e.as_str()),
        }
    }
}

fn expected(path: &str, expected: &'static str) -> Problem {
    Problem::Expected { path: path.to_string(), expected }
}

fn object<'a>(v: &'a Value, path: &str) -> Result<&'a Map<String, Value>, Problem> {
    v.as_object().ok_or_else(|| expected(path, "an object"))
}

fn name(v: Option<&Value>, path: &str) -> Result<String, Problem> {
    let v = v.ok_or_else(|| Problem::Missing { path: path.to_string() })?;
    let s = v.as_str().ok_or_else(|| expected(path, "a string"))?;
    let ok = (1..=64).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-');
    if ok { Ok(s.to_string()) } else { Err(Problem::BadName { path: path.to_string(), name: s.to_string() }) }
}

fn flag(v: Option<&Value>, path: &str) -> Result<bool, Problem> {
    match v {
        None | Some(Value::Null) => Ok(false),
        Some(Value::Bool(b)) => Ok(*b),
        Some(_) => Err(expected(path, "true or false")),
    }
}

/// Reads JSON text; an empty text is `None` (the field is not set).
pub fn read_json(text: &str) -> Result<Option<Value>, Problem> {
    if text.trim().is_empty() {
        return Ok(None);
    }
    serde_json::from_str(text).map(Some).map_err(|e| Problem::NotJson(e.to_string()))
}

impl ResponseFormat {
    pub fn parse(v: &Value) -> Result<ResponseFormat, Problem> {
        let o = object(v, "response_format")?;
        match o.get("type").and_then(Value::as_str) {
            Some("text") => Ok(ResponseFormat::Text),
            Some("json_object") => Ok(ResponseFormat::JsonObject),
            Some("json_schema") => {
                let path = "response_format.json_schema";
                let js = object(o.get("json_schema").ok_or_else(|| Problem::Missing { path: path.into() })?, path)?;
                let name = name(js.get("name"), "response_format.json_schema.name")?;
                let strict = flag(js.get("strict"), "response_format.json_schema.strict")?;
                let schema = js.get("schema").cloned().unwrap_or_else(|| json!({}));
                object(&schema, "response_format.json_schema.schema")?;
                if strict {
                    check_strict(&schema, "schema")?;
                }
                Ok(ResponseFormat::JsonSchema { name, schema, strict })
            }
            _ => Err(expected("response_format.type", "text, json_object or json_schema")),
        }
    }

    pub fn to_json(&self) -> Value {
        match self {
            ResponseFormat::Text => json!({ "type": "text" }),
            ResponseFormat::JsonObject => json!({ "type": "json_object" }),
            ResponseFormat::JsonSchema { name, schema, strict } => {
                json!({ "type": "json_schema", "json_schema": { "name": name, "schema": schema, "strict": strict } })
            }
        }
    }

    /// The JSON schema the reply must satisfy, if any.
    fn schema(&self) -> Option<Value> {
        match self {
            ResponseFormat::Text => None,
            ResponseFormat::JsonObject => Some(json!({ "type": "object" })),
            ResponseFormat::JsonSchema { schema, .. } => Some(schema.clone()),
        }
    }
}

/// OpenAI's strict mode: every object lists all its properties in `required` and sets
/// `additionalProperties: false`, in every nested schema.
fn check_strict(schema: &Value, path: &str) -> Result<(), Problem> {
    let Some(o) = schema.as_object() else { return Ok(()) };
    let is_object =
        o.get("type").is_some_and(|t| t == "object" || t.as_array().is_some_and(|a| a.contains(&json!("object"))))
            || o.contains_key("properties");
    if is_object {
        if o.get("additionalProperties") != Some(&Value::Bool(false)) {
            return Err(Problem::StrictAdditional { path: path.to_string() });
        }
        let required: Vec<&str> = o
            .get("required")
            .and_then(Value::as_array)
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        if let Some(props) = o.get("properties").and_then(Value::as_object)
            && let Some(missing) = props.keys().find(|k| !required.contains(&k.as_str()))
        {
            return Err(Problem::StrictRequired { path: path.to_string(), property: missing.clone() });
        }
    }
    for (key, sub) in o {
        match key.as_str() {
            "properties" | "$defs" | "definitions" => {
                for (k, s) in sub.as_object().into_iter().flatten() {
                    check_strict(s, &format!("{path}.{key}.{k}"))?;
                }
            }
            "items" | "additionalProperties" | "not" => check_strict(sub, &format!("{path}.{key}"))?,
            "anyOf" | "oneOf" | "allOf" | "prefixItems" => {
                for (i, s) in sub.as_array().into_iter().flatten().enumerate() {
                    check_strict(s, &format!("{path}.{key}[{i}]"))?;
                }
            }
            _ => {}
        }
    }
    Ok(())
}

impl Tool {
    pub fn parse_list(v: &Value) -> Result<Vec<Tool>, Problem> {
        let list = v.as_array().ok_or_else(|| expected("tools", "a list"))?;
        if list.len() > MAX_TOOLS {
            return Err(Problem::TooManyTools { given: list.len() });
        }
        let mut tools: Vec<Tool> = Vec::new();
        for (i, t) in list.iter().enumerate() {
            let path = format!("tools[{i}]");
            let o = object(t, &path)?;
            if o.get("type").and_then(Value::as_str) != Some("function") {
                return Err(expected(&format!("{path}.type"), "\"function\""));
            }
            let fpath = format!("{path}.function");
            let f = object(o.get("function").ok_or_else(|| Problem::Missing { path: fpath.clone() })?, &fpath)?;
            let name = name(f.get("name"), &format!("{fpath}.name"))?;
            if tools.iter().any(|t| t.name == name) {
                return Err(Problem::DuplicateTool { name });
            }
            let description = match f.get("description") {
                None | Some(Value::Null) => None,
                Some(Value::String(s)) => Some(s.clone()),
                Some(_) => return Err(expected(&format!("{fpath}.description"), "a string")),
            };
            let parameters =
                f.get("parameters").cloned().unwrap_or_else(|| json!({ "type": "object", "properties": {} }));
            object(&parameters, &format!("{fpath}.parameters"))?;
            let strict = flag(f.get("strict"), &format!("{fpath}.strict"))?;
            if strict {
                check_strict(&parameters, &format!("{fpath}.parameters"))?;
            }
            tools.push(Tool { name, description, parameters, strict });
        }
        Ok(tools)
    }

    pub fn to_json(&self) -> Value {
        let mut f = Map::new();
        f.insert("name".into(), json!(self.name));
        if let Some(d) = &self.description {
            f.insert("description".into(), json!(d));
        }
        f.insert("parameters".into(), self.parameters.clone());
        if self.strict {
            f.insert("strict".into(), json!(true));
        }
        json!({ "type": "function", "function": f })
    }

    /// The object a call to this tool is: `{"name": <name>, "arguments": <its parameters>}`,
    /// in this key order (the order the prompt's instructions show).
    fn call_schema(&self) -> Value {
        json!({
            "type": "object",
            "properties": { "name": { "const": self.name }, "arguments": self.parameters },
            "required": ["name", "arguments"],
            "additionalProperties": false,
        })
    }
}

impl ToolChoice {
    /// `"none" | "auto" | "required" | {"type":"function","function":{"name":…}}`; a bare word
    /// may be given without quotes (as the link writes it).
    pub fn parse(text: &str, tools: &[Tool]) -> Result<ToolChoice, Problem> {
        let trimmed = text.trim();
        let value = match trimmed {
            "" => return Ok(if tools.is_empty() { ToolChoice::None } else { ToolChoice::Auto }),
            "none" | "auto" | "required" => Value::String(trimmed.to_string()),
            _ => read_json(trimmed)?.unwrap_or(Value::Null),
        };
        let choice = match &value {
            Value::String(s) if s == "none" => ToolChoice::None,
            Value::String(s) if s == "auto" => ToolChoice::Auto,
            Value::String(s) if s == "required" => ToolChoice::Required,
            Value::Object(o) => {
                if o.get("type").and_then(Value::as_str) != Some("function") {
                    return Err(expected("tool_choice.type", "\"function\""));
                }
                let f = object(
                    o.get("function").ok_or_else(|| Problem::Missing { path: "tool_choice.function".into() })?,
                    "tool_choice.function",
                )?;
                let name = name(f.get("name"), "tool_choice.function.name")?;
                if !tools.iter().any(|t| t.name == name) {
                    return Err(Problem::UnknownTool { name });
                }
                ToolChoice::Named(name)
            }
            _ => return Err(expected("tool_choice", "none, auto, required or {\"type\":\"function\",…}")),
        };
        if tools.is_empty() && choice != ToolChoice::None {
            return Err(Problem::ChoiceWithoutTools);
        }
        Ok(choice)
    }

    pub fn to_json(&self) -> Value {
        match self {
            ToolChoice::None => json!("none"),
            ToolChoice::Auto => json!("auto"),
            ToolChoice::Required => json!("required"),
            ToolChoice::Named(n) => json!({ "type": "function", "function": { "name": n } }),
        }
    }
}

/// How the model writes a call (the `<tool_call>` format of SmolLM2's larger sibling,
/// Qwen2.5's template): one per block, blocks separated by a newline.
pub const CALL_OPEN: &str = "<tool_call>\n";
pub const CALL_CLOSE: &str = "\n</tool_call>";

/// JSON as the grammar lets the model write it: no free whitespace, `", "` and `": "` between
/// items and keys (what `json.dumps` writes). llguidance's default allows any whitespace,
/// which a small model fills with endless newlines.
fn compact(mut schema: Value) -> Value {
    if let Some(o) = schema.as_object_mut() {
        o.insert(
            "x-guidance".into(),
            json!({ "whitespace_flexible": false, "item_separator": ", ", "key_separator": ": " }),
        );
    }
    schema
}

impl Structured {
    /// Whether a grammar masks the reply.
    pub fn is_active(&self) -> bool {
        self.format != ResponseFormat::Text || !self.tools.is_empty()
    }

    /// Whether replies are read for tool calls.
    pub fn calls_tools(&self) -> bool {
        !self.tools.is_empty() && self.choice != ToolChoice::None
    }

    /// `tool_choice: "auto"` with tools: the grammar allows a call or a reply, and the model's
    /// own tokens decide which.
    pub fn model_decides(&self) -> bool {
        !self.tools.is_empty() && self.choice == ToolChoice::Auto
    }

    /// The grammar, in llguidance's Lark dialect with `%json` for every JSON part; `None`
    /// without a format or tools.
    pub fn lark(&self) -> Option<String> {
        if !self.is_active() {
            return None;
        }
        // The reply when it is not a call: JSON of the format, or any text that never opens a
        // call (with tools the prompt describes calls, and "none" forbids them).
        let reply = match self.format.schema() {
            Some(schema) => format!("%json {}", compact(schema)),
            None if self.tools.is_empty() => return None,
            None => "TEXT".to_string(),
        };
        let called: Vec<&Tool> = match &self.choice {
            ToolChoice::Named(n) => self.tools.iter().filter(|t| &t.name == n).collect(),
            _ => self.tools.iter().collect(),
        };
        let call_schema = match called.as_slice() {
            [one] => one.call_schema(),
            many => json!({ "anyOf": many.iter().map(|t| t.call_schema()).collect::<Vec<_>>() }),
        };
        let calls = if self.parallel_tool_calls { "call (\"\\n\" call)*" } else { "call" };
        let choice = if self.tools.is_empty() { &ToolChoice::None } else { &self.choice };
        let start = match choice {
            ToolChoice::None => "reply",
            ToolChoice::Auto => "calls | reply",
            ToolChoice::Required | ToolChoice::Named(_) => "calls",
        };
        let literal = |s: &str| serde_json::to_string(s).expect("a string serialises");
        let mut g = format!("start: {start}\nreply: {reply}\n");
        if start.contains("calls") {
            g.push_str(&format!(
                "calls: {calls}\ncall: {} %json {} {}\n",
                literal(CALL_OPEN),
                compact(call_schema),
                literal(CALL_CLOSE)
            ));
        }
        if reply == "TEXT" {
            g.push_str("TEXT: /(?s:.+)/ & ~/(?s:.*<tool_call>.*)/\n");
        }
        Some(g)
    }

    /// The calls in a finished reply, when the request reads calls and the reply is one or
    /// more `<tool_call>` blocks: `(name, arguments as JSON text)`.
    pub fn tool_calls(&self, text: &str) -> Vec<(String, String)> {
        if !self.calls_tools() || !text.starts_with(CALL_OPEN) {
            return Vec::new();
        }
        let mut calls = Vec::new();
        let mut rest = text;
        while let Some(body) = rest.strip_prefix(CALL_OPEN) {
            let Some(end) = body.find(CALL_CLOSE) else { break };
            let Ok(call) = serde_json::from_str::<Value>(&body[..end]) else { break };
            let (Some(name), Some(args)) = (call.get("name").and_then(Value::as_str), call.get("arguments")) else {
                break;
            };
            calls.push((name.to_string(), args.to_string()));
            rest = body[end + CALL_CLOSE.len()..].strip_prefix('\n').unwrap_or(&body[end + CALL_CLOSE.len()..]);
        }
        calls
    }

    /// The request-body fields (`response_format` only when not text, the tool fields only
    /// with tools).
    pub fn to_json(&self, body: &mut Map<String, Value>) {
        if self.format != ResponseFormat::Text {
            body.insert("response_format".into(), self.format.to_json());
        }
        if !self.tools.is_empty() {
            body.insert("tools".into(), self.tools.iter().map(Tool::to_json).collect());
            body.insert("tool_choice".into(), self.choice.to_json());
            body.insert("parallel_tool_calls".into(), json!(self.parallel_tool_calls));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    fn format(v: Value) -> Result<ResponseFormat, String> {
        ResponseFormat::parse(&v).map_err(|p| p.text("response_format").render(Lang::En))
    }

    #[test]
    fn response_formats_read_as_the_api_writes_them() {
        assert_eq!(format(json!({"type": "text"})), Ok(ResponseFormat::Text));
        assert_eq!(format(json!({"type": "json_object"})), Ok(ResponseFormat::JsonObject));
        let schema = json!({"type": "object", "properties": {"a": {"type": "string"}}});
        let f = format(json!({"type": "json_schema", "json_schema": {"name": "thing", "schema": schema}})).unwrap();
        assert_eq!(f, ResponseFormat::JsonSchema { name: "thing".into(), schema: schema.clone(), strict: false });
        assert_eq!(ResponseFormat::parse(&f.to_json()), Ok(f));
        assert!(format(json!({"type": "xml"})).unwrap_err().contains("text, json_object or json_schema"));
        assert!(format(json!({"type": "json_schema", "json_schema": {"schema": {}}})).unwrap_err().contains("name"));
        assert!(
            format(json!({"type": "json_schema", "json_schema": {"name": "a b", "schema": {}}}))
                .unwrap_err()
                .contains("a b")
        );
    }

    #[test]
    fn strict_mode_applies_openais_two_rules_everywhere() {
        let strict = |schema: Value| {
            ResponseFormat::parse(
                &json!({"type": "json_schema", "json_schema": {"name": "x", "strict": true, "schema": schema}}),
            )
        };
        let open = json!({"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"]});
        assert_eq!(strict(open).unwrap_err(), Problem::StrictAdditional { path: "schema".into() });
        let partial = json!({"type": "object", "properties": {"a": {}, "b": {}}, "required": ["a"], "additionalProperties": false});
        assert_eq!(
            strict(partial).unwrap_err(),
            Problem::StrictRequired { path: "schema".into(), property: "b".into() }
        );
        let nested = json!({"type": "object", "additionalProperties": false, "required": ["list"],
            "properties": {"list": {"type": "array", "items": {"type": "object", "properties": {"x": {}}}}}});
        assert_eq!(
            strict(nested).unwrap_err(),
            Problem::StrictAdditional { path: "schema.properties.list.items".into() }
        );
        let fine = json!({"type": "object", "additionalProperties": false, "required": ["a"], "properties": {"a": {"type": "integer"}}});
        assert!(strict(fine).is_ok());
    }

    fn weather() -> Vec<Tool> {
        Tool::parse_list(&json!([{"type": "function", "function": {"name": "get_weather",
            "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}}]))
        .unwrap()
    }

    #[test]
    fn tools_and_tool_choice_are_checked_against_each_other() {
        let tools = weather();
        assert_eq!(ToolChoice::parse("", &tools), Ok(ToolChoice::Auto));
        assert_eq!(ToolChoice::parse("", &[]), Ok(ToolChoice::None));
        assert_eq!(ToolChoice::parse("required", &tools), Ok(ToolChoice::Required));
        assert_eq!(ToolChoice::parse("\"none\"", &tools), Ok(ToolChoice::None));
        let named = r#"{"type":"function","function":{"name":"get_weather"}}"#;
        assert_eq!(ToolChoice::parse(named, &tools), Ok(ToolChoice::Named("get_weather".into())));
        assert_eq!(ToolChoice::parse(named, &[]), Err(Problem::UnknownTool { name: "get_weather".into() }));
        assert_eq!(ToolChoice::parse("required", &[]), Err(Problem::ChoiceWithoutTools));
        assert!(matches!(ToolChoice::parse("sometimes", &tools), Err(Problem::NotJson(_))));
        let twice = json!([tools[0].to_json(), tools[0].to_json()]);
        assert_eq!(Tool::parse_list(&twice), Err(Problem::DuplicateTool { name: "get_weather".into() }));
        assert_eq!(Tool::parse_list(&json!([tools[0].to_json()])), Ok(tools));
    }

    #[test]
    fn the_grammar_follows_the_choice() {
        let s = |choice: ToolChoice, parallel: bool| Structured {
            tools: weather(),
            choice,
            parallel_tool_calls: parallel,
            ..Structured::default()
        };
        assert_eq!(Structured::default().lark(), None);
        assert!(s(ToolChoice::Auto, false).lark().unwrap().starts_with("start: calls | reply\nreply: TEXT\n"));
        assert!(s(ToolChoice::Required, true).lark().unwrap().contains("calls: call (\"\\n\" call)*"));
        let none = s(ToolChoice::None, false).lark().unwrap();
        assert!(none.starts_with("start: reply\n") && !none.contains("call:"), "{none}");
        let json_mode = Structured { format: ResponseFormat::JsonObject, ..Structured::default() }.lark().unwrap();
        assert!(json_mode.starts_with("start: reply\nreply: %json {"), "{json_mode}");
    }

    #[test]
    fn calls_are_read_from_the_reply() {
        let s = Structured { tools: weather(), choice: ToolChoice::Required, ..Structured::default() };
        let text = "<tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Seoul\"}}\n</tool_call>\n\
                    <tool_call>\n{\"name\": \"get_weather\", \"arguments\": {\"city\": \"Paris\"}}\n</tool_call>";
        assert_eq!(
            s.tool_calls(text),
            vec![
                ("get_weather".to_string(), r#"{"city":"Seoul"}"#.to_string()),
                ("get_weather".to_string(), r#"{"city":"Paris"}"#.to_string())
            ]
        );
        assert!(s.tool_calls("Sunny.").is_empty());
        let none = Structured { choice: ToolChoice::None, ..s };
        assert!(none.tool_calls(text).is_empty(), "none never reads a call");
    }
}
