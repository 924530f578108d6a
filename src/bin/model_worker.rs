//! The model worker binary: see `samplescope::model::worker`.

#[cfg(target_arch = "wasm32")]
fn main() {
    samplescope::model::worker::run();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("model_worker runs in a browser Web Worker; build it with `trunk build`.");
}
