// What the fast float32 NHWC convolution kernels share (runtime/fast_conv.h,
// runtime/fast_conv_narrow.h, runtime/fast_depthwise.h): 16-float vectors,
// tile widths per instruction set, loads and stores, the bias + activation
// epilogue, and the output columns whose windows need no padding.
//
// The epilogue adds a per-channel bias and applies Relu/Relu6. Each output's
// sum runs in (kh, kw, ci) order from zero as `acc += x * w` (vectorized
// across output channels, never reassociated), then + bias: the expression
// rt::Conv and a bias add evaluate, so results match it bit for bit under
// the same compiler flags (GCC contracts both to FMA where the target has it).
// Vectors are GCC/Clang `vector_size` types: 16 floats are one zmm with
// AVX-512, two ymm with AVX2, four xmm otherwise.
#ifndef TFAOT_RUNTIME_FAST_CONV_BASE_H_
#define TFAOT_RUNTIME_FAST_CONV_BASE_H_

#include <cstdint>
#include <cstring>
#if defined(__AVX512F__)
#include <immintrin.h>
#endif

#include "runtime/conv.h"
#include "runtime/isa.h"

// 64-byte vectors by value: GCC notes the ABI differs without AVX-512; every
// function here is inline in the one translation unit, so it does not matter.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpsabi"

namespace tfaot::rt {
inline namespace TFAOT_RT_ISA {

constexpr int kConvBlock = 16;  // output channels per packed panel
// Largest stride_w * in_c the emitter passes to FastConv2D as kXs.
constexpr int kFastConvMaxStaticXs = 8;

// The epilogue's activation (the template argument of the kernels).
enum ConvActivation { kConvActNone = 0, kConvActRelu = 1, kConvActRelu6 = 2 };

namespace fast_conv {

typedef float V16 __attribute__((vector_size(64)));
typedef float V16U __attribute__((vector_size(64), aligned(4), may_alias));

// Columns per Conv2D tile: accumulators + one weight vector fit the
// register file (32 zmm / 16 ymm / 16 xmm).
// kConvPanels panels of 16 channels per Conv2D tile, kConvTileW columns
// (kConvTileW1 for a lone last panel).
#if defined(__AVX512F__)
constexpr int kConvPanels = 2;
constexpr int kConvTileW = 12;
constexpr int kConvTileW1 = 12;
constexpr int kDwTileW = 8;
#elif defined(__AVX__)
constexpr int kConvPanels = 1;
constexpr int kConvTileW = 6;
constexpr int kConvTileW1 = 6;
constexpr int kDwTileW = 4;
#else
constexpr int kConvPanels = 1;
constexpr int kConvTileW = 3;
constexpr int kConvTileW1 = 3;
constexpr int kDwTileW = 2;
#endif

// The helpers below are always inlined: when GCC leaves a tile out of line,
// a LoadPartial/StorePartial call per vector would cost more than its FMAs.
#define TFAOT_FAST_INLINE inline __attribute__((always_inline))
// The entry points stay out of line and are not cloned per call site: the
// tiles are specialised by template arguments, not by the call site's
// constants, so a model's Run() keeps its inlining budget for the small ops
// around them, the speed of a kernel does not depend on what else the model
// contains, and the generated source compiles once per instantiation.
#define TFAOT_FAST_NOINLINE inline __attribute__((noinline, noclone))

TFAOT_FAST_INLINE V16 Load(const float* p) { return *reinterpret_cast<const V16U*>(p); }
TFAOT_FAST_INLINE void Store(float* p, V16 v) { *reinterpret_cast<V16U*>(p) = v; }
// The first n (< 16) lanes; the others are zero / left untouched.
#if defined(__AVX512F__)
TFAOT_FAST_INLINE V16 LoadPartial(const float* p, int64_t n) {
  return (V16)_mm512_maskz_loadu_ps(static_cast<__mmask16>((1u << n) - 1), p);
}
TFAOT_FAST_INLINE void StorePartial(float* p, V16 v, int64_t n) {
  _mm512_mask_storeu_ps(p, static_cast<__mmask16>((1u << n) - 1), (__m512)v);
}
#else
// (Not forced inline: GCC then contracts the caller's multiply-adds across
// lanes differently from rt::Conv's scalar loop.)
inline V16 LoadPartial(const float* p, int64_t n) {
  float t[kConvBlock] = {};
  for (int64_t i = 0; i < n; ++i) t[i] = p[i];
  V16 v;
  std::memcpy(&v, t, sizeof(v));
  return v;
}
inline void StorePartial(float* p, V16 v, int64_t n) {
  float t[kConvBlock];
  std::memcpy(t, &v, sizeof(v));
  for (int64_t i = 0; i < n; ++i) p[i] = t[i];
}
#endif

template <int kAct>
TFAOT_FAST_INLINE V16 Epilogue(V16 acc, V16 bias) {
  V16 v = acc + bias;
  const V16 zero = V16{};
  if (kAct == kConvActRelu || kAct == kConvActRelu6) v = v < zero ? zero : v;
  if (kAct == kConvActRelu6) {
    const V16 six = zero + 6.0f;
    v = v > six ? six : v;
  }
  return v;
}

// Epilogue<act> for an activation known at run time (the same operations).
TFAOT_FAST_INLINE V16 EpilogueAct(V16 acc, V16 bias, int act) {
  V16 v = acc + bias;
  const V16 zero = V16{};
  if (act == kConvActRelu || act == kConvActRelu6) v = v < zero ? zero : v;
  if (act == kConvActRelu6) {
    const V16 six = zero + 6.0f;
    v = v > six ? six : v;
  }
  return v;
}

// The valid kw taps [*kw0, *kw1) of output column `ow` (contiguous).
inline void ClipTaps(int64_t start, int64_t k, int64_t dil, int64_t size, int64_t* k0,
                     int64_t* k1) {
  int64_t a = 0;
  while (a < k && start + a * dil < 0) ++a;
  int64_t b = k;
  while (b > a && start + (b - 1) * dil >= size) --b;
  *k0 = a;
  *k1 = b;
}

// First output column whose whole window lies inside the input, and one past
// the last (lo >= hi when there is none).
inline void InteriorColumns(const ConvShape& s, int64_t* lo, int64_t* hi) {
  *lo = (s.pad_w + s.stride_w - 1) / s.stride_w;
  const int64_t last = s.in_w - 1 + s.pad_w - (s.k_w - 1) * s.dil_w;  // ow * stride <= last
  *hi = last < 0 ? 0 : last / s.stride_w + 1;
  if (*hi > s.out_w) *hi = s.out_w;
  if (*lo > s.out_w) *lo = s.out_w;
}

}  // namespace fast_conv
}  // namespace TFAOT_RT_ISA
}  // namespace tfaot::rt

#pragma GCC diagnostic pop

#endif  // TFAOT_RUNTIME_FAST_CONV_BASE_H_
