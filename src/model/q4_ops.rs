//! tract operators that run the 4-bit weights with [`super::q4`]'s kernels, and the ONNX
//! import hook that puts them in place of tract-onnx's `MatMulNBits` and
//! `GatherBlockQuantized` lowerings (which re-lay the nibbles out as tract's Q4_0 and pack
//! them again at optimisation: most of the browser's model start-up). Before import, each
//! Q4_1 layer's operators are folded into one ([`fold_q4_1`]).

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use tract_hir::internal::*;
use tract_onnx::model::{Onnx, ParsingContext, optional_inputs};
use tract_onnx::pb::{GraphProto, NodeProto};

use tract_hir::tract_core::ops::binary::TypedBinOp;

use super::q4::{BLOCK, Q4Matrix, Q8Matrix};

/// Which implementation runs the ONNX graph's 4-bit operators.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kernels {
    /// [`super::q4`]: the weights read in place.
    Samplescope,
    /// tract-onnx's own lowering to Q4_0, read with its full operator registry: kept to
    /// check ours against it, natively only (the worker would carry every ONNX operator).
    #[cfg(not(target_arch = "wasm32"))]
    Tract,
}

/// Our operator for a GGUF Q4_1 linear layer, `x · Wᵀ` with `w = d · q + m`: inputs
/// `[x, nibbles, d, m]`, attributes `K`, `N` as `MatMulNBits`. Only [`fold_q4_1`] writes it;
/// the ONNX file keeps standard and com.microsoft operators.
const MAT_MUL_Q4_1: &str = "SamplescopeMatMulQ4_1";

/// Reads the ONNX model with the operators it uses ([`super::onnx_ops`]) and our 4-bit ones:
/// each Q4_1 linear layer folded into one operator ([`fold_q4_1`]), and our builders for the
/// two com.microsoft 4-bit operators.
/// Returns the model and the number of folded layers.
pub fn read_model(onnx_bytes: &[u8]) -> TractResult<(InferenceModel, usize)> {
    let mut onnx = Onnx { op_register: super::onnx_ops::registry(), ..Onnx::default() };
    onnx.op_register.insert("MatMulNBits", mat_mul_nbits);
    onnx.op_register.insert("GatherBlockQuantized", gather_block_quantized);
    onnx.op_register.insert(MAT_MUL_Q4_1, mat_mul_q4_1);
    let mut proto = onnx.proto_model_for_read(&mut std::io::Cursor::new(onnx_bytes))?;
    super::onnx_ops::check_model(&proto, &onnx.op_register)?;
    let graph = proto.graph.as_mut().context("the ONNX model has no graph")?;
    let folded = fold_q4_1(&onnx, graph)?;
    Ok((onnx.model_for_proto_model(&proto)?, folded))
}

// ---- the Q4_1 fold, on the ONNX graph -----------------------------------------------------

/// `models/build_onnx.py` writes a Q4_1 linear layer (`w = d · q + m`) in operators that
/// onnxruntime also runs: symmetric 4-bit plus a per-block correction,
///
/// ```text
/// Add(MatMulNBits(x, q, Reshape(d)),
///     MatMul(ReduceSum(Reshape(x, [.., K/32, 32]), [-1]), Transpose(Add(Mul(d, 8), m))))
/// ```
///
/// since `d · (q − 8) + (8d + m) = d · q + m`. tract would run that as six operators over a
/// second, f32 matrix of corrections (about a fifth of the graph's nodes and of its start-up
/// work). This replaces each match by one [`MAT_MUL_Q4_1`]`(x, q, d, m)` and drops what only
/// fed it. Anything that does not match exactly is left alone. Returns the number folded.
fn fold_q4_1(onnx: &Onnx, graph: &mut GraphProto) -> TractResult<usize> {
    let folds: Vec<(usize, NodeProto)> = {
        let index = GraphIndex::new(onnx, graph);
        graph.node.iter().enumerate().filter_map(|(i, add)| index.q4_1_layer(add).map(|fused| (i, fused))).collect()
    };
    let count = folds.len();
    for (i, fused) in folds {
        graph.node[i] = fused;
    }
    // Drop what no longer feeds anything, then the initialisers nothing reads.
    loop {
        let read: HashSet<String> = graph
            .node
            .iter()
            .flat_map(|n| n.input.iter())
            .chain(graph.output.iter().map(|o| &o.name))
            .cloned()
            .collect();
        let before = graph.node.len();
        graph.node.retain(|n| n.output.iter().any(|o| read.contains(o)));
        if graph.node.len() == before {
            let inputs: HashSet<&String> = graph.input.iter().map(|i| &i.name).collect();
            graph.initializer.retain(|t| read.contains(&t.name) || inputs.contains(&t.name));
            return Ok(count);
        }
    }
}

