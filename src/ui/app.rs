//! The page: state at the top, effects in the middle, view at the bottom.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::model::VOCAB;
use crate::model::client::{LoadEvent, ModelClient};
use crate::sampling::{self, Draw, History, OrderPreset, PipelineRun, draw};
use crate::tokenizer::{END_OF_TEXT, IM_END, Tokenizer};

use super::api::ApiPanel;
use super::chart::DistributionChart;
use super::chart_model::{self, ChartModel, View, percent};
use super::controls::Slider;
use super::pipeline::PipelinePanel;
use super::progress::{LoadProgress, LoadState};
use super::prompt::{PromptPanel, TokenStrip};
use super::url_state::{self, Settings, Tab};
use super::{dom, explorer, export};

/// Where the worker script and the model files are, relative to the page.
const WORKER_URL: &str = "./model_worker_loader.js";
const MODEL_DIR: &str = "model/";

pub fn mount() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(App);
}

/// The model's answer for one context.
#[derive(Debug)]
pub struct Step {
    pub context: Vec<u32>,
    pub logits: Vec<f32>,
}

/// The sampler applied to a step with the current settings.
#[derive(Debug)]
pub struct Analysis {
    pub step: Arc<Step>,
    pub run: PipelineRun,
    pub draw: Draw,
}

/// Two orders over the same logits.
#[derive(Debug)]
pub struct Comparison {
    pub a: Arc<ChartModel>,
    pub b: Arc<ChartModel>,
    pub diff: chart_model::KeptDiff,
    /// The second order's run, which the next slider move reruns from.
    run_b: PipelineRun,
}

/// The draw at completion position `position`: the seed's stream advanced by one number per
/// earlier position, exactly as a full generation with this seed would draw.
fn draw_at(run: &PipelineRun, seed: u64, position: usize, do_sample: bool) -> Draw {
    let mut rng = draw::rng(seed);
    for _ in 0..position {
        draw::uniform(&mut rng);
    }
    draw::draw(run.last(), do_sample, &mut rng)
}

fn model_base() -> String {
    web_sys::Url::new_with_base(MODEL_DIR, &dom::window().location().href().unwrap_or_default())
        .map(|u| u.href())
        .unwrap_or_else(|_| MODEL_DIR.to_string())
}

