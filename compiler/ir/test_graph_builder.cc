#include "compiler/ir/test_graph_builder.h"

#include "absl/strings/str_cat.h"
#include "compiler/ir/region.h"

namespace tfaot::ir {

void GraphBuilder::Reference(const ValueRef& ref) {
  // As the importer: an output exists once something refers to it.
  if (ref.node->num_outputs() <= ref.index) ref.node->outputs().resize(ref.index + 1);
}

Node* GraphBuilder::Placeholder(const std::string& name, DType dtype, const Shape& shape,
                                bool feed) {
  Node* n = PartialPlaceholder(name, dtype, PartialShape{false, shape});
  if (feed) graph_->feeds().push_back(Feed{name, name + ":0", n});
  return n;
}

Node* GraphBuilder::PartialPlaceholder(const std::string& name, DType dtype,
                                       const PartialShape& shape) {
  Node* n = graph_->AddNode(name, "Placeholder");
  n->attrs()["dtype"] = dtype;
  n->attrs()["shape"] = shape;
  n->outputs().resize(1);
  return n;
}

Node* GraphBuilder::ConstTensor(const std::string& name, const Tensor& value) {
  Node* n = graph_->AddNode(name, "Const");
  n->attrs()["dtype"] = value.dtype();
  n->attrs()["value"] = value;
  n->outputs().resize(1);
  return n;
}

Node* GraphBuilder::Op(const std::string& name, const std::string& op,
                       const std::vector<In>& inputs, AttrMap attrs) {
  Node* n = graph_->AddNode(name, op);
  n->attrs() = std::move(attrs);
  for (const In& in : inputs) {
    Reference(in.ref);
    n->inputs().push_back(in.ref);
  }
  return n;
}

Node* GraphBuilder::Arg(const std::string& name) { return AddArg(*graph_, name); }

void GraphBuilder::Fetch(In value, const std::string& name) {
  Reference(value.ref);
  std::string tensor = absl::StrCat(value.ref.node->name(), ":", value.ref.index);
  graph_->fetches().push_back(
      ir::Fetch{name.empty() ? value.ref.node->name() : name, tensor, value.ref});
}

}  // namespace tfaot::ir
