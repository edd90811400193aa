#include "compiler/import/import_graph.h"

#include <algorithm>
#include <map>
#include <set>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "compiler/codegen/code_writer.h"
#include "compiler/import/config_constants.h"
#include "compiler/import/functionalize/functionalize.h"
#include "compiler/import/proto_convert.h"

namespace tfaot::import {
namespace {

using tensorflow::GraphDef;
using tensorflow::NodeDef;

struct TensorName {
  std::string node;
  int index = 0;
  bool operator<(const TensorName& o) const {
    return std::tie(node, index) < std::tie(o.node, o.index);
  }
};

// "node", "node:2"; control inputs ("^node") are dropped by the caller.
TensorName ParseTensorName(const std::string& s) {
  TensorName t{s, 0};
  size_t colon = s.rfind(':');
  int index;
  if (colon != std::string::npos && absl::SimpleAtoi(s.substr(colon + 1), &index)) {
    t.node = s.substr(0, colon);
    t.index = index;
  }
  return t;
}

int EditDistance(const std::string& a, const std::string& b) {
  std::vector<int> row(b.size() + 1);
  for (size_t j = 0; j <= b.size(); ++j) row[j] = static_cast<int>(j);
  for (size_t i = 1; i <= a.size(); ++i) {
    int diagonal = row[0];
    row[0] = static_cast<int>(i);
    for (size_t j = 1; j <= b.size(); ++j) {
      int above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] != b[j - 1])});
      diagonal = above;
    }
  }
  return row[b.size()];
}

absl::Status MissingNodeError(const std::string& what, const std::string& name,
                              const std::map<std::string, const NodeDef*>& nodes) {
  std::vector<std::string> names;
  for (const auto& [n, def] : nodes) names.push_back(n);
  std::vector<std::string> similar = SimilarNames(name, names);
  std::string hint = similar.empty()
                         ? " (run `tfaotc inspect` on the graph to list its inputs and outputs)"
                         : absl::StrCat("; did you mean ", absl::StrJoin(similar, ", "), "?");
  return absl::InvalidArgumentError(
      absl::StrCat(what, " names node '", name, "', which is not in the graph", hint));
}

// The dtype of a node's output as its attributes tell, for feeds on
// non-Placeholder tensors whose config gives no `type`.
ir::DType GuessOutputDType(const NodeDef& node) {
  for (const char* key : {"dtype", "T", "DstT", "out_type", "output_type", "Tout"}) {
    auto it = node.attr().find(key);
    if (it != node.attr().end() && it->second.value_case() == tensorflow::AttrValue::kType)
      return ir::DTypeFromProto(it->second.type());
  }
  return ir::DType::kInvalid;
}

std::string DefaultAccessorName(const tensorflow::tf2xla::TensorId& id) {
  std::string name = codegen::SanitizeIdentifier(id.node_name());
  if (id.output_index() > 0) absl::StrAppend(&name, "_", id.output_index());
  return name;
}

class Importer {
 public:
  Importer(const GraphDef& graph_def, const tensorflow::tf2xla::Config& config)
      : graph_def_(graph_def), config_(config), graph_(std::make_unique<ir::Graph>()) {}

  // ImportForInspection: everything, unfed, the sinks fetched.
  absl::StatusOr<std::unique_ptr<ir::Graph>> RunWholeGraph() {
    std::set<std::string> read;
    for (const NodeDef& node : graph_def_.node()) {
      if (!nodes_.emplace(node.name(), &node).second)
        return absl::InvalidArgumentError(
            absl::StrCat("the graph has two nodes named '", node.name(), "'"));
      for (const std::string& in : node.input())
        if (!in.empty() && in[0] != '^') read.insert(ParseTensorName(in).node);
    }
    for (const NodeDef& node : graph_def_.node()) needed_.insert(node.name());
    whole_graph_ = true;
    if (auto s = CreateNodes(); !s.ok()) return s;
    for (const NodeDef& node : graph_def_.node()) {
      // A cond's switch_t/switch_f pivots are read through control edges only.
      const std::string input_op =
          node.input_size() > 0 && nodes_.count(ParseTensorName(node.input(0)).node)
              ? nodes_.at(ParseTensorName(node.input(0)).node)->op()
              : "";
      if (read.count(node.name()) || (node.op() == "Identity" && input_op == "Switch")) continue;
      ir::Node* n = graph_->FindNode(node.name());
      if (n->num_outputs() == 0) n->outputs().resize(1);
      graph_->fetches().push_back(ir::Fetch{node.name(), node.name() + ":0", {n, 0}});
    }
    if (auto s = functionalize::Functionalize(*graph_); !s.ok()) return s;
    return std::move(graph_);
  }

