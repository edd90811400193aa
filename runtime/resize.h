// Image resizing on NHWC tensors, following TensorFlow's CPU kernels
// (tensorflow/core/kernels/image/resize_*_op.cc) operation for operation in
// float, so results match bit for bit where TensorFlow's do not vectorize:
// bilinear, nearest neighbor, bicubic (Keys a = -0.5 with half-pixel centers,
// else a = -0.75) and area. Bilinear, bicubic and area produce float.
#ifndef TFAOT_RUNTIME_RESIZE_H_
#define TFAOT_RUNTIME_RESIZE_H_

#include <cmath>
#include <cstdint>

#include "runtime/isa.h"

namespace tfaot::rt {
inline namespace TFAOT_RT_ISA {

struct ResizeShape {
  int64_t batch, in_h, in_w, out_h, out_w, channels;
  bool align_corners, half_pixel_centers;
};

namespace resize_internal {

inline float Scale(int64_t in, int64_t out, bool align_corners) {
  return (align_corners && out > 1) ? static_cast<float>(in - 1) / static_cast<float>(out - 1)
                                    : static_cast<float>(in) / static_cast<float>(out);
}

inline int64_t Bound(int64_t v, int64_t limit) {
  return v < 0 ? 0 : (v > limit - 1 ? limit - 1 : v);
}

// Source coordinate of output index i (pixel centers at .5 when half).
inline float SourceCoord(int64_t i, float scale, bool half) {
  return half ? (static_cast<float>(i) + 0.5f) * scale - 0.5f : static_cast<float>(i) * scale;
}

struct Lerp {
  int64_t lower, upper;
  float lerp;
};

inline Lerp BilinearWeights(int64_t i, int64_t in_size, float scale, bool half) {
  const float in = SourceCoord(i, scale, half);
  const float in_f = std::floor(in);
  Lerp l;
  l.lower = static_cast<int64_t>(in_f) > 0 ? static_cast<int64_t>(in_f) : 0;
  const int64_t up = static_cast<int64_t>(std::ceil(in));
  l.upper = up < in_size - 1 ? up : in_size - 1;
  l.lerp = in - in_f;
  return l;
}

inline int64_t NearestIndex(int64_t i, int64_t in_size, float scale, bool align, bool half) {
  const float in = half ? (static_cast<float>(i) + 0.5f) * scale : static_cast<float>(i) * scale;
  int64_t x = align ? static_cast<int64_t>(std::round(in)) : static_cast<int64_t>(std::floor(in));
  if (x > in_size - 1) x = in_size - 1;
  if (half && x < 0) x = 0;
  return x;
}

constexpr int64_t kCubicTableSize = 1 << 10;

// TensorFlow's coefficient table entry: [2*i] for |t| in [0,1), [2*i+1] for [1,2).
inline float CubicCoeff(int64_t i, int which, bool keys) {
  const double a = keys ? -0.5f : -0.75f;
  float x = static_cast<float>(i * 1.0 / kCubicTableSize);
  if (which == 0) return static_cast<float>(((a + 2) * x - (a + 3)) * x * x + 1);
  x += 1.0;
  return static_cast<float>(((a * x - 5 * a) * x + 8 * a) * x - 4 * a);
}

struct Cubic {
  float w[4];
  int64_t index[4];
};

inline Cubic CubicWeights(int64_t out_loc, int64_t limit, float scale, bool half) {
  const float in_loc_f = SourceCoord(out_loc, scale, half);
  const int64_t in_loc = static_cast<int64_t>(std::floor(in_loc_f));
  const float delta = in_loc_f - static_cast<float>(in_loc);
  const int64_t offset = std::lrint(delta * kCubicTableSize);
  Cubic c;
  c.w[0] = CubicCoeff(offset, 1, half);
  c.w[1] = CubicCoeff(offset, 0, half);
  c.w[2] = CubicCoeff(kCubicTableSize - offset, 0, half);
  c.w[3] = CubicCoeff(kCubicTableSize - offset, 1, half);
  for (int j = 0; j < 4; ++j) c.index[j] = Bound(in_loc - 1 + j, limit);
  if (half) {  // Keys cubic: samples outside the image get weight 0, renormalized
    for (int j = 0; j < 4; ++j)
      if (c.index[j] != in_loc - 1 + j) c.w[j] = 0.0f;
    const float sum = c.w[0] + c.w[1] + c.w[2] + c.w[3];
    if (std::fabs(sum) >= 1000.0f * 1.17549435e-38f) {
      const float inv = 1.0f / sum;
      for (int j = 0; j < 4; ++j) c.w[j] *= inv;
    }
  }
  return c;
}

// TensorFlow's weight of source cell v for the output cell [in0, in1).
inline float AreaWeight(int64_t v, float in0, float in1, float scale) {
  const float vf = static_cast<float>(v);
  if (vf < in0) return vf + 1 > in1 ? scale : vf + 1 - in0;
  return vf + 1 > in1 ? in1 - vf : 1.0f;
}

}  // namespace resize_internal

template <typename T>
inline void ResizeBilinear(const T* in, float* out, const ResizeShape& s) {
  using namespace resize_internal;
  const float hs = Scale(s.in_h, s.out_h, s.align_corners);
  const float ws = Scale(s.in_w, s.out_w, s.align_corners);
  const int64_t c_n = s.channels;
  for (int64_t b = 0; b < s.batch; ++b)
    for (int64_t y = 0; y < s.out_h; ++y) {
      const Lerp ly = BilinearWeights(y, s.in_h, hs, s.half_pixel_centers);
      const T* top = in + ((b * s.in_h + ly.lower) * s.in_w) * c_n;
      const T* bottom = in + ((b * s.in_h + ly.upper) * s.in_w) * c_n;
      for (int64_t x = 0; x < s.out_w; ++x) {
        const Lerp lx = BilinearWeights(x, s.in_w, ws, s.half_pixel_centers);
        float* o = out + ((b * s.out_h + y) * s.out_w + x) * c_n;
        for (int64_t c = 0; c < c_n; ++c) {
          const float tl = static_cast<float>(top[lx.lower * c_n + c]);
          const float tr = static_cast<float>(top[lx.upper * c_n + c]);
          const float bl = static_cast<float>(bottom[lx.lower * c_n + c]);
          const float br = static_cast<float>(bottom[lx.upper * c_n + c]);
          const float t = tl + (tr - tl) * lx.lerp;
          const float bt = bl + (br - bl) * lx.lerp;
          o[c] = t + (bt - t) * ly.lerp;
        }
      }
    }
}

template <typename T>
inline void ResizeNearestNeighbor(const T* in, T* out, const ResizeShape& s) {
  using namespace resize_internal;
  const float hs = Scale(s.in_h, s.out_h, s.align_corners);
  const float ws = Scale(s.in_w, s.out_w, s.align_corners);
  const int64_t c_n = s.channels;
  for (int64_t b = 0; b < s.batch; ++b)
    for (int64_t y = 0; y < s.out_h; ++y) {
      const int64_t iy = NearestIndex(y, s.in_h, hs, s.align_corners, s.half_pixel_centers);
      for (int64_t x = 0; x < s.out_w; ++x) {
        const int64_t ix = NearestIndex(x, s.in_w, ws, s.align_corners, s.half_pixel_centers);
        const T* src = in + ((b * s.in_h + iy) * s.in_w + ix) * c_n;
        T* o = out + ((b * s.out_h + y) * s.out_w + x) * c_n;
        for (int64_t c = 0; c < c_n; ++c) o[c] = src[c];
      }
    }
}

template <typename T>
inline void ResizeBicubic(const T* in, float* out, const ResizeShape& s) {
  using namespace resize_internal;
  const float hs = Scale(s.in_h, s.out_h, s.align_corners);
  const float ws = Scale(s.in_w, s.out_w, s.align_corners);
  const int64_t c_n = s.channels;
  for (int64_t b = 0; b < s.batch; ++b)
    for (int64_t y = 0; y < s.out_h; ++y) {
      const Cubic cy = CubicWeights(y, s.in_h, hs, s.half_pixel_centers);
      const T* rows[4];
      for (int j = 0; j < 4; ++j) rows[j] = in + (b * s.in_h + cy.index[j]) * s.in_w * c_n;
      for (int64_t x = 0; x < s.out_w; ++x) {
        const Cubic cx = CubicWeights(x, s.in_w, ws, s.half_pixel_centers);
        float* o = out + ((b * s.out_h + y) * s.out_w + x) * c_n;
        for (int64_t c = 0; c < c_n; ++c) {
          float col[4];
          for (int j = 0; j < 4; ++j) {
            const int64_t p = cx.index[j] * c_n + c;
            col[j] = static_cast<float>(rows[0][p]) * cy.w[0] +
                     static_cast<float>(rows[1][p]) * cy.w[1] +
                     static_cast<float>(rows[2][p]) * cy.w[2] +
                     static_cast<float>(rows[3][p]) * cy.w[3];
          }
          o[c] = col[0] * cx.w[0] + col[1] * cx.w[1] + col[2] * cx.w[2] + col[3] * cx.w[3];
        }
      }
    }
}

template <typename T>
inline void ResizeArea(const T* in, float* out, const ResizeShape& s) {
  using namespace resize_internal;
  const float hs = Scale(s.in_h, s.out_h, s.align_corners);
  const float ws = Scale(s.in_w, s.out_w, s.align_corners);
  const float scale = static_cast<float>(1.0 / (hs * ws));
  const int64_t c_n = s.channels;
  for (int64_t b = 0; b < s.batch; ++b)
    for (int64_t y = 0; y < s.out_h; ++y) {
      const float in_y = static_cast<float>(y) * hs;
      const float in_y1 = static_cast<float>(y + 1) * hs;
      const int64_t y_start = static_cast<int64_t>(std::floor(in_y));
      const int64_t y_end = static_cast<int64_t>(std::ceil(in_y1));
      for (int64_t x = 0; x < s.out_w; ++x) {
        const float in_x = static_cast<float>(x) * ws;
        const float in_x1 = static_cast<float>(x + 1) * ws;
        const int64_t x_start = static_cast<int64_t>(std::floor(in_x));
        const int64_t x_end = static_cast<int64_t>(std::ceil(in_x1));
        const float start_scale = AreaWeight(x_start, in_x, in_x1, ws);
        const float end_scale = AreaWeight(x_end - 1, in_x, in_x1, ws);
        float* o = out + ((b * s.out_h + y) * s.out_w + x) * c_n;
        for (int64_t c = 0; c < c_n; ++c) {
          float sum = 0;
          for (int64_t i = y_start; i < y_end; ++i) {
            const float scale_y = AreaWeight(i, in_y, in_y1, hs);
            const T* row = in + (b * s.in_h + Bound(i, s.in_h)) * s.in_w * c_n;
            float sum_y = static_cast<float>(row[Bound(x_start, s.in_w) * c_n + c]) * start_scale;
            if (x_start + 1 != x_end) {
              for (int64_t xi = x_start + 1; xi < x_end - 1; ++xi)
                sum_y += static_cast<float>(row[Bound(xi, s.in_w) * c_n + c]);
              sum_y += static_cast<float>(row[Bound(x_end - 1, s.in_w) * c_n + c]) * end_scale;
            }
            sum += sum_y * scale_y;
          }
          o[c] = sum * scale;
        }
      }
    }
}

}  // namespace TFAOT_RT_ISA
}  // namespace tfaot::rt

#endif  // TFAOT_RUNTIME_RESIZE_H_
