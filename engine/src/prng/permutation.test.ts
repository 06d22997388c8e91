import { describe, expect, it } from 'vitest';
import { deriveKey } from './deriveKey';
import { permutation, uniformBelow } from './permutation';

describe('permutation', () => {
  it('matches the documented Fisher-Yates vectors', () => {
    expect(Array.from(permutation(deriveKey(0n, 'test'), 10))).toEqual([6, 0, 4, 7, 1, 3, 5, 8, 2, 9]);
    expect(Array.from(permutation(deriveKey(42n, 'batch/epoch/3'), 16))).toEqual([
      2, 10, 6, 0, 13, 11, 5, 3, 9, 7, 12, 15, 8, 14, 1, 4,
    ]);
  });

  it('returns each of 0..n-1 exactly once and is deterministic', () => {
    const key = deriveKey(7n, 'perm');
    const p = permutation(key, 10_000);
    const sorted = Array.from(p).sort((a, b) => a - b);
    expect(sorted.every((v, i) => v === i)).toBe(true);
    expect(permutation(key, 10_000)).toEqual(p);
    expect(permutation(deriveKey(8n, 'perm'), 10_000)).not.toEqual(p);
  });

  it('handles the empty and single-element cases', () => {
    expect(Array.from(permutation([1, 2], 0))).toEqual([]);
    expect(Array.from(permutation([1, 2], 1))).toEqual([0]);
  });

  it('puts every value in every position about equally often (chi-square over 20,000 draws)', () => {
    const n = 5;
    const draws = 20_000;
    const counts = new Float64Array(n * n);
    const perms = new Map<string, number>();
    for (let d = 0; d < draws; d++) {
      const p = permutation([d, 0x5eed], n);
      for (let pos = 0; pos < n; pos++) counts[pos * n + p[pos]!]! += 1;
      const id = p.join('');
      perms.set(id, (perms.get(id) ?? 0) + 1);
    }
    const expected = draws / n;
    let chi2 = 0;
    for (const c of counts) chi2 += (c - expected) ** 2 / expected;
    // 16 degrees of freedom: P(chi2 > 46) < 1e-4. Draws are fixed, so this never flakes.
    expect(chi2).toBeLessThan(46);
    expect(perms.size).toBe(120);
    const perPerm = draws / 120;
    let chi2Perm = 0;
    for (const c of perms.values()) chi2Perm += (c - perPerm) ** 2 / perPerm;
    // 119 degrees of freedom: P(chi2 > 180) < 1e-4.
    expect(chi2Perm).toBeLessThan(180);
  });

  it('rejects n outside [0, 2^31]', () => {
    expect(() => permutation([0, 0], -1)).toThrow(/n must be an integer/);
    expect(() => permutation([0, 0], 2.5)).toThrow(/n must be/);
    expect(() => permutation([0, 0], 2 ** 31 + 1)).toThrow(/n must be/);
  });
});

describe('uniformBelow', () => {
  it('rejects words at or above the largest multiple of m and reduces the next one', () => {
    const words = [0xffffffff, 0xc0000000, 0xbfffffff, 0xc0000001, 7];
    let t = 0;
    const next = (): number => words[t++]!;
    // m = 3 * 2^30: limit = 2^32 - (2^32 mod m) = 2^32 - 2^30 = 0xc0000000, so words >= 0xc0000000 are rejected.
    expect(uniformBelow(next, 3 * 2 ** 30)).toBe(0xbfffffff);
    expect(t).toBe(3);
    expect(uniformBelow(next, 3 * 2 ** 30)).toBe(7);
    expect(t).toBe(5);
    // m = 5: 2^32 mod 5 = 1, limit = 2^32 - 1, so only 0xffffffff is rejected.
    const five = [0xffffffff, 0xfffffffe];
    let u = 0;
    expect(uniformBelow(() => five[u++]!, 5)).toBe(0xfffffffe % 5);
    expect(u).toBe(2);
  });

  it('never rejects when m divides 2^32', () => {
    let t = 0;
    expect(
      uniformBelow(() => {
        t++;
        return 0xffffffff;
      }, 256),
    ).toBe(255);
    expect(t).toBe(1);
  });
});
