import { describe, expect, it } from 'vitest';
import { scanUlpError } from './accuracyScan';
import { tanh32, TANH_SMALL } from './tanh';

describe('tanh32', () => {
  it('is within 2 ulp of Math.tanh on [-20, 20] (sampled every 997th binary32)', () => {
    const report = scanUlpError(tanh32, Math.tanh, -20, 20, 997);
    expect(report.samples).toBeGreaterThan(2_000_000);
    expect(report.maxUlp).toBeLessThan(2);
  });

  it('is odd and keeps the sign of zero', () => {
    for (const z of [0.1, 0.54, TANH_SMALL, 0.7, 3, 12]) expect(tanh32(-z)).toBe(-tanh32(z));
    expect(Object.is(tanh32(-0), -0)).toBe(true);
    expect(Object.is(tanh32(0), 0)).toBe(true);
  });

  it('saturates at ±1 and handles the special values', () => {
    expect(tanh32(10)).toBe(1);
    expect(tanh32(1e30)).toBe(1);
    expect(tanh32(-Infinity)).toBe(-1);
    expect(tanh32(NaN)).toBeNaN();
  });

  it('is monotone across the switch between polynomial and exp form', () => {
    const below = Math.fround(TANH_SMALL - 2 ** -24);
    expect(tanh32(below)).toBeLessThanOrEqual(tanh32(TANH_SMALL));
  });
});
