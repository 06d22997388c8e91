import { createHash } from 'node:crypto';
import type { Backend } from '../../src/backend/index';
import { exp32, log32, tanh32 } from '../../src/backend/index';
import { bitsToF32 } from '../../src/numerics/f32';
import { sparseTestFloats, testFloats, testInts } from '../../src/backend/testing/inputs';

/**
 * The op-level conformance cases: each op on fixed pseudo-random inputs (xorshift32 from
 * src/backend/testing/inputs.ts), hashed as SHA-256 of the little-endian binary32 output bytes.
 * Every backend must reproduce engine/test/golden/ops.json exactly. Scalar outputs are hashed as a
 * one-element tensor; ops with several outputs hash them separately.
 */
/** The scalar polynomials under test; a backend that has its own passes them in. */
export interface Polynomials {
  exp(x: number): number;
  log(x: number): number;
  tanh(x: number): number;
}

const refPolynomials: Polynomials = { exp: exp32, log: log32, tanh: tanh32 };

export function computeOpGoldens(backend: Backend, polynomials: Polynomials = refPolynomials): Record<string, string> {
  const B = backend;
  const out: Record<string, string> = {};
  const put = (name: string, value: Float32Array | number): void => {
    out[name] = sha256Float32(typeof value === 'number' ? new Float32Array([value]) : value);
  };

  // Matrix products: odd sizes exercise the 8-wide blocks and their remainders; sparse inputs exercise
  // zero skipping; k = 784 and n = 128 are the MLP's first layer.
  const a = testFloats(37 * 71, 1, -2, 2);
  const b = testFloats(71 * 43, 2, -2, 2);
  put('matmul.37x71x43', B.matmul(a, b, 37, 71, 43));
  const bT = testFloats(43 * 71, 3, -2, 2);
  put('matmulTransB.37x71x43', B.matmulTransB(a, bT, 37, 71, 43));
  const aT = testFloats(71 * 37, 4, -2, 2);
  put('matmulTransA.37x71x43', B.matmulTransA(aT, b, 37, 71, 43));
  const x784 = sparseTestFloats(16 * 784, 5, 0.8);
  const w784 = testFloats(784 * 128, 6, -0.1, 0.1);
  put('matmul.sparse.16x784x128', B.matmul(x784, w784, 16, 784, 128));
  const dh = testFloats(16 * 128, 7);
  put('matmulTransA.sparse.784x16x128', B.matmulTransA(x784, dh, 784, 16, 128));
  put('matmulTransB.16x128x784', B.matmulTransB(dh, w784, 16, 128, 784));
  put('transpose.37x71', B.transpose(a, 37, 71));
  put('swapAxes12.3x5x4x6', B.swapAxes12(testFloats(360, 8), 3, 5, 4, 6));

  // Broadcasting, reductions, elementwise.
  const x = testFloats(29 * 31, 9, -8, 8);
  const y = testFloats(29 * 31, 10, 0.25, 4);
  const v = testFloats(31, 11);
  put('addRowVector.29x31', B.addRowVector(x, v, 29, 31));
  put('sumRows.29x31', B.sumRows(x, 29, 31));
  put('sum.899', B.sum(x));
  put('add', B.add(x, y));
  put('sub', B.sub(x, y));
  put('mul', B.mul(x, y));
  put('div', B.div(x, y));
  put('scale.0.1', B.scale(x, 0.1));
  put('addScalar.1e-8', B.addScalar(y, 1e-8));
  put('sqrt', B.sqrt(y));

  // Activations.
  put('relu', B.relu(x));
  put('reluBackward', B.reluBackward(x, y));
  put('gelu', B.gelu(x));
  put('geluBackward', B.geluBackward(x, y));

  // Softmax (plain and causal blocks of 12×12 scores).
  const scores = testFloats(4 * 12 * 12, 12, -6, 6);
  const dScores = testFloats(4 * 12 * 12, 13);
  const probs = B.softmaxRows(scores, 48, 12);
  const causal = B.softmaxRows(scores, 48, 12, true);
  put('softmaxRows.48x12', probs);
  put('softmaxRows.causal.48x12', causal);
  put('softmaxRowsBackward.48x12', B.softmaxRowsBackward(probs, dScores, 48, 12));
  put('softmaxRowsBackward.causal.48x12', B.softmaxRowsBackward(causal, dScores, 48, 12));

  // LayerNorm.
  const lx = testFloats(20 * 48, 14, -3, 5);
  const gamma = testFloats(48, 15, 0.5, 1.5);
  const beta = testFloats(48, 16);
  const ln = B.layerNorm(lx, gamma, beta, 20, 48, 1e-5);
  put('layerNorm.y', ln.y);
  put('layerNorm.mean', ln.mean);
  put('layerNorm.rstd', ln.rstd);
  const lg = B.layerNormBackward(lx, gamma, ln.mean, ln.rstd, testFloats(20 * 48, 17), 20, 48);
  put('layerNormBackward.dx', lg.dx);
  put('layerNormBackward.dgamma', lg.dgamma);
  put('layerNormBackward.dbeta', lg.dbeta);

  // Cross-entropy: MLP-like (10 classes) and char-level (73 symbols).
  const ce10 = B.crossEntropy(testFloats(64 * 10, 18, -4, 4), testInts(64, 19, 10), 64, 10);
  put('crossEntropy.64x10.loss', ce10.loss);
  put('crossEntropy.64x10.dlogits', ce10.dlogits);
  const ce73 = B.crossEntropy(testFloats(32 * 73, 20, -6, 6), testInts(32, 21, 73), 32, 73);
  put('crossEntropy.32x73.loss', ce73.loss);
  put('crossEntropy.32x73.dlogits', ce73.dlogits);

  // Embeddings.
  const table = testFloats(73 * 16, 22);
  const ids = testInts(96, 23, 73);
  put('embeddingGather.96of73x16', B.embeddingGather(table, ids, 73, 16));
  put('embeddingScatterAdd.96of73x16', B.embeddingScatterAdd(testFloats(96 * 16, 24), ids, 73, 16));

  // The polynomials themselves, on every 4099th binary32 bit pattern of their useful ranges.
  put('exp32.grid', mapGrid(polynomials.exp, 0xc2d00000 /* -104 */, 0x42b20000 /* 89 */));
  put('log32.grid', mapGrid(polynomials.log, 0x00000001, 0x7f7fffff));
  put('tanh32.grid', mapGrid(polynomials.tanh, 0xc1a00000 /* -20 */, 0x41a00000 /* 20 */));
  return out;
}

/** fn over binary32 inputs from `loBits` (may be negative) to `hiBits` in bit-pattern steps of 4099. */
function mapGrid(fn: (x: number) => number, loBits: number, hiBits: number): Float32Array {
  const values: number[] = [];
  if (loBits >= 0x80000000) {
    // Negative start: walk magnitudes down from |lo| to 0, then positives up to hi.
    for (let b = loBits - 0x80000000; b >= 0; b -= 4099) values.push(fn(-bitsToF32(b)));
    for (let b = 0; b <= hiBits; b += 4099) values.push(fn(bitsToF32(b)));
  } else {
    for (let b = loBits; b <= hiBits; b += 4099) values.push(fn(bitsToF32(b)));
  }
  return Float32Array.from(values);
}

/** SHA-256 (hex) of the little-endian binary32 bytes of `data`. */
export function sha256Float32(data: Float32Array): string {
  const bytes = new Uint8Array(data.length * 4);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < data.length; i++) view.setFloat32(i * 4, data[i]!, true);
  return createHash('sha256').update(bytes).digest('hex');
}
