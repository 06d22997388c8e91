/*
 * What the host passes to each CUDA kernel: one plain struct per kernel, by value (kernelParams[0] of
 * cuLaunchKernel points at it), with the same layout on the device and in the host emulator. The kernel
 * list below is the single table of names both the driver (cuModuleGetFunction) and the emulator use.
 */
#ifndef VT_CUDA_ARGS_H
#define VT_CUDA_ARGS_H

#include <stdint.h>

typedef long long vt_i64;

/* Tile of the exact product: a block computes GEMM_BM×GEMM_BN outputs with 256 threads, each owning
   GEMM_TM×GEMM_TN accumulators; k goes by GEMM_BK terms at a time, always in ascending order. */
#define GEMM_BM 128
#define GEMM_BN 128
#define GEMM_BK 8
#define GEMM_TM 8
#define GEMM_TN 8
#define GEMM_THREADS 256
/* Threads per block of every other kernel. */
#define VT_THREADS 256
/* Blocks of the non-finite count (partial counts the host adds up). */
#define VT_COUNT_BLOCKS 256

/* A(i,p) = a[i*sai + p*sap], B(p,j) = b[p*sbp + j*sbj]; block g = g0 + blockIdx.z of a batch starts at
   off + (g / group)·outer + (g mod group)·inner in each operand; out blocks are [m×n] row-major. */
typedef struct {
  const float *a;
  const float *b;
  float *out;
  vt_i64 m, k, n;
  vt_i64 sai, sap, sbp, sbj;
  vt_i64 a_off, a_outer, a_inner;
  vt_i64 b_off, b_outer, b_inner;
  vt_i64 o_off, o_outer, o_inner;
  vt_i64 group, g0;
} GemmArgs;

/* Elementwise: binary (op 0 add, 1 sub, 2 mul, 3 div), scalar (0 scale, 1 addScalar), unary (0 sqrt,
   1 relu, 2 gelu, 3 exp, 4 log, 5 tanh), unary backward (0 relu, 1 gelu: a = x, b = dy). */
typedef struct {
  const float *a;
  const float *b;
  float *out;
  vt_i64 n;
  float s;
  int op;
} EwArgs;

typedef struct {
  float *param;
  const float *grad;
  float *m; /* SGD: the velocity */
  float *v;
  vt_i64 n;
  float sc[9]; /* SGD: lr, momentum, lrwd; AdamW: beta1, beta2, c1, c2, lr, eps, lrwd, bc1, bc2 */
} OptArgs;

/* Row kernels: x[rows×cols]; the meaning of the other pointers is the kernel's (see vtf32_kernels.cu). */
typedef struct {
  const float *x;
  const float *y;  /* second input (dy, gamma, v, …) */
  const float *z;  /* third input */
  const float *w;  /* fourth input */
  float *o1;
  float *o2;
  float *o3;
  const int32_t *ids;
  vt_i64 rows, cols;
  float eps;
  int flag; /* softmax: causal */
} RowArgs;

/* Data movement: transpose (d0 = rows, d1 = cols), swapAxes12 (d0…d3), gather (ids, d0 = count,
   d1 = dim), scatter through a CSR list of rows per id (off[vocab+1], rows), d0 = vocab, d1 = dim. */
typedef struct {
  const float *x;
  float *out;
  const int32_t *ids;
  const int32_t *off;
  vt_i64 d0, d1, d2, d3;
} MoveArgs;

/* One thread sums x[0…n) in order; out[0] = sum, or sum ⊘ div when div > 0. Also the non-finite count. */
typedef struct {
  const float *x;
  float *out;
  int32_t *counts;
  vt_i64 n;
  float div;
} SumArgs;

/* The no-FMA ceiling probe: independent add and multiply chains. */
typedef struct {
  float *out;
  vt_i64 iterations;
  float seed;
} ProbeArgs;

/* X(name, args type, uses __syncthreads) */
#define VT_KERNELS(X)                  \
  X(vt_gemm, GemmArgs, 1)              \
  X(vt_binary, EwArgs, 0)              \
  X(vt_scalar, EwArgs, 0)              \
  X(vt_unary, EwArgs, 0)               \
  X(vt_unary_backward, EwArgs, 0)      \
  X(vt_sgd, OptArgs, 0)                \
  X(vt_adamw, OptArgs, 0)              \
  X(vt_add_row_vector, RowArgs, 0)     \
  X(vt_softmax_rows, RowArgs, 0)       \
  X(vt_softmax_rows_backward, RowArgs, 0) \
  X(vt_layer_norm, RowArgs, 0)         \
  X(vt_layer_norm_backward_dx, RowArgs, 0) \
  X(vt_layer_norm_backward_params, RowArgs, 0) \
  X(vt_cross_entropy_rows, RowArgs, 0) \
  X(vt_sum_rows, RowArgs, 0)           \
  X(vt_transpose, MoveArgs, 0)         \
  X(vt_swap_axes12, MoveArgs, 0)       \
  X(vt_gather, MoveArgs, 0)            \
  X(vt_scatter_csr, MoveArgs, 0)       \
  X(vt_sum_ordered, SumArgs, 0)        \
  X(vt_count_nonfinite, SumArgs, 1)    \
  X(vt_probe, ProbeArgs, 0)

enum {
#define VT_ENUM(name, type, sync) K_##name,
  VT_KERNELS(VT_ENUM)
#undef VT_ENUM
  K_COUNT
};

#endif
