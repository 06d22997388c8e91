/*
 * The Node-API face of the kernels: every function works in place on the caller's typed arrays (no
 * copies), splits its work across the pool where there is enough of it, and dispatches to the copy of
 * the kernels for the best instruction set this CPU has. The TypeScript side
 * (engine/src/backend/native) has checked every shape before it calls in.
 */
#define NAPI_VERSION 8
#include <node_api.h>
#include <stdlib.h>
#include <string.h>

#include "keccak.h"
#include "pool.h"
#include "vt_table.h"
#include "vtf32.h"

static const vt_table *T = &vt_table_sse2;

/* ---------------------------------------------------------------- argument helpers */

#define THROW(env, msg)                         \
  do {                                          \
    napi_throw_error((env), "NATIVE_ARG", msg); \
    return NULL;                                \
  } while (0)

/* A typed array of type `want`: its data and length (len may be NULL). */
static int get_typed(napi_env env, napi_value v, napi_typedarray_type want, void **data, size_t *len) {
  napi_typedarray_type type;
  size_t length;
  void *ptr;
  if (napi_get_typedarray_info(env, v, &type, &length, &ptr, NULL, NULL) != napi_ok || type != want) return 0;
  *data = ptr;
  if (len) *len = length;
  return 1;
}

static int get_f32(napi_env env, napi_value v, float **data, size_t *len) {
  return get_typed(env, v, napi_float32_array, (void **)data, len);
}

static int get_i32(napi_env env, napi_value v, int32_t **data, size_t *len) {
  return get_typed(env, v, napi_int32_array, (void **)data, len);
}

static int get_size(napi_env env, napi_value v, size_t *out) {
  int64_t x;
  if (napi_get_value_int64(env, v, &x) != napi_ok || x < 0) return 0;
  *out = (size_t)x;
  return 1;
}

static int get_float(napi_env env, napi_value v, float *out) {
  double x;
  if (napi_get_value_double(env, v, &x) != napi_ok) return 0;
  *out = (float)x; /* the caller passes binary32 values: exact */
  return 1;
}

static napi_value number(napi_env env, double x) {
  napi_value v;
  napi_create_double(env, x, &v);
  return v;
}

#define ARGS(n)                                                          \
  size_t argc = (n);                                                     \
  napi_value argv[(n) > 0 ? (n) : 1];                                    \
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < (n)) \
    THROW(env, "wrong number of arguments");
