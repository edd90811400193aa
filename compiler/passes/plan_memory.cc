#include "compiler/passes/plan_memory.h"

#include <algorithm>
#include <map>

#include "absl/strings/str_cat.h"
#include "compiler/ir/region.h"
#include "compiler/ops/op_def.h"
#include "compiler/passes/memory_aliases.h"

namespace tfaot::passes {
namespace {

constexpr int64_t kAlignment = 64;

int64_t AlignUp(int64_t n) { return (n + kAlignment - 1) / kAlignment * kAlignment; }

struct Buffer {
  std::string name;
  int64_t size = 0;
  int64_t live_size = 0;  // for the lower bound: a region's own peak, not its extent
  int first = 0;  // node position of the definition
  int last = 0;   // last node position that reads it (inclusive)
  int64_t offset = -1;
};

bool IsView(const ir::Node& node) {
  const ops::OpDef* op = ops::FindOp(node.op());
  return op && op->op_class == ops::OpClass::kView;
}

using ValueKey = std::pair<const ir::Node*, int>;

// One graph's plan, offsets relative to the graph's own base. A region's
// base is the place of its owner's scratch buffer in the enclosing graph.
struct Scope {
  std::vector<Buffer> buffers;
  std::map<ValueKey, int> buffer_of;      // value -> buffer
  std::map<ValueKey, int64_t> slice_at;   // value -> its bytes' offset in its buffer, if not 0
  std::map<ValueKey, ValueKey> external;  // value -> block argument it views
  std::map<const ir::Node*, int> regions_of;  // region node -> its regions' buffer
  std::map<ir::Node*, int> scratch_of;        // node -> the scratch its op asked for
  int64_t size = 0;
  int64_t lower_bound = 0;
};

class Planner {
 public:
  absl::Status Plan(ir::Graph& graph) {
    if (auto s = PlanScope(graph); !s.ok()) return s;
    const Scope& top = scopes_.at(&graph);
    Apply(graph, 0);
    graph.set_memory_plan(top.size, top.lower_bound);
    return absl::OkStatus();
  }

