//! The API panel: every chat-completions request parameter, the request body it makes, and
//! the response: choices side by side, tokens coloured by probability, alternatives one click
//! away (and a branch from any of them), the event stream, usage and system_fingerprint.

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::generation::request::MAX_STOP;
use crate::generation::{FieldError, FieldProblem, Generation, Message, Role, TokenStep};
use crate::i18n::Text;
use crate::model::{CONTEXT, VOCAB};
use crate::msg;
use crate::tokenizer::Tokenizer;

use super::api_runner::{self, ApiRun};
use super::chart_model::percent;
use super::format_fields::FormatFields;
use super::progress::LoadState;
use super::settings::{PromptMode, Settings};
use super::state::page;
use super::{dom, model_link};

fn copy(text: String) {
    let clipboard = dom::window().navigator().clipboard();
    let _ = clipboard.write_text(&text);
}

/// A labelled whole-number field that keeps what was typed and shows its error.
#[component]
fn NumberField(
    label: &'static str,
    id: &'static str,
    #[prop(into)] value: Signal<String>,
    on_change: Callback<String>,
    #[prop(into)] error: Signal<Option<String>>,
    /// A catalogue message.
    hint: &'static str,
) -> impl IntoView {
    let page = page();
    view! {
        <div class="field" class:invalid=move || error.with(Option::is_some)>
            <label for=id>{label}</label>
            <input id=id type="text" inputmode="numeric" autocomplete="off" prop:value=move || value.get()
                aria-invalid=move || error.with(Option::is_some).to_string()
                on:input=move |ev| on_change.run(event_target_value(&ev)) />
            <span class="hint">{move || page.t(hint)}</span>
            {move || error.get().map(|e| view! { <span class="field-error" role="alert">{e}</span> })}
        </div>
    }
}

