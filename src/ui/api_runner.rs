//! Drives a [`Generation`] with logits from the model worker: the prompt once in its own cache
//! slot, then one slot per candidate (a copy of the prompt's), one token per candidate per round.

use leptos::prelude::*;

use crate::generation::{self, Generation, StepOutcome};
use crate::model::client::ModelClient;
use crate::tokenizer::Tokenizer;

use super::dom;

/// The API panel's prompt slot; its candidates take the slots after it.
pub const PROMPT_SLOT: u32 = 1000;

fn slot(base: u32, choice: usize) -> u32 {
    base + 1 + choice as u32
}

/// A request in flight or done, as the page shows it.
#[derive(Clone, Debug)]
pub struct ApiRun {
    pub generation: Generation,
    pub fingerprint: String,
    pub created: u64,
    /// Server-sent events as the API would send them (`data: …`), when streaming.
    pub events: Vec<String>,
    pub running: bool,
    pub error: Option<String>,
    /// Tokens of the run this one replays, to show they are identical.
    pub replay_of: Option<Vec<Vec<u32>>>,
    pub elapsed_ms: f64,
}

impl ApiRun {
    pub fn new(generation: Generation, fingerprint: String, replay_of: Option<Vec<Vec<u32>>>) -> ApiRun {
        ApiRun {
            generation,
            fingerprint,
            created: (js_sys::Date::now() / 1000.0) as u64,
            events: Vec::new(),
            running: true,
            error: None,
            replay_of,
            elapsed_ms: 0.0,
        }
    }

    pub fn tokens(&self) -> Vec<Vec<u32>> {
        self.generation.choices.iter().map(|c| c.tokens()).collect()
    }

    fn record(&mut self, index: usize, outcome: &StepOutcome, tok: &Tokenizer) {
        if !self.generation.request.stream {
            return;
        }
        let first = self.generation.choices[index].steps.len() == 1;
        let chunk = self.generation.chunk(index, outcome, first, tok, &self.fingerprint, self.created);
        self.events.push(format!("data: {chunk}"));
        if self.generation.is_done() {
            self.events.push("data: [DONE]".to_string());
        }
    }
}

/// Generates until every candidate finishes or `stop` is set. `logits` holds, per candidate,
/// the logits its next draw uses.
async fn drive(
    base: u32,
    client: &ModelClient,
    run: RwSignal<Option<ApiRun>>,
    stop: RwSignal<bool>,
    tok: &Tokenizer,
    mut logits: Vec<Vec<f32>>,
) -> Result<(), String> {
    let started = dom::now_ms();
    loop {
        let Some(active) = run.with_untracked(|r| r.as_ref().map(|r| r.generation.active())) else { return Ok(()) };
        if active.is_empty() || stop.get_untracked() {
            return Ok(());
        }
        for i in active {
            let mut next: Option<(usize, u32)> = None;
            run.update(|r| {
                if let Some(r) = r.as_mut() {
                    let outcome = r.generation.step(i, &logits[i], tok);
                    r.record(i, &outcome, tok);
                    r.elapsed_ms = dom::now_ms() - started;
                    if outcome.finish.is_none() {
                        let cached = r.generation.prompt_ids.len() + r.generation.choices[i].steps.len() - 1;
                        next = Some((cached, outcome.token));
                    }
                }
            });
            if let Some((keep, token)) = next {
                logits[i] = client.forward(slot(base, i), keep, vec![token]).await?;
            }
        }
        // Let the page paint the new tokens.
        dom::sleep(0).await;
    }
}

/// Runs a fresh request in the cache slots from `base` (the API panel's [`PROMPT_SLOT`]; a
/// side-by-side generation uses its own, so neither evicts the other's cache).
pub async fn start(
    base: u32,
    client: ModelClient,
    run: RwSignal<Option<ApiRun>>,
    stop: RwSignal<bool>,
    tok: std::sync::Arc<Tokenizer>,
) {
    let Some((prompt, candidates)) =
        run.with_untracked(|r| r.as_ref().map(|r| (r.generation.prompt_ids.clone(), r.generation.choices.len())))
    else {
        return;
    };
    let result = async {
        let first = client.forward(base, 0, prompt).await?;
        for i in 0..candidates {
            client.fork(base, slot(base, i)).await?;
        }
        drive(base, &client, run, stop, &tok, vec![first; candidates]).await
    }
    .await;
    finish(run, result);
}

/// Replaces token `position` of candidate `choice` with `token` and regenerates the rest.
pub async fn branch(
    client: ModelClient,
    run: RwSignal<Option<ApiRun>>,
    stop: RwSignal<bool>,
    tok: std::sync::Arc<Tokenizer>,
    choice: usize,
    position: usize,
    token: u32,
) {
    let Some((prompt, previous, candidates)) = run.with_untracked(|r| {
        r.as_ref().map(|r| {
            (r.generation.prompt_ids.clone(), r.generation.choices[choice].tokens(), r.generation.choices.len())
        })
    }) else {
        return;
    };
    run.update(|r| {
        if let Some(r) = r.as_mut() {
            r.running = true;
            r.error = None;
            r.events.clear();
            r.replay_of = None;
        }
    });
    let result = async {
        // The logits before `position`: rewind the slot one token further and feed it again.
        let context: Vec<u32> = prompt.iter().chain(previous.iter()).copied().collect();
        let at = prompt.len() + position;
        let before = client.forward(slot(PROMPT_SLOT, choice), at - 1, vec![context[at - 1]]).await?;
        let mut outcome = None;
        run.update(|r| {
            if let Some(r) = r.as_mut() {
                let g = &mut r.generation;
                let (request, prompt_ids) = (g.request.clone(), g.prompt_ids.clone());
                outcome = Some(g.choices[choice].branch(position, token, &before, &request, &prompt_ids, &tok));
            }
        });
        let mut logits = vec![Vec::new(); candidates];
        if outcome.is_some_and(|o| o.finish.is_none()) {
            logits[choice] = client.forward(slot(PROMPT_SLOT, choice), at, vec![token]).await?;
        }
        drive(PROMPT_SLOT, &client, run, stop, &tok, logits).await
    }
    .await;
    finish(run, result);
}

fn finish(run: RwSignal<Option<ApiRun>>, result: Result<(), String>) {
    run.update(|r| {
        if let Some(r) = r.as_mut() {
            r.running = false;
            if let Err(e) = result {
                r.error = Some(e);
            }
        }
    });
}

/// The system fingerprint for requests answered by this page.
pub fn fingerprint(model_sha256: &str, order: &[crate::sampling::StageKind]) -> String {
    generation::fingerprint(model_sha256, &generation::engine(), order)
}
