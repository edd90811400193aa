// Finding the value a graph variable takes when frozen: which checkpoint key
// holds it (a --restore rename; else the graph's own saver; else its name,
// its resource shared_name or a TF2 object-graph key; then the
// moving-average shadow if asked), or its constant initializer when it is
// not restored. Checks dtype and shape against the
// graph's declaration.
#ifndef TFAOT_COMPILER_IMPORT_CHECKPOINT_VARIABLES_H_
#define TFAOT_COMPILER_IMPORT_CHECKPOINT_VARIABLES_H_

#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "compiler/import/checkpoint/bundle_reader.h"
#include "compiler/import/checkpoint/saver_keys.h"
#include "proto/graph.pb.h"

namespace tfaot::checkpoint {

// Variable, VariableV2, VarHandleOp.
bool IsVariableOp(const std::string& op);

class VariableValues {
 public:
  // `restore` as in FreezeOptions; `bundle` may be null (nothing restored).
  VariableValues(const tensorflow::GraphDef& graph, const BundleReader* bundle,
                 std::vector<std::pair<std::string, std::string>> restore,
                 bool moving_averages);

  // Checks the restore list against the graph and reads the TF2 object
  // graph if the checkpoint has one.
  absl::Status Init();

  // The value of variable node `var`, as a TensorProto of its dtype.
  absl::StatusOr<tensorflow::TensorProto> ValueOf(
      const tensorflow::NodeDef& var) const;

 private:
  // Where `var` is restored from; an empty key if it is not restored.
  absl::StatusOr<SaverKey> KeyFor(const tensorflow::NodeDef& var) const;
  absl::StatusOr<tensorflow::TensorProto> ReadRestored(
      const tensorflow::NodeDef& var, const SaverKey& key) const;
  absl::StatusOr<tensorflow::TensorProto> InitializerOf(
      const tensorflow::NodeDef& var, const std::string& why) const;
  absl::Status CheckMatches(const tensorflow::NodeDef& var,
                            const tensorflow::TensorProto& value,
                            const std::string& source) const;

  const tensorflow::GraphDef& graph_;
  const BundleReader* bundle_;
  std::vector<std::pair<std::string, std::string>> restore_list_;
  std::map<std::string, std::string> restore_;  // graph var -> key
  bool moving_averages_;
  std::map<std::string, std::string> object_keys_;  // full_name -> key
  std::map<std::string, SaverKey> saver_keys_;      // from the graph's saver
  std::map<std::string, const tensorflow::NodeDef*> by_name_;
};

}  // namespace tfaot::checkpoint

#endif  // TFAOT_COMPILER_IMPORT_CHECKPOINT_VARIABLES_H_
