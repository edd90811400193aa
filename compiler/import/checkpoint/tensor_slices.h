// Partitioned variables: TF saves each partition ("slice") of a variable
// under its own key, `EncodeTensorNameSlice(name, slice)` (OrderedCode
// bytes: 0, the name, the rank, then start and length per dim; a full
// dimension is start 0, length -1), and lists the slices in the full
// variable's entry. These helpers compute those keys and copy a slice into
// the reassembled tensor.
#ifndef TFAOT_COMPILER_IMPORT_CHECKPOINT_TENSOR_SLICES_H_
#define TFAOT_COMPILER_IMPORT_CHECKPOINT_TENSOR_SLICES_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "proto/checkpoint.pb.h"

namespace tfaot::checkpoint {

struct SliceExtents {
  std::vector<int64_t> start;
  std::vector<int64_t> length;  // -1: the whole dimension
};

SliceExtents ExtentsFromProto(const tensorflow::TensorSliceProto& proto);

// TF's tensor-slice key (tensorflow::checkpoint::EncodeTensorNameSlice).
std::string EncodeTensorNameSlice(const std::string& name,
                                  const SliceExtents& slice);

// Copies the row-major bytes of `slice` (extents resolved against `dims`)
// into `full`, a row-major buffer of `dims`. `what` names the variable in
// errors (extents out of range, byte count mismatch).
absl::Status CopySliceInto(const std::string& slice_bytes, int elem_size,
                           const std::vector<int64_t>& dims,
                           const SliceExtents& slice, const std::string& what,
                           std::string* full, int64_t* elements_copied);

// Parses TF's "shape_and_slice" string ("10 20 0,5:-": full shape, then a
// "start,length" or "-" per dim).
absl::Status ParseShapeAndSlice(const std::string& spec,
                                std::vector<int64_t>* full_dims,
                                SliceExtents* slice);

// The row-major bytes of `slice` cut out of `full` (row-major, `dims`).
absl::StatusOr<std::string> ExtractSlice(const std::string& full, int elem_size,
                                         const std::vector<int64_t>& dims,
                                         const SliceExtents& slice,
                                         const std::string& what);

}  // namespace tfaot::checkpoint

#endif  // TFAOT_COMPILER_IMPORT_CHECKPOINT_TENSOR_SLICES_H_
