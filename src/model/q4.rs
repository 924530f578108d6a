//! 4-bit block kernels over the ONNX `MatMulNBits` / `GatherBlockQuantized` layout, read in
//! place: 32 weights per block, two per byte (element 2i in the low nibble of byte i), one f32
//! scale and one offset per block, `w = scale · q − offset`: ONNX's `scale · (q − zero)`, or
//! GGUF Q4_1's `d · q + m`.
//!
//! Why our own: tract-onnx lowers these ops to its Q4_0 format, which costs a nibble-by-nibble
//! re-layout at import and a re-pack at optimisation (most of tract's init time in the
//! browser), and on wasm32 its Q4_0 matmul ran far above the memory-bandwidth bound per decoded
//! token (BENCHMARKS.md has both). Here the bytes are used as they are, and one decoded token
//! reads each weight byte once.
//!
//! Activations in 16 bits: before each product, `x` is rounded to 16 bits per block of 32
//! ([`Activations16`]: `x ≈ unit_b · a`, `a` an i16, `unit_b = max_{i∈b} |x_i| / 32767`), so
//! each block is an integer dot product of the 4-bit (centred, `q − 8`) or 8-bit weights with
//! the i16 activations: one `i32x4.dot_i16x8` per 8 products, where an f32 route spends a
//! shuffle, a conversion, a multiply and an add per 4 (the decode time it saved is in
//! BENCHMARKS.md). The price is each `x_i` off by at most `unit_b / 2`
//! (1/65534 of its block's largest `|x|`); the effect on the real model's logits is measured
//! in `tests/model.rs` and documented in models/README.md. The integer sums are exact; the offset
//! term `Σ_b (offset_b − 8·scale_b) · Σ_{i∈b} x_i` uses the unrounded f32 `x`.
//!
//! One step (a decoded token) reads each weight once, straight from the nibbles; several
//! steps (a prompt) widen each row to i16 once and reuse it for every step. Both paths do the
//! same arithmetic in the same order: the same input row gives the same bits either way.

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
    pub fn new(
        rows: usize,
        cols: usize,
        nibbles: &[u8],
        scales: &[f32],
        zero_points: Option<&[u8]>,
    ) -> anyhow::Result<Q4Matrix> {
        anyhow::ensure!(cols.is_multiple_of(BLOCK), "{cols} columns are not whole blocks of {BLOCK}");
        let blocks = cols / BLOCK;
        anyhow::ensure!(nibbles.len() == rows * cols / 2, "{} weight bytes for a {rows}×{cols} matrix", nibbles.len());
        anyhow::ensure!(scales.len() == rows * blocks, "{} scales for {} blocks", scales.len(), rows * blocks);
        let zp_row = blocks.div_ceil(2);
        if let Some(zp) = zero_points {
            anyhow::ensure!(
                zp.len() == rows * zp_row,
                "{} zero-point bytes for {rows} rows of {blocks} blocks",
                zp.len()
            );
        }
        let offsets = match zero_points {
            None => Offsets::UniformZero(8.0),
            Some(zp) => {
                let zero =
                    |i: usize| ((zp[(i / blocks) * zp_row + (i % blocks) / 2] >> (4 * (i % blocks % 2))) & 0x0F) as f32;
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

    /// `offset_b − 8 · scale_b` for row `row`'s blocks: what is left to subtract once the
    /// one-step kernel has taken `scale · (q − 8)`. `None` for symmetric weights (zero point 8
    /// everywhere), which leave nothing.
    fn centred_offsets(&self, row: usize, out: &mut [f32]) -> Option<()> {
        match &self.offsets {
            Offsets::UniformZero(z) if *z == 8.0 => return None,
            Offsets::UniformZero(z) => {
                for (o, scale) in out.iter_mut().zip(self.row_blocks(&self.scales, row)) {
                    *o = scale * (z - 8.0);
                }
            }
            Offsets::PerBlock(offsets) => {
                for ((o, offset), scale) in
                    out.iter_mut().zip(self.row_blocks(offsets, row)).zip(self.row_blocks(&self.scales, row))
                {
                    *o = offset - 8.0 * scale;
                }
            }
        }
        Some(())
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
    /// Activations rounded to 16 bits (the module doc). One step (a decoded token) reads each
    /// weight once, straight from the nibbles. Several steps (a prompt) widen a row once to
    /// i16 and take its dot product with four steps at a time, so the unpacking is paid once
    /// per row, not once per step. Both give the same bits for the same input row.
    pub fn matmul(&self, x: &[f32], steps: usize, y: &mut [f32]) {
        assert_eq!(x.len(), steps * self.cols);
        assert_eq!(y.len(), steps * self.rows);
        let (blocks, cols) = (self.blocks(), self.cols);
        let (a, sums) = (Activations16::deinterleaved(x), block_sums(x));
        let mut offsets = vec![0f32; blocks];
        let mut widened = vec![0i16; if steps == 1 { 0 } else { cols }];
        for r in 0..self.rows {
            let scales = self.row_blocks(&self.scales, r);
            let centred = self.centred_offsets(r, &mut offsets);
            let mut put = |s: usize, dot: f32| {
                y[s * self.rows + r] = match centred {
                    None => dot,
                    Some(()) => {
                        dot - offsets.iter().zip(&sums[s * blocks..(s + 1) * blocks]).map(|(o, x)| o * x).sum::<f32>()
                    }
                };
            };
            if steps == 1 {
                put(0, kernel::centred_row_dot(self.row_nibbles(r), scales, &a.values, &a.units));
                continue;
            }
            kernel::widen_centred(self.row_nibbles(r), &mut widened);
            let mut s = 0;
            while s + 4 <= steps {
                let group = [0, 1, 2, 3].map(|j| a.row(s + j, cols));
                for (j, dot) in kernel::row_dot16x4(&widened, scales, group).into_iter().enumerate() {
                    put(s + j, dot);
                }
                s += 4;
            }
            for s in s..steps {
                let (values, units) = a.row(s, cols);
                put(s, kernel::row_dot16(&widened, scales, values, units));
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

    /// `y[s, r] = Σ_c x[s, c] · w[r, c]` for `x` of shape `[steps, cols]`, against activations
    /// rounded to 16 bits as for [`Q4Matrix::matmul`].
    pub fn matmul(&self, x: &[f32], steps: usize, y: &mut [f32]) {
        assert_eq!(x.len(), steps * self.cols);
        assert_eq!(y.len(), steps * self.rows);
        let (blocks, cols) = (self.cols / BLOCK, self.cols);
        let a = Activations16::natural(x);
        // Rows outer: each row is read from memory once, whatever the number of steps.
        for r in 0..self.rows {
            let (values, scales) = (&self.values[r * cols..(r + 1) * cols], &self.scales[r * blocks..(r + 1) * blocks]);
            for s in 0..steps {
                let (a, a_units) = a.row(s, cols);
                y[s * self.rows + r] = kernel::q8_row_dot16(values, scales, a, a_units);
            }
        }
    }
}

/// Rows of activations rounded to 16 bits per block of 32: `x_i ≈ units[b] · values[i]`
/// with `units[b] = max_{i∈b} |x_i| / 32767`, so `|x_i − units[b] · values[i]| ≤ units[b] / 2`.
/// Round half to even (wasm's `f32.nearest`, one instruction). A block holding a NaN or an
/// infinity gets a NaN unit, so the products it enters are NaN rather than silently finite; a
/// block whose largest |x| is below ~1e-34 counts as zero.
#[derive(Debug)]
pub struct Activations16 {
    pub values: Vec<i16>,
    pub units: Vec<f32>,
}

impl Activations16 {
    /// In `x`'s order, for the Q8 rows.
    pub fn natural(x: &[f32]) -> Activations16 {
        Activations16::rounded(x, |i| i)
    }

    /// Per block, the 16 even then the 16 odd elements: the low/high nibble split of the
    /// packed 4-bit weights.
    pub fn deinterleaved(x: &[f32]) -> Activations16 {
        Activations16::rounded(x, |i| if i % 2 == 0 { i / 2 } else { BLOCK_BYTES + i / 2 })
    }

    /// Row `s`'s values and block units, for rows of `cols`.
    pub fn row(&self, s: usize, cols: usize) -> (&[i16], &[f32]) {
        (&self.values[s * cols..(s + 1) * cols], &self.units[s * cols / BLOCK..(s + 1) * cols / BLOCK])
    }

    fn rounded(x: &[f32], position: impl Fn(usize) -> usize) -> Activations16 {
        let mut values = vec![0i16; x.len()];
        let mut units = vec![0f32; x.len() / BLOCK];
        for ((block, out), unit) in x.chunks_exact(BLOCK).zip(values.chunks_exact_mut(BLOCK)).zip(&mut units) {
            let largest = block.iter().fold(0f32, |m, v| m.max(v.abs()));
            if !largest.is_finite() || block.iter().any(|v| v.is_nan()) {
                // Not representable: the block's products come out NaN, as they would in f32.
                *unit = f32::NAN;
                continue;
            }
            let inverse = 32767.0 / largest;
            if !inverse.is_finite() {
                // Zero, or so small (below ~1e-34) that 32767 / largest overflows: the block
                // counts as zero; its products would be below 1e-30.
                continue;
            }
            *unit = largest / 32767.0;
            for (i, v) in block.iter().enumerate() {
                out[position(i)] = (v * inverse).round_ties_even() as i16;
            }
        }
        Activations16 { values, units }
    }
}

/// Each block's sum of `x`, for the offset term.
fn block_sums(x: &[f32]) -> Vec<f32> {
    x.chunks_exact(BLOCK).map(|block| block.iter().sum()).collect()
}

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod kernel {
    //! wasm SIMD128: weights widened to i16 lanes, `i32x4.dot_i16x8` against the i16
    //! activations (8 products per instruction), one conversion to f32 per block.
    use core::arch::wasm32::*;

    use super::{BLOCK, BLOCK_BYTES};

    /// The four i32 lanes of one block's `Σ w_i · a_i` for 32 i16 weights (four vectors of 8)
    /// and their i16 activations: lane `l` holds the products at positions `p` with
    /// `(p mod 8) div 2 = l`.
    #[inline(always)]
    unsafe fn block_lanes(w: [v128; 4], a: *const i16) -> v128 {
        unsafe {
            let dot = |k: usize| i32x4_dot_i16x8(w[k], v128_load(a.add(8 * k) as *const v128));
            i32x4_add(i32x4_add(dot(0), dot(1)), i32x4_add(dot(2), dot(3)))
        }
    }

    /// `total + lanes · (scale · unit)`: the block's integer sum back in f32.
    #[inline(always)]
    fn add_scaled(total: v128, lanes: v128, scale: f32, unit: f32) -> v128 {
        f32x4_add(total, f32x4_mul(f32x4_convert_i32x4(lanes), f32x4_splat(scale * unit)))
    }

    /// One block's 32 nibbles, centred (`q − 8`), as four i16x8 vectors in the deinterleaved
    /// order: the 16 low nibbles, then the 16 high ones.
    #[inline(always)]
    unsafe fn centred_block(p: *const u8) -> [v128; 4] {
        unsafe {
            let v = v128_load(p as *const v128);
            let eight = i8x16_splat(8);
            let lo = i8x16_sub(v128_and(v, u8x16_splat(0x0F)), eight);
            let hi = i8x16_sub(u8x16_shr(v, 4), eight);
            [
                i16x8_extend_low_i8x16(lo),
                i16x8_extend_high_i8x16(lo),
                i16x8_extend_low_i8x16(hi),
                i16x8_extend_high_i8x16(hi),
            ]
        }
    }

    #[inline(always)]
    unsafe fn widened_block(p: *const i16) -> [v128; 4] {
        unsafe { [0, 1, 2, 3].map(|k| v128_load(p.add(8 * k) as *const v128)) }
    }

    fn horizontal(v: v128) -> f32 {
        (f32x4_extract_lane::<0>(v) + f32x4_extract_lane::<1>(v))
            + (f32x4_extract_lane::<2>(v) + f32x4_extract_lane::<3>(v))
    }

    /// `Σ_b scale_b · unit_b · Σ_i w_{b,i} · a_{b,i}` for `N` rows of activations, block `b`'s
    /// weights from `weights(b)`: the one loop every kernel below runs, so they give the same
    /// bits for the same weights.
    #[inline(always)]
    fn row_dots<const N: usize>(
        scales: &[f32],
        weights: impl Fn(usize) -> [v128; 4],
        rows: [(&[i16], &[f32]); N],
    ) -> [f32; N] {
        for (a, a_units) in rows {
            assert!(a.len() == scales.len() * BLOCK && a_units.len() == scales.len());
        }
        let mut totals = [f32x4_splat(0.0); N];
        for (b, &scale) in scales.iter().enumerate() {
            let w = weights(b);
            for (total, (a, a_units)) in totals.iter_mut().zip(rows) {
                *total = unsafe {
                    add_scaled(*total, block_lanes(w, a.as_ptr().add(b * BLOCK)), scale, *a_units.get_unchecked(b))
                };
            }
        }
        totals.map(horizontal)
    }

    /// `Σ_b scale_b · unit_b · Σ_i (q_{b,i} − 8) · a_{b,i}` with `a` deinterleaved per block.
    pub fn centred_row_dot(nibbles: &[u8], scales: &[f32], a: &[i16], a_units: &[f32]) -> f32 {
        assert_eq!(nibbles.len(), scales.len() * BLOCK_BYTES);
        let [dot] =
            row_dots(scales, |b| unsafe { centred_block(nibbles.as_ptr().add(b * BLOCK_BYTES)) }, [(a, a_units)]);
        dot
    }

    /// A row's nibbles as `q − 8` in i16, in the order [`centred_row_dot`] reads them.
    pub fn widen_centred(nibbles: &[u8], out: &mut [i16]) {
        assert_eq!(nibbles.len() * 2, out.len());
        for b in 0..nibbles.len() / BLOCK_BYTES {
            unsafe {
                let w = centred_block(nibbles.as_ptr().add(b * BLOCK_BYTES));
                for (k, v) in w.into_iter().enumerate() {
                    v128_store(out.as_mut_ptr().add(b * BLOCK + 8 * k) as *mut v128, v);
                }
            }
        }
    }

    /// [`centred_row_dot`] over a row [`widen_centred`] wrote: the same bits.
    pub fn row_dot16(w: &[i16], scales: &[f32], a: &[i16], a_units: &[f32]) -> f32 {
        let [dot] = row_dot16s(w, scales, [(a, a_units)]);
        dot
    }

    /// [`row_dot16`] for four rows of activations (four steps of a prompt), each weight vector
    /// loaded once.
    pub fn row_dot16x4(w: &[i16], scales: &[f32], rows: [(&[i16], &[f32]); 4]) -> [f32; 4] {
        row_dot16s(w, scales, rows)
    }

    #[inline(always)]
    fn row_dot16s<const N: usize>(w: &[i16], scales: &[f32], rows: [(&[i16], &[f32]); N]) -> [f32; N] {
        assert_eq!(w.len(), scales.len() * BLOCK);
        row_dots(scales, |b| unsafe { widened_block(w.as_ptr().add(b * BLOCK)) }, rows)
    }

    /// `Σ_b scale_b · unit_b · Σ_i q_{b,i} · a_{b,i}` for i8 `q`, `a` in natural order.
    pub fn q8_row_dot16(values: &[i8], scales: &[f32], a: &[i16], a_units: &[f32]) -> f32 {
        assert_eq!(values.len(), scales.len() * BLOCK);
        let widened = |b: usize| unsafe {
            let qp = values.as_ptr().add(b * BLOCK);
            let (v0, v1) = (v128_load(qp as *const v128), v128_load(qp.add(16) as *const v128));
            [
                i16x8_extend_low_i8x16(v0),
                i16x8_extend_high_i8x16(v0),
                i16x8_extend_low_i8x16(v1),
                i16x8_extend_high_i8x16(v1),
            ]
        };
        let [dot] = row_dots(scales, widened, [(a, a_units)]);
        dot
    }
}

#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
mod kernel {
    //! Portable: the SIMD kernel's arithmetic, lane for lane (integer lanes, then the same f32
    //! steps in the same order), so native tests get the browser's bits.
    use super::{BLOCK, BLOCK_BYTES};

    type Lanes = [f32; 4];

    /// One block's integer sum in the SIMD kernel's lanes (position `p` to lane
    /// `(p mod 8) div 2`, as `i32x4.dot_i16x8` over four vectors of 8), added back in f32.
    fn add_block(total: &mut Lanes, w: &[i16; BLOCK], a: &[i16], scale: f32, unit: f32) {
        // Integer sums are exact, so any order within a lane gives the SIMD kernel's value;
        // this one vectorises.
        let mut eighths = [0i32; 8];
        for (w, a) in w.chunks_exact(8).zip(a.chunks_exact(8)) {
            for j in 0..8 {
                eighths[j] += w[j] as i32 * a[j] as i32;
            }
        }
        for l in 0..4 {
            total[l] += (eighths[2 * l] + eighths[2 * l + 1]) as f32 * (scale * unit);
        }
    }

    fn horizontal(v: Lanes) -> f32 {
        (v[0] + v[1]) + (v[2] + v[3])
    }

    /// One block's 32 nibbles as `q − 8`: the 16 low nibbles, then the 16 high ones.
    fn centred_block(bytes: &[u8]) -> [i16; BLOCK] {
        let mut w = [0i16; BLOCK];
        for (i, &byte) in bytes.iter().enumerate() {
            w[i] = (byte & 0x0F) as i16 - 8;
            w[BLOCK_BYTES + i] = (byte >> 4) as i16 - 8;
        }
        w
    }

    /// The SIMD kernel's `row_dots`: the one loop every kernel below runs.
    fn row_dots<const N: usize>(
        scales: &[f32],
        weights: impl Fn(usize) -> [i16; BLOCK],
        rows: [(&[i16], &[f32]); N],
    ) -> [f32; N] {
        for (a, a_units) in rows {
            assert!(a.len() == scales.len() * BLOCK && a_units.len() == scales.len());
        }
        let mut totals = [[0f32; 4]; N];
        for (b, &scale) in scales.iter().enumerate() {
            let w = weights(b);
            for (total, (a, a_units)) in totals.iter_mut().zip(rows) {
                add_block(total, &w, &a[b * BLOCK..(b + 1) * BLOCK], scale, a_units[b]);
            }
        }
        totals.map(horizontal)
    }

    pub fn centred_row_dot(nibbles: &[u8], scales: &[f32], a: &[i16], a_units: &[f32]) -> f32 {
        assert_eq!(nibbles.len(), scales.len() * BLOCK_BYTES);
        let [dot] =
            row_dots(scales, |b| centred_block(&nibbles[b * BLOCK_BYTES..(b + 1) * BLOCK_BYTES]), [(a, a_units)]);
        dot
    }

    pub fn widen_centred(nibbles: &[u8], out: &mut [i16]) {
        assert_eq!(nibbles.len() * 2, out.len());
        for (bytes, out) in nibbles.chunks_exact(BLOCK_BYTES).zip(out.chunks_exact_mut(BLOCK)) {
            out.copy_from_slice(&centred_block(bytes));
        }
    }

    pub fn row_dot16(w: &[i16], scales: &[f32], a: &[i16], a_units: &[f32]) -> f32 {
        let [dot] = row_dot16s(w, scales, [(a, a_units)]);
        dot
    }

    pub fn row_dot16x4(w: &[i16], scales: &[f32], rows: [(&[i16], &[f32]); 4]) -> [f32; 4] {
        row_dot16s(w, scales, rows)
    }

    fn row_dot16s<const N: usize>(w: &[i16], scales: &[f32], rows: [(&[i16], &[f32]); N]) -> [f32; N] {
        assert_eq!(w.len(), scales.len() * BLOCK);
        row_dots(scales, |b| w[b * BLOCK..(b + 1) * BLOCK].try_into().unwrap(), rows)
    }

    pub fn q8_row_dot16(values: &[i8], scales: &[f32], a: &[i16], a_units: &[f32]) -> f32 {
        assert_eq!(values.len(), scales.len() * BLOCK);
        let [dot] = row_dots(scales, |b| std::array::from_fn(|p| values[b * BLOCK + p] as i16), [(a, a_units)]);
        dot
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::test_stream as stream;

    fn matrix(rows: usize, cols: usize, zero_points: bool, seed: u64) -> Q4Matrix {
        let mut next = stream(seed);
        let nibbles: Vec<u8> = (0..rows * cols / 2).map(|_| next() as u8).collect();
        let scales: Vec<f32> = (0..rows * cols / BLOCK).map(|_| (next() % 1000) as f32 / 8000.0 + 0.001).collect();
        let zp: Vec<u8> = (0..rows * (cols / BLOCK).div_ceil(2)).map(|_| next() as u8).collect();
        Q4Matrix::new(rows, cols, &nibbles, &scales, zero_points.then_some(&zp[..])).unwrap()
    }

    fn nibble(m: &Q4Matrix, r: usize, c: usize) -> u8 {
        let byte = m.nibbles[r * m.cols / 2 + c / 2];
        if c.is_multiple_of(2) { byte & 0x0F } else { byte >> 4 }
    }

    /// The definition, in f64: w[r, c] = scale · q − offset.
    fn reference(m: &Q4Matrix, x: &[f32], steps: usize) -> Vec<f64> {
        let mut y = vec![0f64; steps * m.rows];
        for r in 0..m.rows {
            for c in 0..m.cols {
                let q = nibble(m, r, c) as f64;
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
        let nibbles: Vec<u8> = (0..16u8).map(|i| (((2 * i + 1) % 16) << 4) | ((2 * i) % 16)).collect();
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
        let nibbles: Vec<u8> = (0..16u8).map(|i| (((2 * i + 1) % 16) << 4) | ((2 * i) % 16)).collect();
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
        for (rows, cols, zp, q4_1) in
            [(7, 64, false, false), (5, 576, true, false), (3, 1536, false, false), (4, 576, false, true)]
        {
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
                // x is rounded to 16 bits: each x_c is off by at most unit_b / 2, which the
                // centred weights scale · (q − 8) carry into y.
                let a = Activations16::natural(&x);
                let rounding = |s: usize, r: usize| -> f64 {
                    let centred =
                        |c: usize| m.scales[r * m.blocks() + c / BLOCK] as f64 * (nibble(&m, r, c) as f64 - 8.0);
                    (0..cols).map(|c| centred(c).abs() * a.units[(s * cols + c) / BLOCK] as f64 / 2.0).sum()
                };
                for (i, (got, want)) in y.iter().zip(reference(&m, &x, steps)).enumerate() {
                    let allowed = 1e-5 * (1.0 + want.abs()) + rounding(i / rows, i % rows);
                    assert!((*got as f64 - want).abs() <= allowed, "{rows}×{cols}, {steps} steps: {got} vs {want}");
                }
                // A prompt's step and the same step decoded alone: the same bits.
                for s in 0..steps {
                    let mut alone = vec![0f32; rows];
                    m.matmul(&x[s * cols..(s + 1) * cols], 1, &mut alone);
                    assert_eq!(alone, y[s * rows..(s + 1) * rows], "{rows}×{cols}, step {s} of {steps}");
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
        let hi = Q4Matrix::new(
            rows,
            cols,
            &plane(&|q| ((q as i16 >> 4) + 8) as u8),
            &scales.iter().map(|s| 16.0 * s).collect::<Vec<_>>(),
            None,
        )
        .unwrap();
        let lo =
            Q4Matrix::new(rows, cols, &plane(&|q| (q as u8) & 0x0F), &scales, Some(&vec![0; rows * cols / BLOCK / 2]))
                .unwrap();
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
    fn activations_round_to_16_bits_per_block() {
        // Block 0: largest |x| = 2, so unit = 2/32767 and x = 1 → 16383.5 → 16384 (half to
        // even), x = −2 → −32767. Block 1: all zero, unit 0.
        let mut x = vec![0f32; 64];
        (x[0], x[1], x[2], x[5]) = (1.0, -2.0, 0.5, 2.0);
        let natural = Activations16::natural(&x);
        assert_eq!(natural.units, vec![2.0 / 32767.0, 0.0]);
        assert_eq!(&natural.values[..6], &[16384, -32767, 8192, 0, 0, 32767]);
        assert!(natural.values[32..].iter().all(|&v| v == 0));
        // Deinterleaved: the even elements first, then the odd ones.
        let split = Activations16::deinterleaved(&x);
        assert_eq!(
            (split.values[0], split.values[1], split.values[16], split.values[18]),
            (16384, 8192, -32767, 32767)
        );
        // Every element within half a unit, on random data.
        let mut next = stream(3);
        let x: Vec<f32> = (0..576)
            .map(|_| ((next() % 20001) as f32 / 1000.0 - 10.0) * if next().is_multiple_of(7) { 50.0 } else { 1.0 })
            .collect();
        let a = Activations16::natural(&x);
        for (i, &v) in x.iter().enumerate() {
            let unit = a.units[i / BLOCK];
            assert!((v - unit * a.values[i] as f32).abs() <= unit * 0.5001, "x[{i}] = {v}");
        }
        // A block too small to scale counts as zero (no NaN, no saturated values).
        let mut x = vec![1f32; 64];
        x[32..].fill(1e-36);
        let a = Activations16::natural(&x);
        assert_eq!((a.units[1], a.values[32..].iter().all(|&v| v == 0)), (0.0, true));
        // A non-finite element poisons its block, not the others.
        let mut x = vec![1f32; 64];
        x[40] = f32::NAN;
        let a = Activations16::natural(&x);
        assert!(a.units[0] > 0.0 && a.units[1].is_nan());
        let m = Q4Matrix::new(1, 64, &[0x99; 32], &[1.0, 1.0], None).unwrap();
        let mut y = [0f32];
        m.matmul(&x, 1, &mut y);
        assert!(y[0].is_nan());
    }

    #[test]
    fn bad_shapes_are_refused() {
        assert!(Q4Matrix::new(1, 30, &[0; 15], &[1.0], None).is_err());
        assert!(Q4Matrix::new(2, 32, &[0; 16], &[1.0, 1.0], None).is_err());
        assert!(Q4Matrix::new(1, 32, &[0; 16], &[1.0], Some(&[0, 0])).is_err());
    }
}
