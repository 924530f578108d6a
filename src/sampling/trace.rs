//! What a stage did, as plain data for the page and the export: counts and masses every stage
//! has, a sentence for its card, and the numbers particular to some stages ([`Detail`]).

use serde_json::{Value, json};

use super::{Candidates, StageKind, dry};
use crate::i18n::Text;
use crate::msg;

/// What one stage did.
#[derive(Clone, Debug, PartialEq)]
pub struct StageTrace {
    pub stage: StageKind,
    /// The stage's parameter was at its neutral value, so it returned its input unchanged.
    pub skipped: bool,
    /// Tokens kept after the stage.
    pub kept: usize,
    /// Tokens this stage removed.
    pub removed: usize,
    /// Probability mass, under the stage's input distribution, of the tokens it kept.
    pub kept_mass_before: f64,
    /// Shannon entropy of the output distribution, in nats.
    pub entropy: f64,
    /// What the card says, e.g. "top-p kept 37 tokens, 92.1% of the mass before renormalising".
    pub summary: Text,
    /// The numbers behind the sentence, for stages that have more than counts to show.
    pub detail: Detail,
}

/// Numbers a stage exposes for the page to draw (a σ line, a coin, a highlighted repeat, μ).
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Detail {
    #[default]
    None,
    /// top-nσ: statistics of the kept finite logits, the cut `max − n·σ`, and how many of
    /// those logits fall in each of equal bins from `min` to `max` (the histogram the cut is
    /// drawn on).
    TopNSigma { max: f64, mean: f64, sigma: f64, threshold: f64, min: f64, histogram: Vec<u32> },
    /// XTC: the coin at this position, whether it fired (`coin ≤ probability`), how many
    /// tokens had `p ≥ threshold` and how many of them were removed.
    Xtc { coin: f64, probability: f64, fired: bool, threshold: f64, above: usize, removed: usize },
    /// DRY: the tokens it penalised, each with the repeat it would extend.
    Dry { repeats: Vec<dry::Repeat>, untokenised: bool },
    /// mirostat: μ before this position, and for v1 the fitted Zipf exponent ŝ and the k it gave.
    Mirostat { version: u8, mu: f32, s_hat: Option<f32>, k: Option<f32> },
    /// Dynamic temperature: entropy of the input, its maximum ln N, the range and the T used.
    DynamicTemperature { entropy: f64, max_entropy: f64, t_min: f32, t_max: f32, t: f32 },
    /// η-sampling: entropy of the input and the cut `min(ε, √ε·e^(−H))`.
    Eta { entropy: f64, cutoff: f64 },
    /// grammar: how many of the vocabulary's tokens it allows, the probability mass it
    /// removed, the most probable tokens it struck out (with their probability before), and
    /// the one token it left when it left only one.
    Grammar { allowed: usize, removed_mass: f64, struck: Vec<(u32, f32)>, forced: Option<u32> },
}

impl Detail {
    /// The export's form (`null` for stages without one).
    pub fn to_json(&self) -> Value {
        match self {
            Detail::None => Value::Null,
            Detail::TopNSigma { max, mean, sigma, threshold, min, histogram } => json!({
                "max": max, "mean": mean, "sigma": sigma, "threshold": threshold,
                "histogram": { "min": min, "max": max, "counts": histogram },
            }),
            Detail::Xtc { coin, probability, fired, threshold, above, removed } => json!({
                "coin": coin, "probability": probability, "fired": fired,
                "threshold": threshold, "above_threshold": above, "removed": removed,
                "coin_rng": super::draw::COIN_RNG,
            }),
            Detail::Dry { repeats, untokenised } => json!({
                "untokenised_breakers": untokenised,
                "repeats": repeats.iter().map(dry::Repeat::to_json).collect::<Vec<_>>(),
            }),
            Detail::Mirostat { version, mu, s_hat, k } => json!({
                "version": version, "mu_bits": mu, "s_hat": s_hat, "k": k,
            }),
            Detail::DynamicTemperature { entropy, max_entropy, t_min, t_max, t } => json!({
                "entropy_nats": entropy, "max_entropy_nats": max_entropy, "t_min": t_min, "t_max": t_max, "t": t,
            }),
            Detail::Eta { entropy, cutoff } => json!({ "entropy_nats": entropy, "cutoff": cutoff }),
            Detail::Grammar { allowed, removed_mass, struck, forced } => json!({
                "allowed": allowed, "removed_mass": removed_mass, "forced": forced,
                "struck": struck.iter().map(|(id, p)| json!({ "id": id, "p": p })).collect::<Vec<_>>(),
            }),
        }
    }
}

/// A probability mass as the traces print it: one decimal of a percent.
pub fn percent1(mass: f64) -> String {
    format!("{:.1}%", 100.0 * mass)
}

impl StageTrace {
    /// Builds the trace by comparing a stage's input and output; `detail` replaces the usual
    /// "kept n tokens, m% of the mass" sentence.
    pub fn between(stage: StageKind, before: &Candidates, after: &Candidates, detail: Option<Text>) -> StageTrace {
        let kept = after.kept_count();
        let removed = before.kept_count() - kept;
        let kept_mass_before = before.mass_of(&after.kept);
        let summary = detail.unwrap_or_else(|| {
            Text::new(msg!("trace-kept"))
                .arg("name", stage.name())
                .arg("kept", kept)
                .arg("mass", percent1(kept_mass_before))
        });
        StageTrace {
            stage,
            skipped: false,
            kept,
            removed,
            kept_mass_before,
            entropy: after.entropy,
            summary,
            detail: Detail::None,
        }
    }

    /// The trace of a stage that changes nothing; `why` is a short reason ("T = 1", or a
    /// message such as "nothing generated yet").
    pub fn skipped(stage: StageKind, input: &Candidates, why: impl Into<crate::i18n::Arg>) -> StageTrace {
        StageTrace {
            stage,
            skipped: true,
            kept: input.kept_count(),
            removed: 0,
            kept_mass_before: 1.0,
            entropy: input.entropy,
            summary: Text::new(msg!("trace-off")).arg("name", stage.name()).arg("why", why),
            detail: Detail::None,
        }
    }

    /// The trace of a stage that would have removed every kept token and so removed none.
    pub fn nothing_left(stage: StageKind, input: &Candidates) -> StageTrace {
        StageTrace::between(stage, input, input, Some(Text::new(msg!("trace-nothing-left")).arg("name", stage.name())))
    }

    pub fn with_detail(self, detail: Detail) -> StageTrace {
        StageTrace { detail, ..self }
    }
}
