//! The page's link to the model worker: the client, and the explorer's cache slot, which
//! follows the current context so that editing the end of the prompt or sampling one more
//! token feeds only the new tokens.

use std::cell::RefCell;

use crate::model::client::ModelClient;

thread_local! {
    static CLIENT: RefCell<Option<ModelClient>> = const { RefCell::new(None) };
    /// Tokens the worker's slot 0 holds.
    static SLOT: RefCell<Vec<u32>> = const { RefCell::new(Vec::new()) };
}

const EXPLORER_SLOT: u32 = 0;

pub fn set_client(client: ModelClient) {
    CLIENT.with_borrow_mut(|c| *c = Some(client));
    SLOT.with_borrow_mut(Vec::clear);
}

pub fn client() -> Option<ModelClient> {
    CLIENT.with_borrow(|c| c.clone())
}

/// Forward passes requested so far (0 before the worker exists).
pub fn model_runs() -> u64 {
    client().map(|c| c.runs()).unwrap_or(0)
}

/// The next-token logits after `context` (not empty), reusing the longest cached prefix.
pub async fn logits_for(context: &[u32]) -> Result<Vec<f32>, String> {
    debug_assert!(!context.is_empty(), "the pump never asks for an empty context");
    let client = client().ok_or("the model worker is not running")?;
    let cached = SLOT.with_borrow(|s| s.clone());
    let common = cached.iter().zip(context).take_while(|(a, b)| a == b).count();
    // At least one token must be fed to get logits out.
    let keep = common.min(context.len().saturating_sub(1));
    let result = client.forward(EXPLORER_SLOT, keep, context[keep..].to_vec()).await;
    SLOT.with_borrow_mut(|s| *s = if result.is_ok() { context.to_vec() } else { Vec::new() });
    result
}

/// Forgets what slot 0 holds (after the worker reloads).
pub fn reset_slot() {
    SLOT.with_borrow_mut(Vec::clear);
}
