//! The page's state as data: the model's answer for a context ([`Step`]), the sampler applied
//! to it with the current settings ([`Analysis`]) and the same logits through a second order
//! ([`Comparison`]). Pure and natively tested; the components and the benchmark hooks read
//! these, and none of them defines its own.

use std::sync::Arc;

use crate::sampling::grammar::TokenMask;

use crate::sampling::{
    self, Context, Draw, History, PipelineRun, SamplerState, SamplingParams, StageKind, Tokenised, draw,
};

use super::chart_model::{self, ChartModel, KeptDiff, View};

/// The model's answer for one context: the next-token logits over the whole vocabulary.
#[derive(Debug, PartialEq)]
pub struct Step {
    pub context: Vec<u32>,
    pub logits: Vec<f32>,
    /// Computed when the page was built (`model::snapshot`), not by the live model.
    pub from_snapshot: bool,
}

/// The sampler applied to a step with the current settings, and the token the seed draws.
#[derive(Debug)]
pub struct Analysis {
    pub step: Arc<Step>,
    /// How many tokens at the end of the context were sampled (the completion).
    pub generated: usize,
    pub run: PipelineRun,
    pub draw: Draw,
}

/// What the stages read besides the logits, the history and the parameters: the seed, and the
/// strings of the parameters as tokens (DRY's breakers, bad_words, the end-of-turn tokens of
/// min_tokens), which the page tokenises once per string, not once per slider move.
#[derive(Clone, Debug, Default)]
pub struct Inputs {
    pub seed: u64,
    pub tokenised: Arc<Tokenised>,
    /// The structured output's mask at the explorer's position (`None`: no format).
    pub grammar: Option<Arc<TokenMask>>,
}

impl Inputs {
    fn context<'a>(&self, context: &'a [u32], generated: usize, state: SamplerState) -> Context<'a> {
        let ctx = Context::new(History::of_context(context, generated))
            .with_seed(self.seed)
            .with_tokenised(self.tokenised.clone())
            .with_state(state);
        Context { grammar: self.grammar.clone(), ..ctx }
    }
}

/// Whether the order carries state from one position to the next (mirostat, when on).
pub fn carries_state(sampling: &SamplingParams, order: &[StageKind]) -> bool {
    sampling.mirostat.version != 0 && order.contains(&StageKind::Mirostat)
}

/// The sampler state (mirostat's μ) a generation with these settings hands to completion
/// position `generated` of `context`: the completion replayed over the model's answers for
/// each of its prefixes, as `generation::Choice` carries it. `None` when one of those answers
/// is not among `steps` (a link opened with a completion the page did not draw): the caller
/// then starts from the stage's initial state and says so.
pub fn state_at(
    context: &[u32],
    generated: usize,
    steps: &[Arc<Step>],
    sampling: &SamplingParams,
    order: &[StageKind],
    inputs: &Inputs,
) -> Option<SamplerState> {
    states_along(context, generated, steps, sampling, order, inputs).and_then(|s| s.last().copied())
}

/// [`state_at`] at every completion position from 0 to `generated`: the path of μ that the
/// mirostat card plots.
pub fn states_along(
    context: &[u32],
    generated: usize,
    steps: &[Arc<Step>],
    sampling: &SamplingParams,
    order: &[StageKind],
    inputs: &Inputs,
) -> Option<Vec<SamplerState>> {
    let mut states = vec![SamplerState::default()];
    if !carries_state(sampling, order) {
        return Some(states);
    }
    let start = context.len().checked_sub(generated)?;
    for position in 0..generated {
        let prefix = &context[..start + position];
        let step = steps.iter().find(|s| s.context == prefix)?;
        let state = states[position];
        let run = sampling::run(&step.logits, order, sampling, &inputs.context(prefix, position, state));
        states.push(run.state_after(context[start + position]));
    }
    Some(states)
}

/// The draw at completion position `position`: what a whole generation with this seed draws
/// there ([`draw::stream_at`]).
pub fn draw_at(run: &PipelineRun, seed: u64, position: usize, do_sample: bool) -> Draw {
    draw::draw(run.last(), do_sample, &mut draw::stream_at(seed, position))
}

