// Scalar functions for TensorFlow's elementwise ops. Generated code composes
// them inside fused loops, and the compiler's constant folder calls the very
// same functions, so a folded value and a computed one never disagree.
// Semantics follow TensorFlow: NaN propagates through Maximum/Minimum/Relu,
// integer division floors for FloorDiv and truncates for Div/TruncateDiv,
// Round and Rint round halves to even.
#ifndef TFAOT_RUNTIME_ELEMENTWISE_H_
#define TFAOT_RUNTIME_ELEMENTWISE_H_

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <type_traits>

#include "runtime/half.h"
#include "runtime/isa.h"
#include "runtime/vector_math.h"

namespace tfaot::rt {
inline namespace TFAOT_RT_ISA {
namespace ew {

template <typename T> constexpr bool kIsFloat = std::is_floating_point_v<T>;

// ---- binary arithmetic -------------------------------------------------------
// Integer +,-,* wrap around like TensorFlow's (two's complement), done in the
// unsigned type so the C++ program has no undefined overflow.
template <typename T> inline T Add(T a, T b) {
  if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
    using U = std::make_unsigned_t<T>;
    return static_cast<T>(static_cast<U>(a) + static_cast<U>(b));
  } else {
    return a + b;
  }
}
template <typename T> inline T Sub(T a, T b) {
  if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
    using U = std::make_unsigned_t<T>;
    return static_cast<T>(static_cast<U>(a) - static_cast<U>(b));
  } else {
    return a - b;
  }
}
template <typename T> inline T Mul(T a, T b) {
  if constexpr (std::is_integral_v<T> && !std::is_same_v<T, bool>) {
    using U = std::make_unsigned_t<T>;
    return static_cast<T>(static_cast<U>(a) * static_cast<U>(b));
  } else {
    return a * b;
  }
}
// Integer division by zero is an error in TensorFlow; compiled code cannot
// report it, so it yields 0 instead of undefined behaviour. INT_MIN / -1 wraps.
template <typename T> inline T TruncateDiv(T a, T b) {
  if constexpr (kIsFloat<T>) {
    return std::trunc(a / b);
  } else {
    if (b == 0) return 0;
    if constexpr (std::is_signed_v<T>) {
      if (b == -1) return Sub<T>(0, a);
    }
    return static_cast<T>(a / b);
  }
}
template <typename T> inline T Div(T a, T b) {
  if constexpr (kIsFloat<T>) return a / b;
  else return TruncateDiv(a, b);
}
template <typename T> inline T RealDiv(T a, T b) { return Div(a, b); }
template <typename T> inline T TruncateMod(T a, T b) {
  if constexpr (kIsFloat<T>) {
    return std::fmod(a, b);
  } else {
    if (b == 0) return 0;
    if constexpr (std::is_signed_v<T>) {
      if (b == -1) return 0;
    }
    return static_cast<T>(a % b);
  }
}
template <typename T> inline T FloorDiv(T a, T b) {
  if constexpr (kIsFloat<T>) {
    return std::floor(a / b);
  } else {
    T q = TruncateDiv(a, b);
    if constexpr (std::is_signed_v<T>) {
      if (TruncateMod(a, b) != 0 && ((a < 0) != (b < 0))) q = static_cast<T>(q - 1);
    }
    return q;
  }
}
template <typename T> inline T Mod(T a, T b) { return TruncateMod(a, b); }
// The result takes the divisor's sign, as Python's %.
template <typename T> inline T FloorMod(T a, T b) {
  if constexpr (kIsFloat<T>) {
    T r = std::fmod(a, b);
    if (r != 0 && ((r < 0) != (b < 0))) r += b;
    return r;
  } else {
    T r = TruncateMod(a, b);
    if constexpr (std::is_signed_v<T>) {
      if (r != 0 && ((r < 0) != (b < 0))) r = static_cast<T>(r + b);
    }
    return r;
  }
}
template <typename T> inline T DivNoNan(T a, T b) { return b == 0 ? T(0) : Div(a, b); }
template <typename T> inline T Maximum(T a, T b) {
  if constexpr (kIsFloat<T>) {
    if (std::isnan(a)) return a;
  }
  return a > b ? a : b;  // a NaN b loses the comparison and is returned
}
template <typename T> inline T Minimum(T a, T b) {
  if constexpr (kIsFloat<T>) {
    if (std::isnan(a)) return a;
  }
  return a < b ? a : b;
}
template <typename T> inline T Pow(T a, T b) {
  if constexpr (kIsFloat<T>) {
    return std::pow(a, b);
  } else {
    // Integer power by squaring; negative exponents are an error in TF.
    if (b < 0) return 0;
    T result = 1;
    while (b) {
      if (b & 1) result = Mul(result, a);
      a = Mul(a, a);
      b = static_cast<T>(b >> 1);
    }
    return result;
  }
}
template <typename T> inline T SquaredDifference(T a, T b) {
  T d = Sub(a, b);
  return Mul(d, d);
}
template <typename T> inline T Atan2(T a, T b) { return std::atan2(a, b); }

// ---- unary -------------------------------------------------------------------
// Floats negate the sign bit (Neg(0.0) is -0.0, as TensorFlow's -x); 0 - a
// would give +0.0. Integers wrap (Neg(INT_MIN) == INT_MIN).
template <typename T> inline T Neg(T a) {
  if constexpr (kIsFloat<T>) return -a;
  else return Sub<T>(T(0), a);
}
template <typename T> inline T Abs(T a) {
  if constexpr (kIsFloat<T>) return std::fabs(a);
  else if constexpr (std::is_signed_v<T>) return a < 0 ? Neg(a) : a;
  else return a;
}
template <typename T> inline T Sign(T a) {
  if constexpr (kIsFloat<T>) {
    if (std::isnan(a)) return a;
  }
  return static_cast<T>((T(0) < a) - (a < T(0)));
}
template <typename T> inline T Square(T a) { return Mul(a, a); }
template <typename T> inline T Exp(T a) { return std::exp(a); }
template <typename T> inline T Expm1(T a) { return std::expm1(a); }
template <typename T> inline T Log(T a) { return std::log(a); }
template <typename T> inline T Log1p(T a) { return std::log1p(a); }
template <typename T> inline T Sqrt(T a) { return std::sqrt(a); }
template <typename T> inline T Rsqrt(T a) { return T(1) / std::sqrt(a); }
template <typename T> inline T Reciprocal(T a) { return Div(T(1), a); }
template <typename T> inline T Inv(T a) { return Reciprocal(a); }
// float Tanh and Sigmoid vectorize (vector_math.h); other types call libm.
template <typename T> inline T Tanh(T a) {
  if constexpr (std::is_same_v<T, float>) return TanhF(a);
  else return std::tanh(a);
}
template <typename T> inline T Sigmoid(T a) {
  if constexpr (std::is_same_v<T, float>) return SigmoidF(a);
  else return T(1) / (T(1) + std::exp(-a));
}
template <typename T> inline T Relu(T a) { return a < T(0) ? T(0) : a; }
template <typename T> inline T Relu6(T a) { return a < T(0) ? T(0) : (a > T(6) ? T(6) : a); }
template <typename T> inline T Elu(T a) { return a < T(0) ? std::expm1(a) : a; }
template <typename T> inline T Selu(T a) {
  const T alpha = T(1.6732632423543772848170429916717);
  const T scale = T(1.0507009873554804934193349852946);
  return a < T(0) ? scale * alpha * std::expm1(a) : scale * a;
}
// log(1 + exp(a)) without overflow for large a.
template <typename T> inline T Softplus(T a) {
  return a > T(0) ? a + std::log1p(std::exp(-a)) : std::log1p(std::exp(a));
}
template <typename T> inline T Softsign(T a) { return a / (T(1) + std::fabs(a)); }
template <typename T> inline T LeakyRelu(T a, T alpha) { return a < T(0) ? a * alpha : a; }
// TensorFlow's FakeQuantWithMinMaxArgs/Vars (fake_quant_ops_functor.h):
// Nudge moves [min, max] so that 0 is exactly representable on the grid of
// quant_min..quant_max steps; x is clamped to the nudged range and rounded
// half up to the nearest step. Args multiplies by the inverse scale, Vars
// divides by the scale, as TensorFlow's two functors do.
struct FakeQuantParams {
  float nudged_min, nudged_max, scale;
};
inline FakeQuantParams FakeQuantNudge(float min, float max, int quant_min, int quant_max) {
  const float qmin = static_cast<float>(quant_min), qmax = static_cast<float>(quant_max);
  const float scale = (max - min) / (qmax - qmin);
  const float zero_point_from_min = qmin - min / scale;
  float zero;
  // NaN (a NaN or infinite min/max) takes the first branch: converting NaN to
  // uint16_t is undefined behaviour, and the result is NaN whatever zero is.
  if (!(zero_point_from_min >= qmin)) zero = qmin;
  else if (zero_point_from_min > qmax) zero = qmax;
  else zero = static_cast<float>(static_cast<uint16_t>(std::round(zero_point_from_min)));
  return {(qmin - zero) * scale, (qmax - zero) * scale, scale};
}
inline float FakeQuantArgs(float x, float min, float max, int quant_min, int quant_max) {
  const FakeQuantParams p = FakeQuantNudge(min, max, quant_min, quant_max);
  const float inv_scale = 1.0f / p.scale;
  const float clamped = std::max(std::min(x, p.nudged_max), p.nudged_min);
  return std::floor((clamped - p.nudged_min) * inv_scale + 0.5f) * p.scale + p.nudged_min;
}
inline float FakeQuantVars(float x, float min, float max, int quant_min, int quant_max) {
  const FakeQuantParams p = FakeQuantNudge(min, max, quant_min, quant_max);
  const float clamped = std::max(std::min(x, p.nudged_max), p.nudged_min);
  return std::floor((clamped - p.nudged_min) / p.scale + 0.5f) * p.scale + p.nudged_min;
}
// Gradients TensorFlow graphs sometimes keep: ReluGrad(gradients, features),
// SigmoidGrad(y, dy) and TanhGrad(y, dy) with y the forward output.
template <typename T> inline T ReluGrad(T g, T x) { return x > T(0) ? g : T(0); }
template <typename T> inline T SigmoidGrad(T y, T dy) { return dy * y * (T(1) - y); }
template <typename T> inline T TanhGrad(T y, T dy) { return dy * (T(1) - y * y); }
template <typename T> inline T Floor(T a) { return std::floor(a); }
template <typename T> inline T Ceil(T a) { return std::ceil(a); }
// Halves to even, as TensorFlow's Round and Rint (the default FP rounding mode).
template <typename T> inline T Round(T a) {
  if constexpr (kIsFloat<T>) return std::nearbyint(a);
  else return a;
}
template <typename T> inline T Rint(T a) { return std::nearbyint(a); }
template <typename T> inline T Sin(T a) { return std::sin(a); }
template <typename T> inline T Cos(T a) { return std::cos(a); }
template <typename T> inline T Tan(T a) { return std::tan(a); }
template <typename T> inline T Asin(T a) { return std::asin(a); }
template <typename T> inline T Acos(T a) { return std::acos(a); }
template <typename T> inline T Atan(T a) { return std::atan(a); }
template <typename T> inline T Sinh(T a) { return std::sinh(a); }
template <typename T> inline T Cosh(T a) { return std::cosh(a); }
template <typename T> inline T Asinh(T a) { return std::asinh(a); }
template <typename T> inline T Acosh(T a) { return std::acosh(a); }
template <typename T> inline T Atanh(T a) { return std::atanh(a); }
template <typename T> inline T Erf(T a) { return std::erf(a); }
template <typename T> inline T Erfc(T a) { return std::erfc(a); }
template <typename T> inline bool IsNan(T a) { return std::isnan(a); }
template <typename T> inline bool IsInf(T a) { return std::isinf(a); }
template <typename T> inline bool IsFinite(T a) { return std::isfinite(a); }
template <typename T> inline T ZerosLike(T) { return T(0); }
template <typename T> inline T OnesLike(T) { return T(1); }

// ---- comparisons and logic ------------------------------------------------------
template <typename T> inline bool Less(T a, T b) { return a < b; }
template <typename T> inline bool LessEqual(T a, T b) { return a <= b; }
template <typename T> inline bool Greater(T a, T b) { return a > b; }
template <typename T> inline bool GreaterEqual(T a, T b) { return a >= b; }
template <typename T> inline bool Equal(T a, T b) { return a == b; }
template <typename T> inline bool NotEqual(T a, T b) { return a != b; }
inline bool LogicalAnd(bool a, bool b) { return a && b; }
inline bool LogicalOr(bool a, bool b) { return a || b; }
inline bool LogicalNot(bool a) { return !a; }
template <typename T> inline T Select(bool c, T a, T b) { return c ? a : b; }
template <typename T> inline T ClipByValue(T a, T lo, T hi) {
  return a < lo ? lo : (a > hi ? hi : a);
}

// ---- conversion -------------------------------------------------------------------
// Float -> integer truncates toward zero like TensorFlow; NaN and values out of
// range saturate instead of being undefined behaviour in C++.
template <typename To, typename From> inline To Cast(From a) {
  if constexpr (std::is_same_v<To, bool>) {
    return a != From(0);
  } else if constexpr (kIsFloat<From> && std::is_integral_v<To>) {
    if (std::isnan(a)) return 0;
    if (a <= static_cast<From>(std::numeric_limits<To>::min()))
      return std::numeric_limits<To>::min();
    if (a >= static_cast<From>(std::numeric_limits<To>::max()))
      return std::numeric_limits<To>::max();
    return static_cast<To>(a);
  } else {
    return static_cast<To>(a);
  }
}

}  // namespace ew
}  // namespace TFAOT_RT_ISA
}  // namespace tfaot::rt

#endif  // TFAOT_RUNTIME_ELEMENTWISE_H_
