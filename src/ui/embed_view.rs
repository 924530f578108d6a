//! The embed (`embed=<key>`): one parameter's controls, the chart and a caption, sized for a
//! docs page's iframe. It draws from a snapshot until the reader asks for the model.

use leptos::html::Main;
use leptos::prelude::*;

use crate::i18n::Text;
use crate::msg;

use super::chart::DistributionChart;
use super::controls::ParamControl;
use super::embed::{self, Target};
use super::nucleus_view::NucleusView;
use super::progress::LoadProgress;
use super::settings::PromptMode;
use super::snapshots::Snapshots;
use super::state::{Page, page};
use super::{dom, explorer};

fn megabytes(bytes: f64) -> String {
    format!("{:.0} MB", bytes / 1e6)
}

/// What the prompt reads: the text, or in chat mode the last message the model answers.
fn prompt_shown(page: Page) -> String {
    page.settings.with(|s| match s.mode {
        PromptMode::Raw => s.prompt.clone(),
        PromptMode::Chat => s.messages.last().map(|m| m.content.clone()).unwrap_or_default(),
    })
}

#[component]
fn EmbedPrompt() -> impl IntoView {
    let page = page();
    let settings = page.settings;
    let editable = settings.with_untracked(|s| s.edit && s.mode == PromptMode::Raw);
    view! {
        <div class="embed-prompt">
            <label for="prompt" class="embed-label">{move || page.t(msg!("embed-prompt"))}</label>
            {if editable {
                view! {
                    <textarea id="prompt" rows="2" prop:value=move || settings.with(|s| s.prompt.clone())
                        on:change=move |ev| {
                            let text = event_target_value(&ev);
                            settings.update(|s| {
                                s.prompt = text;
                                s.completion.clear();
                            });
                        }></textarea>
                }
                .into_any()
            } else {
                view! { <p id="prompt" class="embed-prompt-text">{move || prompt_shown(page)}</p> }.into_any()
            }}
        </div>
    }
}

