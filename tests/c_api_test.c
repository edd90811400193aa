/* Compiled as C: the generated header must be valid C, and the extern "C"
 * entry point must compute what numpy computes (tests/mlp_oracle.py). */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "tests/add_vars.h"
#include "tests/mlp.h"
#include "tests/mlp_expected.h"
#include "tests/mul_add.h"

static int Close(float got, float want) {
  return fabsf(got - want) <= 1e-5f + 1e-4f * fabsf(want);
}

int main(void) {
  size_t bytes = tfaot_test_nn_Mlp_arena_bytes();
  size_t rounded = (bytes + 64 + 63) / 64 * 64; /* room for a misaligned try */
  unsigned char* arena = aligned_alloc(64, rounded);
  float probs[6];
  float hidden[10];
  int failures = 0;
  int i;
  if (!arena || bytes == 0) {
    printf("FAIL: arena of %zu bytes\n", bytes);
    return 1;
  }
  if (tfaot_test_nn_Mlp_run(kMlpInput, probs, hidden, arena) != 0) {
    printf("FAIL: run returned non-zero on an aligned arena\n");
    return 1;
  }
  for (i = 0; i < 6; ++i) {
    if (!Close(probs[i], kMlpExpectedProbs[i])) {
      printf("FAIL: probs[%d] = %.9g, numpy says %.9g\n", i, probs[i], kMlpExpectedProbs[i]);
      ++failures;
    }
  }
  for (i = 0; i < 10; ++i) {
    if (!Close(hidden[i], kMlpExpectedHidden[i])) {
      printf("FAIL: hidden[%d] = %.9g, numpy says %.9g\n", i, hidden[i], kMlpExpectedHidden[i]);
      ++failures;
    }
  }
  if (tfaot_test_nn_Mlp_run(kMlpInput, probs, hidden, arena + 1) != 1) {
    printf("FAIL: a misaligned arena was not refused\n");
    ++failures;
  }
  {
    /* Integer feeds; and a model without feeds. Hand values: 2 * 3 + 1, 3 + 4. */
    int32_t x = 2, y = 3, result = 0;
    float sum = 0.0f;
    unsigned char* small = aligned_alloc(64, 64 * 16);
    if (tfaot_test_MulAdd_arena_bytes() > 64 * 16 || tfaot_test_AddVars_arena_bytes() > 64 * 16 ||
        tfaot_test_MulAdd_run(&x, &y, &result, small) != 0 || result != 7 ||
        tfaot_test_AddVars_run(&sum, small) != 0 || sum != 7.0f) {
      printf("FAIL: mul_add gave %d, add_vars gave %g\n", (int)result, sum);
      ++failures;
    }
    free(small);
  }
  free(arena);
  if (failures == 0) printf("PASS\n");
  return failures == 0 ? 0 : 1;
}
