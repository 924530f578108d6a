//! One choice of a generation: its random stream, its tokens with their log probabilities,
//! its text (cut at a stop string) and why it ended.

use std::sync::Arc;

use rand_chacha::ChaCha8Rng;

use crate::model::CONTEXT;
use crate::sampling::grammar::{Grammar, TokenMask};
use crate::sampling::{
    self, Candidates, Context, Detail, History, PipelineRun, SamplerState, SamplingParams, Stage, StageKind, Tokenised,
    Wanted, draw,
};
use crate::structured::FormatState;
use crate::structured::spec::CALL_OPEN;
use crate::tokenizer::{END_OF_TEXT, IM_END, Tokenizer};

use super::request::{MaskPlacement, Request};
use super::text::{StopCut, decode_stable, find_stop, streamable_len};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FinishReason {
    /// A stop string, `<|im_end|>` or `<|endoftext|>`.
    Stop,
    /// `max_tokens`, or the context is full.
    Length,
    /// The reply ended as one or more tool calls.
    ToolCalls,
}

impl FinishReason {
    pub fn as_str(self) -> &'static str {
        match self {
            FinishReason::Stop => "stop",
            FinishReason::Length => "length",
            FinishReason::ToolCalls => "tool_calls",
        }
    }
}

/// A token the model might have produced instead.
#[derive(Clone, Debug, PartialEq)]
pub struct Alternative {
    pub token: u32,
    /// ln p after the sampling pipeline (−inf if a stage removed it).
    pub logprob: f32,
    /// ln p under the model's own softmax.
    pub raw_logprob: f32,
}

/// One generated token and what the distribution looked like when it was drawn.
#[derive(Clone, Debug, PartialEq)]
pub struct TokenStep {
    pub token: u32,
    pub logprob: f32,
    pub raw_logprob: f32,
    /// The most probable tokens under the model, best first: `top_logprobs` of them, and at
    /// least [`ALTERNATIVES`] so the page can offer branches even when logprobs are off.
    pub top: Vec<Alternative>,
    /// Chosen by the user (branching), not drawn.
    pub forced: bool,
    /// What this position handed to the next (mirostat's μ after this token), so that
    /// branching after it starts from the state the generation had there.
    pub state: SamplerState,
    /// What the structured output's grammar did here.
    pub grammar: Option<GrammarStep>,
}

/// The grammar stage at one generated token.
#[derive(Clone, Debug, PartialEq)]
pub struct GrammarStep {
    /// Tokens the grammar allowed, of the whole vocabulary.
    pub allowed: usize,
    /// Probability mass (under the model) of the tokens it struck out.
    pub removed_mass: f64,
    /// The most probable tokens it struck out, with their probability under the model.
    pub struck: Vec<(u32, f32)>,
    /// Only one token was allowed.
    pub forced: bool,
    /// llama.cpp's placement: the token drawn first, which the grammar rejected before the
    /// masked draw.
    pub rejected: Option<u32>,
    /// `tool_choice: "auto"`, while the reply so far could still open a call: the model's
    /// probability (before any stage) of a token that keeps it on the way to `<tool_call>`.
    pub call_odds: Option<f64>,
}

/// What one step produced, for streaming.
#[derive(Clone, Debug, PartialEq)]
pub struct StepOutcome {
    pub token: u32,
    /// Text that became safe to show with this step (held back: partial characters and a
    /// suffix that might grow into a stop string).
    pub delta: String,
    pub finish: Option<FinishReason>,
}

#[derive(Clone, Debug)]
pub struct Choice {
    pub index: usize,
    pub seed: u64,
    rng: ChaCha8Rng,
    pub steps: Vec<TokenStep>,
    /// Bytes of the generated tokens, end-of-turn tokens excluded.
    bytes: Vec<u8>,
    /// Length of the text already streamed.
    streamed: usize,
    pub finish: Option<FinishReason>,
    pub stop_cut: Option<StopCut>,
    /// The request's strings as tokens (DRY's breakers, bad words) and the end-of-turn tokens,
    /// made once per choice.
    tokenised: Option<Arc<Tokenised>>,
    /// Where the completion stands in the structured output's grammar.
    format: Option<FormatState>,
    /// Why the grammar stopped following the completion (a branch to a token it forbids).
    pub grammar_error: Option<String>,
}

