import { describe, expect, it } from 'vitest';
import { exp32 } from '../../numerics/exp';
import { testFloats } from '../testing/inputs';
import { finiteDifferenceGradient, maxRelativeError, sameBits, weightedSum } from '../testing/finiteDifference';
import { softmaxRows, softmaxRowsBackward } from './softmax';

const fround = Math.fround;

function specSoftmax(x: Float32Array, rows: number, cols: number, causal: boolean): Float32Array {
  const out = new Float32Array(rows * cols);
  for (let i = 0; i < rows; i++) {
    const visible = causal ? (i % cols) + 1 : cols;
    let mx = -Infinity;
    for (let j = 0; j < visible; j++) mx = Math.max(mx, x[i * cols + j]!);
    let s = 0;
    const e: number[] = [];
    for (let j = 0; j < visible; j++) {
      e.push(exp32(fround(x[i * cols + j]! - mx)));
      s = fround(s + e[j]!);
    }
    for (let j = 0; j < visible; j++) out[i * cols + j] = fround(e[j]! / s);
  }
  return out;
}

function softmax64(x: ArrayLike<number>, rows: number, cols: number, causal: boolean): number[] {
  const out: number[] = new Array(rows * cols).fill(0);
  for (let i = 0; i < rows; i++) {
    const visible = causal ? (i % cols) + 1 : cols;
    let mx = -Infinity;
    for (let j = 0; j < visible; j++) mx = Math.max(mx, x[i * cols + j]!);
    let s = 0;
    for (let j = 0; j < visible; j++) s += Math.exp(x[i * cols + j]! - mx);
    for (let j = 0; j < visible; j++) out[i * cols + j] = Math.exp(x[i * cols + j]! - mx) / s;
  }
  return out;
}

describe('softmaxRows', () => {
  const x = testFloats(12 * 6, 31, -6, 6);

  it.each([false, true])('equals the spec reference bit for bit (causal=%s)', (causal) => {
    expect(sameBits(softmaxRows(x, 12, 6, causal), specSoftmax(x, 12, 6, causal))).toBe(true);
  });

  it('masks keys after the query position with +0 and still normalises the visible ones', () => {
    const y = softmaxRows(x, 12, 6, true);
    for (let i = 0; i < 12; i++) {
      const q = i % 6;
      let s = 0;
      for (let j = 0; j < 6; j++) {
        if (j > q) expect(Object.is(y[i * 6 + j], 0)).toBe(true);
        s += y[i * 6 + j]!;
      }
      expect(Math.abs(s - 1)).toBeLessThan(1e-6);
    }
  });

  it('stays within 1e-6 of the float64 softmax', () => {
    const y = softmaxRows(x, 12, 6);
    expect(maxRelativeError(y, softmax64(x, 12, 6, false), 1e-2)).toBeLessThan(1e-6);
  });

  it('is unaffected by huge logits thanks to the max subtraction', () => {
    const y = softmaxRows(new Float32Array([1e30, 1e30]), 1, 2);
    expect(Array.from(y)).toEqual([0.5, 0.5]);
  });

  it('rejects causal masking when rows are not whole score blocks', () => {
    expect(() => softmaxRows(new Float32Array(6), 3, 2, true)).toThrow(/multiple of cols/);
  });
});

describe('softmaxRowsBackward', () => {
  it.each([false, true])('matches finite differences of the float64 softmax (causal=%s)', (causal) => {
    const rows = 8;
    const cols = 4;
    const x = testFloats(rows * cols, 41, -3, 3);
    const w = testFloats(rows * cols, 42);
    const y = softmaxRows(x, rows, cols, causal);
    const dx = softmaxRowsBackward(y, w, rows, cols);
    const fd = finiteDifferenceGradient((v) => weightedSum(softmax64(v, rows, cols, causal), w), Float64Array.from(x));
    expect(maxRelativeError(dx, fd, 1e-2)).toBeLessThan(1e-4);
  });

  it('follows the spec operation order', () => {
    const y = softmaxRows(testFloats(10, 43), 2, 5);
    const dy = testFloats(10, 44);
    const expected = new Float32Array(10);
    for (let i = 0; i < 2; i++) {
      let d = 0;
      for (let j = 0; j < 5; j++) d = fround(d + fround(y[i * 5 + j]! * dy[i * 5 + j]!));
      for (let j = 0; j < 5; j++) expected[i * 5 + j] = fround(y[i * 5 + j]! * fround(dy[i * 5 + j]! - d));
    }
    expect(sameBits(softmaxRowsBackward(y, dy, 2, 5), expected)).toBe(true);
  });
});
