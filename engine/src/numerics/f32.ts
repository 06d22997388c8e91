/**
 * Exact binary32 helpers: bit access, integer rounding and powers of two. Nothing here rounds a value
 * except where it says so; these are the integer-valued building blocks of the polynomials.
 */

const scratchF32 = new Float32Array(1);
const scratchU32 = new Uint32Array(scratchF32.buffer);

/** The IEEE-754 bit pattern of the binary32 value nearest to x (x is rounded first). */
export function f32ToBits(x: number): number {
  scratchF32[0] = x;
  return scratchU32[0]!;
}

/** The binary32 value with the given bit pattern (low 32 bits of `bits`). */
export function bitsToF32(bits: number): number {
  scratchU32[0] = bits >>> 0;
  return scratchF32[0]!;
}

/** 2^n as a binary32 normal number; n must be an integer in [-126, 127]. */
export function pow2(n: number): number {
  return bitsToF32((n + 127) << 23);
}

/**
 * The integer nearest to the binary32 value t, ties to even (C `rintf` in the default rounding mode).
 * Exact: the fractional part of a binary32 value is exact in a double.
 */
export function roundHalfEven(t: number): number {
  const floor = Math.floor(t);
  const frac = t - floor;
  // `+ 0` turns −0 into +0: the result is an integer, and −0 would leak into later products.
  if (frac > 0.5) return floor + 1 + 0;
  if (frac < 0.5) return floor + 0;
  return floor % 2 === 0 ? floor + 0 : floor + 1 + 0;
}
