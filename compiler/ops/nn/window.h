// Sliding-window geometry shared by convolutions and pooling: activation
// layouts (NHWC/NCHW, NDHWC/NCDHW), attribute lists in data_format order,
// strides, dilations and SAME/VALID/EXPLICIT padding as TensorFlow's
// GetWindowedOutputSize computes them. 2-D windows use depth 1 (index 0).
#ifndef TFAOT_COMPILER_OPS_WINDOW_H_
#define TFAOT_COMPILER_OPS_WINDOW_H_

#include <array>
#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "compiler/ir/graph.h"
#include "runtime/conv.h"

namespace tfaot::ops {

using Dims3 = std::array<int64_t, 3>;  // depth, height, width

struct Window {
  int spatial = 2;  // 2 or 3
  bool channels_first = false;
  int64_t batch = 0, channels = 0;
  Dims3 in{1, 1, 1}, size{1, 1, 1}, stride{1, 1, 1}, dilation{1, 1, 1};
  Dims3 pad_before{0, 0, 0}, out{1, 1, 1};
};

// Whether the node's data_format (default channels-last) is channels-first;
// errors on a format that does not fit `spatial` dimensions.
absl::StatusOr<bool> ChannelsFirst(const ir::Node& node, int spatial);

// The spatial entries of an attribute list of spatial + 2 values in
// data_format order (`fallback` when the attribute is absent, 0 = required);
// errors unless the batch and channel entries are 1.
absl::StatusOr<Dims3> SpatialAttr(const ir::Node& node, const std::string& key, int spatial,
                                  bool channels_first, int64_t fallback = 0);
// The same for a list given as values (MaxPoolV2's ksize/strides inputs).
absl::StatusOr<Dims3> SpatialList(const ir::Node& node, const std::vector<int64_t>& list,
                                  const std::string& what, int spatial, bool channels_first);

// The window over `input` (rank spatial + 2): reads padding and
// explicit_paddings, computes the output size and the padding before.
absl::StatusOr<Window> MakeWindow(const ir::Node& node, const ir::Shape& input, int spatial,
                                  bool channels_first, const Dims3& size, const Dims3& stride,
                                  const Dims3& dilation);

// The activation shape [N, spatial..., C] (or [N, C, spatial...]) for sizes `dims`.
ir::Shape ActivationShape(const Window& w, int64_t batch, const Dims3& dims, int64_t channels);

rt::ConvShape ToConvShape(const Window& w, int64_t out_channels, int64_t groups);
// "tfaot::rt::ConvShape{...}": the literal emitted code passes to a kernel.
std::string ConvShapeLiteral(const rt::ConvShape& s);

}  // namespace tfaot::ops

#endif  // TFAOT_COMPILER_OPS_WINDOW_H_