#[component]
pub fn ApiPanel() -> impl IntoView {
    let page = page();
    let (settings, tokenizer, prompt_ids, ready) = (page.settings, page.tokenizer, page.prompt_ids, page.ready);
    let model_sha256 = move || match page.load.get_untracked() {
        LoadState::Ready(t) => t.model_sha256,
        _ => String::new(),
    };
    let run = RwSignal::new(None::<ApiRun>);
    let stop = RwSignal::new(false);
    // Raw text of the number fields, so "abc" or "" stays visible with its error.
    let n_text = RwSignal::new(settings.with_untracked(|s| s.api.n.to_string()));
    let best_of_text =
        RwSignal::new(settings.with_untracked(|s| s.api.best_of.map(|b| b.to_string()).unwrap_or_default()));
    let top_text = RwSignal::new(settings.with_untracked(|s| s.api.top_logprobs.to_string()));
    let max_text = RwSignal::new(settings.with_untracked(|s| s.max_tokens.to_string()));
    let parse_errors = RwSignal::new(Vec::<FieldError>::new());

    let request = Memo::new(move |_| settings.with(|s| s.request(s.seed)));
    let errors = Memo::new(move |_| {
        let mut e = parse_errors.get();
        e.extend(request.with(|r| r.validate(prompt_ids.with(Vec::len), VOCAB)));
        if let Some(overlong) = page.prompt_overlong.get() {
            let param = settings.with(|s| if s.mode == PromptMode::Chat { "messages" } else { "prompt" });
            e.push(FieldError::new(param, FieldProblem::PromptOverlong(overlong)));
        }
        e.extend(settings.with(|s| s.api.structured().err()).unwrap_or_default());
        e
    });
    let error_for = move |param: &'static str| {
        Signal::derive(move || {
            errors.with(|e| {
                let msgs: Vec<String> = e.iter().filter(|f| f.param == param).map(|f| page.say(&f.text())).collect();
                (!msgs.is_empty()).then(|| msgs.join("; "))
            })
        })
    };
    let running = move || run.with(|r| r.as_ref().is_some_and(|r| r.running));

    let number = move |param: &'static str, text: RwSignal<String>, apply: fn(&mut Settings, Option<usize>)| {
        Callback::new(move |raw: String| {
            text.set(raw.clone());
            let parsed = if raw.trim().is_empty() { Ok(None) } else { raw.trim().parse::<usize>().map(Some) };
            parse_errors.update(|e| e.retain(|f| f.param != param));
            match parsed {
                Ok(v) => settings.update(|s| apply(s, v)),
                Err(_) => {
                    parse_errors.update(|e| e.push(FieldError { param, problem: FieldProblem::NotWhole { raw } }))
                }
            }
        })
    };

    let send = move |replay: bool| {
        let (Some(client), Some(tok)) = (model_link::client(), tokenizer.get_untracked()) else { return };
        if !errors.with_untracked(Vec::is_empty) {
            return;
        }
        let previous = run.with_untracked(|r| r.as_ref().map(|r| (r.generation.request.seed, r.tokens())));
        let seed = match (replay, &previous) {
            (true, Some((seed, _))) => *seed,
            _ if settings.with_untracked(|s| s.api.random_seed) => dom::random_seed(),
            _ => settings.with_untracked(|s| s.seed),
        };
        let mut req = request.get_untracked();
        if replay && let Some(previous) = run.with_untracked(|r| r.as_ref().map(|r| r.generation.request.clone())) {
            req = previous;
        }
        req.seed = seed;
        let fingerprint = api_runner::fingerprint(&model_sha256(), &req.order);
        match Generation::new(req, prompt_ids.get_untracked(), &tok) {
            Ok(g) => {
                let replay_of = if replay { previous.map(|p| p.1) } else { None };
                run.set(Some(ApiRun::new(g, fingerprint, replay_of)));
                stop.set(false);
                spawn_local(api_runner::start(api_runner::PROMPT_SLOT, client, run, stop, tok));
            }
            Err(e) => parse_errors.set(e),
        }
    };
    let on_branch = Callback::new(move |(choice, position, token): (usize, usize, u32)| {
        let (Some(client), Some(tok)) = (model_link::client(), tokenizer.get_untracked()) else { return };
        if running() {
            return;
        }
        stop.set(false);
        spawn_local(api_runner::branch(client, run, stop, tok, choice, position, token));
    });

    // The stop fields' text as typed (escaped, see `escape_stop`), so a half-typed escape is
    // not rewritten under the cursor; the list is rebuilt only when its length changes.
    let stop_texts =
        RwSignal::new(settings.with_untracked(|s| s.api.stop.iter().map(|t| escape_stop(t)).collect::<Vec<_>>()));
    let stop_count = Memo::new(move |_| stop_texts.with(Vec::len));
    view! {
        <section class="api" aria-label=move || page.t(msg!("api-label"))>
            <div class="api-grid">
                <NumberField label="max_tokens" id="api-max-tokens" value=max_text
                    on_change=number("max_tokens", max_text, |s, v| s.max_tokens = v.unwrap_or(0))
                    error=error_for("max_tokens") hint=msg!("api-max-tokens.hint") />
                <NumberField label="n" id="api-n" value=n_text
                    on_change=number("n", n_text, |s, v| s.api.n = v.unwrap_or(0))
                    error=error_for("n") hint=msg!("api-n.hint") />
                <NumberField label="best_of" id="api-best-of" value=best_of_text
                    on_change=number("best_of", best_of_text, |s, v| s.api.best_of = v)
                    error=error_for("best_of") hint=msg!("api-best-of.hint") />
                <NumberField label="top_logprobs" id="api-top-logprobs" value=top_text
                    on_change=number("top_logprobs", top_text, |s, v| s.api.top_logprobs = v.unwrap_or(0))
                    error=error_for("top_logprobs") hint=msg!("api-top-logprobs.hint") />
                <label class="check"><input type="checkbox" id="api-logprobs" prop:checked=move || settings.with(|s| s.api.logprobs)
                    on:change=move |ev| { let on = event_target_checked(&ev); settings.update(|s| s.api.logprobs = on) } />"logprobs"</label>
                <label class="check"><input type="checkbox" id="api-stream" prop:checked=move || settings.with(|s| s.api.stream)
                    on:change=move |ev| { let on = event_target_checked(&ev); settings.update(|s| s.api.stream = on) } />"stream"</label>
                <label class="check"><input type="checkbox" id="api-random-seed" prop:checked=move || settings.with(|s| s.api.random_seed)
                    on:change=move |ev| { let on = event_target_checked(&ev); settings.update(|s| s.api.random_seed = on) } />{move || page.t(msg!("api-random-seed"))}</label>
                <div class="field">
                    <label for="api-user">"user"</label>
                    <input id="api-user" prop:value=move || settings.with(|s| s.api.user.clone())
                        on:input=move |ev| { let v = event_target_value(&ev); settings.update(|s| s.api.user = v) } />
                    <span class="hint">{move || page.t(msg!("api-user.hint"))}</span>
                </div>
            </div>
            <div class="field stops" class:invalid=move || error_for("stop").with(Option::is_some)>
                <span class="label">{move || page.say(&Text::new(msg!("api-stop")).arg("max", MAX_STOP))}</span>
                {move || (0..stop_count.get()).map(|i| view! {
                    <span class="stop-item">
                        <input class="stop-input" aria-label=move || page.say(&Text::new(msg!("api-stop-string")).arg("n", i + 1))
                            prop:value=move || stop_texts.with(|t| t.get(i).cloned().unwrap_or_default())
                            on:input=move |ev| {
                                let typed = event_target_value(&ev);
                                let stop = unescape_stop(&typed);
                                stop_texts.update(|t| if let Some(x) = t.get_mut(i) { *x = typed });
                                settings.update(|s| if let Some(x) = s.api.stop.get_mut(i) { *x = stop });
                            } />
                        <button aria-label=move || page.say(&Text::new(msg!("api-stop-remove")).arg("n", i + 1)) on:click=move |_| {
                            stop_texts.update(|t| if i < t.len() { t.remove(i); });
                            settings.update(|s| if i < s.api.stop.len() { s.api.stop.remove(i); });
                        }>"×"</button>
                    </span>
                }).collect::<Vec<_>>()}
                <button id="api-add-stop" on:click=move |_| {
                    stop_texts.update(|t| t.push(String::new()));
                    settings.update(|s| s.api.stop.push(String::new()));
                }>{move || page.t(msg!("api-stop-add"))}</button>
                <span class="hint">{move || page.t(msg!("api-stop.hint"))}</span>
                {move || error_for("stop").get().map(|e| view! { <span class="field-error" role="alert">{e}</span> })}
            </div>
            <FormatFields />
            <Show when=move || errors.with(|e| e.iter().any(|f| !shown_by_field(f.param)))>
                <ul class="field-errors" role="alert">
                    {move || errors.get().into_iter()
                        .filter(|f| !shown_by_field(f.param))
                        .map(|f| view! { <li>{move || page.say(&f.text())}</li> }).collect::<Vec<_>>()}
                </ul>
            </Show>
            <div class="actions">
                <button id="api-send" class="primary" disabled=move || !ready.get() || running() || !errors.with(Vec::is_empty)
                    on:click=move |_| send(false)>{move || page.t(msg!("api-send"))}</button>
                <button id="api-stop" disabled=move || !running() on:click=move |_| stop.set(true)>{move || page.t(msg!("explorer-stop"))}</button>
                <button id="api-replay" disabled=move || running() || run.with(Option::is_none) || !ready.get()
                    title=move || page.t(msg!("api-replay.title"))
                    on:click=move |_| send(true)>{move || page.t(msg!("api-replay"))}</button>
            </div>
            <details class="preview">
                <summary>{move || page.t(msg!("api-request"))}</summary>
                <button class="copy" on:click=move |_| copy(serde_json::to_string_pretty(&request.get_untracked().to_json()).unwrap_or_default())>
                    {move || page.t(msg!("api-copy"))}
                </button>
                <pre id="api-request" tabindex="0" aria-label=move || page.t(msg!("api-request"))>{move || serde_json::to_string_pretty(&request.with(|r| r.to_json())).unwrap_or_default()}</pre>
            </details>
            <ResponseView run=run on_branch=on_branch />
        </section>
    }
}

