//! 4-bit block kernels over the ONNX `MatMulNBits` / `GatherBlockQuantized` layout, read in
//! place: 32 weights per block, two per byte (element 2i in the low nibble of byte i), one f32
//! scale and one offset per block, `w = scale · q − offset`: ONNX's `scale · (q − zero)`, or
//! GGUF Q4_1's `d · q + m`.
//!
//! Why our own: tract-onnx lowers these ops to its Q4_0 format, which costs a nibble-by-nibble
//! re-layout at import and a re-pack at optimisation (most of the 5 s the browser spent in
//! tract's init), and on wasm32 its Q4_0 matmul ran at ~10× the memory-bandwidth bound per
//! decoded token (105 ms against 34–41 ms here: BENCHMARKS.md). Here the bytes are used as they
//! are, and one decoded token reads each weight byte once.
//!
//! Summation order: each block's 32 products are summed in f32 lanes, scaled, and added to
//! the row total; the offset term is `Σ_b offset_b · Σ_{i∈b} x_i`. The result is
//! the exact `Σ_k w_k · x_k` up to f32 rounding (tested against a plain f64 dequantised dot).

/// Weights per quantisation block.
pub const BLOCK: usize = 32;
/// Bytes of packed nibbles per block.
pub const BLOCK_BYTES: usize = BLOCK / 2;

/// A `[rows, cols]` 4-bit matrix: the bytes of the ONNX initialiser, a scale per block and the
/// offsets (`w = scale · q − offset`).
#[derive(Debug)]
pub struct Q4Matrix {
    pub rows: usize,
    pub cols: usize,
    /// `[rows, cols / 2]`.
    pub nibbles: Vec<u8>,
    /// `[rows, cols / 32]`.
    pub scales: Vec<f32>,
    pub offsets: Offsets,
}

/// What each block subtracts after scaling. One zero point for the whole matrix (the usual
/// case: 8 for symmetric weights, 0 for our Q8 embedding's low plane) saves reading a second
/// per-block array per token.
#[derive(Debug, PartialEq)]
pub enum Offsets {
    /// `offset = scale · zero`, the same zero point in every block.
    UniformZero(f32),
    /// `[rows, cols / 32]` offsets: `scale · zero` for per-block ONNX zero points, `−m` for
    /// GGUF's Q4_1 (`w = d · q + m`).
    PerBlock(Vec<f32>),
}

impl Q4Matrix {
    /// Builds the matrix from ONNX tensors. `zero_points` are packed two per byte, low nibble
    /// first, `ceil(blocks / 2)` bytes per row; `None` means the symmetric default 8.
    pub fn new(rows: usize, cols: usize, nibbles: &[u8], scales: &[f32], zero_points: Option<&[u8]>) -> anyhow::Result<Q4Matrix> {
        anyhow::ensure!(cols % BLOCK == 0, "{cols} columns are not whole blocks of {BLOCK}");
        let blocks = cols / BLOCK;
        anyhow::ensure!(nibbles.len() == rows * cols / 2, "{} weight bytes for a {rows}×{cols} matrix", nibbles.len());
        anyhow::ensure!(scales.len() == rows * blocks, "{} scales for {} blocks", scales.len(), rows * blocks);
        let zp_row = blocks.div_ceil(2);
        if let Some(zp) = zero_points {
            anyhow::ensure!(zp.len() == rows * zp_row, "{} zero-point bytes for {rows} rows of {blocks} blocks", zp.len());
        }
        let offsets = match zero_points {
            None => Offsets::UniformZero(8.0),
            Some(zp) => {
                let zero = |i: usize| ((zp[(i / blocks) * zp_row + (i % blocks) / 2] >> (4 * (i % blocks % 2))) & 0x0F) as f32;
                match zero(0) {
                    first if (0..rows * blocks).all(|i| zero(i) == first) => Offsets::UniformZero(first),
                    _ => Offsets::PerBlock((0..rows * blocks).map(|i| scales[i] * zero(i)).collect()),
                }
            }
        };
        Ok(Q4Matrix { rows, cols, nibbles: nibbles.to_vec(), scales: scales.to_vec(), offsets })
    }

