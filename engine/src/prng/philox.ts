/**
 * Philox4x32-10 (Salmon, Moraes, Dror, Shaw: "Parallel random numbers: as easy as 1, 2, 3", SC 2011),
 * the block function of the protocol PRNG. Counter-based: a (key, counter) pair maps to four uint32
 * words with no hidden state, so any word of any stream can be recomputed in isolation (a verifier
 * replays one step without replaying the run).
 *
 * Integer-only: the 32x32 -> 64-bit products are computed from 16-bit limbs whose partial products are
 * below 2^32, so every intermediate is an exact integer (no rounding anywhere).
 */

/** Two uint32 key words, [k0, k1]. */
export type PrngKey = readonly [number, number];
/** Four uint32 counter words, [c0, c1, c2, c3]. */
export type PhiloxCounter = readonly [number, number, number, number];

/** Round multipliers and Weyl key increments, as in Random123 (philox.h). */
export const PHILOX_M0 = 0xd2511f53;
export const PHILOX_M1 = 0xcd9e8d57;
export const PHILOX_W0 = 0x9e3779b9;
export const PHILOX_W1 = 0xbb67ae85;
export const PHILOX_ROUNDS = 10;

/** High 32 bits of the 64-bit product a*b of two uint32. */
function mulHi32(a: number, b: number): number {
  const aL = a & 0xffff;
  const aH = a >>> 16;
  const bL = b & 0xffff;
  const bH = b >>> 16;
  const ll = aL * bL;
  const lh = aL * bH;
  const hl = aH * bL;
  const hh = aH * bH;
  // Carry out of the low word: (ll >> 16) + low halves of the cross terms, each < 2^16, sum < 2^18.
  const mid = (ll >>> 16) + (lh & 0xffff) + (hl & 0xffff);
  return (hh + (lh >>> 16) + (hl >>> 16) + (mid >>> 16)) >>> 0;
}

/**
 * Writes the Philox4x32-10 block of (k0,k1) and (c0..c3) into out[outOffset..outOffset+3].
 * The allocation-free core used by the stream helpers; inputs must already be uint32.
 */
export function philoxBlockInto(
  k0: number,
  k1: number,
  c0: number,
  c1: number,
  c2: number,
  c3: number,
  out: Uint32Array,
  outOffset: number,
): void {
  let x0 = c0;
  let x1 = c1;
  let x2 = c2;
  let x3 = c3;
  let key0 = k0;
  let key1 = k1;
  for (let round = 0; round < PHILOX_ROUNDS; round++) {
    const hi0 = mulHi32(PHILOX_M0, x0);
    const lo0 = Math.imul(PHILOX_M0, x0) >>> 0;
    const hi1 = mulHi32(PHILOX_M1, x2);
    const lo1 = Math.imul(PHILOX_M1, x2) >>> 0;
    x0 = (hi1 ^ x1 ^ key0) >>> 0;
    x1 = lo1;
    x2 = (hi0 ^ x3 ^ key1) >>> 0;
    x3 = lo0;
    // The key is bumped between rounds; round 0 uses the key as given.
    key0 = (key0 + PHILOX_W0) >>> 0;
    key1 = (key1 + PHILOX_W1) >>> 0;
  }
  out[outOffset] = x0;
  out[outOffset + 1] = x1;
  out[outOffset + 2] = x2;
  out[outOffset + 3] = x3;
}
