// Functionalize, conditionals: rebuilds tf.cond's Switch/Merge dataflow into
// If nodes (ir/region.h), innermost first, as tfcompile's functionalize_cond
// does.
//
// tf.cond(p, f, g) sends each value a branch uses through Switch(x, p) (the
// true branch reads output 1, the false branch output 0) and joins each
// result pair in Merge(false value, true value). Every node gets the stack of
// (predicate, branch) conditions under which it runs: Switch output k adds
// (p, k) to its inputs' stack, Merge removes the innermost pair its two
// inputs differ by, other nodes take the longest of their inputs' stacks
// (which must extend each other). Merges with the same stack and predicate
// form one If; the nodes of each branch become its regions. tf.case nests
// conds, so nested Ifs come out of it.
#include <algorithm>
#include <map>

#include "absl/strings/str_cat.h"
#include "compiler/import/functionalize/extract.h"
#include "compiler/import/functionalize/functionalize_internal.h"
#include "compiler/ir/region.h"

namespace tfaot::functionalize {
namespace {

using ValueKey = std::pair<const ir::Node*, int>;
using Cond = std::vector<std::pair<ValueKey, int>>;  // (predicate, branch), outermost first

std::string Describe(const Cond& c) {
  if (c.empty()) return "unconditionally";
  const auto& [pred, branch] = c.back();
  return absl::StrCat("when '", pred.first->name(), pred.second ? ":" : "",
                      pred.second ? std::to_string(pred.second) : "", "' is ",
                      branch ? "true" : "false",
                      c.size() > 1 ? " (in a nested conditional)" : "");
}

bool IsPrefix(const Cond& prefix, const Cond& c) {
  return prefix.size() <= c.size() && std::equal(prefix.begin(), prefix.end(), c.begin());
}

struct Group {
  Cond outer;       // the stack the If node runs under
  ValueKey pred;
  std::vector<ir::Node*> merges;
  std::vector<int> true_input;  // per merge: which input is the true branch's
};

class CondFunctionalizer {
 public:
  explicit CondFunctionalizer(ir::Graph& graph) : graph_(graph) {}

  absl::Status Run() {
    bool any = false;
    for (const auto& node : graph_.nodes()) any |= node->op() == "Switch" || node->op() == "Merge";
    if (!any) return absl::OkStatus();
    if (auto s = graph_.TopologicalSort(); !s.ok()) return s;
    std::vector<Group> groups;
    std::map<std::pair<Cond, ValueKey>, int> group_of;
    for (const auto& node : graph_.nodes()) {
      if (node->op() != "Merge") {
        auto state = StateFromInputs(*node);
        if (!state.ok()) return state.status();
        state_[node.get()] = *state;
        continue;
      }
      Group g;
      int true_input;
      if (auto s = AnalyzeMerge(*node, &g.outer, &g.pred, &true_input); !s.ok()) return s;
      state_[node.get()] = g.outer;
      auto [it, added] = group_of.emplace(std::make_pair(g.outer, g.pred), groups.size());
      if (added) groups.push_back(g);
      groups[it->second].merges.push_back(node.get());
      groups[it->second].true_input.push_back(true_input);
    }
    std::stable_sort(groups.begin(), groups.end(), [](const Group& a, const Group& b) {
      return a.outer.size() > b.outer.size();
    });
    for (const Group& g : groups)
      if (auto s = BuildIf(g); !s.ok()) return s;
    graph_.RemoveDeadNodes();
    return graph_.TopologicalSort();
  }

 private:
  static ValueKey CanonicalPred(ir::ValueRef p) {
    while (p.node->op() == "Identity" && p.node->num_inputs() == 1) p = p.node->inputs()[0];
    return {p.node, p.index};
  }

  Cond ValueState(const ir::ValueRef& v) const {
    Cond c = state_.at(v.node);
    if (v.node->op() == "Switch") c.push_back({CanonicalPred(v.node->inputs()[1]), v.index});
    return c;
  }

  absl::StatusOr<Cond> StateFromInputs(const ir::Node& node) const {
    Cond state;
    const ir::Node* from = nullptr;
    for (const ir::ValueRef& in : node.inputs()) {
      Cond c = ValueState(in);
      if (IsPrefix(c, state)) continue;
      if (!IsPrefix(state, c))
        return node.Error(absl::StrCat(
            "reads '", from->name(), "', computed ", Describe(state), ", and '",
            in.node->name(), "', computed ", Describe(c),
            "; no conditional runs both (malformed Switch/Merge)"));
      state = c;
      from = in.node;
    }
    return state;
  }

