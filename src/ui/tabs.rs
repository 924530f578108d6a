//! The results column: the next-token explorer or the API request, one at a time.

use leptos::prelude::*;

use crate::msg;

use super::api::ApiPanel;
use super::explorer::Explorer;
use super::settings::Tab;
use super::state::page;

#[component]
pub fn ResultTabs() -> impl IntoView {
    let page = page();
    let settings = page.settings;
    let tab = move || settings.with(|s| s.tab);
    view! {
        <div class="tabs" role="tablist">
            <button role="tab" id="tab-explorer" aria-selected=move || (tab() == Tab::Explorer).to_string()
                on:click=move |_| settings.update(|s| s.tab = Tab::Explorer)>{move || page.t(msg!("tab-explorer"))}</button>
            <button role="tab" id="tab-api" aria-selected=move || (tab() == Tab::Api).to_string()
                on:click=move |_| settings.update(|s| s.tab = Tab::Api)>{move || page.t(msg!("tab-api"))}</button>
        </div>
        <Show when=move || tab() == Tab::Explorer fallback=|| view! { <ApiPanel /> }>
            <Explorer />
        </Show>
    }
}
