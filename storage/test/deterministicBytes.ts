/**
 * Test content anyone can regenerate in any language: the low byte of each successive state of the
 * xorshift32 generator (shifts 13, 17, 5) seeded with 1. No data files are committed for the CID vectors.
 */
export function deterministicBytes(length: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x >>>= 0;
    x ^= x >>> 17;
    x ^= x << 5;
    x >>>= 0;
    out[i] = x & 0xff;
  }
  return out;
}