  // A Merge's two inputs differ by one (predicate, branch) pair, or one input
  // is an outer value (the other branch yields it as it is).
  absl::Status AnalyzeMerge(const ir::Node& merge, Cond* outer, ValueKey* pred,
                            int* true_input) const {
    if (merge.num_inputs() != 2)
      return merge.Error(absl::StrCat("merges ", merge.num_inputs(),
                                      " values; a conditional's Merge joins two branches"));
    for (int k = 0; k < 2; ++k) {
      Cond a = ValueState(merge.inputs()[k]);
      Cond b = ValueState(merge.inputs()[1 - k]);
      if (a.empty()) continue;
      Cond prefix(a.begin(), a.end() - 1);
      const bool b_other_branch = b.size() == a.size() && IsPrefix(prefix, b) &&
                                  b.back().first == a.back().first &&
                                  b.back().second != a.back().second;
      if (b_other_branch || b == prefix) {
        *outer = prefix;
        *pred = a.back().first;
        *true_input = a.back().second == 1 ? k : 1 - k;
        return absl::OkStatus();
      }
    }
    Cond a = ValueState(merge.inputs()[0]), b = ValueState(merge.inputs()[1]);
    if (a.empty() && b.empty())
      return merge.Error(absl::StrCat("joins '", merge.inputs()[0].node->name(), "' and '",
                                      merge.inputs()[1].node->name(),
                                      "', neither of which comes from a Switch (a Merge "
                                      "without its Switch)"));
    return merge.Error(absl::StrCat("joins '", merge.inputs()[0].node->name(), "', computed ",
                                    Describe(a), ", and '", merge.inputs()[1].node->name(),
                                    "', computed ", Describe(b),
                                    ", which are not the two branches of one conditional"));
  }

  absl::Status BuildIf(const Group& g) {
    for (ir::Node* merge : g.merges)
      for (const auto& node : graph_.nodes())
        for (const ir::ValueRef& in : node->inputs())
          if (in.node == merge && in.index == 1)
            return node->Error(absl::StrCat("reads the value_index output of Merge '",
                                            merge->name(), "', which tfaotc does not support"));
    RegionExtractor extractor({});
    for (int branch : {1, 0}) {
      Cond inside = g.outer;
      inside.push_back({g.pred, branch});
      auto classify = [&](const ir::ValueRef& v) -> absl::StatusOr<Source> {
        const ir::Node* n = v.node;
        Cond s = ValueState(v);
        Source src;
        if (n->op() == "Switch" && CanonicalPred(n->inputs()[1]) == g.pred && s == inside) {
          src.kind = Source::kCapture;
          src.captured = n->inputs()[0];
          src.arg_name = n->name();
          return src;
        }
        if (IsPrefix(inside, s)) {
          if (s.size() > inside.size())
            return n->Error(absl::StrCat("is computed ", Describe(s), " but read outside that "
                                         "conditional (malformed Switch/Merge)"));
          return src;
        }
        if (IsPrefix(s, g.outer)) {
          if (n->op() == "Const" && n->inputs().empty()) return src;  // copied in
          src.kind = Source::kCapture;
          src.captured = v;
          src.arg_name = n->name();
          return src;
        }
        return n->Error(absl::StrCat("is computed ", Describe(s), " but read by the ",
                                     branch ? "true" : "false", " branch of '",
                                     g.merges[0]->name(), "', which runs ", Describe(inside)));
      };
      std::vector<ir::ValueRef> roots;
      for (size_t j = 0; j < g.merges.size(); ++j) {
        int input = branch ? g.true_input[j] : 1 - g.true_input[j];
        roots.push_back(g.merges[j]->inputs()[input]);
      }
      if (auto s = extractor.AddRegion(branch ? "then" : "else", roots, classify); !s.ok())
        return s;
    }
    std::string base = g.merges[0]->name();
    size_t slash = base.rfind('/');
    base = slash == std::string::npos ? base + "/if" : base.substr(0, slash);
    ir::Node* node = graph_.AddNode(graph_.UniqueName(base), ir::kIfOp);
    node->inputs().push_back({const_cast<ir::Node*>(g.pred.first), g.pred.second});
    for (const ir::ValueRef& c : extractor.captures()) node->inputs().push_back(c);
    node->outputs().resize(g.merges.size());
    if (auto s = extractor.Build(graph_, *node); !s.ok()) return s;
    state_[node] = g.outer;
    for (size_t j = 0; j < g.merges.size(); ++j)
      graph_.ReplaceAllUses({g.merges[j], 0}, {node, static_cast<int>(j)});
    return absl::OkStatus();
  }

  ir::Graph& graph_;
  std::map<const ir::Node*, Cond> state_;
};

}  // namespace

absl::Status FunctionalizeConds(ir::Graph& graph) { return CondFunctionalizer(graph).Run(); }

}  // namespace tfaot::functionalize
