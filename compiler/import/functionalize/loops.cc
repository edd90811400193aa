// Functionalize, loops: rebuilds each TensorFlow while-loop frame into a While
// node (ir/region.h), innermost frames first, as tfcompile's
// functionalize_while does.
//
// A TF1 loop is dataflow: every loop value i goes Enter_i (frame F) ->
// Merge_i(Enter_i, NextIteration_i) -> Switch_i(Merge_i, LoopCond) ->
// Identity(Switch_i:1) -> body -> NextIteration_i, and leaves through
// Exit_i(Switch_i:0). The condition reads the Merges and ends in LoopCond;
// loop invariants enter through Enter nodes with is_constant=true. Frames
// are found by propagation: an Enter starts its frame, an Exit returns to the
// parent frame, other nodes share their inputs' frame. Constants that
// TensorFlow ties to a frame by a control edge carry it as an input here
// (see functionalize.h).
#include <algorithm>
#include <map>
#include <memory>

#include "absl/strings/str_cat.h"
#include "compiler/import/functionalize/extract.h"
#include "compiler/import/functionalize/functionalize_internal.h"
#include "compiler/ir/region.h"

namespace tfaot::functionalize {
namespace {

struct Frame {
  std::string name;
  Frame* parent = nullptr;  // set once every Enter's input has a frame
  bool parent_known = false;
  std::vector<ir::Node*> enters;
};

class LoopFunctionalizer {
 public:
  explicit LoopFunctionalizer(ir::Graph& graph) : graph_(graph) {
    top_.name = "(top level)";
    free_.name = "(any)";
  }

  absl::Status Run() {
    if (auto s = AssignFrames(); !s.ok()) return s;
    if (frames_.empty()) return absl::OkStatus();
    for (const ir::Fetch& f : graph_.fetches()) {
      Frame* frame = frame_of_.at(f.value.node);
      if (frame != &top_ && frame != &free_)
        return absl::InvalidArgumentError(absl::StrCat(
            "fetch '", f.name, "' reads '", f.value.node->name(), "', which is inside the loop "
            "frame '", frame->name, "'; fetch the loop's Exit instead"));
    }
    std::vector<Frame*> order;
    for (auto& [name, frame] : frames_) order.push_back(frame.get());
    std::stable_sort(order.begin(), order.end(),
                     [&](Frame* a, Frame* b) { return Depth(a) > Depth(b); });
    for (Frame* frame : order)
      if (auto s = BuildLoop(*frame); !s.ok()) return s;
    graph_.RemoveDeadNodes();
    return absl::OkStatus();
  }

 private:
  int Depth(const Frame* f) const {
    int d = 0;
    for (; f && f != &top_; f = f->parent) ++d;
    return d;
  }

  static bool IsConstantEnter(const ir::Node& n) {
    return n.op() == "Enter" && n.GetBoolOr("is_constant", false);
  }

  // Sets the frame's parent once every Enter's input has a frame.
  absl::Status SettleParent(Frame& frame) {
    if (frame.parent_known) return absl::OkStatus();
    Frame* parent = nullptr;
    for (ir::Node* enter : frame.enters) {
      auto it = frame_of_.find(enter->inputs()[0].node);
      if (it == frame_of_.end()) return absl::OkStatus();  // not yet
      if (it->second == &free_) continue;
      if (parent && parent != it->second)
        return enter->Error(absl::StrCat("enters loop frame '", frame.name, "' from frame '",
                                         it->second->name, "', but other Enter nodes of the "
                                         "frame come from '", parent->name,
                                         "' (mismatched frames)"));
      parent = it->second;
    }
    frame.parent = parent ? parent : &top_;
    frame.parent_known = true;
    return absl::OkStatus();
  }

  // The frame of `node` from its inputs' frames, or nullptr while one of
  // them has none yet.
  absl::StatusOr<Frame*> FrameFromInputs(ir::Node& node) {
    if (node.inputs().empty()) return &free_;
    if (node.op() == "Enter") {
      if (!frame_of_.count(node.inputs()[0].node)) return nullptr;
      return frames_.at(node.GetStringOr("frame_name", "")).get();
    }
    Frame* found = nullptr;
    bool all_known = true;
    const ir::Node* found_from = nullptr;
    for (const ir::ValueRef& in : node.inputs()) {
      auto it = frame_of_.find(in.node);
      if (it == frame_of_.end()) {
        all_known = false;
        continue;
      }
      Frame* f = it->second;
      if (f == &free_) continue;
      if (found && f != found)
        return node.Error(absl::StrCat("reads '", found_from->name(), "' from frame '",
                                       found->name, "' and '", in.node->name(), "' from frame '",
                                       f->name, "' (mismatched frames: a value enters a loop "
                                       "only through an Enter node)"));
      found = f;
      found_from = in.node;
    }
    // A Merge closes a loop: its Enter input alone decides its frame.
    if (!all_known && !(node.op() == "Merge" && found)) return nullptr;
    if (node.op() == "Exit") {
      if (!found || found == &top_)
        return node.Error("is not inside a loop frame (its input comes from no Enter)");
      if (auto s = SettleParent(*found); !s.ok()) return s;
      if (!found->parent_known) return nullptr;
      return found->parent;
    }
    return found ? found : &free_;
  }

