// Direct convolutions over up to three spatial dimensions (2-D ops use depth
// 1): Conv2D/Conv3D, grouped and depthwise convolution (groups == in_c, the
// filter seen as [k..., 1, in_c * multiplier]) and the transposed convolution
// (Conv*BackpropInput). Filters are TensorFlow's [kd, kh, kw, in_c/groups,
// out_c]. Activations are channels-last or channels-first; for channels-last
// the innermost loop runs over contiguous output channels.
#ifndef TFAOT_RUNTIME_CONV_H_
#define TFAOT_RUNTIME_CONV_H_

#include <cstdint>

#include "runtime/isa.h"

namespace tfaot::rt {
inline namespace TFAOT_RT_ISA {

struct ConvShape {
  int64_t batch;
  int64_t in_d, in_h, in_w, in_c;
  int64_t out_d, out_h, out_w, out_c;
  int64_t k_d, k_h, k_w;
  int64_t stride_d, stride_h, stride_w;
  int64_t dil_d, dil_h, dil_w;
  int64_t pad_d, pad_h, pad_w;  // padding before each spatial dimension
  int64_t groups;
  bool channels_first;
};

// Element strides of one activation tensor: batch, channel, depth, row, column.
struct ActStrides {
  int64_t n, c, d, h, w;
};

inline ActStrides MakeActStrides(int64_t d, int64_t h, int64_t w, int64_t c,
                                 bool channels_first) {
  if (channels_first) return {c * d * h * w, d * h * w, h * w, w, 1};
  return {d * h * w * c, 1, h * w * c, w * c, c};
}

// out = conv(in, filter).
template <typename T>
inline void Conv(const T* in, const T* filter, T* out, const ConvShape& s) {
  const ActStrides is = MakeActStrides(s.in_d, s.in_h, s.in_w, s.in_c, s.channels_first);
  const ActStrides os = MakeActStrides(s.out_d, s.out_h, s.out_w, s.out_c, s.channels_first);
  const int64_t icg = s.in_c / s.groups, ocg = s.out_c / s.groups;
  for (int64_t n = 0; n < s.batch; ++n)
    for (int64_t od = 0; od < s.out_d; ++od)
      for (int64_t oh = 0; oh < s.out_h; ++oh)
        for (int64_t ow = 0; ow < s.out_w; ++ow) {
          T* o = out + n * os.n + od * os.d + oh * os.h + ow * os.w;
          for (int64_t oc = 0; oc < s.out_c; ++oc) o[oc * os.c] = T(0);
          for (int64_t kd = 0; kd < s.k_d; ++kd) {
            const int64_t id = od * s.stride_d - s.pad_d + kd * s.dil_d;
            if (id < 0 || id >= s.in_d) continue;
            for (int64_t kh = 0; kh < s.k_h; ++kh) {
              const int64_t ih = oh * s.stride_h - s.pad_h + kh * s.dil_h;
              if (ih < 0 || ih >= s.in_h) continue;
              for (int64_t kw = 0; kw < s.k_w; ++kw) {
                const int64_t iw = ow * s.stride_w - s.pad_w + kw * s.dil_w;
                if (iw < 0 || iw >= s.in_w) continue;
                const T* x = in + n * is.n + id * is.d + ih * is.h + iw * is.w;
                const T* f = filter + ((kd * s.k_h + kh) * s.k_w + kw) * icg * s.out_c;
                for (int64_t g = 0; g < s.groups; ++g)
                  for (int64_t ic = 0; ic < icg; ++ic) {
                    const T xv = x[(g * icg + ic) * is.c];
                    const T* fr = f + ic * s.out_c + g * ocg;
                    if (os.c == 1) {
                      T* og = o + g * ocg;
                      for (int64_t oc = 0; oc < ocg; ++oc) og[oc] += xv * fr[oc];
                    } else {
                      T* og = o + g * ocg * os.c;
                      for (int64_t oc = 0; oc < ocg; ++oc) og[oc * os.c] += xv * fr[oc];
                    }
                  }
              }
            }
          }
        }
}

// The gradient of Conv with respect to its input, i.e. the transposed
// convolution: `dy` has the forward output's shape, `dx` the forward input's.
template <typename T>
inline void ConvBackpropInput(const T* dy, const T* filter, T* dx, const ConvShape& s) {
  const ActStrides is = MakeActStrides(s.in_d, s.in_h, s.in_w, s.in_c, s.channels_first);
  const ActStrides os = MakeActStrides(s.out_d, s.out_h, s.out_w, s.out_c, s.channels_first);
  const int64_t icg = s.in_c / s.groups, ocg = s.out_c / s.groups;
  const int64_t dx_size = s.batch * s.in_d * s.in_h * s.in_w * s.in_c;
  for (int64_t i = 0; i < dx_size; ++i) dx[i] = T(0);
  for (int64_t n = 0; n < s.batch; ++n)
    for (int64_t od = 0; od < s.out_d; ++od)
      for (int64_t oh = 0; oh < s.out_h; ++oh)
        for (int64_t ow = 0; ow < s.out_w; ++ow) {
          const T* g_out = dy + n * os.n + od * os.d + oh * os.h + ow * os.w;
          for (int64_t kd = 0; kd < s.k_d; ++kd) {
            const int64_t id = od * s.stride_d - s.pad_d + kd * s.dil_d;
            if (id < 0 || id >= s.in_d) continue;
            for (int64_t kh = 0; kh < s.k_h; ++kh) {
              const int64_t ih = oh * s.stride_h - s.pad_h + kh * s.dil_h;
              if (ih < 0 || ih >= s.in_h) continue;
              for (int64_t kw = 0; kw < s.k_w; ++kw) {
                const int64_t iw = ow * s.stride_w - s.pad_w + kw * s.dil_w;
                if (iw < 0 || iw >= s.in_w) continue;
                T* x = dx + n * is.n + id * is.d + ih * is.h + iw * is.w;
                const T* f = filter + ((kd * s.k_h + kh) * s.k_w + kw) * icg * s.out_c;
                for (int64_t g = 0; g < s.groups; ++g)
                  for (int64_t ic = 0; ic < icg; ++ic) {
                    const T* fr = f + ic * s.out_c + g * ocg;
                    const T* gy = g_out + g * ocg * os.c;
                    T sum = T(0);
                    for (int64_t oc = 0; oc < ocg; ++oc) sum += fr[oc] * gy[oc * os.c];
                    x[(g * icg + ic) * is.c] += sum;
                  }
              }
            }
          }
        }
}

}  // namespace TFAOT_RT_ISA
}  // namespace tfaot::rt

#endif  // TFAOT_RUNTIME_CONV_H_
