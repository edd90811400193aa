// Functionalize, TF2 functional control flow: While/StatelessWhile and
// If/StatelessIf, whose cond/body and then/else are functions of the graph's
// library (as in SavedModels), are lowered to TF1's dataflow form, as
// TensorFlow's own LowerFunctionalOpsPass does, so that loops.cc and conds.cc
// rebuild them into the same While and If regions as TF1 graphs:
//
//   While(x...) {cond=C, body=B}:
//     Enter_i(x_i) -> Merge_i(Enter_i, NextIteration_i) -> C(Merge...) ->
//     LoopCond -> Switch_i(Merge_i, LoopCond) -> Identity_i(Switch_i:1) ->
//     B(Identity...) -> NextIteration_i;  result i = Exit_i(Switch_i:0)
//   If(p, x...) {then=T, else=E}:
//     Switch_i(x_i, p) -> T(Switch_i:1...), E(Switch_i:0...);
//     result j = Merge_j(E_j, T_j)
//
// The functions are inlined through the call inliner (checkpoint/
// inline_functions.h) as PartitionedCalls whose control input is the loop's
// Merge/Identity or the branch's switch_t/switch_f: the inliner hangs it on
// the body nodes that read no other body node (the constants among them),
// which is how the importer places constants in loops and branches. Loops
// and conditionals inside the functions are lowered in the next round.
#include <set>
#include <vector>

#include "absl/strings/str_cat.h"
#include "compiler/import/checkpoint/graph_util.h"
#include "compiler/import/checkpoint/inline_functions.h"
#include "compiler/import/functionalize/functionalize.h"

namespace tfaot::functionalize {
namespace {

using tensorflow::AttrValue;
using tensorflow::GraphDef;
using tensorflow::NodeDef;

bool IsFunctionalWhile(const std::string& op) { return op == "While" || op == "StatelessWhile"; }
bool IsFunctionalIf(const std::string& op) { return op == "If" || op == "StatelessIf"; }

class Lowering {
 public:
  explicit Lowering(GraphDef* graph) : graph_(graph) {}

  absl::Status Node(const NodeDef& node) {
    std::vector<std::string> data, control;
    for (const std::string& in : node.input()) (in[0] == '^' ? control : data).push_back(in);
    return IsFunctionalWhile(node.op()) ? While(node, data, control) : If(node, data, control);
  }

  std::vector<NodeDef>& added() { return added_; }
  const std::vector<std::string>& calls() const { return calls_; }

 private:
  NodeDef& Add(const std::string& name, const std::string& op,
               const std::vector<std::string>& inputs) {
    added_.emplace_back();
    NodeDef& n = added_.back();
    n.set_name(name);
    n.set_op(op);
    for (const std::string& in : inputs) n.add_input(in);
    return n;
  }

  static void SetType(NodeDef& n, const char* key, tensorflow::DataType t) {
    (*n.mutable_attr())[key].set_type(t);
  }

  static absl::StatusOr<std::vector<tensorflow::DataType>> Types(const NodeDef& node,
                                                                 const char* key) {
    auto it = node.attr().find(key);
    if (it == node.attr().end())
      return absl::InvalidArgumentError(
          absl::StrCat("node '", node.name(), "' (", node.op(), ") has no '", key, "' attribute"));
    std::vector<tensorflow::DataType> types;
    for (int t : it->second.list().type()) types.push_back(static_cast<tensorflow::DataType>(t));
    return types;
  }

  // A PartitionedCall of the function in attr `key` of `node`.
  void Call(const NodeDef& node, const std::string& name, const char* key,
            const std::vector<std::string>& inputs, const std::string& pivot) {
    NodeDef& call = Add(name, "PartitionedCall", inputs);
    call.add_input(pivot);
    (*call.mutable_attr())["f"] = node.attr().at(key);
    calls_.push_back(name);
  }

  // The node itself becomes the IdentityN of its results, so readers of
  // "node:i" keep their names.
  void Replace(const NodeDef& node, const std::vector<std::string>& results,
               const std::vector<tensorflow::DataType>& types,
               const std::vector<std::string>& control) {
    NodeDef& out = Add(node.name(), "IdentityN", results);
    for (const std::string& c : control) out.add_input(c);
    for (tensorflow::DataType t : types) (*out.mutable_attr())["T"].mutable_list()->add_type(t);
  }