/// The load button before the model is asked for; its progress; then sample and generate.
#[component]
fn EmbedModel() -> impl IntoView {
    let page = page();
    let (fresh, generating) = (page.fresh, page.generating);
    let label = move || {
        let size = page.model_size.get().map(megabytes).unwrap_or_else(|| "89 MB".into());
        page.say(&Text::new(msg!("embed-load")).arg("size", size))
    };
    view! {
        <div class="embed-model">
            <Show
                when=move || page.live.get()
                fallback=move || view! {
                    <button id="embed-load" class="primary" on:click=move |_| page.activate()>{label}</button>
                    <p class="hint">{move || page.t(msg!("embed-load.hint"))}</p>
                }
            >
                <Show when=move || page.ready.get() fallback=move || view! { <LoadProgress /> }>
                    <div class="actions">
                        <button id="sample" class="primary" disabled=move || !fresh.get() || generating.get()
                            on:click=move |_| page.sample_next()>{move || page.t(msg!("explorer-sample"))}</button>
                        <Show when=move || generating.get()
                            fallback=move || view! {
                                <button id="generate" disabled=move || !fresh.get() on:click=move |_| page.generate()>
                                    {move || page.t(msg!("explorer-generate"))}
                                </button>
                            }>
                            <button id="stop" class="stop" on:click=move |_| page.stop_requested.set(true)>{move || page.t(msg!("explorer-stop"))}</button>
                        </Show>
                        <button id="reset" disabled=move || generating.get() || page.completion.with(Vec::is_empty)
                            on:click=move |_| page.settings.update(|s| s.completion.clear())>
                            {move || page.t(msg!("explorer-reset"))}
                        </button>
                    </div>
                    <p class="embed-completion" id="completion">{move || {
                        let ids = page.completion.get();
                        page.tokenizer.with(|t| t.as_ref().map(|t| t.decode(&ids)).unwrap_or_default())
                    }}</p>
                </Show>
            </Show>
            <Show when=move || page.own_worker.get() && page.live.get()>
                <p class="hint embed-own-worker">{move || page.t(msg!("embed-shared-none"))}</p>
            </Show>
            {move || page.model_error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
        </div>
    }
}

#[component]
pub fn EmbedView() -> impl IntoView {
    let page = page();
    let key = page.settings.with_untracked(|s| s.embed.clone()).unwrap_or_default();
    let Target { params, caption, title, .. } = embed::target(&key).expect("the link reader accepted only known keys");
    let root = NodeRef::<Main>::new();
    Effect::new(move |_| {
        if let Some(main) = root.get() {
            dom::post_height_to_parent(&main);
        }
    });
    let full = move || format!("{}{}", dom::page_url(), page.settings.with(embed::full_page_query));
    let (title_id, caption_id) = (title.clone(), caption.clone());
    let stale = move || !page.fresh.get();
    let waiting_note = move || {
        if let Snapshots::Unusable(why) = page.snapshots.get() {
            return Some(page.say(&why));
        }
        (stale() && page.snapshot_missing.get() && !page.live.get()).then(|| page.t(msg!("embed-needs-model")))
    };
    let source = move || match page.step.with(|s| s.as_ref().map(|s| s.from_snapshot)) {
        Some(true) => "snapshot",
        Some(false) => "model",
        None => "none",
    };
    view! {
        <main
            class="embed"
            node_ref=root
            data-embed=key
            data-ready=move || page.ready.get().to_string()
            data-fresh=move || page.fresh.get().to_string()
            data-model-runs=move || page.model_runs.get()
            data-source=source
            data-snapshot-difference=move || page.snapshot_difference.get().map(|d| d.to_string())
            data-generating=move || page.generating.get().to_string()
            data-worker=move || if page.own_worker.get() { "own" } else { "shared" }
            data-link=move || page.link.get()
        >
            <div class="embed-head">
                <h1 class="embed-title">{move || page.say(&Text::dynamic(title_id.clone()))}</h1>
                <a class="embed-open" href=full target="_blank" rel="noopener">{move || page.t(msg!("embed-open"))}</a>
            </div>
            <p class="embed-caption">{move || page.say(&Text::dynamic(caption_id.clone()))}</p>
            <EmbedPrompt />
            <div class="embed-controls">{params.into_iter().map(|p| view! { <ParamControl param=p /> }).collect::<Vec<_>>()}</div>
            <EmbedModel />
            {move || waiting_note().map(|n| view! { <p class="embed-note" role="status">{n}</p> })}
            <p class="draw-line" id="draw-line">{move || explorer::draw_line(page)}</p>
            <div class="chart-box" class:stale=stale><DistributionChart chart=page.chart show_cut=true /></div>
            <NucleusView />
            <p class="embed-source hint">{move || if source() == "snapshot" { page.t(msg!("embed-snapshot")) } else { String::new() }}</p>
        </main>
    }
}

/// The full page's "Embed" button: the `<iframe>` snippet of the current view, to copy.
#[component]
pub fn EmbedDialog() -> impl IntoView {
    let page = page();
    let open = RwSignal::new(false);
    let size = RwSignal::new(embed::SIZES[0]);
    let copied = RwSignal::new(None::<Result<(), String>>);
    let key = Memo::new(move |_| page.settings.with(embed::key_for));
    let code = move || {
        let key = key.get();
        let title = format!("samplescope: {key}");
        page.settings.with(|s| embed::snippet(&dom::page_url(), s, &key, size.get(), &title))
    };
    let close = move || {
        open.set(false);
        dom::focus_later("#embed-button".into());
    };
    view! {
        <button id="embed-button" class="small" aria-expanded=move || open.get().to_string() aria-controls="embed-dialog"
            on:click=move |_| {
                copied.set(None);
                open.update(|o| *o = !*o);
                if open.get_untracked() {
                    dom::focus_later("#embed-code".into());
                }
            }>
            {move || page.t(msg!("embed-button"))}
        </button>
        <Show when=move || open.get()>
            <div id="embed-dialog" class="embed-dialog" role="dialog" aria-labelledby="embed-dialog-title"
                on:keydown=move |ev| if ev.key() == "Escape" { close() }>
                <h2 id="embed-dialog-title">{move || page.t(msg!("embed-dialog-title"))}" "<code>{move || key.get()}</code></h2>
                <p class="hint">{move || page.t(msg!("embed-dialog-hint"))}</p>
                <label>
                    {move || page.t(msg!("embed-size"))}" "
                    <select id="embed-size" on:change=move |ev| {
                        let picked = event_target_value(&ev);
                        if let Some(s) = embed::SIZES.iter().find(|(w, h)| format!("{w}x{h}") == picked) {
                            size.set(*s);
                        }
                    }>
                        {embed::SIZES.iter().map(|(w, h)| view! {
                            <option value=format!("{w}x{h}") selected=move || size.get() == (*w, *h)>{format!("{w} × {h}")}</option>
                        }).collect::<Vec<_>>()}
                    </select>
                </label>
                <textarea id="embed-code" readonly rows="4" aria-label=move || page.t(msg!("embed-dialog-title")) prop:value=code></textarea>
                <div class="actions">
                    <button id="embed-copy" class="primary" on:click=move |_| {
                        let text = code();
                        leptos::task::spawn_local(async move { copied.set(Some(dom::copy_text(&text).await)) });
                    }>{move || page.t(msg!("embed-copy"))}</button>
                    <button id="embed-close" on:click=move |_| close()>{move || page.t(msg!("embed-close"))}</button>
                    <span role="status">{move || match copied.get() {
                        Some(Ok(())) => page.t(msg!("embed-copied")),
                        Some(Err(e)) => page.say(&Text::new(msg!("embed-copy-failed")).arg("error", e)),
                        None => String::new(),
                    }}</span>
                </div>
            </div>
        </Show>
    }
}
