// Inlines function calls (PartitionedCall, StatefulPartitionedCall, and
// nodes whose op is a library function) into the calling GraphDef. TF2
// SavedModels and TF2 frozen graphs reach their computation only through
// such calls; the rest of tfaot sees plain GraphDefs.
//
// A call node `C` calling function F becomes:
//  - F's body nodes, renamed `C/<body node>`, with F's input args replaced
//    by C's inputs and C's control inputs attached to body nodes that read
//    no other body node;
//  - `C` itself, kept so that fetches and consumers still resolve: an
//    Identity of the body tensor for F's single output, an IdentityN for
//    several outputs (data consumers are rewired to the body tensors
//    directly), or a NoOp for none.
#ifndef TFAOT_COMPILER_IMPORT_CHECKPOINT_INLINE_FUNCTIONS_H_
#define TFAOT_COMPILER_IMPORT_CHECKPOINT_INLINE_FUNCTIONS_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "proto/graph.pb.h"

namespace tfaot::checkpoint {

// Inlines every call that `roots` (node names) depend on, repeatedly, until
// none is left in their cone; with no roots, every call in the graph.
// Functions no longer called are removed from the library.
absl::Status InlineFunctionCalls(tensorflow::GraphDef* graph,
                                 const std::vector<std::string>& roots);

// Removes library functions that no node (nor a kept function) references.
void PruneFunctionLibrary(tensorflow::GraphDef* graph);

// True for ops that call a library function through their `f` attr.
bool IsCallOp(const std::string& op);

}  // namespace tfaot::checkpoint

#endif  // TFAOT_COMPILER_IMPORT_CHECKPOINT_INLINE_FUNCTIONS_H_
