//! The prompt: raw text or a list of messages, and the tokens the model actually reads.

use leptos::prelude::*;

use crate::generation::{Message, Role};
use crate::i18n::Text;
use crate::msg;
use crate::sampling::Detail;

use super::settings::PromptMode;
use super::state::page;

/// Raw text or messages, switchable without losing either.
#[component]
pub fn PromptPanel() -> impl IntoView {
    let page = page();
    let settings = page.settings;
    let mode = move || settings.with(|s| s.mode);
    let set_mode = move |m: PromptMode| {
        settings.update(|s| {
            if s.mode != m {
                s.set_mode(m);
                s.completion.clear();
            }
        })
    };
    view! {
        <fieldset class="prompt-mode">
            <legend>{move || page.t(msg!("prompt-title"))}</legend>
            <label><input type="radio" name="mode" id="mode-raw" prop:checked=move || mode() == PromptMode::Raw
                on:change=move |_| set_mode(PromptMode::Raw) />{move || page.t(msg!("prompt-raw"))}</label>
            <label><input type="radio" name="mode" id="mode-chat" prop:checked=move || mode() == PromptMode::Chat
                on:change=move |_| set_mode(PromptMode::Chat) />{move || page.t(msg!("prompt-chat"))}</label>
        </fieldset>
        <Show when=move || mode() == PromptMode::Chat>
            <p class="hint" id="chat-defaults">{move || page.t(msg!("prompt-chat.defaults"))}</p>
        </Show>
        <Show when=move || mode() == PromptMode::Raw fallback=move || view! { <MessagesEditor /> }>
            <textarea
                id="prompt"
                rows="3"
                spellcheck="false"
                aria-label=move || page.t(msg!("prompt-raw.label"))
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
fn MessagesEditor() -> impl IntoView {
    let page = page();
    let settings = page.settings;
    let numbered = move |id: &'static str, i: usize| page.say(&Text::new(id).arg("n", i + 1));
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
                        <select aria-label=move || numbered(msg!("message-role"), i)
                            on:change=move |ev| {
                                if let Some(role) = Role::parse(&event_target_value(&ev)) {
                                    edit(i, Box::new(move |m| m.role = role));
                                }
                            }>
                            {Role::ALL.into_iter().map(|r| view! { <option value=r.as_str() selected=r == message.role>{r.as_str()}</option> }).collect::<Vec<_>>()}
                        </select>
                        <textarea rows="2" class="message-content" aria-label=move || numbered(msg!("message-content"), i)
                            prop:value=message.content.clone()
                            on:input=move |ev| { let v = event_target_value(&ev); edit(i, Box::new(move |m| m.content = v)) }></textarea>
                        <input class="tool-call-id" placeholder="tool_call_id" aria-label=move || numbered(msg!("message-tool-call-id"), i)
                            hidden=move || settings.with(|s| s.messages.get(i).is_none_or(|m| m.role != Role::Tool))
                            prop:value=message.tool_call_id.clone().unwrap_or_default()
                            on:input=move |ev| {
                                let v = event_target_value(&ev);
                                edit(i, Box::new(move |m| m.tool_call_id = (!v.is_empty()).then_some(v)))
                            } />
                        {(!message.tool_calls.is_empty()).then(|| {
                            let calls: Vec<String> = message.tool_calls.iter()
                                .map(|c| format!("{}({}) · {}", c.function.name, c.function.arguments, c.id)).collect();
                            view! { <ul class="message-calls">{calls.into_iter().map(|c| view! { <li><code>{c}</code></li> }).collect::<Vec<_>>()}</ul> }
                        })}
                        <button aria-label=move || numbered(msg!("message-remove"), i)
                            on:click=move |_| settings.update(|s| { s.messages.remove(i); s.completion.clear(); })>"×"</button>
                    </li>
                }
            }).collect::<Vec<_>>()}
        </ol>
        {move || (count() == 0).then(|| view! { <p class="field-error" role="alert">{move || page.t(msg!("field-no-messages"))}</p> })}
        <button id="add-message" on:click=move |_| settings.update(|s| {
            let role = if s.messages.last().is_some_and(|m| m.role == Role::User) { Role::Assistant } else { Role::User };
            s.messages.push(Message::new(role, ""));
            s.completion.clear();
        })>{move || page.t(msg!("message-add"))}</button>
        <p class="hint">{move || page.t(msg!("messages-hint"))}</p>
    }
}

