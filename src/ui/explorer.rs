//! The "Next token" tab: sample, generate, export; the token the seed draws; the chart of the
//! chosen distribution, or two orders side by side.

use leptos::prelude::*;

use crate::i18n::Text;
use crate::msg;
use crate::sampling::{DrawMethod, OrderPreset};

use super::chart::DistributionChart;
use super::chart_model::{View, percent};
use super::compare::CompareView;
use super::nucleus_view::NucleusView;
use super::settings::Scale;
use super::state::{Page, page};

/// What the seed draws from the current distribution, in words.
pub fn draw_line(page: Page) -> Option<String> {
    let a = page.analysis.get()?;
    let t = page.tokenizer.get()?;
    let token = t.display(a.draw.token);
    let text = match a.draw.method {
        DrawMethod::Sample { u } => Text::new(msg!("explorer-draw"))
            .arg("seed", page.settings.with(|s| s.seed.to_string()))
            .arg("token", token)
            .arg("u", format!("{u:.4}"))
            .arg("p", percent(a.draw.prob as f64)),
        DrawMethod::Greedy => Text::new(msg!("explorer-draw-greedy")).arg("token", token),
    };
    Some(page.say(&text))
}

/// Which distribution the chart shows, in words.
fn view_line(page: Page) -> String {
    match page.view_at.get() {
        View::Final => page.t(msg!("explorer-view-final")),
        View::Raw => page.t(msg!("explorer-view-raw")),
        View::Stage(i) => page.settings.with(|s| {
            s.order
                .get(i)
                .map(|st| page.say(&Text::new(msg!("explorer-view-stage")).arg("index", i + 1).arg("name", st.name())))
                .unwrap_or_default()
        }),
    }
}

#[component]
pub fn Explorer() -> impl IntoView {
    let page = page();
    let settings = page.settings;
    let (fresh, generating) = (page.fresh, page.generating);
    view! {
        <div class="actions">
            <button id="sample" class="primary" disabled=move || !fresh.get() || generating.get() on:click=move |_| page.sample_next()>
                {move || page.t(msg!("explorer-sample"))}
            </button>
            <Show
                when=move || generating.get()
                fallback=move || view! {
                    <button id="generate" class="primary" disabled=move || !fresh.get() on:click=move |_| page.generate()>
                        {move || page.t(msg!("explorer-generate"))}
                    </button>
                }
            >
                <button id="stop" class="stop" on:click=move |_| page.stop_requested.set(true)>{move || page.t(msg!("explorer-stop"))}</button>
            </Show>
            <button
                id="reset"
                disabled=move || generating.get() || settings.with(|s| s.completion.is_empty())
                on:click=move |_| settings.update(|s| s.completion.clear())
            >
                {move || page.t(msg!("explorer-reset"))}
            </button>
            <button id="export" disabled=move || !fresh.get() on:click=move |_| page.export_json()>{move || page.t(msg!("explorer-export"))}</button>
        </div>
        {move || page.model_error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
        <p class="draw-line" id="draw-line">{move || draw_line(page)}</p>
        <p class="view-line">{move || view_line(page)}</p>
        <div class="view-picks">
        <label class="compare-pick">
            {move || page.t(msg!("explorer-compare"))}" "
            <select id="compare" on:change=move |ev| {
                let key = event_target_value(&ev);
                settings.update(|s| s.compare = OrderPreset::from_key(&key).map(|p| p.order()));
            }>
                <option value="off" selected=move || settings.with(|s| s.compare.is_none())>{move || page.t(msg!("explorer-compare-off"))}</option>
                {OrderPreset::ALL.into_iter().map(|p| view! {
                    <option value=p.key() selected=move || settings.with(|s| s.compare.as_ref().is_some_and(|c| OrderPreset::matching(c) == Some(p)))>
                        {move || page.t(p.label())}
                    </option>
                }).collect::<Vec<_>>()}
            </select>
        </label>
        <label class="scale-pick">
            {move || page.t(msg!("scale-pick"))}" "
            <select id="scale" on:change=move |ev| {
                let fixed = event_target_value(&ev) == "fixed";
                settings.update(|s| s.scale = if fixed { Scale::Fixed } else { Scale::Fit });
            }>
                <option value="fit" selected=move || settings.with(|s| s.scale == Scale::Fit)>{move || page.t(msg!("scale-fit"))}</option>
                <option value="fixed" selected=move || settings.with(|s| s.scale == Scale::Fixed)>{move || page.t(msg!("scale-fixed"))}</option>
            </select>
        </label>
        </div>
        <Show
            when=move || page.comparison.with(Option::is_some)
            fallback=move || view! {
                <div class="chart-box"><DistributionChart chart=page.chart show_cut=true /></div>
                <NucleusView />
            }
        >
            <div class="compare-box"><CompareView /></div>
        </Show>
        <p class="legend">
            <span class="swatch bar"></span>" "{move || page.t(msg!("legend-now"))}" "
            <span class="swatch ghost"></span>" "{move || page.t(msg!("legend-before"))}" "
            <span class="swatch tick"></span>" "{move || page.t(msg!("legend-raw"))}" "
            <span class="swatch removed"></span>" "{move || page.t(msg!("legend-removed"))}
        </p>
    }
}
