#include "compiler/import/functionalize/extract.h"

#include "absl/strings/str_cat.h"
#include "compiler/ir/region.h"

namespace tfaot::functionalize {

absl::Status RegionExtractor::Collect(Pending& region, const ir::ValueRef& root,
                                      const Classifier& classify) {
  std::vector<ir::ValueRef> work = {root};
  std::set<std::pair<const ir::Node*, int>> seen;
  while (!work.empty()) {
    ir::ValueRef v = work.back();
    work.pop_back();
    if (!seen.insert({v.node, v.index}).second) continue;
    auto source = classify(v);
    if (!source.ok()) return source.status();
    switch (source->kind) {
      case Source::kInside:
        if (region.inside.insert(v.node).second)
          // Reversed so the first input is met first: captures keep input order.
          for (auto in = v.node->inputs().rbegin(); in != v.node->inputs().rend(); ++in)
            work.push_back(*in);
        break;
      case Source::kFixedArg:
        region.arg_of[{v.node, v.index}] = source->fixed_arg;
        break;
      case Source::kCapture: {
        auto key = std::make_pair(source->captured.node, source->captured.index);
        auto [it, added] = capture_index_.emplace(key, num_fixed_ + static_cast<int>(captures_.size()));
        if (added) {
          captures_.push_back(source->captured);
          arg_names_.push_back(source->arg_name);
        }
        region.arg_of[{v.node, v.index}] = it->second;
        break;
      }
    }
  }
  return absl::OkStatus();
}

absl::Status RegionExtractor::AddRegion(const std::string& label,
                                        const std::vector<ir::ValueRef>& roots,
                                        const Classifier& classify) {
  Pending region;
  region.label = label;
  region.roots = roots;
  for (const ir::ValueRef& root : roots)
    if (auto s = Collect(region, root, classify); !s.ok()) return s;
  regions_.push_back(std::move(region));
  return absl::OkStatus();
}

absl::Status RegionExtractor::Build(const ir::Graph& graph, ir::Node& owner) {
  for (Pending& pending : regions_) {
    auto region = std::make_unique<ir::Graph>();
    std::vector<ir::Node*> args;
    for (const std::string& name : arg_names_) args.push_back(ir::AddArg(*region, name));
    std::map<const ir::Node*, ir::Node*> copy;
    for (const auto& node : graph.nodes()) {  // source order keeps output deterministic
      if (!pending.inside.count(node.get())) continue;
      ir::Node* n = region->AddNode(region->UniqueName(node->name()), node->op());
      n->attrs() = node->attrs();
      n->outputs().resize(node->num_outputs());
      for (int r = 0; r < node->num_regions(); ++r)
        n->AddRegion(node->region(r).label(), ir::CloneGraph(node->region(r)));
      copy[node.get()] = n;
    }
    auto map_value = [&](const ir::ValueRef& v) -> ir::ValueRef {
      auto arg = pending.arg_of.find({v.node, v.index});
      if (arg != pending.arg_of.end()) return {args[arg->second], 0};
      return {copy.at(v.node), v.index};
    };
    for (const auto& [original, n] : copy)
      for (const ir::ValueRef& in : original->inputs()) n->inputs().push_back(map_value(in));
    for (size_t i = 0; i < pending.roots.size(); ++i) {
      ir::ValueRef y = map_value(pending.roots[i]);
      region->fetches().push_back(
          ir::Fetch{absl::StrCat(pending.label, "_", i), y.node->name(), y});
    }
    if (auto s = region->TopologicalSort(); !s.ok()) return s;
    owner.AddRegion(pending.label, std::move(region));
  }
  return absl::OkStatus();
}

}  // namespace tfaot::functionalize
