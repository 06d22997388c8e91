import { describe, expect, it } from 'vitest';
import { leaseFits } from './leaseFit';

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
