//! The page's shared state, as one `Copy` context every component reads with [`page`], and the
//! page's actions as plain methods (leptos' `todomvc` keeps logic outside the components the
//! same way). The state itself is data from `analysis`, `settings` and `query`.

use std::sync::Arc;

use futures_channel::oneshot;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::generation::{Overlong, is_end, tokenised_wanted};
use crate::i18n::{self, Lang, Text};
use crate::model::VOCAB;
use crate::model::client::{LoadEvent, ModelClient};
use crate::msg;
use crate::sampling::{SamplerState, Wanted};
use crate::tokenizer::Tokenizer;

use super::analysis::{self, Analysis, Comparison, Inputs, Step};
use super::chart_model::{self, ChartModel, View};
use super::nucleus::{self, Nucleus};
use super::progress::LoadState;
use super::query::{self, Note};
use super::settings::{Settings, Shown, Theme};
use super::{dom, export, model_link};

/// Where the worker script and the model files are, relative to the page.
const WORKER_URL: &str = "./model_worker_loader.js";
/// The same worker as a `SharedWorker`, for embeds (one model for every widget of a docs page).
const SHARED_WORKER_URL: &str = "./model_shared_worker.js";
const MODEL_DIR: &str = "model/";

/// The model's answers kept for replaying the completion (mirostat's μ): about 200 kB each,
/// so twice the default max tokens is some 25 MB.
const KEPT_STEPS: usize = 128;

/// Everything the components share. Cheap to copy: signals and memos are handles.
#[derive(Clone, Copy)]
pub struct Page {
    pub settings: RwSignal<Settings>,
    /// Values of the link that had to be changed, and other notes for the reader.
    pub notes: RwSignal<Vec<Note>>,
    pub load: RwSignal<LoadState>,
    pub tokenizer: RwSignal<Option<Arc<Tokenizer>>>,
    /// The model's latest answer (it may be for an older context while the next one runs).
    pub step: RwSignal<Option<Arc<Step>>>,
    /// The model's recent answers, the current one included: the completion's earlier
    /// positions, over which the sampler state (mirostat's μ) is replayed.
    pub steps: RwSignal<Vec<Arc<Step>>>,
    /// The sampler state at every completion position up to its end, `None` when the page
    /// could not replay the completion (it came with the link, or is longer than the answers
    /// kept): mirostat then starts from 2τ.
    pub states: Memo<Option<Vec<SamplerState>>>,
    /// The sampler state at the completion's end (the last of `states`).
    pub state: Memo<Option<SamplerState>>,
    pub model_error: RwSignal<Option<String>>,
    pub generating: RwSignal<bool>,
    pub stop_requested: RwSignal<bool>,
    /// Forward passes asked of the model so far (tests check a slider never adds one).
    pub model_runs: RwSignal<u64>,
    /// The query string that reproduces the settings (the address bar follows it).
    pub link: Memo<String>,
    /// Which distribution the chart shows: `settings.shown` located in the order.
    pub view_at: Memo<View>,
    /// The page's one polite live region: what a screen reader should hear without moving.
    pub announcement: RwSignal<String>,
    /// The reader's language: the link's `lang`, else the browser's.
    pub lang: Memo<Lang>,
    pub prompt_ids: Memo<Vec<u32>>,
    /// Set when the prompt is too long for the context by its length alone: it is then not
    /// tokenised (`prompt_ids` is empty), so a pasted megabyte costs no long task.
    pub prompt_overlong: Memo<Option<Overlong>>,
    pub completion: Memo<Vec<u32>>,
    /// Prompt then completion: what the model reads.
    pub context: Memo<Vec<u32>>,
    pub analysis: Memo<Option<Arc<Analysis>>>,
    pub chart: Memo<Option<Arc<ChartModel>>>,
    /// Where the shown truncation stage cuts (top-k, top-p, min-p, typical-p).
    pub nucleus: Memo<Option<Arc<Nucleus>>>,
    pub comparison: Memo<Option<Arc<Comparison>>>,
    pub ready: Memo<bool>,
    /// The analysis is of the current context.
    pub fresh: Memo<bool>,
    /// The page is an embed (`embed=`): it starts from snapshots, and the model loads on request.
    pub embedded: bool,
    /// Whether the model worker has been started (an embed starts it on request).
    pub live: RwSignal<bool>,
    pub snapshots: RwSignal<super::snapshots::Snapshots>,
    /// The current context has no snapshot: only the model can draw it.
    pub snapshot_missing: RwSignal<bool>,
    /// Bytes the model download takes (model and tokenizer, compressed), once known.
    pub model_size: RwSignal<Option<f64>>,
    /// The largest |difference| between a snapshot's logits and the live model's for the same
    /// context, once the model has answered one.
    pub snapshot_difference: RwSignal<Option<f32>>,
    /// The browser refused the shared worker: this embed runs a model of its own.
    pub own_worker: RwSignal<bool>,
    refresh: StoredValue<Refresh>,
    /// The page's reactive owner: effects started later (an embed's model) belong to it.
    owner: StoredValue<Option<Owner>>,
}

