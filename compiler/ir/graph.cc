#include "compiler/ir/graph.h"

#include <algorithm>
#include <set>

#include "absl/strings/str_cat.h"

namespace tfaot::ir {

// ---- Node attribute access ------------------------------------------------

namespace {

template <typename T>
absl::StatusOr<T> GetAs(const Node& node, const AttrMap& attrs, const std::string& key,
                        const char* type_name) {
  auto it = attrs.find(key);
  if (it == attrs.end()) return node.Error(absl::StrCat("missing attribute '", key, "'"));
  if (const T* v = std::get_if<T>(&it->second)) return *v;
  return node.Error(absl::StrCat("attribute '", key, "' is not of type ", type_name));
}

template <typename T>
absl::StatusOr<std::vector<T>> GetListAs(const Node& node, const AttrMap& attrs,
                                         const std::string& key, const char* type_name) {
  auto it = attrs.find(key);
  if (it == attrs.end()) return node.Error(absl::StrCat("missing attribute '", key, "'"));
  if (const auto* v = std::get_if<std::vector<T>>(&it->second)) return *v;
  // An empty list carries no element type (see attr.h).
  if (const auto* v = std::get_if<std::vector<int64_t>>(&it->second); v && v->empty())
    return std::vector<T>{};
  return node.Error(absl::StrCat("attribute '", key, "' is not a list of ", type_name));
}

}  // namespace

absl::StatusOr<int64_t> Node::GetInt(const std::string& key) const {
  return GetAs<int64_t>(*this, attrs_, key, "int");
}
int64_t Node::GetIntOr(const std::string& key, int64_t fallback) const {
  auto v = GetInt(key);
  return v.ok() ? *v : fallback;
}
absl::StatusOr<float> Node::GetFloat(const std::string& key) const {
  return GetAs<float>(*this, attrs_, key, "float");
}
float Node::GetFloatOr(const std::string& key, float fallback) const {
  auto v = GetFloat(key);
  return v.ok() ? *v : fallback;
}
absl::StatusOr<bool> Node::GetBool(const std::string& key) const {
  return GetAs<bool>(*this, attrs_, key, "bool");
}
bool Node::GetBoolOr(const std::string& key, bool fallback) const {
  auto v = GetBool(key);
  return v.ok() ? *v : fallback;
}
absl::StatusOr<std::string> Node::GetString(const std::string& key) const {
  return GetAs<std::string>(*this, attrs_, key, "string");
}
std::string Node::GetStringOr(const std::string& key, const std::string& fallback) const {
  auto v = GetString(key);
  return v.ok() ? *v : fallback;
}
absl::StatusOr<DType> Node::GetType(const std::string& key) const {
  return GetAs<DType>(*this, attrs_, key, "type");
}
absl::StatusOr<PartialShape> Node::GetShape(const std::string& key) const {
  return GetAs<PartialShape>(*this, attrs_, key, "shape");
}
absl::StatusOr<const Tensor*> Node::GetTensor(const std::string& key) const {
  auto it = attrs_.find(key);
  if (it == attrs_.end()) return Error(absl::StrCat("missing attribute '", key, "'"));
  if (const Tensor* t = std::get_if<Tensor>(&it->second)) return t;
  return Error(absl::StrCat("attribute '", key, "' is not a tensor"));
}
absl::StatusOr<std::vector<int64_t>> Node::GetIntList(const std::string& key) const {
  return GetListAs<int64_t>(*this, attrs_, key, "int");
}
std::vector<int64_t> Node::GetIntListOr(const std::string& key,
                                        std::vector<int64_t> fallback) const {
  auto v = GetIntList(key);
  return v.ok() ? *v : fallback;
}
absl::StatusOr<std::vector<float>> Node::GetFloatList(const std::string& key) const {
  return GetListAs<float>(*this, attrs_, key, "float");
}
absl::StatusOr<std::vector<DType>> Node::GetTypeList(const std::string& key) const {
  return GetListAs<DType>(*this, attrs_, key, "type");
}

Node::Node(std::string name, std::string op) : name_(std::move(name)), op_(std::move(op)) {}
Node::~Node() = default;

Graph* Node::AddRegion(const std::string& label, std::unique_ptr<Graph> region) {
  region->owner_ = this;
  region->label_ = label;
  regions_.push_back(std::move(region));
  return regions_.back().get();
}

void Node::ClearRegions() { regions_.clear(); }

const Value& Node::input_value(int i) const {
  const ValueRef& in = inputs_[i];
  return in.node->output(in.index);
}

const Tensor* Node::input_constant(int i) const { return input_value(i).constant.get(); }

void Node::SetOutput(int i, DType dtype, Shape shape) {
  if (static_cast<int>(outputs_.size()) <= i) outputs_.resize(i + 1);
  outputs_[i].dtype = dtype;
  outputs_[i].shape = std::move(shape);
  outputs_[i].shape_known = true;
}

std::string Node::Describe() const { return absl::StrCat("node '", name_, "' (", op_, ")"); }

absl::Status Node::Error(const std::string& message) const {
  return absl::InvalidArgumentError(absl::StrCat(Describe(), ": ", message));
}

// ---- Graph -----------------------------------------------------------------

Node* Graph::AddNode(const std::string& name, const std::string& op) {
  nodes_.push_back(std::make_unique<Node>(name, op));
  by_name_[name] = nodes_.back().get();
  return nodes_.back().get();
}

Node* Graph::InsertNodeBefore(const Node* before, const std::string& name,
                              const std::string& op) {
  auto it = std::find_if(nodes_.begin(), nodes_.end(),
                         [&](const std::unique_ptr<Node>& n) { return n.get() == before; });
  auto inserted = nodes_.insert(it, std::make_unique<Node>(name, op));
  by_name_[name] = inserted->get();
  return inserted->get();
}

Node* Graph::FindNode(const std::string& name) const {
  auto it = by_name_.find(name);
  return it == by_name_.end() ? nullptr : it->second;
}

std::string Graph::UniqueName(const std::string& base) const {
  if (!FindNode(base)) return base;
  for (int i = 1;; ++i) {
    std::string candidate = absl::StrCat(base, "_", i);
    if (!FindNode(candidate)) return candidate;
  }
}

void Graph::ReplaceAllUses(ValueRef from, ValueRef to) {
  for (auto& node : nodes_)
    for (ValueRef& in : node->inputs())
      if (in == from) in = to;
  for (Fetch& fetch : fetches_)
    if (fetch.value == from) fetch.value = to;
}

void Graph::RemoveDeadNodes() {
  std::set<const Node*> live;
  std::vector<const Node*> work;
  auto mark = [&](const Node* n) {
    if (live.insert(n).second) work.push_back(n);
  };
  for (const Fetch& f : fetches_) mark(f.value.node);
  for (const Feed& f : feeds_) mark(f.node);
  while (!work.empty()) {
    const Node* n = work.back();
    work.pop_back();
    for (const ValueRef& in : n->inputs()) mark(in.node);
  }
  std::vector<std::unique_ptr<Node>> kept;
  for (auto& node : nodes_) {
    if (live.count(node.get())) {
      kept.push_back(std::move(node));
    } else {
      by_name_.erase(node->name());
    }
  }
  nodes_ = std::move(kept);
}

absl::Status Graph::TopologicalSort() {
  // Kahn's algorithm, taking ready nodes in their current order so a graph
  // that is already sorted keeps its order (and output stays deterministic).
  std::map<const Node*, int> position;
  for (size_t i = 0; i < nodes_.size(); ++i) position[nodes_[i].get()] = static_cast<int>(i);
  std::vector<int> pending(nodes_.size(), 0);
  std::vector<std::vector<int>> consumers(nodes_.size());
  for (size_t i = 0; i < nodes_.size(); ++i) {
    std::set<int> producers;
    for (const ValueRef& in : nodes_[i]->inputs()) producers.insert(position.at(in.node));
    pending[i] = static_cast<int>(producers.size());
    for (int p : producers) consumers[p].push_back(static_cast<int>(i));
  }
  std::set<int> ready;
  for (size_t i = 0; i < nodes_.size(); ++i)
    if (pending[i] == 0) ready.insert(static_cast<int>(i));
  std::vector<int> order;
  while (!ready.empty()) {
    int i = *ready.begin();
    ready.erase(ready.begin());
    order.push_back(i);
    for (int c : consumers[i])
      if (--pending[c] == 0) ready.insert(c);
  }
  if (order.size() != nodes_.size()) {
    for (size_t i = 0; i < nodes_.size(); ++i) {
      if (pending[i] > 0) {
        // TensorFlow's loops were rebuilt into While nodes at import, so a
        // cycle left here is not a loop TensorFlow could run either.
        return absl::InvalidArgumentError(absl::StrCat(
            "the graph has a cycle through ", nodes_[i]->Describe(),
            " that is not a TensorFlow while loop (no Enter/Merge/NextIteration/Exit frame)"));
      }
    }
  }
  std::vector<std::unique_ptr<Node>> sorted;
  for (int i : order) sorted.push_back(std::move(nodes_[i]));
  nodes_ = std::move(sorted);
  return absl::OkStatus();
}

}  // namespace tfaot::ir
