// CropAndResize: bilinear or nearest sampling of boxes (normalized y1, x1,
// y2, x2) from NHWC images into [boxes, crop_h, crop_w, depth] float crops,
// following TensorFlow's CPU kernel arithmetic. Samples outside the image
// get extrapolation_value; a box with an out-of-range image index gives 0
// (TensorFlow rejects it).
#ifndef TFAOT_RUNTIME_CROP_AND_RESIZE_H_
#define TFAOT_RUNTIME_CROP_AND_RESIZE_H_

#include <cmath>
#include <cstdint>

#include "runtime/isa.h"

namespace tfaot::rt {
inline namespace TFAOT_RT_ISA {

struct CropShape {
  int64_t batch, image_h, image_w, depth, boxes, crop_h, crop_w;
  bool nearest;
  float extrapolation_value;
};

template <typename T, typename Index>
inline void CropAndResize(const T* image, const float* boxes, const Index* box_index,
                          float* out, const CropShape& s) {
  const int64_t d_n = s.depth;
  const float ih1 = static_cast<float>(s.image_h - 1), iw1 = static_cast<float>(s.image_w - 1);
  for (int64_t b = 0; b < s.boxes; ++b) {
    float* crop = out + b * s.crop_h * s.crop_w * d_n;
    const float y1 = boxes[b * 4], x1 = boxes[b * 4 + 1];
    const float y2 = boxes[b * 4 + 2], x2 = boxes[b * 4 + 3];
    const int64_t b_in = static_cast<int64_t>(box_index[b]);
    if (b_in < 0 || b_in >= s.batch) {
      for (int64_t i = 0; i < s.crop_h * s.crop_w * d_n; ++i) crop[i] = 0.0f;
      continue;
    }
    const T* img = image + b_in * s.image_h * s.image_w * d_n;
    const float hs = s.crop_h > 1 ? (y2 - y1) * ih1 / static_cast<float>(s.crop_h - 1) : 0;
    const float ws = s.crop_w > 1 ? (x2 - x1) * iw1 / static_cast<float>(s.crop_w - 1) : 0;
    for (int64_t y = 0; y < s.crop_h; ++y) {
      const float in_y = s.crop_h > 1 ? y1 * ih1 + static_cast<float>(y) * hs
                                      : static_cast<float>(0.5 * (y1 + y2) * ih1);
      for (int64_t x = 0; x < s.crop_w; ++x) {
        float* o = crop + (y * s.crop_w + x) * d_n;
        const float in_x = s.crop_w > 1 ? x1 * iw1 + static_cast<float>(x) * ws
                                        : static_cast<float>(0.5 * (x1 + x2) * iw1);
        if (in_y < 0 || in_y > ih1 || in_x < 0 || in_x > iw1) {
          for (int64_t d = 0; d < d_n; ++d) o[d] = s.extrapolation_value;
          continue;
        }
        if (s.nearest) {
          const T* p = img + (static_cast<int64_t>(std::round(in_y)) * s.image_w +
                              static_cast<int64_t>(std::round(in_x))) * d_n;
          for (int64_t d = 0; d < d_n; ++d) o[d] = static_cast<float>(p[d]);
          continue;
        }
        const int64_t top = static_cast<int64_t>(std::floor(in_y));
        const int64_t bottom = static_cast<int64_t>(std::ceil(in_y));
        const float y_lerp = in_y - static_cast<float>(top);
        const int64_t left = static_cast<int64_t>(std::floor(in_x));
        const int64_t right = static_cast<int64_t>(std::ceil(in_x));
        const float x_lerp = in_x - static_cast<float>(left);
        const T* tl = img + (top * s.image_w + left) * d_n;
        const T* tr = img + (top * s.image_w + right) * d_n;
        const T* bl = img + (bottom * s.image_w + left) * d_n;
        const T* br = img + (bottom * s.image_w + right) * d_n;
        for (int64_t d = 0; d < d_n; ++d) {
          const float t = static_cast<float>(tl[d]) +
                          (static_cast<float>(tr[d]) - static_cast<float>(tl[d])) * x_lerp;
          const float bt = static_cast<float>(bl[d]) +
                           (static_cast<float>(br[d]) - static_cast<float>(bl[d])) * x_lerp;
          o[d] = t + (bt - t) * y_lerp;
        }
      }
    }
  }
}

}  // namespace TFAOT_RT_ISA
}  // namespace tfaot::rt

#endif  // TFAOT_RUNTIME_CROP_AND_RESIZE_H_
