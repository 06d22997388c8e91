/*
 * The VT-F32 kernels (declarations and rules in vtf32.h). Compiled once per instruction set: VT_ISA names
 * the copy and VT_VEC_BYTES its vector width (16: SSE2 and WebAssembly SIMD128, 32: AVX2, 64: AVX-512).
 * Vectors hold independent outputs (columns of a product, elements of an elementwise op); nothing here
 * reorders or fuses a rounding, so every width gives the same bits.
 */
#include "vtf32.h"

#ifndef VT_VEC_BYTES
#define VT_VEC_BYTES 16
#endif

#if defined(__FP_FAST_FMAF) && !defined(VT_ALLOW_FMA_HARDWARE)
/* FMA hardware is fine (the build never contracts); this only documents that we checked the flag. */
#endif

typedef float vf __attribute__((vector_size(VT_VEC_BYTES)));
typedef float vfu __attribute__((vector_size(VT_VEC_BYTES), aligned(4), may_alias));
#define W ((size_t)(VT_VEC_BYTES / 4))
/* Register tile of the dense product: MR rows × 2 vectors of columns (12 accumulators). */
#define MR 6
#define NR (2 * W)
/* Terms per packed panel: a sum stops after KC terms (stored to out) and resumes from there. */
#define KC 256
/* Rows of A packed at a time (a multiple of MR): MC×KC floats stay in L2 while the panels go by. */
#define MC 120
/* Columns per pass of the zero-skipping product: 8 vectors (8 independent add chains). */
#define SR (8 * W)

static inline vf vload(const float *p) { return *(const vfu *)p; }
static inline void vstore(float *p, vf v) { *(vfu *)p = v; }

static inline float f32_of_bits(uint32_t b) {
  float f;
  __builtin_memcpy(&f, &b, 4);
  return f;
}
static inline uint32_t bits_of_f32(float f) {
  uint32_t b;
  __builtin_memcpy(&b, &f, 4);
  return b;
}
static inline float pow2i(int n) { return f32_of_bits((uint32_t)(n + 127) << 23); }
static inline size_t min_sz(size_t a, size_t b) { return a < b ? a : b; }

/* ---------------------------------------------------------------- the protocol polynomials (§4) */

#define EXP_LOG2E 0x3fb8aa3bu
#define LN2_HI 0x3f317200u
#define LN2_LO 0x35bfbe8eu

/* A NaN input gives the default NaN (0x7fc00000), as the TypeScript spec does, whatever its payload. */
static inline float exp32(float x) {
  if (x != x) return __builtin_nanf("");
  if (x > 89.0f) return __builtin_inff();
  if (x < -104.0f) return 0.0f;
  float t = x * f32_of_bits(EXP_LOG2E);
  /* rint(t), ties to even: |t| < 2^22 here, so adding and removing 1.5·2^23 rounds exactly once. */
  float rn = (t + 12582912.0f) - 12582912.0f;
  int n = (int)rn;
  float fn = (float)n;
  float r = (x - fn * f32_of_bits(LN2_HI)) - fn * f32_of_bits(LN2_LO);
  float p = f32_of_bits(0x3ab68b03u);
  p = p * r + f32_of_bits(0x3c090836u);
  p = p * r + f32_of_bits(0x3d2aaa8bu);
  p = p * r + f32_of_bits(0x3e2aaa6cu);
  p = p * r + f32_of_bits(0x3f000000u);
  p = p * r + 1.0f;
  p = p * r + 1.0f;
  int h = n >= 0 ? n / 2 : -((1 - n) / 2); /* floor(n / 2) */
  return (p * pow2i(h)) * pow2i(n - h);
}

static inline float log32(float x) {
  if (x != x || x < 0.0f) return __builtin_nanf("");
  if (x == 0.0f) return -__builtin_inff();
  if (x == __builtin_inff()) return x;
  int k = 0;
  if (x < f32_of_bits(0x00800000u)) {
    x = x * 8388608.0f;
    k = -23;
  }
  uint32_t b = bits_of_f32(x);
  int e = (int)((b >> 23) & 0xffu) - 127 + k;
  float m = f32_of_bits((b & 0x007fffffu) | 0x3f800000u);
  if (m > f32_of_bits(0x3fb504f3u)) {
    m = m * 0.5f;
    e += 1;
  }
  float f = m - 1.0f;
  float s = f / (2.0f + f);
  float z = s * s;
  float hfsq = 0.5f * (f * f);
  float q = f32_of_bits(0x3e638e39u);
  q = q * z + f32_of_bits(0x3e924925u);
  q = q * z + f32_of_bits(0x3ecccccdu);
  q = q * z + f32_of_bits(0x3f2aaaabu);
  float R = q * z;
  float logm = f - (hfsq - s * (hfsq + R));
  float fe = (float)e;
  return fe * f32_of_bits(LN2_HI) + (fe * f32_of_bits(LN2_LO) + logm);
}

