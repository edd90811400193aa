// tools/bench/machine_probe: what one core of this machine can do, measured
// in the benchmark's own run so the table's "% peak" and "one-core limit"
// columns describe the machine the numbers come from. The bench builds this
// file with the host compiler and the target's flags (as the models).
//
//   machine_probe peak         -> "peak_gflops=X lanes=L"  FP32 FMA throughput
//   machine_probe read BYTES   -> "read_gbps=X"            read bandwidth over
//                                  a BYTES buffer read again and again (hot in
//                                  whichever cache level it fits, else DRAM)
//
// Each figure is the best of several timed repetitions (the machine's
// ceiling, not its average: other processes only ever slow it down).
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace {

#if defined(__AVX512F__)
constexpr int kLanes = 16;
#elif defined(__AVX__)
constexpr int kLanes = 8;
#else
constexpr int kLanes = 4;
#endif
const float kOne = 0.999999f;
typedef float Vec __attribute__((vector_size(kLanes * 4)));

using Clock = std::chrono::steady_clock;

double Seconds(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// Independent chains of acc = acc * a + acc2, all in registers. With FMA the
// loop body is hand-written asm (GCC keeps an array of accumulators on the
// stack): 24 zmm or 12 ymm chains, enough to cover 2 FMA ports x 4-5 cycles.
#if defined(__AVX512F__) || defined(__FMA__)
#if defined(__AVX512F__)
#define TFAOT_R(i) "%%zmm" #i
#define TFAOT_ACCS 24
#else
#define TFAOT_R(i) "%%ymm" #i
#define TFAOT_ACCS 12
#endif
#define TFAOT_Z(i) "vxorps " TFAOT_R(i) ", " TFAOT_R(i) ", " TFAOT_R(i) "\n\t"
#define ZERO12 TFAOT_Z(0) TFAOT_Z(1) TFAOT_Z(2) TFAOT_Z(3) TFAOT_Z(4) TFAOT_Z(5) TFAOT_Z(6) \
  TFAOT_Z(7) TFAOT_Z(8) TFAOT_Z(9) TFAOT_Z(10) TFAOT_Z(11)
#define ZERO24 ZERO12 TFAOT_Z(12) TFAOT_Z(13) TFAOT_Z(14) TFAOT_Z(15) TFAOT_Z(16) \
  TFAOT_Z(17) TFAOT_Z(18) TFAOT_Z(19) TFAOT_Z(20) TFAOT_Z(21) TFAOT_Z(22) TFAOT_Z(23)
#define TFAOT_F(i) "vfmadd231ps " TFAOT_R(30) ", " TFAOT_R(31) ", " TFAOT_R(i) "\n\t"
double FmaLoop(long iters) {
  auto start = Clock::now();
  asm volatile(
#if defined(__AVX512F__)
      "vbroadcastss %[one], %%zmm30\n\tvbroadcastss %[one], %%zmm31\n\t"
      ZERO24
#else
      "vbroadcastss %[one], %%ymm14\n\tvbroadcastss %[one], %%ymm15\n\t"
      ZERO12
#endif
      "1:\n\t"
#if defined(__AVX512F__)
      TFAOT_F(0) TFAOT_F(1) TFAOT_F(2) TFAOT_F(3) TFAOT_F(4) TFAOT_F(5) TFAOT_F(6) TFAOT_F(7)
      TFAOT_F(8) TFAOT_F(9) TFAOT_F(10) TFAOT_F(11) TFAOT_F(12) TFAOT_F(13) TFAOT_F(14)
      TFAOT_F(15) TFAOT_F(16) TFAOT_F(17) TFAOT_F(18) TFAOT_F(19) TFAOT_F(20) TFAOT_F(21)
      TFAOT_F(22) TFAOT_F(23)
#else
#undef TFAOT_F
#define TFAOT_F(i) "vfmadd231ps %%ymm14, %%ymm15, " TFAOT_R(i) "\n\t"
      TFAOT_F(0) TFAOT_F(1) TFAOT_F(2) TFAOT_F(3) TFAOT_F(4) TFAOT_F(5) TFAOT_F(6) TFAOT_F(7)
      TFAOT_F(8) TFAOT_F(9) TFAOT_F(10) TFAOT_F(11)
#endif
      "dec %[n]\n\tjnz 1b\n\t"
      : [n] "+r"(iters)
      : [one] "m"(kOne)
      : "xmm0", "xmm1", "xmm2", "xmm3", "xmm4", "xmm5", "xmm6", "xmm7", "xmm8", "xmm9",
        "xmm10", "xmm11", "xmm12", "xmm13", "xmm14", "xmm15"
#if defined(__AVX512F__)
        , "xmm16", "xmm17", "xmm18", "xmm19", "xmm20", "xmm21", "xmm22", "xmm23", "xmm30",
        "xmm31"
#endif
  );
  return Seconds(start);
}
constexpr int kChains = TFAOT_ACCS;
#else
// SSE2 (no FMA): 7 chains of mulps and 7 of addps, 16 xmm in all; a chain
// counts as one multiply-add per two steps.
double FmaLoop(long iters) {
  Vec m0 = Vec{} + 1.0f, m1 = m0, m2 = m0, m3 = m0, m4 = m0, m5 = m0, m6 = m0;
  Vec a0 = Vec{}, a1 = a0, a2 = a0, a3 = a0, a4 = a0, a5 = a0, a6 = a0;
  Vec m = Vec{} + kOne, c = Vec{} + 1e-7f;
  asm volatile("" : "+x"(m), "+x"(c));
  auto start = Clock::now();
  for (long i = 0; i < iters; ++i) {
    m0 *= m, m1 *= m, m2 *= m, m3 *= m, m4 *= m, m5 *= m, m6 *= m;
    a0 += c, a1 += c, a2 += c, a3 += c, a4 += c, a5 += c, a6 += c;
    asm volatile("" : "+x"(m0), "+x"(m1), "+x"(m2), "+x"(m3), "+x"(m4), "+x"(m5), "+x"(m6));
    asm volatile("" : "+x"(a0), "+x"(a1), "+x"(a2), "+x"(a3), "+x"(a4), "+x"(a5), "+x"(a6));
  }
  return Seconds(start);
}
constexpr int kChains = 7;
#endif

double PeakGflops() {
  const long iters = 1 << 21;
  double best = 0;
  for (int rep = 0; rep < 15; ++rep) {
    const double flops = 2.0 * kLanes * kChains * static_cast<double>(iters);
    const double gflops = flops / FmaLoop(iters) / 1e9;
    if (gflops > best) best = gflops;
  }
  return best;
}

double ReadGbps(size_t bytes) {
  const size_t n = bytes / sizeof(Vec) / 8 * 8;
  if (n == 0) return 0;
  Vec* buf = static_cast<Vec*>(std::aligned_alloc(64, n * sizeof(Vec)));
  for (size_t i = 0; i < n; ++i) buf[i] = Vec{} + static_cast<float>(i & 7);
  // Sweeps per repetition: about 64 MiB read, at least one sweep.
  const size_t sweeps = (64u << 20) / (n * sizeof(Vec)) + 1;
  double best = 0;
  Vec total = Vec{};
  for (int rep = 0; rep < 7; ++rep) {
    auto start = Clock::now();
    for (size_t s = 0; s < sweeps; ++s) {
      Vec acc[8] = {};
      for (size_t i = 0; i < n; i += 8)
#pragma GCC unroll 8
        for (int j = 0; j < 8; ++j) acc[j] += buf[i + j];
      for (int j = 0; j < 8; ++j) total += acc[j];
      asm volatile("" : "+v"(total));
    }
    const double gbps = static_cast<double>(sweeps * n * sizeof(Vec)) / Seconds(start) / 1e9;
    if (gbps > best) best = gbps;
  }
  std::free(buf);
  if (total[0] == 12345.0f) std::puts("");
  return best;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 2 && std::strcmp(argv[1], "peak") == 0) {
    std::printf("peak_gflops=%.2f lanes=%d\n", PeakGflops(), kLanes);
    return 0;
  }
  if (argc == 3 && std::strcmp(argv[1], "read") == 0) {
    std::printf("read_gbps=%.2f\n", ReadGbps(std::strtoull(argv[2], nullptr, 10)));
    return 0;
  }
  std::fprintf(stderr, "usage: machine_probe peak | machine_probe read BYTES\n");
  return 2;
}
