#include "compiler/codegen/module_emitter.h"

#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "compiler/codegen/class_api_emitter.h"
#include "compiler/codegen/code_writer.h"
#include "compiler/codegen/constant_emitter.h"
#include "compiler/codegen/fused_loop.h"
#include "compiler/codegen/region_emitter.h"
#include "compiler/codegen/target.h"
#include "compiler/ir/region.h"
#include "compiler/ops/op_def.h"

namespace tfaot::codegen {
namespace {

using ValueKey = std::pair<const ir::Node*, int>;

class ModuleEmitter {
 public:
  ModuleEmitter(const ir::Graph& graph, const ModuleOptions& options)
      : graph_(graph), options_(options), api_(graph, options) {}

  absl::StatusOr<GeneratedModule> Run() {
    NameValues();
    GeneratedModule module;
    module.header = api_.EmitHeader();
    auto body = EmitBody();
    if (!body.ok()) return body.status();
    module.source = EmitSource(*body);
    return module;
  }

 private:
  // Identifiers for run-time values (after their nodes) and constants (k_...),
  // in every region too; a block argument takes the name of what it stands for.
  void NameValues() {
    ir::ForEachGraph(graph_, [&](const ir::Graph& g) { NameValues(g); });
  }

  void NameValues(const ir::Graph& graph) {
    for (const auto& node : graph.nodes()) {
      for (int r = 0; r < node->num_regions(); ++r) {
        const ir::Graph& region = node->region(r);
        for (size_t i = 0; i < region.feeds().size(); ++i) {
          const int k = static_cast<int>(i);
          const bool carried = node->op() == ir::kWhileOp && k < ir::NumCarried(*node);
          arg_source_[region.feeds()[i].node] =
              carried ? ir::ValueRef{node.get(), k}
                      : node->inputs()[ir::FirstArgOperand(*node) + k];
        }
      }
      if (node->op() == ir::kArgOp) continue;
      for (int i = 0; i < node->num_outputs(); ++i) {
        std::string base = SanitizeIdentifier(node->name()) + (i ? absl::StrCat("_", i) : "");
        if (node->output(i).constant) base = "k_" + base;
        std::string name = base;
        for (int n = 2; !identifiers_.insert(name).second; ++n) name = absl::StrCat(base, "_", n);
        names_[{node.get(), i}] = name;
      }
    }
  }

  // What a block argument stands for: the owner's operand, or for a carried
  // loop value the loop's result buffer (through nested regions).
  ir::ValueRef ResolveArg(ir::ValueRef ref) const {
    while (ref.node->op() == ir::kArgOp) ref = arg_source_.at(ref.node);
    return ref;
  }

  // The expression a consumer uses to read `ref`.
  std::string Operand(ir::ValueRef ref) {
    ref = ResolveArg(ref);
    const ir::Value& v = ref.node->output(ref.index);
    if (v.constant) used_constants_.insert({ref.node, ref.index});
    return names_.at({ref.node, ref.index});
  }

  absl::StatusOr<std::string> EmitBody() {
    CodeWriter w;
    w.Indent();
    DeclarePointers(graph_, w);
    if (auto s = EmitGraph(graph_, w); !s.ok()) return s;
    return w.text();
  }

  // Pointers to every run-time value, at its planned offset (values in
  // regions too: their places are as static as the others'), except in the
  // condition of a loop with a known trip count, which is never run. A
  // feed's or a view's pointer that only views read (or nothing: a fetched
  // view) is used by no code; [[maybe_unused]] keeps -Wall quiet about it.
  void DeclarePointers(const ir::Graph& graph, CodeWriter& w) {
    std::set<ValueKey> read;
    for (const auto& node : graph.nodes())
      if (!IsAlias(*node))
        for (const ir::ValueRef& in : node->inputs()) read.insert({in.node, in.index});
    for (const auto& node : graph.nodes()) {
      if (node->op() == ir::kArgOp) continue;
      for (int i = 0; i < node->num_outputs(); ++i) {
        const ir::Value& v = node->output(i);
        if (v.constant) continue;
        const bool unused = IsAlias(*node) && !read.count({node.get(), i});
        w.Line(absl::StrCat(unused ? "[[maybe_unused]] " : "", ir::DTypeCppName(v.dtype), "* const ",
                            names_.at({node.get(), i}),
                            " = reinterpret_cast<", ir::DTypeCppName(v.dtype), "*>(arena + ", v.arena_offset,
                            ");  // ", TypeComment(v)));
      }
    }
    for (const auto& node : graph.nodes())
      for (int r = 0; r < node->num_regions(); ++r)
        if (!(node->op() == ir::kWhileOp && r == ir::kCondRegion && node->HasAttr("trip_count")))
          DeclarePointers(node->region(r), w);
  }

  absl::Status EmitGraph(const ir::Graph& graph, CodeWriter& w) {
    for (const auto& node : graph.nodes())
      if (auto s = EmitNode(*node, w); !s.ok()) return s;
    return absl::OkStatus();
  }

