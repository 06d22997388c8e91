import { exp32 } from './exp';
import { bitsToF32 } from './f32';

const fround = Math.fround;

/** |z| below this uses the odd polynomial; at and above it, 1 − 2/(e^{2|z|} + 1). */
export const TANH_SMALL = bitsToF32(0x3f0ccccd); // ≈ 0.550000012

/**
 * Coefficients of P(w), w = z², with tanh(z) ≈ z + z·w·P(w) on |z| < 0.55 (near-minimax fit of
 * (tanh z − z)/z³ in w, rounded to binary32), constant term first.
 */
export const TANH_COEFFS: readonly number[] = [
  bitsToF32(0xbeaaaaaa), // P0 ≈ −0.333333313
  bitsToF32(0x3e0887f5), // P1 ≈ 0.133331135
  bitsToF32(0xbd5cd022), // P2 ≈ −0.0539094284
  bitsToF32(0x3cae9107), // P3 ≈ 0.0213093888
  bitsToF32(0xbbd89a9c), // P4 ≈ −0.00661022775
];
const [P0, P1, P2, P3, P4] = TANH_COEFFS as [number, number, number, number, number];

/**
 * VT-F32 tanh of a binary32 value z:
 *   NaN → NaN; a = |z| (exact);
 *   a < TANH_SMALL: w = a ⊗ a; P = Horner: P = P4; P = P⊗w ⊕ P3; … ⊕ P0; t = a ⊕ (a ⊗ (w ⊗ P))
 *   otherwise:      t = 1 ⊖ (2 ⊘ (exp(2 ⊗ a) ⊕ 1))   (exp overflow gives 2 ⊘ Inf = +0, t = 1)
 *   result: t with the sign of z (so tanh(−0) = −0).
 */
export function tanh32(z: number): number {
  if (Number.isNaN(z)) return NaN;
  const a = Math.abs(fround(z));
  let t: number;
  if (a < TANH_SMALL) {
    const w = fround(a * a);
    let p = P4;
    p = fround(fround(p * w) + P3);
    p = fround(fround(p * w) + P2);
    p = fround(fround(p * w) + P1);
    p = fround(fround(p * w) + P0);
    t = fround(a + fround(a * fround(w * p)));
  } else {
    t = fround(1 - fround(2 / fround(exp32(fround(2 * a)) + 1)));
  }
  return z < 0 || Object.is(z, -0) ? -t : t;
}
