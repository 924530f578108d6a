//! The sampler as a chain of pure stages over one candidate set covering the whole vocabulary.
//!
//! Every stage has the same shape ([`Stage`]): `apply(&Candidates, &Params, &Context) ->
//! (Candidates, StageTrace)`, where the [`Context`] holds what it may read besides its input
//! and its own parameters (the history, shared parameters such as `min_keep`, the seed,
//! caller-tokenised strings, mirostat's μ), and its declaration says which parts it reads. Stages never drop tokens from the arrays; they mark them
//! `kept = false`, so the page can grey them out and say which rule removed them. Probabilities
//! are always the softmax over the kept tokens of all 49,152:
//!
//! `p_i = exp(l_i - m) / Σ_{j kept} exp(l_j - m)`, `m = max_{j kept} l_j`, removed tokens 0.
//!
//! `exp` is `libm`'s, in Rust on every target, so the same logits give bit-identical
//! probabilities, and with the same seed the same draw, natively and in WebAssembly.
//!
//! Each stage is one file that declares itself ([`StageDecl`]); the list below is the only
//! other place that names it.

mod candidates;
mod context;
pub mod draw;
pub mod order;
pub mod params;
pub mod shared;
pub mod stage;
mod trace;

pub use candidates::{Candidates, entropy, first_n};
pub use context::{Breakers, Context, SamplerState, Tokenised, Wanted, WordIds};
pub use draw::{Draw, DrawMethod, draw};
pub use order::OrderPreset;
pub use params::ParamError;
pub use stage::{Api, Input, NumberSpec, Param, ParamKind, ParamValue, Stage, StageDecl, ValueProblem};
pub use trace::{Detail, StageTrace, percent1};

use context::OwnedContext;

/// Declares the stages: their modules, [`StageKind`], the fields of [`SamplingParams`] (one per
/// stage, of the stage's own parameter type) and the dispatch from a kind to its stage.
macro_rules! stages {
    ($($variant:ident: $module:ident),* $(,)?) => {
        $(pub mod $module;)*

        /// A logits stage. The final draw is not one: it picks from what the last stage leaves.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum StageKind {
            $($variant),*
        }

        /// Every parameter the sampler reads: each stage's, in the stage's own type, the ones
        /// several stages share, and the draw's. `Default` is every stage at its neutral
        /// value: the plain softmax draw.
        #[derive(Clone, Debug, Default, PartialEq)]
        pub struct SamplingParams {
            $(pub $module: <$module::$variant as Stage>::Params,)*
            pub shared: shared::Params,
            pub draw: draw::Params,
        }

        impl StageKind {
            /// Every stage, in the order of this list.
            pub const ALL: &'static [StageKind] = &[$(StageKind::$variant),*];

            /// What the stage declares about itself.
            pub fn decl(self) -> &'static StageDecl {
                match self {
                    $(StageKind::$variant => &<$module::$variant as Stage>::DECL),*
                }
            }

            /// Applies the stage: the one call signature all stages share. The context's
            /// shared parameters are taken from `params`.
            pub fn apply(self, input: &Candidates, params: &SamplingParams, ctx: &Context) -> (Candidates, StageTrace) {
                let ctx = &Context { shared: params.shared, ..ctx.clone() };
                match self {
                    $(StageKind::$variant => <$module::$variant as Stage>::apply(input, &params.$module, ctx)),*
                }
            }

            /// Whether `a` and `b` agree on this stage's own parameters.
            pub fn same_params(self, a: &SamplingParams, b: &SamplingParams) -> bool {
                match self {
                    $(StageKind::$variant => a.$module == b.$module),*
                }
            }
        }
    };
}

stages! {
    Grammar: grammar,
    AllowedTokenIds: allowed_token_ids,
    LogitBias: logit_bias,
    RepetitionPenalty: repetition_penalty,
    FrequencyPenalty: frequency_penalty,
    PresencePenalty: presence_penalty,
    Temperature: temperature,
    TopK: top_k,
    TopP: top_p,
    MinP: min_p,
    TypicalP: typical_p,
    TopNSigma: top_n_sigma,
    Xtc: xtc,
    Dry: dry,
    BadWords: bad_words,
    Mirostat: mirostat,
    Epsilon: epsilon,
    Eta: eta,
    NoRepeatNgram: no_repeat_ngram_size,
    MinTokens: min_tokens,
}

impl StageKind {
    /// Display name, kebab-case.
    pub fn name(self) -> &'static str {
        self.decl().name
    }

    /// Short key used in orders, links and the export (`top_p`), as in request bodies.
    pub fn key(self) -> &'static str {
        self.decl().key
    }

    pub fn from_key(key: &str) -> Option<StageKind> {
        StageKind::ALL.iter().copied().find(|s| s.key() == key)
    }

    /// The stage's formula, as shown on its card.
    pub fn formula(self) -> &'static str {
        self.decl().formula
    }

    /// Whether the stage's output is the same for `a` with `ca` as for `b` with `cb`, given the
    /// same input: it depends on nothing but its own parameters and what it declares it reads.
    pub fn reads_same(self, a: &SamplingParams, ca: &Context, b: &SamplingParams, cb: &Context) -> bool {
        self.same_params(a, b) && self.decl().reads.iter().all(|input| input.same(a, ca, b, cb))
    }
}

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
    context: OwnedContext,
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

    /// The context the stages saw.
    pub fn context(&self) -> Context<'_> {
        self.context.borrow()
    }

    /// The parameters the stages ran with.
    pub fn params(&self) -> &SamplingParams {
        &self.params
    }

    /// What this position hands to the next once `token` is chosen ([`mirostat::state_after`]).
    pub fn state_after(&self, token: u32) -> SamplerState {
        mirostat::state_after(self, token)
    }
}

