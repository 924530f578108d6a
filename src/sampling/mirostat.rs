//! mirostat: truncate so that the surprise of the drawn tokens tracks a target τ, with a
//! feedback loop over the completion (Basu et al. 2021), as llama.cpp implements it.
//!
//! μ (bits) starts at 2τ. v2 keeps the kept tokens with surprise `−log₂ p ≤ μ` (at least the
//! most probable). v1 fits a Zipf exponent ŝ to the top 100 probabilities (least squares of
//! `ln(pᵢ/pᵢ₊₁)` on `ln((i+2)/(i+1))` through 0), sets
//! `k = (ε̂·2^μ / (1 − N^(−ε̂)))^(1/ŝ)` with `ε̂ = ŝ − 1` and N the vocabulary, and keeps the k
//! most probable (ties by id); a k that an `int` cannot hold (not finite, or ≥ 2³¹) gives 1,
//! as llama.cpp's float-to-int conversion does on x86. Once the token is chosen, `μ ← μ − η·(−log₂ p_chosen − τ)` with p from this stage's
//! output ([`state_after`]). mirostat 0/1/2 (0 = off), τ 0..=10 (5), η 0..=1 (0.1).
//!
//! llama.cpp draws itself once mirostat is on; here the usual draw picks from this stage's
//! output with the position's number, which is the same inverse-CDF draw. μ is state: it comes
//! in the context ([`SamplerState`]) and a generation carries it per choice. llama.cpp with
//! mirostat runs only logit-bias, plain temperature and mirostat ([`LLAMA_CPP_BYPASSES`] are
//! skipped, dynamic temperature too): the order "llama.cpp with mirostat" is that chain; in
//! other orders the other stages run as placed, and the trace says what llama.cpp would skip.
//! Source: <https://arxiv.org/abs/2007.14966>, llama.cpp `llama_sampler_mirostat_apply`,
//! `llama_sampler_mirostat_v2_apply`.
//!
//! ```
//! use samplescope::sampling::{Candidates, Context, SamplerState, Stage, mirostat::{Mirostat, Params}};
//! let c = Candidates::from_logits([0.1f32, 0.2, 0.3, 0.4].iter().map(|p| p.ln()).collect());
//! let ctx = Context::default().with_state(SamplerState { mu: Some(2.0) });
//! let (out, _) = Mirostat::apply(&c, &Params { version: 2, ..Params::default() }, &ctx);
//! // surprises 1.32, 1.74, 2.32, 3.32 bits: μ = 2 keeps 0.4 and 0.3
//! assert_eq!(*out.kept, vec![false, false, true, true]);
//! ```

use super::{
    Api, Candidates, Context, Detail, Input, NumberSpec, Param, ParamKind, ParamValue, PipelineRun, SamplerState,
    Stage, StageDecl, StageKind, StageTrace,
};
use crate::i18n::Text;
use crate::msg;

pub struct Mirostat;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Params {
    /// 0 = off, 1 or 2.
    pub version: u8,
    /// τ, the target surprise in bits.
    pub tau: f32,
    /// η, the learning rate of μ.
    pub eta: f32,
}

impl Default for Params {
    fn default() -> Self {
        Params { version: 0, tau: 5.0, eta: 0.1 }
    }
}

/// The stages llama.cpp does not run while mirostat is on (its whole `--samplers` list).
pub const LLAMA_CPP_BYPASSES: &[StageKind] = &[
    StageKind::RepetitionPenalty,
    StageKind::FrequencyPenalty,
    StageKind::PresencePenalty,
    StageKind::Dry,
    StageKind::TopNSigma,
    StageKind::TopK,
    StageKind::TypicalP,
    StageKind::TopP,
    StageKind::MinP,
    StageKind::Xtc,
];

/// Pairs of the fit: llama.cpp's `m` = 100 tokens.
const FIT: usize = 100;

const fn number(max: f64, step: f64, default: f64, neutral: bool, integer: bool) -> ParamKind {
    ParamKind::Number(NumberSpec { min: 0.0, max, step, default, neutral, integer })
}

