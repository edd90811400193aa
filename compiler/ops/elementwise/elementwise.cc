// The elementwise ops of elementwise_ops.def. Each row becomes an OpDef whose
// evaluator and emitted expression call the same runtime/elementwise.h
// function, instantiated for the input dtype.
#include <type_traits>
#include <utility>

#include "compiler/ops/op_def.h"
#include "compiler/ops/op_util.h"
#include "runtime/elementwise.h"

namespace tfaot::ops {
namespace {

namespace ew = ::tfaot::rt::ew;

// Rows that take float also take half (float16): stored as its bits, each
// op computes in float and rounds its result back to half, as TensorFlow.
constexpr uint64_t WithHalf(uint64_t types) {
  return (types & DTypeBit(ir::DType::kFloat)) ? types | DTypeBit(ir::DType::kHalf) : types;
}

template <int kArity, uint64_t kTypes, bool kBoolResult>
absl::Status InferElementwise(ir::Node& node) {
  absl::Status s = ExpectInputs(node, kArity);
  if (s.ok()) s = ExpectSameDType(node, 0, kArity);
  if (s.ok()) s = ExpectDType(node, 0, WithHalf(kTypes));
  if (!s.ok()) return s;
  ir::Shape shape = node.input_value(0).shape;
  for (int i = 1; i < kArity; ++i) {
    auto b = BroadcastShapes(node, shape, node.input_value(i).shape);
    if (!b.ok()) return b.status();
    shape = *b;
  }
  node.SetOutput(0, kBoolResult ? ir::DType::kBool : node.input_value(0).dtype, shape);
  return absl::OkStatus();
}

// Applies `Fn` to the inputs broadcast to the output's shape.
template <int kArity, uint64_t kTypes, typename Fn>
absl::Status EvalElementwise(const ir::Node& node, const std::vector<const ir::Tensor*>& in,
                             std::vector<ir::Tensor>& out) {
  const ir::Value& result = node.output(0);
  std::vector<ir::Tensor> args;
  for (const ir::Tensor* t : in) args.push_back(BroadcastTensor(*t, result.shape));
  out.assign(1, ir::Tensor(result.dtype, result.shape));
  const int64_t n = out[0].num_elements();
  if constexpr (InTypeSet<float>(kTypes)) {
    if (in[0]->dtype() == ir::DType::kHalf) {
      std::vector<std::vector<float>> f(args.size(), std::vector<float>(n));
      for (size_t k = 0; k < args.size(); ++k)
        for (int64_t i = 0; i < n; ++i) f[k][i] = ew::HalfToFloat(args[k].data<uint16_t>()[i]);
      auto store = [&](int64_t i, auto r) {
        if constexpr (std::is_same_v<decltype(r), bool>) out[0].data<bool>()[i] = r;
        else out[0].data<uint16_t>()[i] = ew::FloatToHalf(r);
      };
      for (int64_t i = 0; i < n; ++i) {
        if constexpr (kArity == 1) store(i, Fn{}(f[0][i]));
        else store(i, Fn{}(f[0][i], f[1][i]));
      }
      return absl::OkStatus();
    }
  }
  bool handled = false;
  ir::VisitDType(in[0]->dtype(), [&](auto zero) {
    using T = decltype(zero);
    if constexpr (InTypeSet<T>(kTypes)) {
      handled = true;
      if constexpr (kArity == 1) {
        using R = decltype(Fn{}(std::declval<T>()));
        for (int64_t i = 0; i < n; ++i) out[0].data<R>()[i] = Fn{}(args[0].data<T>()[i]);
      } else {
        using R = decltype(Fn{}(std::declval<T>(), std::declval<T>()));
        for (int64_t i = 0; i < n; ++i)
          out[0].data<R>()[i] = Fn{}(args[0].data<T>()[i], args[1].data<T>()[i]);
      }
    }
  });
  if (!handled) return node.Error("cannot evaluate this dtype");
  return absl::OkStatus();
}

// The call for one step; half operands are widened to float and a half
// result rounded back.
std::string RowExpr(const char* fn, const ir::FusedStep& step, std::vector<std::string> a) {
  const bool half_in = !step.operand_dtypes.empty() && step.operand_dtypes[0] == ir::DType::kHalf;
  if (!half_in) return CallExpr(fn, a);
  for (std::string& arg : a) arg = "ew::HalfToFloat(" + arg + ")";
  std::string call = CallExpr(fn, a);
  return step.dtype == ir::DType::kHalf ? "ew::FloatToHalf(" + call + ")" : call;
}

}  // namespace

#define TFAOT_ELEMENTWISE_ROW(name, fn, types, arity, bool_result)                       \
  namespace {                                                                            \
  struct name##Fn {                                                                      \
    template <typename... T> auto operator()(T... a) const { return ew::fn(a...); }      \
  };                                                                                     \
  std::string Expr##name(const ir::FusedStep& step, const std::vector<std::string>& a) { \
    return RowExpr("ew::" #fn, step, a);                                                 \
  }                                                                                      \
  }                                                                                      \
  extern const OpDef kOp##name = {#name,                                                 \
                                  OpClass::kElementwise,                                 \
                                  &InferElementwise<arity, types, bool_result>,          \
                                  &EvalElementwise<arity, types, name##Fn>,              \
                                  nullptr,                                               \
                                  &Expr##name,                                           \
                                  "runtime/elementwise.h"};
#define TFAOT_UNARY(name, fn, types) TFAOT_ELEMENTWISE_ROW(name, fn, types, 1, false)
#define TFAOT_BINARY(name, fn, types) TFAOT_ELEMENTWISE_ROW(name, fn, types, 2, false)
#define TFAOT_COMPARE(name, fn, types) TFAOT_ELEMENTWISE_ROW(name, fn, types, 2, true)
#define TFAOT_PREDICATE(name, fn, types) TFAOT_ELEMENTWISE_ROW(name, fn, types, 1, true)
#include "compiler/ops/elementwise/elementwise_ops.def"
#undef TFAOT_UNARY
#undef TFAOT_BINARY
#undef TFAOT_COMPARE
#undef TFAOT_PREDICATE
#undef TFAOT_ELEMENTWISE_ROW

}  // namespace tfaot::ops