/// A stop string as its one-line field shows it: a newline as `\n`, a tab as `\t`, and a
/// backslash as `\\`, so a stop string that spells `\n` survives editing as those two characters.
fn escape_stop(stop: &str) -> String {
    let mut out = String::with_capacity(stop.len());
    for c in stop.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c => out.push(c),
        }
    }
    out
}

/// The inverse of [`escape_stop`]; a backslash before any other character is kept as typed.
fn unescape_stop(field: &str) -> String {
    let mut out = String::with_capacity(field.len());
    let mut chars = field.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, chars.peek()) {
            ('\\', Some('n')) => {
                chars.next();
                out.push('\n');
            }
            ('\\', Some('t')) => {
                chars.next();
                out.push('\t');
            }
            ('\\', Some('\\')) => {
                chars.next();
                out.push('\\');
            }
            (c, _) => out.push(c),
        }
    }
    out
}

/// Parameters whose field shows its own error (the rest are listed above Send).
fn shown_by_field(param: &str) -> bool {
    matches!(
        param,
        "n" | "best_of" | "top_logprobs" | "max_tokens" | "stop" | "response_format" | "tools" | "tool_choice"
    )
}

/// Background colour for a token of probability `p`: green when likely, orange to red when not.
fn heat(p: f64) -> String {
    let hue = 10.0 + 110.0 * p.clamp(0.0, 1.0);
    format!("hsl({hue:.0} 75% 86%)")
}

