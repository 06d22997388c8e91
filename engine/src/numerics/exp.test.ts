import { describe, expect, it } from 'vitest';
import { scanUlpError } from './accuracyScan';
import { exp32, EXP_COEFFS, LN2_HI, LN2_LO } from './exp';
import { f32ToBits } from './f32';

describe('exp32', () => {
  it('is within 2 ulp of Math.exp over its whole finite range (sampled every 997th binary32)', () => {
    const report = scanUlpError(exp32, Math.exp, -103.9, 88.72, 997);
    expect(report.samples).toBeGreaterThan(2_000_000);
    expect(report.maxUlp).toBeLessThan(2);
  });

  it('is exact at 0 and handles the special values', () => {
    expect(exp32(0)).toBe(1);
    expect(exp32(-0)).toBe(1);
    expect(exp32(Infinity)).toBe(Infinity);
    expect(exp32(-Infinity)).toBe(0);
    expect(exp32(NaN)).toBeNaN();
    expect(exp32(89.5)).toBe(Infinity);
    expect(exp32(88.7)).toBeLessThan(Infinity);
    expect(exp32(-110)).toBe(0);
  });

  it('rounds once into the subnormal range', () => {
    const y = exp32(-100);
    expect(y).toBeGreaterThan(0);
    expect(y).toBeLessThan(1.2e-38);
    expect(Math.abs(y - Math.exp(-100)) / 1.401298464324817e-45).toBeLessThanOrEqual(1);
  });

  it('uses the documented binary32 constants', () => {
    expect(f32ToBits(LN2_HI).toString(16)).toBe('3f317200');
    expect(f32ToBits(LN2_LO).toString(16)).toBe('35bfbe8e');
    expect(EXP_COEFFS.map((c) => f32ToBits(c).toString(16))).toEqual([
      '3f000000',
      '3e2aaa6c',
      '3d2aaa8b',
      '3c090836',
      '3ab68b03',
    ]);
  });
});
