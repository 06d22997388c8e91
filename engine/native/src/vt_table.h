/* One instruction set's copy of the kernels, as a table the addon dispatches through. */
#ifndef VT_TABLE_H
#define VT_TABLE_H
#include <stddef.h>
#include <stdint.h>

typedef struct vt_table {
  const char *name;
  size_t (*gemm_scratch_floats)(size_t k);
  size_t (*gemm_panel_cols)(void);
  size_t (*gemm_tile_rows)(void);
  int (*gemm_plan)(const float *a, const float *b, size_t m, size_t k, size_t n, int layout, uint8_t *finite_rows);
  void (*gemm_tile)(const float *a, const float *b, float *out, size_t m, size_t k, size_t n, int layout, int sparse,
                    const uint8_t *finite_rows, size_t i0, size_t i1, size_t j0, size_t j1, float *scratch);
  void (*binary[4])(const float *a, const float *b, float *out, size_t lo, size_t hi);
  void (*scalar[2])(const float *a, float s, float *out, size_t lo, size_t hi);
  void (*unary[3])(const float *x, float *out, size_t lo, size_t hi);
  void (*unary_backward[2])(const float *x, const float *dy, float *out, size_t lo, size_t hi);
  void (*sgd_update)(float *param, const float *grad, float *velocity, float lr, float momentum, float lrwd,
                     size_t lo, size_t hi);
  void (*adamw_update)(float *param, const float *grad, float *m, float *v, const float *scalars, size_t lo,
                       size_t hi);
  void (*add_row_vector)(const float *a, const float *v, float *out, size_t cols, size_t lo, size_t hi);
  void (*softmax_rows)(const float *x, float *out, size_t cols, int causal, size_t lo, size_t hi);
  void (*softmax_rows_backward)(const float *y, const float *dy, float *out, size_t cols, size_t lo, size_t hi);
  void (*layer_norm)(const float *x, const float *gamma, const float *beta, float *y, float *mean, float *rstd,
                     size_t cols, float eps, size_t lo, size_t hi);
  void (*layer_norm_backward_dx)(const float *x, const float *gamma, const float *mean, const float *rstd,
                                 const float *dy, float *dx, size_t cols, size_t lo, size_t hi);
  void (*layer_norm_backward_params)(const float *x, const float *mean, const float *rstd, const float *dy,
                                     float *dgamma, float *dbeta, size_t rows, size_t cols, size_t lo, size_t hi);
  void (*cross_entropy_rows)(const float *logits, const int32_t *targets, float *dlogits, float *row_loss,
                             size_t rows, size_t cols, size_t lo, size_t hi);
  void (*sum_rows)(const float *a, float *out, size_t rows, size_t cols, size_t lo, size_t hi);
  void (*embedding_scatter_add)(const float *d_out, const int32_t *ids, size_t count, float *out, size_t vocab,
                                size_t dim, size_t lo, size_t hi);
  float (*sum)(const float *a, size_t len);
  void (*transpose)(const float *a, float *out, size_t rows, size_t cols, size_t lo, size_t hi);
  void (*swap_axes12)(const float *x, float *out, size_t d1, size_t d2, size_t d3, size_t lo, size_t hi);
  void (*embedding_gather)(const float *table, const int32_t *ids, float *out, size_t dim, size_t lo, size_t hi);
  float (*poly[3])(float x);
  float (*probe)(size_t iterations, float seed);
  size_t (*probe_flops)(void);
} vt_table;

/* Defines `const vt_table vt_table_<isa>` from the VT(...) kernels of this translation unit. */
#define VT_DEFINE_TABLE(isa_name)                                                                     \
  const vt_table VT(vt_table) = {                                                                     \
      isa_name,                                                                                       \
      VT(vt_gemm_scratch_floats),                                                                     \
      VT(vt_gemm_panel_cols),                                                                         \
      VT(vt_gemm_tile_rows),                                                                          \
      VT(vt_gemm_plan),                                                                               \
      VT(vt_gemm_tile),                                                                               \
      {VT(vt_add), VT(vt_sub), VT(vt_mul), VT(vt_div)},                                               \
      {VT(vt_scale), VT(vt_add_scalar)},                                                              \
      {VT(vt_sqrt), VT(vt_relu), VT(vt_gelu)},                                                        \
      {VT(vt_relu_backward), VT(vt_gelu_backward)},                                                   \
      VT(vt_sgd_update),                                                                              \
      VT(vt_adamw_update),                                                                            \
      VT(vt_add_row_vector),                                                                          \
      VT(vt_softmax_rows),                                                                            \
      VT(vt_softmax_rows_backward),                                                                   \
      VT(vt_layer_norm),                                                                              \
      VT(vt_layer_norm_backward_dx),                                                                  \
      VT(vt_layer_norm_backward_params),                                                              \
      VT(vt_cross_entropy_rows),                                                                      \
      VT(vt_sum_rows),                                                                                \
      VT(vt_embedding_scatter_add),                                                                   \
      VT(vt_sum),                                                                                     \
      VT(vt_transpose),                                                                               \
      VT(vt_swap_axes12),                                                                             \
      VT(vt_embedding_gather),                                                                        \
      {VT(vt_exp), VT(vt_log), VT(vt_tanh)},                                                          \
      VT(vt_probe),                                                                                   \
      VT(vt_probe_flops),                                                                             \
  }

extern const vt_table vt_table_sse2;
extern const vt_table vt_table_avx2;
extern const vt_table vt_table_avx512;
#endif