#[component]
fn ResponseView(run: RwSignal<Option<ApiRun>>, on_branch: Callback<(usize, usize, u32)>) -> impl IntoView {
    let page = page();
    let tokenizer = page.tokenizer;
    let use_raw = RwSignal::new(false);
    // (choice, position) of the token whose alternatives are open.
    let open = RwSignal::new(None::<(usize, usize)>);
    let candidates = move || {
        run.with(|r| r.as_ref().map(|r| (0..r.generation.choices.len()).collect::<Vec<_>>()).unwrap_or_default())
    };
    let usage = move || {
        run.with(|r| {
            r.as_ref().map(|r| {
                let prompt = r.generation.prompt_ids.len();
                let completion: usize = r.generation.choices.iter().map(|c| c.steps.len()).sum();
                let text = Text::new(msg!("api-usage"))
                    .arg("prompt", prompt)
                    .arg("completion", completion)
                    .arg("total", prompt + completion)
                    .arg("room", CONTEXT - prompt)
                    .arg("context", CONTEXT);
                page.say(&text)
            })
        })
    };
    let identical = move || {
        run.with(|r| {
            r.as_ref().and_then(|r| {
                let previous = r.replay_of.as_ref()?;
                (!r.running).then(|| *previous == r.tokens())
            })
        })
    };
    let response_json = move |r: &ApiRun, t: &Tokenizer| {
        serde_json::to_string_pretty(&r.generation.response(t, &r.fingerprint, r.created)).unwrap_or_default()
    };
    view! {
        <Show when=move || run.with(Option::is_some)>
            <div class="response" data-running=move || run.with(|r| r.as_ref().is_some_and(|r| r.running)).to_string()>
                <p class="fingerprint">
                    "system_fingerprint "<code id="api-fingerprint">{move || run.with(|r| r.as_ref().map(|r| r.fingerprint.clone()))}</code>
                    " · seed " <code id="api-seed">{move || run.with(|r| r.as_ref().map(|r| r.generation.request.seed))}</code>
                    <span class="hint">" — "{move || page.t(msg!("api-fingerprint.hint"))}</span>
                </p>
                {move || identical().map(|same| view! {
                    <p class=if same { "replay same" } else { "replay differs" } id="api-replay-result">
                        {move || page.t(if same { msg!("api-replay-same") } else { msg!("api-replay-differs") })}
                    </p>
                })}
                {move || run.with(|r| r.as_ref().and_then(|r| r.error.clone())).map(|e| view! { <p class="error" role="alert">{e}</p> })}
                <p class="hint">{usage}</p>
                <label class="check"><input type="checkbox" prop:checked=move || use_raw.get() on:change=move |ev| use_raw.set(event_target_checked(&ev)) />
                    {move || page.t(msg!("api-colour-raw"))}</label>
                <div class="choices">
                    <For each=candidates key=|i| *i children=move |i| view! {
                        <ChoiceCard run=run index=i use_raw=use_raw open=open on_branch=on_branch />
                    } />
                </div>
                <Show when=move || run.with(|r| r.as_ref().is_some_and(|r| r.generation.request.stream))>
                    <details class="events" open=true>
                        <summary>{move || page.t(msg!("api-events"))}</summary>
                        <pre id="api-events" tabindex="0" aria-label=move || page.t(msg!("api-events"))>{move || run.with(|r| r.as_ref().map(|r| r.events.join("\n\n")).unwrap_or_default())}</pre>
                    </details>
                </Show>
                <details class="preview">
                    <summary>{move || page.t(msg!("api-response"))}</summary>
                    <button class="copy" on:click=move |_| {
                        if let (Some(t), Some(r)) = (tokenizer.get_untracked(), run.get_untracked()) {
                            copy(response_json(&r, &t));
                        }
                    }>{move || page.t(msg!("api-copy"))}</button>
                    <pre id="api-response" tabindex="0" aria-label=move || page.t(msg!("api-response"))>{move || {
                        let t = tokenizer.get()?;
                        run.with(|r| r.as_ref().filter(|r| !r.running).map(|r| response_json(r, &t)))
                    }}</pre>
                </details>
            </div>
        </Show>
    }
}

