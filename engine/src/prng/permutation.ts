import { EngineError } from '../errors';
import type { PrngKey } from './philox';
import { PrngWordStream } from './stream';

const TWO_POW_32 = 4294967296;
/** Largest n accepted: bounds stay below 2^32 and a Uint32Array of n entries stays addressable. */
export const PERMUTATION_MAX_N = 2 ** 31;

/**
 * A uniformly random permutation of 0..n-1 from the stream of `key`:
 *   p = [0, 1, ..., n-1]; t = 0
 *   for i = n-1 down to 1:
 *     m = i + 1; limit = 2^32 - (2^32 mod m)
 *     repeat: w = word t of the stream; t = t + 1   until w < limit
 *     j = w mod m; swap p[i], p[j]
 * Fisher-Yates with rejection sampling: limit is the largest multiple of m not above 2^32, so every
 * j in [0, m) has exactly limit/m accepted words and is equally likely (no modulo bias). Words are
 * consumed strictly in stream order, including rejected ones, so the result is a pure function of
 * (key, n).
 */
export function permutation(key: PrngKey, n: number): Uint32Array {
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0 || n > PERMUTATION_MAX_N) {
    throw new EngineError('INVALID_ARGUMENT', `n must be an integer with 0 <= n <= 2^31, got ${String(n)}`, {
      details: { argument: 'n', value: n },
    });
  }
  const stream = new PrngWordStream(key);
  const next = (): number => stream.next();
  const p = new Uint32Array(n);
  for (let i = 0; i < n; i++) p[i] = i;
  for (let i = n - 1; i >= 1; i--) {
    const j = uniformBelow(next, i + 1);
    const tmp = p[i]!;
    p[i] = p[j]!;
    p[j] = tmp;
  }
  return p;
}

/**
 * An unbiased integer in [0, m) for 1 <= m <= 2^32, by rejection: draw words until one is below
 * limit = 2^32 - (2^32 mod m), then reduce mod m. Consumes a variable number of words (on average
 * fewer than 2), which is why callers read words sequentially from one stream.
 */
export function uniformBelow(nextWord: () => number, m: number): number {
  const limit = TWO_POW_32 - (TWO_POW_32 % m);
  let w = nextWord();
  while (w >= limit) w = nextWord();
  return w % m;
}
