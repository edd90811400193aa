// AudioSpectrogram(input [samples, channels] float) -> [channels, frames,
// 1 + fft/2] float, fft = the next power of two >= window_size
// (runtime/spectrogram.h says how TensorFlow computes it). The Hann window
// and the FFT's factor tables are computed here at compile time; the
// evaluator and the emitted code pass them to the same runtime kernel.
#include "absl/strings/str_cat.h"
#include "compiler/ops/op_def.h"
#include "compiler/ops/op_util.h"
#include "runtime/spectrogram.h"

namespace tfaot::ops {
namespace {

// Keeps the compile-time tables (the largest holds fft doubles) modest.
constexpr int64_t kMaxFft = int64_t{1} << 20;

absl::StatusOr<rt::SpectrogramShape> ShapeOf(const ir::Node& node) {
  auto window = node.GetInt("window_size");
  if (!window.ok()) return window.status();
  auto stride = node.GetInt("stride");
  if (!stride.ok()) return stride.status();
  if (*window <= 1)
    return node.Error(absl::StrCat("window_size must be > 1 (samples per frame), got ", *window));
  if (*stride <= 0)
    return node.Error(absl::StrCat("stride must be > 0 (samples between frames), got ", *stride));
  if (*window > kMaxFft)
    return node.Error(absl::StrCat("window_size ", *window, " is larger than the ", kMaxFft,
                                   " samples tfaotc supports"));
  const ir::Shape& in = node.input_value(0).shape;
  if (in.size() != 2)
    return node.Error(absl::StrCat("input must be 2-D [samples, channels], got ",
                                   ir::ShapeToString(in)));
  return rt::SpectrogramShape{in[0], in[1], *window, *stride, rt::NextPowerOfTwo(*window),
                              node.GetBoolOr("magnitude_squared", false)};
}

absl::Status Infer(ir::Node& node) {
  if (auto s = ExpectInputs(node, 1); !s.ok()) return s;
  if (auto s = ExpectDType(node, 0, DTypeBit(ir::DType::kFloat)); !s.ok()) return s;
  auto shape = ShapeOf(node);
  if (!shape.ok()) return shape.status();
  node.SetOutput(0, ir::DType::kFloat, {shape->channels, shape->frames(), shape->bins()});
  return absl::OkStatus();
}

struct Tables {
  ir::Tensor window, factors, permutation;
};

Tables MakeTables(const rt::SpectrogramShape& s) {
  Tables t{ir::Tensor(ir::DType::kDouble, {s.window}),
           ir::Tensor(ir::DType::kDouble, {rt::RealFftFactorCount(s.fft)}),
           ir::Tensor(ir::DType::kInt32, {rt::RealFftPermutationCount(s.fft)})};
  rt::HannWindow(s.window, t.window.data<double>());
  rt::MakeRealFftTables(s.fft, t.factors.data<double>(), t.permutation.data<int32_t>());
  return t;
}

absl::Status Eval(const ir::Node& node, const std::vector<const ir::Tensor*>& in,
                  std::vector<ir::Tensor>& out) {
  auto s = ShapeOf(node);
  if (!s.ok()) return s.status();
  out.assign(1, ir::Tensor(ir::DType::kFloat, node.output(0).shape));
  Tables t = MakeTables(*s);
  std::vector<double> scratch(rt::SpectrogramScratchDoubles(*s));
  rt::AudioSpectrogram(in[0]->data<float>(), *s, t.window.data<double>(),
                       t.factors.data<double>(), t.permutation.data<int32_t>(), scratch.data(),
                       out[0].data<float>());
  return absl::OkStatus();
}

absl::Status Emit(const ir::Node& node, codegen::KernelContext& ctx) {
  auto s = ShapeOf(node);
  if (!s.ok()) return s.status();
  if (s->channels * s->frames() == 0) return absl::OkStatus();  // an empty output
  Tables t = MakeTables(*s);
  const std::string window = ctx.add_table("hann_window", std::move(t.window));
  const std::string factors = ctx.add_table("fft_factors", std::move(t.factors));
  const std::string permutation = ctx.add_table("fft_permutation", std::move(t.permutation));
  ctx.out->Line(absl::StrCat("tfaot::rt::AudioSpectrogram(", ctx.inputs[0],
                             ", tfaot::rt::SpectrogramShape{", s->samples, ", ", s->channels,
                             ", ", s->window, ", ", s->stride, ", ", s->fft, ", ",
                             s->magnitude_squared ? "true" : "false", "},"));
  ctx.out->Line(absl::StrCat("    ", window, ", ", factors, ", ", permutation,
                             ", reinterpret_cast<double*>", ctx.scratch, ", ", ctx.outputs[0],
                             ");"));
  return absl::OkStatus();
}

int64_t ScratchBytes(const ir::Node& node) {
  auto s = ShapeOf(node);
  return s.ok() && s->channels * s->frames() > 0 ? rt::SpectrogramScratchDoubles(*s) * 8 : 0;
}

}  // namespace

extern const OpDef kOpAudioSpectrogram = {"AudioSpectrogram", OpClass::kKernel, &Infer,
                                          &Eval,              &Emit,            nullptr,
                                          "runtime/spectrogram.h", &ScratchBytes};

}  // namespace tfaot::ops
