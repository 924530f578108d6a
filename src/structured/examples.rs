//! Ready examples for the API panel's editors (and the tests): each is the JSON text a user
//! would paste, so the panel shows exactly what it sends.

use super::spec::{ResponseFormat, Structured, Tool, ToolChoice, read_json};

/// `response_format` examples: (id, JSON text). The id names a catalogue message
/// (`format-example-<id>`).
pub const FORMATS: &[(&str, &str)] = &[
    ("json_object", r#"{"type": "json_object"}"#),
    (
        "person",
        r#"{"type": "json_schema", "json_schema": {"name": "person", "strict": true, "schema": {
  "type": "object",
  "properties": {
    "name": {"type": "string", "maxLength": 40},
    "age": {"type": "integer", "minimum": 0, "maximum": 130},
    "city": {"type": "string", "maxLength": 40}
  },
  "required": ["name", "age", "city"],
  "additionalProperties": false
}}}"#,
    ),
    (
        "answer",
        r#"{"type": "json_schema", "json_schema": {"name": "answer", "strict": true, "schema": {
  "type": "object",
  "properties": {"answer": {"enum": ["yes", "no", "unsure"]}},
  "required": ["answer"],
  "additionalProperties": false
}}}"#,
    ),
    (
        "list",
        r#"{"type": "json_schema", "json_schema": {"name": "list", "strict": true, "schema": {
  "type": "object",
  "properties": {
    "items": {"type": "array", "items": {"type": "string", "maxLength": 30}, "minItems": 1, "maxItems": 5}
  },
  "required": ["items"],
  "additionalProperties": false
}}}"#,
    ),
];

/// The `tools` example: `get_weather(city, unit)`.
pub const WEATHER_TOOLS: &str = r#"[{"type": "function", "function": {
  "name": "get_weather",
  "description": "Current weather in a city",
  "parameters": {
    "type": "object",
    "properties": {
      "city": {"type": "string", "maxLength": 40},
      "unit": {"enum": ["celsius", "fahrenheit"]}
    },
    "required": ["city", "unit"],
    "additionalProperties": false
  },
  "strict": true
}}]"#;

/// A format example by id, parsed.
pub fn format(id: &str) -> Option<ResponseFormat> {
    let text = FORMATS.iter().find(|(i, _)| *i == id)?.1;
    ResponseFormat::parse(&read_json(text).ok()??).ok()
}

pub fn weather_tools() -> Vec<Tool> {
    Tool::parse_list(&read_json(WEATHER_TOOLS).ok().flatten().expect("the example is JSON")).expect("a valid example")
}

/// Every kind of request the examples make: each format, and the weather tool with each
/// tool_choice.
pub fn all() -> Vec<(String, Structured)> {
    let mut out: Vec<(String, Structured)> = FORMATS
        .iter()
        .map(|(id, _)| (id.to_string(), Structured { format: format(id).expect(id), ..Structured::default() }))
        .collect();
    let tools = weather_tools();
    for (name, choice) in [
        ("auto", ToolChoice::Auto),
        ("required", ToolChoice::Required),
        ("named", ToolChoice::Named("get_weather".into())),
        ("none", ToolChoice::None),
    ] {
        let s = Structured { tools: tools.clone(), choice, parallel_tool_calls: true, ..Structured::default() };
        out.push((format!("tools/{name}"), s));
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_example_parses() {
        assert_eq!(super::all().len(), super::FORMATS.len() + 4);
    }
}
