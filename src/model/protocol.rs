//! Messages between the page (main thread) and the model worker.
//!
//! Plain serde data, sent with `postMessage`; large arrays (logits, the tokenizer file) travel
//! beside the message as transferred typed arrays, not inside it.

use serde::{Deserialize, Serialize};

/// The published model files, as `models/prepare.py` writes them to `manifest.json`.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
pub struct Manifest {
    pub model: String,
    pub format: String,
    /// Hash of the converter that made the files.
    #[serde(default)]
    pub converter: String,
    pub files: std::collections::BTreeMap<String, ManifestFile>,
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
pub struct ManifestFile {
    pub url: String,
    pub encoding: String,
    pub bytes: u64,
    pub transfer_bytes: u64,
    pub sha256: String,
}

/// Page → worker.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ToWorker {
    /// Download (or read from cache), verify and initialise the model described by the
    /// manifest `manifest` (a file name) in the directory at URL `base`.
    Load { base: String, manifest: String },
    /// Truncate cache `slot` to `keep` tokens, feed `tokens`, reply with the next-token logits.
    Forward { id: u32, slot: u32, keep: usize, tokens: Vec<u32> },
    /// Copy cache `from` into `to` (n choices share one prompt).
    Fork { id: u32, from: u32, to: u32 },
    /// Free cache `slot`.
    Release { slot: u32 },
    /// The page is going away: free all its caches (a shared worker outlives one page).
    Goodbye,
    /// Hold the Web Lock `name` until the worker ends (`LifelineHeld` answers): the page queues
    /// for it and is granted it when the worker is gone.
    Lifeline { name: String },
    /// A measurement for the benchmarks (`Measured` answers).
    Measure { id: u32, what: Measurement },
}

/// What the benchmark page can ask the worker to measure.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Measurement {
    /// Bytes of the worker's WebAssembly memory.
    MemoryBytes,
    /// Bytes per second of a `copy_from_slice` of `bytes` bytes, best of `reps`, in wasm.
    CopyBandwidth { bytes: u32, reps: u32 },
    /// How many cache slots the worker holds (each one a whole KV cache: the page must release
    /// the ones it is done with).
    CacheSlots,
    /// How many pages have connected to this worker (more than one only in a shared worker).
    Clients,
}

/// Where loading stands.
#[derive(Clone, Copy, Debug, Deserialize, Serialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum LoadStage {
    Manifest,
    Download,
    Verify,
    Parse,
    Optimise,
    Plan,
    Ready,
}

/// How long loading took, for the page's status line and the benchmarks.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
pub struct LoadTimings {
    pub fetch_ms: f64,
    pub init_ms: f64,
    pub transferred_bytes: f64,
    pub from_cache: bool,
    pub format: String,
    /// SHA-256 of model.onnx, part of the system fingerprint.
    pub model_sha256: String,
    /// Why a downloaded file could not be kept for the next visit (storage quota, no Cache
    /// API): the reader is told it will be downloaded again.
    #[serde(default)]
    pub not_stored: Option<String>,
}

/// Worker → page, posted as `{ msg, data }`: `data` is a typed array for `Logits` and `Loaded`.
#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum FromWorker {
    /// The worker is listening; messages sent before this would be lost.
    Started,
    Progress {
        stage: LoadStage,
        done: f64,
        total: f64,
    },
    /// `data`: the tokenizer.json bytes.
    Loaded {
        timings: LoadTimings,
    },
    LoadFailed {
        message: String,
    },
    /// `data`: Float32Array of the 49,152 logits.
    Logits {
        id: u32,
        ms: f64,
        cache_len: usize,
    },
    Done {
        id: u32,
    },
    Measured {
        id: u32,
        value: f64,
    },
    Failed {
        id: u32,
        message: String,
    },
    /// The worker holds the lifeline lock (`held` false: this browser has no Web Locks here).
    LifelineHeld {
        held: bool,
    },
    /// The worker panicked: its wasm is unusable from here on, and the page must start another.
    Crashed {
        message: String,
    },
}
