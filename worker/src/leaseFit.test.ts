import { describe, expect, it } from 'vitest';
import { leaseFits, parentFetchTimeoutMs } from './leaseFit';

describe('leaseFits', () => {
  it('takes the first lease, before anything is measured', () => {
    expect(leaseFits(undefined, 4, 60)).toEqual({ fits: true, neededS: undefined });
  });

  it('fits when the measured compute and store time, with the margin, is inside the lease', () => {
    // (4 · 5 + 10) · 1.5 + 5 = 50 s
    expect(leaseFits({ stepS: 5, storeS: 10 }, 4, 60)).toEqual({ fits: true, neededS: 50 });
    expect(leaseFits({ stepS: 5, storeS: 10 }, 4, 50).fits).toBe(true);
  });

  it('refuses a lease the measured pace would not finish with the margin (the issue’s 33 s compute + 23 s store in 60 s)', () => {
    expect(leaseFits({ stepS: 33 / 4, storeS: 23 }, 4, 60)).toEqual({ fits: false, neededS: 89 });
    expect(leaseFits({ stepS: 5, storeS: 10 }, 4, 49).fits).toBe(false);
  });
});

describe('parentFetchTimeoutMs', () => {
  it('gives the prefetch half a lease, not the store’s fixed 60 s', () => {
    expect(parentFetchTimeoutMs(undefined, 4, 60)).toBe(30_000);
    expect(parentFetchTimeoutMs({ stepS: 1, storeS: 1 }, 4, 180)).toBe(90_000);
  });

  it('in a held lease keeps back what the work needs at the measured pace, and never more than half of what is left', () => {
    // 50 s left, the work needs (4 · 2 + 4) · 1.5 + 5 = 23 s: 27 s would do, but at most half of 50 s.
    expect(parentFetchTimeoutMs({ stepS: 2, storeS: 4 }, 4, 60, 50)).toBe(25_000);
    // 40 s left, the work needs 23 s: 17 s.
    expect(parentFetchTimeoutMs({ stepS: 2, storeS: 4 }, 4, 60, 40)).toBe(17_000);
    // Nothing measured yet: half of what is left.
    expect(parentFetchTimeoutMs(undefined, 4, 60, 45)).toBe(22_500);
  });

  it('waits at least a second, even when the lease has no time left for the work', () => {
    expect(parentFetchTimeoutMs({ stepS: 10, storeS: 10 }, 4, 60, 20)).toBe(1_000);
    expect(parentFetchTimeoutMs(undefined, 4, 60, 0)).toBe(1_000);
  });
});
