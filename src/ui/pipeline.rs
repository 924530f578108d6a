//! The sampler as a column of stage cards: formula, value, on/off, trace; reorderable by drag
//! and by keyboard (Alt+↑/↓ or the arrow buttons). Selecting a card shows its output in the
//! chart, which animates from the previous stage's distribution.

use std::sync::Arc;

use leptos::prelude::*;

use crate::sampling::params::range;
use crate::sampling::{OrderPreset, SamplingParams, StageKind};
use crate::tokenizer::Tokenizer;

use super::app::Analysis;
use super::chart_model::View;
use super::controls::Slider;
use super::url_state::Settings;

fn fmt_k(v: f64) -> String {
    if v == 0.0 { "off (0)".into() } else { format!("{v}") }
}
fn fmt_p(v: f64) -> String {
    if v >= 1.0 { "off (1)".into() } else { format!("{v:.2}") }
}
fn fmt_min_p(v: f64) -> String {
    if v <= 0.0 { "off (0)".into() } else { format!("{v:.2}") }
}
fn fmt_t(v: f64) -> String {
    if v == 0.0 {
        "0 (greedy)".into()
    } else if v == 1.0 {
        "1 (neutral)".into()
    } else {
        format!("{v:.2}")
    }
}
fn fmt_theta(v: f64) -> String {
    if v == 1.0 { "off (1)".into() } else { format!("{v:.2}") }
}
fn fmt_alpha(v: f64) -> String {
    if v == 0.0 { "off (0)".into() } else { format!("{v:+.2}") }
}

/// The control that sets a stage's parameter.
fn stage_control(stage: StageKind, settings: RwSignal<Settings>, tokenizer: Signal<Option<Arc<Tokenizer>>>) -> AnyView {
    let get = move |f: fn(&SamplingParams) -> f64| Signal::derive(move || settings.with(|s| f(&s.sampling)));
    let set =
        move |f: fn(&mut SamplingParams, f64)| Callback::new(move |v: f64| settings.update(|s| f(&mut s.sampling, v)));
    let id = stage.key();
    match stage {
        StageKind::Temperature => view! {
            <Slider label="T" id=id value=get(|p| p.temperature as f64) on_change=set(|p, v| p.temperature = v as f32)
                min=range::TEMPERATURE.0 as f64 max=range::TEMPERATURE.1 as f64 step=0.01 format=fmt_t />
        }
        .into_any(),
        StageKind::TopK => view! {
            <Slider label="k" id=id value=get(|p| p.top_k as f64) on_change=set(|p, v| p.top_k = v as usize)
                min=0.0 max=range::TOP_K.1 as f64 step=1.0 format=fmt_k />
        }
        .into_any(),
        StageKind::TopP => view! {
            <Slider label="p" id=id value=get(|p| p.top_p as f64) on_change=set(|p, v| p.top_p = v as f32)
                min=0.0 max=1.0 step=0.01 format=fmt_p />
        }
        .into_any(),
        StageKind::MinP => view! {
            <Slider label="min_p" id=id value=get(|p| p.min_p as f64) on_change=set(|p, v| p.min_p = v as f32)
                min=0.0 max=1.0 step=0.01 format=fmt_min_p />
        }
        .into_any(),
        StageKind::TypicalP => view! {
            <Slider label="p" id=id value=get(|p| p.typical_p as f64) on_change=set(|p, v| p.typical_p = v as f32)
                min=0.0 max=1.0 step=0.01 format=fmt_p />
        }
        .into_any(),
        StageKind::RepetitionPenalty => view! {
            <Slider label="θ" id=id value=get(|p| p.repetition_penalty as f64) on_change=set(|p, v| p.repetition_penalty = v as f32)
                min=0.5 max=2.0 step=0.01 format=fmt_theta hint="1 = off; > 1 penalises tokens already in the prompt or completion" />
        }
        .into_any(),
        StageKind::FrequencyPenalty => view! {
            <Slider label="α_freq" id=id value=get(|p| p.frequency_penalty as f64) on_change=set(|p, v| p.frequency_penalty = v as f32)
                min=range::FREQUENCY_PENALTY.0 as f64 max=range::FREQUENCY_PENALTY.1 as f64 step=0.05 format=fmt_alpha
                hint="counts only sampled tokens (cⱼ), not the prompt" />
        }
        .into_any(),
        StageKind::PresencePenalty => view! {
            <Slider label="α_pres" id=id value=get(|p| p.presence_penalty as f64) on_change=set(|p, v| p.presence_penalty = v as f32)
                min=range::PRESENCE_PENALTY.0 as f64 max=range::PRESENCE_PENALTY.1 as f64 step=0.05 format=fmt_alpha
                hint="once per token present in the completion" />
        }
        .into_any(),
        StageKind::LogitBias => view! { <LogitBiasEditor settings=settings tokenizer=tokenizer /> }.into_any(),
    }
}