#[component]
fn App() -> impl IntoView {
    // ---- state
    let (initial, initial_notes) = url_state::parse(&dom::query(), dom::random_seed(), VOCAB);
    let settings = RwSignal::new(initial);
    let notes = RwSignal::new(initial_notes);
    let load = RwSignal::new(LoadState::Starting);
    let tokenizer = RwSignal::new(None::<Arc<Tokenizer>>);
    let step = RwSignal::new(None::<Arc<Step>>);
    let model_error = RwSignal::new(None::<String>);
    let generating = RwSignal::new(false);
    let stop_requested = RwSignal::new(false);
    let runs = RwSignal::new(0u64);
    let view_at = RwSignal::new(View::Final);

    // ---- derived
    // Memos narrow what each step reads, so a slider move neither re-tokenises the prompt nor
    // rebuilds the context.
    let prompt_text = Memo::new(move |_| settings.with(Settings::prompt_text));
    let prompt_ids = Memo::new(move |_| {
        tokenizer.with(|t| t.as_ref().and_then(|t| prompt_text.with(|p| t.encode(p).ok())).unwrap_or_default())
    });
    let completion = Memo::new(move |_| settings.with(|s| s.completion.clone()));
    let context = Memo::new(move |_| {
        let mut ids = prompt_ids.get();
        completion.with(|c| ids.extend_from_slice(c));
        ids
    });
    // What the sampler reads: a change elsewhere (bars, tab, API fields) does not re-run it.
    let sampler_inputs = Memo::new(move |_| settings.with(|s| (s.sampling.clone(), s.order.clone(), s.seed)));
    let fresh = move || step.with(|s| s.as_ref().is_some_and(|s| s.context == context.get()));
    // Re-runs on every slider move, over the cached logits only: never the model.
    let analysis: Memo<Option<Arc<Analysis>>> = Memo::new_with_compare(
        move |previous: Option<&Option<Arc<Analysis>>>| {
            let step = step.get()?;
            if step.context != context.get() {
                return previous.cloned().flatten();
            }
            let generated = completion.with(Vec::len);
            sampler_inputs.with(|(sampling, order, seed)| {
                let history = History::of_context(&step.context, generated);
                // A slider moves one stage: the stages before it keep their previous output.
                let run = match previous.and_then(Option::as_ref) {
                    Some(previous) => sampling::rerun(&previous.run, &step.logits, order, sampling, &history),
                    None => sampling::run(&step.logits, order, sampling, &history),
                };
                let draw = draw_at(&run, *seed, generated, sampling.do_sample);
                Some(Arc::new(Analysis { step: step.clone(), run, draw }))
            })
        },
        |_, _| true,
    );
    let bars = Memo::new(move |_| settings.with(|s| s.bars));
    let chart: Memo<Option<Arc<ChartModel>>> = Memo::new_with_compare(
        move |_| {
            let a = analysis.get()?;
            let bars = bars.get();
            Some(Arc::new(chart_model::build(&a.run, view_at.get(), bars, Some(a.draw.token), &completion.get())))
        },
        |_, _| true,
    );
    // The same logits through a second order: two charts with one ranking, and the kept sets.
    let comparison: Memo<Option<Arc<Comparison>>> = Memo::new_with_compare(
        move |previous: Option<&Option<Arc<Comparison>>>| {
            let a = analysis.get()?;
            settings.with(|s| {
                let other = s.compare.as_ref()?;
                let history = History::of_context(&a.step.context, s.completion.len());
                let b = match previous.and_then(Option::as_ref) {
                    Some(previous) => sampling::rerun(&previous.run_b, &a.step.logits, other, &s.sampling, &history),
                    None => sampling::run(&a.step.logits, other, &s.sampling, &history),
                };
                let ids = chart_model::top_by_logit(&a.run.last().logits, s.bars);
                Some(Arc::new(Comparison {
                    a: Arc::new(chart_model::build_rows(&a.run, View::Final, &ids, None, &s.completion)),
                    b: Arc::new(chart_model::build_rows(&b, View::Final, &ids, None, &s.completion)),
                    diff: chart_model::kept_diff(&a.run, &b),
                    run_b: b,
                }))
            })
        },
        |_, _| true,
    );
    let ready = move || matches!(load.get(), LoadState::Ready(_));
    let model_sha256 = Signal::derive(move || match load.get() {
        LoadState::Ready(t) => t.model_sha256,
        _ => String::new(),
    });
    let tab = move || settings.with(|s| s.tab);

    // ---- effects
    Effect::new(move |_| dom::replace_query(&settings.with(url_state::to_query)));
    if url_state::pairs(&dom::query()).iter().any(|(k, v)| k == "bench" && v == "1") {
        super::bench_hooks::install(move || tokenizer.get_untracked(), move || step.get_untracked());
    }

    let start_loading = move || {
        load.set(LoadState::Starting);
        explorer::reset_slot();
        step.set(None);
        match explorer::client() {
            Some(client) => {
                let manifest = settings.with_untracked(|s| s.model.as_ref().map(|m| format!("{m}.manifest.json")));
                client.load(&model_base(), manifest.as_deref().unwrap_or("manifest.json"))
            }
            None => load.set(LoadState::Failed("the model worker is not running".into())),
        }
    };
    match ModelClient::spawn(WORKER_URL, move |event| match event {
        LoadEvent::Progress { stage, done, total } => load.set(LoadState::Loading { stage, done, total }),
        LoadEvent::Loaded { tokenizer_json, timings } => match Tokenizer::from_json(&tokenizer_json) {
            Ok(t) => {
                tokenizer.set(Some(Arc::new(t)));
                load.set(LoadState::Ready(timings));
            }
            Err(e) => load.set(LoadState::Failed(format!("tokenizer.json: {e:#}"))),
        },
        LoadEvent::Failed(message) => load.set(LoadState::Failed(message)),
    }) {
        Ok(client) => {
            explorer::set_client(client);
            start_loading();
        }
        Err(e) => load.set(LoadState::Failed(e)),
    }

    // Keeps `step` in line with `context`: one forward pass at a time, always for the newest
    // context, feeding only what the worker's cache lacks.
    let pumping = StoredValue::new(false);
    let pump = move || {
        if pumping.get_value() {
            return;
        }
        pumping.set_value(true);
        spawn_local(async move {
            loop {
                let ctx = context.get_untracked();
                if ctx.is_empty() || step.with_untracked(|s| s.as_ref().is_some_and(|s| s.context == ctx)) {
                    break;
                }
                let result = explorer::logits_for(&ctx).await;
                runs.set(explorer::model_runs());
                match result {
                    Ok(logits) => {
                        model_error.set(None);
                        step.set(Some(Arc::new(Step { context: ctx, logits })));
                    }
                    Err(e) => {
                        model_error.set(Some(e));
                        break;
                    }
                }
            }
            pumping.set_value(false);
        });
    };
    Effect::new(move |_| {
        let ctx = context.get();
        if ready() && !ctx.is_empty() {
            pump();
        }
    });

    // ---- actions
    let sample_next = move || {
        if let Some(a) = analysis.get_untracked().filter(|a| a.step.context == context.get_untracked()) {
            settings.update(|s| s.completion.push(a.draw.token));
        }
    };
    let generate = move || {
        if generating.get_untracked() {
            return;
        }
        generating.set(true);
        stop_requested.set(false);
        spawn_local(async move {
            let limit = settings.with_untracked(|s| s.max_tokens);
            for _ in 0..limit {
                // Wait for the logits of the current context (the pump is computing them).
                while !stop_requested.get_untracked()
                    && model_error.with_untracked(Option::is_none)
                    && !analysis.get_untracked().is_some_and(|a| a.step.context == context.get_untracked())
                {
                    dom::sleep(4).await;
                }
                if stop_requested.get_untracked() || model_error.with_untracked(Option::is_some) {
                    break;
                }
                let token = analysis.get_untracked().map(|a| a.draw.token).expect("fresh analysis");
                settings.update(|s| s.completion.push(token));
                if token == IM_END || token == END_OF_TEXT {
                    break;
                }
                // Let the browser paint the new token.
                dom::sleep(0).await;
            }
            generating.set(false);
        });
    };
    let export_json = move || {
        let (Some(a), Some(t)) = (analysis.get_untracked(), tokenizer.get_untracked()) else { return };
        let doc = settings
            .with_untracked(|s| export::step(s, &prompt_ids.get_untracked(), &t, &a.step.logits, &a.run, &a.draw));
        if let Err(e) = dom::download("samplescope-step.json", "application/json", &doc.to_string()) {
            model_error.set(Some(format!("export failed: {e}")));
        }
    };

    let set_seed = move |text: String| match text.trim().parse::<u64>() {
        Ok(seed) => settings.update(|s| s.seed = seed),
        Err(_) => notes.update(|n| n.push(format!("seed {text:?} is not a whole number ≥ 0; kept the previous one"))),
    };

    // ---- view
    let set = move |f: fn(&mut Settings, f64)| Callback::new(move |v: f64| settings.update(|s| f(s, v)));
    let draw_line = move || {
        let a = analysis.get()?;
        let t = tokenizer.get()?;
        let label = t.display(a.draw.token);
        let seed = settings.with(|s| s.seed);
        Some(match a.draw.method {
            sampling::DrawMethod::Sample { u } => {
                format!("Seed {seed} draws {label} (u = {u:.4} falls in its band; p = {})", percent(a.draw.prob as f64))
            }
            sampling::DrawMethod::Greedy => {
                format!("do_sample = false: greedy picks {label}, the argmax, whatever the other settings")
            }
        })
    };
    view! {
        <main
            class="app"
            data-model-runs=move || runs.get()
            data-ready=move || ready().to_string()
            data-fresh=move || fresh().to_string()
            data-generating=move || generating.get().to_string()
        >
            <header>
                <h1>"samplescope"</h1>
                <p class="tagline">
                    "A real language model in your browser, and every sampling parameter made visible. Probabilities are exact, over all 49,152 tokens."
                </p>
                <LoadProgress state=load on_retry=Callback::new(move |_| start_loading()) />
            </header>
            <Show when=move || notes.with(|n| !n.is_empty())>
                <div class="notes" role="status">
                    <strong>"Some values in the link were adjusted:"</strong>
                    <ul>{move || notes.get().into_iter().map(|n| view! { <li>{n}</li> }).collect::<Vec<_>>()}</ul>
                    <button on:click=move |_| notes.set(Vec::new())>"Dismiss"</button>
                </div>
            </Show>
            <div class="layout">
                <section class="col-prompt" aria-label="prompt">
                    <PromptPanel settings=settings />
                    <TokenStrip
                        tokenizer=tokenizer
                        prompt_ids=prompt_ids
                        completion=completion
                    />
                    <div class="general">
                        <label class="seed" for="seed">
                            "seed "
                            <input
                                id="seed"
                                type="number"
                                min="0"
                                step="1"
                                prop:value=move || settings.with(|s| s.seed.to_string())
                                on:change=move |ev| set_seed(event_target_value(&ev))
                            />
                            <button class="small" title="draw a fresh random seed" on:click=move |_| settings.update(|s| s.seed = dom::random_seed())>"new"</button>
                        </label>
                        <Slider
                            label="bars (top N)"
                            id="bars"
                            value=Signal::derive(move || settings.with(|s| s.bars as f64))
                            on_change=set(|s, v| s.bars = v as usize)
                            min=url_state::BARS_RANGE.0 as f64
                            max=url_state::BARS_RANGE.1 as f64
                            step=1.0
                        />
                        <Slider
                            label="max tokens (Generate and max_tokens)"
                            id="max_tokens"
                            value=Signal::derive(move || settings.with(|s| s.max_tokens as f64))
                            on_change=set(|s, v| s.max_tokens = v as usize)
                            min=url_state::MAX_TOKENS_RANGE.0 as f64
                            max=url_state::MAX_TOKENS_RANGE.1 as f64
                            step=1.0
                        />
                    </div>
                </section>
                <section class="col-pipeline" aria-label="sampling pipeline">
                    <PipelinePanel settings=settings analysis=analysis view_at=view_at tokenizer=tokenizer />
                </section>
                <section class="col-view" aria-label="results">
                    <div class="tabs" role="tablist">
                        <button role="tab" id="tab-explorer" aria-selected=move || (tab() == Tab::Explorer).to_string()
                            on:click=move |_| settings.update(|s| s.tab = Tab::Explorer)>"Next token"</button>
                        <button role="tab" id="tab-api" aria-selected=move || (tab() == Tab::Api).to_string()
                            on:click=move |_| settings.update(|s| s.tab = Tab::Api)>"API request (n, stop, logprobs, stream…)"</button>
                    </div>
                    <Show when=move || tab() == Tab::Explorer fallback=move || view! {
                        <ApiPanel settings=settings tokenizer=tokenizer prompt_ids=prompt_ids ready=Signal::derive(ready) model_sha256=model_sha256 />
                    }>
                        <div class="actions">
                            <button id="sample" class="primary" disabled=move || !fresh() || generating.get() on:click=move |_| sample_next()>
                                "Sample next token"
                            </button>
                            <Show
                                when=move || generating.get()
                                fallback=move || view! {
                                    <button id="generate" class="primary" disabled=move || !fresh() on:click=move |_| generate()>"Generate"</button>
                                }
                            >
                                <button id="stop" class="stop" on:click=move |_| stop_requested.set(true)>"Stop"</button>
                            </Show>
                            <button
                                id="reset"
                                disabled=move || generating.get() || settings.with(|s| s.completion.is_empty())
                                on:click=move |_| settings.update(|s| s.completion.clear())
                            >
                                "Reset completion"
                            </button>
                            <button id="export" disabled=move || !fresh() on:click=move |_| export_json()>"Export JSON"</button>
                        </div>
                        {move || model_error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
                        <p class="draw-line" id="draw-line">{draw_line}</p>
                        <p class="view-line">
                            {move || match view_at.get() {
                                View::Final => "Showing the distribution the draw uses (after every stage).".to_string(),
                                View::Raw => "Showing the model's raw softmax, before any stage.".to_string(),
                                View::Stage(i) => settings.with(|s| {
                                    s.order.get(i).map(|st| format!("Showing the output of stage {}: {} (pale bars: its input).", i + 1, st.name())).unwrap_or_default()
                                }),
                            }}
                        </p>
                        <label class="compare-pick">
                            "Compare with another order: "
                            <select id="compare" on:change=move |ev| {
                                let key = event_target_value(&ev);
                                settings.update(|s| s.compare = OrderPreset::from_key(&key).map(|p| p.order()));
                            }>
                                <option value="off" selected=move || settings.with(|s| s.compare.is_none())>"off"</option>
                                {OrderPreset::ALL.into_iter().map(|p| view! {
                                    <option value=p.key() selected=move || settings.with(|s| s.compare.as_ref().is_some_and(|c| OrderPreset::matching(c) == Some(p)))>{p.label()}</option>
                                }).collect::<Vec<_>>()}
                            </select>
                        </label>
                        <Show when=move || comparison.with(Option::is_some) fallback=move || view! { <DistributionChart chart=chart tokenizer=tokenizer /> }>
                            <CompareView comparison=comparison settings=settings tokenizer=tokenizer />
                        </Show>
                        <p class="legend">
                            <span class="swatch bar"></span>" probability now "
                            <span class="swatch ghost"></span>" before the shown stage "
                            <span class="swatch tick"></span>" the model's raw probability "
                            <span class="swatch removed"></span>" removed"
                        </p>
                    </Show>
                </section>
            </div>
        </main>
    }
}

fn order_label(order: &[sampling::StageKind]) -> String {
    OrderPreset::matching(order).map(|p| p.label().to_string()).unwrap_or_else(|| "custom order".into())
}

/// Two orders side by side over the same logits, with what only one of them keeps.
#[component]
fn CompareView(
    comparison: Memo<Option<Arc<Comparison>>>,
    settings: RwSignal<Settings>,
    #[prop(into)] tokenizer: Signal<Option<Arc<Tokenizer>>>,
) -> impl IntoView {
    let side = move |pick: fn(&Comparison) -> Arc<ChartModel>| {
        Signal::derive(move || comparison.with(|c| c.as_ref().map(|c| pick(c))))
    };
    let names = move |ids: Vec<u32>| {
        tokenizer.with(|t| {
            t.as_ref()
                .map(|t| ids.iter().take(8).map(|&i| t.display(i)).collect::<Vec<_>>().join(" · "))
                .unwrap_or_default()
        })
    };
    let summary = move |first: bool| {
        comparison.with(|c| {
            c.as_ref()
                .map(|c| {
                    let d = &c.diff;
                    let (kept, only) = if first { (d.kept_a, &d.only_a) } else { (d.kept_b, &d.only_b) };
                    let extra = if only.is_empty() {
                        "nothing the other drops".to_string()
                    } else {
                        format!("only here ({}): {}", only.len(), names(only.clone()))
                    };
                    format!("keeps {kept} tokens; {extra}")
                })
                .unwrap_or_default()
        })
    };
    view! {
        <div class="compare">
            <div>
                <h3>{move || format!("A: {}", settings.with(|s| order_label(&s.order)))}</h3>
                <p class="hint" id="compare-a">{move || summary(true)}</p>
                <DistributionChart chart=side(|c| c.a.clone()) tokenizer=tokenizer />
            </div>
            <div>
                <h3>{move || format!("B: {}", settings.with(|s| s.compare.as_deref().map(order_label).unwrap_or_default()))}</h3>
                <p class="hint" id="compare-b">{move || summary(false)}</p>
                <DistributionChart chart=side(|c| c.b.clone()) tokenizer=tokenizer />
            </div>
        </div>
    }
}
