import { EngineError } from '../errors';

/**
 * Throws EngineError('NON_FINITE') naming the tensor and the first index holding NaN or ±Infinity.
 * VT-F32 treats any non-finite value in the state as an invalid state: it is rejected, never hashed.
 */
export function assertFinite(name: string, data: ArrayLike<number>): void {
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    // v - v is 0 for finite v and NaN for NaN and ±Infinity: one comparison per element.
    if (v - v !== 0) {
      throw new EngineError('NON_FINITE', `tensor '${name}' holds ${v} at index ${i}; expected finite values`, {
        details: { tensor: name, index: i, value: v },
      });
    }
  }
}