/// What the stages need from the tokenizer for `params`: the strings they name as tokens, and
/// SmolLM2's end-of-turn tokens.
pub fn tokenised(params: &SamplingParams, tok: &Tokenizer) -> Tokenised {
    tokenised_wanted(&Wanted::of(params), tok)
}

/// [`tokenised`] for the strings `wanted` names: what a page keys its tokenising on, so that
/// only a change of those strings tokenises again.
pub fn tokenised_wanted(wanted: &Wanted, tok: &Tokenizer) -> Tokenised {
    let encode = |text: &str| tok.encode(text).unwrap_or_default();
    Tokenised::build(wanted, tok.vocab_size(), |id| tok.bytes(id), encode).with_end_of_turn(&[IM_END, END_OF_TEXT])
}

/// Alternatives recorded per token whatever the request asks (the page's branching popover).
pub const ALTERNATIVES: usize = 5;

fn ln(p: f32) -> f32 {
    if p > 0.0 { (p as f64).ln() as f32 } else { f32::NEG_INFINITY }
}

/// The seed of choice `index`: the request's own for the first (so `n = 1` draws exactly what
/// the explorer draws), a SplitMix64 mix for the others.
pub fn choice_seed(seed: u64, index: usize) -> u64 {
    if index == 0 {
        return seed;
    }
    let mut z = seed ^ (index as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

impl Choice {
    pub fn new(index: usize, request_seed: u64) -> Choice {
        let seed = choice_seed(request_seed, index);
        Choice {
            index,
            seed,
            rng: draw::rng(seed),
            steps: Vec::new(),
            bytes: Vec::new(),
            streamed: 0,
            finish: None,
            stop_cut: None,
            tokenised: None,
            format: None,
            grammar_error: None,
        }
    }

    /// This choice follows `format`'s grammar from its first token.
    pub fn with_format(self, format: Option<FormatState>) -> Choice {
        Choice { format, ..self }
    }

    pub fn tokens(&self) -> Vec<u32> {
        self.steps.iter().map(|s| s.token).collect()
    }

    /// The text so far (cut at the stop string once one matched).
    pub fn text(&self) -> String {
        let full = decode_stable(&self.bytes);
        match &self.stop_cut {
            Some(cut) => full[..cut.at].to_string(),
            None => full,
        }
    }

    /// Mean ln p of the generated tokens under the model: `best_of`'s ranking score.
    pub fn mean_raw_logprob(&self) -> f64 {
        if self.steps.is_empty() {
            return f64::NEG_INFINITY;
        }
        self.steps.iter().map(|s| s.raw_logprob as f64).sum::<f64>() / self.steps.len() as f64
    }

    /// Samples the next token from `logits` (the model's output after prompt + this choice's
    /// tokens) with the request's pipeline and this choice's random stream.
    pub fn step(&mut self, logits: &[f32], request: &Request, prompt: &[u32], tok: &Tokenizer) -> StepOutcome {
        let generated = self.tokens();
        let mask = self.mask(logits.len());
        let ctx = self.context(prompt, &generated, request, tok, mask.clone());
        let do_sample = request.sampling.draw.do_sample;
        let first = match (&mask, request.mask) {
            (Some(_), MaskPlacement::Resample) => {
                let free: Vec<StageKind> = request.order.iter().copied().filter(|s| *s != StageKind::Grammar).collect();
                Some(sampling::run(logits, &free, &request.sampling, &ctx))
            }
            _ => None,
        };
        if let (Some(run), Some(mask)) = (&first, &mask) {
            let d = draw::draw(run.last(), do_sample, &mut self.rng);
            if mask.allows(d.token) {
                let grammar = grammar_step(&run.raw, &ctx, None);
                return self.push(d.token, run, request, prompt.len(), tok, false, grammar);
            }
            let run = sampling::run(logits, &request.masked_order(), &request.sampling, &ctx);
            let again = draw::draw_with(run.last(), do_sample, draw::retry(self.seed, generated.len()));
            let grammar = grammar_step(&run.raw, &ctx, Some(d.token));
            return self.push(again.token, &run, request, prompt.len(), tok, false, grammar);
        }
        let run = sampling::run(logits, &request.masked_order(), &request.sampling, &ctx);
        let d = draw::draw(run.last(), do_sample, &mut self.rng);
        let grammar = mask.as_ref().and_then(|_| grammar_step(&run.raw, &ctx, None));
        self.push(d.token, &run, request, prompt.len(), tok, false, grammar)
    }

    /// The grammar's mask for the next token; `None` without a format (or once the
    /// grammar could not follow the completion).
    fn mask(&mut self, vocab: usize) -> Option<Arc<TokenMask>> {
        let format = self.format.as_mut()?;
        match format.mask(vocab) {
            Ok(mask) => Some(Arc::new(mask)),
            Err(e) => {
                self.grammar_error = Some(e);
                self.format = None;
                None
            }
        }
    }

    /// What the stages see at the next position: the history, the seed, the tokenised
    /// strings and the state the previous token left.
    fn context<'a>(
        &mut self,
        prompt: &'a [u32],
        generated: &'a [u32],
        request: &Request,
        tok: &Tokenizer,
        mask: Option<Arc<TokenMask>>,
    ) -> Context<'a> {
        let tokenised = match &self.tokenised {
            Some(t) if t.covers(&Wanted::of(&request.sampling)) => t.clone(),
            _ => Arc::new(tokenised(&request.sampling, tok)),
        };
        self.tokenised = Some(tokenised.clone());
        let state = self.steps.last().map(|s| s.state).unwrap_or_default();
        let ctx = Context::new(History { prompt, generated }).with_seed(self.seed).with_tokenised(tokenised);
        Context { grammar: mask, ..ctx.with_state(state) }
    }

    /// Continues from the first `position` tokens with `token` instead of what was drawn there
    /// (branching). The random stream is rewound so later draws are the ones this seed gives
    /// at those positions. `logits` are the model's output before `position`.
    pub fn branch(
        &mut self,
        position: usize,
        token: u32,
        logits: &[f32],
        request: &Request,
        prompt: &[u32],
        tok: &Tokenizer,
    ) -> StepOutcome {
        self.steps.truncate(position);
        self.bytes = self.steps.iter().filter(|s| !is_end(s.token)).flat_map(|s| tok.bytes(s.token).to_vec()).collect();
        self.streamed = 0;
        self.finish = None;
        self.stop_cut = None;
        // The forced token takes the place of draw number `position`; later draws follow it.
        self.rng = draw::stream_at(self.seed, position + 1);
        let generated = self.tokens();
        if let Some(format) = &mut self.format
            && let Err(e) = format.replay(&generated)
        {
            self.grammar_error = Some(e);
            self.format = None;
        }
        let mask = self.mask(logits.len());
        let ctx = self.context(prompt, &generated, request, tok, mask.clone());
        let run = sampling::run(logits, &request.masked_order(), &request.sampling, &ctx);
        let grammar = mask.as_ref().and_then(|_| grammar_step(&run.raw, &ctx, None));
        self.push(token, &run, request, prompt.len(), tok, true, grammar)
    }

    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        token: u32,
        run: &PipelineRun,
        request: &Request,
        prompt_len: usize,
        tok: &Tokenizer,
        forced: bool,
        grammar: Option<GrammarStep>,
    ) -> StepOutcome {
        let (raw, last, state) = (&run.raw, run.last(), run.state_after(token));
        let grammar = grammar.map(|g| GrammarStep {
            call_odds: request.structured.model_decides().then(|| call_odds(&self.bytes, raw, tok)).flatten(),
            ..g
        });
        if let Some(format) = &mut self.format
            && let Err(e) = format.consume(token)
        {
            self.grammar_error = Some(e);
            self.format = None;
        }
        let top = raw
            .top_kept(request.top_logprobs.max(ALTERNATIVES))
            .into_iter()
            .map(|t| Alternative {
                token: t,
                logprob: ln(last.probs[t as usize]),
                raw_logprob: ln(raw.probs[t as usize]),
            })
            .collect();
        self.steps.push(TokenStep {
            token,
            logprob: ln(last.probs[token as usize]),
            raw_logprob: ln(raw.probs[token as usize]),
            top,
            forced,
            state,
            grammar,
        });
        if is_end(token) {
            self.finish = Some(FinishReason::Stop);
        } else {
            self.bytes.extend_from_slice(tok.bytes(token));
            let text = decode_stable(&self.bytes);
            if let Some(cut) = find_stop(&text, &request.stop) {
                self.stop_cut = Some(cut);
                self.finish = Some(FinishReason::Stop);
            }
        }
        if self.finish.is_none() && (self.steps.len() >= request.max_tokens || prompt_len + self.steps.len() >= CONTEXT)
        {
            self.finish = Some(FinishReason::Length);
        }
        let calls = request.structured.calls_tools();
        if calls && self.finish == Some(FinishReason::Stop) && !request.structured.tool_calls(&self.text()).is_empty() {
            self.finish = Some(FinishReason::ToolCalls);
        }
        let text = self.text();
        let upto = match self.finish {
            Some(FinishReason::ToolCalls) => 0,
            Some(_) => text.len(),
            // A reply that is or may become a call is held back: its calls arrive at the end.
            None if calls && (text.starts_with(CALL_OPEN) || CALL_OPEN.starts_with(text.as_str())) => 0,
            None => streamable_len(&text, &request.stop),
        };
        let delta = if upto > self.streamed { text[self.streamed..upto].to_string() } else { String::new() };
        self.streamed = self.streamed.max(upto);
        StepOutcome { token, delta, finish: self.finish }
    }
}

