//! An embed's instant start: the tokenizer and the snapshot of its context (`model::snapshot`)
//! are fetched without the model, so the chart and every slider work at once; the model loads
//! only when the reader asks (`Page::activate`).

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::i18n::Text;
use crate::model::protocol::Manifest;
use crate::model::snapshot::{self, SnapshotIndex};
use crate::msg;
use crate::tokenizer::Tokenizer;

use super::analysis::Step;
use super::dom;
use super::state::Page;

const MANIFEST: &str = "model/manifest.json";
const INDEX: &str = "snapshots/index.json";

/// Where the embed's precomputed answers stand.
#[derive(Clone, Debug, PartialEq)]
pub enum Snapshots {
    Loading,
    Ready(Arc<SnapshotIndex>),
    /// Not usable (another model, a failed download): the reader loads the model instead.
    Unusable(Text),
}

async fn json<T: serde::de::DeserializeOwned>(url: &str) -> Result<T, String> {
    let bytes = dom::fetch_bytes(url, false).await?;
    serde_json::from_slice(&bytes).map_err(|e| format!("{url}: {e}"))
}

/// The manifest, the snapshot index and the tokenizer; the model's size for the load button.
async fn prepare(page: Page) -> Result<Arc<SnapshotIndex>, Text> {
    let failed = |e: String| Text::new(msg!("embed-snapshot-failed")).arg("error", e);
    let manifest: Manifest = json(MANIFEST).await.map_err(failed)?;
    let file =
        |name: &str| manifest.files.get(name).cloned().ok_or_else(|| failed(format!("{MANIFEST} lists no {name}")));
    let (model, tokenizer) = (file("model.onnx")?, file("tokenizer.json")?);
    page.model_size.set(Some((model.transfer_bytes + tokenizer.transfer_bytes) as f64));
    let index: SnapshotIndex = json(INDEX).await.map_err(failed)?;
    if !index.fits(&model.sha256) {
        return Err(Text::new(msg!("embed-snapshot-mismatch"))
            .arg("theirs", index.model_sha256.chars().take(12).collect::<String>())
            .arg("ours", model.sha256.chars().take(12).collect::<String>()));
    }
    if page.tokenizer.with_untracked(Option::is_none) {
        let bytes = dom::fetch_bytes(&format!("model/{}", tokenizer.url), true).await.map_err(failed)?;
        let digest = snapshot::sha256_hex(&bytes);
        if digest != tokenizer.sha256 {
            return Err(failed(format!(
                "tokenizer.json: checksum mismatch (expected {}, got {digest})",
                tokenizer.sha256
            )));
        }
        let t = Tokenizer::from_json(&bytes).map_err(|e| failed(format!("tokenizer.json: {e:#}")))?;
        if page.tokenizer.with_untracked(Option::is_none) {
            page.tokenizer.set(Some(Arc::new(t)));
        }
    }
    Ok(Arc::new(index))
}

/// Fetches what the embed needs without the model, then keeps the chart on the snapshot of the
/// current context until the live model answers.
pub fn start(page: Page) {
    spawn_local(async move {
        let state = match prepare(page).await {
            Ok(index) => Snapshots::Ready(index),
            Err(why) => Snapshots::Unusable(why),
        };
        page.snapshots.set(state);
    });
    Effect::new(move |_| {
        let Snapshots::Ready(index) = page.snapshots.get() else { return };
        if page.ready.get() {
            return;
        }
        let context = page.context.get();
        if context.is_empty() || page.step.with_untracked(|s| s.as_ref().is_some_and(|s| s.context == context)) {
            return;
        }
        let Some(entry) = index.find(&context).cloned() else {
            page.snapshot_missing.set(true);
            return;
        };
        page.snapshot_missing.set(false);
        spawn_local(async move {
            let read = dom::fetch_bytes(&format!("snapshots/{}", entry.file), true)
                .await
                .and_then(|bytes| snapshot::decode(&bytes, &entry));
            match read {
                // The live model may have answered meanwhile; its logits win.
                Ok(logits) if !page.ready.get_untracked() && page.context.with_untracked(|c| *c == entry.context) => {
                    page.step.set(Some(Arc::new(Step { context: entry.context, logits, from_snapshot: true })));
                }
                Ok(_) => {}
                Err(e) => {
                    page.snapshots.set(Snapshots::Unusable(Text::new(msg!("embed-snapshot-failed")).arg("error", e)))
                }
            }
        });
    });
}
