import { describe, expect, it } from 'vitest';
import { EngineError } from '../../errors';
import { testFloats } from '../testing/inputs';
import { sameBits } from '../testing/finiteDifference';
import {
  add,
  addRowVector,
  addScalar,
  div,
  mul,
  scale,
  sqrt,
  sub,
  sum,
  sumRows,
  swapAxes12,
  transpose,
} from './elementwise';

const fround = Math.fround;

function specMap(a: Float32Array, f: (x: number, i: number) => number): Float32Array {
  const out = new Float32Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = fround(f(a[i]!, i));
  return out;
}

describe('elementwise kernels', () => {
  const a = testFloats(257, 1, -4, 4);
  const b = testFloats(257, 2, 0.5, 3);

  it('round each result once, as the spec says', () => {
    expect(
      sameBits(
        add(a, b),
        specMap(a, (x, i) => x + b[i]!),
      ),
    ).toBe(true);
    expect(
      sameBits(
        sub(a, b),
        specMap(a, (x, i) => x - b[i]!),
      ),
    ).toBe(true);
    expect(
      sameBits(
        mul(a, b),
        specMap(a, (x, i) => x * b[i]!),
      ),
    ).toBe(true);
    expect(
      sameBits(
        div(a, b),
        specMap(a, (x, i) => x / b[i]!),
      ),
    ).toBe(true);
    expect(
      sameBits(
        sqrt(b),
        specMap(b, (x) => Math.sqrt(x)),
      ),
    ).toBe(true);
  });

  it('round the scalar to binary32 before using it', () => {
    const s32 = fround(0.1);
    expect(
      sameBits(
        scale(a, 0.1),
        specMap(a, (x) => x * s32),
      ),
    ).toBe(true);
    expect(
      sameBits(
        addScalar(a, 0.1),
        specMap(a, (x) => x + s32),
      ),
    ).toBe(true);
  });

  it('allow out to alias an input', () => {
    const x = Float32Array.from(a);
    const expected = add(a, b);
    expect(add(x, b, x)).toBe(x);
    expect(sameBits(x, expected)).toBe(true);
  });

  it('reject operands of different lengths', () => {
    expect(() => add(a, b.subarray(1))).toThrow(EngineError);
  });
});

describe('addRowVector and sumRows', () => {
  it('addRowVector adds v[j] to every row', () => {
    const x = testFloats(12, 3);
    const v = testFloats(4, 4);
    expect(
      sameBits(
        addRowVector(x, v, 3, 4),
        specMap(x, (value, i) => value + v[i % 4]!),
      ),
    ).toBe(true);
  });

  it('sumRows sums each column over rows in ascending order from +0', () => {
    const x = testFloats(7 * 5, 5, -10, 10);
    const expected = new Float32Array(5);
    for (let j = 0; j < 5; j++) {
      let acc = 0;
      for (let i = 0; i < 7; i++) acc = fround(acc + x[i * 5 + j]!);
      expected[j] = acc;
    }
    expect(sameBits(sumRows(x, 7, 5), expected)).toBe(true);
  });

  it('sum adds the whole array in index order', () => {
    expect(sum(new Float32Array([1e8, 1, -1e8, 1]))).toBe(1);
  });
});

describe('transpose and swapAxes12', () => {
  it('transpose twice is the identity and moves (i, j) to (j, i)', () => {
    const x = testFloats(6, 6);
    const t = transpose(x, 2, 3);
    expect(t[1 * 2 + 0]).toBe(x[0 * 3 + 1]);
    expect(sameBits(transpose(t, 3, 2), x)).toBe(true);
  });

  it('swapAxes12 splits heads and undoes itself with swapped dimensions', () => {
    const [d0, d1, d2, d3] = [2, 3, 4, 5];
    const x = testFloats(d0 * d1 * d2 * d3, 7);
    const y = swapAxes12(x, d0, d1, d2, d3);
    // y[a, c, b, d] = x[a, b, c, d]
    expect(y[((1 * d2 + 3) * d1 + 2) * d3 + 4]).toBe(x[((1 * d1 + 2) * d2 + 3) * d3 + 4]);
    expect(sameBits(swapAxes12(y, d0, d2, d1, d3), x)).toBe(true);
  });
});
