//! Snapshots: the model's exact raw logits for the contexts the demos and embeds open with,
//! computed natively at build time (`examples/snapshots.rs`, the same tract code as the worker)
//! so a widget can draw its chart and move every slider before the model is downloaded.
//!
//! `snapshots/index.json` lists them; each `<name>.f32.gz` holds the 49,152 logits as
//! little-endian f32, gzip-compressed. A snapshot belongs to one model: `model_sha256` is the
//! SHA-256 of the `model.onnx` it was computed with, and the page ignores an index whose
//! fingerprint is not the model's.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::VOCAB;

#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq)]
pub struct SnapshotIndex {
    /// SHA-256 of the model.onnx the logits came from (the manifest's).
    pub model_sha256: String,
    pub snapshots: Vec<Snapshot>,
}

#[derive(Clone, Debug, Deserialize, Serialize, PartialEq)]
pub struct Snapshot {
    /// The demos and embeds whose context this is (for the record; the page looks up by context).
    pub keys: Vec<String>,
    /// Prompt and completion token ids: what the model read.
    pub context: Vec<u32>,
    /// File name inside `snapshots/`.
    pub file: String,
    /// SHA-256 of the decompressed logits bytes.
    pub sha256: String,
}

impl SnapshotIndex {
    pub fn find(&self, context: &[u32]) -> Option<&Snapshot> {
        self.snapshots.iter().find(|s| s.context == context)
    }

    /// Whether these snapshots were computed with the model whose model.onnx hashes to `sha256`.
    pub fn fits(&self, sha256: &str) -> bool {
        !self.model_sha256.is_empty() && self.model_sha256 == sha256
    }
}

/// The logits as the file holds them.
pub fn encode(logits: &[f32]) -> Vec<u8> {
    logits.iter().flat_map(|l| l.to_le_bytes()).collect()
}

pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes).iter().map(|b| format!("{b:02x}")).collect()
}

/// The logits of a snapshot file's (decompressed) bytes, checked against its entry.
pub fn decode(bytes: &[u8], entry: &Snapshot) -> Result<Vec<f32>, String> {
    if bytes.len() != VOCAB * 4 {
        return Err(format!("{}: {} bytes, expected {} (49,152 f32)", entry.file, bytes.len(), VOCAB * 4));
    }
    let digest = sha256_hex(bytes);
    if digest != entry.sha256 {
        return Err(format!("{}: checksum mismatch (expected sha256 {}, got {digest})", entry.file, entry.sha256));
    }
    Ok(bytes.chunks_exact(4).map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect())
}

/// The largest absolute difference between two sets of logits (the snapshot and the live
/// model's answer for the same context).
pub fn largest_difference(a: &[f32], b: &[f32]) -> f32 {
    a.iter().zip(b).map(|(x, y)| (x - y).abs()).fold(0.0, f32::max)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(bytes: &[u8]) -> Snapshot {
        Snapshot { keys: vec!["t".into()], context: vec![1, 2], file: "t.f32.gz".into(), sha256: sha256_hex(bytes) }
    }

    #[test]
    fn logits_round_trip_through_the_file_bytes() {
        let logits: Vec<f32> = (0..VOCAB).map(|i| (i as f32 * 0.37).sin() * 12.5 - 3.0).collect();
        let bytes = encode(&logits);
        assert_eq!(decode(&bytes, &entry(&bytes)).unwrap(), logits);
    }

    #[test]
    fn a_changed_byte_or_a_short_file_is_refused() {
        let logits = vec![0.5f32; VOCAB];
        let bytes = encode(&logits);
        let e = entry(&bytes);
        let mut changed = bytes.clone();
        changed[100] ^= 1;
        assert!(decode(&changed, &e).unwrap_err().contains("checksum mismatch"));
        assert!(decode(&bytes[..400], &e).unwrap_err().contains("expected 196608"));
    }

    #[test]
    fn finds_by_context_and_checks_the_fingerprint() {
        let index = SnapshotIndex { model_sha256: "ab".into(), snapshots: vec![entry(b"x")] };
        assert!(index.find(&[1, 2]).is_some());
        assert!(index.find(&[1]).is_none());
        assert!(index.fits("ab"));
        assert!(!index.fits("cd"));
        assert!(!SnapshotIndex::default().fits(""));
    }

    #[test]
    fn largest_difference_is_the_max_absolute_gap() {
        assert_eq!(largest_difference(&[1.0, -2.0, 3.0], &[1.5, -2.0, 0.0]), 3.0);
    }
}
