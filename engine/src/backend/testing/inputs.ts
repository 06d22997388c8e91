/**
 * Deterministic test inputs from a tiny self-contained integer generator (xorshift32), so kernel tests
 * and op goldens depend on nothing else in the engine. Not the protocol PRNG: only tests use this.
 */
export function xorshift32(seed: number): () => number {
  let s = seed >>> 0 || 0x9e3779b9;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s;
  };
}

/** n binary32 values uniform on [lo, hi): 24 random bits scaled, then rounded to binary32. */
export function testFloats(n: number, seed: number, lo = -1, hi = 1): Float32Array {
  const next = xorshift32(seed);
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) out[i] = lo + ((next() >>> 8) / 16777216) * (hi - lo);
  return out;
}

/** n integers uniform on [0, limit). */
export function testInts(n: number, seed: number, limit: number): Int32Array {
  const next = xorshift32(seed);
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = next() % limit;
  return out;
}

/** testFloats with roughly `zeroFraction` of the entries set to +0 (ReLU-like sparsity). */
export function sparseTestFloats(n: number, seed: number, zeroFraction: number): Float32Array {
  const values = testFloats(n, seed);
  const next = xorshift32(seed ^ 0x5bd1e995);
  for (let i = 0; i < n; i++) if (next() / 4294967296 < zeroFraction) values[i] = 0;
  return values;
}
