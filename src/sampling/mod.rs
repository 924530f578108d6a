//! The sampler as a chain of pure stages over one candidate set covering the whole vocabulary.
//!
//! Every stage has the same shape: `apply(&Candidates, &SamplingParams, &History) ->
//! (Candidates, StageTrace)`. Stages never drop tokens from the arrays; they mark them
//! `kept = false`, so the page can grey them out and say which rule removed them. Probabilities
//! are always the softmax over the kept tokens of all 49,152:
//!
//! `p_i = exp(l_i - m) / Σ_{j kept} exp(l_j - m)`, `m = max_{j kept} l_j`, removed tokens 0.
//!
//! `exp` is `libm`'s, in Rust on every target, so the same logits give bit-identical
//! probabilities, and with the same seed the same draw, natively and in WebAssembly.

mod candidates;
pub mod draw;
pub mod frequency_penalty;
pub mod logit_bias;
pub mod min_p;
pub mod order;
pub mod params;
pub mod presence_penalty;
pub mod repetition_penalty;
pub mod temperature;
pub mod top_k;
pub mod top_p;
pub mod typical_p;

pub use candidates::{Candidates, entropy, first_n};
pub use draw::{Draw, DrawMethod, draw};
pub use order::{OrderPreset, StageKind};
pub use params::{ParamError, SamplingParams};

/// What the sampler may look at besides the logits: the tokens already in the context.
#[derive(Clone, Copy, Debug, Default)]
pub struct History<'a> {
    /// The prompt's token ids (the repetition penalty counts them, as Hugging Face does).
    pub prompt: &'a [u32],
    /// Tokens generated so far (frequency and presence penalties count only these, as the
    /// OpenAI API does).
    pub generated: &'a [u32],
}

impl<'a> History<'a> {
    /// A context whose last `generated` tokens were sampled (the rest is the prompt).
    pub fn of_context(context: &'a [u32], generated: usize) -> History<'a> {
        let (prompt, generated) = context.split_at(context.len().saturating_sub(generated));
        History { prompt, generated }
    }
}

/// What one stage did, as plain data for the page and the export.
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
    /// One sentence, e.g. "top-p kept 37 tokens, 92.1% of the mass before renormalising".
    pub summary: String,
}

impl StageTrace {
    /// Builds the trace by comparing a stage's input and output.
    pub fn between(stage: StageKind, before: &Candidates, after: &Candidates, detail: &str) -> StageTrace {
        let kept = after.kept_count();
        let removed = before.kept_count() - kept;
        let kept_mass_before = before.mass_of(&after.kept);
        let summary = if detail.is_empty() {
            format!(
                "{} kept {kept} token{}, {:.1}% of the mass before renormalising",
                stage.name(),
                if kept == 1 { "" } else { "s" },
                100.0 * kept_mass_before
            )
        } else {
            detail.to_string()
        };
        StageTrace { stage, skipped: false, kept, removed, kept_mass_before, entropy: after.entropy, summary }
    }

    /// The trace of a stage left at its neutral value.
    pub fn skipped(stage: StageKind, input: &Candidates, why: &str) -> StageTrace {
        StageTrace {
            stage,
            skipped: true,
            kept: input.kept_count(),
            removed: 0,
            kept_mass_before: 1.0,
            entropy: input.entropy,
            summary: format!("{} is off ({why}): nothing changes", stage.name()),
        }
    }
}

/// One stage's output within a pipeline run.
#[derive(Clone, Debug)]
pub struct StageOutput {
    pub candidates: Candidates,
    pub trace: StageTrace,
}

/// The raw distribution, every stage's output in order, and the final candidates.
#[derive(Clone, Debug)]
pub struct PipelineRun {
    pub raw: Candidates,
    pub stages: Vec<StageOutput>,
    /// What the stages read besides their input, kept so that [`rerun`] can tell which
    /// outputs still hold.
    params: SamplingParams,
    history: (Vec<u32>, Vec<u32>),
}

impl PipelineRun {
    /// The candidates the draw picks from.
    pub fn last(&self) -> &Candidates {
        self.stages.last().map(|s| &s.candidates).unwrap_or(&self.raw)
    }

    /// The stage that removed `id`, if any.
    pub fn removed_by(&self, id: u32) -> Option<StageKind> {
        let mut before = &self.raw;
        for s in &self.stages {
            if before.kept[id as usize] && !s.candidates.kept[id as usize] {
                return Some(s.trace.stage);
            }
            before = &s.candidates;
        }
        None
    }
}

/// Runs `order` over `logits`: the sampler from raw scores to the distribution it draws from.
pub fn run(logits: &[f32], order: &[StageKind], params: &SamplingParams, history: &History) -> PipelineRun {
    let raw = Candidates::from_logits(logits.to_vec());
    continue_run(raw, Vec::with_capacity(order.len()), order, params, history)
}

/// The same result as [`run`], reusing what `previous` computed that still holds. A stage's
/// output depends only on its input, its own parameter and the history, so when the logits
/// and history are unchanged, the raw distribution and every leading stage of the same kind
/// whose parameter is unchanged are taken from `previous` (shared arrays, no copy). A slider
/// moves one stage's parameter: the stages before it cost nothing.
pub fn rerun(
    previous: &PipelineRun,
    logits: &[f32],
    order: &[StageKind],
    params: &SamplingParams,
    history: &History,
) -> PipelineRun {
    let same_input = previous.raw.logits[..] == *logits
        && previous.history.0 == history.prompt
        && previous.history.1 == history.generated;
    if !same_input {
        return run(logits, order, params, history);
    }
    let reused = previous
        .stages
        .iter()
        .zip(order)
        .take_while(|(done, stage)| done.trace.stage == **stage && stage.reads_same(&previous.params, params))
        .count();
    continue_run(previous.raw.clone(), previous.stages[..reused].to_vec(), order, params, history)
}