static inline float tanh32(float z) {
  if (z != z) return __builtin_nanf("");
  float a = __builtin_fabsf(z), t;
  if (a < f32_of_bits(0x3f0ccccdu)) {
    float w = a * a;
    float P = f32_of_bits(0xbbd89a9cu);
    P = P * w + f32_of_bits(0x3cae9107u);
    P = P * w + f32_of_bits(0xbd5cd022u);
    P = P * w + f32_of_bits(0x3e0887f5u);
    P = P * w + f32_of_bits(0xbeaaaaaau);
    t = a + a * (w * P);
  } else {
    t = 1.0f - 2.0f / (exp32(2.0f * a) + 1.0f);
  }
  return (bits_of_f32(z) >> 31) ? -t : t;
}

/*
 * The same polynomials on W lanes at once, branch-free: every lane computes both sides of each test and
 * keeps the one the scalar code would take, so each lane's bits are the scalar function's.
 */
typedef int32_t vi __attribute__((vector_size(VT_VEC_BYTES)));
static inline vf vsel(vi mask, vf yes, vf no) { return (vf)(((vi)yes & mask) | ((vi)no & ~mask)); }
/* x in every lane (x ⊖ +0 is x for every x, −0 included, so this is a plain broadcast). */
static inline vf vsplat(float x) {
  const vf zero = {0};
  return x - zero;
}
static inline vf vbits(uint32_t b) { return vsplat(f32_of_bits(b)); }

static inline vf exp32v(vf x) {
  const vi nan = x != x, over = x > 89.0f, under = x < -104.0f;
  const vf xc = vsel(nan | over | under, vsplat(0.0f), x);
  const vf t = xc * vbits(EXP_LOG2E);
  const vf rn = (t + 12582912.0f) - 12582912.0f;
  const vi n = __builtin_convertvector(rn, vi);
  const vf r = (xc - rn * vbits(LN2_HI)) - rn * vbits(LN2_LO);
  vf p = vbits(0x3ab68b03u);
  p = p * r + vbits(0x3c090836u);
  p = p * r + vbits(0x3d2aaa8bu);
  p = p * r + vbits(0x3e2aaa6cu);
  p = p * r + vbits(0x3f000000u);
  p = p * r + 1.0f;
  p = p * r + 1.0f;
  const vi h = n >> 1; /* floor(n / 2): arithmetic shift */
  const vf y = (p * (vf)((h + 127) << 23)) * (vf)((n - h + 127) << 23);
  return vsel(nan, vbits(0x7fc00000u), vsel(over, vsplat(__builtin_inff()), vsel(under, vsplat(0.0f), y)));
}

static inline vf tanh32v(vf z) {
  const vi nan = z != z;
  const vf a = (vf)((vi)z & 0x7fffffff);
  const vf w = a * a;
  vf P = vbits(0xbbd89a9cu);
  P = P * w + vbits(0x3cae9107u);
  P = P * w + vbits(0xbd5cd022u);
  P = P * w + vbits(0x3e0887f5u);
  P = P * w + vbits(0xbeaaaaaau);
  const vf small = a + a * (w * P);
  const vf large = 1.0f - 2.0f / (exp32v(2.0f * a) + 1.0f);
  const vf t = vsel(a < vbits(0x3f0ccccdu), small, large);
  /* t ≥ +0 on both sides: the sign of z is or-ed in (tanh(−0) = −0). */
  return vsel(nan, vbits(0x7fc00000u), (vf)((vi)t | ((vi)z & (int32_t)0x80000000u)));
}

float VT(vt_exp)(float x) { return exp32(x); }
float VT(vt_log)(float x) { return log32(x); }
float VT(vt_tanh)(float x) { return tanh32(x); }

/* ---------------------------------------------------------------- matrix products */

