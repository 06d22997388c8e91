import type { TensorLike } from '../backend';
import { EngineError } from '../../errors';
import {
  checkDim,
  checkDivisorDim,
  checkIndices,
  checkLength,
  checkNoAlias,
  defaultKit as host,
  outputArray,
  type TensorKit,
} from './checks';

/**
 * The argument checks of every kernel, shared by the ref backend, the compiled backends
 * (kernel/createKernelBackend.ts) and device backends, so that a bad call fails the same way on all.
 * Generic over the tensor type: a `prepare*` checks and returns the output (the caller's `out`, or a fresh
 * tensor from the kit), so it takes the backend's TensorKit (`hostKit` by default; only a host backend may
 * leave it out); a `check*` reads nothing but lengths and dimensions and needs no kit.
 */

/** Elementwise a ∘ b: b as long as a; out may be a or b. */
export function prepareBinary<T extends TensorLike = Float32Array>(
  op: string,
  a: T,
  b: T,
  out: T | undefined,
  kit: TensorKit<T> = host(),
): T {
  checkLength(op, 'b', b, a.length);
  return outputArray(op, a.length, out, kit);
}

/** Elementwise f(x), also scale and addScalar; out may be x. */
export function prepareUnary<T extends TensorLike = Float32Array>(
  op: string,
  x: T,
  out: T | undefined,
  kit: TensorKit<T> = host(),
): T {
  return outputArray(op, x.length, out, kit);
}

/** Elementwise backward of an activation: dy as long as x; out may be either. */
export function prepareUnaryBackward<T extends TensorLike = Float32Array>(
  op: string,
  x: T,
  dy: T,
  out: T | undefined,
  kit: TensorKit<T> = host(),
): T {
  checkLength(op, 'dy', dy, x.length);
  return outputArray(op, x.length, out, kit);
}

export function checkSgdUpdate(param: TensorLike, grad: TensorLike, velocity: TensorLike): void {
  checkLength('sgdUpdate', 'grad', grad, param.length);
  checkLength('sgdUpdate', 'velocity', velocity, param.length);
}

export function checkAdamwUpdate(param: TensorLike, grad: TensorLike, m: TensorLike, v: TensorLike): void {
  checkLength('adamwUpdate', 'grad', grad, param.length);
  checkLength('adamwUpdate', 'm', m, param.length);
  checkLength('adamwUpdate', 'v', v, param.length);
}

/** A matrix product's dimensions, operand lengths and output (fresh or the caller's, apart from a and b). */
export function prepareMatmul<T extends TensorLike = Float32Array>(
  op: string,
  a: T,
  aLength: number,
  b: T,
  bLength: number,
  m: number,
  k: number,
  n: number,
  out: T | undefined,
  kit: TensorKit<T> = host(),
): T {
  checkDim(op, 'm', m);
  checkDim(op, 'k', k);
  checkDim(op, 'n', n);
  checkLength(op, 'a', a, aLength);
  checkLength(op, 'b', b, bLength);
  const result = outputArray(op, m * n, out, kit);
  checkNoAlias(op, result, [a, b], kit);
  return result;
}

export function prepareSoftmaxRows<T extends TensorLike = Float32Array>(
  x: T,
  rows: number,
  cols: number,
  causal: boolean,
  out: T | undefined,
  kit: TensorKit<T> = host(),
): T {
  checkDim('softmaxRows', 'rows', rows);
  checkDim('softmaxRows', 'cols', cols);
  checkLength('softmaxRows', 'x', x, rows * cols);
  if (causal && cols > 0 && rows % cols !== 0) {
    throw new EngineError(
      'INVALID_ARGUMENT',
      `softmaxRows: causal needs rows (${rows}) to be a multiple of cols (${cols})`,
      {
        details: { rows, cols },
      },
    );
  }
  const r = outputArray('softmaxRows', rows * cols, out, kit);
  checkNoAlias('softmaxRows', r, [x], kit);
  return r;
}

export function prepareSoftmaxRowsBackward<T extends TensorLike = Float32Array>(
  y: T,
  dy: T,
  rows: number,
  cols: number,
  out: T | undefined,
  kit: TensorKit<T> = host(),
): T {
  checkDim('softmaxRowsBackward', 'rows', rows);
  checkDim('softmaxRowsBackward', 'cols', cols);
  checkLength('softmaxRowsBackward', 'y', y, rows * cols);
  checkLength('softmaxRowsBackward', 'dy', dy, rows * cols);
  const r = outputArray('softmaxRowsBackward', rows * cols, out, kit);
  checkNoAlias('softmaxRowsBackward', r, [y, dy], kit);
  return r;
}

