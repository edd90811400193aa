// ExtractImagePatches (NHWC): out[b, i, j, (ki * kw + kj) * C + c] =
// in[b, i * sh + ki * rh - pad_top, j * sw + kj * rw - pad_left, c], zero
// outside the image. One strided copy per kernel tap (ki, kj) over the
// output positions whose source lies inside the image.
#include <algorithm>

#include "absl/strings/str_cat.h"
#include "compiler/ops/movement/copy_plan.h"
#include "compiler/ops/op_def.h"
#include "compiler/ops/op_util.h"

namespace tfaot::ops {
namespace {

int64_t FloorDiv(int64_t a, int64_t b) { return a >= 0 ? a / b : -((-a + b - 1) / b); }
int64_t CeilDiv(int64_t a, int64_t b) { return -FloorDiv(-a, b); }

struct PatchSpec {
  int64_t k[2], s[2], r[2], pad[2], out[2];
};

absl::StatusOr<PatchSpec> GetPatchSpec(const ir::Node& node) {
  if (auto s = ExpectInputs(node, 1); !s.ok()) return s;
  const ir::Shape& in = node.input_value(0).shape;
  if (in.size() != 4) return node.Error("expects a 4-D NHWC input");
  PatchSpec p;
  const char* names[] = {"ksizes", "strides", "rates"};
  int64_t* fields[] = {p.k, p.s, p.r};
  for (int a = 0; a < 3; ++a) {
    auto v = node.GetIntList(names[a]);
    if (!v.ok()) return v.status();
    if (v->size() != 4 || (*v)[0] != 1 || (*v)[3] != 1 || (*v)[1] < 1 || (*v)[2] < 1)
      return node.Error(absl::StrCat(names[a], " must be [1, h, w, 1] with h, w >= 1"));
    fields[a][0] = (*v)[1];
    fields[a][1] = (*v)[2];
  }
  std::string padding = node.GetStringOr("padding", "");
  if (padding != "SAME" && padding != "VALID")
    return node.Error("padding must be SAME or VALID, not '" + padding + "'");
  for (int d = 0; d < 2; ++d) {
    int64_t size = in[1 + d], eff = p.k[d] + (p.k[d] - 1) * (p.r[d] - 1);
    if (padding == "VALID") {
      p.out[d] = size < eff ? 0 : (size - eff) / p.s[d] + 1;
      p.pad[d] = 0;
    } else {
      p.out[d] = CeilDiv(size, p.s[d]);
      p.pad[d] = std::max<int64_t>((p.out[d] - 1) * p.s[d] + eff - size, 0) / 2;
    }
  }
  return p;
}

absl::Status InferPatches(ir::Node& node) {
  auto p = GetPatchSpec(node);
  if (!p.ok()) return p.status();
  const ir::Shape& in = node.input_value(0).shape;
  node.SetOutput(0, node.input_value(0).dtype,
                 {in[0], p->out[0], p->out[1], p->k[0] * p->k[1] * in[3]});
  return absl::OkStatus();
}

absl::StatusOr<CopyPlan> PlanPatches(const ir::Node& node) {
  auto p = GetPatchSpec(node);
  if (!p.ok()) return p.status();
  const ir::Shape& in = node.input_value(0).shape;
  const ir::Shape& out = node.output(0).shape;
  std::vector<int64_t> is = ir::RowMajorStrides(in), os = ir::RowMajorStrides(out);
  CopyPlan plan;
  if (p->pad[0] > 0 || p->pad[1] > 0 ||
      (p->out[0] - 1) * p->s[0] + (p->k[0] - 1) * p->r[0] >= in[1] ||
      (p->out[1] - 1) * p->s[1] + (p->k[1] - 1) * p->r[1] >= in[2])
    plan.fill = CopyPlan::Fill::kZero;
  for (int64_t ki = 0; ki < p->k[0]; ++ki) {
    for (int64_t kj = 0; kj < p->k[1]; ++kj) {
      BoxCopy c;
      c.shape = {in[0], 0, 0, in[3]};
      c.in_strides = {is[0], p->s[0] * is[1], p->s[1] * is[2], 1};
      c.out_strides = {os[0], os[1], os[2], 1};
      c.out_offset = (ki * p->k[1] + kj) * in[3];
      int64_t tap[2] = {ki, kj};
      bool empty = false;
      for (int d = 0; d < 2; ++d) {
        // Output position o reads o * s + shift.
        int64_t shift = tap[d] * p->r[d] - p->pad[d];
        int64_t lo = std::max<int64_t>(0, CeilDiv(-shift, p->s[d]));
        int64_t hi = std::min<int64_t>(p->out[d] - 1, FloorDiv(in[1 + d] - 1 - shift, p->s[d]));
        if (hi < lo) empty = true;
        c.shape[1 + d] = hi - lo + 1;
        c.in_offset += (lo * p->s[d] + shift) * is[1 + d];
        c.out_offset += lo * os[1 + d];
      }
      if (!empty) plan.copies.push_back(c);
    }
  }
  return plan;
}

}  // namespace

extern const OpDef kOpExtractImagePatches = {"ExtractImagePatches",
                                             OpClass::kKernel,
                                             &InferPatches,
                                             &EvalCopyPlan<&PlanPatches>,
                                             &EmitCopyPlan<&PlanPatches>,
                                             nullptr,
                                             "runtime/strided_copy.h"};

}  // namespace tfaot::ops
