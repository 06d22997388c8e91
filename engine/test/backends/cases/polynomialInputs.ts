import { EDGE_BITS, NON_FINITE_BITS, toBits } from '../support/floatSource';

/** Bit patterns stepped through all of binary32 (an odd stride, so the low bits vary): 2^32 / 4093 ≈ 2^20. */
const STRIDE = 4093;
/** Patterns on each side of a threshold. */
const WINDOW = 2048;

function window(out: number[], center: number, width = WINDOW): void {
  const bits = toBits(center);
  for (let d = -width; d <= width; d++) {
    const b = bits + d;
    if (b >= 0 && b <= 0xffffffff) out.push(b >>> 0);
  }
}

/**
 * Where each polynomial changes behaviour: exp's overflow (ln FLT_MAX ≈ 88.72, the cut at 89), normal
 * and total underflow (−87.34, −103.9, −104) and the halfway points (k + ½)·ln 2 where n = rint(x·log2e)
 * changes; log's 1, √2 (where m is halved), min normal and subnormals; tanh's branch at 0.55, exp
 * overflowing inside it (|z| = 44.5) and saturation to ±1 (≈ 9.01).
 */
const THRESHOLDS = {
  exp: [88.72283935546875, 89, -87.33654022216797, -88.7, -103.9, -103.97, -104, 0.5, -0.5, 1e-8, -1e-8],
  log: [1, 1.4142135381698608, 0.7071067690849304, 1.1754943508222875e-38, 2, 0.5, 3.4028234663852886e38],
  tanh: [0.550000011920929, -0.550000011920929, 44.5, -44.5, 9.01, -9.01, 1e-4, -1e-4],
} as const;

/** The inputs of one polynomial's test: the stepped patterns, every threshold's window and the specials. */
export function polynomialInputs(poly: keyof typeof THRESHOLDS): Uint32Array {
  const out: number[] = [];
  for (let b = 0; b <= 0xffffffff; b += STRIDE) out.push(b);
  for (const t of THRESHOLDS[poly]) window(out, t);
  if (poly === 'exp') for (let k = -150; k <= 128; k++) window(out, (k + 0.5) * Math.LN2, 16);
  out.push(...EDGE_BITS, ...NON_FINITE_BITS, 0x00000002, 0x00400000, 0x80400000);
  return Uint32Array.from(out);
}