/// Search the vocabulary, add a token, set its bias.
#[component]
fn LogitBiasEditor(
    settings: RwSignal<Settings>,
    #[prop(into)] tokenizer: Signal<Option<Arc<Tokenizer>>>,
) -> impl IntoView {
    let query = RwSignal::new(String::new());
    let hits = move || {
        let q = query.get();
        tokenizer
            .with(|t| {
                t.as_ref().map(|t| t.search(&q, 12).into_iter().map(|id| (id, t.display(id))).collect::<Vec<_>>())
            })
            .unwrap_or_default()
    };
    let label = move |id: u32| tokenizer.with(|t| t.as_ref().map(|t| t.display(id)).unwrap_or_default());
    let add = move |id: u32| {
        settings.update(|s| {
            if !s.sampling.logit_bias.iter().any(|(i, _)| *i == id) {
                s.sampling.logit_bias.push((id, -100.0));
            }
        });
        query.set(String::new());
    };
    view! {
        <div class="bias-editor">
            <input
                type="search"
                id="bias-search"
                placeholder="find a token, e.g. Paris"
                aria-label="search the vocabulary for a token to bias"
                prop:value=move || query.get()
                on:input=move |ev| query.set(event_target_value(&ev))
            />
            <ul class="bias-hits" role="listbox">
                {move || hits().into_iter().map(|(id, text)| view! {
                    <li>
                        <button class="token-pick" on:click=move |_| add(id) title=format!("add a bias for token {id}")>
                            <span class="chip">{text}</span>" #"{id}
                        </button>
                    </li>
                }).collect::<Vec<_>>()}
            </ul>
            <ul class="bias-list">
                {move || settings.with(|s| s.sampling.logit_bias.clone()).into_iter().map(|(id, bias)| view! {
                    <li>
                        <span class="chip">{label(id)}</span>
                        <input
                            type="range" min="-100" max="100" step="0.5"
                            aria-label=format!("bias for token {id}")
                            prop:value=bias.to_string()
                            on:change=move |ev| {
                                if let Ok(v) = event_target_value(&ev).parse::<f32>() {
                                    settings.update(|s| for e in s.sampling.logit_bias.iter_mut().filter(|e| e.0 == id) { e.1 = v });
                                }
                            }
                        />
                        <output>{format!("{bias:+}")}</output>
                        <button aria-label=format!("remove the bias for token {id}")
                            on:click=move |_| settings.update(|s| s.sampling.logit_bias.retain(|e| e.0 != id))>"×"</button>
                    </li>
                }).collect::<Vec<_>>()}
            </ul>
        </div>
    }
}

fn move_stage(settings: RwSignal<Settings>, from: usize, to: usize) {
    settings.update(|s| {
        if from < s.order.len() && to < s.order.len() && from != to {
            let stage = s.order.remove(from);
            s.order.insert(to, stage);
        }
    });
}

