//! The sampler as a column of stage cards: formula, controls, on/off, trace; reorderable by
//! drag and by keyboard (Alt+↑/↓ or the arrow buttons). Selecting a card shows its output in the
//! chart, which animates from the previous stage's distribution. Every card is built from its
//! stage's declaration.

use leptos::prelude::*;

use crate::i18n::Text;
use crate::msg;
use crate::sampling::order::{read_order, to_llama};
use crate::sampling::{OrderPreset, StageKind, draw};

use super::chart_model::{View, percent};
use super::controls::ParamControl;
use super::dom;
use super::settings::Shown;
use super::state::{Page, page};
use super::teach::ExplainButton;

/// Search the vocabulary, add a token, set its bias.
#[component]
pub fn LogitBiasEditor() -> impl IntoView {
    let page = page();
    let (settings, tokenizer) = (page.settings, page.tokenizer);
    let query = RwSignal::new(String::new());
    // Ranked by the model's probability at the current context, so the token that matters
    // here (`␣Paris` after "is") comes before look-alikes that never follow.
    // The model's distribution changes with the context, not with the sliders: the hits are
    // ranked again when the query or the context changes, not on every slider move.
    let raw = Memo::new(move |_| page.analysis.with(|a| a.as_ref().map(|a| a.run.raw.probs.clone())));
    let hits = move || {
        let q = query.get();
        let probs = raw.get();
        let prob = |id: u32| probs.as_ref().and_then(|p| p.get(id as usize).copied()).unwrap_or(0.0);
        tokenizer
            .with(|t| {
                t.as_ref().map(|t| {
                    t.search(&q, 12, prob).into_iter().map(|id| (id, t.display(id), prob(id))).collect::<Vec<_>>()
                })
            })
            .unwrap_or_default()
    };
    let label = move |id: u32| tokenizer.with(|t| t.as_ref().map(|t| t.display(id)).unwrap_or_default());
    let add = move |id: u32| {
        settings.update(|s| {
            if !s.sampling.logit_bias.biases.iter().any(|(i, _)| *i == id) {
                s.sampling.logit_bias.biases.push((id, -100.0));
            }
        });
        query.set(String::new());
    };
    let with_id = move |id_msg: &'static str, id: u32| page.say(&Text::new(id_msg).arg("id", id.to_string()));
    view! {
        <div class="bias-editor">
            <input
                type="search"
                id="bias-search"
                placeholder=move || page.t(msg!("bias-search.placeholder"))
                aria-label=move || page.t(msg!("bias-search"))
                prop:value=move || query.get()
                on:input=move |ev| query.set(event_target_value(&ev))
            />
            <ul class="bias-hits" aria-label=move || page.t(msg!("bias-search"))>
                {move || hits().into_iter().map(|(id, text, p)| view! {
                    <li data-token-id=id>
                        <button class="token-pick" on:click=move |_| add(id) title=move || with_id(msg!("bias-add"), id)>
                            <span class="chip">{text}</span>" #"{id}" "
                            <span class="hit-prob">{move || page.say(&Text::new(msg!("bias-hit-prob")).arg("p", percent(p as f64)))}</span>
                        </button>
                    </li>
                }).collect::<Vec<_>>()}
            </ul>
            <ul class="bias-list">
                {move || settings.with(|s| s.sampling.logit_bias.biases.clone()).into_iter().map(|(id, bias)| view! {
                    <li>
                        <span class="chip">{label(id)}</span>
                        <input
                            type="range" min="-100" max="100" step="0.5"
                            aria-label=move || with_id(msg!("bias-value"), id)
                            prop:value=bias.to_string()
                            on:change=move |ev| {
                                if let Ok(v) = event_target_value(&ev).parse::<f32>() {
                                    settings.update(|s| for e in s.sampling.logit_bias.biases.iter_mut().filter(|e| e.0 == id) { e.1 = v });
                                }
                            }
                        />
                        <output>{format!("{bias:+}")}</output>
                        <button aria-label=move || with_id(msg!("bias-remove"), id)
                            on:click=move |_| settings.update(|s| s.sampling.logit_bias.biases.retain(|e| e.0 != id))>"×"</button>
                    </li>
                }).collect::<Vec<_>>()}
            </ul>
        </div>
    }
}