/// Who produces and who reads each value of an ONNX graph.
struct GraphIndex<'g> {
    onnx: &'g Onnx,
    producers: HashMap<&'g str, &'g NodeProto>,
    readers: HashMap<&'g str, usize>,
    initializers: HashMap<&'g str, &'g tract_onnx::pb::TensorProto>,
}

impl<'g> GraphIndex<'g> {
    fn new(onnx: &'g Onnx, graph: &'g GraphProto) -> GraphIndex<'g> {
        let mut readers = HashMap::new();
        for name in graph.node.iter().flat_map(|n| n.input.iter()).chain(graph.output.iter().map(|o| &o.name)) {
            *readers.entry(name.as_str()).or_insert(0) += 1;
        }
        GraphIndex {
            onnx,
            producers: graph.node.iter().flat_map(|n| n.output.iter().map(move |o| (o.as_str(), n))).collect(),
            readers,
            initializers: graph.initializer.iter().map(|t| (t.name.as_str(), t)).collect(),
        }
    }

    /// The node of type `op` that produces `value`, when `value` has no other reader.
    fn only_use(&self, value: &str, op: &str) -> Option<&'g NodeProto> {
        self.producers.get(value).filter(|n| n.op_type == op && self.readers.get(value) == Some(&1)).copied()
    }

    /// The node of type `op` that produces `value`.
    fn producer(&self, value: &str, op: &str) -> Option<&'g NodeProto> {
        self.producers.get(value).filter(|n| n.op_type == op).copied()
    }

    /// An initialiser's values, as f64.
    fn constant(&self, value: &str) -> Option<Vec<f64>> {
        let tensor = tract_onnx::tensor::load_tensor(&*self.onnx.provider, self.initializers.get(value)?, None).ok()?;
        let tensor = tensor.cast_to::<f64>().ok()?;
        Some(tensor.try_as_plain_ram().ok()?.as_slice::<f64>().ok()?.to_vec())
    }

    /// `add` as one [`MAT_MUL_Q4_1`] node, when it is the root of a Q4_1 layer.
    fn q4_1_layer(&self, add: &NodeProto) -> Option<NodeProto> {
        if add.op_type != "Add" || add.input.len() != 2 {
            return None;
        }
        [(0, 1), (1, 0)].into_iter().find_map(|(y, c)| self.q4_1_parts(add, &add.input[y], &add.input[c]))
    }

    fn q4_1_parts(&self, add: &NodeProto, y: &str, correction: &str) -> Option<NodeProto> {
        let nbits = self.only_use(y, "MatMulNBits")?;
        let attr = |name: &str| nbits.get_attr_opt::<i64>(name).ok().flatten();
        let (k, bits, block) = (attr("K")?, attr("bits").unwrap_or(4), attr("block_size")?);
        let [x, q, scales] = &nbits.input[..] else { return None };
        if bits != 4 || block != BLOCK as i64 {
            return None;
        }

        // block_sums(x) @ offsetsᵀ
        let matmul = self.only_use(correction, "MatMul")?;
        let [sums, offsets_t] = &matmul.input[..] else { return None };
        let reduce = self.only_use(sums, "ReduceSum")?;
        let [blocked, axes] = &reduce.input[..] else { return None };
        if reduce.get_attr_opt::<i64>("keepdims").ok().flatten() != Some(0) || self.constant(axes)? != [-1.0] {
            return None;
        }
        let reshape = self.only_use(blocked, "Reshape")?;
        let [reshaped, shape] = &reshape.input[..] else { return None };
        if reshaped != x || !self.constant(shape)?.ends_with(&[(k / BLOCK as i64) as f64, BLOCK as f64]) {
            return None;
        }
        let transpose = self.producer(offsets_t, "Transpose")?;
        let [offsets] = &transpose.input[..] else { return None };
        if transpose.get_attr_opt_vec::<i64>("perm").ok().flatten()? != [1, 0] {
            return None;
        }

        // offsets = d · 8 + m, with the same d as the scales
        let offsets = self.producer(offsets, "Add")?;
        let [o0, o1] = &offsets.input[..] else { return None };
        let (d, m) = [(o0, o1), (o1, o0)].into_iter().find_map(|(product, m)| {
            let [a, b] = &self.producer(product, "Mul")?.input[..] else { return None };
            let d =
                [(a, b), (b, a)].into_iter().find_map(|(d, eight)| (self.constant(eight)? == [8.0]).then_some(d))?;
            Some((d, m))
        })?;
        let scales_are_d = scales == d || self.producer(scales, "Reshape").is_some_and(|r| r.input.first() == Some(d));
        if !scales_are_d {
            return None;
        }

        let mut fused = nbits.clone();
        fused.op_type = MAT_MUL_Q4_1.into();
        fused.domain = "samplescope".into();
        fused.name = add.name.clone();
        fused.input = vec![x.clone(), q.clone(), d.clone(), m.clone()];
        fused.output = add.output.clone();
        Some(fused)
    }
}

