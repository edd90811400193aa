#include "compiler/codegen/region_emitter.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "compiler/ir/region.h"

namespace tfaot::codegen {
namespace {

int64_t Bytes(const ir::Value& v) { return ir::NumElements(v.shape) * ir::DTypeSize(v.dtype); }

const ir::Value& ValueOf(const ir::ValueRef& r) { return r.node->output(r.index); }

// The arena offset a value lives at, or -1 for a constant.
int64_t Offset(RegionEmitContext& ctx, const ir::ValueRef& v) {
  const ir::Value& value = ValueOf(ctx.resolve(v));
  return value.constant ? -1 : value.arena_offset;
}

bool AllZero(const ir::Tensor* t) {
  if (!t) return false;
  for (int64_t b = 0; b < t->byte_size(); ++b)
    if (t->raw()[b] != 0) return false;
  return true;
}

// `to` = `from`, unless they are one buffer (zeros are set, not copied).
void Copy(RegionEmitContext& ctx, const ir::ValueRef& to, const ir::ValueRef& from) {
  const int64_t bytes = Bytes(ValueOf(to));
  if (bytes == 0) return;
  const int64_t at = Offset(ctx, from);
  if (at >= 0 && at == Offset(ctx, to)) return;
  if (AllZero(ValueOf(ctx.resolve(from)).constant.get())) {
    ctx.out->Line(absl::StrCat("std::memset(", ctx.operand(to), ", 0, ", bytes, ");"));
    return;
  }
  ctx.out->Line(absl::StrCat("std::memcpy(", ctx.operand(to), ", ", ctx.operand(from), ", ",
                             bytes, ");"));
}

std::string Names(const ir::Graph& region, int first, int last) {
  std::vector<std::string> names;
  for (int i = first; i < last; ++i) names.push_back(region.feeds()[i].node->name());
  return names.empty() ? "none" : absl::StrJoin(names, ", ");
}

std::string FreshIdentifier(RegionEmitContext& ctx, const std::string& base) {
  std::string name = base;
  for (int n = 2; !ctx.identifiers->insert(name).second; ++n) name = absl::StrCat(base, "_", n);
  return name;
}

}  // namespace

absl::Status EmitWhile(const ir::Node& node, RegionEmitContext& ctx) {
  CodeWriter& w = *ctx.out;
  const int carried = ir::NumCarried(node);
  const ir::Graph& cond = node.region(ir::kCondRegion);
  const ir::Graph& body = node.region(ir::kBodyRegion);
  const int64_t trips = node.GetIntOr("trip_count", -1);
  w.Line("");
  w.Line(absl::StrCat("// While '", node.name(), "' (TensorFlow frame '",
                      node.GetStringOr("frame_name", "?"), "'): ",
                      trips >= 0 ? absl::StrCat(trips, trips == 1 ? " iteration" : " iterations")
                                 : "iterations decided at run time"));
  w.Line("//   carried: " + Names(body, 0, carried));
  w.Line("//   invariant: " + Names(body, carried, static_cast<int>(body.feeds().size())));
  for (int i = 0; i < carried; ++i) Copy(ctx, {const_cast<ir::Node*>(&node), i}, node.inputs()[i]);
  if (trips == 0) return absl::OkStatus();
  if (trips > 0) {
    std::string i = FreshIdentifier(ctx, SanitizeIdentifier(node.name()) + "_iteration");
    w.Open(absl::StrCat("for (int64_t ", i, " = 0; ", i, " < ", trips, "; ++", i, ") {"));
  } else {
    w.Open("for (;;) {");
    if (auto s = ctx.emit_region(cond); !s.ok()) return s;
    w.Line(absl::StrCat("if (!", ctx.operand(cond.fetches()[0].value), "[0]) break;"));
  }
  if (auto s = ctx.emit_region(body); !s.ok()) return s;
  for (int i = 0; i < carried; ++i)
    Copy(ctx, {const_cast<ir::Node*>(&node), i}, body.fetches()[i].value);
  w.Close();
  return absl::OkStatus();
}

absl::Status EmitIf(const ir::Node& node, RegionEmitContext& ctx) {
  CodeWriter& w = *ctx.out;
  w.Line("");
  w.Line(absl::StrCat("// If '", node.name(), "' on '", ctx.resolve(node.inputs()[0]).node->name(),
                      "'"));
  const ir::Value& pred = ValueOf(node.inputs()[0]);
  std::string test = ctx.operand(node.inputs()[0]) + "[0]";
  if (pred.dtype != ir::DType::kBool) test = "(" + test + " != 0)";
  for (int r : {ir::kThenRegion, ir::kElseRegion}) {
    w.Open(r == ir::kThenRegion ? "if (" + test + ") {" : "} else {");
    const ir::Graph& region = node.region(r);
    if (auto s = ctx.emit_region(region); !s.ok()) return s;
    for (int i = 0; i < node.num_outputs(); ++i)
      Copy(ctx, {const_cast<ir::Node*>(&node), i}, region.fetches()[i].value);
    w.Dedent();
  }
  w.Line("}");
  return absl::OkStatus();
}

}  // namespace tfaot::codegen
