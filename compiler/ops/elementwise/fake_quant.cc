// FakeQuantWithMinMaxArgs (min/max attributes) and FakeQuantWithMinMaxVars
// (min/max scalar inputs): quantize-dequantize simulation, float -> float.
// Both are elementwise, so they fuse; the evaluator and the fused expression
// call the same runtime/elementwise.h functions (FakeQuantArgs/Vars).
#include "absl/strings/str_cat.h"
#include "compiler/codegen/code_writer.h"
#include "compiler/ops/op_def.h"
#include "compiler/ops/op_util.h"
#include "runtime/elementwise.h"

namespace tfaot::ops {
namespace {

namespace ew = ::tfaot::rt::ew;

struct QuantRange {
  int quant_min, quant_max;
};

template <typename Map>
int64_t IntAttr(const Map& attrs, const char* key, int64_t fallback) {
  auto it = attrs.find(key);
  if (it == attrs.end()) return fallback;
  if (const int64_t* v = std::get_if<int64_t>(&it->second)) return *v;
  return fallback;
}

template <typename Map>
bool BoolAttr(const Map& attrs, const char* key, bool fallback) {
  auto it = attrs.find(key);
  if (it == attrs.end()) return fallback;
  if (const bool* v = std::get_if<bool>(&it->second)) return *v;
  return fallback;
}

template <typename Map>
float FloatAttr(const Map& attrs, const char* key, float fallback) {
  auto it = attrs.find(key);
  if (it == attrs.end()) return fallback;
  if (const float* v = std::get_if<float>(&it->second)) return *v;
  return fallback;
}

// num_bits (default 8) and narrow_range (default false) as TensorFlow's
// kernels read them: quant_min = narrow_range ? 1 : 0, quant_max = 2^bits-1.
template <typename Map>
QuantRange Range(const Map& attrs) {
  const int bits = static_cast<int>(IntAttr(attrs, "num_bits", 8));
  return {BoolAttr(attrs, "narrow_range", false) ? 1 : 0, (1 << bits) - 1};
}

absl::Status CheckNumBits(const ir::Node& node) {
  const int64_t bits = node.GetIntOr("num_bits", 8);
  if (bits < 2 || bits > 16)
    return node.Error(absl::StrCat("num_bits must be between 2 and 16 inclusive, got ", bits));
  return absl::OkStatus();
}

// ---- FakeQuantWithMinMaxArgs(inputs; min, max, num_bits, narrow_range) ----
absl::Status InferArgs(ir::Node& node) {
  if (auto s = ExpectInputs(node, 1); !s.ok()) return s;
  if (node.input_value(0).dtype != ir::DType::kFloat)
    return node.Error("expects a float32 input");
  if (auto s = CheckNumBits(node); !s.ok()) return s;
  const float min = node.GetFloatOr("min", -6.0f), max = node.GetFloatOr("max", 6.0f);
  if (!(min < max))
    return node.Error(absl::StrCat("min has to be smaller than max, was: ", min, " >= ", max));
  return InferSameAsInput(node);
}

absl::Status EvalArgs(const ir::Node& node, const std::vector<const ir::Tensor*>& in,
                      std::vector<ir::Tensor>& out) {
  const QuantRange q = Range(node.attrs());
  const float min = node.GetFloatOr("min", -6.0f), max = node.GetFloatOr("max", 6.0f);
  out.assign(1, ir::Tensor(ir::DType::kFloat, in[0]->shape()));
  const float* x = in[0]->data<float>();
  float* y = out[0].data<float>();
  for (int64_t i = 0; i < in[0]->num_elements(); ++i)
    y[i] = ew::FakeQuantArgs(x[i], min, max, q.quant_min, q.quant_max);
  return absl::OkStatus();
}

std::string ExprArgs(const ir::FusedStep& step, const std::vector<std::string>& a) {
  const QuantRange q = Range(step.attrs);
  return absl::StrCat("ew::FakeQuantArgs(", a[0], ", ",
                      codegen::FloatLiteral(FloatAttr(step.attrs, "min", -6.0f)), ", ",
                      codegen::FloatLiteral(FloatAttr(step.attrs, "max", 6.0f)), ", ",
                      q.quant_min, ", ", q.quant_max, ")");
}

// ---- FakeQuantWithMinMaxVars(inputs, min, max; num_bits, narrow_range) ----
absl::Status InferVars(ir::Node& node) {
  if (auto s = ExpectInputs(node, 3); !s.ok()) return s;
  for (int i = 0; i < 3; ++i)
    if (node.input_value(i).dtype != ir::DType::kFloat)
      return node.Error(absl::StrCat("expects float32 inputs, input ", i, " is not"));
  for (int i = 1; i < 3; ++i)
    if (!node.input_value(i).shape.empty())
      return node.Error(absl::StrCat(i == 1 ? "min" : "max", " must be a scalar, got shape ",
                                     ir::ShapeToString(node.input_value(i).shape)));
  if (auto s = CheckNumBits(node); !s.ok()) return s;
  return InferSameAsInput(node);
}

absl::Status EvalVars(const ir::Node& node, const std::vector<const ir::Tensor*>& in,
                      std::vector<ir::Tensor>& out) {
  const QuantRange q = Range(node.attrs());
  const float min = in[1]->data<float>()[0], max = in[2]->data<float>()[0];
  out.assign(1, ir::Tensor(ir::DType::kFloat, in[0]->shape()));
  const float* x = in[0]->data<float>();
  float* y = out[0].data<float>();
  for (int64_t i = 0; i < in[0]->num_elements(); ++i)
    y[i] = ew::FakeQuantVars(x[i], min, max, q.quant_min, q.quant_max);
  return absl::OkStatus();
}

std::string ExprVars(const ir::FusedStep& step, const std::vector<std::string>& a) {
  const QuantRange q = Range(step.attrs);
  return absl::StrCat("ew::FakeQuantVars(", a[0], ", ", a[1], ", ", a[2], ", ", q.quant_min,
                      ", ", q.quant_max, ")");
}

}  // namespace

extern const OpDef kOpFakeQuantWithMinMaxArgs = {
    "FakeQuantWithMinMaxArgs", OpClass::kElementwise, &InferArgs, &EvalArgs, nullptr,
    &ExprArgs,                 "runtime/elementwise.h"};
extern const OpDef kOpFakeQuantWithMinMaxVars = {
    "FakeQuantWithMinMaxVars", OpClass::kElementwise, &InferVars, &EvalVars, nullptr,
    &ExprVars,                 "runtime/elementwise.h"};

}  // namespace tfaot::ops
