//! The page: [`App`] only assembles the components around the shared state (`state::Page`).

use leptos::prelude::*;

use crate::msg;

use super::controls::GeneralControls;
use super::header::{Header, Notes};
use super::pipeline::PipelinePanel;
use super::prompt::{PromptPanel, TokenStrip};
use super::state::{Page, page};
use super::tabs::ResultTabs;
use super::{bench_hooks, dom, query};

pub fn mount() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(App);
}

#[component]
fn App() -> impl IntoView {
    let page = Page::new();
    provide_context(page);
    page.start_model();
    if query::pairs(&dom::query()).iter().any(|(k, v)| k == "bench" && v == "1") {
        bench_hooks::install(page);
    }
    view! {
        <main
            class="app"
            data-model-runs=move || page.model_runs.get()
            data-ready=move || page.ready.get().to_string()
            data-fresh=move || page.fresh.get().to_string()
            data-generating=move || page.generating.get().to_string()
        >
            <Header />
            <Notes />
            <Layout />
        </main>
    }
}

/// The three columns: the prompt, the sampling pipeline, and the results.
#[component]
fn Layout() -> impl IntoView {
    let page = page();
    view! {
        <div class="layout">
            <section class="col-prompt" aria-label=move || page.t(msg!("layout-prompt"))>
                <PromptPanel />
                <TokenStrip />
                <GeneralControls />
            </section>
            <section class="col-pipeline" aria-label=move || page.t(msg!("pipeline-title"))>
                <PipelinePanel />
            </section>
            <section class="col-view" aria-label=move || page.t(msg!("layout-results"))>
                <ResultTabs />
            </section>
        </div>
    }
}
