import { describe, expect, it } from 'vitest';
import { scanUlpError } from './accuracyScan';
import { log32 } from './log';

describe('log32', () => {
  it('is within 2 ulp of Math.log over all positive binary32 (sampled every 997th)', () => {
    const report = scanUlpError(log32, Math.log, 1.401298464324817e-45, 3.4028234663852886e38, 997);
    expect(report.samples).toBeGreaterThan(2_000_000);
    expect(report.maxUlp).toBeLessThan(2);
  });

  it('is exact at 1 and handles the special values', () => {
    expect(Object.is(log32(1), 0)).toBe(true);
    expect(log32(0)).toBe(-Infinity);
    expect(log32(-0)).toBe(-Infinity);
    expect(log32(Infinity)).toBe(Infinity);
    expect(log32(-1)).toBeNaN();
    expect(log32(NaN)).toBeNaN();
  });

  it('handles subnormal inputs', () => {
    expect(Math.abs(log32(1.401298464324817e-45) - Math.log(1.401298464324817e-45))).toBeLessThan(1e-4);
  });
});
