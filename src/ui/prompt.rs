//! The prompt editor and the token strip under it.

use std::sync::Arc;

use leptos::prelude::*;

use crate::tokenizer::Tokenizer;

/// The raw-text prompt (no chat template).
#[component]
pub fn PromptBox(#[prop(into)] prompt: Signal<String>, on_change: Callback<String>) -> impl IntoView {
    view! {
        <label class="prompt-label" for="prompt">"Prompt (raw text, no chat template)"</label>
        <textarea
            id="prompt"
            rows="3"
            spellcheck="false"
            prop:value=move || prompt.get()
            on:input=move |ev| on_change.run(event_target_value(&ev))
        ></textarea>
    }
}

/// The context as tokens: the prompt's, then the sampled ones, whitespace made visible.
#[component]
pub fn TokenStrip(
    #[prop(into)] tokenizer: Signal<Option<Arc<Tokenizer>>>,
    #[prop(into)] prompt_ids: Signal<Vec<u32>>,
    #[prop(into)] completion: Signal<Vec<u32>>,
) -> impl IntoView {
    let chips = move |ids: Vec<u32>, class: &'static str| {
        tokenizer.with(|t| {
            let Some(t) = t.as_ref() else { return Vec::new() };
            ids.iter()
                .map(|&id| {
                    view! {
                        <span class=class class:special=t.is_special(id) title=format!("token id {id}")>
                            {t.display(id)}
                        </span>
                    }
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <div class="token-strip" aria-label="context tokens">
            {move || chips(prompt_ids.get(), "chip prompt-token")}
            {move || chips(completion.get(), "chip completion-token")}
            <span class="token-count">
                {move || format!("{} prompt + {} sampled tokens", prompt_ids.with(Vec::len), completion.with(Vec::len))}
            </span>
        </div>
    }
}
