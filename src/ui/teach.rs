//! Teaching: a plain-language explanation per parameter, the study note's presets and
//! misreadings, and the guided tour. The words are the catalogue's (`locales/*/teach.ftl`), the
//! demos are links (`lessons`); this file only lays them out.

use leptos::prelude::*;

use crate::i18n::Text;
use crate::model::VOCAB;
use crate::msg;

use super::lessons::{self, EXPLAINED, MYTHS, PRESETS, SECTIONS, TOUR};
use super::side_by_side::SideBySide;
use super::state::{Page, page};

fn say_id(page: Page, id: String) -> String {
    page.say(&Text::dynamic(id))
}

/// Opens demo `key`: its settings replace the page's (language and theme kept), its notes are
/// shown; `tour` keeps the tour open at that chapter.
fn open_demo(page: Page, key: &str, tour: Option<usize>) {
    let Some(demo) = lessons::demo(key) else { return };
    let (mut next, notes) = if lessons::unsupported_keys(&demo).is_empty() {
        page.settings.with_untracked(|s| lessons::apply(s, &demo, VOCAB))
    } else {
        (page.settings.get_untracked(), Vec::new())
    };
    next.tour = tour;
    // A new history entry: Back returns to what the reader had before the demo.
    page.apply_in_new_entry(next);
    page.notes.set(notes);
}

/// The note under a demo the page cannot load yet.
fn missing_line(page: Page, key: &str) -> Option<String> {
    let demo = lessons::demo(key)?;
    let missing = lessons::unsupported_keys(&demo);
    (!missing.is_empty()).then(|| page.say(&Text::new(msg!("teach-missing")).arg("keys", missing.join(", "))))
}

/// A "?" beside a control: opens its parameter's explanation.
#[component]
pub fn ExplainButton(key: &'static str) -> impl IntoView {
    let page = page();
    view! {
        <button
            class="explain-button small"
            aria-label=move || page.say(&Text::new(msg!("teach-explain-button")).arg("name", key))
            aria-pressed=move || page.settings.with(|s| s.explain == Some(key)).to_string()
            on:click=move |_| page.settings.update(|s| s.explain = if s.explain == Some(key) { None } else { Some(key) })
        >
            "?"
        </button>
    }
}

/// One parameter's explanation, section by section, with its demo.
#[component]
fn Explanation(key: &'static str) -> impl IntoView {
    let page = page();
    let id = format!("explain-{key}");
    let sections = SECTIONS
        .into_iter()
        .filter(|section| crate::i18n::has(page.lang.get_untracked(), &format!("{id}.{section}")))
        .map(|section| {
            let text_id = format!("{id}.{section}");
            let heading = format!("teach-section-{section}");
            view! {
                <div class=format!("explain-{section}")>
                    <h4>{move || say_id(page, heading.clone())}</h4>
                    <p>{move || say_id(page, text_id.clone())}</p>
                </div>
            }
        })
        .collect::<Vec<_>>();
    let title = id.clone();
    view! {
        <article class="explanation" data-explain=key aria-labelledby="explain-title">
            <div class="explain-head">
                <h3 id="explain-title">{move || say_id(page, title.clone())}" "<code>{key}</code></h3>
                <button class="small" id="explain-close" on:click=move |_| page.settings.update(|s| s.explain = None)>
                    {move || page.t(msg!("teach-close"))}
                </button>
            </div>
            {sections}
            {move || match missing_line(page, key) {
                Some(line) => view! { <p class="hint">{line}</p> }.into_any(),
                None => view! {
                    <button id="explain-try" class="primary" title=move || page.t(msg!("teach-try.title"))
                        on:click=move |_| open_demo(page, key, None)>
                        {move || page.t(msg!("teach-try"))}
                    </button>
                }.into_any(),
            }}
        </article>
    }
}

