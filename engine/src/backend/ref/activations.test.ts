import { describe, expect, it } from 'vitest';
import { tanh32 } from '../../numerics/tanh';
import { testFloats } from '../testing/inputs';
import { finiteDifferenceGradient, maxRelativeError, sameBits, weightedSum } from '../testing/finiteDifference';
import { GELU_A, GELU_A3, GELU_C, gelu, geluBackward, relu, reluBackward } from './activations';

const fround = Math.fround;

/** GELU written from the spec's operation list. */
function specGelu(x: number): number {
  const x2 = fround(x * x);
  const x3 = fround(x2 * x);
  const u = fround(x + fround(GELU_A * x3));
  const t = tanh32(fround(GELU_C * u));
  return fround(fround(0.5 * x) * fround(1 + t));
}

function gelu64(x: number): number {
  return 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x * x * x)));
}

describe('relu', () => {
  it('keeps positives and maps the rest (including -0) to +0', () => {
    const y = relu(new Float32Array([-2, -0, 0, 3.5]));
    expect(Array.from(y)).toEqual([0, 0, 0, 3.5]);
    expect(Object.is(y[1], 0)).toBe(true);
  });

  it('reluBackward passes dy where the input was positive', () => {
    const dx = reluBackward(new Float32Array([-1, 0, 2]), new Float32Array([5, 6, 7]));
    expect(Array.from(dx)).toEqual([0, 0, 7]);
  });
});

describe('gelu', () => {
  const x = testFloats(2000, 21, -8, 8);

  it('equals the spec operation list bit for bit', () => {
    const expected = Float32Array.from(x, specGelu);
    expect(sameBits(gelu(x), expected)).toBe(true);
  });

  it('stays within 4e-7 absolute of the float64 tanh-form GELU', () => {
    const y = gelu(x);
    let worst = 0;
    for (let i = 0; i < x.length; i++)
      worst = Math.max(worst, Math.abs(y[i]! - gelu64(x[i]!)) / Math.max(1, Math.abs(x[i]!)));
    expect(worst).toBeLessThan(4e-7);
  });

  it('uses the documented binary32 constants', () => {
    expect(GELU_C).toBe(fround(Math.sqrt(2 / Math.PI)));
    expect(GELU_A3).toBe(fround(3 * 0.044715));
  });

  it('geluBackward matches finite differences of the float64 GELU', () => {
    const xs = testFloats(64, 22, -4, 4);
    const dy = testFloats(64, 23);
    const dx = geluBackward(xs, dy);
    const fd = finiteDifferenceGradient((v) => weightedSum(Array.from(v, gelu64), dy), Float64Array.from(xs));
    expect(maxRelativeError(dx, fd)).toBeLessThan(1e-4);
  });
});
