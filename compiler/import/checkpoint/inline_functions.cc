#include "compiler/import/checkpoint/inline_functions.h"

#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "compiler/import/checkpoint/graph_util.h"
#include "compiler/import/checkpoint/op_output_args.h"

namespace tfaot::checkpoint {
namespace {

using tensorflow::AttrValue;
using tensorflow::FunctionDef;
using tensorflow::GraphDef;
using tensorflow::NodeDef;
using AttrMap = google::protobuf::Map<std::string, AttrValue>;

constexpr int kMaxRounds = 64;  // nesting depth; deeper means recursion

// Inlines one call node; `fdefs` is the library by name.
class CallInliner {
 public:
  CallInliner(const NodeDef& call, const FunctionDef& fdef,
              const std::unordered_map<std::string, const FunctionDef*>& fdefs)
      : call_(call), fdef_(fdef), fdefs_(fdefs), prefix_(call.name() + "/") {}

  // Appends body nodes to `out` and fills the replacement for the call node
  // and the body tensor of each output.
  absl::Status Run(std::vector<NodeDef>* out, NodeDef* replacement,
                   std::vector<std::string>* outputs) {
    const AttrMap& attrs = IsCallOp(call_.op())
                               ? call_.attr().at("f").func().attr()
                               : call_.attr();
    const auto& sig = fdef_.signature();
    std::vector<std::string> data_inputs, control_inputs;
    for (const std::string& in : call_.input()) {
      (in[0] == '^' ? control_inputs : data_inputs).push_back(in);
    }
    if (data_inputs.size() != static_cast<size_t>(sig.input_arg_size())) {
      return Error(absl::StrCat("passes ", data_inputs.size(),
                                " inputs to a function with ",
                                sig.input_arg_size()));
    }
    for (int i = 0; i < sig.input_arg_size(); ++i) {
      const auto& arg = sig.input_arg(i);
      if (!arg.number_attr().empty() || !arg.type_list_attr().empty()) {
        return Error(absl::StrCat("input arg '", arg.name(),
                                  "' is a list, which inlining does not support"));
      }
      args_[arg.name()] = data_inputs[i];
    }
    for (const auto& n : fdef_.node_def()) body_[n.name()] = &n;

    for (const NodeDef& body : fdef_.node_def()) {
      NodeDef n = body;
      n.set_name(prefix_ + body.name());
      n.clear_input();
      bool reads_body = false;
      for (const std::string& in : body.input()) {
        auto mapped = MapBodyInput(in, &reads_body);
        if (!mapped.ok()) return mapped.status();
        n.add_input(*mapped);
      }
      if (!reads_body) {
        for (const auto& c : control_inputs) n.add_input(c);
      }
      for (auto& [name, value] : *n.mutable_attr()) {
        if (value.value_case() != AttrValue::kPlaceholder) continue;
        auto it = attrs.find(value.placeholder());
        if (it == attrs.end()) {
          return Error(absl::StrCat("body node '", body.name(), "' attr '",
                                    name, "' refers to unbound attr '",
                                    value.placeholder(), "'"));
        }
        value = it->second;
      }
      out->push_back(std::move(n));
    }

    AttrValue types;
    for (const auto& arg : sig.output_arg()) {
      auto it = fdef_.ret().find(arg.name());
      if (it == fdef_.ret().end()) {
        return Error(absl::StrCat("output '", arg.name(), "' has no ret"));
      }
      bool unused;
      auto mapped = MapBodyInput(it->second, &unused);
      if (!mapped.ok()) return mapped.status();
      outputs->push_back(*mapped);
      tensorflow::DataType t = arg.type();
      if (!arg.type_attr().empty()) {
        auto a = attrs.find(arg.type_attr());
        if (a != attrs.end()) t = a->second.type();
      }
      types.mutable_list()->add_type(t);
    }

    replacement->set_name(call_.name());
    replacement->set_device(call_.device());
    if (outputs->empty()) {
      replacement->set_op("NoOp");
      for (const auto& [name, node] : fdef_.control_ret()) {
        if (body_.count(node)) replacement->add_input("^" + prefix_ + node);
      }
    } else if (outputs->size() == 1) {
      replacement->set_op("Identity");
      replacement->add_input((*outputs)[0]);
      (*replacement->mutable_attr())["T"].set_type(types.list().type(0));
    } else {
      replacement->set_op("IdentityN");
      for (const auto& o : *outputs) replacement->add_input(o);
      (*replacement->mutable_attr())["T"] = types;
    }
    return absl::OkStatus();
  }