#[component]
pub fn PipelinePanel(
    settings: RwSignal<Settings>,
    analysis: Memo<Option<Arc<Analysis>>>,
    view_at: RwSignal<View>,
    #[prop(into)] tokenizer: Signal<Option<Arc<Tokenizer>>>,
) -> impl IntoView {
    let dragging = StoredValue::new(None::<usize>);
    // Memos: the cards are rebuilt only when the order itself changes, not on every slider move
    // (which would also replace the slider being dragged).
    let order = Memo::new(move |_| settings.with(|s| s.order.clone()));
    let preset = Memo::new(move |_| OrderPreset::matching(&order.get()));
    let trace =
        move |i: usize| analysis.with(|a| a.as_ref().and_then(|a| a.run.stages.get(i).map(|s| s.trace.clone())));
    let card = move |(i, stage): (usize, StageKind)| {
        let n = settings.with_untracked(|s| s.order.len());
        let selected = move || view_at.get() == View::Stage(i);
        view! {
            <li
                class="stage-card"
                class:selected=selected
                class:skipped=move || trace(i).is_some_and(|t| t.skipped)
                draggable="true"
                data-stage=stage.key()
                on:dragstart=move |_| dragging.set_value(Some(i))
                on:dragover=move |ev| ev.prevent_default()
                on:drop=move |ev| {
                    ev.prevent_default();
                    if let Some(from) = dragging.get_value() {
                        move_stage(settings, from, i);
                    }
                    dragging.set_value(None);
                }
            >
                <div class="stage-head">
                    <button
                        class="stage-name"
                        aria-pressed=move || selected().to_string()
                        title="show this stage's output in the chart (Alt+↑/↓ moves it)"
                        on:click=move |_| view_at.set(if selected() { View::Final } else { View::Stage(i) })
                        on:keydown=move |ev| {
                            if ev.alt_key() && ev.key() == "ArrowUp" && i > 0 {
                                ev.prevent_default();
                                move_stage(settings, i, i - 1);
                            } else if ev.alt_key() && ev.key() == "ArrowDown" && i + 1 < n {
                                ev.prevent_default();
                                move_stage(settings, i, i + 1);
                            }
                        }
                    >
                        <span class="stage-index">{i + 1}</span>
                        {stage.name()}
                    </button>
                    <span class="stage-buttons">
                        <button aria-label=format!("move {} earlier", stage.name()) disabled=i == 0 on:click=move |_| move_stage(settings, i, i - 1)>"↑"</button>
                        <button aria-label=format!("move {} later", stage.name()) disabled=i + 1 == n on:click=move |_| move_stage(settings, i, i + 1)>"↓"</button>
                        <label class="switch" title="include this stage in the order">
                            <input type="checkbox" checked=true
                                aria-label=format!("{} on", stage.name())
                                on:change=move |_| {
                                    view_at.set(View::Final);
                                    settings.update(|s| s.order.retain(|st| *st != stage));
                                } />
                            "on"
                        </label>
                    </span>
                </div>
                <code class="formula">{stage.formula()}</code>
                {stage_control(stage, settings, tokenizer)}
                <p class="trace">{move || trace(i).map(|t| t.summary).unwrap_or_default()}</p>
            </li>
        }
    };
    let missing =
        Memo::new(move |_| order.with(|o| StageKind::ALL.into_iter().filter(|k| !o.contains(k)).collect::<Vec<_>>()));
    view! {
        <section class="pipeline" aria-label="sampling pipeline">
            <div class="pipeline-head">
                <h2>"Sampling pipeline"</h2>
                <label>
                    "order "
                    <select
                        id="order-preset"
                        on:change=move |ev| {
                            if let Some(p) = OrderPreset::from_key(&event_target_value(&ev)) {
                                view_at.set(View::Final);
                                settings.update(|s| s.order = p.order());
                            }
                        }
                    >
                        {OrderPreset::ALL.into_iter().map(|p| view! {
                            <option value=p.key() selected=move || preset.get() == Some(p)>{p.label()}</option>
                        }).collect::<Vec<_>>()}
                        <option value="custom" disabled=true selected=move || preset.get().is_none()>"custom"</option>
                    </select>
                </label>
            </div>
            <p class="hint">{move || preset.get().map(|p| p.note()).unwrap_or("A custom order: drag the cards, or use ↑/↓ (Alt+arrow on a stage name).")}</p>
            <button class="stage-card raw" class:selected=move || view_at.get() == View::Raw
                on:click=move |_| view_at.update(|v| *v = if *v == View::Raw { View::Final } else { View::Raw })>
                "0 · raw model softmax: pᵢ = exp(lᵢ) / Σⱼ exp(lⱼ) over 49,152 tokens"
            </button>
            <ol class="stages">
                {move || order.get().into_iter().enumerate().map(card).collect::<Vec<_>>()}
            </ol>
            <div class="draw-card" class:selected=move || view_at.get() == View::Final>
                <button class="stage-name" on:click=move |_| view_at.set(View::Final)>"draw"</button>
                <label class="switch">
                    <input type="checkbox" id="do_sample"
                        prop:checked=move || settings.with(|s| s.sampling.do_sample)
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            settings.update(|s| s.sampling.do_sample = on);
                        } />
                    "do_sample"
                </label>
                <p class="hint">
                    {move || if settings.with(|s| s.sampling.do_sample) {
                        "Draws u ~ U[0,1) from ChaCha8(seed) and walks the kept tokens from most to least probable until the cumulative probability passes u."
                    } else {
                        "do_sample is off: greedy decoding takes the argmax of the processed logits, whatever temperature, top-k or top-p say."
                    }}
                </p>
            </div>
            <Show when=move || missing.with(|m| !m.is_empty())>
                <div class="missing">
                    <span>"Not in this order: "</span>
                    {move || missing.get().into_iter().map(|stage| view! {
                        <button class="add-stage" on:click=move |_| settings.update(|s| s.order.push(stage))>
                            "+ " {stage.name()}
                        </button>
                    }).collect::<Vec<_>>()}
                </div>
            </Show>
        </section>
    }
}
