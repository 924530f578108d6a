//! The prompt: raw text or a list of messages, and the tokens the model actually reads.

use std::sync::Arc;

use leptos::prelude::*;

use crate::generation::{Message, Role};
use crate::tokenizer::Tokenizer;

use super::url_state::{PromptMode, Settings};

/// Raw text or messages, switchable without losing either.
#[component]
pub fn PromptPanel(settings: RwSignal<Settings>) -> impl IntoView {
    let mode = move || settings.with(|s| s.mode);
    let set_mode = move |m: PromptMode| {
        settings.update(|s| {
            if s.mode != m {
                s.mode = m;
                s.completion.clear();
            }
        })
    };
    view! {
        <fieldset class="prompt-mode">
            <legend>"Prompt"</legend>
            <label><input type="radio" name="mode" id="mode-raw" prop:checked=move || mode() == PromptMode::Raw
                on:change=move |_| set_mode(PromptMode::Raw) />"raw text"</label>
            <label><input type="radio" name="mode" id="mode-chat" prop:checked=move || mode() == PromptMode::Chat
                on:change=move |_| set_mode(PromptMode::Chat) />"messages (ChatML template)"</label>
        </fieldset>
        <Show when=move || mode() == PromptMode::Raw fallback=move || view! { <MessagesEditor settings=settings /> }>
            <textarea
                id="prompt"
                rows="3"
                spellcheck="false"
                aria-label="prompt (raw text, no chat template)"
                prop:value=move || settings.with(|s| s.prompt.clone())
                on:input=move |ev| {
                    let text = event_target_value(&ev);
                    settings.update(|s| {
                        s.prompt = text;
                        s.completion.clear();
                    })
                }
            ></textarea>
        </Show>
    }
}

#[component]
fn MessagesEditor(settings: RwSignal<Settings>) -> impl IntoView {
    let count = move || settings.with(|s| s.messages.len());
    let edit = move |i: usize, f: Box<dyn FnOnce(&mut Message)>| {
        settings.update(|s| {
            if let Some(m) = s.messages.get_mut(i) {
                f(m);
            }
            s.completion.clear();
        })
    };
    view! {
        <ol class="messages">
            {move || (0..count()).map(|i| {
                let message = settings.with_untracked(|s| s.messages[i].clone());
                view! {
                    <li class="message">
                        <select aria-label=format!("role of message {}", i + 1)
                            on:change=move |ev| {
                                if let Some(role) = Role::parse(&event_target_value(&ev)) {
                                    edit(i, Box::new(move |m| m.role = role));
                                }
                            }>
                            {Role::ALL.into_iter().map(|r| view! { <option value=r.as_str() selected=r == message.role>{r.as_str()}</option> }).collect::<Vec<_>>()}
                        </select>
                        <textarea rows="2" class="message-content" aria-label=format!("content of message {}", i + 1)
                            prop:value=message.content.clone()
                            on:input=move |ev| { let v = event_target_value(&ev); edit(i, Box::new(move |m| m.content = v)) }></textarea>
                        <button aria-label=format!("remove message {}", i + 1)
                            on:click=move |_| settings.update(|s| { s.messages.remove(i); s.completion.clear(); })>"×"</button>
                    </li>
                }
            }).collect::<Vec<_>>()}
        </ol>
        {move || (count() == 0).then(|| view! { <p class="field-error" role="alert">"messages: add at least one message"</p> })}
        <button id="add-message" on:click=move |_| settings.update(|s| {
            let role = if s.messages.last().is_some_and(|m| m.role == Role::User) { Role::Assistant } else { Role::User };
            s.messages.push(Message::new(role, ""));
            s.completion.clear();
        })>"+ message"</button>
        <p class="hint">"Without a system message first, the template adds SmolLM's default one. The model reads the rendered text below; special tokens are purple."</p>
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