/// The context as tokens: the prompt's, then the sampled ones, whitespace made visible. The
/// longest repeat DRY penalised is marked: the earlier run and the context's end repeating it.
#[component]
pub fn TokenStrip() -> impl IntoView {
    let page = page();
    let (tokenizer, prompt_ids, completion) = (page.tokenizer, page.prompt_ids, page.completion);
    let dry = Memo::new(move |_| {
        if !page.fresh.get() {
            return None;
        }
        page.analysis.with(|a| {
            a.as_ref()?.run.stages.iter().find_map(|s| match &s.trace.detail {
                Detail::Dry { repeats, .. } => repeats.iter().max_by_key(|r| r.length).map(|r| (r.earlier, r.suffix)),
                _ => None,
            })
        })
    });
    let within = |(start, end): (usize, usize), at: usize| (start..end).contains(&at);
    let earlier = move |at: usize| dry.with(|d| d.is_some_and(|(e, _)| within(e, at)));
    let suffix = move |at: usize| dry.with(|d| d.is_some_and(|(_, s)| within(s, at)));
    let chips = move |ids: Vec<u32>, offset: usize, class: &'static str| {
        tokenizer.with(|t| {
            let Some(t) = t.as_ref() else { return Vec::new() };
            // Beyond the context nothing is read: an absurd prompt costs no more chips than that.
            ids.iter()
                .take(crate::model::CONTEXT)
                .enumerate()
                .map(|(i, &id)| {
                    let at = offset + i;
                    view! {
                        <span class=class class:special=t.is_special(id)
                            class:dry-earlier=move || earlier(at) class:dry-suffix=move || suffix(at)
                            title=move || page.say(&Text::new(msg!("token-id")).arg("id", id.to_string()))>
                            {t.display(id)}
                        </span>
                    }
                })
                .collect::<Vec<_>>()
        })
    };
    // Tokens that are not whole characters (a Korean syllable is three bytes, and this
    // English-centred vocabulary often splits it).
    let byte_pieces = move || {
        tokenizer.with(|t| {
            t.as_ref().map_or(0, |t| {
                prompt_ids.with(|ids| ids.iter().filter(|&&id| std::str::from_utf8(t.bytes(id)).is_err()).count())
            })
        })
    };
    view! {
        <div class="token-strip" aria-label=move || page.t(msg!("tokens-label"))>
            {move || page.prompt_overlong.get().map(|o| view! {
                <span class="tokens-hidden tokens-not-counted">{move || page.say(&Text::new(msg!("tokens-overlong")).arg("bytes", o.bytes).arg("context", crate::model::CONTEXT))}</span>
            })}
            {move || chips(prompt_ids.get(), 0, "chip prompt-token")}
            {move || chips(completion.get(), prompt_ids.with(Vec::len), "chip completion-token")}
            {move || (prompt_ids.with(Vec::len) > crate::model::CONTEXT).then(|| view! {
                <span class="tokens-hidden">{move || page.say(&Text::new(msg!("tokens-hidden")).arg("count", prompt_ids.with(Vec::len) - crate::model::CONTEXT))}</span>
            })}
            <span class="token-count" hidden=move || page.prompt_overlong.with(Option::is_some)>
                {move || page.say(&Text::new(msg!("tokens-count")).arg("prompt", prompt_ids.with(Vec::len)).arg("sampled", completion.with(Vec::len)))}
            </span>
        </div>
        <Show when=move || { byte_pieces() > 0 }>
            <details class="bytes-note" id="bytes-note">
                <summary>{move || page.say(&Text::new(msg!("bytes-count")).arg("bytes", byte_pieces()).arg("total", prompt_ids.with(Vec::len)))}</summary>
                <p class="hint">{move || page.t(msg!("bytes-note"))}</p>
            </details>
        </Show>
    }
}
