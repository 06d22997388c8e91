import { EngineError } from '../errors';
import type { PhiloxCounter, PrngKey } from './philox';

function isUint32(x: unknown): x is number {
  return typeof x === 'number' && Number.isInteger(x) && x >= 0 && x <= 0xffffffff;
}

export function assertKey(key: PrngKey): void {
  if (!Array.isArray(key) || key.length !== 2 || !isUint32(key[0]) || !isUint32(key[1])) {
    throw new EngineError('INVALID_ARGUMENT', 'key must be a pair of uint32 integers [k0, k1]', {
      details: { argument: 'key' },
    });
  }
}

export function assertCounter(counter: PhiloxCounter): void {
  if (!Array.isArray(counter) || counter.length !== 4 || !counter.every(isUint32)) {
    throw new EngineError('INVALID_ARGUMENT', 'counter must be four uint32 integers [c0, c1, c2, c3]', {
      details: { argument: 'counter' },
    });
  }
}

/** Stream word indices are integers in [0, 2^53): block = floor(index / 4) then fits in c0 + 2^32 * c1. */
export function assertIndex(index: number, argument = 'index'): void {
  if (typeof index !== 'number' || !Number.isSafeInteger(index) || index < 0) {
    throw new EngineError(
      'INVALID_ARGUMENT',
      `${argument} must be an integer with 0 <= ${argument} < 2^53, got ${String(index)}`,
      {
        details: { argument, value: index },
      },
    );
  }
}
