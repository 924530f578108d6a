//! Small browser helpers the components share.

use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

pub fn window() -> web_sys::Window {
    web_sys::window().expect("a window")
}

/// The page's settings as a query string, e.g. `?prompt=…`: from the address's query, or from
/// its fragment when that starts with `#?` (where [`replace_query`] keeps a long link).
pub fn query() -> String {
    let location = window().location();
    let hash = location.hash().unwrap_or_default();
    match hash.strip_prefix('#') {
        Some(state) if state.starts_with('?') => state.to_owned(),
        _ => location.search().unwrap_or_default(),
    }
}

/// Links whose query is longer than this keep it in the fragment: servers answer long
/// addresses with HTTP 414 (common hosts stop at 8–16 KB) and never receive the fragment.
pub const LONG_LINK_BYTES: usize = 8 * 1024;

/// The address (relative to the page) that carries `query`: `?…` for a short link, and the
/// page's path then `#?…` for a long one.
fn address_of(query: &str) -> String {
    if query.len() <= LONG_LINK_BYTES {
        return if query.is_empty() { window().location().pathname().unwrap_or_default() } else { query.to_owned() };
    }
    format!("{}#{query}", window().location().pathname().unwrap_or_default())
}

/// Whether the address bar already carries `query`, in the form [`address_of`] writes.
fn address_holds(query: &str) -> bool {
    let location = window().location();
    let (search, hash) = (location.search().unwrap_or_default(), location.hash().unwrap_or_default());
    if query.len() <= LONG_LINK_BYTES {
        search == query && hash.is_empty()
    } else {
        search.is_empty() && hash.get(1..) == Some(query)
    }
}

/// Replaces the address bar's query without adding a history entry, at most once per
/// [`QUERY_WRITE_DELAY_MS`]: `history.replaceState` is slow in Chromium (a good part of a frame,
/// BENCHMARKS.md), and a dragged slider fires an input event per frame. The latest query is written when the
/// drag pauses, and at once when the page is hidden, so nothing is lost.
pub fn replace_query(query: &str) {
    PENDING_QUERY.with_borrow_mut(|pending| {
        let first = pending.is_none();
        *pending = Some(query.to_owned());
        if first {
            let flush = Closure::once_into_js(flush_query);
            let _ = window()
                .set_timeout_with_callback_and_timeout_and_arguments_0(flush.unchecked_ref(), QUERY_WRITE_DELAY_MS);
        }
    });
    FLUSH_ON_HIDE.with(|installed| {
        if !installed.replace(true) {
            let flush = Closure::<dyn Fn()>::new(flush_query);
            let _ = window().add_event_listener_with_callback("pagehide", flush.as_ref().unchecked_ref());
            flush.forget();
        }
    });
}

pub const QUERY_WRITE_DELAY_MS: i32 = 150;

thread_local! {
    static PENDING_QUERY: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
    static FLUSH_ON_HIDE: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

fn flush_query() {
    let Some(query) = PENDING_QUERY.with_borrow_mut(Option::take) else { return };
    if address_holds(&query) {
        return;
    }
    if let Ok(history) = window().history() {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&address_of(&query)));
    }
}

/// Adds a history entry for `next` (a demo, a preset, a tour chapter), after writing `current`
/// into the entry being left, so the browser's Back returns to exactly what the reader had,
/// typed text included, even within the delay of [`replace_query`].
pub fn push_query(current: &str, next: &str) {
    PENDING_QUERY.with_borrow_mut(|pending| *pending = None);
    let Ok(history) = window().history() else { return };
    if !address_holds(current) {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&address_of(current)));
    }
    if current != next {
        let _ = history.push_state_with_url(&JsValue::NULL, "", Some(&address_of(next)));
    }
}

/// Calls `restore` with the query of the entry the browser moved to (Back, Forward). A link
/// still waiting to be written belonged to the entry left, so it is dropped, not written here.
pub fn on_history_move(restore: impl Fn(String) + 'static) {
    let listener = Closure::<dyn Fn()>::new(move || {
        PENDING_QUERY.with_borrow_mut(|pending| *pending = None);
        restore(query());
    });
    let _ = window().add_event_listener_with_callback("popstate", listener.as_ref().unchecked_ref());
    listener.forget();
}

/// Offers `text` as a file download.
pub fn download(filename: &str, mime: &str, text: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(|e| format!("{e:?}"))?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|e| format!("{e:?}"))?;
    let document = window().document().ok_or("no document")?;
    let a: web_sys::HtmlAnchorElement = document.create_element("a").map_err(|e| format!("{e:?}"))?.unchecked_into();
    a.set_href(&url);
    a.set_download(filename);
    a.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// Resolves after `ms` milliseconds (lets the browser paint between generated tokens).
