import { describe, expect, it } from 'vitest';
import { isTestExample, splitMnist, testQuotas } from './split';

const PACKAGE_COUNTS = [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978];

describe('MNIST split rule', () => {
  it('gives each class 20% of its examples by largest remainder, 2000 in all', () => {
    const quotas = testQuotas(PACKAGE_COUNTS, 2000);
    expect(quotas).toEqual([200, 225, 198, 206, 196, 173, 203, 214, 189, 196]);
    quotas.forEach((m, c) => {
      expect(Math.abs(m - PACKAGE_COUNTS[c]! / 5)).toBeLessThan(1);
    });
  });

  it('selects exactly the quota, spread through the class rather than at its end', () => {
    const picked = Array.from({ length: 1001 }, (_, j) => j).filter((j) => isTestExample(j, 1001, 200));
    expect(picked).toHaveLength(200);
    expect(picked[0]).toBeLessThan(10);
    expect(picked[picked.length - 1]).toBeGreaterThan(990);
  });

  it('puts every example in exactly one split and mixes classes evenly along each split', () => {
    const { train, test } = splitMnist(PACKAGE_COUNTS, 2000);
    expect(train).toHaveLength(8000);
    expect(test).toHaveLength(2000);
    const seen = new Set([...train, ...test].map((r) => `${r.label}:${r.index}`));
    expect(seen.size).toBe(10000);
    // Any 1000-example window holds each class within 2 of its share.
    const window = train.slice(3000, 4000);
    for (let c = 0; c < 10; c++) {
      const share = (1000 * (PACKAGE_COUNTS[c]! - testQuotas(PACKAGE_COUNTS, 2000)[c]!)) / 8000;
      expect(Math.abs(window.filter((r) => r.label === c).length - share)).toBeLessThanOrEqual(2);
    }
  });
});
