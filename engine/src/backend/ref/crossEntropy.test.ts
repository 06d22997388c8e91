import { describe, expect, it } from 'vitest';
import type { EngineError } from '../../errors';
import { exp32 } from '../../numerics/exp';
import { log32 } from '../../numerics/log';
import { testFloats, testInts } from '../testing/inputs';
import { finiteDifferenceGradient, maxRelativeError, sameBits } from '../testing/finiteDifference';
import { crossEntropy } from './crossEntropy';

const fround = Math.fround;

function specCrossEntropy(x: Float32Array, t: ArrayLike<number>, rows: number, cols: number) {
  const d = new Float32Array(rows * cols);
  let total = 0;
  for (let i = 0; i < rows; i++) {
    let mx = -Infinity;
    for (let j = 0; j < cols; j++) mx = Math.max(mx, x[i * cols + j]!);
    const e: number[] = [];
    let s = 0;
    for (let j = 0; j < cols; j++) {
      e.push(exp32(fround(x[i * cols + j]! - mx)));
      s = fround(s + e[j]!);
    }
    total = fround(total + fround(fround(mx + log32(s)) - x[i * cols + t[i]!]!));
    for (let j = 0; j < cols; j++) {
      let g = fround(e[j]! / s);
      if (j === t[i]) g = fround(g - 1);
      d[i * cols + j] = fround(g / rows);
    }
  }
  return { loss: fround(total / rows), dlogits: d };
}

function crossEntropy64(x: ArrayLike<number>, t: ArrayLike<number>, rows: number, cols: number): number {
  let total = 0;
  for (let i = 0; i < rows; i++) {
    let mx = -Infinity;
    for (let j = 0; j < cols; j++) mx = Math.max(mx, x[i * cols + j]!);
    let s = 0;
    for (let j = 0; j < cols; j++) s += Math.exp(x[i * cols + j]! - mx);
    total += mx + Math.log(s) - x[i * cols + t[i]!]!;
  }
  return total / rows;
}

describe('crossEntropy', () => {
  const rows = 9;
  const cols = 7;
  const x = testFloats(rows * cols, 61, -5, 5);
  const t = testInts(rows, 62, cols);

  it('equals the spec reference bit for bit (loss and gradient)', () => {
    const got = crossEntropy(x, t, rows, cols);
    const want = specCrossEntropy(x, t, rows, cols);
    expect(Object.is(got.loss, want.loss)).toBe(true);
    expect(sameBits(got.dlogits, want.dlogits)).toBe(true);
  });

  it('loss stays within 1e-6 relative of the float64 loss', () => {
    const got = crossEntropy(x, t, rows, cols).loss;
    const want = crossEntropy64(x, t, rows, cols);
    expect(Math.abs(got - want) / want).toBeLessThan(1e-6);
  });

  it('gradient matches finite differences of the float64 loss', () => {
    const fd = finiteDifferenceGradient((v) => crossEntropy64(v, t, rows, cols), Float64Array.from(x));
    expect(maxRelativeError(crossEntropy(x, t, rows, cols).dlogits, fd, 1e-3)).toBeLessThan(1e-4);
  });

  it('gives log(cols) for uniform logits', () => {
    const loss = crossEntropy(new Float32Array(2 * 10), [3, 7], 2, 10).loss;
    expect(Math.abs(loss - Math.log(10))).toBeLessThan(1e-6);
  });

  it('rejects a target outside [0, cols) naming the row', () => {
    try {
      crossEntropy(x, [...t.slice(0, rows - 1), cols], rows, cols);
      expect.unreachable();
    } catch (error) {
      expect((error as EngineError).code).toBe('INVALID_ARGUMENT');
      expect((error as EngineError).message).toContain(`targets[${rows - 1}] is ${cols}`);
    }
  });
});
