/*
 * The VT-F32 kernels: one C source (vtf32_kernels.c) for every kernel of the engine's Backend interface
 * (engine/src/backend/backend.ts has the exact arithmetic of each; docs/numerics.md the prose). The native
 * addon compiles it once per x86 instruction set (SSE2, AVX2, AVX-512; VT_ISA names the copy) and picks
 * one at run time; the WebAssembly module compiles it once with SIMD128. Every copy gives the same bits.
 *
 * Rules of the source (what keeps it exact):
 * - every multiply, add, subtract, divide and sqrt rounds separately: built with -ffp-contract=off, never
 *   -ffast-math; vectors are used across independent outputs only, never across one sum;
 * - each sum has one accumulator from +0 and adds its terms in ascending index order; a sum may be
 *   stored to memory and resumed (that is the same sequence of roundings), never split and recombined;
 * - exp, log and tanh are the protocol polynomials, written here from docs/numerics.md.
 *
 * Callers (the addon, the WebAssembly host) have already checked every shape: kernels trust their sizes.
 * Kernels with a range [lo, hi) compute only that part of their output, so a thread pool can split them;
 * any split gives the same bits because the parts are independent.
 */
#ifndef VTF32_H
#define VTF32_H

#include <stddef.h>
#include <stdint.h>

#ifndef VT_ISA
#define VT_ISA generic
#endif
#define VT_CAT2(a, b) a##_##b
#define VT_CAT(a, b) VT_CAT2(a, b)
/* VT(name) is the ISA-specific symbol of a kernel, e.g. vt_matmul_avx2. */
#define VT(name) VT_CAT(name, VT_ISA)

/* matmul layouts: a is [m×k] or, with VT_TRANS_A, [k×m]; b is [k×n] or, with VT_TRANS_B, [n×k]. */
enum { VT_NN = 0, VT_NT = 2, VT_TN = 1 };

/* Floats of scratch one gemm tile call needs (a packed panel of b). */
size_t VT(vt_gemm_scratch_floats)(size_t k);
/*
 * out[i, j] for rows i in [i0, i1) and columns j in [j0, j1) (j0 a multiple of vt_gemm_panel_cols) of
 * out[m×n] = op(a)·op(b). `sparse` (from vt_gemm_plan) picks the zero-skipping path; both paths give the
 * same bits.
 */
void VT(vt_gemm_tile)(const float *a, const float *b, float *out, size_t m, size_t k, size_t n, int layout,
                      int sparse, const uint8_t *finite_rows, size_t i0, size_t i1, size_t j0, size_t j1,
                      float *scratch);
/* Columns per packed panel: j ranges of vt_gemm_tile start at multiples of this. */
size_t VT(vt_gemm_panel_cols)(void);
/* Rows per register tile: row ranges that start at multiples of this run fastest. */
size_t VT(vt_gemm_tile_rows)(void);
/*
 * Fills finite_rows[p] (p < k) with 1 where row p of op(b) is all finite, and returns 1 when enough of
 * op(a)'s entries are skippable zeros (a zero whose b row is finite) for the zero-skipping path to pay.
 */
int VT(vt_gemm_plan)(const float *a, const float *b, size_t m, size_t k, size_t n, int layout, uint8_t *finite_rows);

/* elementwise, i in [lo, hi); out may alias an input */
void VT(vt_add)(const float *a, const float *b, float *out, size_t lo, size_t hi);
void VT(vt_sub)(const float *a, const float *b, float *out, size_t lo, size_t hi);
void VT(vt_mul)(const float *a, const float *b, float *out, size_t lo, size_t hi);
void VT(vt_div)(const float *a, const float *b, float *out, size_t lo, size_t hi);
void VT(vt_scale)(const float *a, float s, float *out, size_t lo, size_t hi);
void VT(vt_add_scalar)(const float *a, float s, float *out, size_t lo, size_t hi);
void VT(vt_sqrt)(const float *a, float *out, size_t lo, size_t hi);
void VT(vt_relu)(const float *x, float *out, size_t lo, size_t hi);
void VT(vt_relu_backward)(const float *x, const float *dy, float *out, size_t lo, size_t hi);
void VT(vt_gelu)(const float *x, float *out, size_t lo, size_t hi);
void VT(vt_gelu_backward)(const float *x, const float *dy, float *out, size_t lo, size_t hi);
void VT(vt_sgd_update)(float *param, const float *grad, float *velocity, float lr, float momentum, float lrwd,
                       size_t lo, size_t hi);
void VT(vt_adamw_update)(float *param, const float *grad, float *m, float *v, const float *scalars, size_t lo,
                         size_t hi);

/* rows i in [lo, hi) */
void VT(vt_add_row_vector)(const float *a, const float *v, float *out, size_t cols, size_t lo, size_t hi);
void VT(vt_softmax_rows)(const float *x, float *out, size_t cols, int causal, size_t lo, size_t hi);
void VT(vt_softmax_rows_backward)(const float *y, const float *dy, float *out, size_t cols, size_t lo, size_t hi);
void VT(vt_layer_norm)(const float *x, const float *gamma, const float *beta, float *y, float *mean, float *rstd,
                       size_t cols, float eps, size_t lo, size_t hi);
/* dx rows [lo, hi) */
void VT(vt_layer_norm_backward_dx)(const float *x, const float *gamma, const float *mean, const float *rstd,
                                   const float *dy, float *dx, size_t cols, size_t lo, size_t hi);
/* dgamma, dbeta columns [lo, hi), summed over all rows in ascending order */
void VT(vt_layer_norm_backward_params)(const float *x, const float *mean, const float *rstd, const float *dy,
                                       float *dgamma, float *dbeta, size_t rows, size_t cols, size_t lo, size_t hi);
/* rows [lo, hi): dlogits rows and the per-row losses (summed by vt_sum afterwards, in row order) */
void VT(vt_cross_entropy_rows)(const float *logits, const int32_t *targets, float *dlogits, float *row_loss,
                               size_t rows, size_t cols, size_t lo, size_t hi);

/* columns j in [lo, hi) of the sums over all rows */
void VT(vt_sum_rows)(const float *a, float *out, size_t rows, size_t cols, size_t lo, size_t hi);
/* columns c in [lo, hi) of every table row */
void VT(vt_embedding_scatter_add)(const float *d_out, const int32_t *ids, size_t count, float *out, size_t vocab,
                                  size_t dim, size_t lo, size_t hi);

/* whole-array kernels */
float VT(vt_sum)(const float *a, size_t len);
/* rows i in [lo, hi) of a[rows×cols] */
void VT(vt_transpose)(const float *a, float *out, size_t rows, size_t cols, size_t lo, size_t hi);
/* outer index a in [lo, hi) of x[d0×d1×d2×d3] */
void VT(vt_swap_axes12)(const float *x, float *out, size_t d1, size_t d2, size_t d3, size_t lo, size_t hi);
/* rows r in [lo, hi) */
void VT(vt_embedding_gather)(const float *table, const int32_t *ids, float *out, size_t dim, size_t lo, size_t hi);

/* the no-FMA ceiling probe: `iterations` rounds of register-only multiplies and adds (benchmarks) */
float VT(vt_probe)(size_t iterations, float seed);
size_t VT(vt_probe_flops)(void);

/* the protocol polynomials, one value (for tests) */
float VT(vt_exp)(float x);
float VT(vt_log)(float x);
float VT(vt_tanh)(float x);

#endif
