//! The page's handle on the model worker: `async` calls that resolve when the worker answers.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use futures_channel::oneshot;
use js_sys::{Float32Array, Reflect, Uint8Array};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{MessageEvent, MessagePort, SharedWorker, Worker, WorkerOptions, WorkerType};

use super::protocol::{FromWorker, LoadStage, LoadTimings, Measurement, ToWorker};

/// What loading reports to the page.
#[derive(Clone, Debug)]
pub enum LoadEvent {
    Progress {
        stage: LoadStage,
        done: f64,
        total: f64,
    },
    Loaded {
        tokenizer_json: Vec<u8>,
        timings: LoadTimings,
    },
    Failed(String),
    /// The worker ended (it panicked, threw, closed or was killed): every call fails from here
    /// on, and the page has to start another worker.
    Died(String),
}

/// A worker's answer: logits, a measured value, or nothing; `ms` is the worker's own time.
#[derive(Debug, Default)]
struct Answer {
    logits: Option<Vec<f32>>,
    value: Option<f64>,
    ms: f64,
}

type Reply = Result<Answer, String>;

struct Pending {
    next_id: u32,
    waiting: HashMap<u32, oneshot::Sender<Reply>>,
    /// Messages held back until the worker says it listens (`None` once it has).
    unsent: Option<Vec<JsValue>>,
    /// Why the worker ended, once it has.
    dead: Option<String>,
}

/// Where the page's messages go: its own worker, or its port on a shared one.
#[derive(Clone)]
enum Channel {
    Dedicated(Worker),
    Shared(MessagePort),
}

impl Channel {
    fn post(&self, value: &JsValue) -> Result<(), JsValue> {
        match self {
            Channel::Dedicated(w) => w.post_message(value),
            Channel::Shared(p) => p.post_message(value),
        }
    }
}

/// Whether this browser has `SharedWorker` (Chrome for Android, for one, had none for years).
pub fn has_shared_worker() -> bool {
    Reflect::has(&js_sys::global(), &"SharedWorker".into()).unwrap_or(false)
}

/// Cheap to clone; all clones talk to the same worker.
#[derive(Clone)]
pub struct ModelClient {
    /// Swapped once, from a shared worker that failed to start to a dedicated one.
    worker: Rc<RefCell<Channel>>,
    pending: Rc<RefCell<Pending>>,
    /// Model runs so far: the page exposes it so tests can prove a slider never runs the model.
    runs: Rc<RefCell<u64>>,
    /// The worker's message handler, kept to listen to a replacement worker.
    on_message: Rc<Closure<dyn FnMut(MessageEvent)>>,
    on_load: Rc<dyn Fn(LoadEvent)>,
    /// The Web Lock the worker holds while it lives (see `www/lifeline.js`), one per client.
    lifeline: String,
}

#[wasm_bindgen(module = "/www/lifeline.js")]
extern "C" {
    #[wasm_bindgen(js_name = whenReleased)]
    fn when_released(name: &str, ended: &js_sys::Function);
}

fn dedicated(url: &str) -> Result<Worker, String> {
    let options = WorkerOptions::new();
    options.set_type(WorkerType::Module);
    Worker::new_with_options(url, &options).map_err(|e| format!("could not start the model worker: {e:?}"))
}

impl ModelClient {
    /// Starts the worker script at `url` (an ES module); `on_load` receives loading events.
    pub fn spawn(url: &str, on_load: impl Fn(LoadEvent) + 'static) -> Result<ModelClient, String> {
        Self::over(Channel::Dedicated(dedicated(url)?), on_load)
    }

    /// Connects to the shared worker at `url`, started by the first page of this origin that
    /// asks for it (the embeds of one docs page share it). A browser may refuse a shared
    /// worker (Chromium does in a third-party iframe when third-party storage is blocked): if
    /// it fails before it starts, the page starts its own worker from `fallback_url` and
    /// `on_fallback` is told.
    pub fn connect_shared(
        url: &str,
        fallback_url: &str,
        on_load: impl Fn(LoadEvent) + 'static,
        on_fallback: impl Fn() + 'static,
    ) -> Result<ModelClient, String> {
        let options = WorkerOptions::new();
        options.set_type(WorkerType::Module);
        options.set_name("samplescope-model");
        let shared = SharedWorker::new_with_worker_options(url, &options)
            .map_err(|e| format!("could not start the shared model worker: {e:?}"))?;
        let client = Self::over(Channel::Shared(shared.port()), on_load)?;
        let (replacing, fallback_url) = (client.clone(), fallback_url.to_string());
        let on_error = Closure::<dyn FnMut()>::new(move || {
            let started = replacing.pending.borrow().unsent.is_none();
            if matches!(*replacing.worker.borrow(), Channel::Dedicated(_)) {
                return;
            }
            if started {
                return replacing.die("the shared model worker reported an error".into());
            }
            match dedicated(&fallback_url) {
                Ok(worker) => {
                    worker.set_onmessage(Some(replacing.on_message.as_ref().as_ref().unchecked_ref()));
                    replacing.watch_dedicated(&worker);
                    *replacing.worker.borrow_mut() = Channel::Dedicated(worker);
                    on_fallback();
                }
                Err(e) => replacing.die(e),
            }
        });
        shared.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        on_error.forget();
        // A shared worker outlives this page: tell it to free this page's caches.
        let goodbye = client.clone();
        let on_hide = Closure::<dyn FnMut()>::new(move || goodbye.send(&ToWorker::Goodbye));
        let _ = web_sys::window()
            .expect("a window")
            .add_event_listener_with_callback("pagehide", on_hide.as_ref().unchecked_ref());
        on_hide.forget();
        Ok(client)
    }

