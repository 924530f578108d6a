//! Model loading: a progress bar with bytes and stage, or the error and a retry button.

use leptos::prelude::*;

use crate::model::protocol::{LoadStage, LoadTimings};

#[derive(Clone, Debug, PartialEq)]
pub enum LoadState {
    Starting,
    Loading { stage: LoadStage, done: f64, total: f64 },
    Ready(LoadTimings),
    Failed(String),
}

fn megabytes(b: f64) -> String {
    format!("{:.1} MB", b / 1e6)
}

#[component]
pub fn LoadProgress(
    #[prop(into)] state: Signal<LoadState>,
    /// Starts loading again after a failure.
    on_retry: Callback<()>,
) -> impl IntoView {
    move || match state.get() {
        LoadState::Starting => view! {
            <div class="load" role="status"><span>"Starting the model worker…"</span></div>
        }
        .into_any(),
        LoadState::Loading { stage, done, total } => {
            let fraction = if total > 0.0 { (done / total).clamp(0.0, 1.0) } else { 0.0 };
            let detail = if stage == LoadStage::Download {
                format!("{} of {} ({:.0}%)", megabytes(done), megabytes(total), 100.0 * fraction)
            } else {
                String::new()
            };
            view! {
                <div class="load" role="status" data-stage=format!("{stage:?}")>
                    <progress max="1" value=fraction></progress>
                    <span class="load-stage">{stage.label()}</span>
                    <span class="load-detail">{detail}</span>
                </div>
            }
            .into_any()
        }
        LoadState::Ready(t) => {
            let source = if t.from_cache {
                "from this browser's cache".to_string()
            } else {
                format!("{} downloaded", megabytes(t.transferred_bytes))
            };
            view! {
                <div class="load ready" role="status">
                    <span>
                        {format!(
                            "SmolLM2-135M-Instruct ({}) ready: {source} in {:.1} s, initialised in {:.1} s",
                            t.format,
                            t.fetch_ms / 1000.0,
                            t.init_ms / 1000.0,
                        )}
                    </span>
                </div>
            }
            .into_any()
        }
        LoadState::Failed(message) => view! {
            <div class="load failed" role="alert">
                <span>"The model could not be loaded: " {message}</span>
                <button on:click=move |_| on_retry.run(())>"Retry"</button>
            </div>
        }
        .into_any(),
    }
}
