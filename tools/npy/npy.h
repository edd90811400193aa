// Reading and writing NumPy .npy files (format versions 1-3, little-endian,
// C or Fortran order), the exchange format of `tfaotc run` and the tests.
#ifndef TFAOT_TOOLS_NPY_NPY_H_
#define TFAOT_TOOLS_NPY_NPY_H_

#include <string>

#include "absl/status/statusor.h"
#include "compiler/ir/tensor.h"

namespace tfaot::npy {

// Errors name the file. Fortran-order arrays are returned in row-major order.
absl::StatusOr<ir::Tensor> ReadNpy(const std::string& path);
absl::StatusOr<ir::Tensor> ParseNpy(const std::string& bytes, const std::string& name);
std::string SerializeNpy(const ir::Tensor& tensor);
absl::Status WriteNpy(const std::string& path, const ir::Tensor& tensor);

}  // namespace tfaot::npy

#endif  // TFAOT_TOOLS_NPY_NPY_H_
