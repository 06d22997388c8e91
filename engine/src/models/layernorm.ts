import type { Backend, LayerNormGradients, LayerNormResult, TensorLike } from '../backend/backend';

/** The LayerNorm epsilon of every model, rounded to binary32 by the backend. */
export const LAYER_NORM_EPS = 1e-5;

export function layerNormForward<T extends TensorLike>(
  be: Backend<T>,
  x: T,
  gain: T,
  bias: T,
  rows: number,
  cols: number,
): LayerNormResult<T> {
  return be.layerNorm(x, gain, bias, rows, cols, LAYER_NORM_EPS);
}

export function layerNormBackward<T extends TensorLike>(
  be: Backend<T>,
  x: T,
  gain: T,
  fwd: LayerNormResult<T>,
  dy: T,
  rows: number,
  cols: number,
): LayerNormGradients<T> {
  return be.layerNormBackward(x, gain, fwd.mean, fwd.rstd, dy, rows, cols);
}