// ---- import ---------------------------------------------------------------------------

/// com.microsoft `MatMulNBits`, 4 bits, block 32: `Y = A · dequant(B)ᵀ`.
fn mat_mul_nbits(_ctx: &ParsingContext, node: &NodeProto) -> TractResult<(Box<dyn InferenceOp>, Vec<String>)> {
    let k: usize = node.get_attr("K")?;
    let n: usize = node.get_attr("N")?;
    let bits: usize = node.get_attr_opt("bits")?.unwrap_or(4);
    let block_size: usize = node.get_attr("block_size")?;
    ensure!(bits == 4 && block_size == BLOCK, "MatMulNBits: only bits 4, block 32 (got {bits}, {block_size})");
    let mut optional = optional_inputs(node).skip(3);
    let has_zero_points = optional.next().flatten().is_some();
    ensure!(optional.next().flatten().is_none(), "MatMulNBits: g_idx is unsupported");
    ensure!(optional.next().flatten().is_none(), "MatMulNBits: bias is unsupported");
    Ok((expand(Import(Q4Pending::onnx(Kind::MatMul { rows: n, cols: k }, has_zero_points))), vec![]))
}

/// [`MAT_MUL_Q4_1`]: inputs `[x, nibbles, d, m]`.
fn mat_mul_q4_1(_ctx: &ParsingContext, node: &NodeProto) -> TractResult<(Box<dyn InferenceOp>, Vec<String>)> {
    let (k, n): (usize, usize) = (node.get_attr("K")?, node.get_attr("N")?);
    Ok((expand(Import(Q4Pending { kind: Kind::MatMul { rows: n, cols: k }, offsets: OffsetInput::Minimums })), vec![]))
}

/// com.microsoft `GatherBlockQuantized`, 4 bits, block 32, gather axis 0, quantised axis last.
fn gather_block_quantized(_ctx: &ParsingContext, node: &NodeProto) -> TractResult<(Box<dyn InferenceOp>, Vec<String>)> {
    let bits: usize = node.get_attr_opt("bits")?.unwrap_or(4);
    let block_size: usize = node.get_attr_opt("block_size")?.unwrap_or(128);
    let gather_axis: i64 = node.get_attr_opt("gather_axis")?.unwrap_or(0);
    let quantize_axis: i64 = node.get_attr_opt("quantize_axis")?.unwrap_or(1);
    ensure!(
        bits == 4 && block_size == BLOCK && gather_axis == 0 && (quantize_axis == 1 || quantize_axis == -1),
        "GatherBlockQuantized: only bits 4, block 32, gather axis 0, last quantised axis"
    );
    let has_zero_points = node.input.len() > 3 && !node.input[3].is_empty();
    Ok((expand(Import(Q4Pending::onnx(Kind::Gather, has_zero_points))), vec![]))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// Inputs `[x, nibbles [rows, cols/32, 16], scales, zero points?]`.
    MatMul { rows: usize, cols: usize },
    /// ONNX inputs `[table [rows, cols/2], ids, scales, zero points?]`.
    Gather,
}

