// SpaceToBatchND / BatchToSpaceND (constant block_shape and paddings/crops)
// and SpaceToDepth / DepthToSpace (NHWC and NCHW). All are permutations of
// blocks: one strided copy per block offset for the ND ops (each offset's
// valid rectangle; SpaceToBatchND zero-fills the padding first), a single
// 6-D copy for the depth ops.
#include "absl/strings/str_cat.h"
#include "compiler/ops/movement/copy_plan.h"
#include "compiler/ops/op_def.h"
#include "compiler/ops/op_util.h"

namespace tfaot::ops {
namespace {

int64_t FloorDiv(int64_t a, int64_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }
int64_t CeilDiv(int64_t a, int64_t b) { return -FloorDiv(-a, b); }

struct BlockSpec {
  std::vector<int64_t> block, before, after;  // per spatial dimension
};

absl::StatusOr<BlockSpec> GetBlockSpec(const ir::Node& node) {
  if (auto s = ExpectInputs(node, 3); !s.ok()) return s;
  bool to_batch = node.op() == "SpaceToBatchND";
  auto block = RequireConstantInput(node, 1, "block_shape");
  if (!block.ok()) return block.status();
  auto pads = RequireConstantInput(node, 2, to_batch ? "paddings" : "crops");
  if (!pads.ok()) return pads.status();
  BlockSpec spec;
  spec.block = (*block)->ToInt64Vector();
  const size_t m = spec.block.size();
  const ir::Shape& in = node.input_value(0).shape;
  if ((*pads)->shape() != ir::Shape{static_cast<int64_t>(m), 2} || in.size() < m + 1)
    return node.Error(absl::StrCat("block_shape ", ir::ShapeToString((*block)->shape()), ", ",
                                   to_batch ? "paddings " : "crops ",
                                   ir::ShapeToString((*pads)->shape()), " and input ",
                                   ir::ShapeToString(in), " do not fit together"));
  std::vector<int64_t> p = (*pads)->ToInt64Vector();
  for (size_t i = 0; i < m; ++i) {
    spec.before.push_back(p[2 * i]);
    spec.after.push_back(p[2 * i + 1]);
    if (spec.block[i] < 1 || p[2 * i] < 0 || p[2 * i + 1] < 0)
      return node.Error("block sizes must be >= 1 and paddings/crops >= 0");
  }
  return spec;
}

absl::Status InferSpaceBatch(ir::Node& node) {
  auto spec = GetBlockSpec(node);
  if (!spec.ok()) return spec.status();
  ir::Shape shape = node.input_value(0).shape;
  int64_t prod = 1;
  for (int64_t b : spec->block) prod *= b;
  for (size_t i = 0; i < spec->block.size(); ++i) {
    int64_t& d = shape[i + 1];
    int64_t bs = spec->block[i], pads = spec->before[i] + spec->after[i];
    if (node.op() == "SpaceToBatchND") {
      if ((d + pads) % bs != 0)
        return node.Error(absl::StrCat("padded size ", d + pads, " of spatial dimension ", i,
                                       " is not divisible by the block size ", bs));
      d = (d + pads) / bs;
    } else {
      if (d * bs < pads) return node.Error("crops exceed the output size");
      d = d * bs - pads;
    }
  }
  if (node.op() == "SpaceToBatchND") {
    shape[0] *= prod;
  } else {
    if (shape[0] % prod != 0)
      return node.Error(absl::StrCat("batch ", shape[0], " is not divisible by the block size ",
                                     prod));
    shape[0] /= prod;
  }
  node.SetOutput(0, node.input_value(0).dtype, shape);
  return absl::OkStatus();
}

// The spatial tensor (padded/cropped) is `space`, the other is `batch`.
absl::StatusOr<CopyPlan> PlanSpaceBatch(const ir::Node& node) {
  auto spec = GetBlockSpec(node);
  if (!spec.ok()) return spec.status();
  const bool to_batch = node.op() == "SpaceToBatchND";
  const ir::Shape& space = to_batch ? node.input_value(0).shape : node.output(0).shape;
  const ir::Shape& batch = to_batch ? node.output(0).shape : node.input_value(0).shape;
  std::vector<int64_t> ss = ir::RowMajorStrides(space), bst = ir::RowMajorStrides(batch);
  const size_t m = spec->block.size();
  int64_t rest = 1;
  for (size_t d = m + 1; d < space.size(); ++d) rest *= space[d];
  CopyPlan plan;
  int64_t pads = 0;
  for (size_t i = 0; i < m; ++i) pads += spec->before[i] + spec->after[i];
  if (to_batch && pads > 0) plan.fill = CopyPlan::Fill::kZero;
  int64_t num_offsets = 1;
  for (int64_t b : spec->block) num_offsets *= b;
  for (int64_t lin = 0; lin < num_offsets; ++lin) {
    // The block offset of `lin`, row-major over block_shape.
    std::vector<int64_t> off(m);
    for (int64_t i = static_cast<int64_t>(m) - 1, r = lin; i >= 0; --i) {
      off[i] = r % spec->block[i];
      r /= spec->block[i];
    }
    BoxCopy c;
    c.shape = {space[0]};
    std::vector<int64_t> sp_strides = {ss[0]}, b_strides = {bst[0]};
    int64_t sp_offset = 0, b_offset = lin * space[0] * bst[0];
    bool empty = false;
    for (size_t i = 0; i < m; ++i) {
      // batch position o maps to space position o * block + off - before.
      int64_t bs = spec->block[i], shift = off[i] - spec->before[i];
      int64_t lo = std::max<int64_t>(0, CeilDiv(-shift, bs));
      int64_t hi = std::min<int64_t>(batch[i + 1] - 1, FloorDiv(space[i + 1] - 1 - shift, bs));
      if (hi < lo) empty = true;
      c.shape.push_back(hi - lo + 1);
      sp_strides.push_back(bs * ss[i + 1]);
      b_strides.push_back(bst[i + 1]);
      sp_offset += (lo * bs + shift) * ss[i + 1];
      b_offset += lo * bst[i + 1];
    }
    if (empty) continue;
    c.shape.push_back(rest);
    sp_strides.push_back(1);
    b_strides.push_back(1);
    c.in_strides = to_batch ? sp_strides : b_strides;
    c.out_strides = to_batch ? b_strides : sp_strides;
    c.in_offset = to_batch ? sp_offset : b_offset;
    c.out_offset = to_batch ? b_offset : sp_offset;
    plan.copies.push_back(c);
  }
  return plan;
}

// ---- SpaceToDepth / DepthToSpace ----
absl::StatusOr<std::pair<int64_t, bool>> DepthAttrs(const ir::Node& node) {
  if (auto s = ExpectInputs(node, 1); !s.ok()) return s;
  auto b = node.GetInt("block_size");
  if (!b.ok()) return b.status();
  if (*b < 2) return node.Error("block_size must be at least 2");
  std::string format = node.GetStringOr("data_format", "NHWC");
  if (format != "NHWC" && format != "NCHW")
    return node.Error("data_format " + format + " is not supported (NHWC, NCHW)");
  if (node.input_value(0).shape.size() != 4) return node.Error("expects a 4-D input");
  return std::make_pair(*b, format == "NCHW");
}

absl::Status InferDepth(ir::Node& node) {
  auto attrs = DepthAttrs(node);
  if (!attrs.ok()) return attrs.status();
  auto [b, nchw] = *attrs;
  ir::Shape s = node.input_value(0).shape;
  int64_t &h = s[nchw ? 2 : 1], &w = s[nchw ? 3 : 2], &c = s[nchw ? 1 : 3];
  if (node.op() == "SpaceToDepth") {
    if (h % b || w % b)
      return node.Error(absl::StrCat("height and width of ", ir::ShapeToString(s),
                                     " must be divisible by block_size ", b));
    h /= b, w /= b, c *= b * b;
  } else {
    if (c % (b * b))
      return node.Error(absl::StrCat("depth of ", ir::ShapeToString(s),
                                     " must be divisible by block_size^2 = ", b * b));
    h *= b, w *= b, c /= b * b;
  }
  node.SetOutput(0, node.input_value(0).dtype, s);
  return absl::OkStatus();
}

// Both as a copy over the space tensor's elements [B, C, H/b, b, W/b, b]
// (NCHW) or [B, H/b, b, W/b, b, C] (NHWC), read or written in depth order.
absl::StatusOr<CopyPlan> PlanDepth(const ir::Node& node) {
  auto attrs = DepthAttrs(node);
  if (!attrs.ok()) return attrs.status();
  auto [b, nchw] = *attrs;
  const bool to_depth = node.op() == "SpaceToDepth";
  const ir::Shape& sp = to_depth ? node.input_value(0).shape : node.output(0).shape;
  int64_t n = sp[0], c = sp[nchw ? 1 : 3], h = sp[nchw ? 2 : 1] / b, w = sp[nchw ? 3 : 2] / b;
  // Strides of the depth tensor for (batch, channel, y, dy, x, dx); its depth
  // index is (dy * b + dx) * C + c.
  int64_t depth = b * b * c;
  int64_t sn, sc, sy, sdy, sx, sdx;
  if (nchw) {  // depth tensor [N, b*b*C, h, w]
    sn = depth * h * w, sx = 1, sy = w, sc = h * w, sdx = c * sc, sdy = b * sdx;
  } else {  // [N, h, w, b*b*C]
    sn = h * w * depth, sc = 1, sx = depth, sy = w * depth, sdx = c, sdy = b * c;
  }
  BoxCopy copy;
  std::vector<int64_t> depth_strides;
  if (nchw) {
    copy.shape = {n, c, h, b, w, b};
    depth_strides = {sn, sc, sy, sdy, sx, sdx};
  } else {
    copy.shape = {n, h, b, w, b, c};
    depth_strides = {sn, sy, sdy, sx, sdx, sc};
  }
  std::vector<int64_t> space_strides = ir::RowMajorStrides(copy.shape);
  copy.in_strides = to_depth ? space_strides : depth_strides;
  copy.out_strides = to_depth ? depth_strides : space_strides;
  CopyPlan plan;
  plan.copies.push_back(copy);
  return plan;
}

}  // namespace

TFAOT_COPY_OP(SpaceToBatchND, InferSpaceBatch, PlanSpaceBatch)
TFAOT_COPY_OP(BatchToSpaceND, InferSpaceBatch, PlanSpaceBatch)
TFAOT_COPY_OP(SpaceToDepth, InferDepth, PlanDepth)
TFAOT_COPY_OP(DepthToSpace, InferDepth, PlanDepth)

}  // namespace tfaot::ops
