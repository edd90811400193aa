#include "compiler/passes/pipeline.h"

#include "absl/strings/str_cat.h"
#include "compiler/ir/printer.h"
#include "compiler/ir/verifier.h"
#include "compiler/passes/canonicalize.h"
#include "compiler/passes/fold_batch_norm.h"
#include "compiler/passes/fold_channel_scale.h"
#include "compiler/passes/fold_constants.h"
#include "compiler/passes/fuse_elementwise.h"
#include "compiler/passes/fuse_kernels.h"
#include "compiler/passes/infer_shapes.h"
#include "compiler/passes/loop_trip_counts.h"
#include "compiler/passes/materialize_fetches.h"
#include "compiler/passes/plan_memory.h"
#include "compiler/passes/promote_half.h"
#include "compiler/passes/prune.h"
#include "compiler/passes/select_kernels.h"
#include "runtime/float_env.h"

namespace tfaot::passes {
namespace {

struct Pass {
  const char* name;
  absl::Status (*run)(ir::Graph&);
};

constexpr Pass kPasses[] = {
    {"prune", &Prune},
    // Before infer-shapes: it infers as it goes, to find the ops that refuse half.
    {"promote-half", &PromoteHalf},
    {"infer-shapes", &InferShapes},
    {"fold-constants", &FoldConstants},
    // Before the kernels and fusion: it runs the loops' regions with the
    // reference evaluators, which do not know fused loops.
    {"loop-trip-counts", &LoopTripCounts},
    {"canonicalize", &Canonicalize},
    {"fold-batch-norm", &FoldBatchNorm},
    {"fold-channel-scale", &FoldChannelScale},
    {"select-kernels", &SelectKernels},
    {"fuse-kernels", &FuseKernels},
    {"fuse-elementwise", &FuseElementwise},
    {"materialize-fetches", &MaterializeFetches},
    {"plan-memory", &PlanMemory},
};

}  // namespace

std::vector<std::string> PassNames() {
  std::vector<std::string> names;
  for (const Pass& p : kPasses) names.push_back(p.name);
  return names;
}

absl::Status RunPipeline(ir::Graph& graph, const PipelineOptions& options) {
  // Values computed at compile time (constant folding, folded batch norms)
  // see the same flush-to-zero arithmetic as generated code and TensorFlow's
  // kernels (and Grappler's constant folding).
  rt::ScopedFlushDenormal flush_denormals;
  if (auto s = ir::VerifyGraph(graph); !s.ok()) return s;
  for (const Pass& pass : kPasses) {
    if (options.skip.count(pass.name)) continue;
    if (auto s = pass.run(graph); !s.ok()) return s;
    if (auto s = ir::VerifyGraph(graph); !s.ok())
      return absl::InternalError(absl::StrCat("after pass ", pass.name, ": ", s.message()));
    if (options.print_to && (options.print_after_all || options.print_after.count(pass.name)))
      *options.print_to << "// -----// IR after " << pass.name << " //----- //\n"
                        << ir::PrintGraph(graph);
    if (options.stop_after == pass.name) break;
  }
  return absl::OkStatus();
}

}  // namespace tfaot::passes
