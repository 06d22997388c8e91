import { bitsToF32, f32ToBits } from './f32';
import { LN2_HI, LN2_LO } from './exp';

const fround = Math.fround;

/** √2 rounded to binary32 (0x3fb504f3): mantissas above it are halved so that m ∈ (√2/2, √2]. */
export const LOG_SQRT2 = bitsToF32(0x3fb504f3);
/** 2^23, to lift subnormal inputs into the normal range exactly. */
const TWO_POW_23 = 8388608;

/**
 * Coefficients of R(z) = z·(L1 + z·(L2 + z·(L3 + z·L4))) ≈ 2z/3 + 2z²/5 + 2z³/7 + 2z⁴/9 (the series of
 * log((1+s)/(1−s)) / (2s) − 1, truncated: the next term is below 2⁻²⁸ relative on this range).
 */
export const LOG_COEFFS: readonly number[] = [
  bitsToF32(0x3f2aaaab), // L1 = fround(2/3)
  bitsToF32(0x3ecccccd), // L2 = fround(2/5)
  bitsToF32(0x3e924925), // L3 = fround(2/7)
  bitsToF32(0x3e638e39), // L4 = fround(2/9)
];
const [L1, L2, L3, L4] = LOG_COEFFS as [number, number, number, number];

/**
 * VT-F32 natural log of a binary32 value x (fdlibm's decomposition, shortened for binary32):
 *   NaN or x < 0 → NaN; ±0 → −Inf; +Inf → +Inf; subnormal x: x ⊗ 2²³ (exact) and k = −23, else k = 0
 *   e = unbiased exponent of x plus k; m = x's significand scaled to [1, 2) (exact, by bits)
 *   if m > LOG_SQRT2: m = m ⊗ 0.5, e = e + 1  (exact)
 *   f = m ⊖ 1 (exact); s = f ⊘ (2 ⊕ f); z = s ⊗ s; hfsq = 0.5 ⊗ (f ⊗ f)
 *   R = Horner: q = L4; q = q⊗z ⊕ L3; q = q⊗z ⊕ L2; q = q⊗z ⊕ L1; R = q ⊗ z
 *   logm = f ⊖ (hfsq ⊖ (s ⊗ (hfsq ⊕ R)))
 *   y = (e ⊗ LN2_HI) ⊕ ((e ⊗ LN2_LO) ⊕ logm)
 */
export function log32(x: number): number {
  if (Number.isNaN(x) || x < 0) return NaN;
  if (x === 0) return -Infinity;
  if (x === Infinity) return Infinity;
  let k = 0;
  let v = fround(x);
  if (v < 1.1754943508222875e-38) {
    v = v * TWO_POW_23;
    k = -23;
  }
  const bits = f32ToBits(v);
  let e = ((bits >>> 23) & 0xff) - 127 + k;
  let m = bitsToF32((bits & 0x007fffff) | 0x3f800000);
  if (m > LOG_SQRT2) {
    m = m * 0.5;
    e = e + 1;
  }
  const f = fround(m - 1);
  const s = fround(f / fround(2 + f));
  const z = fround(s * s);
  const hfsq = fround(0.5 * fround(f * f));
  let q = L4;
  q = fround(fround(q * z) + L3);
  q = fround(fround(q * z) + L2);
  q = fround(fround(q * z) + L1);
  const R = fround(q * z);
  const logm = fround(f - fround(hfsq - fround(s * fround(hfsq + R))));
  return fround(fround(e * LN2_HI) + fround(fround(e * LN2_LO) + logm));
}