/// Moves the stage at `from` to `to`; with `keep_focus`, the moved card's name button gets the
/// focus back once the cards are rebuilt, so a second Alt+↑ moves the same card again.
fn move_stage(page: Page, from: usize, to: usize, keep_focus: bool) {
    let mut moved = None;
    page.settings.update(|s| {
        if from < s.order.len() && to < s.order.len() && from != to {
            let stage = s.order.remove(from);
            s.order.insert(to, stage);
            moved = Some((stage, s.order.len()));
        }
    });
    let Some((stage, count)) = moved else { return };
    if keep_focus {
        dom::focus_later(format!("li[data-stage=\"{}\"] .stage-name", stage.key()));
    }
    page.announce(
        &Text::new(msg!("announce-moved")).arg("name", stage.name()).arg("index", to + 1).arg("count", count),
    );
}

/// One stage of the order: its name, formula, controls and what it did.
#[component]
fn StageCard(
    index: usize,
    stage: StageKind,
    dragging: StoredValue<Option<usize>>,
    engine: Memo<Option<OrderPreset>>,
) -> impl IntoView {
    let page = page();
    let (settings, view_at) = (page.settings, page.view_at);
    let n = settings.with_untracked(|s| s.order.len());
    let trace =
        move || page.analysis.with(|a| a.as_ref().and_then(|a| a.run.stages.get(index).map(|s| s.trace.clone())));
    let selected = move || view_at.get() == View::Stage(index);
    // The moved card's same arrow keeps the focus, or its other arrow when this one is now
    // disabled (at either end): the focus never drops to the page.
    let arrow = move |to: usize, class: &'static str, other: &'static str| {
        move_stage(page, index, to, false);
        let blocked = if class == "move-earlier" { to == 0 } else { to + 1 == n };
        dom::focus_later(format!("li[data-stage=\"{}\"] .{}", stage.key(), if blocked { other } else { class }));
    };
    let named = move |id: &'static str| page.say(&Text::new(id).arg("name", stage.name()));
    let decl = stage.decl();
    // A stage the chosen engine does not have: the order is then samplescope's, not the
    // engine's, and the card says so.
    let not_in_engine =
        move || engine.get().and_then(|e| e.lacking(&[stage]).into_iter().next()).map(|(_, text)| page.say(&text));
    // Mirostat's μ at this position is the completion's replay; without the model's answers for
    // the earlier positions (a link that came with a completion) it starts from 2τ.
    let mu_unreplayed = move || stage == StageKind::Mirostat && page.state.with(Option::is_none);
    // The grammar leads while a format is set and leaves with it: it is not moved or switched.
    let fixed = stage == StageKind::Grammar;
    view! {
        <li
            class="stage-card"
            class:selected=selected
            class:skipped=move || trace().is_some_and(|t| t.skipped)
            draggable="true"
            data-stage=decl.key
            on:dragstart=move |_| dragging.set_value(Some(index))
            on:dragover=move |ev| ev.prevent_default()
            on:drop=move |ev| {
                ev.prevent_default();
                if let Some(from) = dragging.get_value() {
                    move_stage(page, from, index, false);
                }
                dragging.set_value(None);
            }
        >
            <div class="stage-head">
                <button
                    class="stage-name"
                    aria-pressed=move || selected().to_string()
                    title=move || page.t(msg!("stage-show.title"))
                    on:click=move |_| page.show(if selected() { Shown::Final } else { Shown::Stage(stage) })
                    on:keydown=move |ev| {
                        if ev.alt_key() && ev.key() == "ArrowUp" && index > 0 {
                            ev.prevent_default();
                            move_stage(page, index, index - 1, true);
                        } else if ev.alt_key() && ev.key() == "ArrowDown" && index + 1 < n {
                            ev.prevent_default();
                            move_stage(page, index, index + 1, true);
                        }
                    }
                >
                    <span class="stage-index">{index + 1}</span>
                    {decl.name}
                </button>
                {move || not_in_engine().map(|text| view! { <span class="not-in-engine">{text}</span> })}
                <span class="stage-buttons">
                    {super::lessons::EXPLAINED.contains(&decl.key).then(|| view! { <ExplainButton key=decl.key /> })}
                    <button class="move-earlier" aria-label=move || named(msg!("stage-earlier")) disabled=index == 0 hidden=fixed
                        on:click=move |_| arrow(index - 1, "move-earlier", "move-later")>"↑"</button>
                    <button class="move-later" aria-label=move || named(msg!("stage-later")) disabled=index + 1 == n hidden=fixed
                        on:click=move |_| arrow(index + 1, "move-later", "move-earlier")>"↓"</button>
                    <label class="switch" title=move || page.t(msg!("stage-on.title")) hidden=fixed>
                        <input type="checkbox" checked=true
                            aria-label=move || named(msg!("stage-on.label"))
                            on:change=move |_| {
                                settings.update(|s| {
                                    s.order.retain(|st| *st != stage);
                                    if s.shown == Shown::Stage(stage) {
                                        s.shown = Shown::Final;
                                    }
                                });
                            } />
                        {move || page.t(msg!("stage-on"))}
                    </label>
                </span>
            </div>
            <code class="formula">{decl.formula}</code>
            {decl.params.iter().map(|param| view! { <ParamControl param=param /> }).collect::<Vec<_>>()}
            <Show when=mu_unreplayed>
                <p class="hint mu-unreplayed">{move || page.t(msg!("pipeline-mu-unreplayed"))}</p>
            </Show>
            <p class="trace">{move || trace().map(|t| page.say(&t.summary)).unwrap_or_default()}</p>
            {super::stage_detail::stage_detail(move || trace().map(|t| t.detail))}
            {move || (stage == StageKind::Mirostat).then(|| {
                let mus = page.states.with(|s| s.as_ref().map(|s| s.iter().map(|st| st.mu).collect::<Vec<_>>()))?;
                let tau = settings.with(|s| s.sampling.mirostat.tau);
                super::stage_detail::mu_path(mus, tau)
            }).flatten()}
        </li>
    }
}

