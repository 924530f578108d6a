//! The ONNX operators `models/build_onnx.py` writes, and no others.
//!
//! `tract_onnx::onnx()` registers every operator tract-onnx knows (convolutions, recurrent
//! networks, FFTs, tree ensembles, ...), and a registry of function pointers keeps all of their
//! code in the worker's wasm (what that cost is in BENCHMARKS.md). This registry
//! names the 27 standard operators of our export, built from tract-hir's operators with the
//! semantics of ONNX opsets 13 to 17 (the forms that export uses; [`check_model`]). The 4-bit
//! com.microsoft operators are `q4_ops`'.

use tract_hir::internal::*;
use tract_hir::ops::{array, nn};
use tract_hir::tract_core::ops::logic::CompGT;
use tract_onnx::model::{OnnxOpRegister, ParsingContext, optional_inputs};
use tract_onnx::pb::NodeProto;

/// The default-domain opsets whose operator forms this registry reads: from 13, `Split`,
/// `Unsqueeze` and `ReduceSum` take their axes as an input; from 18, `ReduceMean` does too.
const OPSETS: std::ops::RangeInclusive<i64> = 13..=17;

type Built = TractResult<(Box<dyn InferenceOp>, Vec<String>)>;

/// The standard operators of our export.
pub fn registry() -> OnnxOpRegister {
    let mut reg = OnnxOpRegister::default();
    reg.insert("Add", |_, _| Ok((tract_hir::ops::math::Add.into_hir(), vec![])));
    reg.insert("Sub", |_, _| Ok((tract_hir::ops::math::Sub.into_hir(), vec![])));
    reg.insert("Mul", |_, _| Ok((tract_hir::ops::math::Mul.into_hir(), vec![])));
    reg.insert("Neg", |_, _| Ok((tract_hir::ops::math::neg().into_hir(), vec![])));
    reg.insert("Reciprocal", |_, _| Ok((tract_hir::ops::math::recip().into_hir(), vec![])));
    reg.insert("Sqrt", |_, _| Ok((tract_hir::ops::math::sqrt().into_hir(), vec![])));
    reg.insert("Cos", |_, _| Ok((tract_hir::ops::math::cos().into_hir(), vec![])));
    reg.insert("Sin", |_, _| Ok((tract_hir::ops::math::sin().into_hir(), vec![])));
    reg.insert("Sigmoid", |_, _| Ok((tract_hir::ops::nn::sigmoid().into_hir(), vec![])));
    reg.insert("Greater", |_, _| Ok((CompGT.into_hir(), vec![])));
    reg.insert("Where", |_, _| Ok((expand(tract_hir::ops::logic::Iff), vec![])));
    reg.insert("MatMul", |_, _| Ok((expand(tract_hir::ops::matmul::MatMulInference::default()), vec![])));
    reg.insert("Identity", |_, _| Ok((Box::<tract_hir::ops::identity::Identity>::default(), vec![])));
    reg.insert("Range", |_, _| Ok((expand(array::Range), vec![])));
    reg.insert("Cast", cast);
    reg.insert("Concat", |_, node| Ok((expand(array::Concat::new(node.get_attr("axis")?)), vec![])));
    reg.insert("ConstantOfShape", constant_of_shape);
    reg.insert("Gather", |_, node| Ok((expand(array::Gather::new(node.get_attr_opt("axis")?.unwrap_or(0))), vec![])));
    reg.insert("Reshape", |_, node| {
        let allowzero = node.get_attr_opt::<i64>("allowzero")?.unwrap_or(0) != 0;
        Ok((expand(array::Reshape::new(allowzero)), vec![]))
    });
    reg.insert("Shape", shape);
    reg.insert("Slice", slice);
    reg.insert("Softmax", |_, node| Ok((expand(nn::Softmax::new(node.get_attr_opt("axis")?.unwrap_or(-1))), vec![])));
    reg.insert("Split", split);
    reg.insert("Transpose", |_, node| {
        let perm: Option<Vec<usize>> = node.get_attr_opt_vec("perm")?;
        Ok((expand(array::PermuteAxes::new(perm.map(|p| p.into()))), vec![]))
    });
    reg.insert("Unsqueeze", |_, _| Ok((expand(AxesInput::Unsqueeze), vec![])));
    reg.insert("ReduceMean", |_, node| {
        let axes: Option<Vec<i64>> = node.get_attr_opt_vec("axes")?;
        Ok((expand(nn::Reduce::new(axes, keep_dims(node)?, nn::Reducer::Mean)), vec![]))
    });
    reg.insert("ReduceSum", |_, node| {
        ensure!(node.input.len() == 2, "ReduceSum without an axes input (all axes) is not read here");
        ensure!(
            node.get_attr_opt::<i64>("noop_with_empty_axes")?.unwrap_or(0) == 0,
            "ReduceSum: noop_with_empty_axes is not read here"
        );
        Ok((expand(AxesInput::ReduceSum { keep_dims: keep_dims(node)? }), vec![]))
    });
    reg
}

