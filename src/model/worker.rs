//! The model worker: owns the tract model and the key/value caches, answers [`ToWorker`]
//! messages. Runs in a Web Worker (`src/bin/model_worker.rs`) so that loading and running the
//! model never blocks the page: a dedicated one for the page, or a `SharedWorker` that every
//! embed of one docs page connects to, so they share one download and one model in memory.
//! Each connection is a client with cache slots of its own.

use std::cell::RefCell;
use std::collections::HashMap;

use js_sys::{Array, Float32Array, Function, Reflect, Uint8Array};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{DedicatedWorkerGlobalScope, MessagePort, WorkerGlobalScope};

use super::protocol::{FromWorker, LoadStage, LoadTimings, Manifest, Measurement, ToWorker};
use super::{KvCache, Model};

#[wasm_bindgen(module = "/www/lifeline.js")]
extern "C" {
    #[wasm_bindgen(js_name = holdForLife)]
    async fn hold_for_life(name: &str) -> JsValue;
}

#[wasm_bindgen(module = "/www/fetch_verified.js")]
extern "C" {
    #[wasm_bindgen(js_name = fetchVerified, catch)]
    async fn fetch_verified(
        url: &str,
        sha256: &str,
        transfer_bytes: f64,
        on_progress: &Function,
    ) -> Result<JsValue, JsValue>;
}

/// Where a client's answers go: the dedicated worker's own scope, or a shared worker's port.
#[derive(Clone)]
enum Client {
    Scope,
    Port { id: u32, port: MessagePort },
}

impl Client {
    fn id(&self) -> u32 {
        match self {
            Client::Scope => 0,
            Client::Port { id, .. } => *id,
        }
    }

    /// Posts `{ msg, data }`: the serde message, and a typed array transferred alongside it.
    fn post(&self, msg: &FromWorker, data: Option<&JsValue>) {
        let value = js_sys::Object::new();
        let msg = serde_wasm_bindgen::to_value(msg).expect("serialisable message");
        Reflect::set(&value, &"msg".into(), &msg).expect("object");
        let transfer = Array::new();
        if let Some(data) = data {
            Reflect::set(&value, &"data".into(), data).expect("object");
            if let Ok(buffer) = Reflect::get(data, &"buffer".into()) {
                transfer.push(&buffer);
            }
        }
        let posted = match self {
            Client::Scope => js_sys::global()
                .unchecked_into::<DedicatedWorkerGlobalScope>()
                .post_message_with_transfer(&value, &transfer),
            Client::Port { port, .. } => port.post_message_with_transferable(&value, &transfer),
        };
        if let Err(e) = posted {
            web_sys::console::error_2(&"model worker: postMessage failed".into(), &e);
        }
    }
}

/// The loaded model's files, kept so a client connecting later gets them without a reload.
struct Loaded {
    source: (String, String),
    tokenizer: Vec<u8>,
    timings: LoadTimings,
}

#[derive(Default)]
struct WorkerState {
    model: Option<Model>,
    loaded: Option<Loaded>,
    /// Cache slots by (client, slot).
    caches: HashMap<(u32, u32), KvCache>,
    loading: bool,
    /// Clients waiting for the load in progress (they all see its progress).
    waiting: Vec<Client>,
    /// A shared worker keeps the model loaded for every client.
    shared: bool,
    next_client: u32,
}

thread_local! {
    static STATE: RefCell<WorkerState> = RefCell::new(WorkerState::default());
    /// Every client, apart from `STATE` so that a panic while it is borrowed can still tell them.
    static CLIENTS: RefCell<Vec<Client>> = const { RefCell::new(Vec::new()) };
}

/// A panic leaves the wasm unusable: say so to every client before the trap.
fn report_panics() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        let crashed = FromWorker::Crashed { message: info.to_string() };
        let _ = CLIENTS.try_with(|clients| {
            if let Ok(clients) = clients.try_borrow() {
                clients.iter().for_each(|c| c.post(&crashed, None));
            }
        });
    }));
}

fn now() -> f64 {
    js_sys::global().unchecked_into::<WorkerGlobalScope>().performance().map(|p| p.now()).unwrap_or(0.0)
}

