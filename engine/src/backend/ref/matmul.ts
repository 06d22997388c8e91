import { checkDim, checkLength, checkNoAlias, outputArray } from './checks';

const fround = Math.fround;

/**
 * out[m×n] = a[m×k]·b[k×n]; every out[i,j] sums a[i,p]⊗b[p,j] over ascending p from +0.
 *
 * Loop order i-p-j: the row out[i,:] is the accumulator (one binary32 slot per output, rounding on every
 * store), and p advances in ascending order for every output at once, so each output still sees exactly
 * the VT-F32 sequence acc = acc ⊕ (a ⊗ b). The product of two binary32 values is exact in a double, so
 * fround(a*b) is the binary32 product; the double sum of two binary32 values rounded on store is the
 * binary32 sum (double rounding is harmless for + - * / sqrt at these widths).
 *
 * Skipping a[i,p] = 0 is exact when row p of b is finite: 0⊗b is ±0 and acc ⊕ ±0 = acc for any acc
 * that is not -0, and an accumulator starting at +0 never becomes -0 under round-to-nearest. A row of b
 * holding NaN or ±Infinity disables the skip for that row (0 ⊗ Inf = NaN must propagate).
 */
export function matmul(a: Float32Array, b: Float32Array, m: number, k: number, n: number, out?: Float32Array): Float32Array {
  checkMatmulDims('matmul', m, k, n);
  checkLength('matmul', 'a', a, m * k);
  checkLength('matmul', 'b', b, k * n);
  const result = outputArray('matmul', m * n, out);
  checkNoAlias('matmul', result, a, b);
  result.fill(0);
  const rowFinite = finiteRows(b, k, n);
  for (let i = 0; i < m; i++) {
    const aRow = i * k;
    const oRow = i * n;
    for (let p = 0; p < k; p++) {
      const aip = a[aRow + p]!;
      if (aip === 0 && rowFinite[p] === 1) continue;
      const bRow = p * n;
      for (let j = 0; j < n; j++) {
        result[oRow + j] = result[oRow + j]! + fround(aip * b[bRow + j]!);
      }
    }
  }
  return result;
}

/**
 * out[m×n] = a[m×k]·bᵀ with b stored [n×k]; out[i,j] sums a[i,p]⊗b[j,p] over ascending p from +0.
 * A dot product per output: both operands are read contiguously, the accumulator is a rounded local.
 */
export function matmulTransB(a: Float32Array, b: Float32Array, m: number, k: number, n: number, out?: Float32Array): Float32Array {
  checkMatmulDims('matmulTransB', m, k, n);
  checkLength('matmulTransB', 'a', a, m * k);
  checkLength('matmulTransB', 'b', b, n * k);
  const result = outputArray('matmulTransB', m * n, out);
  checkNoAlias('matmulTransB', result, a, b);
  for (let i = 0; i < m; i++) {
    const aRow = i * k;
    for (let j = 0; j < n; j++) {
      const bRow = j * k;
      let acc = 0;
      for (let p = 0; p < k; p++) {
        acc = fround(acc + fround(a[aRow + p]! * b[bRow + p]!));
      }
      result[i * n + j] = acc;
    }
  }
  return result;
}

/**
 * out[m×n] = aᵀ·b with a stored [k×m]; out[i,j] sums a[p,i]⊗b[p,j] over ascending p from +0.
 * Loop order p-i-j: the whole output is the accumulator and p is the outer loop, so each output still
 * adds its terms in ascending p. Zero skipping as in `matmul` (ReLU activations are often 0).
 */
export function matmulTransA(a: Float32Array, b: Float32Array, m: number, k: number, n: number, out?: Float32Array): Float32Array {
  checkMatmulDims('matmulTransA', m, k, n);
  checkLength('matmulTransA', 'a', a, k * m);
  checkLength('matmulTransA', 'b', b, k * n);
  const result = outputArray('matmulTransA', m * n, out);
  checkNoAlias('matmulTransA', result, a, b);
  result.fill(0);
  const rowFinite = finiteRows(b, k, n);
  for (let p = 0; p < k; p++) {
    const aRow = p * m;
    const bRow = p * n;
    const skipZeros = rowFinite[p] === 1;
    for (let i = 0; i < m; i++) {
      const api = a[aRow + i]!;
      if (api === 0 && skipZeros) continue;
      const oRow = i * n;
      for (let j = 0; j < n; j++) {
        result[oRow + j] = result[oRow + j]! + fround(api * b[bRow + j]!);
      }
    }
  }
  return result;
}

function checkMatmulDims(op: string, m: number, k: number, n: number): void {
  checkDim(op, 'm', m);
  checkDim(op, 'k', k);
  checkDim(op, 'n', n);
}

/** rowFinite[p] = 1 when every b[p,:] is finite. */
function finiteRows(b: Float32Array, rows: number, cols: number): Uint8Array {
  const flags = new Uint8Array(rows);
  for (let p = 0; p < rows; p++) {
    let finite = 1;
    const base = p * cols;
    for (let j = 0; j < cols; j++) {
      const v = b[base + j]!;
      if (v - v !== 0) {
        finite = 0;
        break;
      }
    }
    flags[p] = finite;
  }
  return flags;
}
