//! Generation with the real model and tokenizer: chat template ids, stop strings across token
//! boundaries, finish reasons, seeds, best_of.

mod common;

use common::{model, tokenizer};
use samplescope::generation::{self, FinishReason, Generation, Message, Prompt, Request, Role};
use samplescope::model::VOCAB;
use samplescope::sampling::SamplingParams;
use samplescope::tokenizer::IM_END;

fn greedy() -> SamplingParams {
    let mut p = SamplingParams::default();
    p.draw.do_sample = false;
    p
}

fn chat(content: &str) -> Prompt {
    Prompt::Messages(vec![Message::new(Role::User, content)])
}

fn run(request: Request) -> Generation {
    let tok = tokenizer();
    let ids =
        generation::prompt_ids(&generation::prompt_pieces(&request.prompt, &request.structured.tools), tok).unwrap();
    let mut g = Generation::new(request, ids, tok).expect("valid request");
    generation::generate(&mut model(), tok, &mut g, |_, _| {}).unwrap();
    g
}

/// Forces a token sequence through `Choice::step` with one-hot logits: no model needed.
fn forced(tokens: &[u32], request: &Request) -> (Generation, Vec<String>) {
    let tok = tokenizer();
    let mut g = Generation::new(request.clone(), vec![504], tok).unwrap();
    let mut deltas = Vec::new();
    for &t in tokens {
        let mut logits = vec![-1e4f32; VOCAB];
        logits[t as usize] = 0.0;
        let out = g.step(0, &logits, tok);
        deltas.push(out.delta);
        if out.finish.is_some() {
            break;
        }
    }
    (g, deltas)
}

#[test]
fn chat_template_token_ids() {
    let tok = tokenizer();
    let text = generation::prompt_text(&chat("Hi"), &[]);
    let ids = tok.encode(&text).unwrap();
    // <|im_start|> system \n ... <|im_end|> \n <|im_start|> user \n Hi <|im_end|> \n <|im_start|> assistant \n
    assert_eq!(&ids[..3], &[1, 9690, 198]);
    assert_eq!(&ids[ids.len() - 11..], &[2, 198, 1, 4093, 198, 26843, 2, 198, 1, 520, 9531, 198][1..]);
    assert_eq!(ids.iter().filter(|&&t| t == 1).count(), 3, "three <|im_start|>");
    assert_eq!(tok.decode(&ids), text);
}

#[test]
fn stop_string_split_across_tokens_is_cut_and_withheld_from_the_stream() {
    let tok = tokenizer();
    let tokens: Vec<u32> = ["Hello", " wor", "ld", ".", " The"].iter().map(|t| tok.encode(t).unwrap()[0]).collect();
    assert_eq!(tok.decode(&tokens), "Hello world. The");
    let request =
        Request { prompt: Prompt::Text("x".into()), stop: vec!["world.".into()], stream: true, ..Request::default() };
    let (g, deltas) = forced(&tokens, &request);
    let c = &g.choices[0];
    assert_eq!(c.finish, Some(FinishReason::Stop));
    assert_eq!(c.text(), "Hello ");
    assert_eq!(c.stop_cut.as_ref().unwrap().at, 6);
    assert_eq!(c.steps.len(), 4, "generation ends on the token that completes the stop string");
    // After " wor", "wor" could still grow into "world.", so only " " is streamed; "ld" and "."
    // complete the stop string, none of which is ever streamed.
    assert_eq!(deltas, vec!["Hello", " ", "", ""]);
    assert_eq!(deltas.concat(), c.text());
}

#[test]
fn end_of_turn_and_max_tokens_set_the_finish_reason() {
    let tok = tokenizer();
    let hi = tok.encode("Hi").unwrap()[0];
    let request = Request { prompt: Prompt::Text("x".into()), max_tokens: 3, ..Request::default() };
    let (g, _) = forced(&[hi, IM_END, hi], &request);
    assert_eq!(g.choices[0].finish, Some(FinishReason::Stop));
    assert_eq!(g.choices[0].text(), "Hi", "<|im_end|> is not part of the text");
    let (g, _) = forced(&[hi, hi, hi, hi], &request);
    assert_eq!(g.choices[0].finish, Some(FinishReason::Length));
    assert_eq!(g.choices[0].steps.len(), 3);
}

#[test]
fn real_stop_sequence_across_a_token_boundary() {
    // Greedy is deterministic: generate once, pick a stop string spanning two generated tokens,
    // generate again with it.
    let base = Request {
        prompt: chat("Name three colours."),
        sampling: greedy(),
        max_tokens: 24,
        stream: false,
        ..Request::default()
    };
    let first = run(base.clone());
    let c = &first.choices[0];
    let tok = tokenizer();
    let texts: Vec<String> = c.tokens().iter().map(|&t| tok.decode(&[t])).collect();
    let j = (1..texts.len())
        .find(|&j| texts[j - 1].len() >= 2 && texts[j].len() >= 2 && !texts[j].contains('\u{FFFD}'))
        .expect("two multi-byte tokens in a row");
    let before: String = texts[..j].concat();
    let stop = format!("{}{}", &texts[j - 1][texts[j - 1].len() - 1..], &texts[j][..1]);
    let expected_at = before.len() - 1;
    let again = run(Request { stop: vec![stop.clone()], ..base });
    let c2 = &again.choices[0];
    assert_eq!(c2.finish, Some(FinishReason::Stop));
    let cut = c2.stop_cut.as_ref().unwrap();
    assert_eq!(cut.stop, stop);
    assert!(cut.at <= expected_at, "stop {stop:?} found at {} (first boundary occurrence at {expected_at})", cut.at);
    assert!(!c2.text().contains(&stop));
    assert!(c.text().starts_with(&c2.text()));
}

