//! The results column: the next-token explorer or the API request, one at a time, as WAI-ARIA
//! tabs (one tab stop; arrows, Home and End move between tabs and select them).

use leptos::prelude::*;

use crate::msg;

use super::api::ApiPanel;
use super::dom;
use super::explorer::Explorer;
use super::settings::Tab;
use super::state::page;

/// Each tab: the element id (the tests use it) and its label's message.
const TABS: [(Tab, &str, &str); 2] =
    [(Tab::Explorer, "tab-explorer", msg!("tab-explorer")), (Tab::Api, "tab-api", msg!("tab-api"))];

#[component]
pub fn ResultTabs() -> impl IntoView {
    let page = page();
    let settings = page.settings;
    let tab = move || settings.with(|s| s.tab);
    let select = move |to: Tab, focus: bool| {
        settings.update(|s| s.tab = to);
        if focus {
            let (_, id, _) = TABS.iter().find(|(t, _, _)| *t == to).expect("every tab is listed");
            dom::focus_later(format!("#{id}"));
        }
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let at = TABS.iter().position(|(t, _, _)| *t == tab()).unwrap_or(0);
        let to = match ev.key().as_str() {
            "ArrowRight" | "ArrowDown" => (at + 1) % TABS.len(),
            "ArrowLeft" | "ArrowUp" => (at + TABS.len() - 1) % TABS.len(),
            "Home" => 0,
            "End" => TABS.len() - 1,
            _ => return,
        };
        ev.prevent_default();
        select(TABS[to].0, true);
    };
    view! {
        <div class="tabs" role="tablist" aria-label=move || page.t(msg!("tabs-label")) on:keydown=on_key>
            {TABS.into_iter().map(|(t, id, label)| view! {
                <button
                    role="tab"
                    id=id
                    aria-controls="results-panel"
                    aria-selected=move || (tab() == t).to_string()
                    tabindex=move || if tab() == t { "0" } else { "-1" }
                    on:click=move |_| select(t, false)
                >
                    {move || page.t(label)}
                </button>
            }).collect::<Vec<_>>()}
        </div>
        <div
            role="tabpanel"
            id="results-panel"
            aria-labelledby=move || TABS.iter().find(|(t, _, _)| *t == tab()).map(|(_, id, _)| *id)
        >
            <Show when=move || tab() == Tab::Explorer fallback=|| view! { <ApiPanel /> }>
                <Explorer />
            </Show>
        </div>
    }
}