  absl::StatusOr<std::unique_ptr<ir::Graph>> Run() {
    for (const NodeDef& node : graph_def_.node()) {
      if (!nodes_.emplace(node.name(), &node).second)
        return absl::InvalidArgumentError(
            absl::StrCat("the graph has two nodes named '", node.name(), "'"));
    }
    if (config_.fetch_size() == 0)
      return absl::InvalidArgumentError(
          "the config has no fetch; add `fetch { id { node_name: \"...\" } }` for each result");
    if (config_.variable_size() > 0)
      return absl::InvalidArgumentError(
          "the config lists variables; tfaotc compiles frozen graphs: freeze the model first "
          "(`tfaotc freeze`) and drop the `variable` entries");
    if (auto s = PrepareFeeds(); !s.ok()) return s;
    auto fixed = ReadConfigConstants(graph_def_, config_);
    if (!fixed.ok()) return fixed.status();
    for (FixedTensor& t : *fixed)
      constants_.emplace_back(TensorName{t.node, t.index}, std::move(t.value));
    if (auto s = CollectNeededNodes(); !s.ok()) return s;
    if (auto s = CreateNodes(); !s.ok()) return s;
    if (auto s = AddFetches(); !s.ok()) return s;
    // Loops and conditionals become regions; the graph comes back sorted.
    if (auto s = functionalize::Functionalize(*graph_); !s.ok()) return s;
    return std::move(graph_);
  }

 private:
  absl::Status PrepareFeeds() {
    std::set<std::string> names;
    for (const auto& feed : config_.feed()) {
      const std::string& node_name = feed.id().node_name();
      auto it = nodes_.find(node_name);
      if (it == nodes_.end()) return MissingNodeError("a feed", node_name, nodes_);
      std::string name = feed.name().empty() ? DefaultAccessorName(feed.id())
                                             : codegen::SanitizeIdentifier(feed.name());
      if (!names.insert(name).second)
        return absl::InvalidArgumentError(absl::StrCat(
            "two feeds are named '", name, "'; give them distinct `name`s in the config"));
      TensorName tensor{node_name, static_cast<int>(feed.id().output_index())};
      if (fed_.count(tensor))
        return absl::InvalidArgumentError(
            absl::StrCat("tensor ", node_name, ":", tensor.index, " is fed twice"));
      fed_[tensor] = &feed;
      feed_names_[tensor] = name;
    }
    return absl::OkStatus();
  }

  // The control input `input` ("^name") of Const `node` when it places the
  // constant in a loop or a conditional branch (functionalize.h), else "".
  std::string PivotOf(const NodeDef& node, const std::string& input) const {
    if (node.op() != "Const" || input.empty() || input[0] != '^') return "";
    auto it = nodes_.find(input.substr(1));
    if (it == nodes_.end()) return "";
    std::string input_op;
    for (const std::string& in : it->second->input()) {
      if (in.empty() || in[0] == '^') continue;
      auto producer = nodes_.find(ParseTensorName(in).node);
      if (producer != nodes_.end()) input_op = producer->second->op();
      break;
    }
    return functionalize::IsControlFlowPivot(it->second->op(), input_op) ? it->first : "";
  }

