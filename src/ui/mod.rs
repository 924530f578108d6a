//! The page. Pure view models (`url_state`, `chart_model`, `export`) compile and are tested
//! natively; the leptos components exist only on wasm32.

pub mod chart_model;
pub mod export;
pub mod url_state;

#[cfg(target_arch = "wasm32")]
mod api;
#[cfg(target_arch = "wasm32")]
mod api_runner;
#[cfg(target_arch = "wasm32")]
mod app;
#[cfg(target_arch = "wasm32")]
mod bench_hooks;
#[cfg(target_arch = "wasm32")]
mod chart;
#[cfg(target_arch = "wasm32")]
mod controls;
#[cfg(target_arch = "wasm32")]
mod dom;
#[cfg(target_arch = "wasm32")]
mod explorer;
#[cfg(target_arch = "wasm32")]
mod pipeline;
#[cfg(target_arch = "wasm32")]
mod progress;
#[cfg(target_arch = "wasm32")]
mod prompt;

#[cfg(target_arch = "wasm32")]
pub use app::mount;
