// The "control flow" part of `tfaotc inspect`: the graph's loops and
// conditionals as functionalize rebuilds them (frame, trip count when it is
// static, carried values and invariants; predicates), nested as in the graph.
// Shapes and trip counts come from what can be inferred without feeds.
#ifndef TFAOT_COMPILER_DRIVER_INSPECT_CONTROL_FLOW_H_
#define TFAOT_COMPILER_DRIVER_INSPECT_CONTROL_FLOW_H_

#include <ostream>

#include "proto/graph.pb.h"

namespace tfaot::driver {

// Writes nothing for a graph without control flow.
void InspectControlFlow(const tensorflow::GraphDef& graph, std::ostream& out);

}  // namespace tfaot::driver

#endif  // TFAOT_COMPILER_DRIVER_INSPECT_CONTROL_FLOW_H_