    /// GGUF's Q4_1 (`w = d · q + m` per block): `d` are the scales, `m` the block minimums,
    /// both `[rows, cols / 32]`.
    pub fn q4_1(rows: usize, cols: usize, nibbles: &[u8], d: &[f32], m: &[f32]) -> anyhow::Result<Q4Matrix> {
        let mut matrix = Q4Matrix::new(rows, cols, nibbles, d, None)?;
        anyhow::ensure!(m.len() == d.len(), "{} block minimums for {} blocks", m.len(), d.len());
        matrix.offsets = Offsets::PerBlock(m.iter().map(|m| -m).collect());
        Ok(matrix)
    }

    /// The offset of block `block` of row `row`.
    pub fn offset(&self, row: usize, block: usize) -> f32 {
        let i = row * self.blocks() + block;
        match &self.offsets {
            Offsets::UniformZero(z) => self.scales[i] * z,
            Offsets::PerBlock(o) => o[i],
        }
    }

    /// The offsets of row `row`'s blocks.
    fn row_offsets(&self, row: usize, out: &mut [f32]) {
        match &self.offsets {
            Offsets::UniformZero(z) => {
                for (o, scale) in out.iter_mut().zip(self.row_blocks(&self.scales, row)) {
                    *o = scale * z;
                }
            }
            Offsets::PerBlock(offsets) => out.copy_from_slice(self.row_blocks(offsets, row)),
        }
    }

    pub fn blocks(&self) -> usize {
        self.cols / BLOCK
    }

    fn row_nibbles(&self, row: usize) -> &[u8] {
        &self.nibbles[row * self.cols / 2..(row + 1) * self.cols / 2]
    }

    fn row_blocks<'a>(&'a self, v: &'a [f32], row: usize) -> &'a [f32] {
        &v[row * self.blocks()..(row + 1) * self.blocks()]
    }

    /// Writes row `row`, dequantised, into `out` (length `cols`).
    pub fn dequantize_row(&self, row: usize, out: &mut [f32]) {
        let nib = self.row_nibbles(row);
        for b in 0..self.blocks() {
            let scale = self.scales[row * self.blocks() + b];
            let offset = self.offset(row, b);
            for i in 0..BLOCK_BYTES {
                let byte = nib[b * BLOCK_BYTES + i];
                out[b * BLOCK + 2 * i] = scale * (byte & 0x0F) as f32 - offset;
                out[b * BLOCK + 2 * i + 1] = scale * (byte >> 4) as f32 - offset;
            }
        }
    }

    /// `y[s, r] = Σ_c x[s, c] · w[r, c]` for `x` of shape `[steps, cols]`; `y` is `[steps, rows]`.
    ///
    /// One step (a decoded token) reads each weight once, straight from the nibbles. Several
    /// steps (a prompt) dequantise a row once into f32 and take its dot product with four
    /// steps at a time, so the nibble unpacking is paid once per row, not once per step.
    pub fn matmul(&self, x: &[f32], steps: usize, y: &mut [f32]) {
        assert_eq!(x.len(), steps * self.cols);
        assert_eq!(y.len(), steps * self.rows);
        let blocks = self.blocks();
        let mut offsets = vec![0f32; blocks];
        if steps == 1 {
            let (values, sums) = (deinterleave(x), block_sums(x));
            for r in 0..self.rows {
                let dot = kernel::row_dot(self.row_nibbles(r), self.row_blocks(&self.scales, r), &values);
                self.row_offsets(r, &mut offsets);
                let offset_term: f32 = offsets.iter().zip(&sums).map(|(o, s)| o * s).sum();
                y[r] = dot - offset_term;
            }
            return;
        }
        // Both sides deinterleaved, as the nibbles come: w row and x rows in the same order.
        let xs = deinterleave(x);
        let mut w = vec![0f32; self.cols];
        for r in 0..self.rows {
            self.row_offsets(r, &mut offsets);
            kernel::dequantize_deinterleaved(self.row_nibbles(r), self.row_blocks(&self.scales, r), &offsets, &mut w);
            let mut s = 0;
            while s + 4 <= steps {
                let rows = [0, 1, 2, 3].map(|j| &xs[(s + j) * self.cols..(s + j + 1) * self.cols]);
                let dots = kernel::dot4(&w, rows);
                for j in 0..4 {
                    y[(s + j) * self.rows + r] = dots[j];
                }
                s += 4;
            }
            for s in s..steps {
                y[s * self.rows + r] = kernel::dot(&w, &xs[s * self.cols..(s + 1) * self.cols]);
            }
        }
    }
}