  // Nodes reachable from the fetches through data edges (and the control
  // edges that place constants in loops and branches), stopping at feeds.
  absl::Status CollectNeededNodes() {
    std::vector<std::string> work;
    auto visit = [&](const TensorName& t) {
      if (fed_.count(t) || FixedValue(t)) return;
      if (needed_.insert(t.node).second) work.push_back(t.node);
    };
    for (const auto& fetch : config_.fetch()) {
      if (!nodes_.count(fetch.id().node_name()))
        return MissingNodeError("a fetch", fetch.id().node_name(), nodes_);
      visit({fetch.id().node_name(), static_cast<int>(fetch.id().output_index())});
    }
    while (!work.empty()) {
      const NodeDef& node = *nodes_.at(work.back());
      work.pop_back();
      for (const std::string& input : node.input()) {
        if (std::string pivot = PivotOf(node, input); !pivot.empty()) visit({pivot, 0});
        if (!input.empty() && input[0] == '^') continue;
        TensorName t = ParseTensorName(input);
        if (!nodes_.count(t.node))
          return absl::InvalidArgumentError(absl::StrCat("node '", node.name(), "' reads '",
                                                         input, "', which is not in the graph"));
        visit(t);
      }
    }
    return absl::OkStatus();
  }

  absl::Status CreateNodes() {
    // Nodes first (in file order, which keeps output deterministic), edges
    // second, since a GraphDef need not be topologically sorted.
    for (const NodeDef& def : graph_def_.node()) {
      if (!needed_.count(def.name())) continue;
      ir::Node* node = graph_->AddNode(def.name(), def.op());
      for (const auto& [key, proto] : def.attr()) {
        auto value = AttrFromProto(proto);
        if (!value.ok())
          return node->Error(absl::StrCat("attribute '", key, "': ", value.status().message()));
        node->attrs()[key] = *std::move(value);
      }
    }
    // In config order: arg_data(i) is the config's i-th feed.
    for (const auto& feed : config_.feed()) {
      TensorName tensor{feed.id().node_name(), static_cast<int>(feed.id().output_index())};
      if (auto s = CreateFeed(tensor, feed); !s.ok()) return s;
    }
    for (const auto& [tensor, value] : constants_) CreateConstant(tensor, value);
    // An unfed Placeholder has no value at run time.
    for (const NodeDef& def : graph_def_.node()) {
      if (whole_graph_) break;
      if (needed_.count(def.name()) && def.op() == "Placeholder" && fed_.count({def.name(), 0}))
        return ReadsMissingOutput(def);
      if (needed_.count(def.name()) && def.op() == "Placeholder" && IsStringPlaceholder(def))
        return StringInputError(def);
      if (needed_.count(def.name()) && def.op() == "Placeholder")
        return absl::InvalidArgumentError(absl::StrCat(
            "node '", def.name(), "' (Placeholder) is needed by the fetches but is not fed; "
            "add `feed { id { node_name: \"", def.name(), "\" } }` to the config"));
    }
    for (const NodeDef& def : graph_def_.node()) {
      if (!needed_.count(def.name())) continue;
      ir::Node* node = graph_->FindNode(def.name());
      for (const std::string& input : def.input()) {
        if (std::string pivot = PivotOf(def, input); !pivot.empty())
          node->inputs().push_back(Resolve({pivot, 0}));  // dropped by Functionalize
        if (!input.empty() && input[0] == '^') continue;
        node->inputs().push_back(Resolve(ParseTensorName(input)));
      }
    }
    for (const auto& node : graph_->nodes())
      for (const ir::ValueRef& in : node->inputs())
        if (in.node->num_outputs() <= in.index) in.node->outputs().resize(in.index + 1);
    return absl::OkStatus();
  }

  static bool IsStringPlaceholder(const NodeDef& def) {
    auto dtype = def.attr().find("dtype");
    return dtype != def.attr().end() && dtype->second.type() == tensorflow::DT_STRING;
  }

