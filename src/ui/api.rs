//! The API panel: every chat-completions request parameter, the request body it makes, and
//! the response: choices side by side, tokens coloured by probability, alternatives one click
//! away (and a branch from any of them), the event stream, usage and system_fingerprint.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::generation::request::MAX_STOP;
use crate::generation::{FieldError, Generation, TokenStep};
use crate::model::{CONTEXT, VOCAB};
use crate::tokenizer::Tokenizer;

use super::api_runner::{self, ApiRun};
use super::chart_model::percent;
use super::url_state::Settings;
use super::{dom, explorer};

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
    hint: &'static str,
) -> impl IntoView {
    view! {
        <div class="field" class:invalid=move || error.with(Option::is_some)>
            <label for=id>{label}</label>
            <input id=id type="text" inputmode="numeric" autocomplete="off" prop:value=move || value.get()
                aria-invalid=move || error.with(Option::is_some).to_string()
                on:input=move |ev| on_change.run(event_target_value(&ev)) />
            <span class="hint">{hint}</span>
            {move || error.get().map(|e| view! { <span class="field-error" role="alert">{e}</span> })}
        </div>
    }
}

#[component]
pub fn ApiPanel(
    settings: RwSignal<Settings>,
    #[prop(into)] tokenizer: Signal<Option<Arc<Tokenizer>>>,
    #[prop(into)] prompt_ids: Signal<Vec<u32>>,
    #[prop(into)] ready: Signal<bool>,
    #[prop(into)] model_sha256: Signal<String>,
) -> impl IntoView {
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
        e
    });
    let error_for = move |param: &'static str| {
        Signal::derive(move || {
            errors.with(|e| {
                let msgs: Vec<String> = e.iter().filter(|f| f.param == param).map(|f| f.message.clone()).collect();
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
                Err(_) => parse_errors
                    .update(|e| e.push(FieldError { param, message: format!("{raw:?} is not a whole number") })),
            }
        })
    };

    let send = move |replay: bool| {
        let (Some(client), Some(tok)) = (explorer::client(), tokenizer.get_untracked()) else { return };
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
        if replay {
            if let Some(previous) = run.with_untracked(|r| r.as_ref().map(|r| r.generation.request.clone())) {
                req = previous;
            }
        }
        req.seed = seed;
        let fingerprint = api_runner::fingerprint(&model_sha256.get_untracked(), &req.order);
        match Generation::new(req, prompt_ids.get_untracked(), VOCAB) {
            Ok(g) => {
                let replay_of = if replay { previous.map(|p| p.1) } else { None };
                run.set(Some(ApiRun::new(g, fingerprint, replay_of)));
                stop.set(false);
                spawn_local(api_runner::start(client, run, stop, tok));
            }
            Err(e) => parse_errors.set(e),
        }
    };
    let on_branch = Callback::new(move |(choice, position, token): (usize, usize, u32)| {
        let (Some(client), Some(tok)) = (explorer::client(), tokenizer.get_untracked()) else { return };
        if running() {
            return;
        }
        stop.set(false);
        spawn_local(api_runner::branch(client, run, stop, tok, choice, position, token));
    });

    let stops = move || settings.with(|s| s.api.stop.clone());
    view! {
        <section class="api" aria-label="chat completions request">
            <div class="api-grid">
                <NumberField label="max_tokens" id="api-max-tokens" value=max_text
                    on_change=number("max_tokens", max_text, |s, v| s.max_tokens = v.unwrap_or(0))
                    error=error_for("max_tokens") hint="per choice; also stops at the 2,048-token context" />
                <NumberField label="n" id="api-n" value=n_text
                    on_change=number("n", n_text, |s, v| s.api.n = v.unwrap_or(0))
                    error=error_for("n") hint="choices, 1–8" />
                <NumberField label="best_of" id="api-best-of" value=best_of_text
                    on_change=number("best_of", best_of_text, |s, v| s.api.best_of = v)
                    error=error_for("best_of") hint="candidates ≥ n (empty = n); no streaming" />
                <NumberField label="top_logprobs" id="api-top-logprobs" value=top_text
                    on_change=number("top_logprobs", top_text, |s, v| s.api.top_logprobs = v.unwrap_or(0))
                    error=error_for("top_logprobs") hint="alternatives per token, 0–20" />
                <label class="check"><input type="checkbox" id="api-logprobs" prop:checked=move || settings.with(|s| s.api.logprobs)
                    on:change=move |ev| { let on = event_target_checked(&ev); settings.update(|s| s.api.logprobs = on) } />"logprobs"</label>
                <label class="check"><input type="checkbox" id="api-stream" prop:checked=move || settings.with(|s| s.api.stream)
                    on:change=move |ev| { let on = event_target_checked(&ev); settings.update(|s| s.api.stream = on) } />"stream"</label>
                <label class="check"><input type="checkbox" id="api-random-seed" prop:checked=move || settings.with(|s| s.api.random_seed)
                    on:change=move |ev| { let on = event_target_checked(&ev); settings.update(|s| s.api.random_seed = on) } />"fresh random seed per request"</label>
                <div class="field">
                    <label for="api-user">"user"</label>
                    <input id="api-user" prop:value=move || settings.with(|s| s.api.user.clone())
                        on:input=move |ev| { let v = event_target_value(&ev); settings.update(|s| s.api.user = v) } />
                    <span class="hint">"sent along, never changes the logits: it is for abuse monitoring"</span>
                </div>
            </div>
            <div class="field stops" class:invalid=move || error_for("stop").with(Option::is_some)>
                <span class="label">{format!("stop (up to {MAX_STOP})")}</span>
                {move || stops().into_iter().enumerate().map(|(i, text)| view! {
                    <span class="stop-item">
                        <input class="stop-input" aria-label=format!("stop string {}", i + 1) prop:value=text.replace('\n', "\\n")
                            on:input=move |ev| {
                                let v = event_target_value(&ev).replace("\\n", "\n");
                                settings.update(|s| if let Some(x) = s.api.stop.get_mut(i) { *x = v });
                            } />
                        <button aria-label=format!("remove stop string {}", i + 1) on:click=move |_| settings.update(|s| { s.api.stop.remove(i); })>"×"</button>
                    </span>
                }).collect::<Vec<_>>()}
                <button id="api-add-stop" on:click=move |_| settings.update(|s| s.api.stop.push(String::new()))>"+ stop"</button>
                <span class="hint">"type \\n for a newline"</span>
                {move || error_for("stop").get().map(|e| view! { <span class="field-error" role="alert">{e}</span> })}
            </div>
            <Show when=move || errors.with(|e| e.iter().any(|f| !matches!(f.param, "n" | "best_of" | "top_logprobs" | "max_tokens" | "stop")))>
                <ul class="field-errors" role="alert">
                    {move || errors.get().into_iter()
                        .filter(|f| !matches!(f.param, "n" | "best_of" | "top_logprobs" | "max_tokens" | "stop"))
                        .map(|f| view! { <li>{f.to_string()}</li> }).collect::<Vec<_>>()}
                </ul>
            </Show>
            <div class="actions">
                <button id="api-send" class="primary" disabled=move || !ready.get() || running() || !errors.with(Vec::is_empty)
                    on:click=move |_| send(false)>"Send request"</button>
                <button id="api-stop" disabled=move || !running() on:click=move |_| stop.set(true)>"Stop"</button>
                <button id="api-replay" disabled=move || running() || run.with(Option::is_none) || !ready.get()
                    title="run the same request with the same seed again"
                    on:click=move |_| send(true)>"Replay (same seed)"</button>
            </div>
            <details class="preview">
                <summary>"Request body (OpenAI chat-completions shape)"</summary>
                <button class="copy" on:click=move |_| copy(serde_json::to_string_pretty(&request.get_untracked().to_json()).unwrap_or_default())>"Copy"</button>
                <pre id="api-request">{move || serde_json::to_string_pretty(&request.with(|r| r.to_json())).unwrap_or_default()}</pre>
            </details>
            <ResponseView run=run tokenizer=tokenizer on_branch=on_branch />
        </section>
    }
}