/// A `[rows, cols]` Q8_0 matrix (`w = scale · q`, q an i8, 32 per block): the tied
/// embedding's lm_head, which the ONNX graph spells as two 4-bit planes (`16·(hi − 8) + lo`)
/// so that it stays within `MatMulNBits`. [`Q8Matrix::from_planes`] joins them again, which
/// halves the unpacking work per token for the largest matrix of the model.
#[derive(Debug)]
pub struct Q8Matrix {
    pub rows: usize,
    pub cols: usize,
    /// `[rows, cols]`.
    pub values: Vec<i8>,
    /// `[rows, cols / 32]`.
    pub scales: Vec<f32>,
}

impl Q8Matrix {
    /// `hi · (scale 16s, zero 8) + lo · (scale s, zero 0)` as one Q8 matrix, or `None` when
    /// the two planes are not in that relation.
    pub fn from_planes(hi: &Q4Matrix, lo: &Q4Matrix) -> Option<Q8Matrix> {
        let same_shape = hi.rows == lo.rows && hi.cols == lo.cols;
        let zeros = hi.offsets == Offsets::UniformZero(8.0) && lo.offsets == Offsets::UniformZero(0.0);
        if !same_shape || !zeros || hi.scales.iter().zip(&lo.scales).any(|(h, l)| *h != 16.0 * l) {
            return None;
        }
        let values = hi
            .nibbles
            .iter()
            .zip(&lo.nibbles)
            .flat_map(|(h, l)| {
                let joined = |h: u8, l: u8| (16 * (h as i16 - 8) + l as i16) as i8;
                [joined(h & 0x0F, l & 0x0F), joined(h >> 4, l >> 4)]
            })
            .collect();
        Some(Q8Matrix { rows: hi.rows, cols: hi.cols, values, scales: lo.scales.clone() })
    }

    /// `y[s, r] = Σ_c x[s, c] · w[r, c]` for `x` of shape `[steps, cols]`.
    pub fn matmul(&self, x: &[f32], steps: usize, y: &mut [f32]) {
        assert_eq!(x.len(), steps * self.cols);
        assert_eq!(y.len(), steps * self.rows);
        let blocks = self.cols / BLOCK;
        // Rows outer: each row is read from memory once, whatever the number of steps.
        for r in 0..self.rows {
            let (values, scales) = (&self.values[r * self.cols..(r + 1) * self.cols], &self.scales[r * blocks..(r + 1) * blocks]);
            for s in 0..steps {
                y[s * self.rows + r] = kernel::q8_row_dot(values, scales, &x[s * self.cols..(s + 1) * self.cols]);
            }
        }
    }
}

/// One input row rearranged per block as its 16 even then 16 odd elements, matching the
/// low/high nibble split of the packed weights.
fn deinterleave(x: &[f32]) -> Vec<f32> {
    let mut values = vec![0f32; x.len()];
    for (block, out) in x.chunks_exact(BLOCK).zip(values.chunks_exact_mut(BLOCK)) {
        for i in 0..BLOCK_BYTES {
            out[i] = block[2 * i];
            out[BLOCK_BYTES + i] = block[2 * i + 1];
        }
    }
    values
}

