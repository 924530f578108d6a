//! `window.samplescopeBench`, installed only when the page is opened with `?bench=1`: what the
//! browser benchmark (e2e/bench/browser_bench.mjs) calls to time the model without the UI.

use js_sys::{Array, Object, Reflect};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::future_to_promise;

use crate::model::protocol::Measurement;
use crate::sampling::{self, Context, History, OrderPreset, SamplingParams};

use super::state::Page;
use super::{dom, model_link};

fn set(obj: &Object, key: &str, value: &JsValue) {
    Reflect::set(obj, &key.into(), value).expect("object");
}

fn argmax(v: &[f32]) -> usize {
    (0..v.len()).max_by(|&a, &b| v[a].total_cmp(&v[b])).unwrap_or(0)
}

/// The tokenizer and the step (the cached logits of the shown context) are read at call time.
pub fn install(page: Page) {
    let (tokenizer, step) = (move || page.tokenizer.get_untracked(), move || page.step.get_untracked());
    let api = Object::new();

    // The same case as the native criterion benchmark `pipeline/hf order, T 0.8, top-k 40,
    // top-p 0.95`, over the page's real logits: returns every repetition's milliseconds.
    let pipeline = Closure::<dyn Fn(u32) -> JsValue>::new(move |reps: u32| {
        let Some(step) = step() else { return JsValue::NULL };
        let ctx = Context::new(History::of_context(&step.context, 8));
        let mut params = SamplingParams::default();
        (params.temperature.t, params.top_k.k, params.top_p.p) = (0.8, 40, 0.95);
        let order = OrderPreset::HuggingFace.order();
        let times = Array::new();
        for _ in 0..reps {
            let start = dom::now_ms();
            let run = sampling::run(&step.logits, &order, &params, &ctx);
            times.push(&(dom::now_ms() - start).into());
            std::hint::black_box(run);
        }
        times.into()
    });
    set(&api, "pipeline", pipeline.as_ref());
    pipeline.forget();

    let forward =
        Closure::<dyn Fn(u32, u32, JsValue) -> js_sys::Promise>::new(|slot: u32, keep: u32, tokens: JsValue| {
            let tokens: Vec<u32> = Array::from(&tokens).iter().filter_map(|v| v.as_f64()).map(|v| v as u32).collect();
            future_to_promise(async move {
                let client = model_link::client().ok_or("no model worker")?;
                let start = dom::now_ms();
                let (logits, worker_ms) =
                    client.forward_timed(slot, keep as usize, tokens).await.map_err(|e| JsValue::from_str(&e))?;
                let out = Object::new();
                set(&out, "workerMs", &worker_ms.into());
                set(&out, "wallMs", &(dom::now_ms() - start).into());
                set(&out, "argmax", &(argmax(&logits) as u32).into());
                Ok(out.into())
            })
        });
    set(&api, "forward", forward.as_ref());
    forward.forget();

    let measure = Closure::<dyn Fn(String, u32, u32) -> js_sys::Promise>::new(|kind: String, bytes: u32, reps: u32| {
        future_to_promise(async move {
            let client = model_link::client().ok_or("no model worker")?;
            let what = match kind.as_str() {
                "memory" => Measurement::MemoryBytes,
                "slots" => Measurement::CacheSlots,
                _ => Measurement::CopyBandwidth { bytes, reps },
            };
            client.measure(what).await.map(JsValue::from).map_err(|e| JsValue::from_str(&e))
        })
    });
    set(&api, "measure", measure.as_ref());
    measure.forget();

    let encode = Closure::<dyn Fn(String) -> JsValue>::new(move |text: String| {
        let ids = tokenizer().and_then(|t| t.encode(&text).ok()).unwrap_or_default();
        ids.into_iter().map(JsValue::from).collect::<Array>().into()
    });
    set(&api, "encode", encode.as_ref());
    encode.forget();

    let memory = Closure::<dyn Fn() -> f64>::new(|| {
        wasm_bindgen::memory()
            .unchecked_into::<js_sys::WebAssembly::Memory>()
            .buffer()
            .unchecked_into::<js_sys::ArrayBuffer>()
            .byte_length() as f64
    });
    set(&api, "pageMemoryBytes", memory.as_ref());
    memory.forget();

    let runs = Closure::<dyn Fn() -> f64>::new(|| model_link::model_runs() as f64);
    set(&api, "modelRuns", runs.as_ref());
    runs.forget();

    // Structured outputs: building llguidance's token trie, compiling each example's grammar,
    // and the mask at each of `steps` positions of a reply that takes, at every position, the
    // most probable allowed token under the shown context's logits (a real path through the
    // grammar without a forward pass per token). Milliseconds.
    let grammar = Closure::<dyn Fn(u32) -> JsValue>::new(move |steps: u32| {
        let (Some(tok), Some(step)) = (tokenizer(), step()) else { return JsValue::NULL };
        let out = Object::new();
        let start = dom::now_ms();
        let Ok(compiler) = crate::structured::Compiler::new(tok.clone()) else { return JsValue::NULL };
        set(&out, "trieMs", &(dom::now_ms() - start).into());
        let examples = Object::new();
        for (name, structured) in crate::structured::examples::all() {
            let start = dom::now_ms();
            let Ok(Some(mut state)) = compiler.compile(&structured) else { continue };
            let compile_ms = dom::now_ms() - start;
            let masks = Array::new();
            for _ in 0..steps {
                let start = dom::now_ms();
                let Ok(mask) = state.mask(step.logits.len()) else { break };
                masks.push(&(dom::now_ms() - start).into());
                let Some(next) =
                    mask.ids().max_by(|&a, &b| step.logits[a as usize].total_cmp(&step.logits[b as usize]))
                else {
                    break;
                };
                if crate::generation::is_end(next) || state.consume(next).is_err() {
                    break;
                }
            }
            let e = Object::new();
            set(&e, "compileMs", &compile_ms.into());
            set(&e, "maskMs", &masks.into());
            set(&examples, &name, &e.into());
        }
        set(&out, "examples", &examples.into());
        out.into()
    });
    set(&api, "grammar", grammar.as_ref());
    grammar.forget();

    set(&dom::window(), "samplescopeBench", &api);
}
