//! Labelled inputs: range sliders with the exact value beside them.

use leptos::prelude::*;

/// A range slider for a number; the keyboard moves it by `step` (arrows) as any range input.
#[component]
pub fn Slider(
    /// Text of the label.
    label: &'static str,
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
    /// How to print the value, e.g. "off" for a neutral setting.
    #[prop(optional)]
    format: Option<fn(f64) -> String>,
    /// One line under the slider.
    #[prop(optional)]
    hint: &'static str,
) -> impl IntoView {
    let shown = move || {
        let v = value.get();
        match format {
            Some(f) => f(v),
            None => format!("{v}"),
        }
    };
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
                prop:value=move || value.get().to_string()
                on:input=move |ev| {
                    if let Ok(v) = event_target_value(&ev).parse::<f64>() {
                        on_change.run(v);
                    }
                }
            />
            {(!hint.is_empty()).then(|| view! { <p class="hint">{hint}</p> })}
        </div>
    }
}
