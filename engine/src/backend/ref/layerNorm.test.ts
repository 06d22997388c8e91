import { describe, expect, it } from 'vitest';
import { testFloats } from '../testing/inputs';
import { finiteDifferenceGradient, maxRelativeError, sameBits, weightedSum } from '../testing/finiteDifference';
import { layerNorm, layerNormBackward } from './layerNorm';

const fround = Math.fround;
const EPS = 1e-5;

function specLayerNorm(x: Float32Array, g: Float32Array, b: Float32Array, rows: number, cols: number) {
  const y = new Float32Array(rows * cols);
  const mean = new Float32Array(rows);
  const rstd = new Float32Array(rows);
  const eps = fround(EPS);
  for (let i = 0; i < rows; i++) {
    let s = 0;
    for (let j = 0; j < cols; j++) s = fround(s + x[i * cols + j]!);
    const mu = fround(s / cols);
    let v = 0;
    for (let j = 0; j < cols; j++) {
      const d = fround(x[i * cols + j]! - mu);
      v = fround(v + fround(d * d));
    }
    const r = fround(1 / fround(Math.sqrt(fround(fround(v / cols) + eps))));
    mean[i] = mu;
    rstd[i] = r;
    for (let j = 0; j < cols; j++) {
      y[i * cols + j] = fround(fround(fround(fround(x[i * cols + j]! - mu) * r) * g[j]!) + b[j]!);
    }
  }
  return { y, mean, rstd };
}

function layerNorm64(
  x: ArrayLike<number>,
  g: ArrayLike<number>,
  b: ArrayLike<number>,
  rows: number,
  cols: number,
): number[] {
  const y: number[] = [];
  for (let i = 0; i < rows; i++) {
    let mu = 0;
    for (let j = 0; j < cols; j++) mu += x[i * cols + j]!;
    mu /= cols;
    let v = 0;
    for (let j = 0; j < cols; j++) v += (x[i * cols + j]! - mu) ** 2;
    const r = 1 / Math.sqrt(v / cols + EPS);
    for (let j = 0; j < cols; j++) y.push((x[i * cols + j]! - mu) * r * g[j]! + b[j]!);
  }
  return y;
}

describe('layerNorm', () => {
  const rows = 5;
  const cols = 16;
  const x = testFloats(rows * cols, 51, -3, 5);
  const gamma = testFloats(cols, 52, 0.5, 1.5);
  const beta = testFloats(cols, 53);

  it('equals the spec reference bit for bit, including mean and rstd', () => {
    const got = layerNorm(x, gamma, beta, rows, cols, EPS);
    const want = specLayerNorm(x, gamma, beta, rows, cols);
    expect(sameBits(got.y, want.y)).toBe(true);
    expect(sameBits(got.mean, want.mean)).toBe(true);
    expect(sameBits(got.rstd, want.rstd)).toBe(true);
  });

  it('stays within 1e-5 of the float64 layer norm', () => {
    const got = layerNorm(x, gamma, beta, rows, cols, EPS);
    expect(maxRelativeError(got.y, layerNorm64(x, gamma, beta, rows, cols), 1e-1)).toBeLessThan(1e-5);
  });

  it('backward matches finite differences for x, gamma and beta', () => {
    const w = testFloats(rows * cols, 54);
    const fwd = layerNorm(x, gamma, beta, rows, cols, EPS);
    const grads = layerNormBackward(x, gamma, fwd.mean, fwd.rstd, w, rows, cols);
    const x64 = Float64Array.from(x);
    const g64 = Float64Array.from(gamma);
    const b64 = Float64Array.from(beta);
    const fdx = finiteDifferenceGradient((v) => weightedSum(layerNorm64(v, g64, b64, rows, cols), w), x64);
    const fdg = finiteDifferenceGradient((v) => weightedSum(layerNorm64(x64, v, b64, rows, cols), w), g64);
    const fdb = finiteDifferenceGradient((v) => weightedSum(layerNorm64(x64, g64, v, rows, cols), w), b64);
    expect(maxRelativeError(grads.dx, fdx, 1e-2)).toBeLessThan(1e-3);
    expect(maxRelativeError(grads.dgamma, fdg, 1e-2)).toBeLessThan(1e-4);
    expect(maxRelativeError(grads.dbeta, fdb, 1e-2)).toBeLessThan(1e-4);
  });

  it('backward follows the spec operation order', () => {
    const dy = testFloats(rows * cols, 55);
    const { mean, rstd } = layerNorm(x, gamma, beta, rows, cols, EPS);
    const dx = new Float32Array(rows * cols);
    const dgamma = new Float32Array(cols);
    const dbeta = new Float32Array(cols);
    for (let j = 0; j < cols; j++) {
      let sg = 0;
      let sb = 0;
      for (let i = 0; i < rows; i++) {
        const xh = fround(fround(x[i * cols + j]! - mean[i]!) * rstd[i]!);
        sg = fround(sg + fround(dy[i * cols + j]! * xh));
        sb = fround(sb + dy[i * cols + j]!);
      }
      dgamma[j] = sg;
      dbeta[j] = sb;
    }
    for (let i = 0; i < rows; i++) {
      const xh = (j: number) => fround(fround(x[i * cols + j]! - mean[i]!) * rstd[i]!);
      const g = (j: number) => fround(dy[i * cols + j]! * gamma[j]!);
      let s1 = 0;
      let s2 = 0;
      for (let j = 0; j < cols; j++) {
        s1 = fround(s1 + g(j));
        s2 = fround(s2 + fround(g(j) * xh(j)));
      }
      const m1 = fround(s1 / cols);
      const m2 = fround(s2 / cols);
      for (let j = 0; j < cols; j++)
        dx[i * cols + j] = fround(rstd[i]! * fround(fround(g(j) - m1) - fround(xh(j) * m2)));
    }
    const got = layerNormBackward(x, gamma, mean, rstd, dy, rows, cols);
    expect(sameBits(got.dx, dx)).toBe(true);
    expect(sameBits(got.dgamma, dgamma)).toBe(true);
    expect(sameBits(got.dbeta, dbeta)).toBe(true);
  });
});