/// Each block's sum of `x`, for the offset term.
fn block_sums(x: &[f32]) -> Vec<f32> {
    x.chunks_exact(BLOCK).map(|block| block.iter().sum()).collect()
}

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod kernel {
    //! wasm SIMD128. Nibbles become f32 lanes by a byte shuffle (each nibble byte to the
    //! low byte of a 32-bit lane, zeros above) and an integer → float conversion.
    use core::arch::wasm32::*;

    use super::{BLOCK, BLOCK_BYTES};

    #[inline(always)]
    unsafe fn load(p: *const f32) -> v128 {
        unsafe { v128_load(p as *const v128) }
    }

    /// Bytes `first .. first + 4` of `bytes` as four f32 lanes (a constant shuffle: one
    /// `pshufb` on x86).
    #[inline(always)]
    fn lanes(bytes: v128, first: u8) -> v128 {
        let z = u8x16_splat(0);
        let spread = match first {
            0 => i8x16_shuffle::<0, 16, 16, 16, 1, 16, 16, 16, 2, 16, 16, 16, 3, 16, 16, 16>(bytes, z),
            4 => i8x16_shuffle::<4, 16, 16, 16, 5, 16, 16, 16, 6, 16, 16, 16, 7, 16, 16, 16>(bytes, z),
            8 => i8x16_shuffle::<8, 16, 16, 16, 9, 16, 16, 16, 10, 16, 16, 16, 11, 16, 16, 16>(bytes, z),
            _ => i8x16_shuffle::<12, 16, 16, 16, 13, 16, 16, 16, 14, 16, 16, 16, 15, 16, 16, 16>(bytes, z),
        };
        f32x4_convert_i32x4(spread)
    }

    /// `Σ_b scale_b · Σ_i q_{b,i} · x_{b,i}` with `x` deinterleaved per block.
    pub fn row_dot(nibbles: &[u8], scales: &[f32], x: &[f32]) -> f32 {
        debug_assert_eq!(nibbles.len() * 2, x.len());
        let mask = u8x16_splat(0x0F);
        let mut total = f32x4_splat(0.0);
        for (b, &scale) in scales.iter().enumerate() {
            unsafe {
                let v = v128_load(nibbles.as_ptr().add(b * BLOCK_BYTES) as *const v128);
                let lo = v128_and(v, mask);
                let hi = u8x16_shr(v, 4);
                let xp = x.as_ptr().add(b * BLOCK);
                let mut a = f32x4_mul(lanes(lo, 0), load(xp));
                let mut c = f32x4_mul(lanes(lo, 4), load(xp.add(4)));
                a = f32x4_add(a, f32x4_mul(lanes(lo, 8), load(xp.add(8))));
                c = f32x4_add(c, f32x4_mul(lanes(lo, 12), load(xp.add(12))));
                a = f32x4_add(a, f32x4_mul(lanes(hi, 0), load(xp.add(16))));
                c = f32x4_add(c, f32x4_mul(lanes(hi, 4), load(xp.add(20))));
                a = f32x4_add(a, f32x4_mul(lanes(hi, 8), load(xp.add(24))));
                c = f32x4_add(c, f32x4_mul(lanes(hi, 12), load(xp.add(28))));
                total = f32x4_add(total, f32x4_mul(f32x4_add(a, c), f32x4_splat(scale)));
            }
        }
        horizontal(total)
    }

    /// `out = scale · q − offset` per block, in the deinterleaved order (16 low nibbles, then
    /// 16 high nibbles).
    pub fn dequantize_deinterleaved(nibbles: &[u8], scales: &[f32], offsets: &[f32], out: &mut [f32]) {
        debug_assert!(nibbles.len() * 2 == out.len() && scales.len() == offsets.len());
        let mask = u8x16_splat(0x0F);
        for b in 0..scales.len() {
            unsafe {
                let v = v128_load(nibbles.as_ptr().add(b * BLOCK_BYTES) as *const v128);
                let (scale, offset) = (f32x4_splat(*scales.get_unchecked(b)), f32x4_splat(*offsets.get_unchecked(b)));
                let halves = [v128_and(v, mask), u8x16_shr(v, 4)];
                let op = out.as_mut_ptr().add(b * BLOCK);
                for (h, half) in halves.iter().enumerate() {
                    for (q, first) in [0u8, 4, 8, 12].into_iter().enumerate() {
                        let w = f32x4_sub(f32x4_mul(lanes(*half, first), scale), offset);
                        v128_store(op.add(h * BLOCK_BYTES + 4 * q) as *mut v128, w);
                    }
                }
            }
        }
    }

    /// `Σ_b scale_b · Σ_i q_{b,i} · x_{b,i}` for i8 `q`, `x` in natural order.
    pub fn q8_row_dot(values: &[i8], scales: &[f32], x: &[f32]) -> f32 {
        debug_assert_eq!(values.len(), x.len());
        let mut total = f32x4_splat(0.0);
        for (b, &scale) in scales.iter().enumerate() {
            unsafe {
                let qp = values.as_ptr().add(b * BLOCK);
                let xp = x.as_ptr().add(b * BLOCK);
                let (mut a, mut c) = (f32x4_splat(0.0), f32x4_splat(0.0));
                for half in 0..2 {
                    let v = v128_load(qp.add(16 * half) as *const v128);
                    let (low, high) = (i16x8_extend_low_i8x16(v), i16x8_extend_high_i8x16(v));
                    let xh = xp.add(16 * half);
                    a = f32x4_add(a, f32x4_mul(f32x4_convert_i32x4(i32x4_extend_low_i16x8(low)), load(xh)));
                    c = f32x4_add(c, f32x4_mul(f32x4_convert_i32x4(i32x4_extend_high_i16x8(low)), load(xh.add(4))));
                    a = f32x4_add(a, f32x4_mul(f32x4_convert_i32x4(i32x4_extend_low_i16x8(high)), load(xh.add(8))));
                    c = f32x4_add(c, f32x4_mul(f32x4_convert_i32x4(i32x4_extend_high_i16x8(high)), load(xh.add(12))));
                }
                total = f32x4_add(total, f32x4_mul(f32x4_add(a, c), f32x4_splat(scale)));
            }
        }
        horizontal(total)
    }

    fn horizontal(v: v128) -> f32 {
        (f32x4_extract_lane::<0>(v) + f32x4_extract_lane::<1>(v)) + (f32x4_extract_lane::<2>(v) + f32x4_extract_lane::<3>(v))
    }

    pub fn dot(w: &[f32], x: &[f32]) -> f32 {
        debug_assert!(w.len() == x.len() && w.len() % 4 == 0);
        let mut acc = f32x4_splat(0.0);
        for j in (0..w.len()).step_by(4) {
            unsafe { acc = f32x4_add(acc, f32x4_mul(load(w.as_ptr().add(j)), load(x.as_ptr().add(j)))) };
        }
        horizontal(acc)
    }

    pub fn dot4(w: &[f32], x: [&[f32]; 4]) -> [f32; 4] {
        debug_assert!(w.len() % 4 == 0 && x.iter().all(|x| x.len() == w.len()));
        let mut acc = [f32x4_splat(0.0); 4];
        for j in (0..w.len()).step_by(4) {
            unsafe {
                let wv = load(w.as_ptr().add(j));
                for t in 0..4 {
                    acc[t] = f32x4_add(acc[t], f32x4_mul(wv, load(x[t].as_ptr().add(j))));
                }
            }
        }
        acc.map(horizontal)
    }
}

