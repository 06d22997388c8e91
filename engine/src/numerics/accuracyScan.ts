import { bitsToF32 } from './f32';
import { ulpError } from './ulp';

export interface AccuracyReport {
  readonly maxUlp: number;
  readonly worstInput: number;
  readonly samples: number;
}

/**
 * Walks binary32 inputs in [lo, hi] by bit pattern with a fixed stride (both signs when lo < 0) and
 * reports the worst ulp error of `fn` against the float64 `reference`. Stride 1 is exhaustive.
 */
export function scanUlpError(
  fn: (x: number) => number,
  reference: (x: number) => number,
  lo: number,
  hi: number,
  stride: number,
): AccuracyReport {
  let maxUlp = 0;
  let worstInput = NaN;
  let samples = 0;
  const visit = (x: number): void => {
    samples++;
    const e = ulpError(fn(x), reference(x));
    if (e > maxUlp) {
      maxUlp = e;
      worstInput = x;
    }
  };
  const scratch = new Float32Array(1);
  const bits = new Uint32Array(scratch.buffer);
  const bitsOf = (v: number): number => {
    scratch[0] = v;
    return bits[0]!;
  };
  if (hi >= 0) {
    const top = bitsOf(hi);
    for (let b = lo > 0 ? bitsOf(lo) : 0; b <= top; b += stride) visit(bitsToF32(b));
  }
  if (lo < 0) {
    const top = bitsOf(-lo);
    for (let b = hi < 0 ? bitsOf(-hi) : 1; b <= top; b += stride) visit(-bitsToF32(b));
  }
  return { maxUlp, worstInput, samples };
}