size_t VT(vt_gemm_panel_cols)(void) { return NR; }
size_t VT(vt_gemm_tile_rows)(void) { return MR; }
size_t VT(vt_gemm_scratch_floats)(size_t k) { return (KC * NR + MC * KC > 2 * k ? KC * NR + MC * KC : 2 * k) + NR; }

/* A(i,p) = a[i*sai + p*sap] and B(p,j) = b[p*sbp + j*sbj] for each layout. */
typedef struct {
  size_t sai, sap, sbp, sbj;
} strides;

static inline strides layout_strides(size_t m, size_t k, size_t n, int layout) {
  strides s;
  s.sai = (layout & VT_TN) ? 1 : k;
  s.sap = (layout & VT_TN) ? m : 1;
  s.sbp = (layout & VT_NT) ? 1 : n;
  s.sbj = (layout & VT_NT) ? k : 1;
  return s;
}

int VT(vt_gemm_plan)(const float *a, const float *b, size_t m, size_t k, size_t n, int layout, uint8_t *finite_rows) {
  strides s = layout_strides(m, k, n, layout);
  for (size_t p = 0; p < k; p++) {
    uint8_t finite = 1;
    for (size_t j = 0; j < n; j++) {
      float v = b[p * s.sbp + j * s.sbj];
      if (v - v != 0.0f) {
        finite = 0;
        break;
      }
    }
    finite_rows[p] = finite;
  }
  /* The zero-skipping path reads rows of b in place: only when they are contiguous (b not transposed). */
  if ((layout & VT_NT) || n < W) return 0;
  size_t skippable = 0;
  for (size_t i = 0; i < m; i++)
    for (size_t p = 0; p < k; p++) skippable += (a[i * s.sai + p * s.sap] == 0.0f) & finite_rows[p];
  return 2 * skippable >= m * k;
}

/* Copies columns [j, j+nc) of B into panel[p*NR + c], zero-padding columns nc…NR-1. */
static void pack_panel(const float *b, strides s, size_t k, size_t j, size_t nc, float *panel) {
  for (size_t p = 0; p < k; p++) {
    float *row = panel + p * NR;
    const float *src = b + p * s.sbp + j * s.sbj;
    size_t c = 0;
    for (; c < nc; c++) row[c] = src[c * s.sbj];
    for (; c < NR; c++) row[c] = 0.0f;
  }
}

/* The running sums of one row's panel columns (zeros past nc). */
static inline void load_cols(const float *src, vf *v0, vf *v1, size_t nc) {
  if (nc == NR) {
    *v0 = vload(src);
    *v1 = vload(src + W);
    return;
  }
  float tmp[NR];
  for (size_t c = 0; c < NR; c++) tmp[c] = c < nc ? src[c] : 0.0f;
  *v0 = vload(tmp);
  *v1 = vload(tmp + W);
}

static inline void store_cols(float *dst, vf v0, vf v1, size_t nc) {
  if (nc == NR) {
    vstore(dst, v0);
    vstore(dst + W, v1);
    return;
  }
  float tmp[NR];
  vstore(tmp, v0);
  vstore(tmp + W, v1);
  for (size_t c = 0; c < nc; c++) dst[c] = tmp[c];
}

/*
 * MR rows of the panel's columns from a packed tile of A (apack[p*MR + r] = A(i+r, p0+p)): 12
 * accumulators, p ascending. With `resume` the sums start from what out holds (the previous KC terms)
 * instead of +0: the same roundings as one unbroken loop.
 */
