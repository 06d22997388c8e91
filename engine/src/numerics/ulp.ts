import { f32ToBits, bitsToF32 } from './f32';

/**
 * Error of a binary32 result `got` against a float64 reference `want`, in units of the last place of
 * the binary32 value nearest to `want` (for subnormal results, the subnormal spacing 2^-149). Used by
 * the accuracy tests of the polynomials; it never takes part in VT-F32 arithmetic.
 */
export function ulpError(got: number, want: number): number {
  if (got === want) return 0;
  if (!Number.isFinite(want) || !Number.isFinite(got)) return Infinity;
  const nearest = Math.abs(Math.fround(want));
  const next = bitsToF32(f32ToBits(nearest) + 1);
  const ulp = Number.isFinite(next) ? next - nearest : nearest - bitsToF32(f32ToBits(nearest) - 1);
  return Math.abs(got - want) / ulp;
}