 private:
  // Liveness by position in `graph`. The top-level graph's feeds and fetches
  // live throughout (Run() may be called again on the same inputs; results
  // must survive until read). A region's block arguments are its owner's
  // buffers; its yields live to its end, where they are copied out. A region
  // node's regions share one buffer live at the node's position only: a loop
  // is one step of the enclosing graph.
  absl::Status PlanScope(ir::Graph& graph) {
    Scope& scope = scopes_[&graph];
    const bool region = graph.owner() != nullptr;
    const std::map<ValueKey, ValueKey> in_slots = ValuesInCarriedSlots(graph);
    const int end = graph.num_nodes();
    std::vector<Buffer>& buffers = scope.buffers;
    for (int pos = 0; pos < end; ++pos) {
      ir::Node* node = graph.nodes()[pos].get();
      for (int i = 0; i < node->num_outputs(); ++i) {
        const ir::Value& v = node->output(i);
        if (v.constant) continue;
        if (!v.shape_known)
          return absl::InternalError(absl::StrCat(node->Describe(), ": output ", i,
                                                  " has no static shape at memory planning"));
        if (node->op() == ir::kArgOp) {
          scope.external[{node, i}] = {node, i};
          continue;
        }
        if (auto slot = in_slots.find({node, i}); slot != in_slots.end()) {
          scope.external[{node, i}] = slot->second;  // computed in the loop's own buffer
          continue;
        }
        const ops::OpDef* op = ops::FindOp(node->op());
        // Through a view of a block argument, an update would reach the
        // enclosing graph's buffer: only a carried argument itself qualifies.
        const bool in_place =
            i == 0 && op && op->in_place && MayUpdateInPlace(graph, *node, pos) &&
            (node->inputs()[0].node->op() == ir::kArgOp ||
             !scope.external.count({node->inputs()[0].node, node->inputs()[0].index}));
        if (in_place || (IsView(*node) && !node->input_value(0).constant)) {
          ValueKey in{node->inputs()[0].node, node->inputs()[0].index};
          if (scope.external.count(in)) {
            scope.external[{node, i}] = scope.external.at(in);
          } else {
            scope.buffer_of[{node, i}] = scope.buffer_of.at(in);
            if (scope.slice_at.count(in)) scope.slice_at[{node, i}] = scope.slice_at.at(in);
          }
          continue;
        }
        if (PlaceAsSlice(graph, scope, *node, i)) continue;
        Buffer b;
        b.name = node->name() + (i ? ":" + std::to_string(i) : "");
        b.size = b.live_size = AlignUp(ir::NumElements(v.shape) * ir::DTypeSize(v.dtype));
        b.first = b.last = node->op() == "Placeholder" ? -1 : pos;
        scope.buffer_of[{node, i}] = static_cast<int>(buffers.size());
        buffers.push_back(b);
      }
      if (node->num_regions() > 0) {
        Buffer b;
        b.name = node->name() + "/regions";
        for (int r = 0; r < node->num_regions(); ++r) {
          if (auto s = PlanScope(node->region(r)); !s.ok()) return s;
          const Scope& inner = scopes_.at(&node->region(r));
          b.size = std::max(b.size, inner.size);
          b.live_size = std::max(b.live_size, inner.lower_bound);
        }
        b.first = b.last = pos;
        scope.regions_of[node] = static_cast<int>(buffers.size());
        buffers.push_back(b);
      }
      for (const ir::ValueRef& in : node->inputs()) {
        auto it = scope.buffer_of.find({in.node, in.index});
        if (it != scope.buffer_of.end())
          buffers[it->second].last = std::max(buffers[it->second].last, pos);
      }
      // Scratch lives while its node runs, beside the node's inputs and outputs.
      const ops::OpDef* op = ops::FindOp(node->op());
      const bool computed = node->num_outputs() > 0 && !node->output(0).constant;
      if (computed && op && op->scratch_bytes && op->scratch_bytes(*node) > 0) {
        Buffer b;
        b.name = node->name() + "/scratch";
        b.size = b.live_size = AlignUp(op->scratch_bytes(*node));
        b.first = b.last = pos;
        scope.scratch_of[node] = static_cast<int>(buffers.size());
        buffers.push_back(b);
      }
    }
    for (const ir::Feed& f : graph.feeds()) {
      auto it = scope.buffer_of.find({f.node, 0});
      if (it != scope.buffer_of.end()) buffers[it->second].last = end;
    }
    for (const ir::Fetch& f : graph.fetches()) {
      auto it = scope.buffer_of.find({f.value.node, f.value.index});
      if (it == scope.buffer_of.end()) continue;
      // A top-level result's bytes are never shared, not even with values
      // that die before it is written: the header promises it lives throughout.
      if (!region) buffers[it->second].first = -1;
      buffers[it->second].last = end;
    }
    Place(scope);
    return absl::OkStatus();
  }

  // A slice view (OpDef::slice_view) shares its input's buffer when that is
  // this graph's own: a block argument's bytes may be overwritten by the
  // values a loop yields, and an in-place writer would change the slice.
  static bool PlaceAsSlice(const ir::Graph& graph, Scope& scope, const ir::Node& node, int i) {
    const ops::OpDef* op = ops::FindOp(node.op());
    int input = 0;
    int64_t offset = 0;
    if (!op || !op->slice_view || !op->slice_view(node, i, &input, &offset)) return false;
    const ir::ValueRef from = node.inputs()[input];
    const ValueKey in{from.node, from.index};
    auto buffer = scope.buffer_of.find(in);
    if (buffer == scope.buffer_of.end() || from.node->output(from.index).dtype != node.output(i).dtype)
      return false;
    for (const auto& reader : graph.nodes()) {
      const ops::OpDef* r = ops::FindOp(reader->op());
      if (r && r->in_place && !reader->inputs().empty() && reader->inputs()[0] == from) return false;
    }
    scope.buffer_of[{&node, i}] = buffer->second;
    const int64_t base = scope.slice_at.count(in) ? scope.slice_at.at(in) : 0;
    const int64_t at = base + offset * ir::DTypeSize(node.output(i).dtype);
    if (at != 0) scope.slice_at[{&node, i}] = at;
    return true;
  }

