//! Native benchmarks: the sampling pipeline over the full vocabulary, and the model's prefill
//! and cached decode step. `./x bench` (or `cargo bench --bench native`); figures go to
//! BENCHMARKS.md.

use std::path::PathBuf;
use std::time::Duration;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use samplescope::model::{Kernels, KvCache, Model};
use samplescope::sampling::{self, Context, History, OrderPreset, SamplingParams, StageKind};
use samplescope::tokenizer::Tokenizer;

fn model_dir() -> PathBuf {
    std::env::var_os("SAMPLESCOPE_MODEL_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("build/model"))
}

fn setup() -> (Model, Tokenizer) {
    let dir = model_dir();
    let model = Model::load(&std::fs::read(dir.join("model.onnx")).expect("model.onnx"), |_| {}).unwrap();
    let tok = Tokenizer::from_json(&std::fs::read(dir.join("tokenizer.json")).expect("tokenizer.json")).unwrap();
    (model, tok)
}

const PASSAGE: &str = "Sampling turns a language model's scores into text. The model assigns a logit to every \
token in its vocabulary; a softmax turns the logits into probabilities, and the sampler then draws one token. \
Lowering the temperature sharpens the distribution, while top-k and top-p cut away the unlikely tail before the \
draw. Repetition penalties discourage the model from repeating itself, which matters most for small models such \
as this one. Every stage is a pure function over the candidates, and the page animates each of them in turn so \
that a learner can see which tokens survive, which are removed, and how the remaining probability mass is shared.";

fn prompt_of(tok: &Tokenizer, n: usize) -> Vec<u32> {
    let mut ids = Vec::new();
    while ids.len() < n {
        ids.extend(tok.encode(PASSAGE).unwrap());
    }
    ids.truncate(n);
    ids
}

fn bench_sampling(c: &mut Criterion, logits: &[f32], context: &[u32]) {
    let history = Context::new(History::of_context(context, 8));
    let mut group = c.benchmark_group("pipeline (49,152 logits)");
    let params = |change: &dyn Fn(&mut SamplingParams)| {
        let mut p = SamplingParams::default();
        change(&mut p);
        p
    };
    let typical = params(&|p| (p.temperature.t, p.top_k.k, p.top_p.p) = (0.8, 40, 0.95));
    group.bench_function("hf order, T 0.8, top-k 40, top-p 0.95", |b| {
        b.iter(|| sampling::run(logits, &OrderPreset::HuggingFace.order(), &typical, &history))
    });
    // A slider move: the page reruns the pipeline after the previous run (sampling::rerun).
    let hf = OrderPreset::HuggingFace.order();
    let before = sampling::run(logits, &hf, &typical, &history);
    let warmer = {
        let mut p = typical.clone();
        p.temperature.t = 0.9;
        p
    };
    let narrower = {
        let mut p = typical.clone();
        p.top_p.p = 0.9;
        p
    };
    for (name, moved) in [
        ("slider move after the previous run (rerun), hf order: T 0.8 → 0.9", warmer),
        ("slider move after the previous run (rerun), hf order: top-p 0.95 → 0.9", narrower),
    ] {
        group.bench_function(name, |b| b.iter(|| sampling::rerun(&before, logits, &hf, &moved, &history)));
    }
    let no_k = params(&|p| (p.temperature.t, p.top_p.p) = (0.8, 0.95));
    group.bench_function("openai order, T 0.8, top-p 0.95 (no top-k: full sort)", |b| {
        b.iter(|| sampling::run(logits, &OrderPreset::OpenAi.order(), &no_k, &history))
    });
    let everything = params(&|p| {
        (p.temperature.t, p.top_k.k, p.top_p.p, p.min_p.p, p.typical_p.p) = (0.8, 50, 0.95, 0.05, 0.9);
        (p.repetition_penalty.theta, p.frequency_penalty.alpha, p.presence_penalty.alpha) = (1.2, 0.5, 0.5);
        p.logit_bias.biases = vec![(7042, -5.0), (260, 2.0)];
    });
    group.bench_function("all nine stages active (llama.cpp order)", |b| {
        b.iter(|| sampling::run(logits, &OrderPreset::LlamaCpp.order(), &everything, &history))
    });
    group.bench_function("typical-p alone over the full vocabulary", |b| {
        let p = params(&|p| p.typical_p.p = 0.9);
        b.iter(|| sampling::run(logits, &[StageKind::TypicalP], &p, &history))
    });
    group.finish();
}

/// `name`: "model" for the kernels the page runs (src/model/q4.rs), or another group name for
/// tract's own Q4_0 lowering of the same file (its x86 kernels; not what wasm gets).
fn bench_model(c: &mut Criterion, name: &str, model: &mut Model, tok: &Tokenizer) {
    let mut group = c.benchmark_group(name);
    group.sample_size(10).measurement_time(Duration::from_secs(20));
    for n in [32usize, 256] {
        let ids = prompt_of(tok, n);
        group.bench_function(format!("prefill {n} tokens"), |b| {
            b.iter(|| model.forward(&mut KvCache::empty(), &ids).unwrap())
        });
    }
    let ids = prompt_of(tok, 32);
    let mut cache = KvCache::empty();
    model.forward(&mut cache, &ids).unwrap();
    group.bench_function("decode 1 token after 32 (KV cache)", |b| {
        b.iter_batched(|| cache.clone(), |mut c| model.forward(&mut c, &[7042]).unwrap(), BatchSize::LargeInput)
    });
    group.finish();
}

fn benches(c: &mut Criterion) {
    let (mut model, tok) = setup();
    let context = prompt_of(&tok, 40);
    let logits = model.forward(&mut KvCache::empty(), &context).unwrap();
    bench_sampling(c, &logits, &context);
    bench_model(c, "model", &mut model, &tok);
    drop(model);
    let bytes = std::fs::read(model_dir().join("model.onnx")).expect("model.onnx");
    let mut tract = Model::load_with(&bytes, Kernels::Tract, |_| {}).unwrap();
    bench_model(c, "model with tract's Q4_0 kernels", &mut tract, &tok);
}

criterion_group!(native, benches);
criterion_main!(native);