impl Analysis {
    /// Runs the sampler over `step`, whose last `generated` tokens are the completion. With
    /// `previous` (the same step before a slider move), only the stages from the first one
    /// whose inputs changed run again.
    pub fn new(
        step: Arc<Step>,
        generated: usize,
        sampling: &SamplingParams,
        order: &[StageKind],
        inputs: &Inputs,
        state: SamplerState,
        previous: Option<&Analysis>,
    ) -> Analysis {
        let ctx = inputs.context(&step.context, generated, state);
        let run = match previous {
            Some(previous) => sampling::rerun(&previous.run, &step.logits, order, sampling, &ctx),
            None => sampling::run(&step.logits, order, sampling, &ctx),
        };
        let draw = draw_at(&run, inputs.seed, generated, sampling.draw.do_sample);
        Analysis { step, generated, run, draw }
    }

    /// The analysis is of this exact context.
    pub fn is_for(&self, context: &[u32]) -> bool {
        self.step.context == context
    }

    pub fn history(&self) -> History<'_> {
        History::of_context(&self.step.context, self.generated)
    }
}

/// Two orders over the same logits: two charts with one ranking, and what only one keeps.
#[derive(Debug)]
pub struct Comparison {
    pub a: Arc<ChartModel>,
    pub b: Arc<ChartModel>,
    pub diff: KeptDiff,
    /// The second order's run, which the next slider move reruns from.
    run_b: PipelineRun,
}