/// The order as text: a preset, stage keys or a llama.cpp `--samplers` / `--sampler-seq` string
/// pasted in; and the order written back as llama.cpp's arguments, or why llama.cpp cannot run
/// it.
#[component]
fn OrderText(order: Memo<Vec<StageKind>>) -> impl IntoView {
    let page = page();
    let llama = Memo::new(move |_| order.with(|o| to_llama(o)));
    let read = move |text: String| {
        if text.trim().is_empty() {
            return;
        }
        match read_order(&text) {
            Ok(order) if !order.is_empty() => page.settings.update(|s| s.order = order),
            Ok(_) => {}
            Err(e) => page.notes.update(|n| n.push(e.text())),
        }
    };
    view! {
        <div class="order-text">
            <input
                type="text"
                id="order-text"
                spellcheck="false"
                aria-label=move || page.t(msg!("pipeline-order-text"))
                placeholder=move || page.t(msg!("pipeline-order-text.placeholder"))
                on:change=move |ev| read(event_target_value(&ev))
            />
            <p class="hint llama-args">
                {move || page.t(msg!("pipeline-llama"))}" "
                {move || match llama.get() {
                    Ok((names, letters)) => view! {
                        <code id="llama-samplers">{format!("--samplers \"{names}\"")}</code>" "
                        <code id="llama-sampler-seq">{format!("--sampler-seq {letters}")}</code>
                    }.into_any(),
                    Err(why) => view! { <span id="llama-why">{page.say(&why)}</span> }.into_any(),
                }}
            </p>
        </div>
    }
}

