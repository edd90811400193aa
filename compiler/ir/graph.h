// The IR: a graph of nodes in topological order. Each node is one TensorFlow
// op (or a fused elementwise loop) with typed attributes; each output is a
// Value with a dtype, a static shape once inferred, and a constant when known.
//
// Control flow is structured: a While or If node owns its sub-graphs
// (regions). A region is a Graph whose feeds are its block arguments (Arg
// nodes) and whose fetches are the values it yields. Regions are isolated from
// above: a region reads only its own nodes, so every outer value it uses is an
// operand of the node that owns it (see region.h).
#ifndef TFAOT_COMPILER_IR_GRAPH_H_
#define TFAOT_COMPILER_IR_GRAPH_H_

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "compiler/ir/attr.h"
#include "compiler/ir/tensor.h"

namespace tfaot::ir {

class Graph;
class Node;

// Output `index` of `node`.
struct ValueRef {
  Node* node = nullptr;
  int index = 0;
  bool operator==(const ValueRef& o) const { return node == o.node && index == o.index; }
  bool operator!=(const ValueRef& o) const { return !(*this == o); }
};

struct Value {
  DType dtype = DType::kInvalid;
  Shape shape;
  bool shape_known = false;
  // Set when the value is known at compile time (Const, or folded).
  std::shared_ptr<const Tensor> constant;
  // Byte offset in the arena, set by the memory plan for run-time values.
  int64_t arena_offset = -1;
};

// One step of a fused elementwise expression. Operands index the fused node's
// inputs (leaf >= 0) or earlier steps (~step, i.e. negative).
struct FusedStep {
  std::string op;         // the TensorFlow op, e.g. "Mul"
  std::string node_name;  // the node it came from, for comments
  AttrMap attrs;          // the original node's attributes (Cast's DstT, ...)
  std::vector<int> operands;
  DType dtype = DType::kInvalid;
  // Operand dtypes, for ops whose expression depends on them (Cast).
  std::vector<DType> operand_dtypes;
};

class Node {
 public:
  Node(std::string name, std::string op);
  ~Node();

  const std::string& name() const { return name_; }
  const std::string& op() const { return op_; }
  void set_op(std::string op) { op_ = std::move(op); }

  AttrMap& attrs() { return attrs_; }
  const AttrMap& attrs() const { return attrs_; }
  bool HasAttr(const std::string& key) const { return attrs_.count(key) > 0; }

  // Attribute getters: a missing or mistyped attribute is an error naming
  // the node; the *Or forms return a default when the attribute is absent.
  absl::StatusOr<int64_t> GetInt(const std::string& key) const;
  int64_t GetIntOr(const std::string& key, int64_t fallback) const;
  absl::StatusOr<float> GetFloat(const std::string& key) const;
  float GetFloatOr(const std::string& key, float fallback) const;
  absl::StatusOr<bool> GetBool(const std::string& key) const;
  bool GetBoolOr(const std::string& key, bool fallback) const;
  absl::StatusOr<std::string> GetString(const std::string& key) const;
  std::string GetStringOr(const std::string& key, const std::string& fallback) const;
  absl::StatusOr<DType> GetType(const std::string& key) const;
  absl::StatusOr<PartialShape> GetShape(const std::string& key) const;
  absl::StatusOr<const Tensor*> GetTensor(const std::string& key) const;
  absl::StatusOr<std::vector<int64_t>> GetIntList(const std::string& key) const;
  std::vector<int64_t> GetIntListOr(const std::string& key, std::vector<int64_t> fallback) const;
  absl::StatusOr<std::vector<float>> GetFloatList(const std::string& key) const;
  absl::StatusOr<std::vector<DType>> GetTypeList(const std::string& key) const;

  std::vector<ValueRef>& inputs() { return inputs_; }
  const std::vector<ValueRef>& inputs() const { return inputs_; }
  int num_inputs() const { return static_cast<int>(inputs_.size()); }
  const Value& input_value(int i) const;
  // The input's constant, or nullptr when it is not known at compile time.
  const Tensor* input_constant(int i) const;

  std::vector<Value>& outputs() { return outputs_; }
  const std::vector<Value>& outputs() const { return outputs_; }
  int num_outputs() const { return static_cast<int>(outputs_.size()); }
  Value& output(int i) { return outputs_[i]; }
  const Value& output(int i) const { return outputs_[i]; }
  // Sets output i's dtype and static shape (growing the output list).
  void SetOutput(int i, DType dtype, Shape shape);

