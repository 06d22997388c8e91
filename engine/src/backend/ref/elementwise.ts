import {
  prepareAddRowVector,
  prepareBinary,
  prepareSumRows,
  prepareSwapAxes12,
  prepareTranspose,
  prepareUnary,
} from './validate';

// Each result is computed in double from binary32 operands and rounded once when stored into the
// Float32Array: for a single + - * / or sqrt that equals the correctly rounded binary32 result.

export function add(a: Float32Array, b: Float32Array, out?: Float32Array): Float32Array {
  const r = prepareBinary('add', a, b, out);
  for (let i = 0; i < a.length; i++) r[i] = a[i]! + b[i]!;
  return r;
}

export function sub(a: Float32Array, b: Float32Array, out?: Float32Array): Float32Array {
  const r = prepareBinary('sub', a, b, out);
  for (let i = 0; i < a.length; i++) r[i] = a[i]! - b[i]!;
  return r;
}

export function mul(a: Float32Array, b: Float32Array, out?: Float32Array): Float32Array {
  const r = prepareBinary('mul', a, b, out);
  for (let i = 0; i < a.length; i++) r[i] = a[i]! * b[i]!;
  return r;
}

export function div(a: Float32Array, b: Float32Array, out?: Float32Array): Float32Array {
  const r = prepareBinary('div', a, b, out);
  for (let i = 0; i < a.length; i++) r[i] = a[i]! / b[i]!;
  return r;
}

export function scale(a: Float32Array, s: number, out?: Float32Array): Float32Array {
  const r = prepareUnary('scale', a, out);
  const s32 = Math.fround(s);
  for (let i = 0; i < a.length; i++) r[i] = a[i]! * s32;
  return r;
}

export function addScalar(a: Float32Array, s: number, out?: Float32Array): Float32Array {
  const r = prepareUnary('addScalar', a, out);
  const s32 = Math.fround(s);
  for (let i = 0; i < a.length; i++) r[i] = a[i]! + s32;
  return r;
}

export function sqrt(a: Float32Array, out?: Float32Array): Float32Array {
  const r = prepareUnary('sqrt', a, out);
  for (let i = 0; i < a.length; i++) r[i] = Math.sqrt(a[i]!);
  return r;
}

/** out[i,j] = a[i,j] ⊕ v[j]. */
export function addRowVector(
  a: Float32Array,
  v: Float32Array,
  rows: number,
  cols: number,
  out?: Float32Array,
): Float32Array {
  const r = prepareAddRowVector(a, v, rows, cols, out);
  for (let i = 0; i < rows; i++) {
    const base = i * cols;
    for (let j = 0; j < cols; j++) r[base + j] = a[base + j]! + v[j]!;
  }
  return r;
}

/** out[j] = Σ_i a[i,j], i ascending from +0; the output row is the accumulator. */
export function sumRows(a: Float32Array, rows: number, cols: number, out?: Float32Array): Float32Array {
  const r = prepareSumRows(a, rows, cols, out);
  // out may alias row 0 of a only if the caller broke the contract; a fresh accumulator avoids surprises.
  const acc = new Float32Array(cols);
  for (let i = 0; i < rows; i++) {
    const base = i * cols;
    for (let j = 0; j < cols; j++) acc[j] = acc[j]! + a[base + j]!;
  }
  r.set(acc);
  return r;
}

/** Σ a[i] in index order from +0, as a binary32 value. */
export function sum(a: Float32Array): number {
  let acc = 0;
  for (let i = 0; i < a.length; i++) acc = Math.fround(acc + a[i]!);
  return acc;
}

/** out[j,i] = a[i,j]. */
export function transpose(a: Float32Array, rows: number, cols: number, out?: Float32Array): Float32Array {
  const r = prepareTranspose(a, rows, cols, out);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) r[j * rows + i] = a[i * cols + j]!;
  }
  return r;
}

/** x[d0×d1×d2×d3] → out[d0×d2×d1×d3], out[a,c,b,d] = x[a,b,c,d]. */
export function swapAxes12(
  x: Float32Array,
  d0: number,
  d1: number,
  d2: number,
  d3: number,
  out?: Float32Array,
): Float32Array {
  const r = prepareSwapAxes12(x, d0, d1, d2, d3, out);
  for (let a = 0; a < d0; a++) {
    for (let b = 0; b < d1; b++) {
      for (let c = 0; c < d2; c++) {
        const src = ((a * d1 + b) * d2 + c) * d3;
        const dst = ((a * d2 + c) * d1 + b) * d3;
        for (let d = 0; d < d3; d++) r[dst + d] = x[src + d]!;
      }
    }
  }
  return r;
}