static void micro_full(const float *apack, const float *panel, size_t k, float *o, size_t n, size_t nc, int resume) {
  vf c00 = {0}, c01 = {0}, c10 = {0}, c11 = {0}, c20 = {0}, c21 = {0};
  vf c30 = {0}, c31 = {0}, c40 = {0}, c41 = {0}, c50 = {0}, c51 = {0};
  if (resume) {
    load_cols(o, &c00, &c01, nc);
    load_cols(o + n, &c10, &c11, nc);
    load_cols(o + 2 * n, &c20, &c21, nc);
    load_cols(o + 3 * n, &c30, &c31, nc);
    load_cols(o + 4 * n, &c40, &c41, nc);
    load_cols(o + 5 * n, &c50, &c51, nc);
  }
  for (size_t p = 0; p < k; p++) {
    const vf b0 = vload(panel + p * NR);
    const vf b1 = vload(panel + p * NR + W);
    const float *ap = apack + p * MR;
    const float x0 = ap[0], x1 = ap[1], x2 = ap[2], x3 = ap[3], x4 = ap[4], x5 = ap[5];
    c00 = c00 + b0 * x0;
    c01 = c01 + b1 * x0;
    c10 = c10 + b0 * x1;
    c11 = c11 + b1 * x1;
    c20 = c20 + b0 * x2;
    c21 = c21 + b1 * x2;
    c30 = c30 + b0 * x3;
    c31 = c31 + b1 * x3;
    c40 = c40 + b0 * x4;
    c41 = c41 + b1 * x4;
    c50 = c50 + b0 * x5;
    c51 = c51 + b1 * x5;
  }
  store_cols(o, c00, c01, nc);
  store_cols(o + n, c10, c11, nc);
  store_cols(o + 2 * n, c20, c21, nc);
  store_cols(o + 3 * n, c30, c31, nc);
  store_cols(o + 4 * n, c40, c41, nc);
  store_cols(o + 5 * n, c50, c51, nc);
}

/* Packs rows [i, i + rows) of A, terms [p0, p0 + kc), tile by tile: tile t holds A(i + t*MR + r, p0 + p) at [p*MR + r]. */
static void pack_a(const float *a, strides s, size_t i, size_t rows, size_t p0, size_t kc, float *apack) {
  for (size_t t = 0; t + MR <= rows; t += MR) {
    float *dst = apack + t * kc;
    const float *src = a + (i + t) * s.sai + p0 * s.sap;
    for (size_t p = 0; p < kc; p++)
      for (size_t r = 0; r < MR; r++) dst[p * MR + r] = src[r * s.sai + p * s.sap];
  }
}

/* One row of the panel's columns. */
static void micro_row(const float *a, strides s, const float *panel, size_t k, size_t i, float *out, size_t n,
                      size_t j, size_t nc, int resume) {
  vf c0 = {0}, c1 = {0};
  if (resume) load_cols(out + i * n + j, &c0, &c1, nc);
  const float *ai = a + i * s.sai;
  for (size_t p = 0; p < k; p++) {
    const float x = ai[p * s.sap];
    c0 = c0 + vload(panel + p * NR) * x;
    c1 = c1 + vload(panel + p * NR + W) * x;
  }
  store_cols(out + i * n + j, c0, c1, nc);
}

/* Zero-skipping path for one row: only the terms that cannot be skipped, read from b's rows in place. */
static void sparse_row(const float *a, strides s, const float *b, const uint8_t *finite_rows, size_t k, size_t n,
                       size_t i, size_t j0, size_t j1, float *out, float *scratch) {
  float *values = scratch;
  uint32_t *rows = (uint32_t *)(void *)(scratch + k);
  size_t count = 0;
  const float *ai = a + i * s.sai;
  for (size_t p = 0; p < k; p++) {
    const float x = ai[p * s.sap];
    if (x == 0.0f && finite_rows[p]) continue;
    values[count] = x;
    rows[count] = (uint32_t)p;
    count++;
  }
  float *o = out + i * n;
  size_t j = j0;
  for (; j + SR <= j1; j += SR) {
    vf c0 = {0}, c1 = {0}, c2 = {0}, c3 = {0}, c4 = {0}, c5 = {0}, c6 = {0}, c7 = {0};
    for (size_t t = 0; t < count; t++) {
      const float x = values[t];
      const float *br = b + (size_t)rows[t] * n + j;
      c0 = c0 + vload(br) * x;
      c1 = c1 + vload(br + W) * x;
      c2 = c2 + vload(br + 2 * W) * x;
      c3 = c3 + vload(br + 3 * W) * x;
      c4 = c4 + vload(br + 4 * W) * x;
      c5 = c5 + vload(br + 5 * W) * x;
      c6 = c6 + vload(br + 6 * W) * x;
      c7 = c7 + vload(br + 7 * W) * x;
    }
    vstore(o + j, c0);
    vstore(o + j + W, c1);
    vstore(o + j + 2 * W, c2);
    vstore(o + j + 3 * W, c3);
    vstore(o + j + 4 * W, c4);
    vstore(o + j + 5 * W, c5);
    vstore(o + j + 6 * W, c6);
    vstore(o + j + 7 * W, c7);
  }
  for (; j + W <= j1; j += W) {
    vf c = {0};
    for (size_t t = 0; t < count; t++) c = c + vload(b + (size_t)rows[t] * n + j) * values[t];
    vstore(o + j, c);
  }
  for (; j < j1; j++) {
    float c = 0.0f;
    for (size_t t = 0; t < count; t++) c = c + values[t] * b[(size_t)rows[t] * n + j];
    o[j] = c;
  }
}