  std::vector<FusedStep>& fused_steps() { return fused_steps_; }
  const std::vector<FusedStep>& fused_steps() const { return fused_steps_; }

  // The sub-graphs of a While (cond, body) or If (then, else) node.
  int num_regions() const { return static_cast<int>(regions_.size()); }
  Graph& region(int i) { return *regions_[i]; }
  const Graph& region(int i) const { return *regions_[i]; }
  // Appends a region named `label` ("cond", "body", ...) owned by this node.
  Graph* AddRegion(const std::string& label, std::unique_ptr<Graph> region);
  // Drops every region (a node folded into a constant keeps none).
  void ClearRegions();
  // Byte offset in the arena of the run-time scratch the op asked for
  // (OpDef::scratch_bytes), set by the memory plan; -1 when it has none.
  int64_t scratch_offset() const { return scratch_offset_; }
  void set_scratch_offset(int64_t offset) { scratch_offset_ = offset; }

  // "node 'name' (Op)": the prefix of every error about this node.
  std::string Describe() const;
  // An InvalidArgument error whose message starts with Describe().
  absl::Status Error(const std::string& message) const;

 private:
  std::string name_;
  std::string op_;
  AttrMap attrs_;
  std::vector<ValueRef> inputs_;
  std::vector<Value> outputs_;
  std::vector<FusedStep> fused_steps_;  // only for op "Fused"
  std::vector<std::unique_ptr<Graph>> regions_;
  int64_t scratch_offset_ = -1;
};

// A run-time input: `node` is the Placeholder that stands for it.
struct Feed {
  std::string name;         // accessor name: arg_<name>_data()
  std::string tensor_name;  // as in the config, "node:idx"
  Node* node = nullptr;
};

// A run-time result.
struct Fetch {
  std::string name;  // accessor name: result_<name>_data()
  std::string tensor_name;
  ValueRef value;
};

class Graph {
 public:
  Graph() = default;
  Graph(const Graph&) = delete;
  Graph& operator=(const Graph&) = delete;

  // Nodes in topological order (every pass keeps it so).
  const std::vector<std::unique_ptr<Node>>& nodes() const { return nodes_; }
  int num_nodes() const { return static_cast<int>(nodes_.size()); }

  // Appends a node; `name` must be unique (see UniqueName).
  Node* AddNode(const std::string& name, const std::string& op);
  // Inserts a node right before `before` so topological order holds when the
  // new node only reads values defined before `before`.
  Node* InsertNodeBefore(const Node* before, const std::string& name, const std::string& op);
  Node* FindNode(const std::string& name) const;
  // `base`, or `base_1`, `base_2`, ... whichever is not taken yet.
  std::string UniqueName(const std::string& base) const;

  // Points every input and fetch that reads `from` at `to`.
  void ReplaceAllUses(ValueRef from, ValueRef to);
  // Removes nodes that no fetch depends on (feeds are kept).
  void RemoveDeadNodes();
  // Re-sorts nodes topologically (stable: keeps the existing order where it
  // can). Fails naming a node on a cycle.
  absl::Status TopologicalSort();

  // A region's owner (nullptr for the top-level graph) and its label.
  const Node* owner() const { return owner_; }
  const std::string& label() const { return label_; }

  // For a region, the feeds are its block arguments and the fetches the
  // values it yields, in order.
  std::vector<Feed>& feeds() { return feeds_; }
  const std::vector<Feed>& feeds() const { return feeds_; }
  std::vector<Fetch>& fetches() { return fetches_; }
  const std::vector<Fetch>& fetches() const { return fetches_; }

  // Set by the memory plan: bytes of the arena, and the most bytes live at
  // one time (a lower bound no placement can beat).
  int64_t arena_bytes() const { return arena_bytes_; }
  int64_t live_bytes_lower_bound() const { return live_bytes_lower_bound_; }
  void set_memory_plan(int64_t arena_bytes, int64_t lower_bound) {
    arena_bytes_ = arena_bytes;
    live_bytes_lower_bound_ = lower_bound;
  }

 private:
  std::vector<std::unique_ptr<Node>> nodes_;
  std::map<std::string, Node*> by_name_;
  std::vector<Feed> feeds_;
  std::vector<Fetch> fetches_;
  int64_t arena_bytes_ = 0;
  int64_t live_bytes_lower_bound_ = 0;
  const Node* owner_ = nullptr;
  std::string label_;
  friend class Node;  // AddRegion sets owner_ and label_
};

}  // namespace tfaot::ir

#endif  // TFAOT_COMPILER_IR_GRAPH_H_
