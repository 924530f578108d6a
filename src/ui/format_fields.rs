//! The API panel's structured-output fields: `response_format` and `tools` as JSON editors
//! with ready examples, `tool_choice`, `parallel_tool_calls`, and where the grammar's mask
//! sits. What is typed is kept as typed; each field names its own problem.

use leptos::prelude::*;

use crate::generation::MaskPlacement;
use crate::msg;
use crate::structured::examples;

use super::state::page;

#[component]
pub fn FormatFields() -> impl IntoView {
    let page = page();
    let settings = page.settings;
    let errors = Memo::new(move |_| settings.with(|s| s.api.structured().err().unwrap_or_default()));
    let error_for = move |param: &'static str| {
        move || {
            errors.with(|e| {
                let msgs: Vec<String> = e.iter().filter(|f| f.param == param).map(|f| page.say(&f.text())).collect();
                (!msgs.is_empty()).then(|| msgs.join("; "))
            })
        }
    };
    let shown_error = move |param: &'static str| {
        move || error_for(param)().map(|e| view! { <span class="field-error" role="alert">{e}</span> })
    };
    let format_example = move |id: String| {
        let text = examples::FORMATS.iter().find(|(i, _)| *i == id).map(|(_, t)| t.to_string()).unwrap_or_default();
        settings.update(|s| s.api.response_format = text);
    };
    view! {
        <fieldset class="format-fields">
            <legend>"response_format · tools · tool_choice"</legend>
            <p class="hint honest" id="api-format-honest">{move || page.t(msg!("api-format.honest"))}</p>
            <div class="field wide" class:invalid=move || error_for("response_format")().is_some()>
                <label for="api-response-format">"response_format"</label>
                <span class="examples">
                    <label for="api-format-example">{move || page.t(msg!("api-format-example"))}</label>
                    <select id="api-format-example" on:change=move |ev| format_example(event_target_value(&ev))>
                        <option value="" selected=true>{move || page.t(msg!("format-example-text"))}</option>
                        {examples::FORMATS.iter().map(|(id, _)| {
                            let label = crate::i18n::Text::dynamic(format!("format-example-{id}"));
                            view! { <option value=*id>{move || page.say(&label)}</option> }
                        }).collect::<Vec<_>>()}
                    </select>
                </span>
                <textarea id="api-response-format" rows="4" spellcheck="false" placeholder=r#"{"type": "json_object"}"#
                    aria-invalid=move || error_for("response_format")().is_some().to_string()
                    prop:value=move || settings.with(|s| s.api.response_format.clone())
                    on:input=move |ev| { let v = event_target_value(&ev); settings.update(|s| s.api.response_format = v) }></textarea>
                <span class="hint">{move || page.t(msg!("api-response-format.hint"))}</span>
                {shown_error("response_format")}
            </div>
            <div class="field wide" class:invalid=move || error_for("tools")().is_some()>
                <label for="api-tools">"tools"</label>
                <span class="examples">
                    <button id="api-tools-example" on:click=move |_| settings.update(|s| s.api.tools = examples::WEATHER_TOOLS.to_string())>
                        {move || page.t(msg!("api-tools-example"))}
                    </button>
                    <button id="api-tools-clear" on:click=move |_| settings.update(|s| { s.api.tools.clear(); s.api.tool_choice.clear(); })>
                        {move || page.t(msg!("api-tools-clear"))}
                    </button>
                </span>
                <textarea id="api-tools" rows="4" spellcheck="false" placeholder=r#"[{"type": "function", "function": {"name": …}}]"#
                    aria-invalid=move || error_for("tools")().is_some().to_string()
                    prop:value=move || settings.with(|s| s.api.tools.clone())
                    on:input=move |ev| { let v = event_target_value(&ev); settings.update(|s| s.api.tools = v) }></textarea>
                <span class="hint">{move || page.t(msg!("api-tools.hint"))}</span>
                {shown_error("tools")}
            </div>
            <div class="field" class:invalid=move || error_for("tool_choice")().is_some()>
                <label for="api-tool-choice">"tool_choice"</label>
                <input id="api-tool-choice" list="api-tool-choices" autocomplete="off" spellcheck="false"
                    placeholder=move || page.t(msg!("api-tool-choice.placeholder"))
                    aria-invalid=move || error_for("tool_choice")().is_some().to_string()
                    prop:value=move || settings.with(|s| s.api.tool_choice.clone())
                    on:input=move |ev| { let v = event_target_value(&ev); settings.update(|s| s.api.tool_choice = v) } />
                <datalist id="api-tool-choices">
                    <option value="auto"></option>
                    <option value="required"></option>
                    <option value="none"></option>
                    <option value=r#"{"type": "function", "function": {"name": "get_weather"}}"#></option>
                </datalist>
                <span class="hint">{move || page.t(msg!("api-tool-choice.hint"))}</span>
                {shown_error("tool_choice")}
            </div>
            <label class="check"><input type="checkbox" id="api-parallel-tool-calls"
                prop:checked=move || settings.with(|s| s.api.parallel_tool_calls)
                on:change=move |ev| { let on = event_target_checked(&ev); settings.update(|s| s.api.parallel_tool_calls = on) } />
                "parallel_tool_calls"</label>
            <div class="field">
                <label for="api-grammar-mask">{move || page.t(msg!("api-grammar-mask"))}</label>
                <select id="api-grammar-mask" on:change=move |ev| {
                    if let Some(m) = MaskPlacement::from_key(&event_target_value(&ev)) {
                        settings.update(|s| s.api.mask = m);
                    }
                }>
                    <option value="first" selected=move || settings.with(|s| s.api.mask == MaskPlacement::First)>
                        {move || page.t(msg!("api-grammar-mask-first"))}</option>
                    <option value="resample" selected=move || settings.with(|s| s.api.mask == MaskPlacement::Resample)>
                        {move || page.t(msg!("api-grammar-mask-resample"))}</option>
                </select>
                <span class="hint">{move || page.t(msg!("api-grammar-mask.hint"))}</span>
            </div>
        </fieldset>
    }
}
