import { EngineError } from '../../errors';
import { checkDim, checkDivisorDim, checkIndices, checkLength, checkNoAlias, outputArray } from './checks';

/**
 * The argument checks of the kernels whose checks are more than a line or two, shared by the ref backend
 * and the compiled backends (kernel/createKernelBackend.ts), so that a bad call fails the same way on all.
 */

/** A matrix product's dimensions, operand lengths and output (fresh or the caller's, apart from a and b). */
export function prepareMatmul(
  op: string,
  a: Float32Array,
  aLength: number,
  b: Float32Array,
  bLength: number,
  m: number,
  k: number,
  n: number,
  out: Float32Array | undefined,
): Float32Array {
  checkDim(op, 'm', m);
  checkDim(op, 'k', k);
  checkDim(op, 'n', n);
  checkLength(op, 'a', a, aLength);
  checkLength(op, 'b', b, bLength);
  const result = outputArray(op, m * n, out);
  checkNoAlias(op, result, a, b);
  return result;
}

export function prepareSoftmaxRows(x: Float32Array, rows: number, cols: number, causal: boolean, out: Float32Array | undefined): Float32Array {
  checkDim('softmaxRows', 'rows', rows);
  checkDim('softmaxRows', 'cols', cols);
  checkLength('softmaxRows', 'x', x, rows * cols);
  if (causal && cols > 0 && rows % cols !== 0) {
    throw new EngineError('INVALID_ARGUMENT', `softmaxRows: causal needs rows (${rows}) to be a multiple of cols (${cols})`, {
      details: { rows, cols },
    });
  }
  const r = outputArray('softmaxRows', rows * cols, out);
  checkNoAlias('softmaxRows', r, x);
  return r;
}

export function prepareSoftmaxRowsBackward(y: Float32Array, dy: Float32Array, rows: number, cols: number, out: Float32Array | undefined): Float32Array {
  checkDim('softmaxRowsBackward', 'rows', rows);
  checkDim('softmaxRowsBackward', 'cols', cols);
  checkLength('softmaxRowsBackward', 'y', y, rows * cols);
  checkLength('softmaxRowsBackward', 'dy', dy, rows * cols);
  const r = outputArray('softmaxRowsBackward', rows * cols, out);
  checkNoAlias('softmaxRowsBackward', r, y, dy);
  return r;
}

export function checkLayerNorm(x: Float32Array, gamma: Float32Array, beta: Float32Array, rows: number, cols: number): void {
  checkDim('layerNorm', 'rows', rows);
  checkDivisorDim('layerNorm', 'cols', cols);
  checkLength('layerNorm', 'x', x, rows * cols);
  checkLength('layerNorm', 'gamma', gamma, cols);
  checkLength('layerNorm', 'beta', beta, cols);
}

export function checkLayerNormBackward(
  x: Float32Array,
  gamma: Float32Array,
  mean: Float32Array,
  rstd: Float32Array,
  dy: Float32Array,
  rows: number,
  cols: number,
): void {
  checkDim('layerNormBackward', 'rows', rows);
  checkDivisorDim('layerNormBackward', 'cols', cols);
  checkLength('layerNormBackward', 'x', x, rows * cols);
  checkLength('layerNormBackward', 'gamma', gamma, cols);
  checkLength('layerNormBackward', 'mean', mean, rows);
  checkLength('layerNormBackward', 'rstd', rstd, rows);
  checkLength('layerNormBackward', 'dy', dy, rows * cols);
}

export function checkCrossEntropy(logits: Float32Array, targets: ArrayLike<number>, rows: number, cols: number): void {
  checkDivisorDim('crossEntropy', 'rows', rows);
  checkDim('crossEntropy', 'cols', cols);
  checkLength('crossEntropy', 'logits', logits, rows * cols);
  checkLength('crossEntropy', 'targets', targets, rows);
  checkIndices('crossEntropy', 'targets', targets, cols);
}

export function prepareTranspose(a: Float32Array, rows: number, cols: number, out: Float32Array | undefined): Float32Array {
  checkDim('transpose', 'rows', rows);
  checkDim('transpose', 'cols', cols);
  checkLength('transpose', 'a', a, rows * cols);
  const r = outputArray('transpose', rows * cols, out);
  checkNoAlias('transpose', r, a);
  return r;
}

export function prepareSwapAxes12(x: Float32Array, d0: number, d1: number, d2: number, d3: number, out: Float32Array | undefined): Float32Array {
  for (const [name, v] of [['d0', d0], ['d1', d1], ['d2', d2], ['d3', d3]] as const) checkDim('swapAxes12', name, v);
  const length = d0 * d1 * d2 * d3;
  checkLength('swapAxes12', 'x', x, length);
  const r = outputArray('swapAxes12', length, out);
  checkNoAlias('swapAxes12', r, x);
  return r;
}

/** out may be a itself; v is read on every row, so an out over v would change it half way through. */
export function prepareAddRowVector(a: Float32Array, v: Float32Array, rows: number, cols: number, out: Float32Array | undefined): Float32Array {
  checkDim('addRowVector', 'rows', rows);
  checkDim('addRowVector', 'cols', cols);
  checkLength('addRowVector', 'a', a, rows * cols);
  checkLength('addRowVector', 'v', v, cols);
  const r = outputArray('addRowVector', rows * cols, out);
  checkNoAlias('addRowVector', r, v);
  return r;
}

export function prepareSumRows(a: Float32Array, rows: number, cols: number, out: Float32Array | undefined): Float32Array {
  checkDim('sumRows', 'rows', rows);
  checkDim('sumRows', 'cols', cols);
  checkLength('sumRows', 'a', a, rows * cols);
  return outputArray('sumRows', cols, out);
}

export function prepareEmbeddingGather(table: Float32Array, ids: ArrayLike<number>, vocab: number, dim: number, out: Float32Array | undefined): Float32Array {
  checkDim('embeddingGather', 'vocab', vocab);
  checkDim('embeddingGather', 'dim', dim);
  checkLength('embeddingGather', 'table', table, vocab * dim);
  checkIndices('embeddingGather', 'ids', ids, vocab);
  const r = outputArray('embeddingGather', ids.length * dim, out);
  checkNoAlias('embeddingGather', r, table);
  return r;
}

export function prepareEmbeddingScatterAdd(dOut: Float32Array, ids: ArrayLike<number>, vocab: number, dim: number, out: Float32Array | undefined): Float32Array {
  checkDim('embeddingScatterAdd', 'vocab', vocab);
  checkDim('embeddingScatterAdd', 'dim', dim);
  checkLength('embeddingScatterAdd', 'dOut', dOut, ids.length * dim);
  checkIndices('embeddingScatterAdd', 'ids', ids, vocab);
  const r = outputArray('embeddingScatterAdd', vocab * dim, out);
  checkNoAlias('embeddingScatterAdd', r, dOut);
  return r;
}
