import { bitsToF32, pow2, roundHalfEven } from './f32';

const fround = Math.fround;

/** log2(e) rounded to binary32 (0x3fb8aa3b). */
export const EXP_LOG2E = bitsToF32(0x3fb8aa3b);
/** ln 2 split: LN2_HI has 15 significant bits so n ⊗ LN2_HI is exact for |n| ≤ 512 (0x3f317200). */
export const LN2_HI = bitsToF32(0x3f317200);
/** ln 2 − LN2_HI rounded to binary32 (0x35bfbe8e). */
export const LN2_LO = bitsToF32(0x35bfbe8e);
/** Above this, exp overflows to +Infinity (the computation below also overflows there; this bounds n). */
export const EXP_OVERFLOW_X = 89;
/** Below this, exp is +0 (bounds n). */
export const EXP_UNDERFLOW_X = -104;

/**
 * Coefficients c2…c6 of p(r) = 1 + r + c2 r² + … + c6 r⁶ ≈ e^r on [−ln2/2, ln2/2] (near-minimax fit of
 * (e^r − 1 − r)/r² on a 1% wider interval, then rounded to binary32). Defined by their bits.
 */
export const EXP_COEFFS: readonly number[] = [
  bitsToF32(0x3f000000), // c2 = 0.5
  bitsToF32(0x3e2aaa6c), // c3 ≈ 0.166665733
  bitsToF32(0x3d2aaa8b), // c4 ≈ 0.0416665487
  bitsToF32(0x3c090836), // c5 ≈ 0.00836377405
  bitsToF32(0x3ab68b03), // c6 ≈ 0.00139269268
];
const [C2, C3, C4, C5, C6] = EXP_COEFFS as [number, number, number, number, number];

/**
 * VT-F32 exp of a binary32 value x (the protocol polynomial, not Math.exp):
 *   NaN → NaN; x > 89 → +Inf; x < −104 → +0; otherwise
 *   n = rint(x ⊗ LOG2E)  (nearest integer, ties to even; exact)
 *   r = (x ⊖ (n ⊗ LN2_HI)) ⊖ (n ⊗ LN2_LO)
 *   p = Horner: p = C6; p = p⊗r ⊕ C5; … ⊕ C2; p = p⊗r ⊕ 1; p = p⊗r ⊕ 1
 *   y = (p ⊗ 2^h) ⊗ 2^(n−h), h = floor(n/2)   (the first product is exact; the second rounds once,
 *                                            to a subnormal, zero or +Inf where the result is out of range)
 */
export function exp32(input: number): number {
  const x = fround(input);
  if (Number.isNaN(x)) return NaN;
  if (x > EXP_OVERFLOW_X) return Infinity;
  if (x < EXP_UNDERFLOW_X) return 0;
  const n = roundHalfEven(fround(x * EXP_LOG2E));
  const r = fround(fround(x - fround(n * LN2_HI)) - fround(n * LN2_LO));
  let p = C6;
  p = fround(fround(p * r) + C5);
  p = fround(fround(p * r) + C4);
  p = fround(fround(p * r) + C3);
  p = fround(fround(p * r) + C2);
  p = fround(fround(p * r) + 1);
  p = fround(fround(p * r) + 1);
  const h = Math.floor(n / 2);
  return fround(fround(p * pow2(h)) * pow2(n - h));
}
