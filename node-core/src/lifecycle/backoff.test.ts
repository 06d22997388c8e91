import { describe, expect, it } from 'vitest';
import { backoffDelayMs } from './backoff';

describe('backoffDelayMs', () => {
  it('doubles from the base and stops at the cap', () => {
    const policy = { baseDelayMs: 250, maxDelayMs: 1_500 };
    expect([1, 2, 3, 4, 5].map((a) => backoffDelayMs(a, policy))).toEqual([250, 500, 1_000, 1_500, 1_500]);
  });

  it('spreads the wait by ±jitter, within its bounds', () => {
    const policy = { baseDelayMs: 1_000, maxDelayMs: 8_000, jitter: 0.2 };
    expect(backoffDelayMs(1, policy, () => 0)).toBe(800);
    expect(backoffDelayMs(1, policy, () => 0.5)).toBe(1_000);
    expect(backoffDelayMs(1, policy, () => 0.999_999)).toBe(1_200);
    expect(backoffDelayMs(5, policy, () => 0)).toBe(6_400);
  });
});
