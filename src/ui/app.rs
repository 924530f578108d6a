//! The page: [`App`] only assembles the components around the shared state (`state::Page`).

use leptos::prelude::*;

use crate::msg;

use super::controls::GeneralControls;
use super::embed_view::EmbedView;
use super::header::{Header, Notes};
use super::pipeline::PipelinePanel;
use super::prompt::{PromptPanel, TokenStrip};
use super::settings::Tab;
use super::state::{Page, page};
use super::tabs::ResultTabs;
use super::teach::TeachPanel;
use super::{bench_hooks, dom, query};

pub fn mount() {
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(App);
}

#[component]
fn App() -> impl IntoView {
    let page = Page::new();
    provide_context(page);
    page.start();
    if query::pairs(&dom::query()).iter().any(|(k, v)| k == "bench" && v == "1") {
        bench_hooks::install(page);
    }
    if page.embedded {
        return view! { <EmbedView /> }.into_any();
    }
    view! {
        <a class="skip-link" href="#results">{move || page.t(msg!("skip-to-chart"))}</a>
        <div class="visually-hidden" aria-live="polite" id="announcer">{move || page.announcement.get()}</div>
        <main
            class="app"
            data-model-runs=move || page.model_runs.get()
            data-ready=move || page.ready.get().to_string()
            data-fresh=move || page.fresh.get().to_string()
            data-generating=move || page.generating.get().to_string()
            data-link=move || page.link.get()
        >
            <Header />
            <Notes />
            <Layout />
        </main>
    }
    .into_any()
}

/// The three columns: the prompt, the sampling pipeline, and the results (on a phone the
/// explorer's chart stays on top while the controls scroll under it).
#[component]
fn Layout() -> impl IntoView {
    let page = page();
    view! {
        <div class="layout">
            <section class="col-prompt" aria-label=move || page.t(msg!("layout-prompt"))>
                <TeachPanel />
                <PromptPanel />
                <TokenStrip />
                <GeneralControls />
            </section>
            <section class="col-pipeline" aria-label=move || page.t(msg!("pipeline-title"))>
                <PipelinePanel />
            </section>
            <section
                class="col-view"
                id="results"
                tabindex="-1"
                class:sticky-chart=move || page.settings.with(|s| s.tab == Tab::Explorer)
                aria-label=move || page.t(msg!("layout-results"))
            >
                <ResultTabs />
            </section>
        </div>
    }
}