  absl::Status While(const NodeDef& node, const std::vector<std::string>& inputs,
                     const std::vector<std::string>& control) {
    auto types = Types(node, "T");
    if (!types.ok()) return types.status();
    if (types->size() != inputs.size() || !node.attr().count("cond") || !node.attr().count("body"))
      return absl::InvalidArgumentError(absl::StrCat(
          "node '", node.name(), "' (", node.op(), ") has ", inputs.size(),
          " inputs for its T list of ", types->size(), " or lacks its cond/body function"));
    const std::string& w = node.name();
    const size_t n = inputs.size();
    std::vector<std::string> merges, identities, exits;
    for (size_t i = 0; i < n; ++i) {
      NodeDef& enter = Add(absl::StrCat(w, "/Enter_", i), "Enter", {inputs[i]});
      SetType(enter, "T", (*types)[i]);
      (*enter.mutable_attr())["frame_name"].set_s(w);
      (*enter.mutable_attr())["is_constant"].set_b(false);
      NodeDef& merge = Add(absl::StrCat(w, "/Merge_", i), "Merge",
                           {enter.name(), absl::StrCat(w, "/NextIteration_", i)});
      SetType(merge, "T", (*types)[i]);
      merges.push_back(merge.name());
    }
    Call(node, w + "/cond", "cond", merges, n ? "^" + merges[0] : "");
    Add(w + "/LoopCond", "LoopCond", {w + "/cond"});
    for (size_t i = 0; i < n; ++i) {
      NodeDef& sw = Add(absl::StrCat(w, "/Switch_", i), "Switch", {merges[i], w + "/LoopCond"});
      SetType(sw, "T", (*types)[i]);
      NodeDef& id = Add(absl::StrCat(w, "/Identity_", i), "Identity", {sw.name() + ":1"});
      SetType(id, "T", (*types)[i]);
      identities.push_back(id.name());
      NodeDef& exit = Add(absl::StrCat(w, "/Exit_", i), "Exit", {sw.name()});
      SetType(exit, "T", (*types)[i]);
      exits.push_back(exit.name());
    }
    Call(node, w + "/body", "body", identities, n ? "^" + identities[0] : "");
    for (size_t i = 0; i < n; ++i) {
      NodeDef& next = Add(absl::StrCat(w, "/NextIteration_", i), "NextIteration",
                          {n == 1 ? w + "/body" : absl::StrCat(w, "/body:", i)});
      SetType(next, "T", (*types)[i]);
    }
    Replace(node, exits, *types, control);
    return absl::OkStatus();
  }