/// The input after the scales, if any.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum OffsetInput {
    /// None: the symmetric zero point 8.
    None,
    /// ONNX 4-bit zero points, two per byte.
    ZeroPoints,
    /// GGUF Q4_1's block minimums `m` (`w = d · q + m`).
    Minimums,
}

/// The imported operator: wires the [`Q4Pending`] it holds.
#[derive(Debug, Clone)]
struct Import(Q4Pending);

impl Expansion for Import {
    fn name(&self) -> StaticName {
        match (self.0.kind, self.0.offsets) {
            (Kind::MatMul { .. }, OffsetInput::Minimums) => MAT_MUL_Q4_1,
            (Kind::MatMul { .. }, _) => "MatMulNBits",
            (Kind::Gather, _) => "GatherBlockQuantized",
        }
        .into()
    }

    fn rules<'r, 'p: 'r, 's: 'r>(
        &'s self,
        s: &mut Solver<'r>,
        inputs: &'p [TensorProxy],
        outputs: &'p [TensorProxy],
    ) -> InferenceResult {
        check_input_arity(inputs, if self.0.offsets == OffsetInput::None { 3 } else { 4 })?;
        check_output_arity(outputs, 1)?;
        s.equals(&outputs[0].datum_type, &inputs[2].datum_type)?;
        match self.0.kind {
            Kind::MatMul { rows, .. } => s.given(&inputs[0].rank, move |s, rank| {
                let rank = rank as usize;
                s.equals(&outputs[0].rank, rank as i64)?;
                for ax in 0..rank - 1 {
                    s.equals(&outputs[0].shape[ax], &inputs[0].shape[ax])?;
                }
                s.equals(&outputs[0].shape[rank - 1], rows.to_dim())
            }),
            Kind::Gather => s.given_2(&inputs[0].shape, &inputs[1].shape, move |s, table, ids| {
                let mut shape: TVec<TDim> = ids;
                shape.push(table[1].clone() * 2);
                s.equals(&outputs[0].shape, ShapeFactoid::from(shape))
            }),
        }
    }

    fn wire(&self, prefix: &str, model: &mut TypedModel, inputs: &[OutletId]) -> TractResult<TVec<OutletId>> {
        // The runtime input first, then the weights.
        let mut wired: TVec<OutletId> = inputs.into();
        if self.0.kind == Kind::Gather {
            wired.swap(0, 1);
        }
        model.wire_node(prefix, self.0.clone(), &wired)
    }
}

/// A 4-bit operator whose weights are still graph values: tract folds the Reshape and Cast
/// that feed them during declutter, and then [`Q4Pending::declutter`] reads them once into
/// a [`QuantMatMul`] or [`Q4Gather`].
#[derive(Debug, Clone, PartialEq, Eq)]
struct Q4Pending {
    kind: Kind,
    offsets: OffsetInput,
}

impl Q4Pending {
    /// A com.microsoft operator, with or without its optional zero-point input.
    fn onnx(kind: Kind, has_zero_points: bool) -> Q4Pending {
        Q4Pending { kind, offsets: if has_zero_points { OffsetInput::ZeroPoints } else { OffsetInput::None } }
    }

