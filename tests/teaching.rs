//! The teaching material's claims, measured on the real model through the page's own demo
//! links (`locales/demos.json`) and its own explorer logic (`ui::analysis`): what each
//! misreading's demo says it shows, it shows.

mod common;

use std::sync::Arc;

use common::{model, tokenizer};
use samplescope::generation::{self, is_end};
use samplescope::model::{KvCache, VOCAB};
use samplescope::sampling::{SamplerState, StageKind};
use samplescope::ui::analysis::{Analysis, Inputs, Step};
use samplescope::ui::lessons;
use samplescope::ui::settings::Settings;

/// The settings demo `key` opens.
fn demo(key: &str) -> Settings {
    let demo = lessons::demo(key).unwrap_or_else(|| panic!("no demo {key}"));
    let (s, notes) = lessons::apply(&Settings::with_seed(1), &demo, VOCAB);
    assert!(notes.is_empty(), "{key} opens with notes");
    s
}

fn context(s: &Settings) -> Vec<u32> {
    let mut ids = tokenizer().encode(&s.prompt_text()).unwrap();
    ids.extend_from_slice(&s.completion);
    ids
}

/// What the explorer hands the stages besides the logits: the seed and the settings' strings
/// as tokens.
fn inputs(s: &Settings) -> Inputs {
    Inputs { seed: s.seed, tokenised: Arc::new(generation::tokenised(&s.sampling, tokenizer())), grammar: None }
}

/// What the explorer shows for these settings (a demo's completion starts from no sampler
/// state, as a linked completion does on the page).
fn analyse(s: &Settings) -> Analysis {
    let context = context(s);
    let logits = model().forward(&mut KvCache::empty(), &context).unwrap();
    let step = Arc::new(Step { context, logits, from_snapshot: false });
    Analysis::new(step, s.completion.len(), &s.sampling, &s.order, &inputs(s), SamplerState::default(), None)
}

/// The probability of `id` after stage `stage` (or the raw softmax when the stage is absent).
fn prob_after(a: &Analysis, stage: StageKind, id: u32) -> f64 {
    let at = a.run.stages.iter().position(|o| o.trace.stage == stage).expect("stage in the order");
    a.run.stages[at].candidates.probs[id as usize] as f64
}

fn raw(a: &Analysis, id: u32) -> f64 {
    a.run.raw.probs[id as usize] as f64
}

fn id(text: &str) -> u32 {
    let ids = tokenizer().encode(text).unwrap();
    assert_eq!(ids.len(), 1, "{text:?} is one token");
    ids[0]
}

/// The explorer's Generate: appends what the seed draws until the end of the turn or
/// `max_tokens`, one forward pass per token (a KV cache keeps it quick).
fn generate(mut s: Settings) -> Vec<u32> {
    let mut model = model();
    let mut cache = KvCache::empty();
    let mut context = context(&s);
    let mut logits = model.forward(&mut cache, &context).unwrap();
    let inputs = inputs(&s);
    // The sampler state (mirostat's μ) carried from token to token, as the page carries it.
    let mut state = SamplerState::default();
    for _ in 0..s.max_tokens {
        let step = Arc::new(Step { context: context.clone(), logits: logits.clone(), from_snapshot: false });
        let a = Analysis::new(step, s.completion.len(), &s.sampling, &s.order, &inputs, state, None);
        let token = a.draw.token;
        state = a.run.state_after(token);
        s.completion.push(token);
        context.push(token);
        if is_end(token) {
            break;
        }
        logits = model.forward(&mut cache, &[token]).unwrap();
    }
    s.completion
}

/// Tokens of `completion` that already occurred earlier in it (the page's own count).
use samplescope::ui::two_settings::repeats;

#[test]
fn myth_1_frequency_penalty_discourages_repetition() {
    let s = demo("frequency_penalty");
    assert_eq!(s.sampling.frequency_penalty.alpha, 1.0);
    let apple = id(" apple");
    let a = analyse(&s);
    // The explanation says: about 79% before, about 16% after subtracting 3 × 1.
    let (before, after) = (raw(&a, apple), prob_after(&a, StageKind::FrequencyPenalty, apple));
    eprintln!("P(' apple') {before:.4} -> {after:.4}");
    assert!((before - 0.79).abs() < 0.02 && (after - 0.16).abs() < 0.02, "{before} -> {after}");
    let mut counts = Vec::new();
    for alpha in [-2.0, 0.0, 2.0] {
        let mut s = s.clone();
        s.sampling.frequency_penalty.alpha = alpha;
        let completion = generate(s.clone());
        let generated = &completion[6..];
        eprintln!("alpha {alpha}: {} repeats in {:?}", repeats(&completion), tokenizer().decode(generated));
        counts.push(repeats(&completion));
    }
    assert!(counts[2] < counts[1], "α = 2 repeats less than α = 0: {counts:?}");
    assert!(counts[0] > counts[1], "α = −2 repeats more than α = 0: {counts:?}");
}

