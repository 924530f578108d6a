//! "Same prompt and seed, two settings": two short generations through the model worker, one
//! after the other, shown side by side with their repeated tokens. The requests are
//! `two_settings`'; the driving is the API panel's (`api_runner`), in cache slots of its own.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::generation::Generation;
use crate::i18n::Text;
use crate::model::VOCAB;
use crate::msg;

use super::api_runner::{self, ApiRun};
use super::lessons::PRESETS;
use super::model_link;
use super::state::{Page, page};
use super::two_settings::{self, CURRENT};

/// Cache slots of the two sides: away from the explorer's (0) and the API panel's (1000…).
const SLOTS: [u32; 2] = [2000, 3000];

/// One side: its choice, its run.
#[derive(Clone, Copy)]
struct Side {
    choice: RwSignal<&'static str>,
    run: RwSignal<Option<ApiRun>>,
}

fn label(page: Page, choice: &'static str) -> String {
    match PRESETS.iter().find(|(key, _)| *key == choice) {
        Some((_, label)) => page.t(label),
        None => page.t(msg!("side-current")),
    }
}

/// Runs side A, then side B (unless stopped), each from the current prompt and seed.
fn run_both(page: Page, sides: [Side; 2], stop: RwSignal<bool>, busy: RwSignal<bool>) {
    let (Some(client), Some(tok)) = (model_link::client(), page.tokenizer.get_untracked()) else { return };
    let prompt_ids = page.prompt_ids.get_untracked();
    let current = page.settings.get_untracked();
    let mut generations = Vec::new();
    for side in sides {
        let Some((sampling, order)) = two_settings::sampler(&current, side.choice.get_untracked(), VOCAB) else {
            return;
        };
        match Generation::new(two_settings::request(&current, sampling, order), prompt_ids.clone(), &tok) {
            Ok(g) => generations.push(g),
            Err(errors) => {
                let why: Vec<String> = errors.iter().map(|e| page.say(&e.text())).collect();
                page.model_error.set(Some(why.join("; ")));
                return;
            }
        }
    }
    for side in sides {
        side.run.set(None);
    }
    stop.set(false);
    busy.set(true);
    spawn_local(async move {
        for ((side, generation), base) in sides.into_iter().zip(generations).zip(SLOTS) {
            if stop.get_untracked() {
                break;
            }
            let candidates = generation.choices.len() as u32;
            side.run.set(Some(ApiRun::new(generation, String::new(), None)));
            api_runner::start(base, client.clone(), side.run, stop, tok.clone()).await;
            page.model_runs.set(model_link::model_runs());
            // Nothing branches from a side: its prompt's and candidates' caches can go.
            for slot in base..=base + candidates {
                client.release(slot);
            }
        }
        busy.set(false);
    });
}

/// One side's column: what it ran, its text, its repeats.
#[component]
fn SideColumn(side: Side, key: &'static str) -> impl IntoView {
    let page = page();
    let tokens = move || side.run.with(|r| r.as_ref().map(|r| r.tokens().into_iter().next().unwrap_or_default()));
    let text = move || {
        let tokens = tokens()?;
        page.tokenizer.with(|t| t.as_ref().map(|t| t.decode(&tokens)))
    };
    let repeats = move || tokens().map(|t| two_settings::repeats(&t));
    let settings_line = move || {
        let current = page.settings.get();
        let (sampling, _) = two_settings::sampler(&current, side.choice.get(), VOCAB)?;
        let line = Text::new(msg!("side-settings"))
            .arg("t", sampling.temperature.t.to_string())
            .arg("p", sampling.top_p.p.to_string())
            .arg("seed", current.seed.to_string());
        Some(page.say(&line))
    };
    let progress = move || {
        side.run.with(|r| {
            r.as_ref().map(|r| {
                let done = r.generation.choices[0].steps.len();
                let text = match (&r.error, r.running) {
                    (Some(e), _) => Text::new(msg!("side-failed")).arg("error", e.clone()),
                    (None, true) => {
                        Text::new(msg!("side-progress")).arg("done", done).arg("total", r.generation.request.max_tokens)
                    }
                    (None, false) if !r.generation.is_done() => Text::new(msg!("side-stopped")).arg("done", done),
                    (None, false) => Text::new(msg!("side-done")).arg("done", done),
                };
                page.say(&text)
            })
        })
    };
    view! {
        <div class="side" data-side=key
            data-done=move || side.run.with(|r| r.as_ref().is_some_and(|r| !r.running)).to_string()
            data-stopped=move || side.run.with(|r| r.as_ref().is_some_and(|r| !r.running && !r.generation.is_done())).to_string()>
            <label>
                {move || page.t(if key == "a" { msg!("side-a") } else { msg!("side-b") })}" "
                <select id=format!("side-{key}") on:change=move |ev| {
                    let value = event_target_value(&ev);
                    if let Some(choice) = two_settings::choices().find(|c| *c == value) {
                        side.choice.set(choice);
                        side.run.set(None);
                    }
                }>
                    {two_settings::choices().map(|choice| view! {
                        <option value=choice selected=move || side.choice.get() == choice>{move || label(page, choice)}</option>
                    }).collect::<Vec<_>>()}
                </select>
            </label>
            <p class="hint side-settings">{settings_line}</p>
            <p class="side-progress">{progress}</p>
            <p class="side-text" data-tokens=move || tokens().map(|t| t.iter().map(u32::to_string).collect::<Vec<_>>().join(","))>{text}</p>
            {move || repeats().map(|n| view! {
                <p class="side-repeats" data-repeats=n>{page.say(&Text::new(msg!("side-repeats")).arg("count", n))}</p>
            })}
        </div>
    }
}

/// The two generations and their controls.
#[component]
pub fn SideBySide() -> impl IntoView {
    let page = page();
    let sides = [
        Side { choice: RwSignal::new(CURRENT), run: RwSignal::new(None) },
        Side { choice: RwSignal::new(PRESETS[2].0), run: RwSignal::new(None) },
    ];
    let (stop, busy) = (RwSignal::new(false), RwSignal::new(false));
    view! {
        <details class="side-by-side">
            <summary>{move || page.t(msg!("side-title"))}</summary>
            <p class="hint">{move || page.say(&Text::new(msg!("side-hint")).arg("n", page.settings.with(|s| s.max_tokens.min(two_settings::MAX_TOKENS))))}</p>
            <div class="side-actions">
                <Show
                    when=move || busy.get()
                    fallback=move || view! {
                        <button id="side-run" class="primary" disabled=move || !page.ready.get()
                            on:click=move |_| run_both(page, sides, stop, busy)>{move || page.t(msg!("side-run"))}</button>
                    }
                >
                    <button id="side-stop" class="stop" on:click=move |_| stop.set(true)>{move || page.t(msg!("side-stop"))}</button>
                </Show>
            </div>
            <div class="sides">
                <SideColumn side=sides[0] key="a" />
                <SideColumn side=sides[1] key="b" />
            </div>
        </details>
    }
}
