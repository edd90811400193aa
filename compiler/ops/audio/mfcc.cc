// Mfcc(spectrogram [channels, frames, bins] float, sample_rate int32 scalar)
// -> [channels, frames, dct_coefficient_count] float (runtime/mfcc.h says
// how TensorFlow computes it). The sample rate decides the mel filterbank, so
// it must be known at compile time (a constant in the graph, a config
// `constant`, or a feed `tfaotc run` compiles as one); the filterbank and
// DCT tables are computed here and passed to the same runtime kernel by the
// evaluator and the emitted code.
#include "absl/strings/str_cat.h"
#include "compiler/ops/op_def.h"
#include "compiler/ops/op_util.h"
#include "runtime/mfcc.h"

namespace tfaot::ops {
namespace {

// Keeps the compile-time tables (coefficients x channels doubles) modest.
constexpr int64_t kMaxChannels = 1 << 12;

struct Params {
  rt::MfccShape shape;
  double sample_rate, lower, upper;
};

// The attributes' defaults are TensorFlow's (audio_ops.cc).
absl::StatusOr<Params> ParamsOf(const ir::Node& node) {
  auto rate = RequireConstantInput(node, 1, "sample_rate");
  if (!rate.ok()) return rate.status();
  if ((*rate)->dtype() != ir::DType::kInt32 || !(*rate)->shape().empty())
    return node.Error(absl::StrCat("sample_rate must be an int32 scalar, got ",
                                   ir::DTypeName((*rate)->dtype()),
                                   ir::ShapeToString((*rate)->shape())));
  Params p;
  p.sample_rate = (*rate)->data<int32_t>()[0];
  p.lower = node.GetFloatOr("lower_frequency_limit", 20);
  p.upper = node.GetFloatOr("upper_frequency_limit", 4000);
  const int64_t channels = node.GetIntOr("filterbank_channel_count", 40);
  const int64_t coefficients = node.GetIntOr("dct_coefficient_count", 13);
  const ir::Shape& in = node.input_value(0).shape;
  if (in.size() != 3)
    return node.Error(absl::StrCat("spectrogram must be 3-D [channels, frames, bins], got ",
                                   ir::ShapeToString(in)));
  const int64_t bins = in[2];
  if (channels < 1 || channels > kMaxChannels)
    return node.Error(absl::StrCat("filterbank_channel_count must be in [1, ", kMaxChannels,
                                   "], got ", channels));
  if (coefficients < 1 || coefficients > channels)
    return node.Error(absl::StrCat("dct_coefficient_count must be in [1, "
                                   "filterbank_channel_count = ", channels, "], got ",
                                   coefficients));
  if (p.sample_rate <= 0)
    return node.Error(absl::StrCat("sample_rate must be > 0, got ", p.sample_rate));
  if (bins < 2)
    return node.Error(absl::StrCat("the spectrogram needs at least 2 bins, has ", bins));
  if (!(p.lower >= 0))
    return node.Error(absl::StrCat("lower_frequency_limit must be >= 0, got ", p.lower));
  if (!(p.upper > p.lower))
    return node.Error(absl::StrCat("upper_frequency_limit (", p.upper,
                                   ") must be greater than lower_frequency_limit (", p.lower,
                                   ")"));
  // TensorFlow's filterbank reads bins up to upper / hz_per_bin; past the
  // spectrum's last bin its kernel logs an error and outputs zeros.
  const double hz_per_bin = 0.5 * p.sample_rate / static_cast<double>(bins - 1);
  if (p.upper / hz_per_bin >= static_cast<double>(bins))
    return node.Error(absl::StrCat(
        "upper_frequency_limit ", p.upper, " Hz is past the spectrogram's last bin: ", bins,
        " bins of ", hz_per_bin, " Hz at sample rate ", p.sample_rate, " reach ",
        bins * hz_per_bin, " Hz; lower it or raise the sample rate"));
  p.shape = {bins, in[0] * in[1], channels, coefficients, 0, 0};
  rt::MelBinRange(bins, p.sample_rate, p.lower, p.upper, &p.shape.start, &p.shape.end);
  return p;
}

absl::Status Infer(ir::Node& node) {
  if (auto s = ExpectInputs(node, 2); !s.ok()) return s;
  if (auto s = ExpectDType(node, 0, DTypeBit(ir::DType::kFloat)); !s.ok()) return s;
  if (auto s = ExpectDType(node, 1, DTypeBit(ir::DType::kInt32)); !s.ok()) return s;
  auto p = ParamsOf(node);
  if (!p.ok()) return p.status();
  const ir::Shape& in = node.input_value(0).shape;
  node.SetOutput(0, ir::DType::kFloat, {in[0], in[1], p->shape.coefficients});
  return absl::OkStatus();
}

struct Tables {
  ir::Tensor edges, weight, dct;
};

Tables MakeTables(const Params& p) {
  const rt::MfccShape& s = p.shape;
  Tables t{ir::Tensor(ir::DType::kInt32, {s.channels + 2}),
           ir::Tensor(ir::DType::kDouble, {s.bins}),
           ir::Tensor(ir::DType::kDouble, {s.channels, s.coefficients})};
  std::vector<int32_t> band(s.bins);
  rt::MakeMelFilterbank(s.bins, p.sample_rate, s.channels, p.lower, p.upper, band.data(),
                        t.weight.data<double>());
  rt::MelChannelEdges(s.channels, s.start, s.end, band.data(), t.edges.data<int32_t>());
  rt::MakeMfccDct(s.channels, s.coefficients, t.dct.data<double>());
  return t;
}

absl::Status Eval(const ir::Node& node, const std::vector<const ir::Tensor*>& in,
                  std::vector<ir::Tensor>& out) {
  auto p = ParamsOf(node);
  if (!p.ok()) return p.status();
  out.assign(1, ir::Tensor(ir::DType::kFloat, node.output(0).shape));
  Tables t = MakeTables(*p);
  std::vector<double> scratch(rt::MfccScratchDoubles(p->shape));
  rt::Mfcc(in[0]->data<float>(), p->shape, t.edges.data<int32_t>(), t.weight.data<double>(),
           t.dct.data<double>(), scratch.data(), out[0].data<float>());
  return absl::OkStatus();
}

absl::Status Emit(const ir::Node& node, codegen::KernelContext& ctx) {
  auto p = ParamsOf(node);
  if (!p.ok()) return p.status();
  const rt::MfccShape& s = p->shape;
  if (s.frames == 0) return absl::OkStatus();  // an empty output
  Tables t = MakeTables(*p);
  const std::string edges = ctx.add_table("mel_edges", std::move(t.edges));
  const std::string weight = ctx.add_table("mel_weights", std::move(t.weight));
  const std::string dct = ctx.add_table("dct", std::move(t.dct));
  ctx.out->Line(absl::StrCat("// sample rate ", p->sample_rate, " Hz, mel filterbank ", p->lower,
                             "-", p->upper, " Hz over bins ", s.start, "..", s.end));
  ctx.out->Line(absl::StrCat("tfaot::rt::Mfcc(", ctx.inputs[0], ", tfaot::rt::MfccShape{",
                             s.bins, ", ", s.frames, ", ", s.channels, ", ", s.coefficients, ", ",
                             s.start, ", ", s.end, "},"));
  ctx.out->Line(absl::StrCat("    ", edges, ", ", weight, ", ", dct, ", reinterpret_cast<double*>",
                             ctx.scratch, ", ", ctx.outputs[0], ");"));
  return absl::OkStatus();
}

int64_t ScratchBytes(const ir::Node& node) {
  auto p = ParamsOf(node);
  return p.ok() && p->shape.frames > 0 ? rt::MfccScratchDoubles(p->shape) * 8 : 0;
}

}  // namespace

extern const OpDef kOpMfcc = {"Mfcc", OpClass::kKernel, &Infer,         &Eval,
                              &Emit,  nullptr,          "runtime/mfcc.h", &ScratchBytes};

}  // namespace tfaot::ops