#[test]
fn same_seed_same_tokens_and_another_seed_differs() {
    let request = Request {
        prompt: Prompt::Text("Once upon a time".into()),
        sampling: SamplingParams::default(),
        max_tokens: 12,
        seed: 1234,
        stream: false,
        ..Request::default()
    };
    let a = run(request.clone());
    let b = run(request.clone());
    assert_eq!(a.choices[0].tokens(), b.choices[0].tokens());
    let others: Vec<Vec<u32>> =
        [1235u64, 99, 7].iter().map(|&seed| run(Request { seed, ..request.clone() }).choices[0].tokens()).collect();
    assert!(others.iter().any(|t| *t != a.choices[0].tokens()), "different seeds gave identical completions");
}

#[test]
fn n_choices_use_distinct_streams() {
    let request = Request {
        prompt: Prompt::Text("My favourite animal is".into()),
        max_tokens: 8,
        n: 3,
        seed: 5,
        stream: false,
        ..Request::default()
    };
    let g = run(request);
    assert_eq!(g.choices.len(), 3);
    let texts: std::collections::BTreeSet<String> = g.choices.iter().map(|c| c.text()).collect();
    assert!(texts.len() >= 2, "three choices, all identical: {texts:?}");
    let response = g.response(tokenizer(), "fp_test", 0);
    assert_eq!(response["choices"].as_array().unwrap().len(), 3);
    assert_eq!(response["usage"]["completion_tokens"], g.choices.iter().map(|c| c.steps.len()).sum::<usize>());
}

#[test]
fn best_of_returns_the_highest_mean_logprob() {
    let request = Request {
        prompt: chat("Say something."),
        max_tokens: 6,
        n: 2,
        best_of: Some(4),
        logprobs: true,
        top_logprobs: 3,
        seed: 9,
        stream: false,
        ..Request::default()
    };
    let g = run(request);
    let scores: Vec<f64> = g.choices.iter().map(|c| c.mean_raw_logprob()).collect();
    let returned = g.returned();
    assert_eq!(returned.len(), 2);
    let mut sorted = scores.clone();
    sorted.sort_by(|a, b| b.total_cmp(a));
    assert_eq!(scores[returned[0]], sorted[0]);
    assert_eq!(scores[returned[1]], sorted[1]);
    let response = g.response(tokenizer(), "fp_test", 0);
    let content = &response["choices"][0]["logprobs"]["content"];
    assert_eq!(content.as_array().unwrap().len(), g.choices[returned[0]].steps.len());
    assert_eq!(content[0]["top_logprobs"].as_array().unwrap().len(), 3);
    // the reported score is the mean of the per-token raw log probabilities
    let mean: f64 = g.choices[returned[0]].steps.iter().map(|s| s.raw_logprob as f64).sum::<f64>()
        / content.as_array().unwrap().len() as f64;
    assert!((mean - scores[returned[0]]).abs() < 1e-9);
}

#[test]
fn branching_replaces_a_token_and_regenerates_the_rest() {
    let tok = tokenizer();
    let request = Request {
        prompt: Prompt::Text("The capital of France is".into()),
        max_tokens: 6,
        logprobs: true,
        top_logprobs: 5,
        seed: 3,
        stream: false,
        sampling: greedy(),
        ..Request::default()
    };
    let g = run(request.clone());
    let original = g.choices[0].tokens();
    assert_eq!(original[0], 7042, "greedy starts with ' Paris'");
    let alternative = g.choices[0].steps[0].top.iter().map(|a| a.token).find(|&t| t != 7042).unwrap();
    // Branch at position 0: same prompt logits, the alternative instead of " Paris".
    let mut m = model();
    let mut cache = samplescope::model::KvCache::empty();
    let logits = m.forward(&mut cache, &g.prompt_ids).unwrap();
    let mut b = g.clone();
    b.choices[0].branch(0, alternative, &logits, &b.request.clone(), &b.prompt_ids.clone(), tok);
    while b.choices[0].finish.is_none() {
        let last = *b.choices[0].tokens().last().unwrap();
        let l = m.forward(&mut cache, &[last]).unwrap();
        b.step(0, &l, tok);
    }
    let branched = b.choices[0].tokens();
    assert_eq!(branched[0], alternative);
    assert!(b.choices[0].steps[0].forced);
    assert_ne!(branched, original);
}
