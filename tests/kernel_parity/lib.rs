//! One digest of the bits of many `matmul` outputs: every weight form (symmetric 4-bit, per-block
//! zero points, uniform zero point 0, Q4_1, Q8), one to nine steps, activations with outliers,
//! zero blocks and exact ties. Native builds run the portable kernels, wasm32 + simd128 the
//! SIMD ones; `run` compares the two digests.

#[allow(dead_code)]
#[path = "../../src/model/q4.rs"]
mod q4;

use q4::{BLOCK, Q4Matrix, Q8Matrix};

fn stream(seed: u64) -> impl FnMut() -> u64 {
    let mut s = seed;
    move || {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        s
    }
}

/// Activations like a transformer's: mostly small, now and then a large outlier, some
/// all-zero blocks, some values on exact rounding ties.
fn activations(len: usize, seed: u64) -> Vec<f32> {
    let mut next = stream(seed);
    let mut x: Vec<f32> = (0..len)
        .map(|_| {
            let v = (next() % 20001) as f32 / 10000.0 - 1.0;
            if next() % 97 == 0 { v * 300.0 } else { v }
        })
        .collect();
    for block in x.chunks_exact_mut(BLOCK).step_by(7) {
        block.fill(0.0);
    }
    if let Some(block) = x.chunks_exact_mut(BLOCK).nth(3) {
        block[0] = 2.0;
        block[1] = 1.0; // 16383.5 in units of 2/32767: a tie
    }
    x
}

fn fold(digest: &mut u64, y: &[f32]) {
    for v in y {
        *digest = (*digest ^ v.to_bits() as u64).wrapping_mul(0x100000001b3);
    }
}

/// The digest, and the number of outputs it covers.
pub fn digest() -> (u64, usize) {
    let mut digest = 0xcbf29ce484222325u64;
    let mut outputs = 0;
    for (case, &(rows, cols)) in [(9, 64), (17, 576), (5, 1536)].iter().enumerate() {
        let mut next = stream(11 + case as u64);
        let nibbles: Vec<u8> = (0..rows * cols / 2).map(|_| next() as u8).collect();
        let blocks = rows * cols / BLOCK;
        let scales: Vec<f32> = (0..blocks).map(|_| (next() % 1000) as f32 / 8000.0 + 0.001).collect();
        let zero_points: Vec<u8> = (0..rows * (cols / BLOCK).div_ceil(2)).map(|_| next() as u8).collect();
        let mins: Vec<f32> = (0..blocks).map(|_| (next() % 1000) as f32 / 500.0 - 1.0).collect();
        let q4 = [
            Q4Matrix::new(rows, cols, &nibbles, &scales, None).unwrap(),
            Q4Matrix::new(rows, cols, &nibbles, &scales, Some(&zero_points)).unwrap(),
            Q4Matrix::new(rows, cols, &nibbles, &scales, Some(&vec![0; zero_points.len()])).unwrap(),
            Q4Matrix::q4_1(rows, cols, &nibbles, &scales, &mins).unwrap(),
        ];
        let q8 = Q8Matrix { rows, cols, values: (0..rows * cols).map(|_| next() as i8).collect(), scales: scales.clone() };
        for steps in [1, 2, 4, 5, 9] {
            let x = activations(steps * cols, 100 * case as u64 + steps as u64);
            let mut y = vec![0f32; steps * rows];
            for m in &q4 {
                m.matmul(&x, steps, &mut y);
                fold(&mut digest, &y);
                outputs += y.len();
            }
            q8.matmul(&x, steps, &mut y);
            fold(&mut digest, &y);
            outputs += y.len();
        }
    }
    (digest, outputs)
}

/// For the wasm build: the digest (the output count is the native binary's to print).
#[unsafe(no_mangle)]
pub extern "C" fn parity_digest() -> u64 {
    digest().0
}
