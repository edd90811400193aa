#include "compiler/ir/printer.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "compiler/ir/region.h"

namespace tfaot::ir {

std::string ValueName(const ValueRef& value) {
  std::string name = "%" + value.node->name();
  if (value.index > 0) absl::StrAppend(&name, ":", value.index);
  return name;
}

namespace {

std::string TypeString(const Value& v) {
  if (!v.shape_known) return DTypeShortName(v.dtype) + "[?]";
  return DTypeShortName(v.dtype) + ShapeToString(v.shape);
}

std::string PrintFusedSteps(const Node& node) {
  std::vector<std::string> steps;
  for (size_t i = 0; i < node.fused_steps().size(); ++i) {
    const FusedStep& step = node.fused_steps()[i];
    std::vector<std::string> operands;
    for (int operand : step.operands)
      operands.push_back(operand >= 0 ? absl::StrCat("in", operand) : absl::StrCat("s", ~operand));
    steps.push_back(absl::StrCat("s", i, "=", step.op, "(", absl::StrJoin(operands, ","), ")"));
  }
  return "[" + absl::StrJoin(steps, "; ") + "]";
}

void PrintNodes(const Graph& graph, const std::string& indent, std::string& out);

// `label(%arg: type, ...) {` nodes `yield ...` `}`, one level deeper.
void PrintRegion(const Graph& region, const std::string& indent, std::string& out) {
  std::vector<std::string> args;
  for (const Feed& arg : region.feeds()) {
    const Value& v = arg.node->output(0);
    args.push_back(absl::StrCat("%", arg.node->name(), ": ", TypeString(v),
                                v.constant ? " const" : ""));
  }
  absl::StrAppend(&out, indent, region.label(), "(", absl::StrJoin(args, ", "), ") {\n");
  PrintNodes(region, indent + "  ", out);
  std::vector<std::string> yields;
  for (const Fetch& y : region.fetches()) yields.push_back(ValueName(y.value));
  absl::StrAppend(&out, indent, "  yield ", absl::StrJoin(yields, ", "), "\n", indent, "}\n");
}

void PrintNodes(const Graph& graph, const std::string& indent, std::string& out) {
  for (const auto& node : graph.nodes()) {
    if (node->op() == kArgOp) continue;  // printed in the region's header
    std::vector<std::string> results;
    for (int i = 0; i < node->num_outputs(); ++i)
      results.push_back(ValueName(ValueRef{node.get(), i}));
    std::vector<std::string> operands;
    for (const ValueRef& in : node->inputs()) operands.push_back(ValueName(in));
    std::vector<std::string> types;
    for (const Value& v : node->outputs())
      types.push_back(TypeString(v) + (v.constant ? " const" : ""));
    absl::StrAppend(&out, indent, absl::StrJoin(results, ", "), results.empty() ? "" : " = ",
                    node->op(), "(", absl::StrJoin(operands, ", "), ")");
    if (!node->fused_steps().empty()) absl::StrAppend(&out, " ", PrintFusedSteps(*node));
    std::vector<std::string> attrs;
    for (const auto& [key, value] : node->attrs())
      attrs.push_back(key + "=" + AttrValueToString(value));
    if (!attrs.empty()) absl::StrAppend(&out, " {", absl::StrJoin(attrs, ", "), "}");
    absl::StrAppend(&out, " : ", absl::StrJoin(types, ", "), "\n");
    for (int r = 0; r < node->num_regions(); ++r) PrintRegion(node->region(r), indent + "  ", out);
  }
}

}  // namespace

std::string PrintGraph(const Graph& graph) {
  std::string out;
  for (const Feed& feed : graph.feeds())
    absl::StrAppend(&out, "feed ", feed.name, " = %", feed.node->name(), "\n");
  PrintNodes(graph, "", out);
  for (const Fetch& fetch : graph.fetches())
    absl::StrAppend(&out, "fetch ", fetch.name, " = ", ValueName(fetch.value), "\n");
  return out;
}

}  // namespace tfaot::ir
