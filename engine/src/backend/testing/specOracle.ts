/**
 * A second, deliberately naive implementation of VT-F32, written from docs/numerics.md alone: natural loop
 * orders, one Math.fround per operation, no blocking, no zero skipping, its own copies of the polynomials
 * and constants (read from the document's hex tables). Test-only. It must reproduce the op goldens bit for
 * bit; when it and the ref backend agree, the document and the optimised code say the same thing.
 */
import type { Backend, CrossEntropyResult, LayerNormGradients, LayerNormResult } from '../backend';
import { hostTensors } from '../hostTensors';

const fr = Math.fround;
const buf = new DataView(new ArrayBuffer(4));
const f32 = (bits: number): number => {
  buf.setUint32(0, bits >>> 0);
  return buf.getFloat32(0);
};
const bitsOf = (x: number): number => {
  buf.setFloat32(0, x);
  return buf.getUint32(0);
};
const add = (a: number, b: number) => fr(a + b);
const sub = (a: number, b: number) => fr(a - b);
const mul = (a: number, b: number) => fr(a * b);
const div = (a: number, b: number) => fr(a / b);
const pow2 = (n: number) => f32((n + 127) * 0x800000);
function rint(t: number): number {
  const lo = Math.floor(t);
  const d = t - lo;
  const n = d > 0.5 || (d === 0.5 && lo % 2 !== 0) ? lo + 1 : lo;
  return n === 0 ? 0 : n;
}

// §4.1
const LOG2E = f32(0x3fb8aa3b);
const LN2_HI = f32(0x3f317200);
const LN2_LO = f32(0x35bfbe8e);
const EC = [0x3f000000, 0x3e2aaa6c, 0x3d2aaa8b, 0x3c090836, 0x3ab68b03].map(f32);
export function oracleExp(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x > 89) return Infinity;
  if (x < -104) return 0;
  const n = rint(mul(x, LOG2E));
  const r = sub(sub(x, mul(n, LN2_HI)), mul(n, LN2_LO));
  let p = EC[4]!;
  for (let i = 3; i >= 0; i--) p = add(mul(p, r), EC[i]!);
  p = add(mul(p, r), 1);
  p = add(mul(p, r), 1);
  const h = Math.floor(n / 2);
  return mul(mul(p, pow2(h)), pow2(n - h));
}

// §4.2
const SQRT2 = f32(0x3fb504f3);
const LC = [0x3f2aaaab, 0x3ecccccd, 0x3e924925, 0x3e638e39].map(f32);
export function oracleLog(x: number): number {
  if (Number.isNaN(x) || x < 0) return NaN;
  if (x === 0) return -Infinity;
  if (x === Infinity) return Infinity;
  let v = x;
  let k = 0;
  if (x < 2 ** -126) {
    v = mul(x, 2 ** 23);
    k = -23;
  }
  const bits = bitsOf(v);
  let e = (Math.floor(bits / 0x800000) % 256) - 127 + k;
  let m = f32((bits % 0x800000) + 127 * 0x800000);
  if (m > SQRT2) {
    m = mul(m, 0.5);
    e += 1;
  }
  const f = sub(m, 1);
  const s = div(f, add(2, f));
  const z = mul(s, s);
  const hfsq = mul(0.5, mul(f, f));
  let q = LC[3]!;
  for (let i = 2; i >= 0; i--) q = add(mul(q, z), LC[i]!);
  const R = mul(q, z);
  const logm = sub(f, sub(hfsq, mul(s, add(hfsq, R))));
  return add(mul(e, LN2_HI), add(mul(e, LN2_LO), logm));
}

// §4.3
const TANH_SMALL = f32(0x3f0ccccd);
const TP = [0xbeaaaaaa, 0x3e0887f5, 0xbd5cd022, 0x3cae9107, 0xbbd89a9c].map(f32);
export function oracleTanh(z: number): number {
  if (Number.isNaN(z)) return NaN;
  const a = Math.abs(z);
  let t: number;
  if (a < TANH_SMALL) {
    const w = mul(a, a);
    let P = TP[4]!;
    for (let i = 3; i >= 0; i--) P = add(mul(P, w), TP[i]!);
    t = add(a, mul(a, mul(w, P)));
  } else {
    t = sub(1, div(2, add(oracleExp(mul(2, a)), 1)));
  }
  return z < 0 || Object.is(z, -0) ? -t : t;
}

// §3.3
const GC = f32(0x3f4c422a);
const GA = f32(0x3d372713);
const GA3 = f32(0x3e095d4f);

function rowMax(x: Float32Array, base: number, count: number): number {
  let mx = x[base]!;
  for (let j = 1; j < count; j++) if (x[base + j]! > mx) mx = x[base + j]!;
  return mx;
}

function mm(A: (i: number, p: number) => number, B: (p: number, j: number) => number, m: number, k: number, n: number) {
  const out = new Float32Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let acc = 0;
      for (let p = 0; p < k; p++) acc = add(acc, mul(A(i, p), B(p, j)));
      out[i * n + j] = acc;
    }
  }
  return out;
}

