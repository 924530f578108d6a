//! The page binary: mounts the leptos app (see `samplescope::ui`).

#[cfg(target_arch = "wasm32")]
fn main() {
    samplescope::ui::mount();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("samplescope is a web page: build it with `./x serve` (trunk), see README.md.");
}