#[component]
fn ChoiceCard(
    run: RwSignal<Option<ApiRun>>,
    index: usize,
    use_raw: RwSignal<bool>,
    open: RwSignal<Option<(usize, usize)>>,
    on_branch: Callback<(usize, usize, u32)>,
) -> impl IntoView {
    let page = page();
    let tokenizer = page.tokenizer;
    let info = move || {
        run.with(|r| {
            r.as_ref().map(|r| {
                let c = &r.generation.choices[index];
                let returned = r.generation.returned();
                let rank = returned.iter().position(|&i| i == index);
                (
                    c.clone(),
                    rank,
                    r.generation.request.stream,
                    r.running,
                    r.generation.request.best_of.is_some_and(|b| b > r.generation.request.n),
                )
            })
        })
    };
    let label = move |id: u32| tokenizer.with(|t| t.as_ref().map(|t| t.display(id)).unwrap_or_default());
    view! {
        {move || info().map(|(choice, rank, stream, running, ranked)| {
            let discarded = rank.is_none() && !running;
            let hidden = !stream && running;
            let cut_at = choice.stop_cut.as_ref().map(|c| c.at);
            let mut offset = 0usize;
            let tokens = choice.steps.iter().enumerate().map(|(pos, step): (usize, &TokenStep)| {
                let bytes = tokenizer.with(|t| t.as_ref().map(|t| t.bytes(step.token).len()).unwrap_or(0));
                let after_cut = cut_at.is_some_and(|at| offset >= at) || crate::generation::is_end(step.token);
                offset += bytes;
                let p = if use_raw.get() { step.raw_logprob } else { step.logprob };
                let prob = (p as f64).exp();
                let selected = open.get() == Some((index, pos));
                view! {
                    <button class="tok" class:after-stop=after_cut class:forced=step.forced class:selected=selected
                        style:background-color=heat(prob)
                        title=format!("p = {} (ln p = {:.3})", percent(prob), p)
                        on:click=move |_| open.update(|o| *o = if *o == Some((index, pos)) { None } else { Some((index, pos)) })>
                        {label(step.token)}
                    </button>
                }
            }).collect::<Vec<_>>();
            let popover = open.get().filter(|(c, _)| *c == index).and_then(|(_, pos)| choice.steps.get(pos).cloned().map(|s| (pos, s)));
            let title = match rank {
                Some(r) => Text::new(msg!("api-choice")).arg("n", r),
                None if running => Text::new(msg!("api-candidate")).arg("n", index),
                None => Text::new(msg!("api-candidate-discarded")).arg("n", index),
            };
            let stats = Text::new(msg!("api-choice-stats"))
                .arg("seed", choice.seed.to_string())
                .arg("tokens", choice.steps.len())
                .arg("mean", format!("{:.3}", choice.mean_raw_logprob()));
            let so_far = Text::new(msg!("api-not-streamed")).arg("tokens", choice.steps.len());
            let calls = run.with_untracked(|r| r.as_ref().map(|r| r.generation.tool_calls(index)).unwrap_or_default());
            let call_odds = choice.steps.first().and_then(|s| s.grammar.as_ref()?.call_odds);
            view! {
                <article class="choice" class:discarded=discarded data-choice=index>
                    <header>
                        <strong>{move || page.say(&title)}</strong>
                        <span class="hint">" "{move || page.say(&stats)}</span>
                        {choice.finish.map(|f| view! { <span class="finish" data-finish=f.as_str()>{format!("finish_reason: {}", f.as_str())}</span> })}
                    </header>
                    {ranked.then(|| view! { <p class="hint">{move || page.t(msg!("api-best-of-ranks"))}</p> })}
                    {call_odds.map(|odds| {
                        let text = Text::new(msg!("api-call-odds")).arg("odds", percent(odds));
                        view! { <p class="call-odds" data-call-odds=odds.to_string()>{move || page.say(&text)}</p> }
                    })}
                    {if hidden {
                        view! { <p class="hint">{move || page.say(&so_far)}</p> }.into_any()
                    } else {
                        view! { <div class="tokens">{tokens}</div> }.into_any()
                    }}
                    {choice.stop_cut.clone().map(|c| {
                        let text = Text::new(msg!("api-stop-cut")).arg("at", c.at).arg("stop", format!("{:?}", c.stop));
                        view! { <p class="stop-note">{move || page.say(&text)}</p> }
                    })}
                    {(!calls.is_empty()).then(|| {
                        let listed = calls.clone();
                        view! {
                            <div class="tool-calls">
                                <p><strong>"tool_calls"</strong></p>
                                <ul>{listed.into_iter().map(|c| view! {
                                    <li class="tool-call" data-name=c.function.name.clone()>
                                        <code>{format!("{}({})", c.function.name, c.function.arguments)}</code>
                                        <span class="hint">" id "{c.id.clone()}</span>
                                    </li>
                                }).collect::<Vec<_>>()}</ul>
                                <button class="continue-tool" disabled=move || running on:click=move |_| {
                                    let calls = calls.clone();
                                    page.settings.update(|s| {
                                        let first = calls[0].id.clone();
                                        s.messages.push(Message { tool_calls: calls, ..Message::new(Role::Assistant, "") });
                                        s.messages.push(Message { tool_call_id: Some(first), ..Message::new(Role::Tool, "") });
                                        s.completion.clear();
                                    });
                                }>{move || page.t(msg!("api-tool-continue"))}</button>
                            </div>
                        }
                    })}
                    {popover.map(|(pos, step)| {
                        let text = Text::new(msg!("api-alternatives-head"))
                            .arg("position", pos)
                            .arg("token", label(step.token))
                            .arg("after", percent((step.logprob as f64).exp()))
                            .arg("model", percent((step.raw_logprob as f64).exp()));
                        let grammar = step.grammar.clone().map(|g| {
                            let mut t = Text::new(if g.forced { msg!("api-grammar-forced") } else { msg!("api-grammar-step") })
                                .arg("allowed", g.allowed)
                                .arg("mass", percent(g.removed_mass));
                            if let Some(r) = g.rejected {
                                t = Text::new(msg!("api-grammar-rejected")).arg("step", t).arg("token", label(r));
                            }
                            if let Some(odds) = g.call_odds {
                                t = Text::new(msg!("api-grammar-call-odds")).arg("step", t).arg("odds", percent(odds));
                            }
                            t
                        });
                        let masked = step.grammar.is_some();
                        view! {
                            <div class="popover" role="dialog" aria-label=move || page.t(msg!("api-alternatives"))>
                                <p>{move || page.say(&text)}</p>
                                {grammar.map(|t| view! { <p class="grammar-step">{move || page.say(&t)}</p> })}
                                <ol class="alternatives">
                                    {step.top.iter().map(|a| {
                                        let token = a.token;
                                        let chosen = token == step.token;
                                        let odds = Text::new(msg!("api-alternative"))
                                            .arg("model", percent((a.raw_logprob as f64).exp()))
                                            .arg("after", percent((a.logprob as f64).exp()));
                                        view! {
                                            <li class:chosen=chosen>
                                                <span class="chip">{label(token)}</span>
                                                <span class="hint">" "{move || page.say(&odds)}</span>
                                                {(!(chosen || masked && a.logprob == f32::NEG_INFINITY)).then(|| view! {
                                                    <button class="branch" disabled=move || running
                                                        on:click=move |_| { open.set(None); on_branch.run((index, pos, token)) }>
                                                        {move || page.t(msg!("api-branch"))}
                                                    </button>
                                                })}
                                            </li>
                                        }
                                    }).collect::<Vec<_>>()}
                                </ol>
                            </div>
                        }
                    })}
                    <p class="choice-text" hidden=hidden>{choice.text()}</p>
                </article>
            }
        })}
    }
}

#[cfg(test)]
mod tests {
    use super::{escape_stop, unescape_stop};

    #[test]
    fn stop_strings_round_trip_through_their_field() {
        for stop in ["\n\n", "a\\nb", "\\", "tab\there", "end\\", "plain", "\\\n", ""] {
            assert_eq!(unescape_stop(&escape_stop(stop)), stop, "{stop:?}");
        }
        assert_eq!(escape_stop("a\nb"), "a\\nb");
        assert_eq!(escape_stop("a\\nb"), "a\\\\nb", "a literal backslash-n stays two characters");
        assert_eq!(unescape_stop("x\\q"), "x\\q", "an unknown escape is kept as typed");
    }
}