  absl::Status EmitRegionNode(const ir::Node& node, CodeWriter& w) {
    RegionEmitContext ctx;
    ctx.out = &w;
    ctx.operand = [&](const ir::ValueRef& v) { return Operand(v); };
    ctx.resolve = [&](const ir::ValueRef& v) { return ResolveArg(v); };
    ctx.emit_region = [&](const ir::Graph& region) { return EmitGraph(region, w); };
    ctx.identifiers = &identifiers_;
    return node.op() == ir::kWhileOp ? EmitWhile(node, ctx) : EmitIf(node, ctx);
  }

  // True when `node` emits no code: a feed, or a view (Reshape, ...) whose
  // pointer aliases a run-time input's bytes.
  static bool IsAlias(const ir::Node& node) {
    if (node.op() == "Placeholder") return true;
    const ops::OpDef* op = ops::FindOp(node.op());
    return op && op->op_class == ops::OpClass::kView && node.num_inputs() > 0 &&
           !node.input_value(0).constant;
  }

  absl::Status EmitNode(const ir::Node& node, CodeWriter& w) {
    if (node.num_outputs() == 0 || node.output(0).constant) return absl::OkStatus();
    if (node.op() == "Placeholder" || node.op() == ir::kArgOp) return absl::OkStatus();
    if (node.num_regions() > 0) return EmitRegionNode(node, w);
    if (node.op() == "Fused") {
      w.Line("");
      std::vector<FusedLeaf> leaves;
      for (int i = 0; i < node.num_inputs(); ++i) {
        const ir::Value& v = node.input_value(i);
        FusedLeaf leaf;
        leaf.shape = v.shape;
        if (v.constant && v.constant->num_elements() == 1) {
          leaf.is_literal = true;
          leaf.expr = ElementLiteral(*v.constant, 0);
        } else {
          leaf.expr = Operand(node.inputs()[i]);
        }
        leaves.push_back(leaf);
      }
      return EmitFusedLoop(node, leaves, names_.at({&node, 0}), identifiers_, w, "pool");
    }
    const ops::OpDef* op = ops::FindOp(node.op());
    if (!op) return absl::InternalError(node.Describe() + ": no op definition at codegen");
    if (op->header) headers_.insert(op->header);
    w.Line("");
    w.Line(absl::StrCat("// ", node.op(), " '", node.name(), "' -> ", TypeComment(node.output(0))));
    // Kernels that absorbed graph nodes (select-kernels' epilogues) say which.
    auto fused = node.attrs().find("fused_nodes");
    if (fused != node.attrs().end())
      if (const auto* names = std::get_if<std::vector<std::string>>(&fused->second))
        w.Line("// fused: " + absl::StrJoin(*names, ", "));
    if (op->op_class == ops::OpClass::kView) {
      // Same bytes as the input: only a constant input needs copying.
      if (node.input_value(0).constant) {
        w.Line(absl::StrCat("std::memcpy(", names_.at({&node, 0}), ", ", Operand(node.inputs()[0]),
                            ", ", node.input_value(0).constant->byte_size(), ");"));
      }
      return absl::OkStatus();
    }
    if (!op->emit) return absl::InternalError(node.Describe() + ": op has no emitter");
    if (op->in_place) EmitInPlaceStart(node, w);
    KernelContext ctx;
    ctx.out = &w;
    ctx.pool = "pool";
    for (const ir::ValueRef& in : node.inputs())
      // An in-place op reads input 0 through its output.
      ctx.inputs.push_back(op->in_place && ctx.inputs.empty() ? std::string() : Operand(in));
    for (int i = 0; i < node.num_outputs(); ++i) ctx.outputs.push_back(names_.at({&node, i}));
    if (node.scratch_offset() >= 0)
      ctx.scratch = absl::StrCat("(arena + ", node.scratch_offset(), ")");
    ctx.add_table = [this, &node](const std::string& name, ir::Tensor table) {
      return AddTable(node, name, std::move(table));
    };
    return op->emit(node, ctx);
  }

  // An in-place op (OpDef::in_place) updates its output: when the plan did
  // not give it input 0's buffer, input 0 is copied there first (zeros are
  // set, not copied from a constant array).
  void EmitInPlaceStart(const ir::Node& node, CodeWriter& w) {
    const ir::ValueRef in = ResolveArg(node.inputs()[0]);
    const ir::Value& v = in.node->output(in.index);
    const ir::Value& out = node.output(0);
    if (!v.constant && v.arena_offset == out.arena_offset) return;
    const int64_t bytes = ir::NumElements(out.shape) * ir::DTypeSize(out.dtype);
    bool zeros = v.constant != nullptr;
    for (int64_t b = 0; zeros && b < v.constant->byte_size(); ++b) zeros = v.constant->raw()[b] == 0;
    if (zeros)
      w.Line(absl::StrCat("std::memset(", names_.at({&node, 0}), ", 0, ", bytes, ");"));
    else
      w.Line(absl::StrCat("std::memcpy(", names_.at({&node, 0}), ", ", Operand(in), ", ", bytes,
                          ");"));
  }

