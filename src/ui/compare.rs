//! Two orders side by side over the same logits, with what only one of them keeps.

use leptos::prelude::*;

use crate::i18n::Text;
use crate::msg;
use crate::sampling::{OrderPreset, StageKind};

use super::chart::DistributionChart;
use super::state::{Page, page};

/// The order's engine name, or "custom order".
fn order_label(page: Page, order: &[StageKind]) -> String {
    page.t(OrderPreset::matching(order).map(|p| p.label()).unwrap_or(msg!("compare-custom")))
}

#[component]
pub fn CompareView() -> impl IntoView {
    let page = page();
    let (comparison, settings, tokenizer) = (page.comparison, page.settings, page.tokenizer);
    let side = move |pick: fn(&super::analysis::Comparison) -> std::sync::Arc<super::chart_model::ChartModel>| {
        Signal::derive(move || comparison.with(|c| c.as_ref().map(|c| pick(c))))
    };
    let names = move |ids: &[u32]| {
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
                    let text = if only.is_empty() {
                        Text::new(msg!("compare-keeps-same")).arg("kept", kept)
                    } else {
                        Text::new(msg!("compare-keeps-only"))
                            .arg("kept", kept)
                            .arg("only", only.len())
                            .arg("tokens", names(only))
                    };
                    page.say(&text)
                })
                .unwrap_or_default()
        })
    };
    let heading = move |which: &'static str, order: Option<Vec<StageKind>>| {
        page.say(&Text::new(which).arg("order", order.map(|o| order_label(page, &o)).unwrap_or_default()))
    };
    view! {
        <div class="compare">
            <div>
                <h3>{move || heading(msg!("compare-a"), Some(settings.with(|s| s.order.clone())))}</h3>
                <p class="hint" id="compare-a">{move || summary(true)}</p>
                <div class="chart-box"><DistributionChart chart=side(|c| c.a.clone()) /></div>
            </div>
            <div>
                <h3>{move || heading(msg!("compare-b"), settings.with(|s| s.compare.clone()))}</h3>
                <p class="hint" id="compare-b">{move || summary(false)}</p>
                <div class="chart-box"><DistributionChart chart=side(|c| c.b.clone()) /></div>
            </div>
        </div>
    }
}
