import { isWellFormedUtf16 } from '../prng/deriveKey';
import { CHECKPOINT_MAX_META_ENTRIES, CHECKPOINT_MAX_NAME_BYTES, CHECKPOINT_MAX_RANK } from './format';
import { utf8ByteLength } from './canonicalJson';

/*
 * Validity rules shared by the encoder (errors blame the caller's argument) and the decoder (errors
 * blame the header). Each returns a problem description, or undefined when the value is valid.
 */

const HASH_PATTERN = /^0x[0-9a-f]{64}$/;

export function specHashProblem(value: unknown): string | undefined {
  return typeof value === 'string' && HASH_PATTERN.test(value)
    ? undefined
    : `specHash must be 0x followed by 64 lowercase hex digits, got ${describe(value)}`;
}

export function stepProblem(value: unknown): string | undefined {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0
    ? undefined
    : `step must be an integer with 0 <= step < 2^53, got ${describe(value)}`;
}

export function nameProblem(value: unknown, where: string): string | undefined {
  if (typeof value !== 'string' || value.length === 0 || !isWellFormedUtf16(value)) {
    return `${where}.name must be a non-empty string without lone surrogates, got ${describe(value)}`;
  }
  if (utf8ByteLength(value) > CHECKPOINT_MAX_NAME_BYTES) {
    return `${where}.name must be at most ${CHECKPOINT_MAX_NAME_BYTES} UTF-8 bytes`;
  }
  return undefined;
}

/** Checks the shape's form only (rank, positive integer dims); the element count is checked by the caller. */
export function shapeProblem(value: unknown, where: string): string | undefined {
  if (!Array.isArray(value) || value.length > CHECKPOINT_MAX_RANK) {
    return `${where}.shape must be an array of at most ${CHECKPOINT_MAX_RANK} dimensions, got ${describe(value)}`;
  }
  for (let d = 0; d < value.length; d++) {
    const dim: unknown = value[d];
    if (typeof dim !== 'number' || !Number.isSafeInteger(dim) || dim < 1) {
      return `${where}.shape[${d}] must be a positive integer, got ${describe(dim)}`;
    }
  }
  return undefined;
}

/**
 * Product of the dims, or Infinity once it passes `cap` (so hostile shapes never build huge numbers).
 */
export function elementCount(shape: readonly number[], cap: number): number {
  let count = 1;
  for (const dim of shape) {
    count *= dim;
    if (count > cap) return Infinity;
  }
  return count;
}

export function metaProblem(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return `meta must be an object of string, number or boolean values, got ${describe(value)}`;
  }
  const keys = Object.keys(value);
  if (keys.length > CHECKPOINT_MAX_META_ENTRIES) return `meta must have at most ${CHECKPOINT_MAX_META_ENTRIES} entries`;
  for (const key of keys) {
    if (key.length === 0 || !isWellFormedUtf16(key) || utf8ByteLength(key) > CHECKPOINT_MAX_NAME_BYTES) {
      return `meta keys must be non-empty strings of at most ${CHECKPOINT_MAX_NAME_BYTES} UTF-8 bytes without lone surrogates, got ${describe(key)}`;
    }
    const v: unknown = (value as Record<string, unknown>)[key];
    if (typeof v === 'string') {
      if (!isWellFormedUtf16(v)) return `meta.${key} must not contain lone surrogates`;
    } else if (typeof v === 'number') {
      // -0 would serialize as "0" and come back as +0: refuse it rather than change the value.
      if (!Number.isFinite(v) || Object.is(v, -0))
        return `meta.${key} must be a finite number other than -0, got ${describe(v)}`;
    } else if (typeof v !== 'boolean') {
      return `meta.${key} must be a string, number or boolean, got ${describe(v)}`;
    }
  }
  return undefined;
}

export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}...` : value);
  if (typeof value === 'bigint') return `${value}n`;
  if (Array.isArray(value)) return `array(${value.length})`;
  if (value === null) return 'null';
  if (typeof value === 'object') return 'object';
  return String(value);
}