/// The one forward pass in flight, and who waits for the step to catch up with the context.
#[derive(Default)]
struct Refresh {
    running: bool,
    waiting: Vec<oneshot::Sender<Result<(), String>>>,
}

/// The page's context (provided by `App`).
pub fn page() -> Page {
    expect_context::<Page>()
}

fn browser_lang() -> Lang {
    dom::window().navigator().language().and_then(|l| Lang::from_code(&l)).unwrap_or_default()
}

fn model_base() -> String {
    web_sys::Url::new_with_base(MODEL_DIR, &dom::window().location().href().unwrap_or_default())
        .map(|u| u.href())
        .unwrap_or_else(|_| MODEL_DIR.to_string())
}

impl Page {
    /// The state for the link the page was opened with.
    pub fn new() -> Page {
        let (initial, initial_notes) = query::parse(&dom::query(), dom::random_seed(), VOCAB);
        let settings = RwSignal::new(initial);
        let tokenizer = RwSignal::new(None::<Arc<Tokenizer>>);
        let step = RwSignal::new(None::<Arc<Step>>);
        let steps = RwSignal::new(Vec::<Arc<Step>>::new());
        let load = RwSignal::new(LoadState::Starting);
        let view_at = Memo::new(move |_| {
            settings.with(|s| match s.shown {
                Shown::Final => View::Final,
                Shown::Raw => View::Raw,
                Shown::Stage(kind) => s.order.iter().position(|k| *k == kind).map(View::Stage).unwrap_or(View::Final),
            })
        });
        let browser = browser_lang();
        let lang = Memo::new(move |_| settings.with(|s| s.lang).unwrap_or(browser));

        // Memos narrow what each step reads, so a slider move neither re-tokenises the prompt
        // nor rebuilds the context.
        let prompt_pieces = Memo::new(move |_| settings.with(Settings::prompt_pieces));
        let prompt_overlong = Memo::new(move |_| {
            let longest = tokenizer.with(|t| t.as_ref().map(|t| t.longest_token_bytes()))?;
            prompt_pieces.with(|p| Overlong::of(p, longest, crate::model::CONTEXT))
        });
        let prompt_ids = Memo::new(move |_| {
            if prompt_overlong.with(Option::is_some) {
                return Vec::new();
            }
            tokenizer.with(|t| {
                t.as_ref()
                    .and_then(|t| prompt_pieces.with(|p| crate::generation::prompt_ids(p, t).ok()))
                    .unwrap_or_default()
            })
        });
        let completion = Memo::new(move |_| settings.with(|s| s.completion.clone()));
        let context = Memo::new(move |_| {
            let mut ids = prompt_ids.get();
            completion.with(|c| ids.extend_from_slice(c));
            ids
        });
        // What the sampler reads: a change elsewhere (bars, tab, API fields) does not re-run it.
        let sampler_inputs = Memo::new(move |_| settings.with(|s| (s.sampling.clone(), s.order.clone(), s.seed)));
        // DRY's breakers, bad_words and the end-of-turn tokens as tokens: tokenising follows
        // those strings and the tokenizer only, so a slider move does not tokenise again.
        let wanted = Memo::new(move |_| settings.with(|s| Wanted::of(&s.sampling)));
        let tokenised = Memo::new(move |_| {
            let made = tokenizer.with(|t| t.as_ref().map(|t| wanted.with(|w| tokenised_wanted(w, t))));
            Arc::new(made.unwrap_or_default())
        });
        // The structured output's mask at the explorer's position: the grammar compiled for
        // the API panel's format, replayed over the completion.
        let structured = Memo::new(move |_| settings.with(|s| s.api.structured().unwrap_or_default()));
        let grammar = Memo::new(move |_| {
            let s = structured.get();
            if !s.is_active() {
                return None;
            }
            let tok = tokenizer.get()?;
            let mut state = crate::structured::Compiler::cached(&tok).ok()?.compile(&s).ok()??;
            completion.with(|c| state.replay(c)).ok()?;
            state.mask(VOCAB).ok().map(Arc::new)
        });
        // The order follows the format as it is edited (`Settings::place_grammar`).
        Effect::new(move |_| {
            structured.track();
            if settings.with_untracked(Settings::grammar_misplaced) {
                settings.update(Settings::place_grammar);
            }
        });
        let states = Memo::new(move |_| {
            let generated = completion.with(Vec::len);
            sampler_inputs.with(|(sampling, order, seed)| {
                if !analysis::carries_state(sampling, order) {
                    return Some(vec![SamplerState::default()]);
                }
                let inputs = Inputs { seed: *seed, tokenised: tokenised.get(), grammar: grammar.get() };
                context.with(|c| steps.with(|s| analysis::states_along(c, generated, s, sampling, order, &inputs)))
            })
        });
        let state = Memo::new(move |_| states.with(|s| s.as_ref().and_then(|s| s.last().copied())));
        // Re-runs on every slider move, over the cached logits only: never the model.
        let analysis = Memo::new_with_compare(
            move |previous: Option<&Option<Arc<Analysis>>>| {
                let step = step.get()?;
                let previous = previous.and_then(Option::as_ref);
                if !context.with(|c| step.context == *c) {
                    return previous.cloned();
                }
                let generated = completion.with(Vec::len);
                let inputs =
                    Inputs { seed: sampler_inputs.with(|i| i.2), tokenised: tokenised.get(), grammar: grammar.get() };
                let state = state.get().unwrap_or_default();
                sampler_inputs.with(|(sampling, order, _)| {
                    let previous = previous.filter(|p| Arc::ptr_eq(&p.step, &step)).map(|p| &**p);
                    Some(Arc::new(Analysis::new(step.clone(), generated, sampling, order, &inputs, state, previous)))
                })
            },
            |_, _| true,
        );
        let bars = Memo::new(move |_| settings.with(|s| s.bars));
        let chart = Memo::new_with_compare(
            move |_| {
                let a = analysis.get()?;
                let draw = Some(a.draw.token);
                let (view, bars) = (view_at.get(), bars.get());
                let chart = sampler_inputs.with(|(sampling, ..)| {
                    completion.with(|c| chart_model::build(&a.run, view, bars, draw, c, &sampling.logit_bias.biases))
                });
                Some(Arc::new(chart))
            },
            |_, _| true,
        );
        // Only while a truncation stage is shown: it sorts the stage's whole input.
        let nucleus = Memo::new(move |_| {
            let a = analysis.get()?;
            let view = view_at.get();
            sampler_inputs.with(|(sampling, ..)| nucleus::build(&a.run, view, sampling)).map(Arc::new)
        });
        let comparison = Memo::new_with_compare(
            move |previous: Option<&Option<Arc<Comparison>>>| {
                let a = analysis.get()?;
                settings.with(|s| {
                    let other = s.compare.as_ref()?;
                    let previous = previous.and_then(Option::as_ref).map(|p| &**p);
                    Some(Arc::new(Comparison::new(&a, other, &s.sampling, s.bars, &s.completion, previous)))
                })
            },
            |_, _| true,
        );
        let ready = Memo::new(move |_| matches!(load.get(), LoadState::Ready(_)));
        let fresh = Memo::new(move |_| step.with(|s| s.as_ref().is_some_and(|s| context.with(|c| s.context == *c))));
        let page = Page {
            settings,
            notes: RwSignal::new(initial_notes),
            load,
            tokenizer,
            step,
            steps,
            states,
            state,
            model_error: RwSignal::new(None),
            generating: RwSignal::new(false),
            stop_requested: RwSignal::new(false),
            model_runs: RwSignal::new(0),
            link: Memo::new(move |_| settings.with(query::to_query)),
            view_at,
            announcement: RwSignal::new(String::new()),
            lang,
            prompt_ids,
            prompt_overlong,
            completion,
            context,
            analysis,
            chart,
            nucleus,
            comparison,
            ready,
            fresh,
            embedded: settings.with_untracked(|s| s.embed.is_some()),
            live: RwSignal::new(false),
            snapshots: RwSignal::new(super::snapshots::Snapshots::Loading),
            snapshot_missing: RwSignal::new(false),
            model_size: RwSignal::new(None),
            snapshot_difference: RwSignal::new(None),
            own_worker: RwSignal::new(!crate::model::client::has_shared_worker()),
            refresh: StoredValue::new(Refresh::default()),
            owner: StoredValue::new(Owner::current()),
        };
        page.keep_the_link_current();
        page
    }

