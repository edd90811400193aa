// The floating-point environment TensorFlow runs its CPU kernels in: its
// executor and thread pools wrap every kernel in port::ScopedFlushDenormal,
// so denormal inputs count as zero (DAZ) and denormal results become zero
// (FTZ). Generated code runs Run() in the same environment, so results
// with denormals match TensorFlow's (and a denormal-heavy input does not hit
// the slow microcode path). The caller's environment is restored on return.
// Only x86's SSE control register is touched; elsewhere this is a no-op.
#ifndef TFAOT_RUNTIME_FLOAT_ENV_H_
#define TFAOT_RUNTIME_FLOAT_ENV_H_

#if defined(__SSE__)
#include <xmmintrin.h>

#include "runtime/isa.h"
#endif

namespace tfaot::rt {
inline namespace TFAOT_RT_ISA {

class ScopedFlushDenormal {
 public:
#if defined(__SSE__)
  // MXCSR bit 15 is flush-to-zero, bit 6 denormals-are-zero.
  static constexpr unsigned kFtzDaz = 0x8040;
  ScopedFlushDenormal() : saved_(_mm_getcsr()) {
    if ((saved_ & kFtzDaz) != kFtzDaz) _mm_setcsr(saved_ | kFtzDaz);
  }
  ~ScopedFlushDenormal() {
    if ((saved_ & kFtzDaz) != kFtzDaz) _mm_setcsr(saved_);
  }
#else
  ScopedFlushDenormal() {}
#endif
  ScopedFlushDenormal(const ScopedFlushDenormal&) = delete;
  ScopedFlushDenormal& operator=(const ScopedFlushDenormal&) = delete;

#if defined(__SSE__)
 private:
  unsigned saved_;
#endif
};

}  // namespace TFAOT_RT_ISA
}  // namespace tfaot::rt

#endif  // TFAOT_RUNTIME_FLOAT_ENV_H_