    fn matrix(&self, weights: &[&Tensor]) -> TractResult<Q4Matrix> {
        let (nibbles, scales) = (weights[0], weights[1].cast_to::<f32>()?);
        let (rows, cols) = match self.kind {
            Kind::MatMul { rows, cols } => (rows, cols),
            Kind::Gather => {
                ensure!(nibbles.rank() == 2, "GatherBlockQuantized: the table must be rank 2");
                (nibbles.shape()[0], nibbles.shape()[1] * 2)
            }
        };
        let nibbles = nibbles.try_as_plain_ram()?;
        let (nibbles, scales) = (nibbles.as_slice::<u8>()?, scales.try_as_plain_ram()?);
        let scales = scales.as_slice::<f32>()?;
        match self.offsets {
            OffsetInput::None => Q4Matrix::new(rows, cols, nibbles, scales, None),
            OffsetInput::ZeroPoints => {
                Q4Matrix::new(rows, cols, nibbles, scales, Some(weights[2].try_as_plain_ram()?.as_slice::<u8>()?))
            }
            OffsetInput::Minimums => {
                let mins = weights[2].cast_to::<f32>()?;
                Q4Matrix::q4_1(rows, cols, nibbles, scales, mins.try_as_plain_ram()?.as_slice::<f32>()?)
            }
        }
    }

    fn output_shape(&self, inputs: &[&TypedFact]) -> TractResult<TVec<TDim>> {
        let mut shape: TVec<TDim> = inputs[0].shape.to_tvec();
        match self.kind {
            Kind::MatMul { rows, .. } => *shape.last_mut().context("MatMulNBits: scalar input")? = rows.to_dim(),
            Kind::Gather => shape.push(inputs[1].shape[1].clone() * 2),
        }
        Ok(shape)
    }
}

impl Op for Q4Pending {
    fn name(&self) -> StaticName {
        "Q4Pending".into()
    }

    op_as_typed_op!();
}

impl EvalOp for Q4Pending {
    op_out_of_plan!();

    /// Only reached when the weights never became constant: reads them on every call.
    fn eval(&self, _ctx: &EvalContext, inputs: TVec<TValue>) -> TractResult<TVec<TValue>> {
        let weights: Vec<&Tensor> = inputs[1..].iter().map(|t| &**t).collect();
        let matrix = self.matrix(&weights)?;
        let out = match self.kind {
            Kind::MatMul { .. } => Weights::Q4(Arc::new(matrix)).apply(&inputs[0])?,
            Kind::Gather => gather(&matrix, &inputs[0])?,
        };
        Ok(tvec!(out))
    }
}

impl TypedOp for Q4Pending {
    fn output_facts(&self, inputs: &[&TypedFact]) -> TractResult<TVec<TypedFact>> {
        Ok(tvec!(f32::fact(&self.output_shape(inputs)?)))
    }

    fn declutter(&self, model: &TypedModel, node: &TypedNode) -> TractResult<Option<TypedModelPatch>> {
        let facts = model.node_input_facts(node.id)?;
        let Some(weights) = facts[1..].iter().map(|f| f.konst.as_deref()).collect::<Option<Vec<&Tensor>>>() else {
            return Ok(None);
        };
        let matrix = Arc::new(self.matrix(&weights)?);
        let op: Box<dyn TypedOp> = match self.kind {
            Kind::MatMul { .. } => Box::new(QuantMatMul { weights: Weights::Q4(matrix) }),
            Kind::Gather => Box::new(Q4Gather { table: matrix }),
        };
        Ok(Some(TypedModelPatch::replace_single_op(model, node, &[node.inputs[0]], op)?))
    }

    as_op!();
}

/// Runs `product(x, steps, y)` over `x [.., cols]` as `steps` rows, into `y [.., rows]`.
fn over_last_axis(
    x: &Tensor,
    cols: usize,
    rows: usize,
    product: impl Fn(&[f32], usize, &mut [f32]),
) -> TractResult<TValue> {
    let shape = x.shape();
    ensure!(shape.last() == Some(&cols), "4-bit matmul: input {shape:?} does not end in {cols}");
    let x_plain = x.try_as_plain_ram()?;
    let values = x_plain.as_slice::<f32>()?;
    let steps = values.len() / cols;
    let mut y = vec![0f32; steps * rows];
    product(values, steps, &mut y);
    let mut out_shape: TVec<usize> = shape.into();
    *out_shape.last_mut().unwrap() = rows;
    Ok(tract_ndarray::ArrayD::from_shape_vec(&*out_shape, y)?.into_tvalue())
}

