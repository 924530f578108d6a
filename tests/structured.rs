//! Structured outputs on the real model and tokenizer: the grammar's mask after hand-checked
//! prefixes, and for 20 seeds per mode, replies that parse, validate against their schema
//! (checked by the `jsonschema` crate, not by the grammar that made them) and call tools
//! with valid arguments.

mod common;

use common::tokenizer;
use samplescope::generation::{self, FinishReason, Generation, MaskPlacement, Message, Prompt, Request, Role};
use samplescope::model::VOCAB;
use samplescope::sampling::SamplingParams;
use samplescope::structured::{Compiler, FormatState, ResponseFormat, Structured, ToolChoice, examples};
use samplescope::tokenizer::{END_OF_TEXT, IM_END};
use serde_json::Value;

/// The grammar's state after `prefix`, which the grammar's own JSON writing would produce.
fn after(structured: &Structured, prefix: &str) -> FormatState {
    let tok = tokenizer();
    let mut state = Compiler::cached(tok).unwrap().compile(structured).unwrap().expect("a grammar");
    for t in tok.encode_text(prefix).unwrap() {
        state.consume(t).unwrap_or_else(|e| panic!("{prefix:?} at token {t}: {e}"));
    }
    state
}

fn allowed_texts(state: &mut FormatState) -> Vec<(u32, String)> {
    let tok = tokenizer();
    state.mask(VOCAB).unwrap().ids().map(|id| (id, String::from_utf8_lossy(tok.bytes(id)).into_owned())).collect()
}

fn schema(id: &str) -> Structured {
    Structured { format: examples::format(id).unwrap(), ..Structured::default() }
}

#[test]
fn after_an_opening_brace_only_the_first_property_can_follow() {
    // The person schema's properties come in order; `{"` can only go on with `name": "`.
    let mut state = after(&schema("person"), "{\"");
    let allowed = allowed_texts(&mut state);
    let target = "name\": \"";
    assert!(!allowed.is_empty());
    for (id, text) in &allowed {
        assert!(target.starts_with(text.as_str()), "token {id} {text:?} does not continue `name\": \"`");
    }
    let tok = tokenizer();
    let name = tok.encode_text("name").unwrap();
    assert_eq!(name.len(), 1);
    assert!(allowed.iter().any(|(id, _)| *id == name[0]), "the whole word `name` is one allowed token");
}

#[test]
fn an_integer_property_allows_exactly_the_ten_digits() {
    // SmolLM2 splits numbers into single digits; age is an integer from 0 to 130.
    let mut state = after(&schema("person"), "{\"name\": \"Ann\", \"age\": ");
    let mut allowed: Vec<String> = allowed_texts(&mut state).into_iter().map(|(_, t)| t).collect();
    allowed.sort();
    assert_eq!(allowed, (0..10).map(|d| d.to_string()).collect::<Vec<_>>());
}

#[test]
fn a_string_property_allows_string_text_and_its_closing_quote_only() {
    let mut state = after(&schema("person"), "{\"name\": \"");
    let allowed = allowed_texts(&mut state);
    assert!(allowed.len() > 10_000, "most text tokens can be in a name: {}", allowed.len());
    for (id, text) in &allowed {
        // String text (no raw control characters, backslashes only as JSON escapes) up to an
        // unescaped quote, then only what may follow the name.
        let bytes = text.as_bytes();
        let mut i = 0;
        let closed = loop {
            match bytes.get(i) {
                None => break None,
                Some(b'"') => break Some(i),
                Some(b'\\') => {
                    let next = bytes.get(i + 1);
                    assert!(next.is_none_or(|c| b"\"\\/bfnrtu".contains(c)), "token {id} {text:?}: a bad escape");
                    i += 2;
                }
                Some(c) => {
                    assert!(*c >= 0x20, "token {id} {text:?} writes a raw control character");
                    i += 1;
                }
            }
        };
        if let Some(q) = closed {
            assert!(", \"age\": ".starts_with(&text[q + 1..]), "token {id} {text:?} closes the string wrongly");
        }
    }
    let tok = tokenizer();
    let newline = tok.encode_text("\n").unwrap()[0];
    assert!(allowed.iter().all(|(id, _)| *id != newline), "a raw newline cannot be in a JSON string");
    assert!(allowed.iter().all(|(id, _)| *id != IM_END), "the reply cannot end inside a string");
}

