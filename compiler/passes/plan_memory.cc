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
    // Candidate offsets: 0 and the end of every placed buffer whose lifetime
    // overlaps; take the lowest one that collides with none of them.
    std::vector<const Buffer*> overlapping;
    for (int j : placed)
      if (buffers[j].first <= b.last && b.first <= buffers[j].last) overlapping.push_back(&buffers[j]);
    std::vector<int64_t> candidates = {0};
    for (const Buffer* o : overlapping) candidates.push_back(o->offset + o->size);
    std::sort(candidates.begin(), candidates.end());
    for (int64_t c : candidates) {
      bool fits = true;
      for (const Buffer* o : overlapping)
        if (c < o->offset + o->size && o->offset < c + b.size) fits = false;
      if (fits) {
        b.offset = c;
        break;
      }
    }
    arena = std::max(arena, b.offset + b.size);
    placed.push_back(i);
  }

  int64_t lower_bound = 0;
  for (int pos = -1; pos <= end; ++pos) {
    int64_t live = 0;
    for (const Buffer& b : buffers)
      if (b.first <= pos && pos <= b.last) live += b.size;
    lower_bound = std::max(lower_bound, live);
  }
  for (const auto& [value, index] : buffer_of)
    const_cast<ir::Node*>(value.first)->output(value.second).arena_offset = buffers[index].offset;
  graph.set_memory_plan(arena, lower_bound);
  return absl::OkStatus();
}

}  // namespace tfaot::passes