impl Stage for Mirostat {
    type Params = Params;
    const DECL: StageDecl = StageDecl {
        key: "mirostat",
        name: "mirostat",
        formula: "v2: keep −log₂ pᵢ ≤ μ;  v1: keep top k(ŝ, μ);  then μ ← μ − η(−log₂ p_chosen − τ)",
        source: "https://arxiv.org/abs/2007.14966",
        reads: &[Input::State],
        params: &[
            Param {
                key: "mirostat",
                symbol: "version",
                kind: number(2.0, 1.0, 0.0, true, true),
                api: Api::Extra,
                marks: &[(1.0, msg!("value-mirostat-v1")), (2.0, msg!("value-mirostat-v2"))],
                get: |p| ParamValue::Number(p.mirostat.version as f64),
                set: |p, v| p.mirostat.version = v.number().clamp(0.0, 2.0) as u8,
            },
            Param {
                key: "mirostat_tau",
                symbol: "τ",
                kind: number(10.0, 0.1, 5.0, false, false),
                api: Api::Extra,
                marks: &[],
                get: |p| ParamValue::Number(p.mirostat.tau as f64),
                set: |p, v| p.mirostat.tau = v.number() as f32,
            },
            Param {
                key: "mirostat_eta",
                symbol: "η",
                kind: number(1.0, 0.01, 0.1, false, false),
                api: Api::Extra,
                marks: &[],
                get: |p| ParamValue::Number(p.mirostat.eta as f64),
                set: |p, v| p.mirostat.eta = v.number() as f32,
            },
        ],
    };

    fn apply(input: &Candidates, params: &Params, ctx: &Context) -> (Candidates, StageTrace) {
        let stage = StageKind::Mirostat;
        if params.version == 0 {
            return (input.clone(), StageTrace::skipped(stage, input, "mirostat = 0"));
        }
        let mu = mu_before(params, ctx.state);
        let ranked = input.kept_by_prob();
        let (keep_n, s_hat, k) = if params.version == 1 {
            let (s_hat, k) = zipf_k(input, &ranked, mu);
            let fits_int = k.is_finite() && (k as f64) < 2f64.powi(31);
            let n = if fits_int { (k as f64).clamp(1.0, ranked.len() as f64) as usize } else { 1 };
            (n, Some(s_hat), Some(k))
        } else {
            let fits = ranked.iter().take_while(|&&id| surprise(input.probs[id as usize]) <= mu).count();
            (fits.max(1), None, None)
        };
        let mut keep = vec![false; input.len()];
        for &id in &ranked[..keep_n] {
            keep[id as usize] = true;
        }
        let out = input.keep_only(keep);
        let bypassed: Vec<&str> = LLAMA_CPP_BYPASSES.iter().map(|s| s.name()).collect();
        let summary = match (s_hat, k) {
            (Some(s_hat), Some(k)) => Text::new(msg!("trace-mirostat-v1"))
                .arg("s_hat", format!("{s_hat:.3}"))
                .arg("k", format!("{k:.1}")),
            _ => Text::new(msg!("trace-mirostat-v2")),
        };
        let summary =
            summary.arg("mu", format!("{mu:.3}")).arg("kept", out.kept_count()).arg("bypassed", bypassed.join(", "));
        let trace = StageTrace::between(stage, input, &out, Some(summary));
        (out, trace.with_detail(Detail::Mirostat { version: params.version, mu, s_hat, k }))
    }
}

/// μ for this position: what the previous one left, or 2τ at the start.
pub fn mu_before(params: &Params, state: SamplerState) -> f32 {
    state.mu.unwrap_or(2.0 * params.tau)
}

/// Surprise in bits.
fn surprise(p: f32) -> f32 {
    -libm::log2f(p)
}

/// v1's fit over the top tokens with non-zero probability, and the k it gives.
fn zipf_k(input: &Candidates, ranked: &[u32], mu: f32) -> (f32, f32) {
    let top: Vec<f32> = ranked.iter().map(|&id| input.probs[id as usize]).take_while(|&p| p > 0.0).take(FIT).collect();
    let (mut sum_tb, mut sum_tt) = (0f32, 0f32);
    for i in 0..top.len().saturating_sub(1) {
        let t = libm::logf((i + 2) as f32 / (i + 1) as f32);
        let b = libm::logf(top[i] / top[i + 1]);
        sum_tb += t * b;
        sum_tt += t * t;
    }
    let s_hat = sum_tb / sum_tt;
    let eps = s_hat - 1.0;
    let n = input.len() as f32;
    let k = libm::powf(eps * libm::powf(2.0, mu) / (1.0 - libm::powf(n, -eps)), 1.0 / s_hat);
    (s_hat, k)
}

/// The state after `token` was chosen at the position `run` sampled: μ moves by
/// `−η·(−log₂ p − τ)`, p the token's probability in the last mirostat stage of the run. If no
/// mirostat stage ran, or it had removed the token (a forced token), μ stays as it was.
pub fn state_after(run: &PipelineRun, token: u32) -> SamplerState {
    let before = run.context().state;
    let Some(output) = run.stages.iter().rev().find(|s| s.trace.stage == StageKind::Mirostat && !s.trace.skipped)
    else {
        return before;
    };
    let p = output.candidates.probs.get(token as usize).copied().unwrap_or(0.0);
    if p <= 0.0 {
        return before;
    }
    let params = &run.params().mirostat;
    let mu = mu_before(params, before);
    SamplerState { mu: Some(mu - params.eta * (surprise(p) - params.tau)) }
}

#[cfg(test)]
mod tests;