    /// Whether the page talks to a shared worker.
    pub fn is_shared(&self) -> bool {
        matches!(*self.worker.borrow(), Channel::Shared(_))
    }

    fn over(worker: Channel, on_load: impl Fn(LoadEvent) + 'static) -> Result<ModelClient, String> {
        let pending = Rc::new(RefCell::new(Pending {
            next_id: 1,
            waiting: HashMap::new(),
            unsent: Some(Vec::new()),
            dead: None,
        }));
        let replies = pending.clone();
        let worker = Rc::new(RefCell::new(worker));
        let port = worker.clone();
        let on_load: Rc<dyn Fn(LoadEvent)> = Rc::new(on_load);
        let told = on_load.clone();
        // The message handler is made before the client it belongs to; it reaches the client
        // (to declare the worker dead) through this cell.
        let this: Rc<RefCell<Option<ModelClient>>> = Rc::new(RefCell::new(None));
        let me = this.clone();
        let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
            let value = event.data();
            let data = Reflect::get(&value, &"data".into()).ok().filter(|d| !d.is_undefined());
            let msg = Reflect::get(&value, &"msg".into()).unwrap_or(JsValue::UNDEFINED);
            let msg: FromWorker = match serde_wasm_bindgen::from_value(msg) {
                Ok(msg) => msg,
                Err(e) => return on_load(LoadEvent::Failed(format!("unexpected message from the model worker: {e}"))),
            };
            let reply = |id: u32, r: Reply| {
                if let Some(tx) = replies.borrow_mut().waiting.remove(&id) {
                    let _ = tx.send(r);
                }
            };
            match msg {
                FromWorker::Started => {
                    let unsent = replies.borrow_mut().unsent.take().unwrap_or_default();
                    for value in unsent {
                        if let Err(e) = port.borrow().post(&value) {
                            web_sys::console::error_2(&"postMessage to the model worker failed".into(), &e);
                        }
                    }
                    if let Some(client) = me.borrow().as_ref() {
                        client.send(&ToWorker::Lifeline { name: client.lifeline.clone() });
                    }
                }
                FromWorker::LifelineHeld { held } => {
                    if let (true, Some(client)) = (held, me.borrow().clone()) {
                        let name = client.lifeline.clone();
                        let ended = Closure::once_into_js(move || client.die("the model worker stopped".into()));
                        when_released(&name, &ended.unchecked_into());
                    }
                }
                FromWorker::Crashed { message } => {
                    if let Some(client) = me.borrow().clone() {
                        client.die(format!("the model worker crashed: {message}"));
                    }
                }
                FromWorker::Progress { stage, done, total } => on_load(LoadEvent::Progress { stage, done, total }),
                FromWorker::Loaded { timings } => {
                    let bytes = data.map(|d| d.unchecked_into::<Uint8Array>().to_vec()).unwrap_or_default();
                    on_load(LoadEvent::Loaded { tokenizer_json: bytes, timings })
                }
                FromWorker::LoadFailed { message } => on_load(LoadEvent::Failed(message)),
                FromWorker::Logits { id, ms, .. } => {
                    let logits = data.map(|d| d.unchecked_into::<Float32Array>().to_vec()).unwrap_or_default();
                    reply(id, Ok(Answer { logits: Some(logits), ms, ..Answer::default() }))
                }
                FromWorker::Done { id } => reply(id, Ok(Answer::default())),
                FromWorker::Measured { id, value } => reply(id, Ok(Answer { value: Some(value), ..Answer::default() })),
                FromWorker::Failed { id, message } => reply(id, Err(message)),
            }
        });
        let client = ModelClient {
            worker: worker.clone(),
            pending,
            runs: Rc::new(RefCell::new(0)),
            on_message: Rc::new(on_message),
            on_load: told,
            lifeline: format!("samplescope-model-worker-{}", js_sys::Math::random().to_bits()),
        };
        *this.borrow_mut() = Some(client.clone());
        match &*worker.borrow() {
            Channel::Dedicated(w) => {
                w.set_onmessage(Some(client.on_message.as_ref().as_ref().unchecked_ref()));
                client.watch_dedicated(w);
            }
            Channel::Shared(p) => {
                p.set_onmessage(Some(client.on_message.as_ref().as_ref().unchecked_ref()));
                p.start();
            }
        }
        Ok(client)
    }

    /// A dedicated worker's uncaught error (its script missing, a throw) ends it for the page.
    fn watch_dedicated(&self, worker: &Worker) {
        let client = self.clone();
        let on_error = Closure::<dyn FnMut(web_sys::ErrorEvent)>::new(move |e: web_sys::ErrorEvent| {
            let message = e.message();
            client.die(if message.is_empty() {
                "the model worker failed to start or threw an error".into()
            } else {
                format!("the model worker threw an error: {message}")
            });
        });
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        on_error.forget();
    }

    /// Fails every call in flight and every later one with `message`, once, and tells the page.
    fn die(&self, message: String) {
        let waiting = {
            let mut p = self.pending.borrow_mut();
            if p.dead.is_some() {
                return;
            }
            p.dead = Some(message.clone());
            p.unsent = None;
            std::mem::take(&mut p.waiting)
        };
        for (_, tx) in waiting {
            let _ = tx.send(Err(message.clone()));
        }
        if let Channel::Dedicated(w) = &*self.worker.borrow() {
            w.terminate();
        }
        (self.on_load)(LoadEvent::Died(message));
    }

    /// Why the worker ended, if it has.
    pub fn dead(&self) -> Option<String> {
        self.pending.borrow().dead.clone()
    }

    fn send(&self, msg: &ToWorker) {
        if self.pending.borrow().dead.is_some() {
            return;
        }
        let value = serde_wasm_bindgen::to_value(msg).expect("serialisable message");
        if let Some(unsent) = self.pending.borrow_mut().unsent.as_mut() {
            unsent.push(value);
            return;
        }
        if let Err(e) = self.worker.borrow().post(&value) {
            web_sys::console::error_2(&"postMessage to the model worker failed".into(), &e);
        }
    }

    /// Asks the worker to (re)load the model of `manifest` in the directory `base`.
    pub fn load(&self, base: &str, manifest: &str) {
        self.send(&ToWorker::Load { base: base.to_string(), manifest: manifest.to_string() });
    }

    async fn call(&self, make: impl FnOnce(u32) -> ToWorker) -> Reply {
        let (tx, rx) = oneshot::channel();
        let id = {
            let mut p = self.pending.borrow_mut();
            if let Some(dead) = &p.dead {
                return Err(dead.clone());
            }
            let id = p.next_id;
            p.next_id += 1;
            p.waiting.insert(id, tx);
            id
        };
        self.send(&make(id));
        rx.await.unwrap_or_else(|_| Err("the model worker went away".into()))
    }

    /// Rewinds cache `slot` to `keep` tokens, feeds `tokens`, returns the next-token logits.
    pub async fn forward(&self, slot: u32, keep: usize, tokens: Vec<u32>) -> Result<Vec<f32>, String> {
        self.forward_timed(slot, keep, tokens).await.map(|(logits, _)| logits)
    }

    /// As [`Self::forward`], with the worker's own compute time in milliseconds.
    pub async fn forward_timed(&self, slot: u32, keep: usize, tokens: Vec<u32>) -> Result<(Vec<f32>, f64), String> {
        *self.runs.borrow_mut() += 1;
        let answer = self.call(|id| ToWorker::Forward { id, slot, keep, tokens }).await?;
        Ok((answer.logits.ok_or("the model worker sent no logits")?, answer.ms))
    }

    /// A benchmark measurement taken inside the worker.
    pub async fn measure(&self, what: Measurement) -> Result<f64, String> {
        let answer = self.call(|id| ToWorker::Measure { id, what }).await?;
        answer.value.ok_or_else(|| "the model worker sent no value".into())
    }

    /// Copies cache `from` to `to`.
    pub async fn fork(&self, from: u32, to: u32) -> Result<(), String> {
        self.call(|id| ToWorker::Fork { id, from, to }).await.map(|_| ())
    }

    pub fn release(&self, slot: u32) {
        self.send(&ToWorker::Release { slot });
    }

    /// How many forward passes the page has asked for.
    pub fn runs(&self) -> u64 {
        *self.runs.borrow()
    }
}