#[test]
fn myth_2_presence_subtracts_once_frequency_per_occurrence() {
    let s = demo("presence_penalty");
    let apple = id(" apple");
    let a = analyse(&s);
    let presence = prob_after(&a, StageKind::PresencePenalty, apple);
    let mut f = s.clone();
    f.sampling.presence_penalty.alpha = 0.0;
    f.sampling.frequency_penalty.alpha = s.sampling.presence_penalty.alpha;
    let frequency = prob_after(&analyse(&f), StageKind::FrequencyPenalty, apple);
    eprintln!("P(' apple'): raw {:.4}, presence {presence:.4}, frequency {frequency:.4}", raw(&a, apple));
    assert!(raw(&a, apple) > presence && presence > frequency, "three occurrences: presence −α, frequency −3α");
}

#[test]
fn myth_5_a_lower_top_p_only_removes_tokens() {
    let s = demo("top_p");
    let mut kept = Vec::new();
    for p in [1.0, 0.95, 0.9, 0.7, 0.5, 0.3, 0.0] {
        let mut s = s.clone();
        s.sampling.top_p.p = p;
        kept.push(analyse(&s).run.last().kept_count());
    }
    eprintln!("kept at top_p 1 … 0: {kept:?}");
    assert_eq!(kept[0], VOCAB);
    assert!(kept.windows(2).all(|w| w[1] <= w[0]), "{kept:?}");
    // The explanation: "about 15" at 0.5, "about 450" at 0.9.
    assert!((12..=18).contains(&kept[4]), "top_p 0.5 keeps {}", kept[4]);
    assert!((400..=500).contains(&kept[2]), "top_p 0.9 keeps {}", kept[2]);
    assert_eq!(kept[6], 1);
}

#[test]
fn myth_6_temperature_and_top_p_interact_through_the_order() {
    let s = demo("myth-6");
    let other = s.compare.clone().expect("the demo compares two orders");
    let a = analyse(&s);
    let mut b = s.clone();
    b.order = other;
    let b = analyse(&b);
    let (ka, kb) = (a.run.last().kept_count(), b.run.last().kept_count());
    eprintln!("T 1.5, top_p 0.9: {ka} kept in Hugging Face's order, {kb} in llama.cpp's");
    assert_ne!(ka, kb);
}

#[test]
fn temperature_demo_sharpens_as_the_explanation_says() {
    let s = demo("temperature");
    let blue = id(" blue");
    let mut seen = Vec::new();
    for t in [1.0, 0.5, 0.2] {
        let mut s = s.clone();
        s.sampling.temperature.t = t;
        seen.push(prob_after(&analyse(&s), StageKind::Temperature, blue));
    }
    eprintln!("P(' blue') at T 1, 0.5, 0.2: {seen:?}");
    for (got, said) in seen.iter().zip([0.11, 0.37, 0.68]) {
        assert!((got - said).abs() < 0.015, "{got} against the text's {said}");
    }
}

#[test]
fn the_model_chapter_ranks_sydney_above_canberra() {
    let s = demo("model");
    let a = analyse(&s);
    let (sydney, canberra) = (raw(&a, id(" Sydney")), raw(&a, id(" Canberra")));
    eprintln!("P(' Sydney') {sydney:.4}, P(' Canberra') {canberra:.4}");
    assert!(sydney > canberra);
    assert!((sydney - 0.36).abs() < 0.015 && (canberra - 0.34).abs() < 0.015);
}

#[test]
fn myth_8_the_same_seed_gives_the_same_tokens() {
    let mut s = demo("seed");
    s.max_tokens = 12;
    let first = generate(s.clone());
    assert_eq!(generate(s.clone()), first);
    let other: Vec<Vec<u32>> = (1..=4)
        .map(|k| {
            let mut t = s.clone();
            t.seed += k;
            generate(t)
        })
        .collect();
    assert!(other.iter().any(|o| *o != first), "four other seeds all gave the same text");
}
