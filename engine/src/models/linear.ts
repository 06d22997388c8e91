import type { Backend } from '../backend/backend';

/**
 * Fully connected layer y[N×out] = x[N×in] · W[in×out] ⊕ b (bias broadcast over rows; no bias when b is
 * null). W is stored [in×out], the layout of a tfjs Dense kernel.
 */
export function linearForward(
  be: Backend,
  x: Float32Array,
  w: Float32Array,
  b: Float32Array | null,
  rows: number,
  inFeatures: number,
  outFeatures: number,
): Float32Array {
  const y = be.matmul(x, w, rows, inFeatures, outFeatures);
  // A fresh output: the Backend contract lets only the plain elementwise kernels write over an input.
  return b === null ? y : be.addRowVector(y, b, rows, outFeatures);
}

export type LinearGradients = { dx: Float32Array | null; dw: Float32Array; db: Float32Array | null };

/**
 * Backward of linearForward given its input x and the output gradient dy:
 *   dW = xᵀ · dy   (matmulTransA: each dW[i,j] sums over rows in ascending order)
 *   db = column sums of dy (rows ascending)
 *   dx = dy · Wᵀ   (matmulTransB), skipped when the caller does not need it (the model input).
 */
export function linearBackward(
  be: Backend,
  x: Float32Array,
  w: Float32Array,
  hasBias: boolean,
  dy: Float32Array,
  rows: number,
  inFeatures: number,
  outFeatures: number,
  needDx: boolean,
): LinearGradients {
  const dw = be.matmulTransA(x, dy, inFeatures, rows, outFeatures);
  const db = hasBias ? be.sumRows(dy, rows, outFeatures) : null;
  const dx = needDx ? be.matmulTransB(dy, w, rows, outFeatures, inFeatures) : null;
  return { dx, dw, db };
}
