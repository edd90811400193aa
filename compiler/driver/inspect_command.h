// `tfaotc inspect G.pb`: what a graph takes and gives, which ops it uses and
// which of those tfaotc lacks, and a config skeleton to start from.
#ifndef TFAOT_COMPILER_DRIVER_INSPECT_COMMAND_H_
#define TFAOT_COMPILER_DRIVER_INSPECT_COMMAND_H_

#include <ostream>
#include <string>

#include "absl/status/status.h"
#include "proto/graph.pb.h"

namespace tfaot::driver {

void InspectGraph(const tensorflow::GraphDef& graph, const std::string& name, std::ostream& out);
absl::Status InspectGraphFile(const std::string& path, std::ostream& out);

}  // namespace tfaot::driver

#endif  // TFAOT_COMPILER_DRIVER_INSPECT_COMMAND_H_
