#include "compiler/ops/nn/window.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace tfaot::ops {
namespace {

// Position in a spatial + 2 list of spatial dimension i (0-based, of
// `spatial`), batch and channel.
int SpatialPos(int i, bool channels_first) { return channels_first ? 2 + i : 1 + i; }
int ChannelPos(int spatial, bool channels_first) { return channels_first ? 1 : spatial + 1; }

}  // namespace

absl::StatusOr<bool> ChannelsFirst(const ir::Node& node, int spatial) {
  const std::string last = spatial == 3 ? "NDHWC" : "NHWC";
  const std::string first = spatial == 3 ? "NCDHW" : "NCHW";
  std::string format = node.GetStringOr("data_format", last);
  if (format == last) return false;
  if (format == first) return true;
  return node.Error(absl::StrCat("data_format '", format, "' is not supported; expected ", last,
                                 " or ", first));
}

absl::StatusOr<Dims3> SpatialList(const ir::Node& node, const std::vector<int64_t>& list,
                                  const std::string& what, int spatial, bool channels_first) {
  if (static_cast<int>(list.size()) != spatial + 2)
    return node.Error(absl::StrCat(what, " has ", list.size(), " entries, expected ",
                                   spatial + 2));
  if (list[0] != 1 || list[ChannelPos(spatial, channels_first)] != 1)
    return node.Error(absl::StrCat(what, " [", absl::StrJoin(list, ","),
                                   "] must be 1 in the batch and channel dimensions"));
  Dims3 d{1, 1, 1};
  for (int i = 0; i < spatial; ++i) {
    d[3 - spatial + i] = list[SpatialPos(i, channels_first)];
    if (d[3 - spatial + i] <= 0)
      return node.Error(absl::StrCat(what, " [", absl::StrJoin(list, ","), "] must be positive"));
  }
  return d;
}

absl::StatusOr<Dims3> SpatialAttr(const ir::Node& node, const std::string& key, int spatial,
                                  bool channels_first, int64_t fallback) {
  std::vector<int64_t> list;
  if (node.HasAttr(key) || fallback == 0) {
    auto v = node.GetIntList(key);
    if (!v.ok()) return v.status();
    list = *v;
  } else {
    list.assign(spatial + 2, 1);
    for (int i = 0; i < spatial; ++i) list[SpatialPos(i, channels_first)] = fallback;
  }
  return SpatialList(node, list, key, spatial, channels_first);
}

absl::StatusOr<Window> MakeWindow(const ir::Node& node, const ir::Shape& input, int spatial,
                                  bool channels_first, const Dims3& size, const Dims3& stride,
                                  const Dims3& dilation) {
  if (static_cast<int>(input.size()) != spatial + 2)
    return node.Error(absl::StrCat("expects a ", spatial + 2, "-D input, got ",
                                   ir::ShapeToString(input)));
  Window w;
  w.spatial = spatial;
  w.channels_first = channels_first;
  w.batch = input[0];
  w.channels = input[ChannelPos(spatial, channels_first)];
  w.size = size;
  w.stride = stride;
  w.dilation = dilation;
  auto padding = node.GetString("padding");
  if (!padding.ok()) return padding.status();
  std::vector<int64_t> explicit_pads;
  if (*padding == "EXPLICIT") {
    explicit_pads = node.GetIntListOr("explicit_paddings", {});
    if (static_cast<int>(explicit_pads.size()) != 2 * (spatial + 2))
      return node.Error(absl::StrCat("explicit_paddings has ", explicit_pads.size(),
                                     " entries, expected ", 2 * (spatial + 2)));
  } else if (*padding != "SAME" && *padding != "VALID") {
    return node.Error(absl::StrCat("padding '", *padding, "' is not supported"));
  }
  for (int i = 0; i < spatial; ++i) {
    const int d = 3 - spatial + i;
    const int64_t in = input[SpatialPos(i, channels_first)];
    const int64_t effective = (size[d] - 1) * dilation[d] + 1;
    w.in[d] = in;
    if (*padding == "VALID") {
      w.out[d] = in >= effective ? (in - effective + stride[d]) / stride[d] : 0;
    } else if (*padding == "SAME") {
      w.out[d] = (in + stride[d] - 1) / stride[d];
      const int64_t needed = std::max<int64_t>(0, (w.out[d] - 1) * stride[d] + effective - in);
      w.pad_before[d] = needed / 2;
    } else {
      const int64_t before = explicit_pads[2 * SpatialPos(i, channels_first)];
      const int64_t after = explicit_pads[2 * SpatialPos(i, channels_first) + 1];
      if (before < 0 || after < 0) return node.Error("explicit_paddings must be non-negative");
      const int64_t padded = in + before + after;
      w.out[d] = padded >= effective ? (padded - effective + stride[d]) / stride[d] : 0;
      w.pad_before[d] = before;
    }
    if (w.out[d] <= 0)
      return node.Error(absl::StrCat("window of size ", effective, " (with dilation) does not fit "
                                     "input dimension ", in, " of ", ir::ShapeToString(input)));
  }
  return w;
}

ir::Shape ActivationShape(const Window& w, int64_t batch, const Dims3& dims, int64_t channels) {
  ir::Shape s{batch};
  if (w.channels_first) s.push_back(channels);
  for (int d = 3 - w.spatial; d < 3; ++d) s.push_back(dims[d]);
  if (!w.channels_first) s.push_back(channels);
  return s;
}

rt::ConvShape ToConvShape(const Window& w, int64_t out_channels, int64_t groups) {
  rt::ConvShape s{};
  s.batch = w.batch;
  s.in_d = w.in[0], s.in_h = w.in[1], s.in_w = w.in[2], s.in_c = w.channels;
  s.out_d = w.out[0], s.out_h = w.out[1], s.out_w = w.out[2], s.out_c = out_channels;
  s.k_d = w.size[0], s.k_h = w.size[1], s.k_w = w.size[2];
  s.stride_d = w.stride[0], s.stride_h = w.stride[1], s.stride_w = w.stride[2];
  s.dil_d = w.dilation[0], s.dil_h = w.dilation[1], s.dil_w = w.dilation[2];
  s.pad_d = w.pad_before[0], s.pad_h = w.pad_before[1], s.pad_w = w.pad_before[2];
  s.groups = groups;
  s.channels_first = w.channels_first;
  return s;
}

std::string ConvShapeLiteral(const rt::ConvShape& s) {
  return absl::StrCat("tfaot::rt::ConvShape{", s.batch, ", ", s.in_d, ", ", s.in_h, ", ", s.in_w,
                      ", ", s.in_c, ", ", s.out_d, ", ", s.out_h, ", ", s.out_w, ", ", s.out_c,
                      ", ", s.k_d, ", ", s.k_h, ", ", s.k_w, ", ", s.stride_d, ", ", s.stride_h,
                      ", ", s.stride_w, ", ", s.dil_d, ", ", s.dil_h, ", ", s.dil_w, ", ",
                      s.pad_d, ", ", s.pad_h, ", ", s.pad_w, ", ", s.groups, ", ",
                      s.channels_first ? "true" : "false", "}");
}

}  // namespace tfaot::ops