  static void Place(Scope& scope) {
    std::vector<Buffer>& buffers = scope.buffers;
    std::vector<int> order(buffers.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int>(i);
    std::sort(order.begin(), order.end(), [&](int a, int b) {
      if (buffers[a].size != buffers[b].size) return buffers[a].size > buffers[b].size;
      return buffers[a].name < buffers[b].name;
    });
    std::vector<int> placed;
    for (int i : order) {
      Buffer& b = buffers[i];
      // First fit: the lowest offset (0 or the end of a placed buffer) that
      // collides with no placed buffer whose lifetime overlaps. A sweep over
      // those in offset order finds it without trying every candidate.
      std::vector<const Buffer*> overlapping;
      for (int j : placed)
        if (buffers[j].first <= b.last && b.first <= buffers[j].last)
          overlapping.push_back(&buffers[j]);
      std::sort(overlapping.begin(), overlapping.end(), [](const Buffer* x, const Buffer* y) {
        return x->offset != y->offset ? x->offset < y->offset : x->size < y->size;
      });
      int64_t offset = 0;
      for (const Buffer* o : overlapping)
        if (offset < o->offset + o->size && o->offset < offset + b.size)
          offset = o->offset + o->size;
      b.offset = offset;
      scope.size = std::max(scope.size, b.offset + b.size);
      placed.push_back(i);
    }
    // The most bytes live at once: a sweep over lifetime starts and ends.
    std::vector<std::pair<int, int64_t>> events;  // (position, +size at first / -size after last)
    for (const Buffer& b : buffers) {
      events.push_back({b.first, b.live_size});
      events.push_back({b.last + 1, -b.live_size});
    }
    std::sort(events.begin(), events.end());  // at one position, ends (< 0) before starts
    int64_t live = 0;
    for (const auto& [pos, delta] : events) {
      live += delta;
      scope.lower_bound = std::max(scope.lower_bound, live);
    }
  }

  // Final offsets: `base` plus the scope's own; block arguments take their
  // owner's operand (or, for carried loop values, the loop result's) place.
  void Apply(ir::Graph& graph, int64_t base) {
    const Scope& scope = scopes_.at(&graph);
    if (const ir::Node* owner = graph.owner()) {
      for (size_t i = 0; i < graph.feeds().size(); ++i) {
        const int k = static_cast<int>(i);
        const bool carried = owner->op() == ir::kWhileOp && k < ir::NumCarried(*owner);
        const ir::Value& outer = carried ? owner->output(k)
                                         : owner->input_value(ir::FirstArgOperand(*owner) + k);
        graph.feeds()[i].node->output(0).arena_offset = outer.constant ? -1 : outer.arena_offset;
      }
    }
    for (const auto& [value, index] : scope.buffer_of) {
      auto slice = scope.slice_at.find(value);
      const_cast<ir::Node*>(value.first)->output(value.second).arena_offset =
          base + scope.buffers[index].offset + (slice == scope.slice_at.end() ? 0 : slice->second);
    }
    for (const auto& [value, arg] : scope.external)
      const_cast<ir::Node*>(value.first)->output(value.second).arena_offset =
          arg.first->output(arg.second).arena_offset;
    for (const auto& [node, index] : scope.scratch_of)
      node->set_scratch_offset(base + scope.buffers[index].offset);
    for (const auto& node : graph.nodes()) {
      auto it = scope.regions_of.find(node.get());
      if (it == scope.regions_of.end()) continue;
      for (int r = 0; r < node->num_regions(); ++r)
        Apply(node->region(r), base + scope.buffers[it->second].offset);
    }
  }

  std::map<const ir::Graph*, Scope> scopes_;
};

}  // namespace

absl::Status PlanMemory(ir::Graph& graph) { return Planner().Plan(graph); }

}  // namespace tfaot::passes
