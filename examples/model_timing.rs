//! Native load time, prefill and decode speed, and peak memory of one converted model file:
//! the native columns of the weight-format table in models/README.md.
//!
//!     cargo run --release --example model_timing -- build/model/model.onnx [build/model/model-f16.onnx …]
//!
//! Each file is measured in a fresh process (the command re-executes itself) so peak RSS
//! belongs to that model alone.

use std::time::Instant;

use samplescope::model::{KvCache, Model};

fn peak_rss_mb() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmHWM:")).map(|l| l.to_string()))
        .and_then(|l| l.split_whitespace().nth(1).and_then(|kb| kb.parse::<f64>().ok()))
        .map(|kb| kb / 1024.0)
        .unwrap_or(f64::NAN)
}

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

fn measure(path: &str) {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let t = Instant::now();
    let mut model = Model::load(&bytes, |_| {}).expect("loads");
    let load_ms = t.elapsed().as_secs_f64() * 1e3;
    drop(bytes);
    // "The capital of France is" + filler to 32 tokens.
    let prompt: Vec<u32> = [504u32, 3575, 282, 4649, 314].iter().copied().cycle().take(32).collect();
    let mut prefill = Vec::new();
    let mut decode = Vec::new();
    let mut paris = 0.0;
    for _ in 0..3 {
        let mut cache = KvCache::empty();
        let t = Instant::now();
        let logits = model.forward(&mut cache, &prompt).unwrap();
        prefill.push(t.elapsed().as_secs_f64() * 1e3);
        let mut next = (0..logits.len()).max_by(|&a, &b| logits[a].total_cmp(&logits[b])).unwrap() as u32;
        for _ in 0..16 {
            let t = Instant::now();
            let l = model.forward(&mut cache, &[next]).unwrap();
            decode.push(t.elapsed().as_secs_f64() * 1e3);
            next = (0..l.len()).max_by(|&a, &b| l[a].total_cmp(&l[b])).unwrap() as u32;
        }
        let l = model.forward(&mut KvCache::empty(), &prompt[..5]).unwrap();
        let max = l.iter().copied().fold(f32::MIN, f32::max) as f64;
        let z: f64 = l.iter().map(|&x| (x as f64 - max).exp()).sum();
        paris = (l[7042] as f64 - max).exp() / z;
    }
    println!(
        "{path}: load {load_ms:.0} ms, prefill 32 {:.0} ms, decode {:.1} ms/token, peak RSS {:.0} MB, P(' Paris') {paris:.4}",
        median(prefill),
        median(decode),
        peak_rss_mb()
    );
}

fn main() {
    let paths: Vec<String> = std::env::args().skip(1).collect();
    if paths.is_empty() {
        eprintln!("usage: model_timing MODEL.onnx [MODEL.onnx …]");
        std::process::exit(2);
    }
    if paths.len() == 1 {
        return measure(&paths[0]);
    }
    let me = std::env::current_exe().expect("own path");
    for p in paths {
        let status = std::process::Command::new(&me).arg(&p).status().expect("runs");
        assert!(status.success(), "{p} failed");
    }
}