export function checkLayerNorm(x: TensorLike, gamma: TensorLike, beta: TensorLike, rows: number, cols: number): void {
  checkDim('layerNorm', 'rows', rows);
  checkDivisorDim('layerNorm', 'cols', cols);
  checkLength('layerNorm', 'x', x, rows * cols);
  checkLength('layerNorm', 'gamma', gamma, cols);
  checkLength('layerNorm', 'beta', beta, cols);
}

export function checkLayerNormBackward(
  x: TensorLike,
  gamma: TensorLike,
  mean: TensorLike,
  rstd: TensorLike,
  dy: TensorLike,
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

export function checkCrossEntropy(logits: TensorLike, targets: ArrayLike<number>, rows: number, cols: number): void {
  checkDivisorDim('crossEntropy', 'rows', rows);
  checkDim('crossEntropy', 'cols', cols);
  checkLength('crossEntropy', 'logits', logits, rows * cols);
  checkLength('crossEntropy', 'targets', targets, rows);
  checkIndices('crossEntropy', 'targets', targets, cols);
}

export function prepareTranspose<T extends TensorLike = Float32Array>(
  a: T,
  rows: number,
  cols: number,
  out: T | undefined,
  kit: TensorKit<T> = host(),
): T {
  checkDim('transpose', 'rows', rows);
  checkDim('transpose', 'cols', cols);
  checkLength('transpose', 'a', a, rows * cols);
  const r = outputArray('transpose', rows * cols, out, kit);
  checkNoAlias('transpose', r, [a], kit);
  return r;
}

export function prepareSwapAxes12<T extends TensorLike = Float32Array>(
  x: T,
  d0: number,
  d1: number,
  d2: number,
  d3: number,
  out: T | undefined,
  kit: TensorKit<T> = host(),
): T {
  for (const [name, v] of [
    ['d0', d0],
    ['d1', d1],
    ['d2', d2],
    ['d3', d3],
  ] as const)
    checkDim('swapAxes12', name, v);
  const length = d0 * d1 * d2 * d3;
  checkLength('swapAxes12', 'x', x, length);
  const r = outputArray('swapAxes12', length, out, kit);
  checkNoAlias('swapAxes12', r, [x], kit);
  return r;
}

/** out may be a itself; v is read on every row, so an out over v would change it half way through. */
export function prepareAddRowVector<T extends TensorLike = Float32Array>(
  a: T,
  v: T,
  rows: number,
  cols: number,
  out: T | undefined,
  kit: TensorKit<T> = host(),
): T {
  checkDim('addRowVector', 'rows', rows);
  checkDim('addRowVector', 'cols', cols);
  checkLength('addRowVector', 'a', a, rows * cols);
  checkLength('addRowVector', 'v', v, cols);
  const r = outputArray('addRowVector', rows * cols, out, kit);
  checkNoAlias('addRowVector', r, [v], kit);
  return r;
}

export function prepareSumRows<T extends TensorLike = Float32Array>(
  a: T,
  rows: number,
  cols: number,
  out: T | undefined,
  kit: TensorKit<T> = host(),
): T {
  checkDim('sumRows', 'rows', rows);
  checkDim('sumRows', 'cols', cols);
  checkLength('sumRows', 'a', a, rows * cols);
  return outputArray('sumRows', cols, out, kit);
}

export function prepareEmbeddingGather<T extends TensorLike = Float32Array>(
  table: T,
  ids: ArrayLike<number>,
  vocab: number,
  dim: number,
  out: T | undefined,
  kit: TensorKit<T> = host(),
): T {
  checkDim('embeddingGather', 'vocab', vocab);
  checkDim('embeddingGather', 'dim', dim);
  checkLength('embeddingGather', 'table', table, vocab * dim);
  checkIndices('embeddingGather', 'ids', ids, vocab);
  const r = outputArray('embeddingGather', ids.length * dim, out, kit);
  checkNoAlias('embeddingGather', r, [table], kit);
  return r;
}

export function prepareEmbeddingScatterAdd<T extends TensorLike = Float32Array>(
  dOut: T,
  ids: ArrayLike<number>,
  vocab: number,
  dim: number,
  out: T | undefined,
  kit: TensorKit<T> = host(),
): T {
  checkDim('embeddingScatterAdd', 'vocab', vocab);
  checkDim('embeddingScatterAdd', 'dim', dim);
  checkLength('embeddingScatterAdd', 'dOut', dOut, ids.length * dim);
  checkIndices('embeddingScatterAdd', 'ids', ids, vocab);
  const r = outputArray('embeddingScatterAdd', vocab * dim, out, kit);
  checkNoAlias('embeddingScatterAdd', r, [dOut], kit);
  return r;
}