/// Tells every client waiting for the load.
fn broadcast(msg: &FromWorker) {
    for client in STATE.with_borrow(|s| s.waiting.clone()) {
        client.post(msg, None);
    }
}

fn js_error(e: JsValue) -> String {
    e.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())).unwrap_or_else(|| format!("{e:?}"))
}

fn listen(client: Client) -> Closure<dyn FnMut(web_sys::MessageEvent)> {
    Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
        match serde_wasm_bindgen::from_value::<ToWorker>(event.data()) {
            Ok(msg) => handle(&client, msg),
            Err(e) => web_sys::console::error_1(&format!("model worker: bad message: {e}").into()),
        }
    })
}

fn connect(port: MessagePort) {
    let id = STATE.with_borrow_mut(|s| {
        s.next_client += 1;
        s.next_client
    });
    let client = Client::Port { id, port: port.clone() };
    CLIENTS.with_borrow_mut(|c| c.push(client.clone()));
    let on_message = listen(client.clone());
    port.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    port.start();
    client.post(&FromWorker::Started, None);
}

/// Entry point of the worker binary. In a `SharedWorker` (`onconnect` exists) every
/// connection is a client; `www/model_shared_worker.js` keeps the ports that connected while
/// the wasm was compiling in `samplescopePorts`.
pub fn run() {
    report_panics();
    let global = js_sys::global();
    if Reflect::has(&global, &"onconnect".into()).unwrap_or(false) {
        STATE.with_borrow_mut(|s| s.shared = true);
        let early = Reflect::get(&global, &"samplescopePorts".into()).ok().filter(|p| p.is_object());
        let on_connect = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(|event: web_sys::MessageEvent| {
            if let Ok(port) = event.ports().get(0).dyn_into::<MessagePort>() {
                connect(port);
            }
        });
        Reflect::set(&global, &"onconnect".into(), on_connect.as_ref()).expect("global scope");
        on_connect.forget();
        if let Some(early) = early {
            for port in early.unchecked_into::<Array>().iter() {
                if let Ok(port) = port.dyn_into::<MessagePort>() {
                    connect(port);
                }
            }
        }
        return;
    }
    let scope: DedicatedWorkerGlobalScope = global.unchecked_into();
    CLIENTS.with_borrow_mut(|c| c.push(Client::Scope));
    let on_message = listen(Client::Scope);
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    Client::Scope.post(&FromWorker::Started, None);
}

