#include "compiler/passes/plan_memory.h"

#include <algorithm>
#include <limits>
#include <map>

#include "compiler/ops/op_def.h"

namespace tfaot::passes {
namespace {

constexpr int64_t kAlignment = 64;

int64_t AlignUp(int64_t n) { return (n + kAlignment - 1) / kAlignment * kAlignment; }

struct Buffer {
  std::string name;
  int64_t size = 0;
  int first = 0;  // node position of the definition
  int last = 0;   // last node position that reads it (inclusive)
  int64_t offset = -1;
};

bool IsView(const ir::Node& node) {
  const ops::OpDef* op = ops::FindOp(node.op());
  return op && op->op_class == ops::OpClass::kView;
}

}  // namespace

absl::Status PlanMemory(ir::Graph& graph) {
  const int end = graph.num_nodes();
  std::map<std::pair<const ir::Node*, int>, int> buffer_of;  // value -> buffer index
  std::vector<Buffer> buffers;
  std::map<const ir::Node*, int> position;
  std::map<ir::Node*, int> scratch_of;  // node -> buffer index
  for (int pos = 0; pos < end; ++pos) {
    ir::Node* node = graph.nodes()[pos].get();
    position[node] = pos;
    for (int i = 0; i < node->num_outputs(); ++i) {
      const ir::Value& v = node->output(i);
      if (v.constant) continue;
      if (IsView(*node) && !node->input_value(0).constant) {
        buffer_of[{node, i}] = buffer_of.at({node->inputs()[0].node, node->inputs()[0].index});
        continue;
      }
      Buffer b;
      b.name = node->name() + (i ? ":" + std::to_string(i) : "");
      b.size = AlignUp(ir::NumElements(v.shape) * ir::DTypeSize(v.dtype));
      b.first = b.last = node->op() == "Placeholder" ? -1 : pos;
      buffer_of[{node, i}] = static_cast<int>(buffers.size());
      buffers.push_back(b);
    }
    for (const ir::ValueRef& in : node->inputs()) {
      auto it = buffer_of.find({in.node, in.index});
      if (it != buffer_of.end()) buffers[it->second].last = std::max(buffers[it->second].last, pos);
    }
    // Scratch lives while its node runs, beside the node's inputs and outputs.
    const ops::OpDef* op = ops::FindOp(node->op());
    const bool computed = node->num_outputs() > 0 && !node->output(0).constant;
    if (computed && op && op->scratch_bytes && op->scratch_bytes(*node) > 0) {
      Buffer b;
      b.name = node->name() + "/scratch";
      b.size = AlignUp(op->scratch_bytes(*node));
      b.first = b.last = pos;
      scratch_of[node] = static_cast<int>(buffers.size());
      buffers.push_back(b);
    }
  }
  // Feeds keep their values (Run() may be called again on the same inputs),
  // fetches must survive until the caller reads them.
  for (const ir::Feed& f : graph.feeds()) {
    auto it = buffer_of.find({f.node, 0});
    if (it != buffer_of.end()) buffers[it->second].last = end;
  }
  for (const ir::Fetch& f : graph.fetches()) {
    auto it = buffer_of.find({f.value.node, f.value.index});
    if (it != buffer_of.end()) {
      // Live throughout, as the header promises: a result's bytes are never
      // shared, not even with values that die before it is written.
      buffers[it->second].first = -1;
      buffers[it->second].last = end;
    }
  }

  std::vector<int> order(buffers.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int>(i);
  std::sort(order.begin(), order.end(), [&](int a, int b) {
    if (buffers[a].size != buffers[b].size) return buffers[a].size > buffers[b].size;
    return buffers[a].name < buffers[b].name;
  });
  int64_t arena = 0;
  std::vector<int> placed;
  for (int i : order) {
    Buffer& b = buffers[i];
    // First fit: the lowest offset (0 or the end of a placed buffer) that
    // collides with no placed buffer whose lifetime overlaps. A sweep over
    // those in offset order finds it without trying every candidate.
    std::vector<const Buffer*> overlapping;
    for (int j : placed)
      if (buffers[j].first <= b.last && b.first <= buffers[j].last) overlapping.push_back(&buffers[j]);
    std::sort(overlapping.begin(), overlapping.end(), [](const Buffer* x, const Buffer* y) {
      return x->offset != y->offset ? x->offset < y->offset : x->size < y->size;
    });
    int64_t offset = 0;
    for (const Buffer* o : overlapping)
      if (offset < o->offset + o->size && o->offset < offset + b.size) offset = o->offset + o->size;
    b.offset = offset;
    arena = std::max(arena, b.offset + b.size);
    placed.push_back(i);
  }

  // The most bytes live at once: a sweep over lifetime starts and ends.
  std::vector<std::pair<int, int64_t>> events;  // (position, +size at first / -size after last)
  for (const Buffer& b : buffers) {
    events.push_back({b.first, b.size});
    events.push_back({b.last + 1, -b.size});
  }
  std::sort(events.begin(), events.end());  // at one position, ends (< 0) before starts
  int64_t lower_bound = 0, live = 0;
  for (const auto& [pos, delta] : events) {
    live += delta;
    lower_bound = std::max(lower_bound, live);
  }
  for (const auto& [value, index] : buffer_of)
    const_cast<ir::Node*>(value.first)->output(value.second).arena_offset = buffers[index].offset;
  for (const auto& [node, index] : scratch_of) node->set_scratch_offset(buffers[index].offset);
  graph.set_memory_plan(arena, lower_bound);
  return absl::OkStatus();
}

}  // namespace tfaot::passes