#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
mod kernel {
    //! Portable: the same per-block arithmetic as the SIMD kernel (f32 partial sums in four
    //! lanes, scaled per block, summed per row), so native tests run the browser's method; the
    //! lanes pair the products differently, so results can differ in the last bits.
    use super::{BLOCK, BLOCK_BYTES};

    type Lanes = [f32; 4];

    fn mul_add(acc: &mut Lanes, a: Lanes, b: &[f32]) {
        for l in 0..4 {
            acc[l] += a[l] * b[l];
        }
    }

    fn horizontal(v: Lanes) -> f32 {
        (v[0] + v[1]) + (v[2] + v[3])
    }

    pub fn row_dot(nibbles: &[u8], scales: &[f32], x: &[f32]) -> f32 {
        debug_assert_eq!(nibbles.len() * 2, x.len());
        let mut total: Lanes = [0.0; 4];
        for (b, &scale) in scales.iter().enumerate() {
            let bytes = &nibbles[b * BLOCK_BYTES..(b + 1) * BLOCK_BYTES];
            let xb = &x[b * BLOCK..(b + 1) * BLOCK];
            let mut block: Lanes = [0.0; 4];
            for (i, &byte) in bytes.iter().enumerate() {
                block[i % 4] += (byte & 0x0F) as f32 * xb[i] + (byte >> 4) as f32 * xb[BLOCK_BYTES + i];
            }
            for l in 0..4 {
                total[l] += block[l] * scale;
            }
        }
        horizontal(total)
    }

