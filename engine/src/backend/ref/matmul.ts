import type { BatchedMatmulShape } from '../backend';
import { blockStart, checkBatchedMatmul } from './checks';
import { prepareMatmul } from './validate';

const fround = Math.fround;

/** out[m×n] = a[m×k]·b[k×n]; out[i,j] = Σ_p a[i,p] ⊗ b[p,j], p ascending from +0. */
export function matmul(
  a: Float32Array,
  b: Float32Array,
  m: number,
  k: number,
  n: number,
  out?: Float32Array,
): Float32Array {
  const result = prepareMatmul('matmul', a, m * k, b, k * n, m, k, n, out);
  gemm(a, k, 1, b, n, 1, result, m, k, n);
  return result;
}

/** out[m×n] = a[m×k]·bᵀ, b stored [n×k]; out[i,j] = Σ_p a[i,p] ⊗ b[j,p], p ascending from +0. */
export function matmulTransB(
  a: Float32Array,
  b: Float32Array,
  m: number,
  k: number,
  n: number,
  out?: Float32Array,
): Float32Array {
  const result = prepareMatmul('matmulTransB', a, m * k, b, n * k, m, k, n, out);
  gemm(a, k, 1, b, 1, k, result, m, k, n);
  return result;
}

/** out[m×n] = aᵀ·b, a stored [k×m]; out[i,j] = Σ_p a[p,i] ⊗ b[p,j], p ascending from +0. */
export function matmulTransA(
  a: Float32Array,
  b: Float32Array,
  m: number,
  k: number,
  n: number,
  out?: Float32Array,
): Float32Array {
  const result = prepareMatmul('matmulTransA', a, k * m, b, k * n, m, k, n, out);
  gemm(a, 1, m, b, n, 1, result, m, k, n);
  return result;
}

/** Block g of out = op(a block g) · op(b block g), for every g (see Backend.matmulBatched). */
export function matmulBatched(
  a: Float32Array,
  b: Float32Array,
  shape: BatchedMatmulShape,
  out: Float32Array,
): Float32Array {
  checkBatchedMatmul(a, b, shape, out);
  const { layout, m, k, n, count, group } = shape;
  for (let g = 0; g < count; g++) {
    const ao = blockStart(shape.a, g, group);
    const bo = blockStart(shape.b, g, group);
    const oo = blockStart(shape.out, g, group);
    const av = a.subarray(ao, ao + m * k);
    const bv = b.subarray(bo, bo + k * n);
    const ov = out.subarray(oo, oo + m * n);
    if (layout === 'nn') gemm(av, k, 1, bv, n, 1, ov, m, k, n);
    else if (layout === 'nt') gemm(av, k, 1, bv, 1, k, ov, m, k, n);
    else gemm(av, 1, m, bv, n, 1, ov, m, k, n);
  }
  return out;
}

/**
 * The one matmul kernel, over strided views: A(i,p) = a[i*sai + p*sap], B(p,j) = b[p*sbp + j*sbj],
 * out[i*n + j] = Σ_p A(i,p) ⊗ B(p,j).
 *
 * Why it is exact VT-F32 and still fast in plain JS:
 * - Eight outputs of a row are computed together, each in its own local accumulator that is rounded to
 *   binary32 after every add, with p running in ascending order: per output this is exactly the
 *   sequence acc = acc ⊕ (A ⊗ B) from +0. Blocking is over outputs only, never over k.
 * - The product of two binary32 values is exact in a double, so fround(x*y) is the binary32 product;
 *   fround(acc + prod) is the binary32 sum (double rounding is harmless for one + - * / or sqrt of
 *   binary32 operands).
 * - Row i of A is first packed into the list of its terms that cannot be skipped (ascending p), so the
 *   eight-wide blocks read A contiguously even for aᵀ·b, and skipped zeros cost nothing per block.
 * - Skipping A(i,p) = 0 is exact when B(p,:) is all finite: 0 ⊗ B is ±0, and acc ⊕ ±0 = acc for every
 *   acc that is not −0; an accumulator starting at +0 never becomes −0 under round-to-nearest (an exact
 *   cancellation gives +0). Rows of B holding NaN or ±Inf are never skipped, so 0 ⊗ Inf = NaN still
 *   propagates. MNIST inputs and ReLU activations are mostly zeros, so this pays.
 */
function gemm(
  a: Float32Array,
  sai: number,
  sap: number,
  b: Float32Array,
  sbp: number,
  sbj: number,
  out: Float32Array,
  m: number,
  k: number,
  n: number,
): void {
  const skippable = finiteRowsOfB(b, sbp, sbj, k, n);
  // Row i of A, packed: the indices p (ascending) whose terms cannot be skipped, and their values.
  const terms = new Int32Array(k);
  const values = new Float32Array(k);
  const n8 = n - (n % 8);
  const s2 = 2 * sbj;
  const s3 = 3 * sbj;
  const s4 = 4 * sbj;
  const s5 = 5 * sbj;
  const s6 = 6 * sbj;
  const s7 = 7 * sbj;
  for (let i = 0; i < m; i++) {
    const aRow = i * sai;
    const oRow = i * n;
    let count = 0;
    for (let p = 0; p < k; p++) {
      const x = a[aRow + p * sap]!;
      if (x === 0 && skippable[p] === 1) continue;
      terms[count] = p * sbp;
      values[count] = x;
      count++;
    }
    for (let j = 0; j < n8; j += 8) {
      let c0 = 0;
      let c1 = 0;
      let c2 = 0;
      let c3 = 0;
      let c4 = 0;
      let c5 = 0;
      let c6 = 0;
      let c7 = 0;
      const bCol = j * sbj;
      for (let t = 0; t < count; t++) {
        const x = values[t]!;
        const q = bCol + terms[t]!;
        c0 = fround(c0 + fround(x * b[q]!));
        c1 = fround(c1 + fround(x * b[q + sbj]!));
        c2 = fround(c2 + fround(x * b[q + s2]!));
        c3 = fround(c3 + fround(x * b[q + s3]!));
        c4 = fround(c4 + fround(x * b[q + s4]!));
        c5 = fround(c5 + fround(x * b[q + s5]!));
        c6 = fround(c6 + fround(x * b[q + s6]!));
        c7 = fround(c7 + fround(x * b[q + s7]!));
      }
      const o = oRow + j;
      out[o] = c0;
      out[o + 1] = c1;
      out[o + 2] = c2;
      out[o + 3] = c3;
      out[o + 4] = c4;
      out[o + 5] = c5;
      out[o + 6] = c6;
      out[o + 7] = c7;
    }
    for (let j = n8; j < n; j++) {
      let c = 0;
      const bCol = j * sbj;
      for (let t = 0; t < count; t++) c = fround(c + fround(values[t]! * b[bCol + terms[t]!]!));
      out[oRow + j] = c;
    }
  }
}

/** flags[p] = 1 when every B(p,j) = b[p*sbp + j*sbj], j < n, is finite. */
function finiteRowsOfB(b: Float32Array, sbp: number, sbj: number, k: number, n: number): Uint8Array {
  const flags = new Uint8Array(k);
  for (let p = 0; p < k; p++) {
    let finite = 1;
    for (let j = 0; j < n; j++) {
      const v = b[p * sbp + j * sbj]!;
      if (v - v !== 0) {
        finite = 0;
        break;
      }
    }
    flags[p] = finite;
  }
  return flags;
}