#[component]
pub fn PipelinePanel() -> impl IntoView {
    let page = page();
    let (settings, view_at) = (page.settings, page.view_at);
    let dragging = StoredValue::new(None::<usize>);
    // Memos: the cards are rebuilt only when the order itself changes, not on every slider move
    // (which would also replace the slider being dragged).
    let order = Memo::new(move |_| settings.with(|s| s.order.clone()));
    let preset = Memo::new(move |_| OrderPreset::matching(&order.get()));
    // The engine whose stages the order is measured against: the preset it matches, else the
    // last one it matched (an order dragged or extended from a preset stays that engine's).
    let chosen = RwSignal::new(preset.get_untracked());
    Effect::new(move |_| {
        if let Some(p) = preset.get() {
            chosen.set(Some(p));
        }
    });
    let engine = Memo::new(move |_| chosen.get());
    let missing = Memo::new(move |_| {
        order.with(|o| StageKind::ALL.iter().copied().filter(|k| !o.contains(k)).collect::<Vec<_>>())
    });
    let do_sample = move || settings.with(|s| s.sampling.draw.do_sample);
    view! {
        <section class="pipeline" aria-label=move || page.t(msg!("pipeline-title"))>
            <div class="pipeline-head">
                <h2>{move || page.t(msg!("pipeline-title"))}</h2>
                <label>
                    {move || page.t(msg!("pipeline-order"))}" "
                    <select
                        id="order-preset"
                        on:change=move |ev| {
                            if let Some(p) = OrderPreset::from_key(&event_target_value(&ev)) {
                                settings.update(|s| s.order = p.order());
                            }
                        }
                    >
                        {OrderPreset::ALL.into_iter().map(|p| view! {
                            <option value=p.key() selected=move || preset.get() == Some(p)>{move || page.t(p.label())}</option>
                        }).collect::<Vec<_>>()}
                        <option value="custom" disabled=true selected=move || preset.get().is_none()>{move || page.t(msg!("pipeline-custom"))}</option>
                    </select>
                </label>
            </div>
            <p class="hint">{move || page.t(preset.get().map(|p| p.note()).unwrap_or(msg!("pipeline-custom.hint")))}</p>
            <OrderText order=order />
            <button class="stage-card raw" class:selected=move || view_at.get() == View::Raw
                aria-pressed=move || (view_at.get() == View::Raw).to_string()
                on:click=move |_| page.show(if view_at.get_untracked() == View::Raw { Shown::Final } else { Shown::Raw })>
                {move || page.t(msg!("pipeline-raw"))}
            </button>
            <ol class="stages">
                {move || order.get().into_iter().enumerate().map(|(index, stage)| view! {
                    <StageCard index=index stage=stage dragging=dragging engine=engine />
                }).collect::<Vec<_>>()}
            </ol>
            <div class="draw-card" class:selected=move || view_at.get() == View::Final>
                <button class="stage-name" aria-pressed=move || (view_at.get() == View::Final).to_string()
                    on:click=move |_| page.show(Shown::Final)>{move || page.t(msg!("pipeline-draw"))}</button>
                <ExplainButton key="do_sample" />
                {draw::PARAMS.iter().map(|param| view! { <ParamControl param=param /> }).collect::<Vec<_>>()}
                <p class="hint">
                    {move || page.t(if do_sample() { msg!("pipeline-draw.sample") } else { msg!("pipeline-draw.greedy") })}
                </p>
            </div>
            <Show when=move || missing.with(|m| !m.is_empty())>
                <div class="missing">
                    <span>{move || page.t(msg!("pipeline-missing"))}" "</span>
                    {move || missing.get().into_iter().map(|stage| view! {
                        <button class="add-stage" data-stage=stage.key()
                            on:click=move |_| settings.update(|s| s.order.push(stage))>
                            "+ " {stage.name()}
                            {move || engine.get().and_then(|e| e.lacking(&[stage]).into_iter().next()).map(|(_, text)| view! {
                                " " <span class="not-in-engine">{page.say(&text)}</span>
                            })}
                        </button>
                    }).collect::<Vec<_>>()}
                </div>
            </Show>
        </section>
    }
}
