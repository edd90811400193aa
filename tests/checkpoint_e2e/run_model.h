// Test helper: loads a model the way tfaotc does (a frozen graph, or a
// checkpoint or SavedModel frozen on the way in), compiles it, builds the
// generated code with the host compiler and runs it (tfaotc run's path).
#ifndef TFAOT_TESTS_CHECKPOINT_E2E_RUN_MODEL_H_
#define TFAOT_TESTS_CHECKPOINT_E2E_RUN_MODEL_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "compiler/driver/model_source.h"
#include "compiler/ir/tensor.h"

namespace tfaot::e2e {

struct Feed {
  std::string tensor;  // "node" or "node:k"; with empty fetches, "" (signature order)
  ir::Tensor value;
};

// Runs `source` with `feeds`; returns the fetches in order. Empty `fetches`
// (SavedModels only) take the signature's inputs and outputs, sorted by key.
absl::StatusOr<std::vector<ir::Tensor>> LoadAndRun(const driver::ModelSource& source,
                                                   const std::vector<Feed>& feeds,
                                                   const std::vector<std::string>& fetches);

// $TFAOT_TFMODELS, or "" after failing the test with a message: these tests
// need the data and must never pass without it.
std::string TfModelsOrFail();

}  // namespace tfaot::e2e

#endif  // TFAOT_TESTS_CHECKPOINT_E2E_RUN_MODEL_H_