/// The open tour chapter: its text, what to notice, previous and next. Moving loads the
/// chapter's demo; the buttons stay in place, so the keyboard can keep pressing Next.
#[component]
fn TourChapter() -> impl IntoView {
    let page = page();
    let settings = page.settings;
    let at = move || settings.with(|s| s.tour).unwrap_or(0);
    let go = move |n: usize| open_demo(page, TOUR[n], Some(n));
    let last = TOUR.len() - 1;
    view! {
        <section class="tour" aria-labelledby="tour-heading" data-tour=move || at().to_string()>
            <p class="tour-progress">{move || page.say(&Text::new(msg!("tour-progress")).arg("n", at() + 1).arg("total", TOUR.len()))}</p>
            <h3 id="tour-heading">{move || say_id(page, format!("tour-{}", at()))}</h3>
            <p class="tour-body">{move || say_id(page, format!("tour-{}.body", at()))}</p>
            <p class="tour-notice"><strong>{move || page.t(msg!("teach-section-notice"))}": "</strong>{move || say_id(page, format!("tour-{}.notice", at()))}</p>
            {move || missing_line(page, TOUR[at()]).map(|line| view! { <p class="hint">{line}</p> })}
            <div class="tour-nav">
                <button id="tour-prev" disabled=move || at() == 0 on:click=move |_| go(at().saturating_sub(1))>{move || page.t(msg!("tour-prev"))}</button>
                <button id="tour-next" class="primary" disabled=move || at() == last on:click=move |_| go((at() + 1).min(last))>{move || page.t(msg!("tour-next"))}</button>
                <button id="tour-close" on:click=move |_| settings.update(|s| s.tour = None)>{move || page.t(msg!("tour-close"))}</button>
            </div>
        </section>
    }
}

/// The study note's misreadings, each with the fact and a demo.
#[component]
fn Myths() -> impl IntoView {
    let page = page();
    let items = (1..=MYTHS)
        .map(|n| {
            // The demo's key is the same in both catalogues (a test checks).
            let demo = crate::i18n::render(crate::i18n::Lang::En, &Text::dynamic(format!("myth-{n}.demo")));
            view! {
                <li data-myth=n>
                    <strong>{move || say_id(page, format!("myth-{n}"))}</strong>
                    <p><em>{move || page.t(msg!("teach-myth-claim"))}</em>" "{move || say_id(page, format!("myth-{n}.claim"))}</p>
                    <p><em>{move || page.t(msg!("teach-myth-fact"))}</em>" "{move || say_id(page, format!("myth-{n}.fact"))}</p>
                    <button class="small" on:click=move |_| open_demo(page, &demo, None)>{move || page.t(msg!("teach-myth-demo"))}</button>
                </li>
            }
        })
        .collect::<Vec<_>>();
    view! {
        <details class="myths">
            <summary>{move || page.t(msg!("teach-myths"))}</summary>
            <ol>{items}</ol>
        </details>
    }
}

/// The teaching bar: start the tour, pick an explanation, apply a preset; then whatever is open.
#[component]
pub fn TeachPanel() -> impl IntoView {
    let page = page();
    let settings = page.settings;
    let explain = move || settings.with(|s| s.explain);
    view! {
        <section class="teach" aria-label=move || page.t(msg!("teach-title"))>
            <div class="teach-bar">
                <button id="tour-start" on:click=move |_| open_demo(page, TOUR[0], Some(0))>{move || page.t(msg!("tour-start"))}</button>
                <label>
                    {move || page.t(msg!("teach-explain-pick"))}" "
                    <select id="explain-pick" on:change=move |ev| {
                        let key = event_target_value(&ev);
                        settings.update(|s| s.explain = EXPLAINED.iter().find(|k| **k == key).copied());
                    }>
                        <option value="" selected=move || explain().is_none()>{move || page.t(msg!("teach-pick-none"))}</option>
                        {EXPLAINED.into_iter().map(|key| view! {
                            <option value=key selected=move || explain() == Some(key)>{key}</option>
                        }).collect::<Vec<_>>()}
                    </select>
                </label>
            </div>
            <div class="presets">
                <span>{move || page.t(msg!("teach-presets"))}</span>
                {PRESETS.into_iter().map(|(demo, label)| view! {
                    <button class="small preset" data-preset=demo on:click=move |_| open_demo(page, demo, None)>{move || page.t(label)}</button>
                }).collect::<Vec<_>>()}
            </div>
            <SideBySide />
            <Myths />
            <Show when=move || settings.with(|s| s.tour.is_some())>
                <TourChapter />
            </Show>
            {move || explain().map(|key| view! { <Explanation key=key /> })}
        </section>
    }
}
