import type { LayerNormGradients, LayerNormResult } from '../backend';
import { checkLayerNorm, checkLayerNormBackward } from './validate';

const fround = Math.fround;

/** LayerNorm over the last axis; the exact arithmetic is in Backend.layerNorm. */
export function layerNorm(
  x: Float32Array,
  gamma: Float32Array,
  beta: Float32Array,
  rows: number,
  cols: number,
  eps: number,
): LayerNormResult {
  checkLayerNorm(x, gamma, beta, rows, cols);
  const eps32 = fround(eps);
  const y = new Float32Array(rows * cols);
  const mean = new Float32Array(rows);
  const rstd = new Float32Array(rows);
  for (let i = 0; i < rows; i++) {
    const base = i * cols;
    let s = 0;
    for (let j = 0; j < cols; j++) s = fround(s + x[base + j]!);
    const mu = fround(s / cols);
    let v = 0;
    for (let j = 0; j < cols; j++) {
      const d = fround(x[base + j]! - mu);
      v = fround(v + fround(d * d));
    }
    const variance = fround(v / cols);
    const r = fround(1 / fround(Math.sqrt(fround(variance + eps32))));
    mean[i] = mu;
    rstd[i] = r;
    for (let j = 0; j < cols; j++) {
      const d = fround(x[base + j]! - mu);
      y[base + j] = fround(fround(d * r) * gamma[j]!) + beta[j]!;
    }
  }
  return { y, mean, rstd };
}

/** Backward of layerNorm; the exact arithmetic is in Backend.layerNormBackward. */
export function layerNormBackward(
  x: Float32Array,
  gamma: Float32Array,
  mean: Float32Array,
  rstd: Float32Array,
  dy: Float32Array,
  rows: number,
  cols: number,
): LayerNormGradients {
  checkLayerNormBackward(x, gamma, mean, rstd, dy, rows, cols);
  const dx = new Float32Array(rows * cols);
  const dgamma = new Float32Array(cols);
  const dbeta = new Float32Array(cols);
  const xhat = new Float32Array(cols);
  const g = new Float32Array(cols);
  for (let i = 0; i < rows; i++) {
    const base = i * cols;
    const mu = mean[i]!;
    const r = rstd[i]!;
    let s1 = 0;
    let s2 = 0;
    for (let j = 0; j < cols; j++) {
      const dyj = dy[base + j]!;
      const xh = fround(fround(x[base + j]! - mu) * r);
      const gj = fround(dyj * gamma[j]!);
      xhat[j] = xh;
      g[j] = gj;
      // dgamma and dbeta accumulate over rows in ascending i: row i is added before row i+1.
      dgamma[j] = dgamma[j]! + fround(dyj * xh);
      dbeta[j] = dbeta[j]! + dyj;
      s1 = fround(s1 + gj);
      s2 = fround(s2 + fround(gj * xh));
    }
    const m1 = fround(s1 / cols);
    const m2 = fround(s2 / cols);
    for (let j = 0; j < cols; j++) {
      dx[base + j] = r * fround(fround(g[j]! - m1) - fround(xhat[j]! * m2));
    }
  }
  return { dx, dgamma, dbeta };
}