fn gather(table: &Q4Matrix, ids: &Tensor) -> TractResult<TValue> {
    let ids = ids.cast_to::<i64>()?;
    let ids_plain = ids.try_as_plain_ram()?;
    let ids_slice = ids_plain.as_slice::<i64>()?;
    let cols = table.cols;
    let mut y = vec![0f32; ids_slice.len() * cols];
    for (i, &id) in ids_slice.iter().enumerate() {
        ensure!((0..table.rows as i64).contains(&id), "Q4Gather: index {id} outside 0..{}", table.rows);
        table.dequantize_row(id as usize, &mut y[i * cols..(i + 1) * cols]);
    }
    let mut shape: TVec<usize> = ids.shape().into();
    shape.push(cols);
    Ok(tract_ndarray::ArrayD::from_shape_vec(&*shape, y)?.into_tvalue())
}

// ---- the operators the optimised plan runs ----------------------------------------------

/// The weights of a [`QuantMatMul`].
#[derive(Debug, Clone)]
enum Weights {
    Q4(Arc<Q4Matrix>),
    Q8(Arc<Q8Matrix>),
}

impl Weights {
    fn shape(&self) -> (usize, usize, &'static str) {
        match self {
            Weights::Q4(w) => (w.rows, w.cols, "4-bit"),
            Weights::Q8(w) => (w.rows, w.cols, "8-bit"),
        }
    }

    /// `y[…, r] = Σ_c x[…, c] · w[r, c]`.
    fn apply(&self, x: &Tensor) -> TractResult<TValue> {
        let (rows, cols, _) = self.shape();
        over_last_axis(x, cols, rows, |x, steps, y| match self {
            Weights::Q4(w) => w.matmul(x, steps, y),
            Weights::Q8(w) => w.matmul(x, steps, y),
        })
    }
}

/// `y[…, r] = Σ_c x[…, c] · w[r, c]` over a [`Q4Matrix`] or [`Q8Matrix`].
#[derive(Debug, Clone)]
pub struct QuantMatMul {
    weights: Weights,
}

impl PartialEq for QuantMatMul {
    fn eq(&self, other: &Self) -> bool {
        match (&self.weights, &other.weights) {
            (Weights::Q4(a), Weights::Q4(b)) => Arc::ptr_eq(a, b),
            (Weights::Q8(a), Weights::Q8(b)) => Arc::ptr_eq(a, b),
            _ => false,
        }
    }
}
impl Eq for QuantMatMul {}

impl Op for QuantMatMul {
    fn name(&self) -> StaticName {
        "QuantMatMul".into()
    }

    fn info(&self) -> TractResult<Vec<String>> {
        let (rows, cols, bits) = self.weights.shape();
        Ok(vec![format!("{rows}×{cols} {bits}")])
    }

    op_as_typed_op!();
}

impl EvalOp for QuantMatMul {
    op_out_of_plan!();

    fn eval(&self, _ctx: &EvalContext, inputs: TVec<TValue>) -> TractResult<TVec<TValue>> {
        Ok(tvec!(self.weights.apply(&inputs[0])?))
    }
}

impl TypedOp for QuantMatMul {
    fn output_facts(&self, inputs: &[&TypedFact]) -> TractResult<TVec<TypedFact>> {
        ensure!(inputs[0].datum_type == f32::datum_type(), "QuantMatMul runs on f32 inputs");
        let mut shape: TVec<TDim> = inputs[0].shape.to_tvec();
        *shape.last_mut().context("QuantMatMul: scalar input")? = self.weights.shape().0.to_dim();
        Ok(tvec!(f32::fact(&shape)))
    }