/// Refuses a model whose default-domain opset is outside [`OPSETS`], or that uses an operator
/// the registry lacks: tract would otherwise import it as a placeholder and fail later with a
/// less direct message.
pub fn check_model(model: &tract_onnx::pb::ModelProto, reg: &OnnxOpRegister) -> TractResult<()> {
    let opset = model.opset_import.iter().find(|o| o.domain.is_empty() || o.domain == "ai.onnx").map(|o| o.version);
    let opset = opset.context("the ONNX model declares no default-domain opset")?;
    ensure!(
        OPSETS.contains(&opset),
        "ONNX opset {opset}: samplescope reads opsets {} to {}",
        OPSETS.start(),
        OPSETS.end()
    );
    let graph = model.graph.as_ref().context("the ONNX model has no graph")?;
    let mut missing: Vec<&str> =
        graph.node.iter().map(|n| n.op_type.as_str()).filter(|op| !reg.0.contains_key(*op)).collect();
    missing.sort_unstable();
    missing.dedup();
    ensure!(missing.is_empty(), "the ONNX model uses operators samplescope does not read: {}", missing.join(", "));
    Ok(())
}

/// ONNX `Cast`; `int64` becomes tract's symbolic dimension type, so that shapes computed in
/// the graph stay symbolic.
fn cast(_: &ParsingContext, node: &NodeProto) -> Built {
    let mut to = node.get_attr::<DatumType>("to")?;
    if to == i64::datum_type() {
        to = TDim::datum_type();
    }
    Ok((Box::new(tract_hir::ops::cast::cast(to)), vec![]))
}

fn constant_of_shape(ctx: &ParsingContext, node: &NodeProto) -> Built {
    let value = match node.get_attr_opt("value")? {
        Some(value) => ctx.load_tensor(value)?,
        None => tensor0(0f32),
    };
    ensure!(value.len() == 1, "ConstantOfShape: value must hold one element, not {}", value.len());
    Ok((expand(array::ConstantOfShape::new(value.nth(0)?.into_arc_tensor())), vec![]))
}

fn shape(_: &ParsingContext, node: &NodeProto) -> Built {
    ensure!(
        node.get_attr_opt::<i64>("start")?.is_none() && node.get_attr_opt::<i64>("end")?.is_none(),
        "Shape with start / end is not read here"
    );
    Ok((expand(array::Shape::new(TDim::datum_type())), vec![]))
}

/// `Slice(data, starts, ends, axes?, steps?)`.
fn slice(_: &ParsingContext, node: &NodeProto) -> Built {
    let mut optional = optional_inputs(node).skip(3);
    let op = tract_hir::tract_core::ops::array::StridedSlice {
        begin_mask: 0,
        end_mask: 0,
        shrink_axis_mask: 0,
        optional_axes_input: optional.next().flatten(),
        optional_steps_input: optional.next().flatten(),
    };
    Ok((Box::new(op), vec![]))
}

fn split(_: &ParsingContext, node: &NodeProto) -> Built {
    let axis: isize = node.get_attr_opt("axis")?.unwrap_or(0);
    let outputs = node.output.len();
    if node.input.len() < 2 || node.input[1].is_empty() {
        // Equal parts.
        return Ok((expand(array::Split::new(axis, outputs, None)), vec![]));
    }
    Ok((expand(AxesInput::Split { axis, outputs }), vec![]))
}

fn keep_dims(node: &NodeProto) -> TractResult<bool> {
    Ok(node.get_attr_opt::<i64>("keepdims")?.unwrap_or(1) == 1)
}

/// An operator whose second input (axes, or split sizes) must be a constant: it becomes
/// tract-hir's operator with the values as attributes.
#[derive(Debug, Clone, Hash, PartialEq, Eq)]
enum AxesInput {
    /// `Unsqueeze(data, axes)`.
    Unsqueeze,
    /// `Split(data, split)` along `axis` into `outputs` parts.
    Split { axis: isize, outputs: usize },
    /// `ReduceSum(data, axes)`.
    ReduceSum { keep_dims: bool },
}

impl AxesInput {
    fn values(tensor: &Tensor) -> TractResult<Vec<i64>> {
        Ok(tensor.cast_to::<i64>()?.try_as_plain_ram()?.as_slice::<i64>()?.to_vec())
    }

    fn add_dims(axes: &[i64]) -> array::AddDims {
        array::AddDims::new(axes.iter().map(|&a| a as isize).collect())
    }

