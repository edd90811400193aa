// The 2-D NHWC geometry internal conv kernels carry as an int-list attribute:
// 15 ints [batch, in_h, in_w, in_c, out_h, out_w, out_c, k_h, k_w, stride_h,
// stride_w, dil_h, dil_w, pad_h, pad_w] (padding before).
#ifndef TFAOT_COMPILER_OPS_KERNELS_CONV_ATTRS_H_
#define TFAOT_COMPILER_OPS_KERNELS_CONV_ATTRS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "compiler/ir/graph.h"
#include "runtime/conv.h"

namespace tfaot::ops {

absl::StatusOr<rt::ConvShape> ConvShapeFromAttr(const ir::Node& node, const std::string& key);
std::vector<int64_t> ConvShapeAttr(const rt::ConvShape& s);

}  // namespace tfaot::ops

#endif  // TFAOT_COMPILER_OPS_KERNELS_CONV_ATTRS_H_
