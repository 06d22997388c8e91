/**
 * Central finite differences of a float64 scalar function, for gradient checks only (a tolerance is
 * fine there; bit-exactness is checked elsewhere by exact equality).
 */
export function finiteDifferenceGradient(f: (x: Float64Array) => number, x: Float64Array, h = 1e-6): Float64Array {
  const grad = new Float64Array(x.length);
  const probe = Float64Array.from(x);
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    probe[i] = v + h;
    const up = f(probe);
    probe[i] = v - h;
    const down = f(probe);
    probe[i] = v;
    grad[i] = (up - down) / (2 * h);
  }
  return grad;
}

/** Largest |got − want| / (|want| + floor) over the arrays. */
export function maxRelativeError(got: ArrayLike<number>, want: ArrayLike<number>, floor = 1e-3): number {
  let worst = 0;
  for (let i = 0; i < want.length; i++) {
    const e = Math.abs(got[i]! - want[i]!) / (Math.abs(want[i]!) + floor);
    if (e > worst || Number.isNaN(e)) worst = Number.isNaN(e) ? Infinity : e;
  }
  return worst;
}

/** Σ w_i · y_i in float64: turns a tensor output into a scalar loss with a fixed random direction. */
export function weightedSum(y: ArrayLike<number>, w: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < y.length; i++) s += y[i]! * w[i]!;
  return s;
}

/** Bitwise equality of two float arrays (distinguishes −0 from +0 and compares NaN payload-free). */
export function sameBits(a: Float32Array, b: Float32Array): boolean {
  if (a.length !== b.length) return false;
  const ua = new Uint32Array(a.buffer, a.byteOffset, a.length);
  const ub = new Uint32Array(b.buffer, b.byteOffset, b.length);
  for (let i = 0; i < ua.length; i++) if (ua[i] !== ub[i]) return false;
  return true;
}
