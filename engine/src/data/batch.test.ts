import { describe, expect, it } from 'vitest';
import { EngineError } from '../errors';
import { deriveKey } from '../prng/deriveKey';
import { permutation } from '../prng/permutation';
import { batchIndices, epochDomain } from './batch';

const root = `0x${'ab'.repeat(32)}` as const;
const batch = (step: number, batchSize = 4, numExamples = 10, seed = 7n): number[] =>
  Array.from(batchIndices({ datasetRoot: root, seed, batchSize, step, numExamples }));

describe('batchIndices', () => {
  // Expected values from engine/test/golden/state-reference.py (independent implementation of the spec).
  it('matches the documented schedule, including a batch straddling two epochs', () => {
    expect([1, 2, 3, 4, 5, 6].map((s) => batch(s))).toEqual([
      [0, 4, 7, 9],
      [5, 6, 8, 3],
      [2, 1, 2, 8], // positions 8..11: last two of epoch 0, first two of epoch 1
      [6, 5, 9, 1],
      [7, 0, 3, 4],
      [5, 8, 1, 3],
    ]);
    expect(batch(1000, 3)).toEqual([3, 8, 1]);
  });

  it('walks each epoch permutation in order, covering every example once per epoch', () => {
    const n = 37;
    const b = 5;
    const stream: number[] = [];
    for (let s = 1; s <= 30; s++) stream.push(...batch(s, b, n));
    for (let e = 0; e < 4; e++) {
      const epoch = stream.slice(e * n, (e + 1) * n);
      expect(epoch).toEqual(Array.from(permutation(deriveKey(7n, epochDomain(root, e)), n)));
      expect([...epoch].sort((x, y) => x - y)).toEqual(Array.from({ length: n }, (_, i) => i));
    }
  });

  it('is a pure function of its inputs whatever order steps are asked in', () => {
    const forward = [1, 2, 3, 50, 51].map((s) => batch(s, 6, 23));
    const shuffled = [51, 3, 1, 50, 2].map((s) => batch(s, 6, 23));
    expect([shuffled[2], shuffled[4], shuffled[1], shuffled[3], shuffled[0]]).toEqual(forward);
    // Interleaving another run must not disturb the cache's answers.
    batch(2, 6, 23, 8n);
    expect(batch(50, 6, 23)).toEqual(forward[3]);
  });

  it('depends on the seed and on the dataset root', () => {
    const other = `0x${'cd'.repeat(32)}` as const;
    const base = batchIndices({ datasetRoot: root, seed: 1n, batchSize: 20, step: 1, numExamples: 1000 });
    expect(batchIndices({ datasetRoot: root, seed: 2n, batchSize: 20, step: 1, numExamples: 1000 })).not.toEqual(base);
    expect(batchIndices({ datasetRoot: other, seed: 1n, batchSize: 20, step: 1, numExamples: 1000 })).not.toEqual(base);
  });

  it('supports batches larger than the dataset by spanning several epochs', () => {
    const big = batch(2, 25, 10);
    const stream = [0, 1, 2, 3, 4].flatMap((e) => Array.from(permutation(deriveKey(7n, epochDomain(root, e)), 10)));
    expect(big).toEqual(stream.slice(25, 50));
  });

  it('rejects invalid arguments with an error naming the argument', () => {
    const ok = { datasetRoot: root, seed: 1n, batchSize: 4, step: 1, numExamples: 10 };
    const cases: [Record<string, unknown>, string][] = [
      [{ datasetRoot: '0xAB' }, 'datasetRoot'],
      [{ datasetRoot: `0x${'AB'.repeat(32)}` }, 'datasetRoot'],
      [{ seed: -1n }, 'seed'],
      [{ seed: 3 }, 'seed'],
      [{ batchSize: 0 }, 'batchSize'],
      [{ batchSize: 1.5 }, 'batchSize'],
      [{ step: 0 }, 'step'],
      [{ step: 2 ** 52 }, 'step'],
      [{ numExamples: 0 }, 'numExamples'],
      [{ numExamples: NaN }, 'numExamples'],
    ];
    for (const [patch, argument] of cases) {
      const call = (): unknown => batchIndices({ ...ok, ...patch } as never);
      expect(call).toThrow(EngineError);
      expect(call).toThrow(new RegExp(`^${argument} must be`));
    }
  });
});