/// Runs `order` over `logits`: the sampler from raw scores to the distribution it draws from.
pub fn run(logits: &[f32], order: &[StageKind], params: &SamplingParams, ctx: &Context) -> PipelineRun {
    let raw = Candidates::from_logits(logits.to_vec());
    continue_run(raw, Vec::with_capacity(order.len()), order, params, ctx)
}

/// The same result as [`run`], reusing what `previous` computed that still holds. A stage's
/// output depends only on its input, its own parameters and what it declares it reads
/// ([`StageKind::reads_same`]), so when the logits are unchanged, the raw distribution and
/// every leading stage of the same kind that reads the same are taken from `previous` (shared
/// arrays, no copy). A slider moves one stage's parameter: the stages before it cost nothing.
pub fn rerun(
    previous: &PipelineRun,
    logits: &[f32],
    order: &[StageKind],
    params: &SamplingParams,
    ctx: &Context,
) -> PipelineRun {
    if previous.raw.logits[..] != *logits {
        return run(logits, order, params, ctx);
    }
    let before = previous.context();
    let reused = previous
        .stages
        .iter()
        .zip(order)
        .take_while(|(done, stage)| {
            done.trace.stage == **stage && stage.reads_same(&previous.params, &before, params, ctx)
        })
        .count();
    continue_run(previous.raw.clone(), previous.stages[..reused].to_vec(), order, params, ctx)
}

/// Applies the stages of `order` after the `done` ones.
fn continue_run(
    raw: Candidates,
    mut stages: Vec<StageOutput>,
    order: &[StageKind],
    params: &SamplingParams,
    ctx: &Context,
) -> PipelineRun {
    for &stage in &order[stages.len()..] {
        let input = stages.last().map(|s| &s.candidates).unwrap_or(&raw);
        let (candidates, trace) = stage.apply(input, params, ctx);
        stages.push(StageOutput { candidates, trace });
    }
    let context = Context { shared: params.shared, ..ctx.clone() }.to_owned();
    PipelineRun { raw, stages, params: params.clone(), context }
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

    /// A context with no history, seed 0 and nothing tokenised.
    pub fn no_context() -> Context<'static> {
        Context::default()
    }

    /// A context over `prompt` and `generated`.
    pub fn context<'a>(prompt: &'a [u32], generated: &'a [u32]) -> Context<'a> {
        Context::new(History { prompt, generated })
    }

    /// A toy vocabulary: token i is the letter `a` + i (`a`, `b`, `c`…).
    pub fn toy_bytes(id: u32) -> &'static [u8] {
        const LETTERS: &[u8] = b"abcdefghijklmnopqrstuvwxyz";
        let i = id as usize % LETTERS.len();
        &LETTERS[i..i + 1]
    }

    /// The toy vocabulary's tokenizer: one token per letter, anything else dropped.
    pub fn toy_encode(text: &str) -> Vec<u32> {
        text.bytes().filter(u8::is_ascii_lowercase).map(|b| (b - b'a') as u32).collect()
    }

    /// What a caller would tokenise for `params` over the toy vocabulary of `vocab` tokens,
    /// whose last token ends a turn.
    pub fn toy_tokenised(params: &SamplingParams, vocab: usize) -> Tokenised {
        Tokenised::build(&Wanted::of(params), vocab, toy_bytes, toy_encode).with_end_of_turn(&[vocab as u32 - 1])
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
        let mut params = SamplingParams::default();
        (params.top_k.k, params.top_p.p) = (3, 0.5);
        let order = [StageKind::TopK, StageKind::TopP];
        let run = run(&four().logits, &order, &params, &no_context());
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
        let tokens = [3u32, 5, 5, 9];
        let history = Context::new(History::of_context(&tokens, 2));
        let order = [StageKind::RepetitionPenalty, StageKind::Temperature, StageKind::TopK, StageKind::TopP];
        let mut before = SamplingParams::default();
        before.repetition_penalty.theta = 1.3;
        before.temperature.t = 0.7;
        before.top_k.k = 50;
        before.top_p.p = 0.9;
        let first = run(&logits, &order, &before, &history);

        let mut moved = before.clone();
        moved.top_k.k = 20;
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
        let longer = Context::new(History::of_context(&tokens, 3));
        same_run(&rerun(&first, &logits, &order, &before, &longer), &run(&logits, &order, &before, &longer));

        // A stage that reads no history is kept across a longer one; the penalty after it is not.
        let order = [StageKind::Temperature, StageKind::RepetitionPenalty];
        let first = run(&logits, &order, &before, &history);
        let again = rerun(&first, &logits, &order, &before, &longer);
        same_run(&again, &run(&logits, &order, &before, &longer));
        assert!(Arc::ptr_eq(&again.stages[0].candidates.probs, &first.stages[0].candidates.probs));
        assert!(!Arc::ptr_eq(&again.stages[1].candidates.probs, &first.stages[1].candidates.probs));
    }

    #[test]
    fn trace_summary_states_kept_count_and_mass() {
        let mut params = SamplingParams::default();
        params.top_k.k = 2;
        let run = run(&four().logits, &[StageKind::TopK], &params, &no_context());
        let summary = run.stages[0].trace.summary.render(crate::i18n::Lang::En);
        assert_eq!(summary, "top-k kept 2 tokens, 70.0% of the mass before renormalising");
    }
}
