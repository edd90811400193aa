// Stable text form of the IR, for --print-after and FileCheck tests:
//   %relu_1 = Relu(%add_0) : f32[1,128]
#ifndef TFAOT_COMPILER_IR_PRINTER_H_
#define TFAOT_COMPILER_IR_PRINTER_H_

#include <string>

#include "compiler/ir/graph.h"

namespace tfaot::ir {

std::string PrintGraph(const Graph& graph);
// "%name" or "%name:k" for output k > 0.
std::string ValueName(const ValueRef& value);

}  // namespace tfaot::ir

#endif  // TFAOT_COMPILER_IR_PRINTER_H_