    /// `Add(x·hi, x·lo)` over the two 4-bit planes of a Q8 matrix becomes one 8-bit product
    /// (see [`Q8Matrix::from_planes`]).
    fn declutter(&self, model: &TypedModel, node: &TypedNode) -> TractResult<Option<TypedModelPatch>> {
        let Weights::Q4(mine) = &self.weights else { return Ok(None) };
        let Some(add) = model.single_succ(node.id)? else { return Ok(None) };
        let is_add = add.op_as::<TypedBinOp>().is_some_and(|op| op.0.name() == "Add");
        if !is_add || add.inputs.len() != 2 {
            return Ok(None);
        }
        let Some(other) = add.inputs.iter().find(|o| o.node != node.id).map(|o| model.node(o.node)) else {
            return Ok(None);
        };
        let Some(Weights::Q4(theirs)) = other.op_as::<QuantMatMul>().map(|op| &op.weights) else { return Ok(None) };
        if other.inputs != node.inputs || model.single_succ(other.id)?.map(|n| n.id) != Some(add.id) {
            return Ok(None);
        }
        let Some(joined) = Q8Matrix::from_planes(mine, theirs).or_else(|| Q8Matrix::from_planes(theirs, mine)) else {
            return Ok(None);
        };
        let mut patch = TypedModelPatch::default();
        let x = patch.tap_model(model, node.inputs[0])?;
        let y = patch.wire_node(&add.name, QuantMatMul { weights: Weights::Q8(Arc::new(joined)) }, &[x])?;
        patch.shunt_outside(model, OutletId::new(add.id, 0), y[0])?;
        Ok(Some(patch))
    }

    as_op!();
}

/// `y[…, c] = table[ids[…], c]`, dequantising only the rows looked up.
#[derive(Debug, Clone)]
pub struct Q4Gather {
    table: Arc<Q4Matrix>,
}

impl PartialEq for Q4Gather {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.table, &other.table)
    }
}
impl Eq for Q4Gather {}

impl Op for Q4Gather {
    fn name(&self) -> StaticName {
        "Q4Gather".into()
    }

    op_as_typed_op!();
}

impl EvalOp for Q4Gather {
    op_out_of_plan!();

    fn eval(&self, _ctx: &EvalContext, inputs: TVec<TValue>) -> TractResult<TVec<TValue>> {
        Ok(tvec!(gather(&self.table, &inputs[0])?))
    }
}

impl TypedOp for Q4Gather {
    fn output_facts(&self, inputs: &[&TypedFact]) -> TractResult<TVec<TypedFact>> {
        let mut shape: TVec<TDim> = inputs[0].shape.to_tvec();
        shape.push(self.table.cols.to_dim());
        Ok(tvec!(f32::fact(&shape)))
    }

    as_op!();
}

#[cfg(test)]
mod tests {
    use super::*;
    use tract_onnx::pb::attribute_proto::AttributeType;
    use tract_onnx::pb::{AttributeProto, TensorProto, ValueInfoProto};

    fn node(op: &str, inputs: &[&str], output: &str, attributes: Vec<AttributeProto>) -> NodeProto {
        NodeProto {
            op_type: op.into(),
            name: output.into(),
            input: inputs.iter().map(|s| s.to_string()).collect(),
            output: vec![output.into()],
            attribute: attributes,
            ..Default::default()
        }
    }