#define F32(i, name, len) \
  float *name;            \
  size_t len;             \
  if (!get_f32(env, argv[i], &name, &len)) THROW(env, "argument " #i " (" #name ") must be a Float32Array");
#define I32(i, name, len) \
  int32_t *name;          \
  size_t len;             \
  if (!get_i32(env, argv[i], &name, &len)) THROW(env, "argument " #i " (" #name ") must be an Int32Array");
#define SIZE(i, name) \
  size_t name;        \
  if (!get_size(env, argv[i], &name)) THROW(env, "argument " #i " (" #name ") must be a non-negative integer");
#define FLOAT(i, name) \
  float name;          \
  if (!get_float(env, argv[i], &name)) THROW(env, "argument " #i " (" #name ") must be a number");
#define REQUIRE(cond) \
  if (!(cond)) THROW(env, "array lengths do not match the dimensions: " #cond);

/* ---------------------------------------------------------------- splitting work */

/* Elements per task of a streaming kernel, and work (multiply-adds) per task of a product. */
#define GRAIN_ELEMENTS 32768
#define GRAIN_FLOPS 65536

static size_t tasks_for(size_t work, size_t grain, size_t max_parts) {
  size_t threads = (size_t)vt_pool_threads();
  if (threads <= 1 || work < 2 * grain) return 1;
  size_t parts = work / grain;
  if (parts > threads) parts = threads;
  if (parts > max_parts) parts = max_parts;
  return parts < 1 ? 1 : parts;
}

/* [lo, hi) of part t of n items split into `parts`, boundaries rounded down to multiples of `align`. */
static void part_range(size_t n, size_t parts, size_t t, size_t align, size_t *lo, size_t *hi) {
  size_t a = n * t / parts, b = n * (t + 1) / parts;
  if (align > 1) {
    a -= a % align;
    b = t + 1 == parts ? n : b - b % align;
  }
  *lo = a;
  *hi = b;
}

/* ---------------------------------------------------------------- products */

typedef struct {
  const float *a, *b;
  float *out;
  size_t m, k, n;
  int layout, sparse;
  const uint8_t *finite;
  size_t row_parts, col_parts;
} gemm_job;

static void gemm_task(void *ctx, size_t t) {
  gemm_job *j = (gemm_job *)ctx;
  size_t i0, i1, j0, j1;
  part_range(j->m, j->row_parts, t % j->row_parts, T->gemm_tile_rows(), &i0, &i1);
  part_range(j->n, j->col_parts, t / j->row_parts, T->gemm_panel_cols(), &j0, &j1);
  if (i0 >= i1 || j0 >= j1) return;
  T->gemm_tile(j->a, j->b, j->out, j->m, j->k, j->n, j->layout, j->sparse, j->finite, i0, i1, j0, j1,
               vt_scratch(T->gemm_scratch_floats(j->k)));
}

static void gemm(const float *a, const float *b, float *out, size_t m, size_t k, size_t n, int layout,
                 int parallel) {
  uint8_t stack_flags[1024];
  uint8_t *finite = k <= sizeof stack_flags ? stack_flags : (uint8_t *)malloc(k);
  gemm_job j = {a, b, out, m, k, n, layout, 0, finite, 1, 1};
  j.sparse = T->gemm_plan(a, b, m, k, n, layout, finite);
  size_t tasks = parallel ? tasks_for(m * k * n, GRAIN_FLOPS, (size_t)-1) : 1;
  if (tasks > 1) {
    size_t panels = (n + T->gemm_panel_cols() - 1) / T->gemm_panel_cols();
    size_t row_tiles = (m + T->gemm_tile_rows() - 1) / T->gemm_tile_rows();
    /* Split columns (each part packs its own panels) when there are enough of them, else rows too. */
    j.col_parts = j.sparse ? 1 : (panels < tasks ? panels : tasks);
    j.row_parts = (tasks + j.col_parts - 1) / j.col_parts;
    if (j.row_parts > row_tiles && !j.sparse) j.row_parts = row_tiles;
    if (j.row_parts > m) j.row_parts = m;
    if (j.row_parts < 1) j.row_parts = 1;
    vt_pool_run(j.row_parts * j.col_parts, gemm_task, &j);
  } else {
    gemm_task(&j, 0);
  }
  if (finite != stack_flags) free(finite);
}

static napi_value js_matmul(napi_env env, napi_callback_info info) {
  ARGS(7);
  F32(0, a, alen);
  F32(1, b, blen);
  F32(2, out, olen);
  SIZE(3, m);
  SIZE(4, k);
  SIZE(5, n);
  SIZE(6, layout);
  REQUIRE(alen == m * k && blen == k * n && olen == m * n && (layout == VT_NN || layout == VT_NT || layout == VT_TN));
  gemm(a, b, out, m, k, n, (int)layout, 1);
  return NULL;
}

typedef struct {
  const float *a, *b;
  float *out;
  size_t m, k, n, group;
  int layout;
  size_t ao, aouter, ainner, bo, bouter, binner, oo, oouter, oinner;
} batched_job;

static void batched_task(void *ctx, size_t g) {
  batched_job *j = (batched_job *)ctx;
  size_t outer = g / j->group, inner = g % j->group;
  gemm(j->a + j->ao + outer * j->aouter + inner * j->ainner, j->b + j->bo + outer * j->bouter + inner * j->binner,
       j->out + j->oo + outer * j->oouter + inner * j->oinner, j->m, j->k, j->n, j->layout, 0);
}

static napi_value js_matmul_batched(napi_env env, napi_callback_info info) {
  ARGS(18);
  F32(0, a, alen);
  F32(1, b, blen);
  F32(2, out, olen);
  batched_job j;
  size_t vals[15];
  for (int i = 0; i < 15; i++)
    if (!get_size(env, argv[3 + i], &vals[i])) THROW(env, "matmulBatched: sizes must be non-negative integers");
  j.a = a;
  j.b = b;
  j.out = out;
  j.m = vals[0];
  j.k = vals[1];
  j.n = vals[2];
  j.layout = (int)vals[3];
  size_t count = vals[4];
  j.group = vals[5];
  j.ao = vals[6];
  j.aouter = vals[7];
  j.ainner = vals[8];
  j.bo = vals[9];
  j.bouter = vals[10];
  j.binner = vals[11];
  j.oo = vals[12];
  j.oouter = vals[13];
  j.oinner = vals[14];
  REQUIRE(j.group >= 1);
  if (count > 0) {
    size_t lo = (count - 1) / j.group, li = (count < j.group ? count : j.group) - 1;
    REQUIRE(j.ao + lo * j.aouter + li * j.ainner + j.m * j.k <= alen);
    REQUIRE(j.bo + lo * j.bouter + li * j.binner + j.k * j.n <= blen);
    REQUIRE(j.oo + lo * j.oouter + li * j.oinner + j.m * j.n <= olen);
  }
  size_t flops = count * j.m * j.k * j.n;
  if (tasks_for(flops, GRAIN_FLOPS, count) > 1)
    vt_pool_run(count, batched_task, &j);
  else
    for (size_t g = 0; g < count; g++) batched_task(&j, g);
  return NULL;
}

/* ---------------------------------------------------------------- streaming kernels */

typedef struct {
  int kind;
  int op;
  const float *a, *b;
  float *out, *c, *d;
  float s0, s1, s2;
  const float *scalars;
  size_t len, parts;
} stream_job;

enum { K_BINARY, K_SCALAR, K_UNARY, K_UNARY_BACKWARD, K_SGD, K_ADAMW };

static void stream_task(void *ctx, size_t t) {
  stream_job *j = (stream_job *)ctx;
  size_t lo, hi;
  part_range(j->len, j->parts, t, 16, &lo, &hi);
  switch (j->kind) {
    case K_BINARY: T->binary[j->op](j->a, j->b, j->out, lo, hi); break;
    case K_SCALAR: T->scalar[j->op](j->a, j->s0, j->out, lo, hi); break;
    case K_UNARY: T->unary[j->op](j->a, j->out, lo, hi); break;
    case K_UNARY_BACKWARD: T->unary_backward[j->op](j->a, j->b, j->out, lo, hi); break;
    case K_SGD: T->sgd_update(j->out, j->a, j->c, j->s0, j->s1, j->s2, lo, hi); break;
    case K_ADAMW: T->adamw_update(j->out, j->a, j->c, j->d, j->scalars, lo, hi); break;
  }
}

static void run_stream(stream_job *j, size_t cost) {
  j->parts = tasks_for(j->len * cost, GRAIN_ELEMENTS, (size_t)-1);
  vt_pool_run(j->parts, stream_task, j);
}

static napi_value js_binary(napi_env env, napi_callback_info info) {
  ARGS(4);
  SIZE(0, op);
  F32(1, a, alen);
  F32(2, b, blen);
  F32(3, out, olen);
  REQUIRE(op < 4 && blen == alen && olen == alen);
  stream_job j = {K_BINARY, (int)op, a, b, out, NULL, NULL, 0, 0, 0, NULL, alen, 1};
  run_stream(&j, 1);
  return NULL;
}

static napi_value js_scalar(napi_env env, napi_callback_info info) {
  ARGS(4);
  SIZE(0, op);
  F32(1, a, alen);
  FLOAT(2, s);
  F32(3, out, olen);
  REQUIRE(op < 2 && olen == alen);
  stream_job j = {K_SCALAR, (int)op, a, NULL, out, NULL, NULL, s, 0, 0, NULL, alen, 1};
  run_stream(&j, 1);
  return NULL;
}

static napi_value js_unary(napi_env env, napi_callback_info info) {
  ARGS(3);
  SIZE(0, op);
  F32(1, x, xlen);
  F32(2, out, olen);
  REQUIRE(op < 3 && olen == xlen);
  stream_job j = {K_UNARY, (int)op, x, NULL, out, NULL, NULL, 0, 0, 0, NULL, xlen, 1};
  run_stream(&j, op == 2 ? 16 : 1);
  return NULL;
}

static napi_value js_unary_backward(napi_env env, napi_callback_info info) {
  ARGS(4);
  SIZE(0, op);
  F32(1, x, xlen);
  F32(2, dy, dylen);
  F32(3, out, olen);
  REQUIRE(op < 2 && dylen == xlen && olen == xlen);
  stream_job j = {K_UNARY_BACKWARD, (int)op, x, dy, out, NULL, NULL, 0, 0, 0, NULL, xlen, 1};
  run_stream(&j, op == 1 ? 16 : 1);
  return NULL;
}

static napi_value js_sgd_update(napi_env env, napi_callback_info info) {
  ARGS(6);
  F32(0, param, plen);
  F32(1, grad, glen);
  F32(2, velocity, vlen);
  FLOAT(3, lr);
  FLOAT(4, momentum);
  FLOAT(5, lrwd);
  REQUIRE(glen == plen && vlen == plen);
  stream_job j = {K_SGD, 0, grad, NULL, param, velocity, NULL, lr, momentum, lrwd, NULL, plen, 1};
  run_stream(&j, 2);
  return NULL;
}

static napi_value js_adamw_update(napi_env env, napi_callback_info info) {
  ARGS(5);
  F32(0, param, plen);
  F32(1, grad, glen);
  F32(2, m, mlen);
  F32(3, v, vlen);
  F32(4, scalars, slen);
  REQUIRE(glen == plen && mlen == plen && vlen == plen && slen == 9);
  stream_job j = {K_ADAMW, 0, grad, NULL, param, m, v, 0, 0, 0, scalars, plen, 1};
  run_stream(&j, 4);
  return NULL;
}

/* ---------------------------------------------------------------- row and column kernels */

typedef struct {
  int kind;
  const float *x, *y, *z, *w;
  const int32_t *ids;
  float *o1, *o2, *o3;
  size_t rows, cols, extra, parts;
  float eps;
  int flag;
} rows_job;

enum { R_ADD_ROW, R_SOFTMAX, R_SOFTMAX_BACKWARD, R_LAYER_NORM, R_LN_DX, R_LN_PARAMS, R_CE, R_SUM_ROWS,
       R_SCATTER, R_TRANSPOSE, R_SWAP, R_GATHER };

static void rows_task(void *ctx, size_t t) {
  rows_job *j = (rows_job *)ctx;
  size_t lo, hi;
  /* Column kernels split columns (each column's sum over rows stays in row order); the rest split rows. */
  int by_cols = j->kind == R_LN_PARAMS || j->kind == R_SUM_ROWS || j->kind == R_SCATTER;
  part_range(by_cols ? j->cols : j->rows, j->parts, t, by_cols ? 16 : 1, &lo, &hi);
  switch (j->kind) {
    case R_ADD_ROW: T->add_row_vector(j->x, j->y, j->o1, j->cols, lo, hi); break;
    case R_SOFTMAX: T->softmax_rows(j->x, j->o1, j->cols, j->flag, lo, hi); break;
    case R_SOFTMAX_BACKWARD: T->softmax_rows_backward(j->x, j->y, j->o1, j->cols, lo, hi); break;
    case R_LAYER_NORM: T->layer_norm(j->x, j->y, j->z, j->o1, j->o2, j->o3, j->cols, j->eps, lo, hi); break;
    case R_LN_DX: T->layer_norm_backward_dx(j->x, j->y, j->z, j->w, j->o2, j->o1, j->cols, lo, hi); break;
    case R_LN_PARAMS:
      T->layer_norm_backward_params(j->x, j->z, j->w, j->o3, j->o1, j->o2, j->rows, j->cols, lo, hi);
      break;
    case R_CE: T->cross_entropy_rows(j->x, j->ids, j->o1, j->o2, j->rows, j->cols, lo, hi); break;
    case R_SUM_ROWS: T->sum_rows(j->x, j->o1, j->rows, j->cols, lo, hi); break;
    case R_SCATTER: T->embedding_scatter_add(j->x, j->ids, j->rows, j->o1, j->extra, j->cols, lo, hi); break;
    case R_TRANSPOSE: T->transpose(j->x, j->o1, j->rows, j->cols, lo, hi); break;
    case R_SWAP: T->swap_axes12(j->x, j->o1, j->extra, j->cols, (size_t)j->flag, lo, hi); break;
    case R_GATHER: T->embedding_gather(j->x, j->ids, j->o1, j->cols, lo, hi); break;
  }
}

static void run_rows(rows_job *j, size_t items, size_t work) {
  j->parts = tasks_for(work, GRAIN_ELEMENTS, items);
  vt_pool_run(j->parts, rows_task, j);
}

static napi_value js_add_row_vector(napi_env env, napi_callback_info info) {
  ARGS(5);
  F32(0, a, alen);
  F32(1, v, vlen);
  F32(2, out, olen);
  SIZE(3, rows);
  SIZE(4, cols);
  REQUIRE(alen == rows * cols && vlen == cols && olen == alen);
  rows_job j = {R_ADD_ROW, a, v, NULL, NULL, NULL, out, NULL, NULL, rows, cols, 0, 1, 0, 0};
  run_rows(&j, rows, rows * cols);
  return NULL;
}

static napi_value js_softmax_rows(napi_env env, napi_callback_info info) {
  ARGS(5);
  F32(0, x, xlen);
  F32(1, out, olen);
  SIZE(2, rows);
  SIZE(3, cols);
  bool causal;
  if (napi_get_value_bool(env, argv[4], &causal) != napi_ok) THROW(env, "argument 4 (causal) must be a boolean");
  REQUIRE(xlen == rows * cols && olen == xlen && (cols > 0 || rows == 0));
  rows_job j = {R_SOFTMAX, x, NULL, NULL, NULL, NULL, out, NULL, NULL, rows, cols, 0, 1, 0, causal ? 1 : 0};
  run_rows(&j, rows, rows * cols * 8);
  return NULL;
}

static napi_value js_softmax_rows_backward(napi_env env, napi_callback_info info) {
  ARGS(5);
  F32(0, y, ylen);
  F32(1, dy, dylen);
  F32(2, out, olen);
  SIZE(3, rows);
  SIZE(4, cols);
  REQUIRE(ylen == rows * cols && dylen == ylen && olen == ylen);
  rows_job j = {R_SOFTMAX_BACKWARD, y, dy, NULL, NULL, NULL, out, NULL, NULL, rows, cols, 0, 1, 0, 0};
  run_rows(&j, rows, rows * cols);
  return NULL;
}

static napi_value js_layer_norm(napi_env env, napi_callback_info info) {
  ARGS(9);
  F32(0, x, xlen);
  F32(1, gamma, glen);
  F32(2, beta, blen);
  F32(3, y, ylen);
  F32(4, mean, mlen);
  F32(5, rstd, rlen);
  SIZE(6, rows);
  SIZE(7, cols);
  FLOAT(8, eps);
  REQUIRE(xlen == rows * cols && glen == cols && blen == cols && ylen == xlen && mlen == rows && rlen == rows);
  rows_job j = {R_LAYER_NORM, x, gamma, beta, NULL, NULL, y, mean, rstd, rows, cols, 0, 1, eps, 0};
  run_rows(&j, rows, rows * cols * 3);
  return NULL;
}

static napi_value js_layer_norm_backward(napi_env env, napi_callback_info info) {
  ARGS(10);
  F32(0, x, xlen);
  F32(1, gamma, glen);
  F32(2, mean, mlen);
  F32(3, rstd, rlen);
  F32(4, dy, dylen);
  F32(5, dx, dxlen);
  F32(6, dgamma, dglen);
  F32(7, dbeta, dblen);
  SIZE(8, rows);
  SIZE(9, cols);
  REQUIRE(xlen == rows * cols && glen == cols && mlen == rows && rlen == rows && dylen == xlen && dxlen == xlen &&
          dglen == cols && dblen == cols);
  rows_job dxj = {R_LN_DX, x, gamma, mean, rstd, NULL, dx, dy, NULL, rows, cols, 0, 1, 0, 0};
  run_rows(&dxj, rows, rows * cols * 4);
  rows_job pj = {R_LN_PARAMS, x, NULL, mean, rstd, NULL, dgamma, dbeta, dy, rows, cols, 0, 1, 0, 0};
  run_rows(&pj, (cols + 15) / 16, rows * cols * 2);
  return NULL;
}

static napi_value js_cross_entropy(napi_env env, napi_callback_info info) {
  ARGS(5);
  F32(0, logits, llen);
  I32(1, targets, tlen);
  F32(2, dlogits, dlen);
  SIZE(3, rows);
  SIZE(4, cols);
  REQUIRE(llen == rows * cols && tlen == rows && dlen == llen && rows > 0 && cols > 0);
  for (size_t i = 0; i < rows; i++)
    if (targets[i] < 0 || (size_t)targets[i] >= cols) THROW(env, "crossEntropy: a target is out of range");
  float *row_loss = (float *)malloc(rows * sizeof(float));
  if (!row_loss) THROW(env, "crossEntropy: out of memory");
  rows_job j = {R_CE, logits, NULL, NULL, NULL, targets, dlogits, row_loss, NULL, rows, cols, 0, 1, 0, 0};
  run_rows(&j, rows, rows * cols * 8);
  float total = T->sum(row_loss, rows);
  free(row_loss);
  return number(env, (double)(total / (float)rows));
}

static napi_value js_sum_rows(napi_env env, napi_callback_info info) {
  ARGS(4);
  F32(0, a, alen);
  F32(1, out, olen);
  SIZE(2, rows);
  SIZE(3, cols);
  REQUIRE(alen == rows * cols && olen == cols);
  rows_job j = {R_SUM_ROWS, a, NULL, NULL, NULL, NULL, out, NULL, NULL, rows, cols, 0, 1, 0, 0};
  run_rows(&j, (cols + 15) / 16, rows * cols);
  return NULL;
}

static napi_value js_sum(napi_env env, napi_callback_info info) {
  ARGS(1);
  F32(0, a, alen);
  return number(env, (double)T->sum(a, alen));
}

static napi_value js_transpose(napi_env env, napi_callback_info info) {
  ARGS(4);
  F32(0, a, alen);
  F32(1, out, olen);
  SIZE(2, rows);
  SIZE(3, cols);
  REQUIRE(alen == rows * cols && olen == alen);
  rows_job j = {R_TRANSPOSE, a, NULL, NULL, NULL, NULL, out, NULL, NULL, rows, cols, 0, 1, 0, 0};
  run_rows(&j, rows, rows * cols);
  return NULL;
}

static napi_value js_swap_axes12(napi_env env, napi_callback_info info) {
  ARGS(6);
  F32(0, x, xlen);
  F32(1, out, olen);
  SIZE(2, d0);
  SIZE(3, d1);
  SIZE(4, d2);
  SIZE(5, d3);
  REQUIRE(xlen == d0 * d1 * d2 * d3 && olen == xlen && d3 < 0x7fffffff);
  /* rows = d0 (the split axis), extra = d1, cols = d2, flag = d3 */
  rows_job j = {R_SWAP, x, NULL, NULL, NULL, NULL, out, NULL, NULL, d0, d2, d1, 1, 0, (int)d3};
  run_rows(&j, d0, xlen);
  return NULL;
}

static napi_value js_embedding_gather(napi_env env, napi_callback_info info) {
  ARGS(5);
  F32(0, table, tlen);
  I32(1, ids, count);
  F32(2, out, olen);
  SIZE(3, vocab);
  SIZE(4, dim);
  REQUIRE(tlen == vocab * dim && olen == count * dim);
  for (size_t r = 0; r < count; r++)
    if (ids[r] < 0 || (size_t)ids[r] >= vocab) THROW(env, "embeddingGather: an id is out of range");
  rows_job j = {R_GATHER, table, NULL, NULL, NULL, ids, out, NULL, NULL, count, dim, 0, 1, 0, 0};
  run_rows(&j, count, count * dim);
  return NULL;
}

static napi_value js_embedding_scatter_add(napi_env env, napi_callback_info info) {
  ARGS(5);
  F32(0, d_out, dlen);
  I32(1, ids, count);
  F32(2, out, olen);
  SIZE(3, vocab);
  SIZE(4, dim);
  REQUIRE(dlen == count * dim && olen == vocab * dim);
  for (size_t r = 0; r < count; r++)
    if (ids[r] < 0 || (size_t)ids[r] >= vocab) THROW(env, "embeddingScatterAdd: an id is out of range");
  rows_job j = {R_SCATTER, d_out, NULL, NULL, NULL, ids, out, NULL, NULL, count, dim, vocab, 1, 0, 0};
  run_rows(&j, (dim + 15) / 16, (count + vocab) * dim);
  return NULL;
}

static napi_value js_poly(napi_env env, napi_callback_info info) {
  ARGS(2);
  SIZE(0, op);
  FLOAT(1, x);
  if (op > 2) THROW(env, "poly: op must be 0 (exp), 1 (log) or 2 (tanh)");
  return number(env, (double)T->poly[op](x));
}

/* probe(iterations) → floating-point operations done (time it from JS): the no-FMA ceiling of one core. */
static napi_value js_probe(napi_env env, napi_callback_info info) {
  ARGS(1);
  SIZE(0, iterations);
  volatile float sink = T->probe(iterations, 0.5f + (float)(iterations & 7) * 0.01f);
  (void)sink;
  return number(env, (double)iterations * (double)T->probe_flops());
}

/* ---------------------------------------------------------------- configuration */

static const vt_table *table_named(const char *name) {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_cpu_init();
  if (strcmp(name, "avx512") == 0) return __builtin_cpu_supports("avx512f") ? &vt_table_avx512 : NULL;
  if (strcmp(name, "avx2") == 0) return __builtin_cpu_supports("avx2") ? &vt_table_avx2 : NULL;
#endif
  if (strcmp(name, vt_table_sse2.name) == 0) return &vt_table_sse2;
  return NULL;
}

static const vt_table *best_table(void) {
  const vt_table *t;
  if ((t = table_named("avx512"))) return t;
  if ((t = table_named("avx2"))) return t;
  return &vt_table_sse2;
}

static napi_value js_set_isa(napi_env env, napi_callback_info info) {
  ARGS(1);
  char name[32];
  size_t len;
  if (napi_get_value_string_utf8(env, argv[0], name, sizeof name, &len) != napi_ok) THROW(env, "isa must be a string");
  const vt_table *t = strcmp(name, "best") == 0 ? best_table() : table_named(name);
  napi_value ok;
  napi_get_boolean(env, t != NULL, &ok);
  if (t) T = t;
  return ok;
}

static napi_value js_isa(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value v;
  napi_create_string_utf8(env, T->name, NAPI_AUTO_LENGTH, &v);
  return v;
}

static napi_value js_isas(napi_env env, napi_callback_info info) {
  (void)info;
  static const char *names[] = {"sse2", "avx2", "avx512", "generic128"};
  napi_value arr;
  napi_create_array(env, &arr);
  uint32_t n = 0;
  for (size_t i = 0; i < 4; i++) {
    if (!table_named(names[i])) continue;
    napi_value s;
    napi_create_string_utf8(env, names[i], NAPI_AUTO_LENGTH, &s);
    napi_set_element(env, arr, n++, s);
  }
  return arr;
}

static napi_value js_set_threads(napi_env env, napi_callback_info info) {
  ARGS(1);
  SIZE(0, threads);
  return number(env, (double)vt_pool_set_threads(threads > 256 ? 256 : (int)threads));
}

static napi_value js_threads(napi_env env, napi_callback_info info) {
  (void)info;
  return number(env, (double)vt_pool_threads());
}

static int get_u8(napi_env env, napi_value v, uint8_t **data, size_t *len) {
  return get_typed(env, v, napi_uint8_array, (void **)data, len);
}

/* keccak256Blocks64(src: Uint8Array of 64·n bytes, dst: Uint8Array of 32·n bytes): the tree nodes of n pairs. */
static napi_value js_keccak256_blocks64(napi_env env, napi_callback_info info) {
  size_t argc = 2;
  napi_value argv[2];
  uint8_t *src, *dst;
  size_t src_len, dst_len;
  napi_get_cb_info(env, info, &argc, argv, NULL, NULL);
  if (argc != 2 || !get_u8(env, argv[0], &src, &src_len) || !get_u8(env, argv[1], &dst, &dst_len))
    THROW(env, "keccak256Blocks64: expected (src: Uint8Array, dst: Uint8Array)");
  if (src_len % 64 != 0 || dst_len != src_len / 2) THROW(env, "keccak256Blocks64: src must hold 64·n bytes and dst 32·n");
  vt_keccak256_blocks64(src, src_len / 64, dst);
  return NULL;
}

#define EXPORT(name, fn)                                        \
  do {                                                          \
    napi_value f;                                               \
    napi_create_function(env, name, NAPI_AUTO_LENGTH, fn, NULL, &f); \
    napi_set_named_property(env, exports, name, f);             \
  } while (0)

static napi_value init(napi_env env, napi_value exports) {
  T = best_table();
  EXPORT("matmul", js_matmul);
  EXPORT("matmulBatched", js_matmul_batched);
  EXPORT("binary", js_binary);
  EXPORT("scalar", js_scalar);
  EXPORT("unary", js_unary);
  EXPORT("unaryBackward", js_unary_backward);
  EXPORT("sgdUpdate", js_sgd_update);
  EXPORT("adamwUpdate", js_adamw_update);
  EXPORT("addRowVector", js_add_row_vector);
  EXPORT("softmaxRows", js_softmax_rows);
  EXPORT("softmaxRowsBackward", js_softmax_rows_backward);
  EXPORT("layerNorm", js_layer_norm);
  EXPORT("layerNormBackward", js_layer_norm_backward);
  EXPORT("crossEntropy", js_cross_entropy);
  EXPORT("sumRows", js_sum_rows);
  EXPORT("sum", js_sum);
  EXPORT("transpose", js_transpose);
  EXPORT("swapAxes12", js_swap_axes12);
  EXPORT("embeddingGather", js_embedding_gather);
  EXPORT("embeddingScatterAdd", js_embedding_scatter_add);
  EXPORT("poly", js_poly);
  EXPORT("probe", js_probe);
  EXPORT("setIsa", js_set_isa);
  EXPORT("isa", js_isa);
  EXPORT("isas", js_isas);
  EXPORT("setThreads", js_set_threads);
  EXPORT("threads", js_threads);
  EXPORT("keccak256Blocks64", js_keccak256_blocks64);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