  absl::Status AssignFrames() {
    for (const auto& node : graph_.nodes()) {
      if (node->op() != "Enter") continue;
      auto name = node->GetString("frame_name");
      if (!name.ok()) return name.status();
      auto& frame = frames_[*name];
      if (!frame) {
        frame = std::make_unique<Frame>();
        frame->name = *name;
      }
      frame->enters.push_back(node.get());
    }
    if (frames_.empty()) {
      for (const auto& node : graph_.nodes()) frame_of_[node.get()] = &free_;
      return CheckNoLoopNodes();
    }
    for (bool changed = true; changed;) {
      changed = false;
      for (const auto& node : graph_.nodes()) {
        if (frame_of_.count(node.get())) continue;
        auto frame = FrameFromInputs(*node);
        if (!frame.ok()) return frame.status();
        if (!*frame) continue;
        frame_of_[node.get()] = *frame;
        changed = true;
      }
    }
    for (const auto& node : graph_.nodes())
      if (!frame_of_.count(node.get()))
        return node->Error("is on a cycle that is not a TensorFlow while loop (a cycle must go "
                           "through Enter, Merge and NextIteration nodes of one frame)");
    for (auto& [name, frame] : frames_)
      if (auto s = SettleParent(*frame); !s.ok()) return s;
    return absl::OkStatus();
  }

  // Without Enter nodes no other loop node can be well formed.
  absl::Status CheckNoLoopNodes() {
    for (const auto& node : graph_.nodes())
      if (node->op() == "Exit" || node->op() == "NextIteration" || node->op() == "LoopCond")
        return node->Error("belongs to a while loop, but the graph has no Enter node "
                           "(malformed loop)");
    return absl::OkStatus();
  }

  struct LoopValue {
    ir::Node* enter = nullptr;
    ir::Node* merge = nullptr;
    ir::Node* next = nullptr;
    std::vector<ir::Node*> switches;
    std::vector<ir::Node*> exits;
  };