  absl::Status If(const NodeDef& node, const std::vector<std::string>& inputs,
                  const std::vector<std::string>& control) {
    auto in_types = Types(node, "Tin");
    auto out_types = Types(node, "Tout");
    if (!in_types.ok()) return in_types.status();
    if (!out_types.ok()) return out_types.status();
    if (inputs.empty() || in_types->size() != inputs.size() - 1 ||
        !node.attr().count("then_branch") || !node.attr().count("else_branch"))
      return absl::InvalidArgumentError(absl::StrCat(
          "node '", node.name(), "' (", node.op(), ") has ", inputs.size(),
          " inputs for its predicate and Tin list of ", in_types->size(),
          " or lacks its then/else function"));
    const std::string& c = node.name();
    std::string pred = inputs[0];
    auto tcond = node.attr().find("Tcond");
    if (tcond != node.attr().end() && tcond->second.type() != tensorflow::DT_BOOL) {
      // A number is true when nonzero, as Cast to bool computes it.
      NodeDef& cast = Add(c + "/pred_bool", "Cast", {pred});
      SetType(cast, "SrcT", tcond->second.type());
      SetType(cast, "DstT", tensorflow::DT_BOOL);
      pred = cast.name();
    }
    SetType(Add(c + "/Switch", "Switch", {pred, pred}), "T", tensorflow::DT_BOOL);
    SetType(Add(c + "/switch_t", "Identity", {c + "/Switch:1"}), "T", tensorflow::DT_BOOL);
    SetType(Add(c + "/switch_f", "Identity", {c + "/Switch"}), "T", tensorflow::DT_BOOL);
    SetType(Add(c + "/pred_id", "Identity", {pred}), "T", tensorflow::DT_BOOL);
    std::vector<std::string> then_in, else_in;
    for (size_t i = 1; i < inputs.size(); ++i) {
      NodeDef& sw = Add(absl::StrCat(c, "/Switch_", i), "Switch", {inputs[i], c + "/pred_id"});
      SetType(sw, "T", (*in_types)[i - 1]);
      then_in.push_back(sw.name() + ":1");
      else_in.push_back(sw.name());
    }
    Call(node, c + "/then", "then_branch", then_in, "^" + c + "/switch_t");
    Call(node, c + "/else", "else_branch", else_in, "^" + c + "/switch_f");
    std::vector<std::string> merges;
    const size_t k = out_types->size();
    for (size_t j = 0; j < k; ++j) {
      auto out = [&](const std::string& f) { return k == 1 ? f : absl::StrCat(f, ":", j); };
      NodeDef& merge = Add(absl::StrCat(c, "/Merge_", j), "Merge", {out(c + "/else"), out(c + "/then")});
      SetType(merge, "T", (*out_types)[j]);
      merges.push_back(merge.name());
    }
    Replace(node, merges, *out_types, control);
    return absl::OkStatus();
  }

  GraphDef* graph_;
  std::vector<NodeDef> added_;
  std::vector<std::string> calls_;
};

constexpr int kMaxNesting = 64;

// The inliner leaves each call node as an IdentityN of the body's results
// and rewires their readers to the body: the IdentityN of a loop body is
// then read by nothing, a node inside the loop frame with no way out.
void DropUnreadCalls(const std::vector<std::string>& calls, GraphDef* graph) {
  std::set<std::string> read;
  for (const auto& node : graph->node())
    for (const std::string& in : node.input()) read.insert(checkpoint::NodeNameOfTensor(in));
  std::set<std::string> drop;
  for (const std::string& c : calls)
    if (!read.count(c)) drop.insert(c);
  auto* nodes = graph->mutable_node();
  for (int i = nodes->size() - 1; i >= 0; --i)
    if (drop.count(nodes->Get(i).name())) nodes->DeleteSubrange(i, 1);
}

}  // namespace

bool HasFunctionalControlFlow(const GraphDef& graph) {
  for (const auto& node : graph.node())
    if (IsFunctionalWhile(node.op()) || IsFunctionalIf(node.op())) return true;
  return false;
}

absl::Status LowerFunctionalControlFlow(GraphDef* graph) {
  for (int round = 0; HasFunctionalControlFlow(*graph); ++round) {
    if (round == kMaxNesting)
      return absl::InvalidArgumentError(absl::StrCat(
          "functional While/If nodes nest deeper than ", kMaxNesting, " levels (recursion?)"));
    Lowering lowering(graph);
    GraphDef lowered;
    *lowered.mutable_library() = graph->library();
    *lowered.mutable_versions() = graph->versions();
    for (const auto& node : graph->node()) {
      if (!IsFunctionalWhile(node.op()) && !IsFunctionalIf(node.op())) {
        *lowered.add_node() = node;
        continue;
      }
      if (auto s = lowering.Node(node); !s.ok()) return s;
    }
    for (auto& n : lowering.added()) {
      // Empty pivots (a loop without values) are not inputs.
      auto* inputs = n.mutable_input();
      for (int i = inputs->size() - 1; i >= 0; --i)
        if (inputs->Get(i).empty() || inputs->Get(i) == "^") inputs->DeleteSubrange(i, 1);
      *lowered.add_node() = std::move(n);
    }
    if (auto s = checkpoint::InlineFunctionCalls(&lowered, lowering.calls()); !s.ok()) return s;
    DropUnreadCalls(lowering.calls(), &lowered);
    *graph = std::move(lowered);
  }
  return absl::OkStatus();
}

}  // namespace tfaot::functionalize