pub async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

pub fn now_ms() -> f64 {
    window().performance().map(|p| p.now()).unwrap_or(0.0)
}

/// A random seed in 0..2^31 (short enough to read and type).
pub fn random_seed() -> u64 {
    let mut buf = [0u8; 4];
    getrandom::fill(&mut buf).expect("getrandom");
    (u32::from_le_bytes(buf) >> 1) as u64
}

/// Sets `<html lang>`, so screen readers and fonts follow the page's language.
pub fn set_document_lang(code: &str) {
    if let Some(root) = window().document().and_then(|d| d.document_element()) {
        let _ = root.set_attribute("lang", code);
    }
}

/// Sets `<html data-theme>` (the stylesheet's override of the system's colour scheme), or
/// removes it to follow the system again.
pub fn set_document_theme(theme: Option<&str>) {
    if let Some(root) = window().document().and_then(|d| d.document_element()) {
        let _ = match theme {
            Some(theme) => root.set_attribute("data-theme", theme),
            None => root.remove_attribute("data-theme"),
        };
    }
}

/// Focuses the first element matching `selector` once the view has caught up (after a
/// re-render that replaced the focused element).
pub fn focus_later(selector: String) {
    let focus = Closure::once_into_js(move || {
        let element = window().document().and_then(|d| d.query_selector(&selector).ok().flatten());
        if let Some(element) = element.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
            let _ = element.focus();
        }
    });
    let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(focus.unchecked_ref(), 0);
}

// web-sys has `DecompressionStream` only behind its unstable APIs.
#[wasm_bindgen(inline_js = r#"
export async function fetchGunzipped(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const stream = response.body.pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}"#)]
extern "C" {
    #[wasm_bindgen(js_name = fetchGunzipped, catch)]
    async fn fetch_gunzipped(url: &str) -> Result<JsValue, JsValue>;
}

/// The body of `url`, gunzipped by the browser's `DecompressionStream` when `gzip` (the model
/// files and snapshots are stored as .gz and sent as they are).
pub async fn fetch_bytes(url: &str, gzip: bool) -> Result<Vec<u8>, String> {
    use wasm_bindgen_futures::JsFuture;
    let failed = |e: JsValue| {
        let why = e.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())).unwrap_or_else(|| format!("{e:?}"));
        format!("could not download {url}: {why}")
    };
    if gzip {
        let bytes = fetch_gunzipped(url).await.map_err(failed)?;
        return Ok(bytes.unchecked_into::<js_sys::Uint8Array>().to_vec());
    }
    let response: web_sys::Response =
        JsFuture::from(window().fetch_with_str(url)).await.map_err(failed)?.unchecked_into();
    if !response.ok() {
        return Err(format!("could not download {url}: HTTP {}", response.status()));
    }
    let buffer = JsFuture::from(response.array_buffer().map_err(failed)?).await.map_err(failed)?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// Tells the page embedding this one (if any) how tall the content is: `{type:
/// "samplescope:resize", height}`, each time it changes (README: the host script).
pub fn post_height_to_parent(element: &web_sys::HtmlElement) {
    let window = window();
    let Ok(Some(parent)) = window.parent() else { return };
    if parent == window {
        return;
    }
    let last = std::rc::Rc::new(std::cell::Cell::new(-1));
    let target = element.clone();
    let report = Closure::<dyn FnMut()>::new(move || {
        let height = target.offset_height();
        if height != last.replace(height) {
            let message = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&message, &"type".into(), &"samplescope:resize".into());
            let _ = js_sys::Reflect::set(&message, &"height".into(), &height.into());
            let _ = parent.post_message(&message, "*");
        }
    });
    if let Ok(observer) = web_sys::ResizeObserver::new(report.as_ref().unchecked_ref()) {
        observer.observe(element);
    }
    report.forget();
}

/// The page's own address without its query (what an embed snippet points at).
pub fn page_url() -> String {
    let location = window().location();
    format!("{}{}", location.origin().unwrap_or_default(), location.pathname().unwrap_or_default())
}

/// Copies `text` to the clipboard.
pub async fn copy_text(text: &str) -> Result<(), String> {
    let promise = window().navigator().clipboard().write_text(text);
    wasm_bindgen_futures::JsFuture::from(promise).await.map(|_| ()).map_err(|e| format!("{e:?}"))
}
