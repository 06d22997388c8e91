import type { Backend, TensorLike } from '../backend/backend';

/**
 * Fully connected layer y[N×out] = x[N×in] · W[in×out] ⊕ b (bias broadcast over rows; no bias when b is
 * null). W is stored [in×out], the layout of a tfjs Dense kernel.
 */
export function linearForward<T extends TensorLike>(
  be: Backend<T>,
  x: T,
  w: T,
  b: T | null,
  rows: number,
  inFeatures: number,
  outFeatures: number,
): T {
  const y = be.matmul(x, w, rows, inFeatures, outFeatures);
  // A fresh output: the Backend contract lets only the plain elementwise kernels write over an input.
  return b === null ? y : be.addRowVector(y, b, rows, outFeatures);
}

export type LinearGradients<T = Float32Array> = { dx: T | null; dw: T; db: T | null };

/**
 * Backward of linearForward given its input x and the output gradient dy:
 *   dW = xᵀ · dy   (matmulTransA: each dW[i,j] sums over rows in ascending order)
 *   db = column sums of dy (rows ascending)
 *   dx = dy · Wᵀ   (matmulTransB), skipped when the caller does not need it (the model input).
 */
export function linearBackward<T extends TensorLike>(
  be: Backend<T>,
  x: T,
  w: T,
  hasBias: boolean,
  dy: T,
  rows: number,
  inFeatures: number,
  outFeatures: number,
  needDx: boolean,
): LinearGradients<T> {
  const dw = be.matmulTransA(x, dy, inFeatures, rows, outFeatures);
  const db = hasBias ? be.sumRows(dy, rows, outFeatures) : null;
  const dx = needDx ? be.matmulTransB(dy, w, rows, outFeatures, inFeatures) : null;
  return { dx, dw, db };
}