/// Applies the stages of `order` after the `done` ones.
fn continue_run(
    raw: Candidates,
    mut stages: Vec<StageOutput>,
    order: &[StageKind],
    params: &SamplingParams,
    history: &History,
) -> PipelineRun {
    for &stage in &order[stages.len()..] {
        let input = stages.last().map(|s| &s.candidates).unwrap_or(&raw);
        let (candidates, trace) = stage.apply(input, params, history);
        stages.push(StageOutput { candidates, trace });
    }
    PipelineRun { raw, stages, params: params.clone(), history: (history.prompt.to_vec(), history.generated.to_vec()) }
}

#[cfg(test)]
pub(crate) mod test_util {
    use super::*;

    /// The style guide's 4-token example: probabilities 0.1, 0.2, 0.3, 0.4.
    pub fn four() -> Candidates {
        Candidates::from_logits([0.1f32, 0.2, 0.3, 0.4].iter().map(|p| p.ln()).collect())
    }

    pub fn assert_probs(c: &Candidates, expected: &[f64]) {
        assert_eq!(c.probs.len(), expected.len());
        for (i, (&p, &e)) in c.probs.iter().zip(expected).enumerate() {
            assert!((p as f64 - e).abs() < 1e-5, "token {i}: p = {p}, expected {e} (all: {:?})", c.probs);
        }
    }

    pub fn no_history() -> History<'static> {
        History::default()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::test_util::*;
    use super::*;

    #[test]
    fn history_of_context_splits_off_the_generated_tail() {
        let h = History::of_context(&[5, 6, 7, 8], 1);
        assert_eq!((h.prompt, h.generated), (&[5, 6, 7][..], &[8][..]));
        let h = History::of_context(&[5, 6], 8);
        assert_eq!((h.prompt, h.generated), (&[][..], &[5, 6][..]));
    }

    #[test]
    fn pipeline_records_which_stage_removed_a_token() {
        let params = SamplingParams { top_k: 3, top_p: 0.5, ..SamplingParams::default() };
        let order = [StageKind::TopK, StageKind::TopP];
        let run = run(&four().logits, &order, &params, &no_history());
        // top-k 3 drops token 0 (0.1); top-p 0.5 over {0.2,0.3,0.4}/0.9 keeps 0.444 + 0.333.
        assert_eq!(run.removed_by(0), Some(StageKind::TopK));
        assert_eq!(run.removed_by(1), Some(StageKind::TopP));
        assert_eq!(run.removed_by(3), None);
        assert_probs(run.last(), &[0.0, 0.0, 3.0 / 7.0, 4.0 / 7.0]);
        assert_eq!(run.stages[1].trace.kept, 2);
        assert!((run.stages[1].trace.kept_mass_before - 7.0 / 9.0).abs() < 1e-6);
    }

    fn same_run(a: &PipelineRun, b: &PipelineRun) {
        assert_eq!(a.raw, b.raw);
        assert_eq!(a.stages.len(), b.stages.len());
        for (x, y) in a.stages.iter().zip(&b.stages) {
            assert_eq!((&x.candidates, &x.trace), (&y.candidates, &y.trace));
        }
    }

    #[test]
    fn a_rerun_reuses_the_stages_before_the_first_change() {
        let logits: Vec<f32> = (0..200).map(|i| ((i * 37 % 101) as f32 * 0.05).sin() * 4.0).collect();
        let context = [3u32, 5, 5, 9];
        let history = History::of_context(&context, 2);
        let order = [StageKind::RepetitionPenalty, StageKind::Temperature, StageKind::TopK, StageKind::TopP];
        let before = SamplingParams {
            repetition_penalty: 1.3,
            temperature: 0.7,
            top_k: 50,
            top_p: 0.9,
            ..SamplingParams::default()
        };
        let first = run(&logits, &order, &before, &history);

        let moved = SamplingParams { top_k: 20, ..before.clone() };
        let again = rerun(&first, &logits, &order, &moved, &history);
        same_run(&again, &run(&logits, &order, &moved, &history));
        // The raw distribution and the two stages before top-k are the previous arrays.
        assert!(Arc::ptr_eq(&again.raw.probs, &first.raw.probs));
        for i in 0..2 {
            assert!(Arc::ptr_eq(&again.stages[i].candidates.probs, &first.stages[i].candidates.probs));
        }
        assert!(!Arc::ptr_eq(&again.stages[2].candidates.kept, &first.stages[2].candidates.kept));

        // Another order, other logits, another history: nothing stale is reused.
        let swapped = [StageKind::Temperature, StageKind::RepetitionPenalty, StageKind::TopK, StageKind::TopP];
        same_run(&rerun(&first, &logits, &swapped, &before, &history), &run(&logits, &swapped, &before, &history));
        let mut other = logits.clone();
        other[7] += 1.0;
        same_run(&rerun(&first, &other, &order, &before, &history), &run(&other, &order, &before, &history));
        let longer = History::of_context(&context, 3);
        same_run(&rerun(&first, &logits, &order, &before, &longer), &run(&logits, &order, &before, &longer));
    }

    #[test]
    fn trace_summary_states_kept_count_and_mass() {
        let params = SamplingParams { top_k: 2, ..SamplingParams::default() };
        let run = run(&four().logits, &[StageKind::TopK], &params, &no_history());
        assert_eq!(run.stages[0].trace.summary, "top-k kept 2 tokens, 70.0% of the mass before renormalising");
    }
}
