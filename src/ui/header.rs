//! The page's header (title, model status, language) and the notes about the link.

use leptos::prelude::*;

use crate::i18n::{Lang, Text};
use crate::msg;

use super::dom;
use super::embed_view::EmbedDialog;
use super::progress::LoadProgress;
use super::settings::Theme;
use super::state::page;

/// Light, dark, or the system's; written to the link when chosen.
#[component]
fn ThemeSwitch() -> impl IntoView {
    let page = page();
    let choices = [
        ("system", None, msg!("theme-system")),
        ("light", Some(Theme::Light), msg!("theme-light")),
        ("dark", Some(Theme::Dark), msg!("theme-dark")),
    ];
    view! {
        <label class="theme-switch">
            <span class="visually-hidden">{move || page.t(msg!("header-theme"))}</span>
            <select id="theme" on:change=move |ev| {
                let code = event_target_value(&ev);
                if let Some((_, theme, _)) = choices.iter().find(|(c, _, _)| *c == code) {
                    page.settings.update(|s| s.theme = *theme);
                }
            }>
                {choices.into_iter().map(|(code, theme, label)| view! {
                    <option value=code selected=move || page.settings.with(|s| s.theme) == theme>{move || page.t(label)}</option>
                }).collect::<Vec<_>>()}
            </select>
        </label>
    }
}

/// The reader's language, written to the link when chosen.
#[component]
fn LanguageSwitch() -> impl IntoView {
    let page = page();
    let names = [(Lang::En, "English"), (Lang::Ko, "한국어")];
    view! {
        <label class="lang-switch">
            <span class="visually-hidden">{move || page.t(msg!("header-language"))}</span>
            <select id="lang" on:change=move |ev| {
                if let Some(lang) = Lang::from_code(&event_target_value(&ev)) {
                    page.settings.update(|s| s.lang = Some(lang));
                }
            }>
                {names.into_iter().map(|(lang, name)| view! {
                    <option value=lang.code() lang=lang.code() selected=move || page.lang.get() == lang>{name}</option>
                }).collect::<Vec<_>>()}
            </select>
        </label>
    }
}

#[component]
pub fn Header() -> impl IntoView {
    let page = page();
    view! {
        <header>
            <div class="header-row">
                <h1>"samplescope"</h1>
                <div class="header-tools">
                    <EmbedDialog />
                    <LanguageSwitch />
                    <ThemeSwitch />
                </div>
            </div>
            <p class="tagline">{move || page.t(msg!("header-tagline"))}</p>
            <LoadProgress />
        </header>
    }
}

/// Values of the link that had to change, until dismissed; and, while the link is long, where
/// the page keeps it.
#[component]
pub fn Notes() -> impl IntoView {
    let page = page();
    let notes = page.notes;
    let long_link_kb =
        Memo::new(move |_| page.link.with(|q| (q.len() > dom::LONG_LINK_BYTES).then(|| q.len().div_ceil(1024))));
    view! {
        <Show when=move || long_link_kb.get().is_some()>
            <p class="link-note" id="long-link-note" role="status">
                {move || page.say(&Text::new(msg!("note-long-link")).arg("kb", long_link_kb.get().unwrap_or_default()))}
            </p>
        </Show>
        <Show when=move || notes.with(|n| !n.is_empty())>
            <div class="notes">
                <strong>{move || page.t(msg!("notes-title"))}</strong>
                <ul>{move || notes.get().into_iter().map(|n| view! { <li>{move || page.say(&n)}</li> }).collect::<Vec<_>>()}</ul>
                <button on:click=move |_| notes.set(Vec::new())>{move || page.t(msg!("notes-dismiss"))}</button>
            </div>
        </Show>
    }
}