void VT(vt_gemm_tile)(const float *a, const float *b, float *out, size_t m, size_t k, size_t n, int layout,
                      int sparse, const uint8_t *finite_rows, size_t i0, size_t i1, size_t j0, size_t j1,
                      float *scratch) {
  strides s = layout_strides(m, k, n, layout);
  if (k == 0) {
    for (size_t i = i0; i < i1; i++)
      for (size_t j = j0; j < j1; j++) out[i * n + j] = 0.0f;
    return;
  }
  if (sparse) {
    for (size_t i = i0; i < i1; i++) sparse_row(a, s, b, finite_rows, k, n, i, j0, j1, out, scratch);
    return;
  }
  /* Blocked as in GotoBLAS: KC terms at a time, MC rows of A packed once per block, one packed panel of
     B per NR columns; each output's terms still arrive in ascending order, resumed across KC blocks. */
  float *panel = scratch;
  float *apack = scratch + KC * NR;
  for (size_t p0 = 0; p0 < k; p0 += KC) {
    const size_t kc = min_sz(KC, k - p0);
    const float *ap = a + p0 * s.sap;
    for (size_t ib = i0; ib < i1; ib += MC) {
      const size_t rows = min_sz(MC, i1 - ib);
      const size_t full = rows - rows % MR;
      pack_a(a, s, ib, rows, p0, kc, apack);
      for (size_t j = j0; j < j1; j += NR) {
        const size_t nc = min_sz(NR, j1 - j);
        pack_panel(b + p0 * s.sbp, s, kc, j, nc, panel);
        for (size_t t = 0; t < full; t += MR) micro_full(apack + t * kc, panel, kc, out + (ib + t) * n + j, n, nc, p0 > 0);
        for (size_t i = ib + full; i < ib + rows; i++) micro_row(ap, s, panel, kc, i, out, n, j, nc, p0 > 0);
      }
    }
  }
}

/* ---------------------------------------------------------------- elementwise */

void VT(vt_add)(const float *a, const float *b, float *out, size_t lo, size_t hi) {
  for (size_t i = lo; i < hi; i++) out[i] = a[i] + b[i];
}
void VT(vt_sub)(const float *a, const float *b, float *out, size_t lo, size_t hi) {
  for (size_t i = lo; i < hi; i++) out[i] = a[i] - b[i];
}
void VT(vt_mul)(const float *a, const float *b, float *out, size_t lo, size_t hi) {
  for (size_t i = lo; i < hi; i++) out[i] = a[i] * b[i];
}
void VT(vt_div)(const float *a, const float *b, float *out, size_t lo, size_t hi) {
  for (size_t i = lo; i < hi; i++) out[i] = a[i] / b[i];
}
void VT(vt_scale)(const float *a, float s, float *out, size_t lo, size_t hi) {
  for (size_t i = lo; i < hi; i++) out[i] = a[i] * s;
}
void VT(vt_add_scalar)(const float *a, float s, float *out, size_t lo, size_t hi) {
  for (size_t i = lo; i < hi; i++) out[i] = a[i] + s;
}
void VT(vt_sqrt)(const float *a, float *out, size_t lo, size_t hi) {
  for (size_t i = lo; i < hi; i++) out[i] = __builtin_sqrtf(a[i]);
}
void VT(vt_relu)(const float *x, float *out, size_t lo, size_t hi) {
  for (size_t i = lo; i < hi; i++) {
    const float v = x[i];
    out[i] = v > 0.0f ? v : 0.0f;
  }
}
void VT(vt_relu_backward)(const float *x, const float *dy, float *out, size_t lo, size_t hi) {
  for (size_t i = lo; i < hi; i++) out[i] = x[i] > 0.0f ? dy[i] : 0.0f;
}

#define GELU_C 0x3f4c422au
#define GELU_A 0x3d372713u
#define GELU_A3 0x3e095d4fu

