// GraphDef + config -> IR. Only the nodes the fetches need are imported
// (following data edges; control edges are dropped, and a fed tensor cuts the
// graph), so unsupported ops elsewhere in the file (savers, training) do not
// matter. Feeds become Placeholders with the config's dtype and shape; the
// config's constants (config_constants.h) become Consts.
#ifndef TFAOT_COMPILER_IMPORT_IMPORT_GRAPH_H_
#define TFAOT_COMPILER_IMPORT_IMPORT_GRAPH_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "compiler/ir/graph.h"
#include "proto/graph.pb.h"
#include "proto/tf2xla.pb.h"

namespace tfaot::import {

absl::StatusOr<std::unique_ptr<ir::Graph>> ImportGraph(const tensorflow::GraphDef& graph_def,
                                                       const tensorflow::tf2xla::Config& config);

// Every node of `graph_def`, placeholders unfed and the nodes nothing reads
// fetched, with its loops and conditionals rebuilt (functionalize): the
// structure `tfaotc inspect` describes. Feeds and fetches are not checked.
absl::StatusOr<std::unique_ptr<ir::Graph>> ImportForInspection(
    const tensorflow::GraphDef& graph_def);

// Up to three node names close to `name` (edit distance), for "did you mean".
std::vector<std::string> SimilarNames(const std::string& name,
                                      const std::vector<std::string>& candidates);

}  // namespace tfaot::import

#endif  // TFAOT_COMPILER_IMPORT_IMPORT_GRAPH_H_
