// Ops that produce no arithmetic: graph inputs, constants, and ops that only
// pass a value through or reinterpret its shape.
#include "absl/strings/str_cat.h"
#include "compiler/ops/op_def.h"
#include "compiler/ops/op_util.h"

namespace tfaot::ops {
namespace {

absl::Status InferConst(ir::Node& node) {
  auto value = node.GetTensor("value");
  if (!value.ok()) return value.status();
  if (!ir::IsSupportedDType((*value)->dtype()))
    return node.Error("constants of dtype " + ir::DTypeName((*value)->dtype()) +
                      " are not supported");
  node.SetOutput(0, (*value)->dtype(), (*value)->shape());
  node.output(0).constant = std::make_shared<ir::Tensor>(**value);
  return absl::OkStatus();
}

// Feeds are Placeholders whose `shape` the import set from the config.
absl::Status InferPlaceholder(ir::Node& node) {
  auto dtype = node.GetType("dtype");
  if (!dtype.ok()) return dtype.status();
  if (!ir::IsSupportedDType(*dtype))
    return node.Error("inputs of dtype " + ir::DTypeName(*dtype) + " are not supported");
  auto shape = node.GetShape("shape");
  if (!shape.ok() || !shape->IsFullyDefined())
    return node.Error(absl::StrCat(
        "the input has no static shape (graph says ",
        shape.ok() ? shape->ToString() : "nothing",
        "); give it one with `shape { dim { size: N } ... }` in its feed in the config"));
  node.SetOutput(0, *dtype, shape->dims);
  return absl::OkStatus();
}

absl::Status InferNoOp(ir::Node& node) {
  node.outputs().clear();
  return absl::OkStatus();
}

absl::Status EvalCopy(const ir::Node& node, const std::vector<const ir::Tensor*>& in,
                      std::vector<ir::Tensor>& out) {
  out.assign(1, in[0]->Reshaped(node.output(0).shape));
  return absl::OkStatus();
}

absl::Status EmitCopy(const ir::Node& node, codegen::KernelContext& ctx) {
  ctx.out->Line(absl::StrCat("std::memcpy(", ctx.outputs[0], ", ", ctx.inputs[0], ", ",
                             ir::NumElements(node.output(0).shape) *
                                 ir::DTypeSize(node.output(0).dtype),
                             ");"));
  return absl::OkStatus();
}

// Reshape's target may hold one -1, inferred from the element count. As in
// TensorFlow's ReshapeOp, when the target has a 0 the -1 is inferred from the
// non-zero sizes alone (an empty [2, 0] reshapes to [2, 0, -1] = [2, 0, 1]).
absl::Status InferReshape(ir::Node& node) {
  if (auto s = ExpectInputs(node, 2); !s.ok()) return s;
  auto target = RequireConstantInput(node, 1, "shape");
  if (!target.ok()) return target.status();
  const ir::Value& in = node.input_value(0);
  ir::Shape shape = (*target)->ToInt64Vector();
  int64_t known = 1;  // product of the non-zero target sizes
  int unknown = -1;
  bool target_has_zero = false;
  for (size_t i = 0; i < shape.size(); ++i) {
    if (shape[i] == -1) {
      if (unknown >= 0) return node.Error("shape has more than one -1");
      unknown = static_cast<int>(i);
    } else if (shape[i] < 0) {
      return node.Error(absl::StrCat("shape has a negative size ", shape[i]));
    } else if (shape[i] == 0) {
      target_has_zero = true;
    } else {
      known *= shape[i];
    }
  }
  int64_t count = ir::NumElements(in.shape);
  if (unknown >= 0) {
    int64_t elements = 1;  // the input's, leaving out its zeros if the target has one
    bool input_has_zero = false;
    for (int64_t d : in.shape) {
      if (d > 0 || !target_has_zero) elements *= d;
      else input_has_zero = true;
    }
    if (!input_has_zero && elements % known != 0)
      return node.Error(absl::StrCat("cannot reshape ", ir::ShapeToString(in.shape), " into ",
                                     ir::ShapeToString(shape)));
    shape[unknown] = elements / known;
  }
  if (ir::NumElements(shape) != count)
    return node.Error(absl::StrCat("cannot reshape ", ir::ShapeToString(in.shape), " (",
                                   count, " elements) into ", ir::ShapeToString(shape)));
  node.SetOutput(0, in.dtype, shape);
  return absl::OkStatus();
}

}  // namespace

extern const OpDef kOpConst = {"Const", OpClass::kSource, &InferConst, nullptr, nullptr,
                               nullptr, nullptr};
extern const OpDef kOpPlaceholder = {"Placeholder", OpClass::kSource, &InferPlaceholder,
                                     nullptr, nullptr, nullptr, nullptr};
// Unfed, it is its default input; the prune pass bypasses it like Identity.
extern const OpDef kOpPlaceholderWithDefault = {"PlaceholderWithDefault", OpClass::kView,
                                                &InferSameAsInput, &EvalCopy, nullptr,
                                                nullptr, nullptr};
// Identity is bypassed by pruning; it survives only as the explicit copy
// that gives a fetch its own buffer.
extern const OpDef kOpIdentity = {"Identity", OpClass::kKernel, &InferSameAsInput, &EvalCopy,
                                  &EmitCopy, nullptr, nullptr};
extern const OpDef kOpNoOp = {"NoOp", OpClass::kSource, &InferNoOp, nullptr, nullptr, nullptr,
                              nullptr};
extern const OpDef kOpReshape = {"Reshape", OpClass::kView, &InferReshape, &EvalCopy, nullptr,
                                 nullptr, nullptr};

}  // namespace tfaot::ops