    /// The message `id` in the reader's language (reactive: re-read when the language changes).
    pub fn t(self, id: &'static str) -> String {
        i18n::get(self.lang.get(), id)
    }

    /// `text` in the reader's language.
    pub fn say(self, text: &Text) -> String {
        text.render(self.lang.get())
    }

    fn keep_the_link_current(self) {
        let (settings, link) = (self.settings, self.link);
        Effect::new(move |_| link.with(|q| dom::replace_query(q)));
        // Back and Forward restore the settings (prompt, view, tour) of the entry moved to.
        dom::on_history_move(move |q| {
            let seed = settings.with_untracked(|s| s.seed);
            let (restored, notes) = query::parse(&q, seed, VOCAB);
            settings.set(restored);
            self.notes.set(notes);
        });
        Effect::new(move |_| dom::set_document_lang(self.lang.get().code()));
        Effect::new(move |_| dom::set_document_theme(settings.with(|s| s.theme).map(Theme::code)));
    }

    /// Replaces the settings with `next` (a demo, a preset, a tour chapter) in a new history
    /// entry, so Back returns to the settings before it.
    pub fn apply_in_new_entry(self, next: Settings) {
        let current = self.settings.with_untracked(query::to_query);
        dom::push_query(&current, &query::to_query(&next));
        self.settings.set(next);
    }