    pub fn dequantize_deinterleaved(nibbles: &[u8], scales: &[f32], offsets: &[f32], out: &mut [f32]) {
        for (b, (&scale, &offset)) in scales.iter().zip(offsets).enumerate() {
            for i in 0..BLOCK_BYTES {
                let byte = nibbles[b * BLOCK_BYTES + i];
                out[b * BLOCK + i] = (byte & 0x0F) as f32 * scale - offset;
                out[b * BLOCK + BLOCK_BYTES + i] = (byte >> 4) as f32 * scale - offset;
            }
        }
    }

    pub fn q8_row_dot(values: &[i8], scales: &[f32], x: &[f32]) -> f32 {
        let mut total: Lanes = [0.0; 4];
        for (b, &scale) in scales.iter().enumerate() {
            let (qb, xb) = (&values[b * BLOCK..(b + 1) * BLOCK], &x[b * BLOCK..(b + 1) * BLOCK]);
            let mut block: Lanes = [0.0; 4];
            for i in 0..BLOCK {
                block[i % 4] += qb[i] as f32 * xb[i];
            }
            for l in 0..4 {
                total[l] += block[l] * scale;
            }
        }
        horizontal(total)
    }

    pub fn dot(w: &[f32], x: &[f32]) -> f32 {
        let mut acc: Lanes = [0.0; 4];
        for (wc, xc) in w.chunks_exact(4).zip(x.chunks_exact(4)) {
            mul_add(&mut acc, [wc[0], wc[1], wc[2], wc[3]], xc);
        }
        horizontal(acc)
    }

