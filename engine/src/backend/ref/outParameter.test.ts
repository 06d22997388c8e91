import { describe, expect, it } from 'vitest';
import type { EngineError } from '../../errors';
import { refBackend as B } from '../index';
import { testFloats, testInts } from '../testing/inputs';
import { sameBits } from '../testing/finiteDifference';

const x = testFloats(24, 91);
const y = testFloats(24, 92, 0.5, 2);
const ids = testInts(4, 93, 6);

// Each case: a kernel call with and without `out`; both must give the same bits, and `out` must be the
// returned array, even when it starts dirty.
const cases: [string, (out?: Float32Array) => Float32Array, number][] = [
  ['matmul', (o) => B.matmul(x, y, 4, 6, 4, o), 16],
  ['matmulTransB', (o) => B.matmulTransB(x, y, 4, 6, 4, o), 16],
  ['matmulTransA', (o) => B.matmulTransA(x, y, 4, 6, 4, o), 16],
  ['transpose', (o) => B.transpose(x, 4, 6, o), 24],
  ['swapAxes12', (o) => B.swapAxes12(x, 1, 2, 3, 4, o), 24],
  ['addRowVector', (o) => B.addRowVector(x, y.subarray(0, 6), 4, 6, o), 24],
  ['sumRows', (o) => B.sumRows(x, 4, 6, o), 6],
  ['add', (o) => B.add(x, y, o), 24],
  ['sub', (o) => B.sub(x, y, o), 24],
  ['mul', (o) => B.mul(x, y, o), 24],
  ['div', (o) => B.div(x, y, o), 24],
  ['scale', (o) => B.scale(x, 3, o), 24],
  ['addScalar', (o) => B.addScalar(x, 3, o), 24],
  ['sqrt', (o) => B.sqrt(y, o), 24],
  ['relu', (o) => B.relu(x, o), 24],
  ['reluBackward', (o) => B.reluBackward(x, y, o), 24],
  ['gelu', (o) => B.gelu(x, o), 24],
  ['geluBackward', (o) => B.geluBackward(x, y, o), 24],
  ['softmaxRows', (o) => B.softmaxRows(x, 4, 6, false, o), 24],
  ['softmaxRows causal', (o) => B.softmaxRows(x, 12, 2, true, o), 24],
  ['softmaxRowsBackward', (o) => B.softmaxRowsBackward(y, x, 4, 6, o), 24],
  ['embeddingGather', (o) => B.embeddingGather(x, ids, 6, 4, o), 16],
  ['embeddingScatterAdd', (o) => B.embeddingScatterAdd(x.subarray(0, 16), ids, 6, 4, o), 24],
];

describe('the out parameter', () => {
  it.each(cases)(
    '%s writes into a dirty out and returns it, bit-identical to a fresh result',
    (_name, call, length) => {
      const fresh = call();
      const out = new Float32Array(length).fill(Number.NaN);
      expect(call(out)).toBe(out);
      expect(sameBits(out, fresh)).toBe(true);
    },
  );

  it.each(cases)('%s rejects an out of the wrong length with SHAPE_MISMATCH', (_name, call, length) => {
    try {
      call(new Float32Array(length + 1));
      expect.unreachable();
    } catch (error) {
      expect((error as EngineError).code).toBe('SHAPE_MISMATCH');
    }
  });
});
