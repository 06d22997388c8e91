/*
 * The WebAssembly copy of the VT-F32 kernels (built by engine/scripts/buildWasm.mjs into engine/wasm/vtf32.wasm).
 * It compiles vtf32_kernels.c with SIMD128 vectors and adds the few entry points that, in the native addon
 * (addon.c), are sequences of kernel calls: a product (plan, then one tile over the whole output), a batch of
 * products, cross-entropy (rows, then the loss sum in row order) and the layer-norm backward (dx, then the
 * parameter sums). Every export is a VT(...) name, so it ends in _wasm.
 *
 * The module has no libc and imports nothing. The JavaScript host (engine/src/backend/wasm) owns all memory
 * above __heap_base: it lays out every array and every scratch buffer of a call there, so nothing here
 * allocates. Sizes and pointers are 32-bit (wasm32).
 */
#define VT_ISA wasm
#define VT_VEC_BYTES 16
#include "vtf32_kernels.c"

/* out[m×n] = op(a)·op(b): finite_rows holds k bytes, scratch vt_gemm_scratch_floats(k) floats. */
void VT(vt_matmul)(const float *a, const float *b, float *out, size_t m, size_t k, size_t n, int layout,
                   uint8_t *finite_rows, float *scratch) {
  const int sparse = VT(vt_gemm_plan)(a, b, m, k, n, layout, finite_rows);
  VT(vt_gemm_tile)(a, b, out, m, k, n, layout, sparse, finite_rows, 0, m, 0, n, scratch);
}

/*
 * Block g of x (a, b, out) starts at x[off + (g / group)·outer + (g % group)·inner]; strides holds
 * a.off, a.outer, a.inner, b.off, b.outer, b.inner, out.off, out.outer, out.inner (in floats).
 */
void VT(vt_matmul_batched)(const float *a, const float *b, float *out, size_t m, size_t k, size_t n, int layout,
                           size_t count, size_t group, const uint32_t *strides, uint8_t *finite_rows,
                           float *scratch) {
  for (size_t g = 0; g < count; g++) {
    const size_t o = g / group, r = g % group;
    VT(vt_matmul)(a + strides[0] + o * strides[1] + r * strides[2], b + strides[3] + o * strides[4] + r * strides[5],
                  out + strides[6] + o * strides[7] + r * strides[8], m, k, n, layout, finite_rows, scratch);
  }
}

/* The mean loss; row_loss holds rows floats. rows, cols ≥ 1. */
float VT(vt_cross_entropy)(const float *logits, const int32_t *targets, float *dlogits, float *row_loss, size_t rows,
                           size_t cols) {
  VT(vt_cross_entropy_rows)(logits, targets, dlogits, row_loss, rows, cols, 0, rows);
  return VT(vt_sum)(row_loss, rows) / (float)rows;
}

void VT(vt_layer_norm_backward)(const float *x, const float *gamma, const float *mean, const float *rstd,
                                const float *dy, float *dx, float *dgamma, float *dbeta, size_t rows, size_t cols) {
  VT(vt_layer_norm_backward_dx)(x, gamma, mean, rstd, dy, dx, cols, 0, rows);
  VT(vt_layer_norm_backward_params)(x, mean, rstd, dy, dgamma, dbeta, rows, cols, 0, cols);
}