#[test]
fn an_enum_allows_prefixes_of_its_values_then_forces_the_end() {
    let s = schema("answer");
    let mut state = after(&s, "{\"answer\": \"");
    let allowed = allowed_texts(&mut state);
    for (id, text) in &allowed {
        assert!(
            ["yes\"}", "no\"}", "unsure\"}"].iter().any(|v| v.starts_with(text.as_str())),
            "token {id} {text:?} is not the start of an answer"
        );
    }
    let tok = tokenizer();
    let yes = tok.encode_text("yes").unwrap()[0];
    let maybe = tok.encode_text("maybe").unwrap()[0];
    assert!(allowed.iter().any(|(id, _)| *id == yes) && !allowed.iter().any(|(id, _)| *id == maybe));
    // Once the object is closed, only the end of the turn is allowed.
    let mut done = after(&s, "{\"answer\": \"yes\"}");
    assert!(done.is_accepting());
    assert_eq!(done.mask(VOCAB).unwrap().ids().collect::<Vec<_>>(), vec![END_OF_TEXT, IM_END]);
}

#[test]
fn tool_choice_none_forbids_opening_a_call_and_required_forces_one() {
    let tools = examples::weather_tools();
    let none = Structured { tools: tools.clone(), choice: ToolChoice::None, ..Structured::default() };
    for prefix in ["Sure, <tool", "Sure, <tool_call"] {
        let mut state = after(&none, prefix);
        let allowed = allowed_texts(&mut state);
        assert!(allowed.len() > 40_000, "none allows almost any text: {}", allowed.len());
        for (id, text) in allowed {
            assert!(
                !format!("{prefix}{text}").contains("<tool_call>"),
                "none allows token {id} {text:?} after {prefix:?}"
            );
        }
    }
    let required = Structured { tools, choice: ToolChoice::Required, ..Structured::default() };
    let mut state = after(&required, "");
    for (id, text) in allowed_texts(&mut state) {
        assert!("<tool_call>\n".starts_with(text.as_str()), "required allows token {id} {text:?} first");
    }
}

/// Replies for `count` seeds (several requests of up to 8 choices, each choice its own seed).
/// Sampling is the model card's (T 0.2, top-p 0.9), as the page's chat mode starts.
fn replies(structured: &Structured, question: &str, mask: MaskPlacement, count: usize) -> Vec<(Generation, usize)> {
    let mut sampling = SamplingParams::default();
    (sampling.temperature.t, sampling.top_p.p) = (0.2, 0.9);
    let mut out = Vec::new();
    let mut seed = 1;
    while out.len() < count {
        let n = (count - out.len()).min(8);
        let request = Request {
            prompt: Prompt::Messages(vec![Message::new(Role::User, question)]),
            sampling: sampling.clone(),
            structured: structured.clone(),
            mask,
            max_tokens: 160,
            n,
            seed,
            stream: false,
            ..Request::default()
        };
        let tok = tokenizer();
        let ids = tok.encode(&generation::prompt_text(&request.prompt, &structured.tools)).unwrap();
        let mut g = Generation::new(request, ids, tok).expect("a valid request");
        generation::generate(&mut common::model(), tok, &mut g, |_, _| {}).unwrap();
        for i in 0..n {
            out.push((g.clone(), i));
        }
        seed += 1;
    }
    out
}

fn validator(format: &ResponseFormat) -> jsonschema::Validator {
    let ResponseFormat::JsonSchema { schema, .. } = format else { panic!("not a schema") };
    jsonschema::validator_for(schema).expect("the example schema compiles")
}