    /// Shows `shown` in the chart.
    pub fn show(self, shown: Shown) {
        self.settings.update(|s| s.shown = shown);
    }

    /// Says `text` through the live region.
    pub fn announce(self, text: &Text) {
        self.announcement.set(text.render(self.lang.get_untracked()));
    }

    /// The whole page starts the model at once; an embed draws its snapshot and starts the
    /// model when the reader asks for it ([`Self::activate`]).
    pub fn start(self) {
        if self.embedded {
            super::snapshots::start(self);
        } else {
            self.start_model();
        }
    }

    /// Starts the model if it is not running (an embed's "load the model").
    pub fn activate(self) {
        if !self.live.get_untracked() {
            match self.owner.get_value() {
                Some(owner) => owner.with(|| self.start_model()),
                None => self.start_model(),
            }
        }
    }

    /// Starts the model worker (shared by an embed's siblings where the browser can) and,
    /// whenever the context changes, the forward pass for it.
    pub fn start_model(self) {
        self.live.set(true);
        self.spawn_worker();
        Effect::new(move |_| {
            // An empty or overlong context runs too: the pump says why it cannot be read.
            self.prompt_overlong.track();
            self.context.track();
            if self.ready.get() {
                spawn_local(async move {
                    let _ = self.refresh().await;
                });
            }
        });
    }