void VT(vt_gelu)(const float *x, float *out, size_t lo, size_t hi) {
  const float C = f32_of_bits(GELU_C), A = f32_of_bits(GELU_A);
  size_t i = lo;
  for (; i + W <= hi; i += W) {
    const vf v = vload(x + i);
    const vf x2 = v * v;
    const vf x3 = x2 * v;
    const vf u = v + A * x3;
    const vf t = tanh32v(C * u);
    vstore(out + i, (0.5f * v) * (1.0f + t));
  }
  for (; i < hi; i++) {
    const float v = x[i];
    const float x2 = v * v;
    const float x3 = x2 * v;
    const float u = v + A * x3;
    const float t = tanh32(C * u);
    out[i] = (0.5f * v) * (1.0f + t);
  }
}

void VT(vt_gelu_backward)(const float *x, const float *dy, float *out, size_t lo, size_t hi) {
  const float C = f32_of_bits(GELU_C), A = f32_of_bits(GELU_A), A3 = f32_of_bits(GELU_A3);
  size_t i = lo;
  for (; i + W <= hi; i += W) {
    const vf v = vload(x + i);
    const vf x2 = v * v;
    const vf x3 = x2 * v;
    const vf u = v + A * x3;
    const vf t = tanh32v(C * u);
    const vf left = 0.5f * (1.0f + t);
    const vf sech2 = 1.0f - t * t;
    const vf du = 1.0f + A3 * x2;
    const vf right = ((0.5f * v) * sech2) * (C * du);
    vstore(out + i, vload(dy + i) * (left + right));
  }
  for (; i < hi; i++) {
    const float v = x[i];
    const float x2 = v * v;
    const float x3 = x2 * v;
    const float u = v + A * x3;
    const float t = tanh32(C * u);
    const float left = 0.5f * (1.0f + t);
    const float sech2 = 1.0f - t * t;
    const float du = 1.0f + A3 * x2;
    const float right = ((0.5f * v) * sech2) * (C * du);
    out[i] = dy[i] * (left + right);
  }
}

void VT(vt_sgd_update)(float *param, const float *grad, float *velocity, float lr, float momentum, float lrwd,
                       size_t lo, size_t hi) {
  for (size_t i = lo; i < hi; i++) {
    const float b = momentum * velocity[i] + grad[i];
    velocity[i] = b;
    float p = param[i];
    p = p - lrwd * p;
    param[i] = p - lr * b;
  }
}

/* scalars: beta1, beta2, c1, c2, lr, eps, lrwd, bc1, bc2 */
void VT(vt_adamw_update)(float *param, const float *grad, float *m, float *v, const float *scalars, size_t lo,
                         size_t hi) {
  const float b1 = scalars[0], b2 = scalars[1], c1 = scalars[2], c2 = scalars[3], lr = scalars[4];
  const float eps = scalars[5], lrwd = scalars[6], bc1 = scalars[7], bc2 = scalars[8];
  for (size_t i = lo; i < hi; i++) {
    const float g = grad[i];
    const float mi = b1 * m[i] + c1 * g;
    const float vi = b2 * v[i] + c2 * (g * g);
    m[i] = mi;
    v[i] = vi;
    const float denom = __builtin_sqrtf(vi / bc2) + eps;
    float p = param[i];
    p = p - lrwd * p;
    param[i] = p - lr * ((mi / bc1) / denom);
  }
}

/* ---------------------------------------------------------------- rows */

void VT(vt_add_row_vector)(const float *a, const float *v, float *out, size_t cols, size_t lo, size_t hi) {
  for (size_t i = lo; i < hi; i++) {
    const float *ar = a + i * cols;
    float *o = out + i * cols;
    for (size_t j = 0; j < cols; j++) o[j] = ar[j] + v[j];
  }
}

/* out[j] = exp(x[j] ⊖ mx) for j < count (the exponentials first; the caller sums them in order). */
static void exp_shifted(const float *x, float mx, float *out, size_t count) {
  size_t j = 0;
  for (; j + W <= count; j += W) vstore(out + j, exp32v(vload(x + j) - mx));
  for (; j < count; j++) out[j] = exp32(x[j] - mx);
}