    pub fn dot4(w: &[f32], x: [&[f32]; 4]) -> [f32; 4] {
        x.map(|x| dot(w, x))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A reproducible pseudo-random stream (no dependency needed for a test fixture).
    fn stream(seed: u64) -> impl FnMut() -> u64 {
        let mut s = seed;
        move || {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            s
        }
    }

    fn matrix(rows: usize, cols: usize, zero_points: bool, seed: u64) -> Q4Matrix {
        let mut next = stream(seed);
        let nibbles: Vec<u8> = (0..rows * cols / 2).map(|_| next() as u8).collect();
        let scales: Vec<f32> = (0..rows * cols / BLOCK).map(|_| (next() % 1000) as f32 / 8000.0 + 0.001).collect();
        let zp: Vec<u8> = (0..rows * (cols / BLOCK).div_ceil(2)).map(|_| next() as u8).collect();
        Q4Matrix::new(rows, cols, &nibbles, &scales, zero_points.then_some(&zp[..])).unwrap()
    }

    /// The definition, in f64: w[r, c] = scale · q − offset.
    fn reference(m: &Q4Matrix, x: &[f32], steps: usize) -> Vec<f64> {
        let mut y = vec![0f64; steps * m.rows];
        for r in 0..m.rows {
            for c in 0..m.cols {
                let byte = m.nibbles[r * m.cols / 2 + c / 2];
                let q = if c % 2 == 0 { byte & 0x0F } else { byte >> 4 } as f64;
                let b = r * m.blocks() + c / BLOCK;
                let w = m.scales[b] as f64 * q - m.offset(r, c / BLOCK) as f64;
                for s in 0..steps {
                    y[s * m.rows + r] += w * x[s * m.cols + c] as f64;
                }
            }
        }
        y
    }

    #[test]
    fn a_hand_computed_block() {
        // One row, one block: q = 0..15, 0..15 in order; scale 0.5; default zero point 8.
        let nibbles: Vec<u8> = (0..16u8).map(|i| ((2 * i + 1) % 16) << 4 | (2 * i) % 16).collect();
        let m = Q4Matrix::new(1, 32, &nibbles, &[0.5], None).unwrap();
        // x = 1 everywhere: Σ 0.5 (q − 8) over q = 0..15 twice = 0.5 · 2 · (120 − 128) = −8.
        let mut y = [0f32];
        m.matmul(&[1.0; 32], 1, &mut y);
        assert_eq!(y[0], -8.0);
        // x = e_3: picks q = 3 → 0.5 · (3 − 8) = −2.5, on both paths.
        let mut x = [0f32; 32];
        x[3] = 1.0;
        m.matmul(&x, 1, &mut y);
        assert_eq!(y[0], -2.5);
        let mut y2 = [0f32; 2];
        m.matmul(&[x, x].concat(), 2, &mut y2);
        assert_eq!(y2, [-2.5, -2.5]);
    }

    #[test]
    fn zero_points_are_read_low_nibble_first() {
        let nibbles = vec![0u8; 16 * 3];
        // Three blocks: zero points 1, 2 (byte 0x21), 3 (byte 0x03).
        let m = Q4Matrix::new(1, 96, &nibbles, &[1.0, 1.0, 1.0], Some(&[0x21, 0x03])).unwrap();
        assert_eq!(m.offsets, Offsets::PerBlock(vec![1.0, 2.0, 3.0]));
        // The same zero point everywhere is kept as one number.
        let uniform = Q4Matrix::new(1, 96, &nibbles, &[1.0, 1.0, 1.0], Some(&[0x33, 0x03])).unwrap();
        assert_eq!(uniform.offsets, Offsets::UniformZero(3.0));
        let mut row = vec![0f32; 96];
        m.dequantize_row(0, &mut row);
        assert_eq!((row[0], row[40], row[95]), (-1.0, -2.0, -3.0));
    }

    #[test]
    fn q4_1_blocks_add_their_minimum() {
        // One block, q = 0..15 twice, d = 0.5, m = −1: w = 0.5 q − 1.
        let nibbles: Vec<u8> = (0..16u8).map(|i| ((2 * i + 1) % 16) << 4 | (2 * i) % 16).collect();
        let m = Q4Matrix::q4_1(1, 32, &nibbles, &[0.5], &[-1.0]).unwrap();
        // x = 1 everywhere: 2 · (0.5 · 120 − 16) = 88.
        let mut y = [0f32];
        m.matmul(&[1.0; 32], 1, &mut y);
        assert_eq!(y[0], 88.0);
        // x = e_3: q = 3 → 0.5 · 3 − 1 = 0.5, on both paths.
        let mut x = [0f32; 32];
        x[3] = 1.0;
        m.matmul(&x, 1, &mut y);
        assert_eq!(y[0], 0.5);
        let mut y2 = [0f32; 2];
        m.matmul(&[x, x].concat(), 2, &mut y2);
        assert_eq!(y2, [0.5, 0.5]);
        assert!(Q4Matrix::q4_1(1, 32, &nibbles, &[0.5], &[]).is_err());
    }

    #[test]
    fn matmul_matches_the_definition_for_every_step_count() {
        for (rows, cols, zp, q4_1) in [(7, 64, false, false), (5, 576, true, false), (3, 1536, false, false), (4, 576, false, true)] {
            let mut m = matrix(rows, cols, zp, 42 + rows as u64);
            if q4_1 {
                let mut next = stream(9);
                let mins: Vec<f32> = (0..rows * cols / BLOCK).map(|_| (next() % 1000) as f32 / 500.0 - 1.0).collect();
                m = Q4Matrix::q4_1(rows, cols, &m.nibbles, &m.scales, &mins).unwrap();
            }
            for steps in [1, 2, 4, 5, 9] {
                let mut next = stream(7 * steps as u64 + 1);
                let x: Vec<f32> = (0..steps * cols).map(|_| (next() % 2001) as f32 / 1000.0 - 1.0).collect();
                let mut y = vec![0f32; steps * rows];
                m.matmul(&x, steps, &mut y);
                for (got, want) in y.iter().zip(reference(&m, &x, steps)) {
                    assert!((*got as f64 - want).abs() <= 1e-4 * (1.0 + want.abs()), "{rows}×{cols}, {steps} steps: {got} vs {want}");
                }
            }
        }
    }

    #[test]
    fn two_planes_join_into_the_q8_matrix_they_encode() {
        // q8 = 16·(hi − 8) + lo with hi at scale 16s, zero 8 and lo at scale s, zero 0.
        let mut next = stream(5);
        let (rows, cols) = (3, 64);
        let q8: Vec<i8> = (0..rows * cols).map(|_| next() as i8).collect();
        let scales: Vec<f32> = (0..rows * cols / BLOCK).map(|_| (next() % 100 + 1) as f32 / 64.0).collect();
        let plane = |f: &dyn Fn(i8) -> u8| -> Vec<u8> { q8.chunks(2).map(|p| f(p[1]) << 4 | f(p[0])).collect() };
        let hi = Q4Matrix::new(rows, cols, &plane(&|q| ((q as i16 >> 4) + 8) as u8), &scales.iter().map(|s| 16.0 * s).collect::<Vec<_>>(), None).unwrap();
        let lo = Q4Matrix::new(rows, cols, &plane(&|q| (q as u8) & 0x0F), &scales, Some(&vec![0; rows * cols / BLOCK / 2])).unwrap();
        let joined = Q8Matrix::from_planes(&hi, &lo).expect("the planes of a Q8 matrix");
        assert_eq!(joined.values, q8);
        assert!(Q8Matrix::from_planes(&lo, &hi).is_none(), "the planes in the wrong roles");
        // The joined product is the sum of the planes' products, for one and several steps.
        for steps in [1, 3] {
            let x: Vec<f32> = (0..steps * cols).map(|_| (next() % 2001) as f32 / 1000.0 - 1.0).collect();
            let (mut a, mut b, mut y) = (vec![0f32; steps * rows], vec![0f32; steps * rows], vec![0f32; steps * rows]);
            hi.matmul(&x, steps, &mut a);
            lo.matmul(&x, steps, &mut b);
            joined.matmul(&x, steps, &mut y);
            for i in 0..y.len() {
                assert!((y[i] - (a[i] + b[i])).abs() <= 1e-4 * (1.0 + y[i].abs()), "{} vs {}", y[i], a[i] + b[i]);
            }
        }
    }

    #[test]
    fn bad_shapes_are_refused() {
        assert!(Q4Matrix::new(1, 30, &[0; 15], &[1.0], None).is_err());
        assert!(Q4Matrix::new(2, 32, &[0; 16], &[1.0, 1.0], None).is_err());
        assert!(Q4Matrix::new(1, 32, &[0; 16], &[1.0], Some(&[0, 0])).is_err());
    }
}