  // tfaotc cannot take strings (a WAV file, an image file): the values its
  // reader decodes them to must be fed instead (DecodeWav's audio and sample
  // rate), so the error lists that reader's outputs still needed.
  absl::Status StringInputError(const NodeDef& placeholder) {
    const NodeDef* reader = nullptr;
    for (const NodeDef& def : graph_def_.node()) {
      if (!needed_.count(def.name())) continue;
      for (const std::string& input : def.input())
        if (!input.empty() && input[0] != '^' && ParseTensorName(input).node == placeholder.name())
          reader = reader ? reader : &def;
    }
    std::string message = absl::StrCat("node '", placeholder.name(),
                                       "' (Placeholder) holds strings, which tfaotc cannot "
                                       "compile");
    if (!reader) return absl::InvalidArgumentError(message);
    std::set<std::string> needed_outputs, fed_outputs;
    auto note = [&](const TensorName& t) {
      if (t.node != reader->name()) return;
      std::string name = absl::StrCat(t.node, ":", t.index);
      (fed_.count(t) || FixedValue(t) ? fed_outputs : needed_outputs).insert(name);
    };
    for (const NodeDef& def : graph_def_.node()) {
      if (!needed_.count(def.name())) continue;
      for (const std::string& input : def.input())
        if (!input.empty() && input[0] != '^') note(ParseTensorName(input));
    }
    for (const auto& fetch : config_.fetch())
      note({fetch.id().node_name(), static_cast<int>(fetch.id().output_index())});
    for (const auto& [tensor, feed] : fed_) note(tensor);
    for (const auto& [tensor, value] : constants_) note(tensor);
    absl::StrAppend(&message, ": feed the outputs of its reader '", reader->name(), "' (",
                    reader->op(), ") instead; still needed: ", absl::StrJoin(needed_outputs, ", "));
    if (!fed_outputs.empty())
      absl::StrAppend(&message, " (given already: ", absl::StrJoin(fed_outputs, ", "), ")");
    absl::StrAppend(&message, ". With `tfaotc run`: --feed=", *needed_outputs.begin(),
                    "=FILE.npy; in a config: a `feed`, or a `constant` for a value that must be "
                    "known at compile time (such as a sample rate)");
    return absl::InvalidArgumentError(message);
  }

  // A fed Placeholder is still needed only when a node reads an output other
  // than its one output 0.
  absl::Status ReadsMissingOutput(const NodeDef& placeholder) {
    for (const NodeDef& def : graph_def_.node()) {
      if (!needed_.count(def.name())) continue;
      for (const std::string& input : def.input()) {
        if (input.empty() || input[0] == '^') continue;
        TensorName t = ParseTensorName(input);
        if (t.node == placeholder.name() && t.index != 0)
          return absl::InvalidArgumentError(absl::StrCat(
              "node '", def.name(), "' reads '", input, "', but Placeholder '",
              placeholder.name(), "' has only output 0"));
      }
    }
    return absl::InternalError("Placeholder '" + placeholder.name() + "' is fed and still needed");
  }

  ir::ValueRef Resolve(const TensorName& t) {
    auto fed = feed_nodes_.find(t);
    if (fed != feed_nodes_.end()) return {fed->second, 0};
    auto fixed = constant_nodes_.find(t);
    if (fixed != constant_nodes_.end()) return {fixed->second, 0};
    return {graph_->FindNode(t.node), t.index};
  }

  const ir::Tensor* FixedValue(const TensorName& t) const {
    for (const auto& [tensor, value] : constants_)
      if (tensor.node == t.node && tensor.index == t.index) return &value;
    return nullptr;
  }

  // A Const in place of a fixed tensor: named after a source node it
  // replaces (Placeholder, Const), else "<node>/constant[_<index>]".
  void CreateConstant(const TensorName& tensor, const ir::Tensor& value) {
    const NodeDef& def = *nodes_.at(tensor.node);
    const bool source = tensor.index == 0 && (def.op() == "Placeholder" || def.op() == "Const" ||
                                              def.op() == "PlaceholderWithDefault");
    std::string base = source ? tensor.node : tensor.node + "/constant";
    if (!source && tensor.index > 0) absl::StrAppend(&base, "_", tensor.index);
    ir::Node* node = graph_->AddNode(graph_->UniqueName(base), "Const");
    node->attrs()["dtype"] = value.dtype();
    node->attrs()["value"] = value;
    constant_nodes_[tensor] = node;
  }

