//! Model loading: a progress bar with bytes and stage, or the error and a retry button.

use leptos::prelude::*;

use crate::generation::MODEL_NAME;
use crate::i18n::Text;
use crate::model::protocol::{LoadStage, LoadTimings};
use crate::msg;

use super::state::page;

#[derive(Clone, Debug, PartialEq)]
pub enum LoadState {
    Starting,
    Loading {
        stage: LoadStage,
        done: f64,
        total: f64,
    },
    Ready(LoadTimings),
    Failed(String),
    /// The worker ended after it started; the page keeps everything and offers a new one.
    Stopped(String),
}

fn megabytes(b: f64) -> String {
    format!("{:.1} MB", b / 1e6)
}

/// What a loading stage is called.
fn stage_label(stage: LoadStage) -> &'static str {
    match stage {
        LoadStage::Manifest => msg!("load-stage-manifest"),
        LoadStage::Download => msg!("load-stage-download"),
        LoadStage::Verify => msg!("load-stage-verify"),
        LoadStage::Parse => msg!("load-stage-parse"),
        LoadStage::Optimise => msg!("load-stage-optimise"),
        LoadStage::Plan => msg!("load-stage-plan"),
        LoadStage::Ready => msg!("load-stage-ready"),
    }
}

#[component]
pub fn LoadProgress() -> impl IntoView {
    let page = page();
    move || {
        match page.load.get() {
        LoadState::Starting => view! {
            <div class="load"><span>{move || page.t(msg!("load-starting"))}</span></div>
        }
        .into_any(),
        LoadState::Loading { stage, done, total } => {
            let fraction = if total > 0.0 { (done / total).clamp(0.0, 1.0) } else { 0.0 };
            let detail = if stage == LoadStage::Download {
                let text = Text::new(msg!("load-progress"))
                    .arg("done", megabytes(done))
                    .arg("total", megabytes(total))
                    .arg("percent", format!("{:.0}", 100.0 * fraction));
                page.say(&text)
            } else {
                String::new()
            };
            view! {
                <div class="load" data-stage=format!("{stage:?}")>
                    <progress max="1" value=fraction aria-label=move || page.t(stage_label(stage))></progress>
                    <span class="load-stage">{move || page.t(stage_label(stage))}</span>
                    <span class="load-detail">{detail}</span>
                </div>
            }
            .into_any()
        }
        LoadState::Ready(t) => {
            let source = if t.from_cache {
                Text::new(msg!("load-from-cache"))
            } else {
                Text::new(msg!("load-downloaded")).arg("size", megabytes(t.transferred_bytes))
            };
            let text = Text::new(msg!("load-ready"))
                .arg("model", MODEL_NAME)
                .arg("format", t.format.as_str())
                .arg("source", source)
                .arg("fetch", format!("{:.1}", t.fetch_ms / 1000.0))
                .arg("init", format!("{:.1}", t.init_ms / 1000.0));
            let not_stored = t.not_stored.clone().map(|why| {
                let text = Text::new(msg!("load-not-stored")).arg("why", why);
                view! { <span class="load-not-stored" role="status">{move || page.say(&text)}</span> }
            });
            view! {
                <div class="load ready">
                    <span>{move || page.say(&text)}</span>
                    {not_stored}
                </div>
            }
            .into_any()
        }
        LoadState::Failed(message) => view! {
            <div class="load failed" role="alert">
                <span>{move || page.t(msg!("load-failed"))}" "{message}</span>
                <button on:click=move |_| page.load_model()>{move || page.t(msg!("load-retry"))}</button>
            </div>
        }
        .into_any(),
        LoadState::Stopped(message) => view! {
            <div class="load failed" role="alert" data-worker="stopped">
                <span>{move || page.t(msg!("worker-stopped"))}" "<span class="load-detail">{message}</span></span>
                <button id="restart-model" on:click=move |_| page.load_model()>{move || page.t(msg!("worker-restart"))}</button>
            </div>
        }
        .into_any(),
    }
    }
}