    fn reduce(axes: &[i64], keep_dims: bool) -> nn::Reduce {
        nn::Reduce::new(Some(axes.to_vec()), keep_dims, nn::Reducer::Sum)
    }

    fn split_axis(axis: isize, rank: usize) -> usize {
        if axis < 0 { (axis + rank as isize) as usize } else { axis as usize }
    }
}

impl Expansion for AxesInput {
    fn name(&self) -> StaticName {
        match self {
            AxesInput::Unsqueeze => "Unsqueeze13",
            AxesInput::Split { .. } => "Split13",
            AxesInput::ReduceSum { .. } => "ReduceSum13",
        }
        .into()
    }

    fn nboutputs(&self) -> TractResult<usize> {
        Ok(match self {
            AxesInput::Split { outputs, .. } => *outputs,
            _ => 1,
        })
    }

    fn rules<'r, 'p: 'r, 's: 'r>(
        &'s self,
        s: &mut Solver<'r>,
        inputs: &'p [TensorProxy],
        outputs: &'p [TensorProxy],
    ) -> InferenceResult {
        check_input_arity(inputs, 2)?;
        check_output_arity(outputs, self.nboutputs()?)?;
        for output in outputs {
            s.equals(&output.datum_type, &inputs[0].datum_type)?;
        }
        s.given_2(&inputs[0].shape, &inputs[1].value, move |s, shape, values| {
            let values = AxesInput::values(&values)?;
            match self {
                AxesInput::Unsqueeze => s.equals(&outputs[0].shape, AxesInput::add_dims(&values).output_shape(&shape)),
                AxesInput::ReduceSum { keep_dims } => {
                    s.equals(&outputs[0].shape, AxesInput::reduce(&values, *keep_dims).output_shape(&shape))
                }
                AxesInput::Split { axis, .. } => {
                    let axis = AxesInput::split_axis(*axis, shape.len());
                    ensure!(
                        values.len() == outputs.len(),
                        "Split: {} sizes for {} outputs",
                        values.len(),
                        outputs.len()
                    );
                    for (output, &size) in outputs.iter().zip(&values) {
                        let mut part = shape.clone();
                        part[axis] = size.into();
                        s.equals(&output.shape, part)?;
                    }
                    Ok(())
                }
            }
        })
    }

    fn wire(&self, prefix: &str, model: &mut TypedModel, inputs: &[OutletId]) -> TractResult<TVec<OutletId>> {
        let values = model
            .outlet_fact(inputs[1])?
            .konst
            .clone()
            .with_context(|| format!("{}: the axes must be a constant", self.name()))?;
        let values = AxesInput::values(&values)?;
        match self {
            AxesInput::Unsqueeze => AxesInput::add_dims(&values).wire(prefix, model, &inputs[..1]),
            AxesInput::ReduceSum { keep_dims } => {
                AxesInput::reduce(&values, *keep_dims).wire(prefix, model, &inputs[..1])
            }
            AxesInput::Split { axis, outputs } => {
                let axis = AxesInput::split_axis(*axis, model.outlet_fact(inputs[0])?.rank());
                let sizes = values.iter().map(|&v| v as usize).collect();
                array::Split::new(axis as isize, *outputs, Some(sizes)).wire(prefix, model, &inputs[..1])
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tract_onnx::pb::{GraphProto, ModelProto, OperatorSetIdProto};

    fn model(opset: i64, ops: &[&str]) -> ModelProto {
        let node = ops.iter().map(|op| NodeProto { op_type: op.to_string(), ..Default::default() }).collect();
        ModelProto {
            opset_import: vec![OperatorSetIdProto { domain: String::new(), version: opset }],
            graph: Some(GraphProto { node, ..Default::default() }),
            ..Default::default()
        }
    }

    #[test]
    fn a_model_of_known_operators_passes() {
        check_model(&model(17, &["Add", "Split", "ReduceSum", "Unsqueeze", "Slice"]), &registry()).unwrap();
    }

    #[test]
    fn unknown_operators_are_named_once_each() {
        let err = check_model(&model(17, &["Conv", "Add", "LSTM", "Conv"]), &registry()).unwrap_err();
        assert_eq!(err.to_string(), "the ONNX model uses operators samplescope does not read: Conv, LSTM");
    }

    #[test]
    fn opsets_with_other_operator_forms_are_refused() {
        // Opset 12 takes Split / Unsqueeze / ReduceSum axes as attributes, 18 ReduceMean's as an input.
        for opset in [12, 18] {
            let err = check_model(&model(opset, &["Add"]), &registry()).unwrap_err();
            assert_eq!(err.to_string(), format!("ONNX opset {opset}: samplescope reads opsets 13 to 17"));
        }
    }
}