  // A compile-time table an emitter asked for, named after its node.
  std::string AddTable(const ir::Node& node, const std::string& name, ir::Tensor table) {
    std::string base = "k_" + SanitizeIdentifier(node.name() + "_" + name);
    std::string id = base;
    for (int n = 2; !identifiers_.insert(id).second; ++n) id = absl::StrCat(base, "_", n);
    tables_.push_back({node.name() + " " + name, id, std::move(table)});
    return id;
  }

  void EmitConstants(CodeWriter& w) const {
    ir::ForEachGraph(graph_, [&](const ir::Graph& g) { EmitConstants(g, w); });
    for (const Table& table : tables_) {
      ir::Value v;
      v.dtype = table.value.dtype();
      v.shape = table.value.shape();
      EmitConstant(w, table.what, table.name, v, table.value);
    }
  }

  void EmitConstants(const ir::Graph& graph, CodeWriter& w) const {
    for (const auto& node : graph.nodes()) {
      for (int i = 0; i < node->num_outputs(); ++i) {
        if (!used_constants_.count({node.get(), i})) continue;
        EmitConstant(w, node->name(), names_.at({node.get(), i}), node->output(i),
                     *node->output(i).constant);
      }
    }
  }

  std::string EmitSource(const std::string& body) const {
    CodeWriter w;
    w.Raw(api_.Banner());
    w.Line("#include \"" + options_.header_include + "\"");
    w.Line("");
    const Target* target = FindTarget(options_.target);
    if (target && !target->required_macros.empty()) {
      std::vector<std::string> defined;
      for (const std::string& m : target->required_macros) defined.push_back("!defined(" + m + ")");
      w.Line("// Generated for --target=" + options_.target + " (" + target->description + ").");
      w.Line("#if " + absl::StrJoin(defined, " || "));
      w.Line("#error \"generated for --target=" + options_.target + ": compile with " +
             absl::StrJoin(target->flags, " ") + ", or regenerate with --target=generic\"");
      w.Line("#endif");
      w.Line("");
    }
    w.Line("#include <cstdint>");
    w.Line("#include <cstring>");
    w.Line("#include <limits>");
    w.Line("#include <new>");
    w.Line("");
    for (const std::string& h : headers_) w.Line("#include \"" + h + "\"");
    if (!headers_.empty()) w.Line("");
    for (const std::string& ns : api_.namespaces()) w.Line("namespace " + ns + " {");
    w.Line("namespace {");
    w.Line("");
    w.Line("namespace ew = ::tfaot::rt::ew;");
    w.Line("");
    EmitConstants(w);
    w.Line("");
    w.Line("// The whole graph, in topological order, on one arena.");
    w.Line("// `pool`: the caller's thread pool or nullptr; kernels that split their work");
    w.Line("// take it.");
    w.Open("void RunGraph(unsigned char* arena, [[maybe_unused]] ::tfaot::rt::ThreadPool* pool) {");
    w.Line("// Denormals flush to zero, as in TensorFlow's kernels (runtime/float_env.h).");
    w.Line("::tfaot::rt::ScopedFlushDenormal flush_denormals;");
    w.Dedent();
    w.Raw(body);
    w.Indent();
    w.Close("}");
    w.Line("");
    w.Line("}  // namespace");
    w.Line("");
    api_.EmitClassMembers(w);
    for (auto it = api_.namespaces().rbegin(); it != api_.namespaces().rend(); ++it)
      w.Line("}  // namespace " + *it);
    w.Line("");
    api_.EmitCEntry(w);
    return w.text();
  }

  const ir::Graph& graph_;
  const ModuleOptions& options_;
  const ClassApiEmitter api_;
  std::map<ValueKey, std::string> names_;
  std::map<const ir::Node*, ir::ValueRef> arg_source_;  // block argument -> what it stands for
  std::set<std::string> identifiers_;
  std::set<ValueKey> used_constants_;
  struct Table {
    std::string what, name;
    ir::Tensor value;
  };
  std::vector<Table> tables_;  // from emitters (KernelContext::add_table)
  std::set<std::string> headers_ = {"runtime/elementwise.h", "runtime/float_env.h",
                                    "runtime/thread_pool.h"};
};

}  // namespace

absl::Status ValidateCppClass(const std::string& cpp_class) {
  std::vector<std::string> parts = absl::StrSplit(cpp_class, "::");
  for (const std::string& p : parts) {
    if (p.empty() || SanitizeIdentifier(p) != p)
      return absl::InvalidArgumentError(absl::StrCat(
          "--cpp_class='", cpp_class, "' is not a C++ class name like ns::Name ('", p,
          "' is not a valid identifier)"));
  }
  return absl::OkStatus();
}

absl::StatusOr<GeneratedModule> EmitModule(const ir::Graph& graph, const ModuleOptions& options) {
  if (auto s = ValidateCppClass(options.cpp_class); !s.ok()) return s;
  if (!FindTarget(options.target))
    return absl::InvalidArgumentError("unknown target '" + options.target +
                                      "'; targets are generic, avx2, avx512, native");
  return ModuleEmitter(graph, options).Run();
}

}  // namespace tfaot::codegen
