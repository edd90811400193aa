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

template <int kArity, uint64_t kTypes, bool kBoolResult>
absl::Status InferElementwise(ir::Node& node) {
  absl::Status s = ExpectInputs(node, kArity);
  if (s.ok()) s = ExpectSameDType(node, 0, kArity);
  if (s.ok()) s = ExpectDType(node, 0, kTypes);
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

}  // namespace

#define TFAOT_ELEMENTWISE_ROW(name, fn, types, arity, bool_result)                       \
  namespace {                                                                            \
  struct name##Fn {                                                                      \
    template <typename... T> auto operator()(T... a) const { return ew::fn(a...); }      \
  };                                                                                     \
  std::string Expr##name(const ir::FusedStep&, const std::vector<std::string>& a) {      \
    return CallExpr("ew::" #fn, a);                                                      \
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
#include "compiler/ops/elementwise_ops.def"
#undef TFAOT_UNARY
#undef TFAOT_BINARY
#undef TFAOT_COMPARE
#undef TFAOT_ELEMENTWISE_ROW

}  // namespace tfaot::ops