fn handle(client: &Client, msg: ToWorker) {
    let me = client.id();
    match msg {
        ToWorker::Load { base, manifest } => {
            let source = (base.clone(), manifest.clone());
            let reuse = STATE.with_borrow(|s| {
                s.loaded.as_ref().filter(|l| s.shared && !s.loading && l.source == source).map(|l| {
                    let mut timings = l.timings.clone();
                    timings.fetch_ms = 0.0;
                    timings.init_ms = 0.0;
                    timings.transferred_bytes = 0.0;
                    timings.from_cache = true;
                    (Uint8Array::from(&l.tokenizer[..]), timings)
                })
            });
            if let Some((tokenizer, timings)) = reuse {
                client.post(&FromWorker::Loaded { timings }, Some(&tokenizer.into()));
                return;
            }
            let already = STATE.with_borrow_mut(|s| {
                if !s.waiting.iter().any(|c| c.id() == me) {
                    s.waiting.push(client.clone());
                }
                std::mem::replace(&mut s.loading, true)
            });
            if !already {
                wasm_bindgen_futures::spawn_local(async move {
                    if let Err(message) = load(&base, &manifest).await {
                        broadcast(&FromWorker::LoadFailed { message });
                    }
                    STATE.with_borrow_mut(|s| {
                        s.loading = false;
                        s.waiting.clear();
                    });
                });
            }
        }
        ToWorker::Forward { id, slot, keep, tokens } => {
            let start = now();
            let result = STATE.with_borrow_mut(|s| {
                let WorkerState { model, caches, .. } = s;
                let model = model.as_mut().ok_or("the model is not loaded yet")?;
                let cache = caches.entry((me, slot)).or_insert_with(KvCache::empty);
                if keep > cache.len() {
                    return Err(format!("cache {slot} holds {} tokens, cannot keep {keep}", cache.len()));
                }
                cache.truncate(keep).map_err(|e| e.to_string())?;
                let logits = model.forward(cache, &tokens).map_err(|e| format!("{e:#}"))?;
                Ok((logits, cache.len()))
            });
            match result {
                Ok((logits, cache_len)) => {
                    let ms = now() - start;
                    let data = Float32Array::from(&logits[..]);
                    client.post(&FromWorker::Logits { id, ms, cache_len }, Some(&data.into()));
                }
                Err(message) => client.post(&FromWorker::Failed { id, message }, None),
            }
        }
        ToWorker::Fork { id, from, to } => {
            STATE.with_borrow_mut(|s| {
                let copy = s.caches.get(&(me, from)).cloned().unwrap_or_else(KvCache::empty);
                s.caches.insert((me, to), copy);
            });
            client.post(&FromWorker::Done { id }, None);
        }
        ToWorker::Release { slot } => {
            STATE.with_borrow_mut(|s| s.caches.remove(&(me, slot)));
        }
        ToWorker::Lifeline { name } => {
            let client = client.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let held = hold_for_life(&name).await.as_bool().unwrap_or(false);
                client.post(&FromWorker::LifelineHeld { held }, None);
            });
        }
        ToWorker::Goodbye => {
            STATE.with_borrow_mut(|s| {
                s.caches.retain(|(client, _), _| *client != me);
                s.waiting.retain(|c| c.id() != me);
            });
            CLIENTS.with_borrow_mut(|c| c.retain(|c| c.id() != me));
        }
        ToWorker::Measure { id, what } => {
            let value = match what {
                Measurement::MemoryBytes => wasm_bindgen::memory()
                    .unchecked_into::<js_sys::WebAssembly::Memory>()
                    .buffer()
                    .unchecked_into::<js_sys::ArrayBuffer>()
                    .byte_length() as f64,
                Measurement::CopyBandwidth { bytes, reps } => copy_bandwidth(bytes as usize, reps.max(1)),
                Measurement::CacheSlots => STATE.with_borrow(|s| s.caches.len()) as f64,
                Measurement::Clients => STATE.with_borrow(|s| if s.shared { s.next_client } else { 1 }) as f64,
            };
            client.post(&FromWorker::Measured { id, value }, None);
        }
    }
}

/// Best-of-`reps` bytes/second of copying `bytes` bytes between two buffers in wasm memory:
/// the ceiling for streaming the weights once per token.
fn copy_bandwidth(bytes: usize, reps: u32) -> f64 {
    let src: Vec<u8> = (0..bytes).map(|i| i as u8).collect();
    let mut dst = vec![0u8; bytes];
    let mut best = f64::INFINITY;
    for _ in 0..reps {
        let t = now();
        dst.copy_from_slice(&src);
        best = best.min(now() - t);
        std::hint::black_box(&dst);
    }
    bytes as f64 / (best.max(1e-3) / 1000.0)
}

async fn fetch_json(url: &str) -> Result<Manifest, String> {
    let response = wasm_bindgen_futures::JsFuture::from(
        js_sys::global().unchecked_into::<WorkerGlobalScope>().fetch_with_str(url),
    )
    .await
    .map_err(|e| format!("could not download {url}: {}", js_error(e)))?;
    let response: web_sys::Response = response.unchecked_into();
    if !response.ok() {
        return Err(format!("could not download {url}: HTTP {}", response.status()));
    }
    let text = wasm_bindgen_futures::JsFuture::from(response.text().map_err(js_error)?).await.map_err(js_error)?;
    serde_json::from_str(&text.as_string().unwrap_or_default()).map_err(|e| format!("{url}: {e}"))
}

