// The runtime's kernels are inline functions in headers, compiled into each
// model with that model's target flags (-mavx2, -march=x86-64-v4, ...). Two
// models of different targets in one binary would otherwise both define
// tfaot::rt::ew::Add (say) with different machine code, and the linker keeps
// one copy for both: the AVX-512 one may then run on an AVX2-only machine
// (SIGILL), or the SSE2 one silently slow down the AVX-512 model.
//
// So every kernel lives in an inline namespace named after the instruction
// set extensions the compiler was told it may use (its predefined macros)
// and after -ffast-math, which changes results: each distinct set of flags
// gets distinct symbols, source code still writes tfaot::rt::ew::Add. Only
// the ThreadPool interface, which the generated header names, stays in
// tfaot::rt itself (runtime/thread_pool.h).
//
// The base token is the highest of a chain each step of which implies the
// one below in GCC and Clang (AVX-512F > AVX2 > AVX > SSE4.2 > SSE4.1 >
// SSSE3 > SSE3 > SSE2); every extension outside that chain that GCC may use
// when generating code adds its own token. With the macro's targets:
// generic: isa_sse2; avx2: isa_avx2_fma_popcnt (in GCC SSE4.2 implies POPCNT);
// avx512 (x86-64-v4):
// isa_avx512f_fma_f16c_bmi_bmi2_lzcnt_popcnt_movbe_bw_cd_dq_vl.
#ifndef TFAOT_RUNTIME_ISA_H_
#define TFAOT_RUNTIME_ISA_H_

#if defined(__AVX512F__)
#define TFAOT_RT_ISA_BASE _avx512f
#elif defined(__AVX2__)
#define TFAOT_RT_ISA_BASE _avx2
#elif defined(__AVX__)
#define TFAOT_RT_ISA_BASE _avx
#elif defined(__SSE4_2__)
#define TFAOT_RT_ISA_BASE _sse42
#elif defined(__SSE4_1__)
#define TFAOT_RT_ISA_BASE _sse41
#elif defined(__SSSE3__)
#define TFAOT_RT_ISA_BASE _ssse3
#elif defined(__SSE3__)
#define TFAOT_RT_ISA_BASE _sse3
#elif defined(__SSE2__)
#define TFAOT_RT_ISA_BASE _sse2
#else
#define TFAOT_RT_ISA_BASE _scalar
#endif