/// The grammar stage's numbers for a position, from the model's distribution there (also
/// where llama.cpp's placement drew without it).
fn grammar_step(raw: &Candidates, ctx: &Context, rejected: Option<u32>) -> Option<GrammarStep> {
    ctx.grammar.as_ref()?;
    let (_, trace) = Grammar::apply(raw, &(), ctx);
    match trace.detail {
        Detail::Grammar { allowed, removed_mass, struck, forced } => {
            Some(GrammarStep { allowed, removed_mass, struck, forced: forced.is_some(), rejected, call_odds: None })
        }
        _ => None,
    }
}

/// The model's probability, over the whole vocabulary, that the token after `so_far` keeps the
/// reply on the way to opening a call; `None` once `so_far` can no longer become one.
pub fn call_odds(so_far: &[u8], raw: &Candidates, tok: &Tokenizer) -> Option<f64> {
    let open = CALL_OPEN.as_bytes();
    if so_far.len() >= open.len() || !open.starts_with(so_far) {
        return None;
    }
    let rest = &open[so_far.len()..];
    let odds = (0..raw.probs.len() as u32)
        .filter(|&t| !is_end(t) && !tok.is_special(t))
        .filter(|&t| {
            let b = tok.bytes(t);
            !b.is_empty() && (rest.starts_with(b) || b.starts_with(rest))
        })
        .map(|t| raw.probs[t as usize] as f64)
        .sum();
    Some(odds)
}