  absl::Status CreateFeed(const TensorName& tensor, const tensorflow::tf2xla::Feed& feed) {
    const NodeDef& def = *nodes_.at(tensor.node);
    const std::string& name = feed_names_.at(tensor);
    std::string where = absl::StrCat("feed '", name, "' (", tensor.node, ":", tensor.index, ")");
    bool is_placeholder = (def.op() == "Placeholder" || def.op() == "PlaceholderWithDefault") &&
                          tensor.index == 0;
    ir::DType graph_dtype = GuessOutputDType(def);
    ir::DType dtype = feed.type() != tensorflow::DT_INVALID ? ir::DTypeFromProto(feed.type())
                                                            : graph_dtype;
    if (dtype == ir::DType::kInvalid)
      return absl::InvalidArgumentError(absl::StrCat(
          where, ": the graph does not say its dtype; set `type` (e.g. DT_FLOAT) in the feed"));
    if (is_placeholder && graph_dtype != ir::DType::kInvalid && dtype != graph_dtype)
      return absl::InvalidArgumentError(absl::StrCat(
          where, ": the config's type ", ir::DTypeName(dtype), " differs from the graph's ",
          ir::DTypeName(graph_dtype)));
    ir::PartialShape shape;
    if (feed.has_shape()) {
      shape = ShapeFromProto(feed.shape());
      if (!shape.IsFullyDefined())
        return absl::InvalidArgumentError(absl::StrCat(
            where, ": the config's shape ", shape.ToString(),
            " has unknown dimensions; give every `dim { size: N }` a size >= 0"));
    } else if (def.op() == "Const") {
      auto value = TensorFromProto(def.attr().at("value").tensor());
      if (value.ok()) shape = ir::PartialShape{false, value->shape()};
    } else if (is_placeholder && def.attr().count("shape")) {
      shape = ShapeFromProto(def.attr().at("shape").shape());
      if (LegacyScalarMeansUnknown(shape)) shape = ir::PartialShape{};
    }
    if (is_placeholder && def.attr().count("shape") && feed.has_shape()) {
      ir::PartialShape declared = ShapeFromProto(def.attr().at("shape").shape());
      if (!LegacyScalarMeansUnknown(declared) && !Compatible(declared, shape))
        return absl::InvalidArgumentError(absl::StrCat(
            where, ": the config's shape ", shape.ToString(), " does not match the graph's ",
            declared.ToString()));
    }
    if (!shape.IsFullyDefined())
      return absl::InvalidArgumentError(absl::StrCat(
          where, ": no static shape is known (graph says ", shape.ToString(),
          "); set `shape { dim { size: N } ... }` in the feed in the config"));
    ir::Node* node;
    if (is_placeholder) {
      node = graph_->FindNode(tensor.node);
      if (!node) node = graph_->AddNode(tensor.node, "Placeholder");
      node->set_op("Placeholder");
      node->attrs().clear();
    } else {
      // "<node>/feed", "<node>/feed_<index>": named after the tensor it stands for.
      std::string base = tensor.node + "/feed";
      if (tensor.index > 0) absl::StrAppend(&base, "_", tensor.index);
      node = graph_->AddNode(graph_->UniqueName(base), "Placeholder");
    }
    node->attrs()["dtype"] = dtype;
    node->attrs()["shape"] = shape;
    feed_nodes_[tensor] = node;
    graph_->feeds().push_back(
        ir::Feed{name, absl::StrCat(tensor.node, ":", tensor.index), node});
    return absl::OkStatus();
  }

  // Up to producer 21 an empty shape meant "any shape" (TF's Placeholder
  // shape function: graph_def_version <= 21; scalars are enforced from 22).
  bool LegacyScalarMeansUnknown(const ir::PartialShape& shape) const {
    return graph_def_.versions().producer() <= 21 && !shape.unknown_rank && shape.dims.empty();
  }

