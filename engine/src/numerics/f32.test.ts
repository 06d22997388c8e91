import { describe, expect, it } from 'vitest';
import { bitsToF32, f32ToBits, pow2, roundHalfEven } from './f32';

describe('f32 helpers', () => {
  it('round-trip bit patterns', () => {
    expect(f32ToBits(1)).toBe(0x3f800000);
    expect(f32ToBits(-0)).toBe(0x80000000);
    expect(bitsToF32(0x7f7fffff)).toBe(3.4028234663852886e38);
  });

  it('roundHalfEven rounds ties to even', () => {
    expect([-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 2.4999998, 3.5].map(roundHalfEven)).toEqual([-2, -2, 0, 0, 2, 2, 2, 4]);
    // n is an integer: the sign of a zero result carries no meaning and is normalised to +0.
    expect(Object.is(roundHalfEven(-0.5), 0)).toBe(true);
    expect(Object.is(roundHalfEven(-0), 0)).toBe(true);
  });

  it('pow2 covers the normal exponent range exactly', () => {
    expect(pow2(-126)).toBe(2 ** -126);
    expect(pow2(127)).toBe(2 ** 127);
    expect(pow2(0)).toBe(1);
  });
});
