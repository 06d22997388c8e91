import { describe, expect, it } from 'vitest';
import { refBackend as B } from '../index';
import { testFloats, testInts } from '../testing/inputs';
import { finiteDifferenceGradient, maxRelativeError, weightedSum } from '../testing/finiteDifference';

// The backward passes the models build from these kernels, checked against float64 finite differences of
// the float64 forward: for L = Σ w ⊙ f(x), dL/dx must equal the kernel composition the models use.

function matmul64(a: ArrayLike<number>, b: ArrayLike<number>, m: number, k: number, n: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += a[i * k + p]! * b[p * n + j]!;
      out.push(s);
    }
  }
  return out;
}

describe('backward kernels against finite differences', () => {
  const [m, k, n] = [4, 6, 5];
  const a = testFloats(m * k, 81);
  const b = testFloats(k * n, 82);
  const w = testFloats(m * n, 83);

  it('matmul: dA = W·Bᵀ (matmulTransB) and dB = Aᵀ·W (matmulTransA)', () => {
    const a64 = Float64Array.from(a);
    const b64 = Float64Array.from(b);
    const fdA = finiteDifferenceGradient((v) => weightedSum(matmul64(v, b64, m, k, n), w), a64);
    const fdB = finiteDifferenceGradient((v) => weightedSum(matmul64(a64, v, m, k, n), w), b64);
    expect(maxRelativeError(B.matmulTransB(w, b, m, n, k), fdA, 1e-2)).toBeLessThan(1e-5);
    expect(maxRelativeError(B.matmulTransA(a, w, k, m, n), fdB, 1e-2)).toBeLessThan(1e-5);
  });

  it('addRowVector: the bias gradient is sumRows of the output gradient', () => {
    const v = testFloats(n, 84);
    const x = testFloats(m * n, 85);
    const fd = finiteDifferenceGradient(
      (bias) =>
        weightedSum(
          Array.from(x, (value, i) => value + bias[i % n]!),
          w,
        ),
      Float64Array.from(v),
    );
    expect(maxRelativeError(B.sumRows(w, m, n), fd, 1e-2)).toBeLessThan(1e-5);
  });

  it('relu: reluBackward away from the kink', () => {
    const x = testFloats(64, 86).map((v) => (Math.abs(v) < 0.01 ? 0.5 : v));
    const dy = testFloats(64, 87);
    const fd = finiteDifferenceGradient(
      (v) =>
        weightedSum(
          Array.from(v, (t) => Math.max(t, 0)),
          dy,
        ),
      Float64Array.from(x),
    );
    expect(maxRelativeError(B.reluBackward(x, dy), fd, 1e-2)).toBeLessThan(1e-6);
  });

  it('embedding: embeddingScatterAdd is the gradient of embeddingGather', () => {
    const vocab = 5;
    const dim = 3;
    const ids = testInts(12, 88, vocab);
    const table = testFloats(vocab * dim, 89);
    const dOut = testFloats(12 * dim, 90);
    const gather64 = (t: Float64Array) =>
      Array.from({ length: 12 * dim }, (_, i) => t[ids[Math.floor(i / dim)]! * dim + (i % dim)]!);
    const fd = finiteDifferenceGradient((t) => weightedSum(gather64(t), dOut), Float64Array.from(table));
    expect(maxRelativeError(B.embeddingScatterAdd(dOut, ids, vocab, dim), fd, 1e-2)).toBeLessThan(1e-5);
  });
});
