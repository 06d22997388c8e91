/*
 * Host compilation of vtf32_kernels.cu (VT_EMULATE): the CUDA built-ins the kernels use, as plain C++.
 * The intrinsics are single IEEE operations here too: the emulator is built with -ffp-contract=off and
 * without fast-math on x86-64 (SSE arithmetic, subnormals kept), so __fadd_rn(a, b) = a + b rounded once.
 * Each block's threads run as fibers (emu_runtime.cc); __syncthreads switches to the next one.
 */
#ifndef VT_EMU_SHIM_H
#define VT_EMU_SHIM_H

#include <stdint.h>
#include <string.h>

struct vt_dim3 {
  unsigned x, y, z;
};
extern thread_local vt_dim3 threadIdx, blockIdx, blockDim, gridDim;
void vt_emu_syncthreads(void);

#define __syncthreads() vt_emu_syncthreads()
#define __global__
#define __device__
#define __forceinline__ inline
/* One copy per host thread: blocks run one after another, and every fiber of a block sees the same one. */
#define __shared__ static thread_local

static inline float __fadd_rn(float a, float b) { return a + b; }
static inline float __fsub_rn(float a, float b) { return a - b; }
static inline float __fmul_rn(float a, float b) { return a * b; }
static inline float __fdiv_rn(float a, float b) { return a / b; }
static inline float __fsqrt_rn(float a) { return __builtin_sqrtf(a); }
static inline float __int_as_float(int i) {
  float f;
  memcpy(&f, &i, 4);
  return f;
}
static inline int __float_as_int(float f) {
  int i;
  memcpy(&i, &f, 4);
  return i;
}

#endif
