//! The "Export JSON" document: everything needed to recompute the current step offline.

use serde_json::{Value, json};

use crate::sampling::{Draw, DrawMethod, PipelineRun};
use crate::tokenizer::Tokenizer;

use super::url_state::Settings;

/// An f32 parameter as the decimal the user set (0.9, not 0.8999999761581421).
fn decimal(x: f32) -> Value {
    x.to_string().parse::<f64>().map(Value::from).unwrap_or(Value::Null)
}

fn tokens(ids: &[u32], tok: &Tokenizer) -> Value {
    Value::Array(
        ids.iter()
            .map(|&id| json!({ "id": id, "text": String::from_utf8_lossy(tok.bytes(id)), "special": tok.is_special(id) }))
            .collect(),
    )
}

/// The current step: prompt and completion tokens, the full raw logits, the parameters, every
/// stage's probabilities and kept mask, the final probabilities and the drawn token.
pub fn step(
    settings: &Settings,
    prompt_ids: &[u32],
    tok: &Tokenizer,
    logits: &[f32],
    run: &PipelineRun,
    draw: &Draw,
) -> Value {
    let p = &settings.sampling;
    let stages: Vec<Value> = run
        .stages
        .iter()
        .map(|s| {
            json!({
                "stage": s.trace.stage.key(),
                "formula": s.trace.stage.formula(),
                "skipped": s.trace.skipped,
                "summary": s.trace.summary,
                "kept": s.trace.kept,
                "removed": s.trace.removed,
                "kept_mass_before": s.trace.kept_mass_before,
                "entropy_nats": s.trace.entropy,
                "probs": s.candidates.probs.as_slice(),
                "mask": s.candidates.kept.iter().map(|&k| k as u8).collect::<Vec<u8>>(),
            })
        })
        .collect();
    let u = match draw.method {
        DrawMethod::Sample { u } => Some(u),
        DrawMethod::Greedy => None,
    };
    json!({
        "samplescope": env!("CARGO_PKG_VERSION"),
        "model": "SmolLM2-135M-Instruct",
        "prompt": {
            "mode": if settings.mode == super::url_state::PromptMode::Chat { "messages" } else { "raw" },
            "text": settings.prompt_text(),
            "tokens": tokens(prompt_ids, tok),
        },
        "completion": tokens(&settings.completion, tok),
        "parameters": {
            "temperature": decimal(p.temperature),
            "top_k": p.top_k,
            "top_p": decimal(p.top_p),
            "min_p": decimal(p.min_p),
            "typical_p": decimal(p.typical_p),
            "repetition_penalty": decimal(p.repetition_penalty),
            "frequency_penalty": decimal(p.frequency_penalty),
            "presence_penalty": decimal(p.presence_penalty),
            "logit_bias": p.logit_bias.iter().map(|(id, b)| (id.to_string(), decimal(*b))).collect::<serde_json::Map<String, Value>>(),
            "do_sample": p.do_sample,
            "seed": settings.seed,
            "order": settings.order.iter().map(|s| s.key()).collect::<Vec<_>>(),
        },
        "vocab_size": logits.len(),
        "logits": logits,
        "raw_probs": run.raw.probs.as_slice(),
        "stages": stages,
        "final_probs": run.last().probs.as_slice(),
        "sampled": {
            "token": draw.token,
            "text": String::from_utf8_lossy(tok.bytes(draw.token)),
            "prob": draw.prob,
            "method": if u.is_some() { "sample" } else { "greedy" },
            "u": u,
            "rng": "ChaCha8, seed_from_u64(seed), one u64 per completion position, top 53 bits",
        },
    })
}
