// A small builder for tests: graphs read as a list of nodes instead of
// pointer plumbing.
//
//   GraphBuilder b;
//   ir::Node* x = b.Placeholder("x", ir::DType::kFloat, {2, 3});
//   ir::Node* c = b.Const<float>("c", {1, 2, 3}, {3});
//   ir::Node* y = b.Op("y", "Add", {x, c});
//   b.Fetch(y);
//   ASSERT_TRUE(passes::InferShapes(b.graph()).ok());
//
// Placeholders are registered as feeds (as the importer does for fed
// placeholders) unless `feed` is false; op nodes get no outputs until shape
// inference gives them some, exactly like imported nodes.
#ifndef TFAOT_COMPILER_IR_TEST_GRAPH_BUILDER_H_
#define TFAOT_COMPILER_IR_TEST_GRAPH_BUILDER_H_

#include <memory>
#include <string>
#include <vector>

#include "compiler/ir/attr.h"
#include "compiler/ir/graph.h"
#include "compiler/ir/tensor.h"

namespace tfaot::ir {

// An operand: a node (its output 0) or a node's output k.
struct In {
  In(Node* n) : ref{n, 0} {}  // NOLINT: implicit on purpose
  In(Node* n, int index) : ref{n, index} {}
  In(ValueRef r) : ref(r) {}  // NOLINT
  ValueRef ref;
};

class GraphBuilder {
 public:
  GraphBuilder() : graph_(std::make_unique<Graph>()) {}

  Graph& graph() { return *graph_; }
  std::unique_ptr<Graph> Release() { return std::move(graph_); }

  // A Placeholder with a static shape (a feed named `name` unless !feed).
  Node* Placeholder(const std::string& name, DType dtype, const Shape& shape, bool feed = true);
  // A Placeholder whose `shape` attribute is partial (-1 dims) or absent.
  Node* PartialPlaceholder(const std::string& name, DType dtype, const PartialShape& shape);

  Node* ConstTensor(const std::string& name, const Tensor& value);
  template <typename T>
  Node* Const(const std::string& name, const std::vector<T>& values, const Shape& shape) {
    return ConstTensor(name, Tensor::FromVector<T>(values, shape));
  }
  template <typename T>
  Node* Scalar(const std::string& name, T value) {
    return ConstTensor(name, Tensor::Scalar<T>(value));
  }

  // An op node reading `inputs`, with attributes.
  Node* Op(const std::string& name, const std::string& op, const std::vector<In>& inputs,
           AttrMap attrs = {});

  // Fetches `value` as result `name` (default: the node's name); in a
  // region under construction, yields it.
  void Fetch(In value, const std::string& name = "");

  // A block argument: this builder's graph is a region under construction,
  // attached to its While or If node with `node->AddRegion(label, Release())`.
  Node* Arg(const std::string& name);

 private:
  static void Reference(const ValueRef& ref);
  std::unique_ptr<Graph> graph_;
};

}  // namespace tfaot::ir

#endif  // TFAOT_COMPILER_IR_TEST_GRAPH_BUILDER_H_