const map = (a: Float32Array, f: (v: number, i: number) => number) => Float32Array.from(a, f);

export const specOracleBackend: Backend = {
  name: 'spec-oracle',
  ...hostTensors,
  matmul: (a, b, m, k, n) =>
    mm(
      (i, p) => a[i * k + p]!,
      (p, j) => b[p * n + j]!,
      m,
      k,
      n,
    ),
  matmulTransB: (a, b, m, k, n) =>
    mm(
      (i, p) => a[i * k + p]!,
      (p, j) => b[j * k + p]!,
      m,
      k,
      n,
    ),
  matmulTransA: (a, b, m, k, n) =>
    mm(
      (i, p) => a[p * m + i]!,
      (p, j) => b[p * n + j]!,
      m,
      k,
      n,
    ),
  transpose(a, rows, cols) {
    const out = new Float32Array(rows * cols);
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) out[j * rows + i] = a[i * cols + j]!;
    return out;
  },
  swapAxes12(x, d0, d1, d2, d3) {
    const out = new Float32Array(x.length);
    for (let a = 0; a < d0; a++)
      for (let b = 0; b < d1; b++)
        for (let c = 0; c < d2; c++)
          for (let d = 0; d < d3; d++) out[((a * d2 + c) * d1 + b) * d3 + d] = x[((a * d1 + b) * d2 + c) * d3 + d]!;
    return out;
  },
  addRowVector: (a, v, _rows, cols) => map(a, (x, i) => add(x, v[i % cols]!)),
  sumRows(a, rows, cols) {
    const out = new Float32Array(cols);
    for (let j = 0; j < cols; j++) {
      let acc = 0;
      for (let i = 0; i < rows; i++) acc = add(acc, a[i * cols + j]!);
      out[j] = acc;
    }
    return out;
  },
  sum: (a) => a.reduce((acc, x) => add(acc, x), 0),
  add: (a, b) => map(a, (x, i) => add(x, b[i]!)),
  sub: (a, b) => map(a, (x, i) => sub(x, b[i]!)),
  mul: (a, b) => map(a, (x, i) => mul(x, b[i]!)),
  div: (a, b) => map(a, (x, i) => div(x, b[i]!)),
  scale: (a, s) => map(a, (x) => mul(x, fr(s))),
  addScalar: (a, s) => map(a, (x) => add(x, fr(s))),
  sqrt: (a) => map(a, (x) => fr(Math.sqrt(x))),
  // biome-ignore lint/complexity/useMathMinMax: relu must map NaN to 0 like the ref backend; Math.max would propagate it
  relu: (x) => map(x, (v) => (v > 0 ? v : 0)),
  reluBackward: (x, dy) => map(x, (v, i) => (v > 0 ? dy[i]! : 0)),
  gelu: (x) =>
    map(x, (v) => {
      const u = add(v, mul(GA, mul(mul(v, v), v)));
      return mul(mul(0.5, v), add(1, oracleTanh(mul(GC, u))));
    }),
  geluBackward: (x, dy) =>
    map(x, (v, i) => {
      const x2 = mul(v, v);
      const t = oracleTanh(mul(GC, add(v, mul(GA, mul(x2, v)))));
      const left = mul(0.5, add(1, t));
      const right = mul(mul(mul(0.5, v), sub(1, mul(t, t))), mul(GC, add(1, mul(GA3, x2))));
      return mul(dy[i]!, add(left, right));
    }),
  softmaxRows(x, rows, cols, causal = false) {
    const out = new Float32Array(rows * cols);
    for (let r = 0; r < rows; r++) {
      const visible = causal ? (r % cols) + 1 : cols;
      const mx = rowMax(x, r * cols, visible);
      const e: number[] = [];
      let s = 0;
      for (let j = 0; j < visible; j++) {
        e.push(oracleExp(sub(x[r * cols + j]!, mx)));
        s = add(s, e[j]!);
      }
      for (let j = 0; j < visible; j++) out[r * cols + j] = div(e[j]!, s);
    }
    return out;
  },
  softmaxRowsBackward(y, dy, rows, cols) {
    const out = new Float32Array(rows * cols);
    for (let r = 0; r < rows; r++) {
      let d = 0;
      for (let j = 0; j < cols; j++) d = add(d, mul(y[r * cols + j]!, dy[r * cols + j]!));
      for (let j = 0; j < cols; j++) out[r * cols + j] = mul(y[r * cols + j]!, sub(dy[r * cols + j]!, d));
    }
    return out;
  },
  layerNorm(x, gamma, beta, rows, cols, eps): LayerNormResult {
    const y = new Float32Array(rows * cols);
    const mean = new Float32Array(rows);
    const rstd = new Float32Array(rows);
    for (let i = 0; i < rows; i++) {
      let s = 0;
      for (let j = 0; j < cols; j++) s = add(s, x[i * cols + j]!);
      const mu = div(s, cols);
      let v = 0;
      for (let j = 0; j < cols; j++) v = add(v, mul(sub(x[i * cols + j]!, mu), sub(x[i * cols + j]!, mu)));
      const r = div(1, fr(Math.sqrt(add(div(v, cols), fr(eps)))));
      mean[i] = mu;
      rstd[i] = r;
      for (let j = 0; j < cols; j++) y[i * cols + j] = add(mul(mul(sub(x[i * cols + j]!, mu), r), gamma[j]!), beta[j]!);
    }
    return { y, mean, rstd };
  },
  layerNormBackward(x, gamma, mean, rstd, dy, rows, cols): LayerNormGradients {
    const xhat = (i: number, j: number) => mul(sub(x[i * cols + j]!, mean[i]!), rstd[i]!);
    const g = (i: number, j: number) => mul(dy[i * cols + j]!, gamma[j]!);
    const dgamma = new Float32Array(cols);
    const dbeta = new Float32Array(cols);
    for (let j = 0; j < cols; j++) {
      let sg = 0;
      let sb = 0;
      for (let i = 0; i < rows; i++) {
        sg = add(sg, mul(dy[i * cols + j]!, xhat(i, j)));
        sb = add(sb, dy[i * cols + j]!);
      }
      dgamma[j] = sg;
      dbeta[j] = sb;
    }
    const dx = new Float32Array(rows * cols);
    for (let i = 0; i < rows; i++) {
      let s1 = 0;
      let s2 = 0;
      for (let j = 0; j < cols; j++) {
        s1 = add(s1, g(i, j));
        s2 = add(s2, mul(g(i, j), xhat(i, j)));
      }
      const m1 = div(s1, cols);
      const m2 = div(s2, cols);
      for (let j = 0; j < cols; j++) dx[i * cols + j] = mul(rstd[i]!, sub(sub(g(i, j), m1), mul(xhat(i, j), m2)));
    }
    return { dx, dgamma, dbeta };
  },
  crossEntropy(logits, targets, rows, cols): CrossEntropyResult {
    const dlogits = new Float32Array(rows * cols);
    let total = 0;
    for (let i = 0; i < rows; i++) {
      const mx = rowMax(logits, i * cols, cols);
      const e: number[] = [];
      let s = 0;
      for (let j = 0; j < cols; j++) {
        e.push(oracleExp(sub(logits[i * cols + j]!, mx)));
        s = add(s, e[j]!);
      }
      const t = targets[i]!;
      total = add(total, sub(add(mx, oracleLog(s)), logits[i * cols + t]!));
      for (let j = 0; j < cols; j++) {
        const p = div(e[j]!, s);
        dlogits[i * cols + j] = div(j === t ? sub(p, 1) : p, rows);
      }
    }
    return { loss: div(total, rows), dlogits };
  },
  embeddingGather(table, ids, _vocab, dim) {
    const out = new Float32Array(ids.length * dim);
    for (let r = 0; r < ids.length; r++) for (let c = 0; c < dim; c++) out[r * dim + c] = table[ids[r]! * dim + c]!;
    return out;
  },
  embeddingScatterAdd(dOut, ids, vocab, dim) {
    const out = new Float32Array(vocab * dim);
    for (let r = 0; r < ids.length; r++) {
      for (let c = 0; c < dim; c++) out[ids[r]! * dim + c] = add(out[ids[r]! * dim + c]!, dOut[r * dim + c]!);
    }
    return out;
  },
  matmulBatched(a, b, shape, out) {
    const { layout, m, k, n, count, group } = shape;
    const at = (s: { offset: number; outer: number; inner: number }, g: number) =>
      s.offset + Math.floor(g / group) * s.outer + (g % group) * s.inner;
    for (let g = 0; g < count; g++) {
      const ao = at(shape.a, g);
      const bo = at(shape.b, g);
      const A =
        layout === 'tn' ? (i: number, p: number) => a[ao + p * m + i]! : (i: number, p: number) => a[ao + i * k + p]!;
      const B =
        layout === 'nt' ? (p: number, j: number) => b[bo + j * k + p]! : (p: number, j: number) => b[bo + p * n + j]!;
      out.set(mm(A, B, m, k, n), at(shape.out, g));
    }
    return out;
  },
  sgdUpdate(param, grad, velocity, s) {
    for (let i = 0; i < param.length; i++) {
      velocity[i] = add(mul(s.momentum, velocity[i]!), grad[i]!);
      const decayed = sub(param[i]!, mul(s.lrwd, param[i]!));
      param[i] = sub(decayed, mul(s.lr, velocity[i]!));
    }
  },
  adamwUpdate(param, grad, m, v, s) {
    for (let i = 0; i < param.length; i++) {
      const g = grad[i]!;
      m[i] = add(mul(s.beta1, m[i]!), mul(s.c1, g));
      v[i] = add(mul(s.beta2, v[i]!), mul(s.c2, mul(g, g)));
      const d = add(fr(Math.sqrt(div(v[i]!, s.bc2))), s.eps);
      const decayed = sub(param[i]!, mul(s.lrwd, param[i]!));
      param[i] = sub(decayed, mul(s.lr, div(div(m[i]!, s.bc1), d)));
    }
  },
};
