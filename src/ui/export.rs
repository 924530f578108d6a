//! The "Export JSON" document: everything needed to recompute the current step offline.

use serde_json::{Value, json};

use crate::i18n::Lang;
use crate::sampling::{Draw, DrawMethod, PipelineRun, SamplingParams};
use crate::tokenizer::Tokenizer;

use super::settings::{PromptMode, Settings};

fn tokens(ids: &[u32], tok: &Tokenizer) -> Value {
    Value::Array(
        ids.iter()
            .map(|&id| json!({ "id": id, "text": String::from_utf8_lossy(tok.bytes(id)), "special": tok.is_special(id) }))
            .collect(),
    )
}

/// The current step: prompt and completion tokens, the full raw logits, the parameters, every
/// stage's probabilities and kept mask, the final probabilities and the drawn token. Stage
/// summaries are written in `lang`, the reader's language.
pub fn step(
    settings: &Settings,
    prompt_ids: &[u32],
    tok: &Tokenizer,
    logits: &[f32],
    run: &PipelineRun,
    draw: &Draw,
    lang: Lang,
) -> Value {
    let mut parameters: serde_json::Map<String, Value> =
        SamplingParams::params().map(|p| (p.key.to_string(), p.json(&settings.sampling))).collect();
    parameters.insert("seed".into(), json!(settings.seed));
    parameters.insert("order".into(), json!(settings.order.iter().map(|s| s.key()).collect::<Vec<_>>()));
    let stages: Vec<Value> = run
        .stages
        .iter()
        .map(|s| {
            json!({
                "stage": s.trace.stage.key(),
                "formula": s.trace.stage.formula(),
                "skipped": s.trace.skipped,
                "summary": s.trace.summary.render(lang),
                "kept": s.trace.kept,
                "removed": s.trace.removed,
                "kept_mass_before": s.trace.kept_mass_before,
                "entropy_nats": s.trace.entropy,
                "detail": s.trace.detail.to_json(),
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
        "model": crate::generation::MODEL_NAME,
        "prompt": {
            "mode": if settings.mode == PromptMode::Chat { "messages" } else { "raw" },
            "text": settings.prompt_text(),
            "tokens": tokens(prompt_ids, tok),
        },
        "completion": tokens(&settings.completion, tok),
        "parameters": parameters,
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
