import type { Backend, LayerNormGradients, LayerNormResult } from '../backend/backend';

/** The LayerNorm epsilon of every model, rounded to binary32 by the backend. */
export const LAYER_NORM_EPS = 1e-5;

export function layerNormForward(
  be: Backend,
  x: Float32Array,
  gain: Float32Array,
  bias: Float32Array,
  rows: number,
  cols: number,
): LayerNormResult {
  return be.layerNorm(x, gain, bias, rows, cols, LAYER_NORM_EPS);
}

export function layerNormBackward(
  be: Backend,
  x: Float32Array,
  gain: Float32Array,
  fwd: LayerNormResult,
  dy: Float32Array,
  rows: number,
  cols: number,
): LayerNormGradients {
  return be.layerNormBackward(x, gain, fwd.mean, fwd.rstd, dy, rows, cols);
}
