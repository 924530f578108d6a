//! The tract runner: loads the ONNX graph and runs it with an explicit key/value cache.

use std::sync::Arc;

use anyhow::{Context, Result, bail, ensure};
use tract_onnx::prelude::*;
use tract_onnx::tract_core::plan::SimpleState;

use super::protocol::LoadStage;
use super::q4_ops::Kernels;
use super::{CONTEXT, VOCAB};

const LAYERS: usize = 30;
const KV_HEADS: usize = 3;
const HEAD_DIM: usize = 64;

/// The key/value cache of one sequence: what the model has already read.
#[derive(Clone)]
pub struct KvCache {
    /// `[key_0, value_0, key_1, value_1, ...]`, each `[1, 3, len, 64]`.
    tensors: Vec<TValue>,
    len: usize,
}

impl KvCache {
    pub fn empty() -> KvCache {
        let blank = Tensor::zero::<f32>(&[1, KV_HEADS, 0, HEAD_DIM]).expect("empty tensor");
        let blank: TValue = blank.into();
        KvCache { tensors: vec![blank; 2 * LAYERS], len: 0 }
    }

    /// Number of tokens the cache holds.
    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Forgets every token from `len` on, so decoding can resume from an earlier point.
    pub fn truncate(&mut self, len: usize) -> Result<()> {
        if len >= self.len {
            return Ok(());
        }
        if len == 0 {
            // tract rejects an empty slice range; an empty cache is simply a fresh one.
            *self = KvCache::empty();
            return Ok(());
        }
        for t in &mut self.tensors {
            *t = t.slice(2, 0, len)?.into();
        }
        self.len = len;
        Ok(())
    }
}

/// The runnable network.
pub struct Model {
    state: TypedSimpleState,
    folded_q4_1_layers: usize,
}

type TypedSimpleState = SimpleState<TypedFact, Box<dyn TypedOp>>;

impl Model {
    /// Loads and optimises the ONNX network. `on_stage` is called as each stage starts.
    pub fn load(onnx: &[u8], on_stage: impl FnMut(LoadStage)) -> Result<Model> {
        Model::load_with(onnx, Kernels::Samplescope, on_stage)
    }

    /// [`Model::load`] with a choice of 4-bit kernels (tract's own serve as a cross-check).
    pub fn load_with(onnx: &[u8], kernels: Kernels, mut on_stage: impl FnMut(LoadStage)) -> Result<Model> {
        on_stage(LoadStage::Parse);
        let (model, folded_q4_1_layers) = match kernels {
            Kernels::Samplescope => super::q4_ops::read_model(onnx),
            #[cfg(not(target_arch = "wasm32"))]
            Kernels::Tract => tract_onnx::onnx().model_for_read(&mut std::io::Cursor::new(onnx)).map(|m| (m, 0)),
        }
        .context("reading the ONNX model")?;
        on_stage(LoadStage::Optimise);
        // tract's transformer fusions (detect_apply_rope, detect_scaled_masked_softmax) are a
        // little faster natively but slower per decoded token in wasm (BENCHMARKS.md): not used.
        let model = model.into_optimized().context("optimising the model")?;
        on_stage(LoadStage::Plan);
        let plan: Arc<TypedRunnableModel> = model.into_runnable()?;
        let state = SimpleState::new(&plan)?;
        Ok(Model { state, folded_q4_1_layers })
    }

    /// How many Q4_1 linear layers run as one operator each (see `q4_ops::fold_q4_1`).
    pub fn folded_q4_1_layers(&self) -> usize {
        self.folded_q4_1_layers
    }

    /// Feeds `tokens` after what `cache` holds and returns the next-token logits (all
    /// [`VOCAB`] of them). The cache grows by `tokens.len()`.
    pub fn forward(&mut self, cache: &mut KvCache, tokens: &[u32]) -> Result<Vec<f32>> {
        ensure!(!tokens.is_empty(), "forward needs at least one token");
        if cache.len + tokens.len() > CONTEXT {
            bail!("{} tokens would exceed the {CONTEXT}-token context ({} already read)", tokens.len(), cache.len);
        }
        if let Some(bad) = tokens.iter().find(|&&t| t as usize >= VOCAB) {
            bail!("token id {bad} is outside the vocabulary (0..{VOCAB})");
        }
        let ids: Vec<i64> = tokens.iter().map(|&t| t as i64).collect();
        let mut inputs: TVec<TValue> = tvec![Tensor::from_shape(&[1, ids.len()], &ids)?.into()];
        inputs.extend(cache.tensors.iter().cloned());
        let mut outputs = self.state.run(inputs)?;
        ensure!(outputs.len() == 1 + 2 * LAYERS, "unexpected model outputs");
        let present: Vec<TValue> = outputs.drain(1..).collect();
        let logits = outputs.remove(0);
        let logits = logits.to_plain_array_view::<f32>()?;
        ensure!(logits.len() == VOCAB, "logits have {} entries, expected {VOCAB}", logits.len());
        cache.tensors = present;
        cache.len += tokens.len();
        Ok(logits.iter().copied().collect())
    }
}