    /// Starts a model worker and loads the model in it: at start, and after a worker died (the
    /// model comes back from the Cache API; the prompt, settings and text are the page's).
    fn spawn_worker(self) {
        let Page { load, tokenizer, settings, notes, .. } = self;
        let on_load = move |event: LoadEvent| match event {
            LoadEvent::Progress { stage, done, total } => load.set(LoadState::Loading { stage, done, total }),
            LoadEvent::Loaded { tokenizer_json, timings } => match Tokenizer::from_json(&tokenizer_json) {
                Ok(t) => {
                    tokenizer.set(Some(Arc::new(t)));
                    load.set(LoadState::Ready(timings));
                    self.announce(&Text::new(msg!("announce-ready")));
                }
                Err(e) => load.set(LoadState::Failed(format!("tokenizer.json: {e:#}"))),
            },
            // Another model named by the link falls back to the page's own, with a note: the
            // page stays usable and Retry is not a dead end.
            LoadEvent::Failed(message) => match settings.with_untracked(|s| s.model.clone()) {
                Some(model) => {
                    let note = Text::new(msg!("note-model-missing")).arg("value", model).arg("error", message);
                    notes.update(|n| n.push(note));
                    settings.update(|s| s.model = None);
                    self.load_model();
                }
                None => {
                    load.set(LoadState::Failed(message));
                    self.announce(&Text::new(msg!("announce-failed")));
                }
            },
            LoadEvent::Died(message) => {
                load.set(LoadState::Stopped(message));
                self.announce(&Text::new(msg!("announce-worker-stopped")));
            }
        };
        let own_worker = self.own_worker;
        let spawned = if self.embedded && crate::model::client::has_shared_worker() {
            ModelClient::connect_shared(SHARED_WORKER_URL, WORKER_URL, on_load, move || own_worker.set(true))
        } else {
            ModelClient::spawn(WORKER_URL, on_load)
        };
        match spawned {
            Ok(client) => {
                model_link::set_client(client);
                self.load_model();
            }
            Err(e) => load.set(LoadState::Failed(e)),
        }
    }

    /// (Re)loads the model in the worker: the first time, and from Retry after a failure.
    pub fn load_model(self) {
        if model_link::client().is_some_and(|c| c.dead().is_some()) {
            return self.spawn_worker();
        }
        self.load.set(LoadState::Starting);
        model_link::reset_slot();
        // A snapshot stays on screen until the model answers for its context.
        self.step.update(|s| {
            if !s.as_ref().is_some_and(|s| s.from_snapshot) {
                *s = None
            }
        });
        self.steps.set(Vec::new());
        match model_link::client() {
            Some(client) => {
                let manifest = self.settings.with_untracked(|s| s.model.as_ref().map(|m| format!("{m}.manifest.json")));
                client.load(&model_base(), manifest.as_deref().unwrap_or("manifest.json"))
            }
            None => self.load.set(LoadState::Failed("the model worker is not running".into())),
        }
    }

    /// Resolves once `step` holds the logits of the current context (or the model failed).
    /// One forward pass runs at a time, always for the newest context, feeding only what the
    /// worker's cache lacks; every caller waits for that same pass.
    pub async fn refresh(self) -> Result<(), String> {
        let (tx, rx) = oneshot::channel();
        let start = self.refresh.try_update_value(|r| {
            r.waiting.push(tx);
            !std::mem::replace(&mut r.running, true)
        });
        if start == Some(true) {
            spawn_local(self.pump());
        }
        rx.await.unwrap_or_else(|_| Err("the page stopped waiting for the model".into()))
    }