 private:
  absl::Status Error(const std::string& what) const {
    return absl::InvalidArgumentError(
        absl::StrCat("cannot inline call '", call_.name(), "' of function '",
                     fdef_.signature().name(), "': ", what));
  }

  // Body inputs are "arg", "node:out_arg:idx" or "^node".
  absl::StatusOr<std::string> MapBodyInput(const std::string& in,
                                           bool* reads_body) {
    if (in[0] == '^') {
      std::string node = in.substr(1);
      if (args_.count(node)) return "^" + NodeNameOfTensor(args_[node]);
      if (!body_.count(node)) return Error("unknown control input '" + in + "'");
      *reads_body = true;
      return "^" + prefix_ + node;
    }
    std::vector<std::string> parts = absl::StrSplit(in, ':');
    if (parts.size() == 1 && args_.count(in)) return args_[in];
    if (parts.size() != 3 || !body_.count(parts[0])) {
      return Error("cannot resolve body tensor '" + in + "'");
    }
    int idx = 0;
    if (!absl::SimpleAtoi(parts[2], &idx)) {
      return Error("bad index in body tensor '" + in + "'");
    }
    *reads_body = true;
    const NodeDef& producer = *body_[parts[0]];
    auto flat = FlatIndex(producer, parts[1], idx);
    if (!flat.ok()) return flat.status();
    return FormatInput({prefix_ + parts[0], *flat, false});
  }

  absl::StatusOr<int> FlatIndex(const NodeDef& producer,
                                const std::string& arg, int idx) {
    if (const auto* known = KnownMultiOutputArgs(producer.op())) {
      return FlatOutputIndex(producer, *known, arg, idx);
    }
    auto f = fdefs_.find(producer.op());
    if (f != fdefs_.end()) {
      return FlatOutputIndex(producer, OutputArgsOf(f->second->signature()),
                             arg, idx);
    }
    // Not in the table: assume a single output arg, but refuse if the body
    // uses two different arg names of this node.
    auto [it, inserted] = single_arg_.emplace(producer.name(), arg);
    if (!inserted && it->second != arg) {
      return Error(absl::StrCat(
          "op ", producer.op(), " (node '", producer.name(),
          "') has several output args ('", it->second, "', '", arg,
          "') that tfaot does not know; add the op to op_output_args.cc"));
    }
    return idx;
  }

