#include "compiler/ops/op_util.h"

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace tfaot::ops {
namespace {
constexpr char kNeedsValuePayload[] = "tfaot/needs-compile-time-value";
}  // namespace

absl::Status ExpectInputs(const ir::Node& node, int n) {
  if (node.num_inputs() != n)
    return node.Error(absl::StrCat("expects ", n, " inputs, has ", node.num_inputs()));
  return absl::OkStatus();
}

absl::Status ExpectInputsBetween(const ir::Node& node, int min, int max) {
  if (node.num_inputs() < min || node.num_inputs() > max)
    return node.Error(absl::StrCat("expects ", min, " to ", max, " inputs, has ",
                                   node.num_inputs()));
  return absl::OkStatus();
}

absl::Status ExpectDType(const ir::Node& node, int input, uint64_t set) {
  ir::DType t = node.input_value(input).dtype;
  if (set & DTypeBit(t)) return absl::OkStatus();
  std::vector<std::string> allowed;
  for (int i = 0; i < 64; ++i)
    if (set & (uint64_t{1} << i)) allowed.push_back(ir::DTypeName(static_cast<ir::DType>(i)));
  return node.Error(absl::StrCat("input ", input, " has dtype ", ir::DTypeName(t),
                                 "; this op supports ", absl::StrJoin(allowed, ", ")));
}

absl::Status ExpectSameDType(const ir::Node& node, int first, int last) {
  for (int i = first + 1; i < last; ++i) {
    if (node.input_value(i).dtype != node.input_value(first).dtype)
      return node.Error(absl::StrCat("dtype mismatch: input ", first, " is ",
                                     ir::DTypeName(node.input_value(first).dtype), ", input ",
                                     i, " is ", ir::DTypeName(node.input_value(i).dtype)));
  }
  return absl::OkStatus();
}

absl::StatusOr<const ir::Tensor*> RequireConstantInput(const ir::Node& node, int input,
                                                       const char* what) {
  if (input >= node.num_inputs())
    return node.Error(absl::StrCat("missing input ", input, " (", what, ")"));
  const ir::Tensor* t = node.input_constant(input);
  if (!t) {
    const std::string& producer = node.inputs()[input].node->name();
    absl::Status error = node.Error(absl::StrCat(
        "input ", input, " (", what, ") must be known at compile time, but it depends on a "
        "run-time value ('", producer, "'): tfaotc compiles static shapes and tables only, so "
        "the feeds it is computed from cannot be run-time inputs; fix them to constants with "
        "`constant { id { node_name: ... } value { ... } }` entries in the config instead of "
        "`feed`s (`tfaotc run` compiles them as constants with the values it is given)"));
    error.SetPayload(kNeedsValuePayload, absl::Cord(producer));
    return error;
  }
  return t;
}

std::string NodeWhoseValueIsNeeded(const absl::Status& status) {
  auto producer = status.GetPayload(kNeedsValuePayload);
  return producer ? std::string(*producer) : std::string();
}

absl::StatusOr<ir::Shape> BroadcastShapes(const ir::Node& node, const ir::Shape& a,
                                          const ir::Shape& b) {
  size_t rank = std::max(a.size(), b.size());
  ir::Shape out(rank);
  for (size_t i = 0; i < rank; ++i) {
    int64_t da = i < rank - a.size() ? 1 : a[i - (rank - a.size())];
    int64_t db = i < rank - b.size() ? 1 : b[i - (rank - b.size())];
    if (da != db && da != 1 && db != 1)
      return node.Error(absl::StrCat("shapes ", ir::ShapeToString(a), " and ",
                                     ir::ShapeToString(b), " are not broadcast-compatible"));
    out[i] = da == 1 ? db : da;
  }
  return out;
}

std::vector<int64_t> BroadcastStrides(const ir::Shape& in, const ir::Shape& out) {
  std::vector<int64_t> in_strides = ir::RowMajorStrides(in);
  std::vector<int64_t> strides(out.size(), 0);
  size_t offset = out.size() - in.size();
  for (size_t i = 0; i < in.size(); ++i)
    strides[offset + i] = in[i] == 1 ? 0 : in_strides[i];
  return strides;
}

ir::Tensor BroadcastTensor(const ir::Tensor& t, const ir::Shape& shape) {
  if (t.shape() == shape) return t;
  ir::Tensor out(t.dtype(), shape);
  std::vector<int64_t> strides = BroadcastStrides(t.shape(), shape);
  int64_t elem = ir::DTypeSize(t.dtype());
  int64_t n = out.num_elements();
  std::vector<int64_t> index(shape.size(), 0);
  for (int64_t i = 0; i < n; ++i) {
    int64_t src = 0;
    for (size_t d = 0; d < shape.size(); ++d) src += index[d] * strides[d];
    std::memcpy(out.raw() + i * elem, t.raw() + src * elem, elem);
    for (int d = static_cast<int>(shape.size()) - 1; d >= 0; --d) {
      if (++index[d] < shape[d]) break;
      index[d] = 0;
    }
  }
  return out;
}

absl::StatusOr<int64_t> NormalizeAxis(const ir::Node& node, int64_t axis, int64_t rank) {
  if (axis < -rank || axis >= std::max<int64_t>(rank, 1))
    return node.Error(absl::StrCat("axis ", axis, " is out of range for rank ", rank));
  return axis < 0 ? axis + rank : axis;
}

absl::Status InferSameAsInput(ir::Node& node) {
  if (node.num_inputs() < 1) return node.Error("expects an input");
  const ir::Value& in = node.input_value(0);
  node.SetOutput(0, in.dtype, in.shape);
  return absl::OkStatus();
}

std::string CallExpr(const std::string& func, const std::vector<std::string>& args) {
  return absl::StrCat(func, "(", absl::StrJoin(args, ", "), ")");
}

}  // namespace tfaot::ops
