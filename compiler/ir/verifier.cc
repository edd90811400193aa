#include "compiler/ir/verifier.h"

#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "compiler/ir/region.h"

namespace tfaot::ir {
namespace {

absl::Status Fail(const std::string& message) {
  return absl::InternalError("IR: " + message);
}

std::string TypeOf(const Value& v) {
  return DTypeShortName(v.dtype) + (v.shape_known ? ShapeToString(v.shape) : "[?]");
}

// Both typed and different (a value not inferred yet is not compared).
bool Mismatch(const Value& a, const Value& b) {
  if (a.dtype == DType::kInvalid || b.dtype == DType::kInvalid) return false;
  if (a.dtype != b.dtype) return true;
  return a.shape_known && b.shape_known && a.shape != b.shape;
}

absl::Status CheckArgs(const Node& node, const Graph& region, int first_operand) {
  const int count = node.num_inputs() - first_operand;
  if (static_cast<int>(region.feeds().size()) != count)
    return Fail(absl::StrCat("region '", region.label(), "' of ", node.Describe(), " has ",
                             region.feeds().size(), " block arguments for ", count, " operands"));
  for (int i = 0; i < count; ++i) {
    const Value& arg = region.feeds()[i].node->output(0);
    const Value& operand = node.input_value(first_operand + i);
    // A carried argument's shape is the loop's, checked against its output.
    bool carried = node.op() == kWhileOp && i < NumCarried(node);
    if (carried ? arg.dtype != operand.dtype && arg.dtype != DType::kInvalid
                : Mismatch(arg, operand))
      return Fail(absl::StrCat("block argument ", i, " of region '", region.label(), "' of ",
                               node.Describe(), " is ", TypeOf(arg), " but its operand is ",
                               TypeOf(operand)));
  }
  return absl::OkStatus();
}

absl::Status CheckYields(const Node& node, const Graph& region, int first_output, int count) {
  if (static_cast<int>(region.fetches().size()) != count)
    return Fail(absl::StrCat("region '", region.label(), "' of ", node.Describe(), " yields ",
                             region.fetches().size(), " values, expected ", count));
  for (int i = 0; i < count && first_output >= 0; ++i) {
    const ValueRef& y = region.fetches()[i].value;
    if (Mismatch(y.node->output(y.index), node.output(first_output + i)))
      return Fail(absl::StrCat("region '", region.label(), "' of ", node.Describe(),
                               " yields ", TypeOf(y.node->output(y.index)), " as result ", i,
                               ", which is ", TypeOf(node.output(first_output + i))));
  }
  return absl::OkStatus();
}

absl::Status VerifyRegionNode(const Node& node) {
  if (node.op() != kWhileOp && node.op() != kIfOp)
    return Fail(node.Describe() + " has regions; only While and If nodes may");
  if (node.num_regions() != 2)
    return Fail(absl::StrCat(node.Describe(), " has ", node.num_regions(), " regions, needs 2"));
  if (node.op() == kIfOp) {
    if (node.num_inputs() < 1) return Fail(node.Describe() + " has no predicate");
    for (int r = 0; r < 2; ++r) {
      if (auto s = CheckArgs(node, node.region(r), 1); !s.ok()) return s;
      if (auto s = CheckYields(node, node.region(r), 0, node.num_outputs()); !s.ok()) return s;
    }
    return absl::OkStatus();
  }
  const int carried = NumCarried(node);
  if (carried < 0 || carried > node.num_inputs() || node.num_outputs() != carried)
    return Fail(absl::StrCat(node.Describe(), " carries ", carried, " values but has ",
                             node.num_inputs(), " operands and ", node.num_outputs(),
                             " outputs"));
  for (int r = 0; r < 2; ++r)
    if (auto s = CheckArgs(node, node.region(r), 0); !s.ok()) return s;
  const Graph& cond = node.region(kCondRegion);
  if (auto s = CheckYields(node, cond, -1, 1); !s.ok()) return s;
  const Value& pred = cond.fetches()[0].value.node->output(cond.fetches()[0].value.index);
  if (pred.dtype != DType::kInvalid && pred.shape_known &&
      (pred.dtype != DType::kBool || !pred.shape.empty()))
    return Fail(node.Describe() + " has a condition of type " + TypeOf(pred) + ", not bool[]");
  const Graph& body = node.region(kBodyRegion);
  if (auto s = CheckYields(node, body, 0, carried); !s.ok()) return s;
  for (int r = 0; r < 2; ++r)
    for (int i = 0; i < carried; ++i)
      if (Mismatch(node.region(r).feeds()[i].node->output(0), node.output(i)))
        return Fail(absl::StrCat("carried block argument ", i, " of region '",
                                 node.region(r).label(), "' of ", node.Describe(), " is ",
                                 TypeOf(node.region(r).feeds()[i].node->output(0)),
                                 ", the loop's output is ", TypeOf(node.output(i))));
  return absl::OkStatus();
}

absl::Status VerifyOne(const Graph& graph) {
  std::map<const Node*, int> position;
  std::set<std::string> names;
  std::set<const Node*> args;
  for (const Feed& feed : graph.feeds())
    if (graph.owner()) args.insert(feed.node);
  for (const auto& node : graph.nodes()) {
    if (!names.insert(node->name()).second)
      return Fail(absl::StrCat("duplicate node name '", node->name(), "'"));
    if ((node->op() == kArgOp) != (args.count(node.get()) > 0))
      return Fail(node->op() == kArgOp
                      ? node->Describe() + " is not a block argument of its graph"
                      : absl::StrCat("block argument '", node->name(), "' is not an Arg node"));
    for (int i = 0; i < node->num_inputs(); ++i) {
      const ValueRef& in = node->inputs()[i];
      // Operands from another graph are not in `position` either: a region
      // reads outer values only through its owner's operands.
      if (!in.node || !position.count(in.node))
        return Fail(absl::StrCat("input ", i, " of ", node->Describe(),
                                 " is not defined before it in the same graph"));
      if (in.index < 0 || in.index >= in.node->num_outputs())
        return Fail(absl::StrCat("input ", i, " of ", node->Describe(), " reads output ",
                                 in.index, " of ", in.node->Describe(), " which has ",
                                 in.node->num_outputs(), " outputs"));
    }
    if (node->num_regions() > 0 || node->op() == kWhileOp || node->op() == kIfOp)
      if (auto s = VerifyRegionNode(*node); !s.ok()) return s;
    for (int r = 0; r < node->num_regions(); ++r) {
      if (node->region(r).owner() != node.get())
        return Fail(absl::StrCat("region ", r, " of ", node->Describe(), " names another owner"));
      if (auto s = VerifyOne(node->region(r)); !s.ok()) return s;
    }
    position[node.get()] = static_cast<int>(position.size());
  }
  for (const Feed& feed : graph.feeds())
    if (!position.count(feed.node))
      return Fail(absl::StrCat(graph.owner() ? "block argument '" : "feed '", feed.name,
                               "' lost its node"));
  for (const Fetch& fetch : graph.fetches())
    if (!position.count(fetch.value.node))
      return Fail(absl::StrCat(graph.owner() ? "yield '" : "fetch '", fetch.name,
                               "' lost its node"));
  return absl::OkStatus();
}

}  // namespace

absl::Status VerifyGraph(const Graph& graph) { return VerifyOne(graph); }

}  // namespace tfaot::ir