    fn int(name: &str, i: i64) -> AttributeProto {
        AttributeProto { name: name.into(), r#type: AttributeType::Int as i32, i, ..Default::default() }
    }

    fn ints(name: &str, ints: &[i64]) -> AttributeProto {
        AttributeProto {
            name: name.into(),
            r#type: AttributeType::Ints as i32,
            ints: ints.to_vec(),
            ..Default::default()
        }
    }

    fn floats(name: &str, dims: &[i64], values: &[f32]) -> TensorProto {
        TensorProto {
            name: name.into(),
            dims: dims.to_vec(),
            data_type: 1,
            float_data: values.to_vec(),
            ..Default::default()
        }
    }

    fn int64s(name: &str, values: &[i64]) -> TensorProto {
        TensorProto {
            name: name.into(),
            dims: vec![values.len() as i64],
            data_type: 7,
            int64_data: values.to_vec(),
            ..Default::default()
        }
    }

    /// One Q4_1 layer (2 outputs × 64 inputs) spelled as `models/build_onnx.py` writes it,
    /// with `eight` as the constant the offsets are built from.
    fn q4_1_layer(eight: f32) -> GraphProto {
        GraphProto {
            node: vec![
                node("Reshape", &["d", "flat"], "scales", vec![]),
                node(
                    "MatMulNBits",
                    &["x", "q", "scales"],
                    "y",
                    vec![int("K", 64), int("N", 2), int("bits", 4), int("block_size", 32)],
                ),
                node("Mul", &["d", "eight"], "d8", vec![]),
                node("Add", &["d8", "m"], "offsets", vec![]),
                node("Transpose", &["offsets"], "offsets_t", vec![ints("perm", &[1, 0])]),
                node("Reshape", &["x", "blocked_shape"], "blocked", vec![]),
                node("ReduceSum", &["blocked", "last_axis"], "sums", vec![int("keepdims", 0)]),
                node("MatMul", &["sums", "offsets_t"], "correction", vec![]),
                node("Add", &["y", "correction"], "out", vec![]),
            ],
            initializer: vec![
                TensorProto {
                    name: "q".into(),
                    dims: vec![2, 2, 16],
                    data_type: 2,
                    raw_data: vec![0x21; 64],
                    ..Default::default()
                },
                floats("d", &[2, 2], &[0.5, 0.25, 1.0, 2.0]),
                floats("m", &[2, 2], &[-1.0, 0.0, 1.0, -2.0]),
                floats("eight", &[], &[eight]),
                int64s("flat", &[-1]),
                int64s("blocked_shape", &[1, -1, 2, 32]),
                int64s("last_axis", &[-1]),
            ],
            input: vec![ValueInfoProto { name: "x".into(), ..Default::default() }],
            output: vec![ValueInfoProto { name: "out".into(), ..Default::default() }],
            ..Default::default()
        }
    }

    #[test]
    fn a_q4_1_layer_becomes_one_operator() {
        let mut graph = q4_1_layer(8.0);
        assert_eq!(fold_q4_1(&Onnx::default(), &mut graph).unwrap(), 1);
        assert_eq!(graph.node.len(), 1);
        let fused = &graph.node[0];
        assert_eq!(
            (fused.op_type.as_str(), &fused.input[..], &fused.output[..]),
            (MAT_MUL_Q4_1, &["x", "q", "d", "m"].map(String::from)[..], &["out".to_string()][..])
        );
        assert_eq!((fused.get_attr::<i64>("K").unwrap(), fused.get_attr::<i64>("N").unwrap()), (64, 2));
        let mut kept: Vec<&str> = graph.initializer.iter().map(|t| t.name.as_str()).collect();
        kept.sort();
        assert_eq!(kept, ["d", "m", "q"]);
    }

    #[test]
    fn anything_else_is_left_alone() {
        // Offsets built with 7·d are not this layout's `8d + m`.
        let mut graph = q4_1_layer(7.0);
        assert_eq!(fold_q4_1(&Onnx::default(), &mut graph).unwrap(), 0);
        assert_eq!(graph.node.len(), 9);
        // Block sums of another tensor than the layer's input.
        let mut graph = q4_1_layer(8.0);
        graph.node[5].input[0] = "elsewhere".into();
        assert_eq!(fold_q4_1(&Onnx::default(), &mut graph).unwrap(), 0);
        // A malformed correction (a MatMul with one input) is not matched, and does not panic.
        let mut graph = q4_1_layer(8.0);
        graph.node[7].input.truncate(1);
        assert_eq!(fold_q4_1(&Onnx::default(), &mut graph).unwrap(), 0);
        // The product read elsewhere too: it must stay.
        let mut graph = q4_1_layer(8.0);
        graph.output.push(ValueInfoProto { name: "y".into(), ..Default::default() });
        assert_eq!(fold_q4_1(&Onnx::default(), &mut graph).unwrap(), 0);
    }
}