/// `<|im_end|>` and `<|endoftext|>` end the answer and are not part of its text.
pub fn is_end(token: u32) -> bool {
    token == IM_END || token == END_OF_TEXT
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sampling::{OrderPreset, StageKind};

    /// A byte-level word tokenizer of the letters a–h, split at spaces: no model files needed.
    fn letters() -> Tokenizer {
        let vocab: String = (0..8u8).map(|i| format!("\"{}\":{i}", (b'a' + i) as char)).collect::<Vec<_>>().join(",");
        let json = format!(
            r#"{{"version":"1.0","truncation":null,"padding":null,"added_tokens":[],"normalizer":null,
            "pre_tokenizer":{{"type":"WhitespaceSplit"}},"post_processor":null,"decoder":null,
            "model":{{"type":"WordLevel","vocab":{{{vocab}}},"unk_token":"a"}}}}"#
        );
        Tokenizer::from_json(json.as_bytes()).expect("a word-level tokenizer")
    }

    #[test]
    fn call_odds_sum_the_tokens_that_keep_a_reply_on_the_way_to_tool_call() {
        // Byte-level text (Ċ is a newline); ids 0–2 stand in for the end-of-turn tokens.
        let vocab =
            r#""a":0,"b":1,"c":2,"<":3,"<tool":4,"x":5,"<tool_callĊ":6,"<tool_call>Ċ{":7,"tool":8,"_call":9,"<b":10"#;
        let json = format!(
            r#"{{"version":"1.0","truncation":null,"padding":null,"added_tokens":[],"normalizer":null,
            "pre_tokenizer":null,"post_processor":null,"decoder":null,
            "model":{{"type":"WordLevel","vocab":{{{vocab}}},"unk_token":"a"}}}}"#
        );
        let tok = Tokenizer::from_json(json.as_bytes()).unwrap();
        // ln of 1..=11: token t has probability (t + 1) / 66.
        let raw = Candidates::from_logits((1..=11).map(|w| (w as f32).ln()).collect());
        let p = |ids: &[u32]| ids.iter().map(|&t| (t + 1) as f64 / 66.0).sum::<f64>();
        let close = |a: Option<f64>, b: f64| assert!((a.unwrap() - b).abs() < 1e-6, "{a:?} vs {b}");
        // Nothing yet: "<", "<tool" and the token that opens the whole call; not "<b", and not
        // "<tool_callĊ" (a newline where ">" must be).
        close(call_odds(b"", &raw, &tok), p(&[3, 4, 7]));
        close(call_odds(b"<", &raw, &tok), p(&[8]));
        close(call_odds(b"<tool", &raw, &tok), p(&[9]));
        // Past the opening, or off it: the reply is a call already, or never will be.
        assert_eq!(call_odds(b"<tool_call>\n", &raw, &tok), None);
        assert_eq!(call_odds(b"x", &raw, &tok), None);
    }

    fn mirostat_request() -> Request {
        let mut request =
            Request { order: OrderPreset::LlamaCppMirostat.order(), max_tokens: 100, ..Request::default() };
        request.sampling.mirostat.version = 2;
        request.sampling.mirostat.tau = 1.5;
        request.sampling.mirostat.eta = 0.5;
        request
    }

    /// Ids 0–2 (the end-of-turn tokens and `<|im_start|>`'s place) are unlikely; 3–7 share
    /// the rest unevenly.
    fn logits() -> Vec<f32> {
        vec![-30.0, -30.0, -30.0, 2.0, 1.5, 1.0, 0.5, 0.0]
    }

    #[test]
    fn mirostat_mu_is_carried_from_step_to_step_and_replayed_by_branching() {
        let (tok, request) = (letters(), mirostat_request());
        let mut choice = Choice::new(0, 11);
        for _ in 0..12 {
            choice.step(&logits(), &request, &[3], &tok);
        }
        // μ follows μ ← μ − η(−log₂ p − τ) from 2τ, p the chosen token's probability after
        // mirostat's own cut; recompute it from the recorded steps.
        let mut mu = 2.0 * request.sampling.mirostat.tau;
        let mut moved = 0;
        for step in &choice.steps {
            let (params, ctx) = (&request.sampling, Context::default().with_state(SamplerState { mu: Some(mu) }));
            let run = sampling::run(&logits(), &request.order, params, &ctx);
            let p = run.last().probs[step.token as usize];
            assert!(p > 0.0, "the drawn token was kept");
            let next = mu - 0.5 * (-p.log2() - 1.5);
            assert!((step.state.mu.unwrap() - next).abs() < 1e-5, "{:?} vs {next}", step.state);
            moved += (next != mu) as usize;
            mu = next;
        }
        assert!(moved > 0);
        assert!(choice.steps.windows(2).any(|w| w[0].state != w[1].state), "μ changes over the completion");

        // The same seed replays the same tokens and the same μ; branching at position 5 with
        // the token drawn there continues exactly as the whole generation did.
        let mut again = Choice::new(0, 11);
        for _ in 0..12 {
            again.step(&logits(), &request, &[3], &tok);
        }
        assert_eq!(again.steps.iter().map(|s| (s.token, s.state)).collect::<Vec<_>>(), steps(&choice));
        let drawn = choice.steps[5].token;
        let mut branched = choice.clone();
        branched.branch(5, drawn, &logits(), &request, &[3], &tok);
        for _ in 6..12 {
            branched.step(&logits(), &request, &[3], &tok);
        }
        assert_eq!(steps(&branched), steps(&choice));
    }

    #[test]
    fn the_explorer_replays_the_generations_mu_and_draws_its_tokens() {
        use crate::ui::analysis::{self, Analysis, Inputs, Step};
        let (tok, request) = (letters(), mirostat_request());
        let mut choice = Choice::new(0, 11);
        for _ in 0..8 {
            choice.step(&logits(), &request, &[3], &tok);
        }
        let tokens = choice.tokens();
        let inputs =
            Inputs { seed: choice.seed, tokenised: Arc::new(tokenised(&request.sampling, &tok)), grammar: None };
        let context: Vec<u32> = std::iter::once(3).chain(tokens.iter().copied()).collect();
        let steps: Vec<Arc<Step>> = (1..context.len())
            .map(|n| Arc::new(Step { context: context[..n].to_vec(), logits: logits(), from_snapshot: false }))
            .collect();
        let (sampling, order) = (&request.sampling, &request.order);
        for (n, &token) in tokens.iter().enumerate() {
            let state = analysis::state_at(&context[..1 + n], n, &steps, sampling, order, &inputs).unwrap();
            assert_eq!(state, if n == 0 { SamplerState::default() } else { choice.steps[n - 1].state }, "μ at {n}");
            let a = Analysis::new(steps[n].clone(), n, sampling, order, &inputs, state, None);
            assert_eq!(a.draw.token, token, "the explorer draws the generation's token at {n}");
        }
    }

    fn steps(c: &Choice) -> Vec<(u32, SamplerState)> {
        c.steps.iter().map(|s| (s.token, s.state)).collect()
    }

    #[test]
    fn the_end_of_turn_tokens_and_the_strings_reach_the_stages() {
        let tok = letters();
        let mut request = Request { order: vec![StageKind::MinTokens, StageKind::BadWords], ..Request::default() };
        request.sampling.min_tokens.min = 5;
        request.sampling.bad_words.words = vec!["d".into()];
        let t = tokenised(&request.sampling, &tok);
        assert_eq!(t.end_of_turn, vec![IM_END, END_OF_TEXT]);
        assert_eq!(t.bad_words.map(|b| b.sequences), Some(vec![vec![3]]));
        // Only the end of turn and "d" are likely: min_tokens and bad_words leave the others.
        let mut logits = vec![0.0f32; 8];
        (logits[0], logits[2], logits[3]) = (20.0, 20.0, 20.0);
        let mut choice = Choice::new(0, 1);
        choice.step(&logits, &request, &[4], &tok);
        assert!(![0, 2, 3].contains(&choice.steps[0].token), "{:?}", choice.steps[0].token);
    }
}