// One token per extension: `_name` when the compiler may use it, else empty.
#ifdef __FMA__
#define TFAOT_RT_ISA_FMA _fma
#else
#define TFAOT_RT_ISA_FMA
#endif
#ifdef __F16C__
#define TFAOT_RT_ISA_F16C _f16c
#else
#define TFAOT_RT_ISA_F16C
#endif
#ifdef __BMI__
#define TFAOT_RT_ISA_BMI _bmi
#else
#define TFAOT_RT_ISA_BMI
#endif
#ifdef __BMI2__
#define TFAOT_RT_ISA_BMI2 _bmi2
#else
#define TFAOT_RT_ISA_BMI2
#endif
#ifdef __LZCNT__
#define TFAOT_RT_ISA_LZCNT _lzcnt
#else
#define TFAOT_RT_ISA_LZCNT
#endif
#ifdef __POPCNT__
#define TFAOT_RT_ISA_POPCNT _popcnt
#else
#define TFAOT_RT_ISA_POPCNT
#endif
#ifdef __MOVBE__
#define TFAOT_RT_ISA_MOVBE _movbe
#else
#define TFAOT_RT_ISA_MOVBE
#endif
#ifdef __AVX512BW__
#define TFAOT_RT_ISA_AVX512BW _bw
#else
#define TFAOT_RT_ISA_AVX512BW
#endif
#ifdef __AVX512CD__
#define TFAOT_RT_ISA_AVX512CD _cd
#else
#define TFAOT_RT_ISA_AVX512CD
#endif
#ifdef __AVX512DQ__
#define TFAOT_RT_ISA_AVX512DQ _dq
#else
#define TFAOT_RT_ISA_AVX512DQ
#endif
#ifdef __AVX512VL__
#define TFAOT_RT_ISA_AVX512VL _vl
#else
#define TFAOT_RT_ISA_AVX512VL
#endif
#ifdef __AVX512IFMA__
#define TFAOT_RT_ISA_AVX512IFMA _ifma
#else
#define TFAOT_RT_ISA_AVX512IFMA
#endif
#ifdef __AVX512VBMI__
#define TFAOT_RT_ISA_AVX512VBMI _vbmi
#else
#define TFAOT_RT_ISA_AVX512VBMI
#endif
#ifdef __AVX512VBMI2__
#define TFAOT_RT_ISA_AVX512VBMI2 _vbmi2
#else
#define TFAOT_RT_ISA_AVX512VBMI2
#endif
#ifdef __AVX512VNNI__
#define TFAOT_RT_ISA_AVX512VNNI _vnni
#else
#define TFAOT_RT_ISA_AVX512VNNI
#endif
#ifdef __AVX512BITALG__
#define TFAOT_RT_ISA_AVX512BITALG _bitalg
#else
#define TFAOT_RT_ISA_AVX512BITALG
#endif
#ifdef __AVX512VPOPCNTDQ__
#define TFAOT_RT_ISA_AVX512VPOPCNTDQ _vpopcntdq
#else
#define TFAOT_RT_ISA_AVX512VPOPCNTDQ
#endif
#ifdef __AVX512BF16__
#define TFAOT_RT_ISA_AVX512BF16 _bf16
#else
#define TFAOT_RT_ISA_AVX512BF16
#endif
#ifdef __AVX512FP16__
#define TFAOT_RT_ISA_AVX512FP16 _fp16
#else
#define TFAOT_RT_ISA_AVX512FP16
#endif
#ifdef __AVXVNNI__
#define TFAOT_RT_ISA_AVXVNNI _avxvnni
#else
#define TFAOT_RT_ISA_AVXVNNI
#endif
#ifdef __GFNI__
#define TFAOT_RT_ISA_GFNI _gfni
#else
#define TFAOT_RT_ISA_GFNI
#endif
#ifdef __VAES__
#define TFAOT_RT_ISA_VAES _vaes
#else
#define TFAOT_RT_ISA_VAES
#endif
#ifdef __VPCLMULQDQ__
#define TFAOT_RT_ISA_VPCLMULQDQ _vpclmulqdq
#else
#define TFAOT_RT_ISA_VPCLMULQDQ
#endif
// Not an instruction set, but it changes the kernels' results.
#ifdef __FAST_MATH__
#define TFAOT_RT_ISA_FAST_MATH _fastmath
#else
#define TFAOT_RT_ISA_FAST_MATH
#endif

// Pastes the tokens; the indirection expands each macro argument first.
#define TFAOT_RT_ISA_PASTE(base, a, b, c, d, e, f, g, h, i, j, k, l, m, n, o, p, q, r, s, t, u, \
                           v, w, x)                                                          \
  isa##base##a##b##c##d##e##f##g##h##i##j##k##l##m##n##o##p##q##r##s##t##u##v##w##x
#define TFAOT_RT_ISA_NAME(...) TFAOT_RT_ISA_PASTE(__VA_ARGS__)

// The inline namespace every runtime header opens inside tfaot::rt.
#define TFAOT_RT_ISA                                                                         \
  TFAOT_RT_ISA_NAME(TFAOT_RT_ISA_BASE, TFAOT_RT_ISA_FMA, TFAOT_RT_ISA_F16C, TFAOT_RT_ISA_BMI, \
                    TFAOT_RT_ISA_BMI2, TFAOT_RT_ISA_LZCNT, TFAOT_RT_ISA_POPCNT,               \
                    TFAOT_RT_ISA_MOVBE, TFAOT_RT_ISA_AVX512BW, TFAOT_RT_ISA_AVX512CD,         \
                    TFAOT_RT_ISA_AVX512DQ, TFAOT_RT_ISA_AVX512VL, TFAOT_RT_ISA_AVX512IFMA,    \
                    TFAOT_RT_ISA_AVX512VBMI, TFAOT_RT_ISA_AVX512VBMI2, TFAOT_RT_ISA_AVX512VNNI, \
                    TFAOT_RT_ISA_AVX512BITALG, TFAOT_RT_ISA_AVX512VPOPCNTDQ,                  \
                    TFAOT_RT_ISA_AVX512BF16, TFAOT_RT_ISA_AVX512FP16, TFAOT_RT_ISA_AVXVNNI,   \
                    TFAOT_RT_ISA_GFNI, TFAOT_RT_ISA_VAES, TFAOT_RT_ISA_VPCLMULQDQ,            \
                    TFAOT_RT_ISA_FAST_MATH)

#endif  // TFAOT_RUNTIME_ISA_H_