/// Downloads (or reads from the Cache API), verifies and initialises the model, reporting
/// progress; on success posts `Loaded` with the tokenizer bytes.
async fn load(base: &str, manifest_name: &str) -> Result<(), String> {
    let started = now();
    let source = (base.to_string(), manifest_name.to_string());
    broadcast(&FromWorker::Progress { stage: LoadStage::Manifest, done: 0.0, total: 0.0 });
    let base = base.trim_end_matches('/');
    let manifest = fetch_json(&format!("{base}/{manifest_name}")).await?;
    let file = |name: &str| manifest.files.get(name).cloned().ok_or_else(|| format!("manifest.json lists no {name}"));
    let (model_file, tokenizer_file) = (file("model.onnx")?, file("tokenizer.json")?);
    let total = (model_file.transfer_bytes + tokenizer_file.transfer_bytes) as f64;

    let mut offset = 0.0;
    // Each file's bytes and the promise of its SHA-256 check.
    let mut fetched_files: Vec<(Uint8Array, js_sys::Promise)> = Vec::new();
    let mut from_cache = true;
    let mut transferred = 0.0;
    let mut not_stored = None;
    for f in [&tokenizer_file, &model_file] {
        let base_done = offset;
        let on_progress = Closure::<dyn FnMut(f64, f64, bool)>::new(move |done: f64, _t: f64, _c: bool| {
            broadcast(&FromWorker::Progress { stage: LoadStage::Download, done: base_done + done, total });
        });
        let result = fetch_verified(
            &format!("{base}/{}", f.url),
            &f.sha256,
            f.transfer_bytes as f64,
            on_progress.as_ref().unchecked_ref(),
        )
        .await
        .map_err(js_error)?;
        let bytes: Uint8Array = Reflect::get(&result, &"bytes".into()).map_err(js_error)?.unchecked_into();
        from_cache &= Reflect::get(&result, &"fromCache".into()).ok().and_then(|v| v.as_bool()).unwrap_or(false);
        transferred += Reflect::get(&result, &"transferred".into()).ok().and_then(|v| v.as_f64()).unwrap_or(0.0);
        let why = Reflect::get(&result, &"notStored".into()).ok().and_then(|v| v.as_string());
        not_stored = not_stored.or(why.map(|why| format!("{}: {why}", f.url)));
        let verified: js_sys::Promise = Reflect::get(&result, &"verified".into()).map_err(js_error)?.unchecked_into();
        fetched_files.push((bytes, verified));
        offset += f.transfer_bytes as f64;
    }
    let fetched = now();
    broadcast(&FromWorker::Progress { stage: LoadStage::Verify, done: total, total });
    let (mut bytes_of, checks): (Vec<_>, Vec<_>) = fetched_files.into_iter().unzip();
    let model_bytes = bytes_of.pop().expect("model").to_vec();
    let tokenizer_bytes = bytes_of.pop().expect("tokenizer");

    let model = Model::load(&model_bytes, |stage| broadcast(&FromWorker::Progress { stage, done: total, total }));
    drop(model_bytes);
    // The SHA-256 checks ran alongside the initialisation (WebCrypto hashes off this thread);
    // a mismatch wins over whatever the model did with the bytes.
    for verified in checks {
        wasm_bindgen_futures::JsFuture::from(verified).await.map_err(js_error)?;
    }
    let model = model.map_err(|e| format!("the model could not be initialised: {e:#}"))?;
    STATE.with_borrow_mut(|s| {
        s.model = Some(model);
        s.caches.clear();
    });
    let timings = LoadTimings {
        fetch_ms: fetched - started,
        init_ms: now() - fetched,
        transferred_bytes: transferred,
        from_cache,
        format: manifest.format.clone(),
        model_sha256: model_file.sha256.clone(),
        not_stored,
    };
    let tokenizer = tokenizer_bytes.to_vec();
    let waiting = STATE.with_borrow_mut(|s| {
        s.loaded = Some(Loaded { source, tokenizer: tokenizer.clone(), timings: timings.clone() });
        std::mem::take(&mut s.waiting)
    });
    for client in waiting {
        client.post(&FromWorker::Loaded { timings: timings.clone() }, Some(&Uint8Array::from(&tokenizer[..]).into()));
    }
    Ok(())
}