void VT(vt_softmax_rows)(const float *x, float *out, size_t cols, int causal, size_t lo, size_t hi) {
  for (size_t i = lo; i < hi; i++) {
    const float *xr = x + i * cols;
    float *o = out + i * cols;
    const size_t last = causal ? i % cols : cols - 1;
    float mx = xr[0];
    for (size_t j = 1; j <= last; j++)
      if (xr[j] > mx) mx = xr[j];
    exp_shifted(xr, mx, o, last + 1);
    float s = 0.0f;
    for (size_t j = 0; j <= last; j++) s = s + o[j];
    for (size_t j = 0; j <= last; j++) o[j] = o[j] / s;
    for (size_t j = last + 1; j < cols; j++) o[j] = 0.0f;
  }
}

void VT(vt_softmax_rows_backward)(const float *y, const float *dy, float *out, size_t cols, size_t lo, size_t hi) {
  for (size_t i = lo; i < hi; i++) {
    const float *yr = y + i * cols, *dr = dy + i * cols;
    float *o = out + i * cols;
    float d = 0.0f;
    for (size_t j = 0; j < cols; j++) d = d + yr[j] * dr[j];
    for (size_t j = 0; j < cols; j++) o[j] = yr[j] * (dr[j] - d);
  }
}

void VT(vt_layer_norm)(const float *x, const float *gamma, const float *beta, float *y, float *mean, float *rstd,
                       size_t cols, float eps, size_t lo, size_t hi) {
  const float fc = (float)cols;
  for (size_t i = lo; i < hi; i++) {
    const float *xr = x + i * cols;
    float *yr = y + i * cols;
    float s = 0.0f;
    for (size_t j = 0; j < cols; j++) s = s + xr[j];
    const float mu = s / fc;
    float v = 0.0f;
    for (size_t j = 0; j < cols; j++) {
      const float d = xr[j] - mu;
      v = v + d * d;
    }
    const float variance = v / fc;
    const float r = 1.0f / __builtin_sqrtf(variance + eps);
    mean[i] = mu;
    rstd[i] = r;
    for (size_t j = 0; j < cols; j++) yr[j] = ((xr[j] - mu) * r) * gamma[j] + beta[j];
  }
}

void VT(vt_layer_norm_backward_dx)(const float *x, const float *gamma, const float *mean, const float *rstd,
                                   const float *dy, float *dx, size_t cols, size_t lo, size_t hi) {
  const float fc = (float)cols;
  for (size_t i = lo; i < hi; i++) {
    const float *xr = x + i * cols, *dr = dy + i * cols;
    float *o = dx + i * cols;
    const float mu = mean[i], r = rstd[i];
    float s1 = 0.0f, s2 = 0.0f;
    for (size_t j = 0; j < cols; j++) {
      const float xh = (xr[j] - mu) * r;
      const float g = dr[j] * gamma[j];
      s1 = s1 + g;
      s2 = s2 + g * xh;
    }
    const float m1 = s1 / fc, m2 = s2 / fc;
    for (size_t j = 0; j < cols; j++) {
      const float xh = (xr[j] - mu) * r;
      const float g = dr[j] * gamma[j];
      o[j] = r * ((g - m1) - xh * m2);
    }
  }
}

void VT(vt_layer_norm_backward_params)(const float *x, const float *mean, const float *rstd, const float *dy,
                                       float *dgamma, float *dbeta, size_t rows, size_t cols, size_t lo, size_t hi) {
  for (size_t j = lo; j < hi; j++) {
    dgamma[j] = 0.0f;
    dbeta[j] = 0.0f;
  }
  for (size_t i = 0; i < rows; i++) {
    const float *xr = x + i * cols, *dr = dy + i * cols;
    const float mu = mean[i], r = rstd[i];
    for (size_t j = lo; j < hi; j++) {
      const float xh = (xr[j] - mu) * r;
      dgamma[j] = dgamma[j] + dr[j] * xh;
      dbeta[j] = dbeta[j] + dr[j];
    }
  }
}

void VT(vt_cross_entropy_rows)(const float *logits, const int32_t *targets, float *dlogits, float *row_loss,
                               size_t rows, size_t cols, size_t lo, size_t hi) {
  const float fr = (float)rows;
  for (size_t i = lo; i < hi; i++) {
    const float *xr = logits + i * cols;
    float *g = dlogits + i * cols;
    float mx = xr[0];
    for (size_t j = 1; j < cols; j++)
      if (xr[j] > mx) mx = xr[j];
    exp_shifted(xr, mx, g, cols);
    float s = 0.0f;
    for (size_t j = 0; j < cols; j++) s = s + g[j];
    const size_t t = (size_t)targets[i];
    row_loss[i] = (mx + log32(s)) - xr[t];
    for (size_t j = 0; j < cols; j++) {
      float gj = g[j] / s;
      if (j == t) gj = gj - 1.0f;
      g[j] = gj / fr;
    }
  }
}