  const NodeDef& call_;
  const FunctionDef& fdef_;
  const std::unordered_map<std::string, const FunctionDef*>& fdefs_;
  const std::string prefix_;
  std::map<std::string, std::string> args_;
  std::map<std::string, const NodeDef*> body_;
  std::map<std::string, std::string> single_arg_;
};

const FunctionDef* CalledFunction(
    const NodeDef& node,
    const std::unordered_map<std::string, const FunctionDef*>& fdefs,
    std::string* name) {
  if (IsCallOp(node.op())) {
    auto f = node.attr().find("f");
    *name = f == node.attr().end() ? "" : f->second.func().name();
  } else {
    *name = node.op();
  }
  auto it = fdefs.find(*name);
  return it == fdefs.end() ? nullptr : it->second;
}

}  // namespace

bool IsCallOp(const std::string& op) {
  return op == "PartitionedCall" || op == "StatefulPartitionedCall";
}

absl::Status InlineFunctionCalls(GraphDef* graph,
                                 const std::vector<std::string>& roots) {
  const tensorflow::FunctionDefLibrary library = graph->library();
  std::unordered_map<std::string, const FunctionDef*> fdefs;
  for (const auto& f : library.function()) fdefs[f.signature().name()] = &f;

  for (int round = 0;; ++round) {
    std::set<std::string> cone;
    if (!roots.empty()) {
      auto c = DependencyCone(*graph, roots,
                              [](const NodeDef&) { return true; });
      if (!c.ok()) return c.status();
      cone = std::move(*c);
    }
    std::vector<int> calls;
    for (int i = 0; i < graph->node_size(); ++i) {
      const NodeDef& n = graph->node(i);
      if (!roots.empty() && !cone.count(n.name())) continue;
      std::string fname;
      if (IsCallOp(n.op()) && !CalledFunction(n, fdefs, &fname)) {
        return absl::NotFoundError(absl::StrCat(
            "node '", n.name(), "' calls function '", fname,
            "', which is not in the graph's function library"));
      }
      if (CalledFunction(n, fdefs, &fname)) calls.push_back(i);
    }
    if (calls.empty()) break;
    if (round == kMaxRounds) {
      return absl::InvalidArgumentError(absl::StrCat(
          "function calls nest deeper than ", kMaxRounds,
          " levels (recursion?) at node '", graph->node(calls[0]).name(), "'"));
    }

    std::unordered_set<std::string> names;
    for (const auto& n : graph->node()) names.insert(n.name());
    std::map<std::string, std::vector<std::string>> multi_outputs;
    std::vector<NodeDef> added;
    for (int i : calls) {
      NodeDef* call = graph->mutable_node(i);
      std::string fname;
      const FunctionDef* fdef = CalledFunction(*call, fdefs, &fname);
      CallInliner inliner(*call, *fdef, fdefs);
      NodeDef replacement;
      std::vector<std::string> outputs;
      size_t first = added.size();
      absl::Status s = inliner.Run(&added, &replacement, &outputs);
      if (!s.ok()) return s;
      for (size_t k = first; k < added.size(); ++k) {
        if (!names.insert(added[k].name()).second) {
          return absl::AlreadyExistsError(absl::StrCat(
              "inlining '", call->name(), "' would create node '",
              added[k].name(), "', which already exists"));
        }
      }
      if (outputs.size() > 1) multi_outputs[call->name()] = outputs;
      *call = std::move(replacement);
    }
    for (auto& n : added) *graph->add_node() = std::move(n);
    if (!multi_outputs.empty()) {
      for (auto& n : *graph->mutable_node()) {
        if (n.op() == "IdentityN" && multi_outputs.count(n.name())) continue;
        for (auto& in : *n.mutable_input()) {
          InputRef ref = ParseInput(in);
          auto it = multi_outputs.find(ref.node);
          if (ref.control || it == multi_outputs.end()) continue;
          if (ref.index >= static_cast<int>(it->second.size())) {
            return absl::InvalidArgumentError(absl::StrCat(
                "node '", n.name(), "' reads '", in, "', but '", ref.node,
                "' has only ", it->second.size(), " outputs"));
          }
          in = it->second[ref.index];
        }
      }
    }
  }

  PruneFunctionLibrary(graph);
  return absl::OkStatus();
}

void PruneFunctionLibrary(GraphDef* graph) {
  const tensorflow::FunctionDefLibrary library = graph->library();
  std::unordered_map<std::string, const FunctionDef*> fdefs;
  for (const auto& f : library.function()) fdefs[f.signature().name()] = &f;
  // A node references a function as its op or through a func attr.
  std::set<std::string> used;
  std::vector<std::string> work;
  auto note = [&](const NodeDef& n) {
    std::vector<std::string> refs = {n.op()};
    for (const auto& [k, v] : n.attr()) {
      if (v.has_func()) refs.push_back(v.func().name());
      for (const auto& f : v.list().func()) refs.push_back(f.name());
    }
    for (const auto& r : refs) {
      if (fdefs.count(r) && used.insert(r).second) work.push_back(r);
    }
  };
  for (const auto& n : graph->node()) note(n);
  while (!work.empty()) {
    std::string f = work.back();
    work.pop_back();
    for (const auto& n : fdefs[f]->node_def()) note(n);
  }
  graph->mutable_library()->clear_function();
  for (const auto& f : library.function()) {
    if (used.count(f.signature().name())) {
      *graph->mutable_library()->add_function() = f;
    }
  }
  if (graph->library().function_size() == 0 &&
      graph->library().gradient_size() == 0) {
    graph->clear_library();
  }
}

}  // namespace tfaot::checkpoint