#[test]
fn json_object_replies_parse_as_json_objects_for_20_seeds() {
    let s = Structured { format: ResponseFormat::JsonObject, ..Structured::default() };
    // JSON mode bounds nothing but the form: the question asks for a small object, as OpenAI's
    // guide says a JSON-mode request must.
    let question = "Give the name and the capital of France as a JSON object with two keys.";
    for (g, i) in replies(&s, question, MaskPlacement::First, 20) {
        let c = &g.choices[i];
        assert_eq!(c.finish, Some(FinishReason::Stop), "seed {}: {:?}", c.seed, c.text());
        let v: Value =
            serde_json::from_str(&c.text()).unwrap_or_else(|e| panic!("seed {}: {e}: {:?}", c.seed, c.text()));
        assert!(v.is_object(), "seed {}: {v}", c.seed);
        assert!(c.steps.iter().all(|s| s.grammar.is_some()), "every token has its grammar step");
    }
}

#[test]
fn json_schema_replies_validate_for_20_seeds_with_each_placement() {
    let questions = [("person", "Give me a person: name, age and city, as JSON."), ("answer", "Is the sky green?")];
    for (id, question) in questions {
        let s = schema(id);
        let check = validator(&s.format);
        for mask in MaskPlacement::ALL {
            let (mut rejected, mut accepted) = (0, 0);
            for (g, i) in replies(&s, question, mask, 20) {
                let c = &g.choices[i];
                assert_eq!(c.finish, Some(FinishReason::Stop), "{id} {mask:?} seed {}: {:?}", c.seed, c.text());
                let v: Value = serde_json::from_str(&c.text()).unwrap();
                assert!(check.is_valid(&v), "{id} {mask:?} seed {}: {v}", c.seed);
                for step in &c.steps {
                    match step.grammar.as_ref().expect("a grammar step").rejected {
                        Some(r) => {
                            assert_ne!(r, step.token, "the masked draw replaced the rejected token");
                            rejected += 1;
                        }
                        None => accepted += 1,
                    }
                }
            }
            match mask {
                MaskPlacement::First => assert_eq!(rejected, 0, "{id}: the mask comes first, nothing is drawn twice"),
                MaskPlacement::Resample => assert!(rejected > 0 && accepted > 0, "{id}: {rejected} / {accepted}"),
            }
        }
    }
}

#[test]
fn required_tool_calls_have_valid_arguments_and_none_never_calls_for_20_seeds() {
    let tools = examples::weather_tools();
    let check = jsonschema::validator_for(&tools[0].parameters).unwrap();
    let required = Structured {
        tools: tools.clone(),
        choice: ToolChoice::Required,
        parallel_tool_calls: false,
        ..Structured::default()
    };
    for (g, i) in replies(&required, "What is the weather in Seoul?", MaskPlacement::First, 20) {
        let c = &g.choices[i];
        assert_eq!(c.finish, Some(FinishReason::ToolCalls), "seed {}: {:?}", c.seed, c.text());
        let calls = g.tool_calls(i);
        assert_eq!(calls.len(), 1, "parallel_tool_calls = false: one call");
        assert_eq!(calls[0].function.name, "get_weather");
        let args: Value = serde_json::from_str(&calls[0].function.arguments).unwrap();
        assert!(check.is_valid(&args), "seed {}: {args}", c.seed);
        let message = g.message(i);
        assert!(message["content"].is_null() && message["tool_calls"][0]["type"] == "function");
    }
    let none = Structured { tools, choice: ToolChoice::None, ..Structured::default() };
    for (g, i) in replies(&none, "What is the weather in Seoul?", MaskPlacement::First, 20) {
        let c = &g.choices[i];
        assert_ne!(c.finish, Some(FinishReason::ToolCalls));
        assert!(g.tool_calls(i).is_empty() && !c.text().contains("<tool_call>"), "seed {}: {:?}", c.seed, c.text());
    }
}
