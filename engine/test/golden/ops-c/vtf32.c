/*
 * An independent C implementation of part of VT-F32, written from docs/numerics.md: the three
 * polynomials and a few kernels, on the op-golden inputs. It writes each case as
 * "<name>\n<count>\n" followed by count little-endian binary32 values; compare.ts hashes them and checks
 * them against engine/test/golden/ops.json. Build: cc -O2 -ffp-contract=off -fno-fast-math (see check.sh).
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static float f32(uint32_t bits) { float f; memcpy(&f, &bits, 4); return f; }
static uint32_t bits_of(float f) { uint32_t b; memcpy(&b, &f, 4); return b; }
static float pow2(int n) { return f32((uint32_t)(n + 127) << 23); }

/* §4.1 */
static float exp32(float x) {
  if (x != x) return x;
  if (x > 89.0f) return INFINITY;
  if (x < -104.0f) return 0.0f;
  const float LOG2E = f32(0x3fb8aa3b), HI = f32(0x3f317200), LO = f32(0x35bfbe8e);
  const float C2 = f32(0x3f000000), C3 = f32(0x3e2aaa6c), C4 = f32(0x3d2aaa8b), C5 = f32(0x3c090836), C6 = f32(0x3ab68b03);
  float t = x * LOG2E;
  int n = (int)rintf(t);
  float fn = (float)n;
  float r = (x - fn * HI) - fn * LO;
  float p = C6;
  p = p * r + C5; p = p * r + C4; p = p * r + C3; p = p * r + C2;
  p = p * r + 1.0f; p = p * r + 1.0f;
  int h = (int)floor(n / 2.0);
  return (p * pow2(h)) * pow2(n - h);
}

/* §4.2 */
static float log32(float x) {
  if (x != x || x < 0) return NAN;
  if (x == 0) return -INFINITY;
  if (isinf(x)) return x;
  int k = 0;
  if (x < f32(0x00800000)) { x = x * 8388608.0f; k = -23; }
  uint32_t b = bits_of(x);
  int e = (int)((b >> 23) & 0xff) - 127 + k;
  float m = f32((b & 0x007fffff) | 0x3f800000);
  if (m > f32(0x3fb504f3)) { m = m * 0.5f; e += 1; }
  const float L1 = f32(0x3f2aaaab), L2 = f32(0x3ecccccd), L3 = f32(0x3e924925), L4 = f32(0x3e638e39);
  float f = m - 1.0f;
  float s = f / (2.0f + f);
  float z = s * s;
  float hfsq = 0.5f * (f * f);
  float q = L4; q = q * z + L3; q = q * z + L2; q = q * z + L1;
  float R = q * z;
  float logm = f - (hfsq - s * (hfsq + R));
  float fe = (float)e;
  return fe * f32(0x3f317200) + (fe * f32(0x35bfbe8e) + logm);
}

/* §4.3 */
static float tanh32(float z) {
  if (z != z) return z;
  float a = fabsf(z), t;
  if (a < f32(0x3f0ccccd)) {
    float w = a * a;
    float P = f32(0xbbd89a9c);
    P = P * w + f32(0x3cae9107); P = P * w + f32(0xbd5cd022); P = P * w + f32(0x3e0887f5); P = P * w + f32(0xbeaaaaaa);
    t = a + a * (w * P);
  } else {
    t = 1.0f - 2.0f / (exp32(2.0f * a) + 1.0f);
  }
  return signbit(z) ? -t : t;
}

/* §8 input generator */
typedef struct { uint32_t s; } rng;
static rng rng_new(uint32_t seed) { rng r = { seed ? seed : 0x9e3779b9u }; return r; }
static uint32_t rng_next(rng *r) { r->s ^= r->s << 13; r->s ^= r->s >> 17; r->s ^= r->s << 5; return r->s; }
static float *test_floats(int n, uint32_t seed, double lo, double hi) {
  float *out = malloc(sizeof(float) * (n ? n : 1));
  rng r = rng_new(seed);
  for (int i = 0; i < n; i++) out[i] = (float)(lo + ((double)(rng_next(&r) >> 8) / 16777216.0) * (hi - lo));
  return out;
}
static int *test_ints(int n, uint32_t seed, int limit) {
  int *out = malloc(sizeof(int) * n);
  rng r = rng_new(seed);
  for (int i = 0; i < n; i++) out[i] = (int)(rng_next(&r) % (uint32_t)limit);
  return out;
}

static void emit(const char *name, const float *v, int n) {
  printf("%s\n%d\n", name, n);
  fwrite(v, sizeof(float), n, stdout); /* little-endian hosts only (x86, arm64) */
}

