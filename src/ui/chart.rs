//! The animated bar chart of the next-token distribution.
//!
//! Rows are keyed by token id and positioned with `transform`, so a re-ranking slides them and
//! a new probability grows or shrinks the bar (CSS transitions); nothing is re-created.

use std::sync::Arc;

use leptos::prelude::*;

use crate::i18n::Text;
use crate::msg;

use super::chart_model::{ChartModel, percent};
use super::settings::Scale;
use super::state::page;

/// Row pitch in pixels; keep in sync with `.bar-row` in style.css.
const ROW_PX: usize = 26;

fn width(p: f64, scale: f64) -> String {
    format!("{:.3}%", (100.0 * p / scale).clamp(0.0, 100.0))
}

#[component]
pub fn DistributionChart(
    /// The rows to draw; `None` while there is no distribution yet.
    #[prop(into)]
    chart: Signal<Option<Arc<ChartModel>>>,
    /// Say where the shown truncation stage cuts (the explorer's chart; not a comparison's).
    #[prop(optional)]
    show_cut: bool,
) -> impl IntoView {
    let page = page();
    let tokenizer = page.tokenizer;
    let ids =
        move || chart.with(|c| c.as_ref().map(|c| c.rows.iter().map(|r| r.id).collect::<Vec<_>>()).unwrap_or_default());
    let rows = move || chart.with(|c| c.as_ref().map(|c| c.rows.len()).unwrap_or(0));
    // What a full track means: the longest bar (so small differences show), or 100 % (so two
    // views compare by eye).
    let fixed = move || page.settings.with(|s| s.scale == Scale::Fixed);
    let scale = move || if fixed() { 1.0 } else { chart.with(|c| c.as_ref().map(|c| c.scale).unwrap_or(1.0)) };
    let row_view = move |id: u32| {
        let row = move || chart.with(|c| c.as_ref().and_then(|c| c.rows.iter().find(|r| r.id == id).cloned()));
        let label = tokenizer.with_untracked(|t| t.as_ref().map(|t| t.display(id)).unwrap_or_else(|| id.to_string()));
        let special = tokenizer.with_untracked(|t| t.as_ref().is_some_and(|t| t.is_special(id)));
        let get = move |f: fn(&super::chart_model::BarRow) -> f64| row().map(|r| f(&r)).unwrap_or(0.0);
        view! {
            <div
                class="bar-row"
                role="listitem"
                data-token-id=id
                class:removed=move || row().is_some_and(|r| !r.kept)
                class:sampled=move || row().is_some_and(|r| r.sampled)
                class:biased=move || row().is_some_and(|r| r.bias.is_some())
                style:transform=move || format!("translateY({}px)", row().map(|r| r.rank).unwrap_or(0) * ROW_PX)
            >
                <span class="token" class:special=special title=move || page.say(&Text::new(msg!("token-id")).arg("id", id.to_string()))>{label}</span>
                <div class="track">
                    <div class="ghost" style:width=move || width(get(|r| r.before as f64), scale())></div>
                    <div class="bar" style:width=move || width(get(|r| r.prob as f64), scale())></div>
                    <div
                        class="raw-tick"
                        title=move || page.t(msg!("chart-raw-tick"))
                        style:left=move || width(get(|r| r.raw as f64), scale())
                    ></div>
                </div>
                <span class="prob">{move || percent(get(|r| r.prob as f64))}</span>
                <span class="why">
                    {move || {
                        row()
                            .map(|r| {
                                let why = match (r.sampled, r.removed_by) {
                                    (true, _) => page.t(msg!("chart-drawn")),
                                    (false, Some(stage)) => page.say(&Text::new(msg!("chart-removed-by")).arg("name", stage.name())),
                                    _ => String::new(),
                                };
                                let why = match r.bias {
                                    Some(b) => {
                                        let text = Text::new(msg!("chart-biased"))
                                            .arg("bias", format!("{:+}", b.bias))
                                            .arg("before", percent(b.before as f64))
                                            .arg("after", percent(b.after as f64));
                                        format!("{} {why}", page.say(&text))
                                    }
                                    None => why,
                                };
                                if r.count > 0 { format!("{why} c={}", r.count) } else { why }
                            })
                            .unwrap_or_default()
                    }}
                </span>
            </div>
        }
    };
    let tick = move |fraction: f64| percent(fraction * scale());
    let nucleus = move || if show_cut { page.nucleus.get() } else { None };
    let top = move || chart.with(|c| c.as_ref().map(|c| c.top).unwrap_or(0));
    let line = move || nucleus().and_then(|n| chart.with(|c| c.as_ref().and_then(|c| super::nucleus::cut_line(&n, c))));
    let cut_text = move || {
        nucleus().map(|n| {
            let text = match super::nucleus::cut_below(&n, top()) {
                Some((cut, shown)) => Text::new(msg!("chart-cut-below")).arg("cut", cut).arg("shown", shown),
                None => Text::new(msg!("chart-cut-inside")).arg("cut", n.cut),
            };
            page.say(&text)
        })
    };
    view! {
        {move || cut_text().map(|text| view! { <p class="chart-cut" id="chart-cut">{text}</p> })}
        <div class="scale-axis" aria-label=move || page.say(&Text::new(msg!("scale-axis")).arg("max", percent(scale()))) role="img">
            <span></span>
            <span class="ticks" aria-hidden="true">
                <span>{move || tick(0.0)}</span>
                <span>{move || tick(0.5)}</span>
                <span>{move || tick(1.0)}</span>
            </span>
        </div>
        <div class="chart" role="list" aria-label=move || page.t(msg!("chart-label")) style:height=move || format!("{}px", (rows() + 1) * ROW_PX)>
            <For each=ids key=|id| *id children=row_view />
            {move || line().map(|cut| view! {
                <div class="cut-mark" aria-hidden="true" data-cut=cut style:transform=format!("translateY({}px)", cut * ROW_PX)></div>
            })}
            // Created with the first chart, already below its rows: made earlier, it would slide
            // down across the bars from the top.
            <Show when=move || chart.with(Option::is_some)>
                <div
                    class="bar-row other"
                    role="listitem"
                    style:transform=move || format!("translateY({}px)", rows() * ROW_PX)
                >
                    <span class="token">
                        {move || chart.with(|c| c.as_ref().map(|c| page.say(&Text::new(msg!("chart-other")).arg("count", c.other_count))).unwrap_or_default())}
                    </span>
                    <div class="track">
                        <div class="bar" style:width=move || chart.with(|c| c.as_ref().map(|c| width(c.other_mass, scale())).unwrap_or_default())></div>
                    </div>
                    <span class="prob">{move || chart.with(|c| c.as_ref().map(|c| percent(c.other_mass)).unwrap_or_default())}</span>
                    <span class="why">{move || chart.with(|c| c.as_ref().map(|c| page.say(&Text::new(msg!("chart-other-kept")).arg("count", c.other_kept))).unwrap_or_default())}</span>
                </div>
            </Show>
        </div>
    }
}