impl Comparison {
    pub fn new(
        analysis: &Analysis,
        other: &[StageKind],
        sampling: &SamplingParams,
        bars: usize,
        completion: &[u32],
        previous: Option<&Comparison>,
    ) -> Comparison {
        let ctx = analysis.run.context();
        let logits = &analysis.step.logits;
        let b = match previous {
            Some(previous) => sampling::rerun(&previous.run_b, logits, other, sampling, &ctx),
            None => sampling::run(logits, other, sampling, &ctx),
        };
        let ids = chart_model::top_by_logit(&analysis.run.last().logits, bars);
        Comparison {
            a: Arc::new(chart_model::build_rows(&analysis.run, View::Final, &ids, None, completion)),
            b: Arc::new(chart_model::build_rows(&b, View::Final, &ids, None, completion)),
            diff: chart_model::kept_diff(&analysis.run, &b),
            run_b: b,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sampling::OrderPreset;

    fn step() -> Arc<Step> {
        let logits: Vec<f32> = (0..300).map(|i| ((i * 37 % 101) as f32 * 0.05).sin() * 4.0).collect();
        Arc::new(Step { context: vec![5, 9, 11, 9], logits, from_snapshot: false })
    }

    fn seed(seed: u64) -> Inputs {
        Inputs { seed, ..Inputs::default() }
    }

    fn params() -> SamplingParams {
        let mut p = SamplingParams::default();
        (p.temperature.t, p.top_p.p, p.frequency_penalty.alpha) = (0.8, 0.9, 0.5);
        p
    }

    #[test]
    fn the_draw_is_the_seeds_draw_at_the_completion_position() {
        let order = OrderPreset::HuggingFace.order();
        let a = Analysis::new(step(), 2, &params(), &order, &seed(42), SamplerState::default(), None);
        let mut rng = draw::rng(42);
        draw::uniform(&mut rng);
        draw::uniform(&mut rng);
        assert_eq!(a.draw, draw::draw(a.run.last(), true, &mut rng));
        assert_eq!(a.history().generated, &[11, 9]);
        assert!(a.is_for(&[5, 9, 11, 9]) && !a.is_for(&[5, 9]));
    }

    #[test]
    fn a_slider_move_gives_what_a_fresh_analysis_gives() {
        let order = OrderPreset::HuggingFace.order();
        let first = Analysis::new(step(), 2, &params(), &order, &seed(7), SamplerState::default(), None);
        let mut moved = params();
        moved.top_p.p = 0.5;
        let again =
            Analysis::new(first.step.clone(), 2, &moved, &order, &seed(7), SamplerState::default(), Some(&first));
        let fresh = Analysis::new(step(), 2, &moved, &order, &seed(7), SamplerState::default(), None);
        assert_eq!(again.draw, fresh.draw);
        assert_eq!(again.run.last(), fresh.run.last());
    }

    #[test]
    fn a_comparison_ranks_both_sides_alike_and_follows_moves() {
        let a = Analysis::new(
            step(),
            2,
            &params(),
            &OrderPreset::HuggingFace.order(),
            &seed(7),
            SamplerState::default(),
            None,
        );
        let other = OrderPreset::LlamaCpp.order();
        let c = Comparison::new(&a, &other, &params(), 10, &[11, 9], None);
        let ids = |m: &ChartModel| m.rows.iter().map(|r| r.id).collect::<Vec<_>>();
        assert_eq!(ids(&c.a), ids(&c.b));
        let mut moved = params();
        moved.temperature.t = 1.5;
        let a2 = Analysis::new(
            a.step.clone(),
            2,
            &moved,
            &OrderPreset::HuggingFace.order(),
            &seed(7),
            SamplerState::default(),
            Some(&a),
        );
        let rerun = Comparison::new(&a2, &other, &moved, 10, &[11, 9], Some(&c));
        let fresh = Comparison::new(&a2, &other, &moved, 10, &[11, 9], None);
        assert_eq!((rerun.a, rerun.b, rerun.diff), (fresh.a, fresh.b, fresh.diff));
    }

    #[test]
    fn the_tokenised_strings_reach_the_stages() {
        let mut p = params();
        p.bad_words.words = vec!["b".into()];
        let order = OrderPreset::Vllm.order();
        let untokenised = Analysis::new(step(), 2, &p, &order, &seed(7), SamplerState::default(), None);
        let inputs =
            Inputs { seed: 7, tokenised: Arc::new(crate::sampling::test_util::toy_tokenised(&p, 300)), grammar: None };
        let tokenised = Analysis::new(step(), 2, &p, &order, &inputs, SamplerState::default(), None);
        let bad = |a: &Analysis| a.run.stages.iter().find(|s| s.trace.stage == StageKind::BadWords).unwrap().clone();
        assert!(bad(&untokenised).trace.skipped, "without its tokens the stage waits");
        let after = bad(&tokenised);
        assert!(!after.trace.skipped);
        assert_eq!(after.candidates.probs[1], 0.0, "b (token 1) is banned");
    }

    #[test]
    fn mu_is_the_completions_replay_and_unknown_without_its_steps() {
        let mut p = params();
        p.mirostat.version = 2;
        let order = OrderPreset::LlamaCppMirostat.order();
        // Each completion token is its step's most likely, as a draw under mirostat keeps it.
        let mut context = vec![5u32, 9];
        let mut steps: Vec<Arc<Step>> = Vec::new();
        for n in 0..2 {
            let logits: Vec<f32> = (0..300).map(|i| ((i * (n + 3) % 97) as f32 * 0.07).cos() * 3.0).collect();
            let best = (0..300).max_by(|&a, &b| logits[a].total_cmp(&logits[b])).unwrap() as u32;
            steps.push(Arc::new(Step { context: context.clone(), logits, from_snapshot: false }));
            context.push(best);
        }
        let inputs = seed(3);
        let state = state_at(&context, 2, &steps, &p, &order, &inputs).expect("both steps are known");
        let mut by_hand = SamplerState::default();
        for (position, step) in steps.iter().enumerate() {
            let ctx = inputs.context(&step.context, position, by_hand);
            by_hand = sampling::run(&step.logits, &order, &p, &ctx).state_after(context[2 + position]);
        }
        assert_eq!(state, by_hand);
        let along = states_along(&context, 2, &steps, &p, &order, &inputs).unwrap();
        assert_eq!((along.len(), along[0], along[2]), (3, SamplerState::default(), state));
        assert!(state.mu.is_some_and(|mu| mu != 2.0 * p.mirostat.tau), "μ moved from 2τ: {state:?}");
        assert_eq!(state_at(&context, 2, &steps[1..], &p, &order, &inputs), None);
        p.mirostat.version = 0;
        assert_eq!(state_at(&context, 2, &[], &p, &order, &inputs), Some(SamplerState::default()));
    }
}
