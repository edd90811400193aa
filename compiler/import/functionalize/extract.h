// Moving part of a graph into the regions of a new While or If node: the
// helper both functionalize steps share. Each value read inside a region is
// classified by the caller: computed inside (its node is copied in), a fixed
// block argument (a loop's carried value), or an outer value captured as an
// extra operand of the new node (a loop invariant, an If operand). Captures
// are shared by the node's regions: every region takes the same arguments.
#ifndef TFAOT_COMPILER_IMPORT_FUNCTIONALIZE_EXTRACT_H_
#define TFAOT_COMPILER_IMPORT_FUNCTIONALIZE_EXTRACT_H_

#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "compiler/ir/graph.h"

namespace tfaot::functionalize {

struct Source {
  enum Kind { kInside, kFixedArg, kCapture };
  Kind kind = kInside;
  int fixed_arg = -1;      // kFixedArg
  ir::ValueRef captured;   // kCapture: the outer value, an operand of the node
  std::string arg_name;    // kFixedArg, kCapture: the block argument's name
};

using Classifier = std::function<absl::StatusOr<Source>(const ir::ValueRef&)>;

class RegionExtractor {
 public:
  // `fixed_args` names the block arguments every region starts with.
  explicit RegionExtractor(std::vector<std::string> fixed_args)
      : arg_names_(std::move(fixed_args)), num_fixed_(static_cast<int>(arg_names_.size())) {}

  // Adds a region yielding `roots`; `classify` places each value met on the
  // way back from them.
  absl::Status AddRegion(const std::string& label, const std::vector<ir::ValueRef>& roots,
                         const Classifier& classify);

  // The outer values captured by any region, in the order first met: the
  // new node's operands after the fixed ones.
  const std::vector<ir::ValueRef>& captures() const { return captures_; }

  // Builds the regions (copies of the inside nodes of `graph`, in
  // topological order) and attaches them to `owner`.
  absl::Status Build(const ir::Graph& graph, ir::Node& owner);

 private:
  struct Pending {
    std::string label;
    std::vector<ir::ValueRef> roots;
    std::set<const ir::Node*> inside;
    std::map<std::pair<const ir::Node*, int>, int> arg_of;  // value -> block argument
  };
  absl::Status Collect(Pending& region, const ir::ValueRef& root, const Classifier& classify);

  std::vector<std::string> arg_names_;
  int num_fixed_;
  std::vector<ir::ValueRef> captures_;
  std::map<std::pair<const ir::Node*, int>, int> capture_index_;
  std::vector<Pending> regions_;
};

}  // namespace tfaot::functionalize

#endif  // TFAOT_COMPILER_IMPORT_FUNCTIONALIZE_EXTRACT_H_