static void grid(const char *name, float (*fn)(float), uint32_t lo, uint32_t hi) {
  float *v = malloc(sizeof(float) * 1200000);
  int n = 0;
  if (lo >= 0x80000000u) {
    for (int64_t b = (int64_t)(lo - 0x80000000u); b >= 0; b -= 4099) v[n++] = fn(-f32((uint32_t)b));
    for (int64_t b = 0; b <= (int64_t)hi; b += 4099) v[n++] = fn(f32((uint32_t)b));
  } else {
    for (int64_t b = lo; b <= (int64_t)hi; b += 4099) v[n++] = fn(f32((uint32_t)b));
  }
  emit(name, v, n);
  free(v);
}

int main(void) {
  /* matmul.37x71x43 (§3.1) */
  {
    int m = 37, k = 71, n = 43;
    float *a = test_floats(m * k, 1, -2, 2), *b = test_floats(k * n, 2, -2, 2), *o = malloc(sizeof(float) * m * n);
    for (int i = 0; i < m; i++)
      for (int j = 0; j < n; j++) {
        float acc = 0.0f;
        for (int p = 0; p < k; p++) acc = acc + a[i * k + p] * b[p * n + j];
        o[i * n + j] = acc;
      }
    emit("matmul.37x71x43", o, m * n);
  }
  /* gelu (§3.3) on x = testFloats(29*31, 9, -8, 8) */
  {
    int n = 29 * 31;
    float *x = test_floats(n, 9, -8, 8), *o = malloc(sizeof(float) * n);
    const float C = f32(0x3f4c422a), A = f32(0x3d372713);
    for (int i = 0; i < n; i++) {
      float v = x[i], x2 = v * v, x3 = x2 * v, u = v + A * x3, t = tanh32(C * u);
      o[i] = (0.5f * v) * (1.0f + t);
    }
    emit("gelu", o, n);
  }
  /* softmaxRows.causal.48x12 (§3.4) */
  {
    int rows = 48, cols = 12;
    float *x = test_floats(rows * cols, 12, -6, 6), *o = calloc(rows * cols, sizeof(float));
    for (int r = 0; r < rows; r++) {
      int vis = r % cols + 1;
      float mx = x[r * cols];
      for (int j = 1; j < vis; j++) if (x[r * cols + j] > mx) mx = x[r * cols + j];
      float s = 0.0f;
      for (int j = 0; j < vis; j++) { o[r * cols + j] = exp32(x[r * cols + j] - mx); s = s + o[r * cols + j]; }
      for (int j = 0; j < vis; j++) o[r * cols + j] = o[r * cols + j] / s;
    }
    emit("softmaxRows.causal.48x12", o, rows * cols);
  }
  /* crossEntropy.32x73 (§3.6) */
  {
    int rows = 32, cols = 73;
    float *x = test_floats(rows * cols, 20, -6, 6), *d = malloc(sizeof(float) * rows * cols);
    int *t = test_ints(rows, 21, cols);
    float total = 0.0f;
    for (int i = 0; i < rows; i++) {
      float mx = x[i * cols];
      for (int j = 1; j < cols; j++) if (x[i * cols + j] > mx) mx = x[i * cols + j];
      float s = 0.0f;
      for (int j = 0; j < cols; j++) { d[i * cols + j] = exp32(x[i * cols + j] - mx); s = s + d[i * cols + j]; }
      total = total + ((mx + log32(s)) - x[i * cols + t[i]]);
      for (int j = 0; j < cols; j++) {
        float g = d[i * cols + j] / s;
        if (j == t[i]) g = g - 1.0f;
        d[i * cols + j] = g / (float)rows;
      }
    }
    float loss = total / (float)rows;
    emit("crossEntropy.32x73.loss", &loss, 1);
    emit("crossEntropy.32x73.dlogits", d, rows * cols);
  }
  /* layerNorm.y (§3.5) */
  {
    int rows = 20, cols = 48;
    float *x = test_floats(rows * cols, 14, -3, 5), *g = test_floats(cols, 15, 0.5, 1.5), *be = test_floats(cols, 16, -1, 1);
    float *y = malloc(sizeof(float) * rows * cols), eps = 1e-5f;
    for (int i = 0; i < rows; i++) {
      float s = 0.0f;
      for (int j = 0; j < cols; j++) s = s + x[i * cols + j];
      float mean = s / (float)cols, v = 0.0f;
      for (int j = 0; j < cols; j++) { float dd = x[i * cols + j] - mean; v = v + dd * dd; }
      float rstd = 1.0f / sqrtf(v / (float)cols + eps);
      for (int j = 0; j < cols; j++) y[i * cols + j] = ((x[i * cols + j] - mean) * rstd) * g[j] + be[j];
    }
    emit("layerNorm.y", y, rows * cols);
  }
  grid("exp32.grid", exp32, 0xc2d00000u, 0x42b20000u);
  grid("log32.grid", log32, 0x00000001u, 0x7f7fffffu);
  grid("tanh32.grid", tanh32, 0xc1a00000u, 0x41a00000u);
  return 0;
}
