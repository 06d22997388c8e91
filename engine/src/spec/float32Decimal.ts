/**
 * Shortest decimal text of a float32 value, used for hyperparameters in the canonical run spec.
 *
 * Definition (reproducible in any language that has ECMAScript number formatting or an equivalent):
 * for p = 1…9, s = v.toPrecision(p); the first s with fround(Number(s)) === v is chosen and written as
 * String(Number(s)) (ECMAScript Number::toString, so "0.001", "1e-8", "0.9"). Nine significant digits
 * always round-trip a float32, so the loop ends. Zero is written "0".
 */
export function float32Decimal(value: number): string {
  const v = Math.fround(value);
  if (v !== value || !Number.isFinite(v)) {
    throw new RangeError(`float32Decimal: ${value} is not a finite float32 value`);
  }
  if (v === 0) return '0';
  for (let p = 1; p <= 9; p++) {
    const candidate = Number(v.toPrecision(p));
    if (Math.fround(candidate) === v) return String(candidate);
  }
  /* c8 ignore next */
  throw new RangeError(`float32Decimal: no decimal of at most 9 digits round-trips ${value}`);
}