  static bool Compatible(const ir::PartialShape& declared, const ir::PartialShape& given) {
    if (declared.unknown_rank) return true;
    if (declared.dims.size() != given.dims.size()) return false;
    for (size_t i = 0; i < declared.dims.size(); ++i)
      if (declared.dims[i] >= 0 && declared.dims[i] != given.dims[i]) return false;
    return true;
  }

  absl::Status AddFetches() {
    std::set<std::string> names;
    for (const auto& fetch : config_.fetch()) {
      std::string name = fetch.name().empty() ? DefaultAccessorName(fetch.id())
                                              : codegen::SanitizeIdentifier(fetch.name());
      if (!names.insert(name).second)
        return absl::InvalidArgumentError(absl::StrCat(
            "two fetches are named '", name, "'; give them distinct `name`s in the config"));
      // The C entry point takes feeds and fetches as parameters by name.
      for (const auto& [tensor, feed_name] : feed_names_)
        if (feed_name == name)
          return absl::InvalidArgumentError(absl::StrCat(
              "a feed and a fetch are both named '", name,
              "'; give them distinct `name`s in the config"));
      TensorName t{fetch.id().node_name(), static_cast<int>(fetch.id().output_index())};
      ir::ValueRef value = Resolve(t);
      if (value.node->num_outputs() <= value.index) value.node->outputs().resize(value.index + 1);
      graph_->fetches().push_back(
          ir::Fetch{name, absl::StrCat(t.node, ":", t.index), value});
    }
    return absl::OkStatus();
  }

  const GraphDef& graph_def_;
  const tensorflow::tf2xla::Config& config_;
  std::unique_ptr<ir::Graph> graph_;
  std::map<std::string, const NodeDef*> nodes_;
  std::map<TensorName, const tensorflow::tf2xla::Feed*> fed_;
  std::map<TensorName, std::string> feed_names_;
  std::map<TensorName, ir::Node*> feed_nodes_;
  std::vector<std::pair<TensorName, ir::Tensor>> constants_;  // config order
  std::map<TensorName, ir::Node*> constant_nodes_;
  std::set<std::string> needed_;
  bool whole_graph_ = false;
};

}  // namespace

std::vector<std::string> SimilarNames(const std::string& name,
                                      const std::vector<std::string>& candidates) {
  std::vector<std::pair<int, std::string>> scored;
  int limit = std::max<int>(2, static_cast<int>(name.size()) / 3);
  for (const std::string& c : candidates) {
    int d = EditDistance(name, c);
    if (d <= limit) scored.push_back({d, c});
  }
  std::sort(scored.begin(), scored.end());
  std::vector<std::string> out;
  for (size_t i = 0; i < scored.size() && i < 3; ++i) out.push_back("'" + scored[i].second + "'");
  return out;
}

absl::StatusOr<std::unique_ptr<ir::Graph>> ImportForInspection(const GraphDef& graph_def) {
  tensorflow::tf2xla::Config none;
  if (functionalize::HasFunctionalControlFlow(graph_def)) {
    GraphDef lowered = graph_def;
    if (auto s = functionalize::LowerFunctionalControlFlow(&lowered); !s.ok()) return s;
    return Importer(lowered, none).RunWholeGraph();
  }
  return Importer(graph_def, none).RunWholeGraph();
}

absl::StatusOr<std::unique_ptr<ir::Graph>> ImportGraph(const GraphDef& graph_def,
                                                       const tensorflow::tf2xla::Config& config) {
  if (functionalize::HasFunctionalControlFlow(graph_def)) {
    GraphDef lowered = graph_def;
    if (auto s = functionalize::LowerFunctionalControlFlow(&lowered); !s.ok()) return s;
    return Importer(lowered, config).Run();
  }
  return Importer(graph_def, config).Run();
}

}  // namespace tfaot::import
