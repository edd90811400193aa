// AudioSpectrogram and Mfcc: shape rules and errors, and values from hand
// arithmetic; the real FFT against a direct DFT in long double. (numpy
// oracles over many attribute settings: tests/op_variants/cases_audio.py.)
#include <cmath>
#include <random>
#include <vector>

#include "compiler/ops/op_test_util.h"
#include "compiler/ops/op_util.h"
#include "gtest/gtest.h"
#include "runtime/mfcc.h"
#include "runtime/real_fft.h"

namespace tfaot::ops {
namespace {

using ir::Tensor;

Tensor Audio(std::vector<float> v, int64_t channels) {
  const int64_t samples = static_cast<int64_t>(v.size()) / channels;
  return Tensor::FromVector<float>(v, {samples, channels});
}

ir::AttrMap SpecAttrs(int64_t window, int64_t stride, bool squared) {
  return {{"window_size", window}, {"stride", stride}, {"magnitude_squared", squared}};
}

// Hann(4) is [0, .5, 1, .5] up to cos(pi / 2) ~ 6e-17 in the second and
// last weights, as TensorFlow computes it; so "0" bins come out ~1e-31.
void ExpectPowers(const Tensor& t, const std::vector<float>& want) {
  ASSERT_EQ(t.num_elements(), static_cast<int64_t>(want.size()));
  for (size_t k = 0; k < want.size(); ++k)
    EXPECT_NEAR(Values<float>(t)[k], want[k], 1e-6 * want[k] + 1e-12) << k;
}

TEST(AudioSpectrogram, PowerOfTwoWindowByHand) {
  // Frames [1,2,3,4] and [3,4,5,6] windowed to [0,1,3,2] and [0,2,5,3]; a
  // 4-point DFT of [0,b,c,d] is (b+c+d, -c + i(d-b), c-b-d).
  auto out = EvalOp("AudioSpectrogram", {Audio({1, 2, 3, 4, 5, 6}, 1)}, SpecAttrs(4, 2, true));
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(out->shape(), (ir::Shape{1, 2, 3}));
  ExpectPowers(*out, {36, 10, 0, 100, 26, 0});
  auto magnitude = EvalOp("AudioSpectrogram", {Audio({1, 2, 3, 4, 5, 6}, 1)}, SpecAttrs(4, 2, false));
  ASSERT_TRUE(magnitude.ok()) << magnitude.status();
  ExpectPowers(*magnitude, {6, std::sqrt(10.0f), 0, 10, std::sqrt(26.0f), 0});
}

TEST(AudioSpectrogram, WindowPaddedToPowerOfTwo) {
  // Window 3 -> FFT 4: Hann(3) = [0, .75, .75]; [1,2,3] -> [0, 1.5, 2.25, 0]:
  // X0 = 3.75, X1 = -2.25 - 1.5i, X2 = .75.
  auto out = EvalOp("AudioSpectrogram", {Audio({1, 2, 3, 9}, 1)}, SpecAttrs(3, 5, true));
  ASSERT_TRUE(out.ok()) << out.status();
  ASSERT_EQ(out->shape(), (ir::Shape{1, 1, 3}));
  const std::vector<float> want = {14.0625f, 7.3125f, 0.5625f};
  for (int k = 0; k < 3; ++k) EXPECT_NEAR(Values<float>(*out)[k], want[k], 1e-5) << k;
}

TEST(AudioSpectrogram, ChannelsAreSeparateSignals) {
  // Channel 0 is the first test's signal, channel 1 its double (4x power).
  auto out = EvalOp("AudioSpectrogram", {Audio({1, 2, 2, 4, 3, 6, 4, 8, 5, 10, 6, 12}, 2)},
                    SpecAttrs(4, 2, true));
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(out->shape(), (ir::Shape{2, 2, 3}));
  ExpectPowers(*out, {36, 10, 0, 100, 26, 0, 144, 40, 0, 400, 104, 0});
}

TEST(AudioSpectrogram, ShorterThanOneWindowHasNoFrames) {
  auto out = EvalOp("AudioSpectrogram", {Audio({1, 2, 3}, 1)}, SpecAttrs(4, 1, true));
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(out->shape(), (ir::Shape{1, 0, 3}));
}

TEST(AudioSpectrogram, Errors) {
  auto error = [](std::vector<Tensor> in, ir::AttrMap attrs) {
    auto out = EvalOp("AudioSpectrogram", in, std::move(attrs));
    return out.ok() ? std::string("ok") : std::string(out.status().message());
  };
  Tensor audio = Audio({1, 2, 3, 4}, 1);
  EXPECT_NE(error({audio}, SpecAttrs(1, 1, true)).find("window_size must be > 1"),
            std::string::npos);
  EXPECT_NE(error({audio}, SpecAttrs(4, 0, true)).find("stride must be > 0"), std::string::npos);
  EXPECT_NE(error({T1<float>({1, 2, 3, 4})}, SpecAttrs(2, 1, true)).find("2-D [samples, channels]"),
            std::string::npos);
  EXPECT_NE(error({Tensor::FromVector<int32_t>({1, 2}, {2, 1})}, SpecAttrs(2, 1, true))
                .find("dtype int32"),
            std::string::npos);
  EXPECT_NE(error({audio}, {{"stride", int64_t{1}}}).find("missing attribute 'window_size'"),
            std::string::npos);
  EXPECT_NE(error({audio}, SpecAttrs(int64_t{1} << 21, 1, true)).find("larger than"),
            std::string::npos);
}

ir::AttrMap MfccAttrs(float lower, float upper, int64_t channels, int64_t coefficients) {
  return {{"lower_frequency_limit", lower},
          {"upper_frequency_limit", upper},
          {"filterbank_channel_count", channels},
          {"dct_coefficient_count", coefficients}};
}

Tensor Rate(int32_t rate) { return Tensor::Scalar<int32_t>(rate); }

TEST(Mfcc, OneChannelByHand) {
  // 5 bins at sample rate 8: 1 Hz per bin. Limits 0..3 Hz, one channel: its
  // triangle rises from mel(0) to c0 = mel(3) / 2 and falls to c1 = mel(3).
  // Bins 1..3 count (DC excluded): bin 1 on the rising side with weight
  // mel(1) / c0, bin 2 on the falling side with (c1 - mel(2)) / (c1 - c0),
  // bin 3 at c1 with 0. Magnitudes sqrt(power): 3, 6, 7.
  auto mel = [](double f) { return 1127.0 * std::log1p(f / 700.0); };
  const double c0 = mel(3) / 2, c1 = mel(3);
  const double energy = 3 * (mel(1) / c0) + 6 * ((c1 - mel(2)) / (c1 - c0));
  Tensor spec = Tensor::FromVector<float>({100, 9, 36, 49, 100}, {1, 1, 5});
  auto out = EvalOp("Mfcc", {spec, Rate(8)}, MfccAttrs(0, 3, 1, 1));
  ASSERT_TRUE(out.ok()) << out.status();
  ASSERT_EQ(out->shape(), (ir::Shape{1, 1, 1}));
  EXPECT_NEAR(Values<float>(*out)[0], std::sqrt(2.0) * std::log(energy), 1e-5);
}

TEST(Mfcc, SilenceHitsTheLogFloor) {
  // Every channel's energy is 0 -> log(1e-12); DCT-II of a constant c over
  // n channels: sqrt(2 / n) * n * c for coefficient 0, 0 for the others.
  Tensor spec(ir::DType::kFloat, {1, 3, 257});
  auto out = EvalOp("Mfcc", {spec, Rate(16000)}, MfccAttrs(20, 4000, 40, 13));
  ASSERT_TRUE(out.ok()) << out.status();
  ASSERT_EQ(out->shape(), (ir::Shape{1, 3, 13}));
  const double c0 = std::sqrt(2.0 / 40) * 40 * std::log(1e-12);
  for (int f = 0; f < 3; ++f) {
    EXPECT_NEAR(Values<float>(*out)[f * 13], c0, 1e-4);
    for (int i = 1; i < 13; ++i) EXPECT_NEAR(Values<float>(*out)[f * 13 + i], 0, 1e-4) << i;
  }
}

TEST(Mfcc, DefaultsAreTensorFlows) {
  // lower 20, upper 4000, 40 channels, 13 coefficients.
  Tensor spec(ir::DType::kFloat, {2, 1, 129});
  auto out = EvalOp("Mfcc", {spec, Rate(16000)});
  ASSERT_TRUE(out.ok()) << out.status();
  EXPECT_EQ(out->shape(), (ir::Shape{2, 1, 13}));
}

TEST(Mfcc, Errors) {
  auto error = [](std::vector<Tensor> in, ir::AttrMap attrs) {
    auto out = EvalOp("Mfcc", in, std::move(attrs));
    return out.ok() ? std::string("ok") : std::string(out.status().message());
  };
  Tensor spec(ir::DType::kFloat, {1, 2, 513});
  auto has = [](const std::string& s, const char* part) {
    return s.find(part) != std::string::npos;
  };
  EXPECT_TRUE(has(error({spec, Rate(0)}, MfccAttrs(20, 4000, 40, 13)), "sample_rate must be > 0"));
  EXPECT_TRUE(has(error({spec, Tensor::FromVector<int32_t>({16000}, {1})}, {}),
                  "sample_rate must be an int32 scalar"));
  EXPECT_TRUE(has(error({spec, Tensor::Scalar<int64_t>(16000)}, {}), "dtype int64"));
  EXPECT_TRUE(has(error({spec, Rate(16000)}, MfccAttrs(20, 4000, 0, 1)),
                  "filterbank_channel_count must be in"));
  EXPECT_TRUE(has(error({spec, Rate(16000)}, MfccAttrs(20, 4000, 10, 11)),
                  "dct_coefficient_count must be in [1, filterbank_channel_count = 10]"));
  EXPECT_TRUE(has(error({spec, Rate(16000)}, MfccAttrs(20, 4000, 10, 0)),
                  "dct_coefficient_count must be in"));
  EXPECT_TRUE(has(error({spec, Rate(16000)}, MfccAttrs(-1, 4000, 40, 13)),
                  "lower_frequency_limit must be >= 0"));
  EXPECT_TRUE(has(error({spec, Rate(16000)}, MfccAttrs(300, 300, 40, 13)),
                  "must be greater than lower_frequency_limit"));
  // 513 bins of 7.8125 Hz reach 4007.8 Hz at 8 kHz: 4007 is still in.
  EXPECT_EQ(error({spec, Rate(8000)}, MfccAttrs(20, 4007, 40, 13)), "ok");
  EXPECT_TRUE(has(error({spec, Rate(8000)}, MfccAttrs(20, 4008, 40, 13)),
                  "upper_frequency_limit 4008 Hz is past the spectrogram's last bin"));
  EXPECT_TRUE(has(error({Tensor(ir::DType::kFloat, {2, 513}), Rate(16000)}, {}), "3-D"));
  EXPECT_TRUE(has(error({Tensor(ir::DType::kFloat, {1, 2, 1}), Rate(16000)}, {}),
                  "at least 2 bins"));
}

TEST(Mfcc, RunTimeSampleRateAsksForACompileTimeValue) {
  ir::GraphBuilder b;
  ir::Node* spec = b.Placeholder("spec", ir::DType::kFloat, {1, 2, 129});
  ir::Node* rate = b.Placeholder("rate", ir::DType::kInt32, {});
  ir::Node* mfcc = b.Op("mfcc", "Mfcc", {spec, rate});
  for (ir::Node* p : {spec, rate}) ASSERT_TRUE(FindOp("Placeholder")->infer(*p).ok());
  absl::Status s = FindOp("Mfcc")->infer(*mfcc);
  EXPECT_NE(s.message().find("sample_rate"), std::string::npos) << s;
  EXPECT_NE(s.message().find("must be known at compile time"), std::string::npos) << s;
  EXPECT_EQ(NodeWhoseValueIsNeeded(s), "rate");
}

// |DFT(x)[k]|^2 in long double, O(n^2).
std::vector<long double> DirectPower(const std::vector<double>& x) {
  const size_t n = x.size();
  const long double pi = std::acos(-1.0L);
  std::vector<long double> power(n / 2 + 1);
  for (size_t k = 0; k <= n / 2; ++k) {
    long double re = 0, im = 0;
    for (size_t j = 0; j < n; ++j) {
      const long double a = 2 * pi * static_cast<long double>((j * k) % n) / n;
      re += x[j] * std::cos(a);
      im -= x[j] * std::sin(a);
    }
    power[k] = re * re + im * im;
  }
  return power;
}

TEST(RealFft, MatchesADirectDft) {
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> uniform(-1, 1);
  for (int64_t n = 2; n <= 2048; n *= 2) {
    std::vector<double> x(n);
    for (double& v : x) v = uniform(rng);
    std::vector<double> factors(rt::RealFftFactorCount(n)), re(n / 2), im(n / 2), work(n / 2 + 1);
    std::vector<int32_t> permutation(rt::RealFftPermutationCount(n));
    rt::MakeRealFftTables(n, factors.data(), permutation.data());
    for (int64_t j = 0; j < n / 2; ++j) {
      re[permutation[j]] = x[2 * j];
      im[permutation[j]] = x[2 * j + 1];
    }
    std::vector<float> power(n / 2 + 1);
    rt::RealFftPower(n, factors.data(), re.data(), im.data(), work.data(), power.data());
    std::vector<long double> want = DirectPower(x);
    for (int64_t k = 0; k <= n / 2; ++k) {
      // Within a float rounding of the exact power, or of the error of
      // summing n terms of size ~1 when the power is tiny.
      const double tolerance = 1e-7 * static_cast<double>(want[k]) + 1e-12 * n;
      ASSERT_NEAR(power[k], static_cast<double>(want[k]), tolerance) << "n=" << n << " k=" << k;
    }
  }
}

TEST(MelChannelEdges, SplitEachTriangleIntoItsSides) {
  // bins 0..9, start 2, end 8: bands -2 -2 | -1 -1 0 0 0 2 2 | -2.
  const int32_t band[10] = {-2, -2, -1, -1, 0, 0, 0, 2, 2, -2};
  int32_t edges[5];
  rt::MelChannelEdges(3, 2, 8, band, edges);
  // first bin with band >= -1, 0, 1, 2, 3 (none: end + 1).
  EXPECT_EQ(std::vector<int32_t>(edges, edges + 5), (std::vector<int32_t>{2, 4, 7, 7, 9}));
}

}  // namespace
}  // namespace tfaot::ops