/// Background colour for a token of probability `p`: green when likely, orange to red when not.
fn heat(p: f64) -> String {
    let hue = 10.0 + 110.0 * p.clamp(0.0, 1.0);
    format!("hsl({hue:.0} 75% 86%)")
}

#[component]
fn ResponseView(
    run: RwSignal<Option<ApiRun>>,
    #[prop(into)] tokenizer: Signal<Option<Arc<Tokenizer>>>,
    on_branch: Callback<(usize, usize, u32)>,
) -> impl IntoView {
    let use_raw = RwSignal::new(false);
    // (choice, position) of the token whose alternatives are open.
    let open = RwSignal::new(None::<(usize, usize)>);
    let candidates = move || {
        run.with(|r| r.as_ref().map(|r| (0..r.generation.choices.len()).collect::<Vec<_>>()).unwrap_or_default())
    };
    let usage = move || {
        run.with(|r| r.as_ref().map(|r| {
        let prompt = r.generation.prompt_ids.len();
        let completion: usize = r.generation.choices.iter().map(|c| c.steps.len()).sum();
        format!(
            "usage: {prompt} prompt + {completion} completion = {} tokens billed; each choice may use up to {} of the {CONTEXT}-token context",
            prompt + completion,
            CONTEXT - prompt,
        )
    }))
    };
    let identical = move || {
        run.with(|r| {
            r.as_ref().and_then(|r| {
                let previous = r.replay_of.as_ref()?;
                (!r.running).then(|| *previous == r.tokens())
            })
        })
    };
    view! {
        <Show when=move || run.with(Option::is_some)>
            <div class="response" data-running=move || run.with(|r| r.as_ref().is_some_and(|r| r.running)).to_string()>
                <p class="fingerprint">
                    "system_fingerprint "<code id="api-fingerprint">{move || run.with(|r| r.as_ref().map(|r| r.fingerprint.clone()))}</code>
                    " · seed " <code id="api-seed">{move || run.with(|r| r.as_ref().map(|r| r.generation.request.seed))}</code>
                    <span class="hint">" — a hash of the model file, the engine build and the sampler order. Same fingerprint + same seed + same settings ⇒ same output; when a provider changes its backend the fingerprint changes and seeded outputs may too."</span>
                </p>
                {move || identical().map(|same| view! {
                    <p class=if same { "replay same" } else { "replay differs" } id="api-replay-result">
                        {if same { "✓ Replay produced exactly the same tokens." } else { "✗ Replay differs from the previous run." }}
                    </p>
                })}
                {move || run.with(|r| r.as_ref().and_then(|r| r.error.clone())).map(|e| view! { <p class="error" role="alert">{e}</p> })}
                <p class="hint">{usage}</p>
                <label class="check"><input type="checkbox" prop:checked=move || use_raw.get() on:change=move |ev| use_raw.set(event_target_checked(&ev)) />
                    "colour by the model's raw probability (default: the probability after the sampling pipeline, i.e. what was drawn from)"</label>
                <div class="choices">
                    <For each=candidates key=|i| *i children=move |i| view! {
                        <ChoiceCard run=run index=i tokenizer=tokenizer use_raw=use_raw open=open on_branch=on_branch />
                    } />
                </div>
                <Show when=move || run.with(|r| r.as_ref().is_some_and(|r| r.generation.request.stream))>
                    <details class="events" open=true>
                        <summary>"Server-sent events (stream: true)"</summary>
                        <pre id="api-events">{move || run.with(|r| r.as_ref().map(|r| r.events.join("\n\n")).unwrap_or_default())}</pre>
                    </details>
                </Show>
                <details class="preview">
                    <summary>"Response object"</summary>
                    <button class="copy" on:click=move |_| {
                        if let (Some(t), Some(r)) = (tokenizer.get_untracked(), run.get_untracked()) {
                            copy(serde_json::to_string_pretty(&r.generation.response(&t, &r.fingerprint, r.created)).unwrap_or_default());
                        }
                    }>"Copy"</button>
                    <pre id="api-response">{move || {
                        let t = tokenizer.get()?;
                        run.with(|r| r.as_ref().filter(|r| !r.running).map(|r| serde_json::to_string_pretty(&r.generation.response(&t, &r.fingerprint, r.created)).unwrap_or_default()))
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
    #[prop(into)] tokenizer: Signal<Option<Arc<Tokenizer>>>,
    use_raw: RwSignal<bool>,
    open: RwSignal<Option<(usize, usize)>>,
    on_branch: Callback<(usize, usize, u32)>,
) -> impl IntoView {
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
            view! {
                <article class="choice" class:discarded=discarded data-choice=index>
                    <header>
                        <strong>{match rank { Some(r) => format!("choice {r}"), None if running => format!("candidate {index}"), None => format!("candidate {index} (discarded)") }}</strong>
                        <span class="hint">{format!(" seed {} · {} tokens · mean ln p {:.3}", choice.seed, choice.steps.len(), choice.mean_raw_logprob())}</span>
                        {choice.finish.map(|f| view! { <span class="finish" data-finish=f.as_str()>{format!("finish_reason: {}", f.as_str())}</span> })}
                    </header>
                    {ranked.then(|| view! { <p class="hint">"best_of ranks candidates by mean token log probability under the model; the top n are returned."</p> })}
                    {if hidden {
                        view! { <p class="hint">{format!("stream is off: the answer appears when it is complete ({} tokens so far)", choice.steps.len())}</p> }.into_any()
                    } else {
                        view! { <div class="tokens">{tokens}</div> }.into_any()
                    }}
                    {choice.stop_cut.clone().map(|c| view! {
                        <p class="stop-note">{format!("✂ cut at byte {} by stop string {:?}; struck-through tokens are not part of the returned text", c.at, c.stop)}</p>
                    })}
                    {popover.map(|(pos, step)| view! {
                        <div class="popover" role="dialog" aria-label="alternatives">
                            <p>{format!("position {pos}: {} — after the pipeline p = {}, under the model p = {}",
                                label(step.token), percent((step.logprob as f64).exp()), percent((step.raw_logprob as f64).exp()))}</p>
                            <ol class="alternatives">
                                {step.top.iter().map(|a| {
                                    let token = a.token;
                                    let chosen = token == step.token;
                                    view! {
                                        <li class:chosen=chosen>
                                            <span class="chip">{label(token)}</span>
                                            <span class="hint">{format!(" model {} · pipeline {}", percent((a.raw_logprob as f64).exp()), percent((a.logprob as f64).exp()))}</span>
                                            {(!chosen).then(|| view! {
                                                <button class="branch" disabled=move || running
                                                    on:click=move |_| { open.set(None); on_branch.run((index, pos, token)) }>"continue from here with this"</button>
                                            })}
                                        </li>
                                    }
                                }).collect::<Vec<_>>()}
                            </ol>
                        </div>
                    })}
                    <p class="choice-text" hidden=hidden>{choice.text()}</p>
                </article>
            }
        })}
    }
}