/* ---------------------------------------------------------------- sums, data movement, embeddings */

void VT(vt_sum_rows)(const float *a, float *out, size_t rows, size_t cols, size_t lo, size_t hi) {
  for (size_t j = lo; j < hi; j++) out[j] = 0.0f;
  for (size_t i = 0; i < rows; i++) {
    const float *ar = a + i * cols;
    for (size_t j = lo; j < hi; j++) out[j] = out[j] + ar[j];
  }
}

float VT(vt_sum)(const float *a, size_t len) {
  float acc = 0.0f;
  for (size_t i = 0; i < len; i++) acc = acc + a[i];
  return acc;
}

void VT(vt_transpose)(const float *a, float *out, size_t rows, size_t cols, size_t lo, size_t hi) {
  for (size_t i = lo; i < hi; i++)
    for (size_t j = 0; j < cols; j++) out[j * rows + i] = a[i * cols + j];
}

void VT(vt_swap_axes12)(const float *x, float *out, size_t d1, size_t d2, size_t d3, size_t lo, size_t hi) {
  for (size_t a = lo; a < hi; a++)
    for (size_t b = 0; b < d1; b++)
      for (size_t c = 0; c < d2; c++) {
        const float *src = x + ((a * d1 + b) * d2 + c) * d3;
        float *dst = out + ((a * d2 + c) * d1 + b) * d3;
        for (size_t d = 0; d < d3; d++) dst[d] = src[d];
      }
}

void VT(vt_embedding_gather)(const float *table, const int32_t *ids, float *out, size_t dim, size_t lo, size_t hi) {
  for (size_t r = lo; r < hi; r++) {
    const float *src = table + (size_t)ids[r] * dim;
    float *dst = out + r * dim;
    for (size_t c = 0; c < dim; c++) dst[c] = src[c];
  }
}

void VT(vt_embedding_scatter_add)(const float *d_out, const int32_t *ids, size_t count, float *out, size_t vocab,
                                  size_t dim, size_t lo, size_t hi) {
  for (size_t v = 0; v < vocab; v++)
    for (size_t c = lo; c < hi; c++) out[v * dim + c] = 0.0f;
  for (size_t r = 0; r < count; r++) {
    float *dst = out + (size_t)ids[r] * dim;
    const float *src = d_out + r * dim;
    for (size_t c = lo; c < hi; c++) dst[c] = dst[c] + src[c];
  }
}

/* ---------------------------------------------------------------- the no-FMA ceiling probe (benchmarks) */

/*
 * Independent add chains and multiply chains on registers only, as many as the FP pipes need to stay
 * full: the most separately rounded multiplies plus adds per second this core can do at this width.
 * Returns a value depending on every lane so the loop is not removed.
 */
#define PROBE_CHAINS (W >= 16 ? 8 : 6)
float VT(vt_probe)(size_t iterations, float seed) {
  /* Starting values from the caller, so the compiler cannot fold any chain to a constant. */
  vf add[PROBE_CHAINS], mul[PROBE_CHAINS];
  for (int r = 0; r < PROBE_CHAINS; r++) {
    add[r] = vsplat(seed * (float)(r + 1));
    mul[r] = vsplat(seed + (float)r);
  }
  const vf c = vsplat(seed * 1e-3f), m = vsplat(1.0f - seed * 1e-6f);
  for (size_t it = 0; it < iterations; it++) {
    for (int r = 0; r < PROBE_CHAINS; r++) {
      add[r] = add[r] + c;
      mul[r] = mul[r] * m;
    }
  }
  float total = 0.0f;
  for (int r = 0; r < PROBE_CHAINS; r++)
    for (size_t l = 0; l < W; l++) total = total + add[r][l] + mul[r][l];
  return total;
}
/* Floating-point operations one probe iteration performs. */
size_t VT(vt_probe_flops)(void) { return 2 * PROBE_CHAINS * W; }
