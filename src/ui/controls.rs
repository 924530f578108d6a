//! Labelled inputs: range sliders with the exact value beside them, one per declared parameter,
//! and the page's general controls (seed, chart rows, max tokens).

use leptos::prelude::*;

use crate::i18n::Text;
use crate::msg;
use crate::sampling::{Param, ParamKind, ParamValue};

use super::settings::{BARS_RANGE, MAX_TOKENS};
use super::state::page;
use super::{dom, pipeline::LogitBiasEditor};

/// A range slider for a number; the keyboard moves it by `step` (arrows) as any range input.
#[component]
pub fn Slider(
    /// What the label shows (a symbol such as `T`, or a short name).
    #[prop(into)]
    label: Signal<String>,
    /// The accessible name, when the label alone would not say what it sets.
    #[prop(into, optional)]
    name: Option<Signal<String>>,
    /// Stable id (also used by the tests).
    id: &'static str,
    /// Current value.
    #[prop(into)]
    value: Signal<f64>,
    /// Called with the new value.
    on_change: Callback<f64>,
    min: f64,
    max: f64,
    step: f64,
    /// The value as shown beside the slider ("off (0)").
    #[prop(into)]
    shown: Signal<String>,
    /// One line under the slider.
    #[prop(into, optional)]
    hint: Option<Signal<String>>,
) -> impl IntoView {
    view! {
        <div class="slider">
            <label for=id>
                <span class="slider-label">{label}</span>
                <output for=id>{shown}</output>
            </label>
            <input
                type="range"
                id=id
                min=min
                max=max
                step=step
                aria-label=move || name.map(|n| n.get())
                aria-valuetext=move || shown.get()
                prop:value=move || value.get().to_string()
                on:input=move |ev| {
                    if let Ok(v) = event_target_value(&ev).parse::<f64>() {
                        on_change.run(v);
                    }
                }
            />
            {hint.map(|h| view! { <p class="hint">{h}</p> })}
        </div>
    }
}

/// The control of one declared parameter: a slider over its one range, or its own editor.
#[component]
pub fn ParamControl(param: &'static Param) -> impl IntoView {
    let page = page();
    let settings = page.settings;
    let name_id = format!("param-{}", param.key);
    let hint_id = format!("param-{}.hint", param.key);
    let name = {
        let id = name_id.clone();
        Signal::derive(move || page.say(&Text::dynamic(id.clone())))
    };
    let hint = Signal::derive(move || page.say(&Text::dynamic(hint_id.clone())));
    match &param.kind {
        ParamKind::Number(spec) => {
            let value = Signal::derive(move || settings.with(|s| (param.get)(&s.sampling).number()));
            let shown = Signal::derive(move || page.say(&param.value_text(value.get())));
            let on_change =
                Callback::new(move |v: f64| settings.update(|s| (param.set)(&mut s.sampling, ParamValue::Number(v))));
            let span = spec.max - spec.min;
            let zones = super::lessons::zones(param.key)
                .iter()
                .map(|z| {
                    let left = format!("{:.2}%", 100.0 * (z.from - spec.min) / span);
                    let width = format!("{:.2}%", 100.0 * (z.to - z.from) / span);
                    let label = z.label;
                    view! {
                        <button class="zone" style:left=left style:width=width data-value=z.value.to_string()
                            class:active=move || (z.from..=z.to).contains(&value.get())
                            title=move || page.t(label)
                            on:click=move |_| on_change.run(z.value)>
                            {move || page.t(label)}
                        </button>
                    }
                })
                .collect::<Vec<_>>();
            let has_zones = !zones.is_empty();
            view! {
                <Slider label=Signal::derive(move || param.symbol.to_string()) name=name id=param.key value=value on_change=on_change
                    min=spec.min max=spec.max step=spec.step shown=shown hint=hint />
                {has_zones.then(|| view! { <div class="zones" aria-label=move || page.t(msg!("zones-label")) role="group">{zones}</div> })}
            }
            .into_any()
        }
        ParamKind::TokenBias { .. } => view! { <LogitBiasEditor /> }.into_any(),
        // A list as the link writes it (a JSON array of strings, or ids with commas).
        ParamKind::Strings { .. } | ParamKind::TokenIds { .. } => {
            let text = move || settings.with(|s| param.text(&s.sampling));
            view! {
                <label class="list-param">
                    {move || name.get()}
                    <input type="text" id=param.key prop:value=text title=move || hint.get()
                        on:change=move |ev| {
                            if let Some(v) = param.read(&event_target_value(&ev), crate::model::VOCAB).value {
                                settings.update(|s| (param.set)(&mut s.sampling, v));
                            }
                        } />
                </label>
            }
            .into_any()
        }
        ParamKind::Flag => {
            let checked = move || settings.with(|s| (param.get)(&s.sampling) == ParamValue::Flag(true));
            view! {
                <label class="switch" title=move || hint.get()>
                    <input type="checkbox" id=param.key prop:checked=checked
                        on:change=move |ev| {
                            let on = event_target_checked(&ev);
                            settings.update(|s| (param.set)(&mut s.sampling, ParamValue::Flag(on)));
                        } />
                    {move || name.get()}
                </label>
            }
            .into_any()
        }
    }
}

/// Seed, chart rows and max tokens: what every view of the page shares.
#[component]
pub fn GeneralControls() -> impl IntoView {
    let page = page();
    let settings = page.settings;
    let set =
        move |f: fn(&mut super::settings::Settings, f64)| Callback::new(move |v: f64| settings.update(|s| f(s, v)));
    let bars = Signal::derive(move || settings.with(|s| s.bars as f64));
    let max_tokens = Signal::derive(move || settings.with(|s| s.max_tokens as f64));
    view! {
        <div class="general">
            <label class="seed" for="seed">
                {move || page.t(msg!("controls-seed"))}" "
                <input
                    id="seed"
                    type="number"
                    min="0"
                    step="1"
                    prop:value=move || settings.with(|s| s.seed.to_string())
                    on:change=move |ev| page.set_seed(event_target_value(&ev))
                />
                <button class="small" title=move || page.t(msg!("controls-new-seed.title"))
                    on:click=move |_| settings.update(|s| s.seed = dom::random_seed())>
                    {move || page.t(msg!("controls-new-seed"))}
                </button>
            </label>
            <Slider
                label=Signal::derive(move || page.t(msg!("controls-bars")))
                id="bars"
                value=bars
                shown=Signal::derive(move || bars.get().to_string())
                on_change=set(|s, v| s.bars = v as usize)
                min=BARS_RANGE.0 as f64
                max=BARS_RANGE.1 as f64
                step=1.0
            />
            <Slider
                label=Signal::derive(move || page.t(msg!("controls-max-tokens")))
                id="max_tokens"
                value=max_tokens
                shown=Signal::derive(move || max_tokens.get().to_string())
                on_change=set(|s, v| s.max_tokens = v as usize)
                min=MAX_TOKENS.0 as f64
                max=MAX_TOKENS.1 as f64
                step=1.0
            />
        </div>
    }
}
