// Output argument lists of the ops whose FunctionDef output references
// ("node:out_arg:idx") need more than "first arg, index idx": ops with
// several output args. Function bodies name outputs by arg, GraphDefs by
// flat index; inlining converts one to the other with this table.
#ifndef TFAOT_COMPILER_IMPORT_CHECKPOINT_OP_OUTPUT_ARGS_H_
#define TFAOT_COMPILER_IMPORT_CHECKPOINT_OP_OUTPUT_ARGS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "proto/graph.pb.h"

namespace tfaot::checkpoint {

struct OutputArg {
  std::string name;
  // How many tensors the arg holds: 1 if both are empty; else the int attr
  // `number_attr`, or the length of the type-list attr `type_list_attr`.
  std::string number_attr;
  std::string type_list_attr;
};

// The output args of `op` if it is in the table of multi-output-arg ops,
// else nullptr (the op is then assumed to have a single output arg).
const std::vector<OutputArg>* KnownMultiOutputArgs(const std::string& op);

// Output args of a FunctionDef signature, in the same form.
std::vector<OutputArg> OutputArgsOf(const tensorflow::OpDef& signature);

// Flat output index of `arg_name`[`index`] of `node` given its arg list.
absl::StatusOr<int> FlatOutputIndex(const tensorflow::NodeDef& node,
                                    const std::vector<OutputArg>& args,
                                    const std::string& arg_name, int index);

}  // namespace tfaot::checkpoint

#endif  // TFAOT_COMPILER_IMPORT_CHECKPOINT_OP_OUTPUT_ARGS_H_
