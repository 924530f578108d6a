//! The page. The state as data (`settings`, `query`, `analysis`) and the view models
//! (`chart_model`, `export`) compile and are tested natively; the leptos components exist only
//! on wasm32.

pub mod analysis;
pub mod chart_model;
pub mod embed;
pub mod export;
pub mod lessons;
pub mod nucleus;
pub mod query;
pub mod settings;
pub mod two_settings;

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
mod compare;
#[cfg(target_arch = "wasm32")]
mod controls;
#[cfg(target_arch = "wasm32")]
mod dom;
#[cfg(target_arch = "wasm32")]
mod embed_view;
#[cfg(target_arch = "wasm32")]
mod explorer;
#[cfg(target_arch = "wasm32")]
mod format_fields;
#[cfg(target_arch = "wasm32")]
mod header;
#[cfg(target_arch = "wasm32")]
mod model_link;
#[cfg(target_arch = "wasm32")]
mod nucleus_view;
#[cfg(target_arch = "wasm32")]
mod pipeline;
#[cfg(target_arch = "wasm32")]
mod progress;
#[cfg(target_arch = "wasm32")]
mod prompt;
#[cfg(target_arch = "wasm32")]
mod side_by_side;
#[cfg(target_arch = "wasm32")]
mod snapshots;
#[cfg(target_arch = "wasm32")]
mod stage_detail;
#[cfg(target_arch = "wasm32")]
mod state;
#[cfg(target_arch = "wasm32")]
mod tabs;
#[cfg(target_arch = "wasm32")]
mod teach;

#[cfg(target_arch = "wasm32")]
pub use app::mount;
