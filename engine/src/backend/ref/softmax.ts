import { exp32 } from '../../numerics/exp';
import { prepareSoftmaxRows, prepareSoftmaxRowsBackward } from './validate';

const fround = Math.fround;

/** Row-wise (optionally causal) softmax; the exact arithmetic is in Backend.softmaxRows. */
export function softmaxRows(
  x: Float32Array,
  rows: number,
  cols: number,
  causal = false,
  out?: Float32Array,
): Float32Array {
  const r = prepareSoftmaxRows(x, rows, cols, causal, out);
  for (let i = 0; i < rows; i++) {
    const base = i * cols;
    // Keys 0…last are visible to this row; causal rows see keys up to their own query position.
    const last = causal ? i % cols : cols - 1;
    let mx = x[base]!;
    for (let j = 1; j <= last; j++) {
      const v = x[base + j]!;
      if (v > mx) mx = v;
    }
    let s = 0;
    for (let j = 0; j <= last; j++) {
      const e = exp32(fround(x[base + j]! - mx));
      r[base + j] = e;
      s = fround(s + e);
    }
    for (let j = 0; j <= last; j++) r[base + j] = r[base + j]! / s;
    for (let j = last + 1; j < cols; j++) r[base + j] = 0;
  }
  return r;
}

/** dx_j = y_j ⊗ (dy_j ⊖ Σ_k y_k ⊗ dy_k) per row. */
export function softmaxRowsBackward(
  y: Float32Array,
  dy: Float32Array,
  rows: number,
  cols: number,
  out?: Float32Array,
): Float32Array {
  const r = prepareSoftmaxRowsBackward(y, dy, rows, cols, out);
  for (let i = 0; i < rows; i++) {
    const base = i * cols;
    let d = 0;
    for (let j = 0; j < cols; j++) d = fround(d + fround(y[base + j]! * dy[base + j]!));
    for (let j = 0; j < cols; j++) r[base + j] = y[base + j]! * fround(dy[base + j]! - d);
  }
  return r;
}
