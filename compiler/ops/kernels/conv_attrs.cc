#include "compiler/ops/kernels/conv_attrs.h"

#include "absl/strings/str_cat.h"

namespace tfaot::ops {

absl::StatusOr<rt::ConvShape> ConvShapeFromAttr(const ir::Node& node, const std::string& key) {
  auto v = node.GetIntList(key);
  if (!v.ok()) return v.status();
  if (v->size() != 15) return node.Error(absl::StrCat(key, " must have 15 entries"));
  const std::vector<int64_t>& a = *v;
  for (int64_t x : a)
    if (x < 0) return node.Error(absl::StrCat(key, " has a negative entry"));
  rt::ConvShape s{};
  s.batch = a[0];
  s.in_d = s.out_d = s.k_d = s.stride_d = s.dil_d = 1;
  s.pad_d = 0;
  s.in_h = a[1], s.in_w = a[2], s.in_c = a[3];
  s.out_h = a[4], s.out_w = a[5], s.out_c = a[6];
  s.k_h = a[7], s.k_w = a[8], s.stride_h = a[9], s.stride_w = a[10];
  s.dil_h = a[11], s.dil_w = a[12], s.pad_h = a[13], s.pad_w = a[14];
  s.groups = 1;
  s.channels_first = false;
  if (s.stride_h < 1 || s.stride_w < 1 || s.dil_h < 1 || s.dil_w < 1 || s.k_h < 1 || s.k_w < 1)
    return node.Error(absl::StrCat(key, " needs positive kernel, strides and dilations"));
  return s;
}

std::vector<int64_t> ConvShapeAttr(const rt::ConvShape& s) {
  return {s.batch, s.in_h,     s.in_w,     s.in_c,  s.out_h, s.out_w, s.out_c, s.k_h,
          s.k_w,   s.stride_h, s.stride_w, s.dil_h, s.dil_w, s.pad_h, s.pad_w};
}

}  // namespace tfaot::ops
