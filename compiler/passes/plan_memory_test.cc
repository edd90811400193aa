#include "compiler/passes/plan_memory.h"

#include <map>
#include <string>
#include <vector>

#include "compiler/ir/region.h"
#include "compiler/ir/test_graph_builder.h"
#include "compiler/ir/verifier.h"
#include "compiler/passes/infer_shapes.h"
#include "gtest/gtest.h"

namespace tfaot::passes {
namespace {

using ir::DType;
using ir::GraphBuilder;

struct Interval {
  std::string name;
  int64_t begin, end;  // bytes [begin, end)
  int first, last;     // node positions, inclusive
  bool pinned;         // a feed or a fetch
};

// Every run-time value's bytes and lifetime, computed independently of the
// planner: defined at its node, live through its last reader; feeds from
// before the first node and feeds/fetches through the end. Views (Reshape)
// are folded into the value they view.
std::vector<Interval> Intervals(const ir::Graph& g) {
  std::map<std::pair<const ir::Node*, int>, size_t> index;
  std::vector<Interval> out;
  const int end = g.num_nodes();
  for (int pos = 0; pos < end; ++pos) {
    const ir::Node* n = g.nodes()[pos].get();
    for (int i = 0; i < n->num_outputs(); ++i) {
      const ir::Value& v = n->output(i);
      if (v.constant) continue;
      if (n->op() == "Reshape") {
        index[{n, i}] = index.at({n->inputs()[0].node, n->inputs()[0].index});
        continue;
      }
      int64_t bytes = ir::NumElements(v.shape) * ir::DTypeSize(v.dtype);
      index[{n, i}] = out.size();
      out.push_back({n->name(), v.arena_offset, v.arena_offset + bytes,
                     n->op() == "Placeholder" ? -1 : pos, pos, false});
    }
    for (const ir::ValueRef& in : n->inputs()) {
      auto it = index.find({in.node, in.index});
      if (it != index.end()) out[it->second].last = std::max(out[it->second].last, pos);
    }
  }
  for (const ir::Feed& f : g.feeds()) {
    out[index.at({f.node, 0})].last = end;
    out[index.at({f.node, 0})].pinned = true;
  }
  for (const ir::Fetch& f : g.fetches()) {
    out[index.at({f.value.node, f.value.index})].last = end;
    out[index.at({f.value.node, f.value.index})].pinned = true;
  }
  return out;
}

bool LifetimesOverlap(const Interval& a, const Interval& b) {
  return a.first <= b.last && b.first <= a.last;
}
bool BytesOverlap(const Interval& a, const Interval& b) {
  return a.begin < b.end && b.begin < a.end;
}

// The invariants every plan must satisfy.
void CheckPlan(const ir::Graph& g) {
  std::vector<Interval> iv = Intervals(g);
  for (const Interval& a : iv) {
    EXPECT_GE(a.begin, 0) << a.name;
    EXPECT_EQ(a.begin % 64, 0) << a.name << " is not 64-byte aligned";
    EXPECT_LE(a.end, g.arena_bytes()) << a.name;
  }
  for (size_t i = 0; i < iv.size(); ++i)
    for (size_t j = i + 1; j < iv.size(); ++j) {
      if (LifetimesOverlap(iv[i], iv[j]) || iv[i].pinned || iv[j].pinned) {
        EXPECT_FALSE(BytesOverlap(iv[i], iv[j])) << iv[i].name << " and " << iv[j].name;
      }
    }
  EXPECT_GE(g.arena_bytes(), g.live_bytes_lower_bound());
  EXPECT_EQ(g.arena_bytes() % 64, 0);
}

TEST(PlanMemoryTest, DisjointLifetimesShareOverlappingOnesDoNot) {
  // x -> a -> b -> c -> d, each f32[16] = 64 bytes, d fetched. a dies when
  // b is computed, so c (computed after that) can reuse a's bytes; b
  // overlaps both; the feed x and the fetch d share with nothing.
  GraphBuilder g;
  ir::Node* x = g.Placeholder("x", DType::kFloat, {16});
  ir::Node* a = g.Op("a", "Neg", {x});
  ir::Node* b = g.Op("b", "Neg", {a});
  ir::Node* c = g.Op("c", "Neg", {b});
  ir::Node* d = g.Op("d", "Neg", {c});
  g.Fetch(d);
  ASSERT_TRUE(InferShapes(g.graph()).ok());
  ASSERT_TRUE(PlanMemory(g.graph()).ok());
  CheckPlan(g.graph());
  EXPECT_EQ(a->output(0).arena_offset, c->output(0).arena_offset);
  EXPECT_NE(a->output(0).arena_offset, b->output(0).arena_offset);
  EXPECT_NE(b->output(0).arena_offset, c->output(0).arena_offset);
  // Hand count: x, d and two of the temporaries are live at once: 4 * 64.
  EXPECT_EQ(g.graph().live_bytes_lower_bound(), 256);
  // Largest first, ties by name: a@0, b@64, c@0, d@128, x@192.
  EXPECT_EQ(b->output(0).arena_offset, 64);
  EXPECT_EQ(d->output(0).arena_offset, 128);
  EXPECT_EQ(x->output(0).arena_offset, 192);
  EXPECT_EQ(g.graph().arena_bytes(), 256);
}

TEST(PlanMemoryTest, OddSizesAreRoundedToTheAlignment) {
  GraphBuilder g;
  ir::Node* x = g.Placeholder("x", DType::kFloat, {3});   // 12 bytes -> 64
  ir::Node* y = g.Op("y", "Neg", {x});                     // 12 bytes -> 64
  ir::Node* z = g.Op("z", "Cast", {y}, {{"DstT", DType::kDouble}});  // 24 -> 64
  g.Fetch(z);
  ASSERT_TRUE(InferShapes(g.graph()).ok());
  ASSERT_TRUE(PlanMemory(g.graph()).ok());
  CheckPlan(g.graph());
  EXPECT_EQ(g.graph().arena_bytes(), 192);  // x, y, z all live at z's node
}

TEST(PlanMemoryTest, FeedsAndFetchesNeverShare) {
  // The feed is read only by the first node and the first fetch is written
  // first, yet both keep their bytes to the end.
  GraphBuilder g;
  ir::Node* x = g.Placeholder("x", DType::kFloat, {16});
  ir::Node* early = g.Op("early", "Neg", {x});
  ir::Node* t1 = g.Op("t1", "Exp", {early});
  ir::Node* t2 = g.Op("t2", "Exp", {t1});
  ir::Node* t3 = g.Op("t3", "Exp", {t2});
  g.Fetch(early);
  g.Fetch(t3);
  ASSERT_TRUE(InferShapes(g.graph()).ok());
  ASSERT_TRUE(PlanMemory(g.graph()).ok());
  CheckPlan(g.graph());
  std::set<int64_t> pinned = {x->output(0).arena_offset, early->output(0).arena_offset,
                              t3->output(0).arena_offset};
  EXPECT_EQ(pinned.size(), 3u);
  EXPECT_EQ(pinned.count(t1->output(0).arena_offset), 0u);
  EXPECT_EQ(pinned.count(t2->output(0).arena_offset), 0u);
}

TEST(PlanMemoryTest, ReshapeSharesItsInputsBufferAndConstantsGetNone) {
  GraphBuilder g;
  ir::Node* x = g.Placeholder("x", DType::kFloat, {2, 8});
  ir::Node* n = g.Op("n", "Neg", {x});
  ir::Node* shape = g.Const<int32_t>("shape", {16}, {1});
  ir::Node* r = g.Op("r", "Reshape", {n, shape});
  ir::Node* out = g.Op("out", "Exp", {r});
  g.Fetch(out);
  ASSERT_TRUE(InferShapes(g.graph()).ok());
  ASSERT_TRUE(PlanMemory(g.graph()).ok());
  CheckPlan(g.graph());
  EXPECT_EQ(r->output(0).arena_offset, n->output(0).arena_offset);
  EXPECT_NE(out->output(0).arena_offset, n->output(0).arena_offset);  // read while out is written
  EXPECT_EQ(shape->output(0).arena_offset, -1);
}

// An LSTM cell splits its [1, 4n] gate vector into four [1, n] pieces: each
// piece is a run of the gates' bytes, so it is placed there (no copy). Split
// along an inner axis of a [2, 16] value has strided pieces: those get
// buffers of their own.
TEST(PlanMemoryTest, ContiguousSplitPiecesAreSlicesOfTheirInput) {
  GraphBuilder g;
  ir::Node* x = g.Placeholder("x", DType::kFloat, {1, 32});
  ir::Node* gates = g.Op("gates", "Neg", {x});
  ir::Node* split = g.Op("split", "Split", {g.Scalar<int32_t>("axis", 1), gates},
                         {{"num_split", int64_t{4}}});
  ir::Node* a = g.Op("a", "Add", {ir::In(split, 0), ir::In(split, 3)});
  ir::Node* b = g.Op("b", "Mul", {ir::In(split, 1), ir::In(split, 2)});
  ir::Node* y = g.Placeholder("y", DType::kFloat, {2, 16});
  ir::Node* n = g.Op("n", "Neg", {y});
  ir::Node* halves = g.Op("halves", "Split", {g.Scalar<int32_t>("axis_1", 1), n},
                          {{"num_split", int64_t{2}}});
  ir::Node* c = g.Op("c", "Sub", {ir::In(halves, 0), ir::In(halves, 1)});
  g.Fetch(a);
  g.Fetch(b);
  g.Fetch(c);
  ASSERT_TRUE(InferShapes(g.graph()).ok());
  ASSERT_TRUE(PlanMemory(g.graph()).ok());
  const int64_t at = gates->output(0).arena_offset;
  for (int k = 0; k < 4; ++k) EXPECT_EQ(split->output(k).arena_offset, at + 32 * k) << k;
  // The gates stay live until the last piece is read, so a and b (written
  // while pieces are still to be read) do not land on them.
  for (const ir::Node* result : {a, b})
    EXPECT_TRUE(result->output(0).arena_offset >= at + 128 ||
                result->output(0).arena_offset + 32 <= at)
        << result->name();
  const int64_t halves_at = n->output(0).arena_offset;
  for (int k = 0; k < 2; ++k) {
    const int64_t piece = halves->output(k).arena_offset;
    EXPECT_TRUE(piece >= halves_at + 128 || piece + 32 <= halves_at) << k;
  }
  EXPECT_NE(halves->output(0).arena_offset, halves->output(1).arena_offset);
}

TEST(PlanMemoryTest, GreedyLargestFirstOnMixedSizes) {
  // pos0 x: feed f32[64] = 256 B; pos1 big = Exp(x) 256 B;
  // pos2 s = Neg(big) 256 B; pos3 tiny = Cast(s) to int8[64] = 64 B (fetch).
  GraphBuilder g;
  ir::Node* x = g.Placeholder("x", DType::kFloat, {64});
  ir::Node* big = g.Op("big", "Exp", {x});
  ir::Node* s = g.Op("s", "Neg", {big});
  ir::Node* tiny = g.Op("tiny", "Cast", {s}, {{"DstT", DType::kInt8}});
  g.Fetch(tiny);
  ASSERT_TRUE(InferShapes(g.graph()).ok());
  ASSERT_TRUE(PlanMemory(g.graph()).ok());
  CheckPlan(g.graph());
  // Lifetimes: x and the fetch tiny (int8[64] = 64 B) throughout,
  // big [1,2], s [2,3]. Peak: x + big + s + tiny = 832 at pos 2.
  EXPECT_EQ(g.graph().live_bytes_lower_bound(), 832);
  // Largest first, ties by name: big@0, s@256 (overlaps big), x@512 (overlaps
  // both), then tiny after everything: 768.
  EXPECT_EQ(big->output(0).arena_offset, 0);
  EXPECT_EQ(s->output(0).arena_offset, 256);
  EXPECT_EQ(x->output(0).arena_offset, 512);
  EXPECT_EQ(tiny->output(0).arena_offset, 768);
  EXPECT_EQ(g.graph().arena_bytes(), 832);
}

// 300 values of mixed sizes alive at once (they all feed one ConcatV2), then
// a chain after it that can reuse their bytes: no two live values may share
// bytes, and the concat's inputs pack with no gaps.
TEST(PlanMemoryTest, ManyValuesAliveAtOnceStayDisjoint) {
  GraphBuilder g;
  ir::Node* x = g.Placeholder("x", DType::kFloat, {64});
  std::vector<ir::In> parts;
  for (int i = 0; i < 300; ++i) {
    std::string n = std::to_string(i);
    ir::Node* begin = g.Const<int32_t>("b" + n, {0}, {1});
    ir::Node* size = g.Const<int32_t>("s" + n, {16 * (1 + i % 4)}, {1});  // 64 to 256 bytes
    ir::Node* slice = g.Op("slice" + n, "Slice", {x, begin, size});
    parts.push_back(g.Op("exp" + n, "Exp", {slice}));
  }
  parts.push_back(g.Scalar<int32_t>("axis", 0));
  ir::Node* concat = g.Op("concat", "ConcatV2", parts, {{"N", int64_t{300}}});
  ir::Node* tail = g.Op("tail", "Neg", {g.Op("mid", "Exp", {concat})});
  g.Fetch(tail);
  ASSERT_TRUE(InferShapes(g.graph()).ok());
  ASSERT_TRUE(PlanMemory(g.graph()).ok());
  CheckPlan(g.graph());
  EXPECT_EQ(g.graph().arena_bytes(), g.graph().live_bytes_lower_bound());
}

TEST(PlanMemoryTest, ScratchLivesOnlyWhileItsNodeRuns) {
  // AudioSpectrogram asks for scratch (one 8-point frame and its 5-bin power
  // spectrum: 13 doubles = 104 B -> 128). x [64,1] (256 B), spec [1,15,5]
  // (300 B -> 320), then a = Neg(spec), b = Neg(a), b fetched. The scratch
  // may not touch x or spec while spec is computed, but a can reuse it.
  GraphBuilder g;
  ir::Node* x = g.Placeholder("x", DType::kFloat, {64, 1});
  ir::Node* spec = g.Op("spec", "AudioSpectrogram", {x},
                        {{"window_size", int64_t{8}}, {"stride", int64_t{4}}});
  ir::Node* a = g.Op("a", "Neg", {spec});
  ir::Node* b = g.Op("b", "Neg", {a});
  g.Fetch(b);
  ASSERT_TRUE(InferShapes(g.graph()).ok());
  ASSERT_TRUE(PlanMemory(g.graph()).ok());
  CheckPlan(g.graph());
  const int64_t scratch = spec->scratch_offset();
  ASSERT_GE(scratch, 0);
  EXPECT_EQ(scratch % 64, 0);
  EXPECT_EQ(x->scratch_offset(), -1);
  EXPECT_EQ(a->scratch_offset(), -1);
  auto disjoint = [&](const ir::Node* n, int64_t bytes) {
    const int64_t begin = n->output(0).arena_offset;
    return scratch + 128 <= begin || begin + bytes <= scratch;
  };
  EXPECT_TRUE(disjoint(x, 256));
  EXPECT_TRUE(disjoint(spec, 320));
  EXPECT_TRUE(disjoint(b, 320));
  EXPECT_LE(scratch + 128, g.graph().arena_bytes());
}

TEST(PlanMemoryTest, PlanIsDeterministic) {
  auto plan = [] {
    GraphBuilder g;
    ir::Node* x = g.Placeholder("x", DType::kFloat, {8});
    ir::Node* p = g.Op("p", "Neg", {x});
    ir::Node* q = g.Op("q", "Exp", {x});
    ir::Node* r = g.Op("r", "Add", {p, q});
    ir::Node* s = g.Op("s", "Mul", {r, p});
    g.Fetch(s);
    EXPECT_TRUE(InferShapes(g.graph()).ok());
    EXPECT_TRUE(PlanMemory(g.graph()).ok());
    CheckPlan(g.graph());
    std::vector<int64_t> offsets;
    for (const auto& n : g.graph().nodes()) offsets.push_back(n->output(0).arena_offset);
    offsets.push_back(g.graph().arena_bytes());
    return offsets;
  };
  EXPECT_EQ(plan(), plan());
}

bool Overlap(const ir::Value& a, const ir::Value& b) {
  auto bytes = [](const ir::Value& v) { return ir::NumElements(v.shape) * ir::DTypeSize(v.dtype); };
  return a.arena_offset < b.arena_offset + bytes(b) && b.arena_offset < a.arena_offset + bytes(a);
}

// i, acc = 0, x; while i < 4: i, acc = i + 1, exp(acc) * w (w fed).
TEST(PlanMemoryTest, LoopBodyIsANestedScopeAndArgumentsAreTheOuterBuffers) {
  GraphBuilder g;
  ir::Node* x = g.Placeholder("x", DType::kFloat, {64});
  ir::Node* w = g.Placeholder("w", DType::kFloat, {64});
  GraphBuilder cond;
  ir::Node* ci = cond.Arg("i");
  cond.Arg("acc");
  cond.Arg("w");
  cond.Fetch(cond.Op("less", "Less", {ci, cond.Scalar<int32_t>("four", 4)}));
  GraphBuilder body;
  ir::Node* bi = body.Arg("i");
  ir::Node* bacc = body.Arg("acc");
  ir::Node* bw = body.Arg("w");
  ir::Node* next = body.Op("next", "AddV2", {bi, body.Scalar<int32_t>("one", 1)});
  ir::Node* e = body.Op("e", "Exp", {bacc});
  ir::Node* m = body.Op("m", "Mul", {e, bw});
  body.Fetch(next);
  body.Fetch(m);
  ir::Node* loop = g.Op("loop", ir::kWhileOp, {g.Scalar<int32_t>("zero", 0), x, w},
                        {{"carried", int64_t{2}}});
  loop->outputs().resize(2);
  loop->AddRegion("cond", cond.Release());
  loop->AddRegion("body", body.Release());
  ir::Node* after = g.Op("after", "Neg", {ir::In(loop, 1)});
  g.Fetch(after);
  ASSERT_TRUE(InferShapes(g.graph()).ok());
  ASSERT_TRUE(PlanMemory(g.graph()).ok());
  ASSERT_TRUE(ir::VerifyGraph(g.graph()).ok());
  // Block arguments are the loop's buffers (carried) and the operands' (w).
  const ir::Value& slot = loop->output(1);
  EXPECT_EQ(bacc->output(0).arena_offset, slot.arena_offset);
  EXPECT_EQ(bi->output(0).arena_offset, loop->output(0).arena_offset);
  EXPECT_EQ(bw->output(0).arena_offset, w->output(0).arena_offset);
  // The body computes acc's next value (m) in acc's own buffer: exp read acc
  // before m is written, nothing reads it after. i's next value is an AddV2
  // reading i itself (not an elementwise loop), so it gets a buffer of its own.
  EXPECT_EQ(m->output(0).arena_offset, slot.arena_offset);
  EXPECT_NE(next->output(0).arena_offset, loop->output(0).arena_offset);
  // Everything else live while the loop runs is disjoint: feeds, carried
  // buffers, and the body's other temporaries.
  std::vector<const ir::Value*> live = {&x->output(0), &w->output(0), &loop->output(0), &slot,
                                        &next->output(0), &e->output(0)};
  for (size_t a = 0; a < live.size(); ++a)
    for (size_t b = a + 1; b < live.size(); ++b)
      EXPECT_FALSE(Overlap(*live[a], *live[b])) << a << " and " << b;
  // The condition's value is dead before the body runs: it shares the body's space.
  const ir::Value& less = loop->region(ir::kCondRegion).FindNode("less")->output(0);
  EXPECT_TRUE(Overlap(less, next->output(0)) || Overlap(less, e->output(0)));
  // The most bytes live at once, by hand: during the loop the feeds (2 x 256),
  // the fetched `after` (256, a result lives throughout), i (64) and acc
  // (256), and the body's peak at `m`: next (64) and e (256). The plan
  // reaches it: the body's temporaries are one scope at one position.
  EXPECT_EQ(g.graph().live_bytes_lower_bound(), 256 * 2 + 256 + 64 + 256 + 64 + 256);
  EXPECT_EQ(g.graph().arena_bytes(), g.graph().live_bytes_lower_bound());
}

// acc = exp(acc) * acc: the old acc is read after exp, by the Mul that
// makes the new one, and that Mul is no elementwise loop yet (no fusion
// ran), so the new value needs its own buffer and a copy ends the iteration.
TEST(PlanMemoryTest, CarriedValueStillNeededGetsItsOwnBuffer) {
  GraphBuilder g;
  ir::Node* x = g.Placeholder("x", DType::kFloat, {16});
  GraphBuilder cond;
  ir::Node* ci = cond.Arg("i");
  cond.Arg("acc");
  cond.Fetch(cond.Op("less", "Less", {ci, cond.Scalar<int32_t>("four", 4)}));
  GraphBuilder body;
  ir::Node* bi = body.Arg("i");
  ir::Node* acc = body.Arg("acc");
  body.Fetch(body.Op("next", "AddV2", {bi, body.Scalar<int32_t>("one", 1)}));
  ir::Node* e = body.Op("e", "Exp", {acc});
  ir::Node* m = body.Op("m", "Mul", {e, acc});
  body.Fetch(m);
  ir::Node* loop = g.Op("loop", ir::kWhileOp, {g.Scalar<int32_t>("zero", 0), x},
                        {{"carried", int64_t{2}}});
  loop->outputs().resize(2);
  loop->AddRegion("cond", cond.Release());
  loop->AddRegion("body", body.Release());
  g.Fetch({loop, 1}, "out");
  ASSERT_TRUE(InferShapes(g.graph()).ok());
  ASSERT_TRUE(PlanMemory(g.graph()).ok());
  EXPECT_NE(m->output(0).arena_offset, loop->output(1).arena_offset);
  EXPECT_FALSE(Overlap(m->output(0), loop->output(1)));
  EXPECT_FALSE(Overlap(e->output(0), loop->output(1)));
}

}  // namespace
}  // namespace tfaot::passes