    async fn pump(self) {
        // A context the model cannot read: say why, and take the last chart (of another
        // context) off the screen rather than leave it looking current.
        let refuse = move |text: Text| {
            let message = text.render(self.lang.get_untracked());
            self.model_error.set(Some(message.clone()));
            self.step.set(None);
            Err(message)
        };
        let result = loop {
            if let Some(overlong) = self.prompt_overlong.get_untracked() {
                break refuse(overlong.text());
            }
            let ctx = self.context.get_untracked();
            if ctx.is_empty() {
                break refuse(Text::new(msg!("error-empty-prompt")));
            }
            if ctx.len() > crate::model::CONTEXT {
                let text = Text::new(msg!("error-context-full"))
                    .arg("tokens", ctx.len())
                    .arg("context", crate::model::CONTEXT);
                break refuse(text);
            }
            if self.step.with_untracked(|s| s.as_ref().is_some_and(|s| s.context == ctx && !s.from_snapshot)) {
                break Ok(());
            }
            let result = model_link::logits_for(&ctx).await;
            self.model_runs.set(model_link::model_runs());
            match result {
                Ok(logits) => {
                    self.model_error.set(None);
                    let snapshot = self.step.get_untracked().filter(|s| s.from_snapshot && s.context == ctx);
                    if let Some(snapshot) = snapshot {
                        let gap = crate::model::snapshot::largest_difference(&snapshot.logits, &logits);
                        self.snapshot_difference.set(Some(gap));
                    }
                    let answer = Arc::new(Step { context: ctx, logits, from_snapshot: false });
                    self.keep_step(answer.clone());
                    self.step.set(Some(answer));
                }
                Err(e) => {
                    self.model_error.set(Some(e.clone()));
                    break Err(e);
                }
            }
        };
        let waiting = self.refresh.try_update_value(|r| {
            r.running = false;
            std::mem::take(&mut r.waiting)
        });
        for tx in waiting.unwrap_or_default() {
            let _ = tx.send(result.clone());
        }
    }

    /// Keeps `answer` among the steps the completion is replayed over, dropping those that are
    /// no longer a prefix of it, and the oldest beyond [`KEPT_STEPS`].
    fn keep_step(self, answer: Arc<Step>) {
        self.steps.update(|steps| {
            steps.retain(|s| answer.context.starts_with(&s.context) && s.context != answer.context);
            steps.push(answer);
            let extra = steps.len().saturating_sub(KEPT_STEPS);
            steps.drain(..extra);
        });
    }

    /// The analysis of the current context, if the model has answered for it.
    fn current(self) -> Option<Arc<Analysis>> {
        let context = self.context.get_untracked();
        self.analysis.get_untracked().filter(|a| a.is_for(&context))
    }

    /// Appends the token this seed draws now.
    pub fn sample_next(self) {
        if let Some(a) = self.current() {
            self.settings.update(|s| s.completion.push(a.draw.token));
        }
    }

    /// Appends drawn tokens until Stop, the end of the turn or max tokens; each draw waits for
    /// the model's answer to the context before it.
    pub fn generate(self) {
        if self.generating.get_untracked() {
            return;
        }
        self.generating.set(true);
        self.stop_requested.set(false);
        spawn_local(async move {
            let limit = self.settings.with_untracked(|s| s.max_tokens);
            for _ in 0..limit {
                if self.refresh().await.is_err() || self.stop_requested.get_untracked() {
                    break;
                }
                let Some(a) = self.current() else { break };
                self.settings.update(|s| s.completion.push(a.draw.token));
                if is_end(a.draw.token) {
                    break;
                }
                // Let the browser paint the new token.
                dom::sleep(0).await;
            }
            self.generating.set(false);
            let count = self.completion.with_untracked(Vec::len);
            self.announce(&Text::new(msg!("announce-generated")).arg("count", count));
        });
    }

    /// Downloads the current step as JSON (see `export::step`).
    pub fn export_json(self) {
        let (Some(a), Some(t)) = (self.current(), self.tokenizer.get_untracked()) else { return };
        let lang = self.lang.get_untracked();
        let doc = self.settings.with_untracked(|s| {
            export::step(s, &self.prompt_ids.get_untracked(), &t, &a.step.logits, &a.run, &a.draw, lang)
        });
        if let Err(e) = dom::download("samplescope-step.json", "application/json", &doc.to_string()) {
            let text = Text::new(msg!("error-export")).arg("error", e);
            self.model_error.set(Some(text.render(lang)));
        }
    }

    /// Sets the seed from what was typed, or says why not.
    pub fn set_seed(self, text: String) {
        match text.trim().parse::<u64>() {
            Ok(seed) => self.settings.update(|s| s.seed = seed),
            Err(_) => self.notes.update(|n| n.push(Text::new(msg!("note-bad-seed")).arg("value", text))),
        }
    }
}