  absl::Status BuildLoop(Frame& frame) {
    std::vector<ir::Node*> in_frame, exits;
    for (const auto& node : graph_.nodes()) {
      Frame* f = frame_of_.at(node.get());
      if (f == &frame) in_frame.push_back(node.get());
      if (node->op() == "Exit" && frame_of_.at(node->inputs()[0].node) == &frame)
        exits.push_back(node.get());
    }
    ir::Node* loop_cond = nullptr;
    for (ir::Node* n : in_frame) {
      if (n->op() != "LoopCond") continue;
      if (loop_cond)
        return n->Error(absl::StrCat("is a second LoopCond of loop frame '", frame.name,
                                     "' (first: '", loop_cond->name(), "')"));
      loop_cond = n;
    }
    if (!loop_cond)
      return absl::InvalidArgumentError(absl::StrCat(
          "loop frame '", frame.name, "' has no LoopCond node (malformed while loop; first "
          "Enter: '", frame.enters[0]->name(), "')"));
    // Loop values: the Merges of an Enter and a NextIteration of this frame.
    std::vector<LoopValue> values;
    std::map<const ir::Node*, int> value_of;  // Merge or Switch -> loop value
    for (ir::Node* n : in_frame) {
      if (n->op() != "Merge") continue;
      ir::Node* enter = nullptr;
      ir::Node* next = nullptr;
      for (const ir::ValueRef& in : n->inputs()) {
        if (in.node->op() == "Enter" && frame_of_.at(in.node) == &frame) enter = in.node;
        if (in.node->op() == "NextIteration") next = in.node;
      }
      if (!enter && !next) continue;  // a conditional's Merge, inside the body
      if (!enter || !next || n->num_inputs() != 2)
        return n->Error(absl::StrCat("merges ", n->num_inputs(), " inputs of loop frame '",
                                     frame.name, "' but not one Enter and one NextIteration "
                                     "(malformed while loop)"));
      value_of[n] = static_cast<int>(values.size());
      values.push_back({enter, n, next, {}, {}});
    }
    for (ir::Node* n : in_frame) {
      if (n->op() == "NextIteration") {
        bool merged = false;
        for (const LoopValue& v : values) merged |= v.next == n;
        if (!merged) return n->Error("is not read by a Merge of its loop (malformed while loop)");
      } else if (n->op() == "Enter" && !IsConstantEnter(*n)) {
        bool merged = false;
        for (const LoopValue& v : values) merged |= v.enter == n;
        if (!merged)
          return n->Error("enters a loop value (is_constant=false) that no Merge reads "
                          "(malformed while loop)");
      } else if (n->op() == "Switch" && n->inputs()[1].node == loop_cond) {
        auto it = value_of.find(n->inputs()[0].node);
        if (it == value_of.end())
          return n->Error("switches on the loop condition but does not read a loop Merge");
        values[it->second].switches.push_back(n);
        value_of[n] = it->second;
      }
    }
    for (ir::Node* exit : exits) {
      const ir::ValueRef& in = exit->inputs()[0];
      auto it = value_of.find(in.node);
      if (it == value_of.end() || in.node->op() != "Switch" || in.index != 0)
        return exit->Error("does not read the false output of a loop Switch (malformed loop)");
      values[it->second].exits.push_back(exit);
    }

    auto classify = [&](const ir::ValueRef& v) -> absl::StatusOr<Source> {
      ir::Node* n = v.node;
      auto value = value_of.find(n);
      if (value != value_of.end()) {
        if (n->op() == "Switch" && v.index == 0)
          return n->Error("its loop-exit output is read inside the loop (malformed loop)");
        Source s;
        s.kind = Source::kFixedArg;
        s.fixed_arg = value->second;
        return s;
      }
      Frame* f = frame_of_.at(n);
      if (f == &free_) {
        Source s;
        if (n->op() == "Const" && n->inputs().empty()) return s;  // copied in
        s.kind = Source::kCapture;
        s.captured = v;
        s.arg_name = n->name();
        return s;
      }
      if (f != &frame)
        return n->Error(absl::StrCat("is read inside loop frame '", frame.name,
                                     "' without an Enter (mismatched frames)"));
      if (IsConstantEnter(*n)) {
        Source s;
        s.kind = Source::kCapture;
        s.captured = n->inputs()[0];
        s.arg_name = n->name();
        return s;
      }
      if (n->op() == "Enter" || n->op() == "NextIteration" || n->op() == "LoopCond" ||
          n->op() == "Exit")
        return n->Error("is read inside its loop where TensorFlow's loop structure does not "
                        "allow it (malformed while loop)");
      return Source{};
    };

    std::vector<std::string> carried_names;
    for (const LoopValue& v : values) carried_names.push_back(v.merge->name());
    RegionExtractor extractor(carried_names);
    if (auto s = extractor.AddRegion("cond", {loop_cond->inputs()[0]}, classify); !s.ok())
      return s;
    std::vector<ir::ValueRef> next_values;
    for (const LoopValue& v : values) next_values.push_back(v.next->inputs()[0]);
    if (auto s = extractor.AddRegion("body", next_values, classify); !s.ok()) return s;

    std::string base = loop_cond->name();
    if (base.size() > 9 && base.substr(base.size() - 9) == "/LoopCond")
      base = base.substr(0, base.size() - 9);
    ir::Node* loop = graph_.AddNode(graph_.UniqueName(base), ir::kWhileOp);
    for (const LoopValue& v : values) loop->inputs().push_back(v.enter->inputs()[0]);
    for (const ir::ValueRef& c : extractor.captures()) loop->inputs().push_back(c);
    loop->attrs()["carried"] = static_cast<int64_t>(values.size());
    loop->attrs()["frame_name"] = frame.name;
    loop->outputs().resize(values.size());
    if (auto s = extractor.Build(graph_, *loop); !s.ok()) return s;
    auto frame_of_loop = FrameFromInputs(*loop);
    if (!frame_of_loop.ok()) return frame_of_loop.status();
    frame_of_[loop] = *frame_of_loop;
    for (size_t i = 0; i < values.size(); ++i)
      for (ir::Node* exit : values[i].exits)
        graph_.ReplaceAllUses({exit, 0}, {loop, static_cast<int>(i)});
    return absl::OkStatus();
  }

  ir::Graph& graph_;
  std::map<std::string, std::unique_ptr<Frame>> frames_;
  Frame top_, free_;
  std::map<const ir::Node*, Frame*> frame_of_;
};

}  // namespace

absl::Status FunctionalizeLoops(ir::Graph& graph) { return LoopFunctionalizer(graph).Run(); }

}  // namespace tfaot::functionalize
