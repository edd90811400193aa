// What the graph's own tf.train.Saver restores each variable from. A TF1
// MetaGraph carries its saver as ops: `save/RestoreV2` reads the keys listed
// in its `tensor_names` Const (with slice specs in `shape_and_slices`), and
// each output feeds an Assign (or AssignVariableOp) of one variable. Reading
// that wiring restores exactly as the saver would, including savers built
// with renamed keys (Saver({"old/name": var})) and partitioned variables,
// whose parts (`emb/part_0`, ...) are slices of one checkpoint tensor.
#ifndef TFAOT_COMPILER_IMPORT_CHECKPOINT_SAVER_KEYS_H_
#define TFAOT_COMPILER_IMPORT_CHECKPOINT_SAVER_KEYS_H_

#include <map>
#include <string>

#include "proto/graph.pb.h"

namespace tfaot::checkpoint {

struct SaverKey {
  std::string key;
  // TF's "shape_and_slice" string: "" for the whole tensor, else the full
  // shape then one "start,length" or "-" per dim, e.g. "10 20 0,5:-".
  std::string shape_and_slice;
};

// Variable node name -> where the graph's saver restores it from. A
// variable that several savers restore from different keys is left out
// (ambiguous); callers then fall back to name matching.
std::map<std::string, SaverKey> SaverKeysOf(const tensorflow::GraphDef& graph);

}  // namespace tfaot::checkpoint

#endif  // TFAOT_COMPILER_IMPORT_CHECKPOINT_SAVER_KEYS_H_
