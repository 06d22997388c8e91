import { describe, expect, it } from 'vitest';
import { EngineError } from '../../errors';
import { sparseTestFloats, testFloats } from '../testing/inputs';
import { sameBits } from '../testing/finiteDifference';
import { matmul, matmulTransA, matmulTransB } from './matmul';
import { transpose } from './elementwise';

const fround = Math.fround;

/** VT-F32 matmul written straight from the spec: one accumulator per output, p ascending. */
function specMatmul(a: Float32Array, b: Float32Array, m: number, k: number, n: number): Float32Array {
  const out = new Float32Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let acc = 0;
      for (let p = 0; p < k; p++) acc = fround(acc + fround(a[i * k + p]! * b[p * n + j]!));
      out[i * n + j] = acc;
    }
  }
  return out;
}

const shapes: [number, number, number][] = [
  [1, 1, 1],
  [3, 5, 7],
  [8, 16, 8],
  [13, 31, 17],
  [2, 0, 3],
  [0, 4, 2],
  [16, 64, 130],
];

describe('matmul', () => {
  it.each(shapes)('equals the spec reference bit for bit for %i×%i·%i×…', (m, k, n) => {
    const a = testFloats(m * k, 11 + m, -2, 2);
    const b = testFloats(k * n, 29 + n, -2, 2);
    expect(sameBits(matmul(a, b, m, k, n), specMatmul(a, b, m, k, n))).toBe(true);
  });

  it('equals the spec reference on sparse inputs (zero skipping is exact)', () => {
    const a = sparseTestFloats(20 * 50, 3, 0.8);
    const b = testFloats(50 * 24, 4);
    expect(sameBits(matmul(a, b, 20, 50, 24), specMatmul(a, b, 20, 50, 24))).toBe(true);
  });

  it('propagates NaN from 0 × Infinity instead of skipping the zero', () => {
    const a = new Float32Array([0, 1]);
    const b = new Float32Array([Infinity, 2, 3, 4]);
    const out = matmul(a, b, 1, 2, 2);
    expect(Number.isNaN(out[0])).toBe(true);
    expect(out[1]).toBe(4);
  });

  it('sums in ascending k order (a reordered sum would round differently)', () => {
    // 1e8 + 1 - 1e8: in order the 1 is absorbed (binary32 ulp at 1e8 is 8), giving 0, not 1.
    const a = new Float32Array([1, 1, 1]);
    const b = new Float32Array([1e8, 1, -1e8]);
    expect(matmul(a, b, 1, 3, 1)[0]).toBe(0);
  });

  it('starts the accumulator at +0 so an all-zero product is +0, never -0', () => {
    const out = matmul(new Float32Array([-0, 0]), new Float32Array([1, -1]), 1, 2, 1);
    expect(Object.is(out[0], 0)).toBe(true);
  });

  it('writes into out when given and rejects an out that aliases an input', () => {
    const a = testFloats(6, 1);
    const b = testFloats(6, 2);
    const out = new Float32Array(4);
    expect(matmul(a, b, 2, 3, 2, out)).toBe(out);
    expect(() => matmul(a, b, 2, 3, 2, a.subarray(0, 4))).toThrow(EngineError);
  });

  it('rejects lengths that do not match the dimensions with SHAPE_MISMATCH', () => {
    try {
      matmul(new Float32Array(5), new Float32Array(6), 2, 3, 2);
      expect.unreachable();
    } catch (error) {
      expect((error as EngineError).code).toBe('SHAPE_MISMATCH');
      expect((error as EngineError).message).toContain('a has length 5; expected 6');
    }
  });

  it('rejects non-integer dimensions with INVALID_ARGUMENT', () => {
    expect(() => matmul(new Float32Array(0), new Float32Array(0), 1.5, 0, 0)).toThrow(/dimension m/);
  });
});

describe('matmulTransB', () => {
  it.each(shapes)('equals matmul of the explicitly transposed b, bit for bit (%i, %i, %i)', (m, k, n) => {
    const a = testFloats(m * k, 5, -3, 3);
    const bStored = testFloats(n * k, 6, -3, 3);
    const expected = matmul(a, transpose(bStored, n, k), m, k, n);
    expect(sameBits(matmulTransB(a, bStored, m, k, n), expected)).toBe(true);
  });
});

describe('matmulTransA', () => {
  it.each(shapes)('equals matmul of the explicitly transposed a, bit for bit (%i, %i, %i)', (m, k, n) => {
    const aStored = sparseTestFloats(k * m, 7, 0.5);
    const b = testFloats(k * n, 8, -3, 3);
    const expected = specMatmul(transpose(aStored, k, m), b, m, k, n);
    expect(sameBits(matmulTransA(aStored, b, m, k, n), expected)).toBe(true);
  });
});
