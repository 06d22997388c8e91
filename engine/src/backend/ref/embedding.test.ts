import { describe, expect, it } from 'vitest';
import { EngineError } from '../../errors';
import { testFloats, testInts } from '../testing/inputs';
import { sameBits } from '../testing/finiteDifference';
import { embeddingGather, embeddingScatterAdd } from './embedding';

const fround = Math.fround;

describe('embeddingGather', () => {
  it('copies table rows in id order', () => {
    const table = testFloats(5 * 3, 71);
    const out = embeddingGather(table, [4, 0, 4], 5, 3);
    expect(sameBits(out.subarray(0, 3), table.subarray(12, 15))).toBe(true);
    expect(sameBits(out.subarray(3, 6), table.subarray(0, 3))).toBe(true);
    expect(sameBits(out.subarray(6, 9), table.subarray(12, 15))).toBe(true);
  });

  it('rejects an id outside the vocabulary', () => {
    expect(() => embeddingGather(new Float32Array(6), [0, 2], 2, 3)).toThrow(EngineError);
    expect(() => embeddingGather(new Float32Array(6), [0.5], 2, 3)).toThrow(/ids\[0\] is 0.5/);
  });
});

describe('embeddingScatterAdd', () => {
  it('adds gradient rows into their id rows in ascending row order from +0', () => {
    const vocab = 6;
    const dim = 4;
    const ids = testInts(40, 72, vocab);
    const dOut = testFloats(40 * dim, 73, -100, 100);
    const expected = new Float32Array(vocab * dim);
    for (let v = 0; v < vocab; v++) {
      for (let c = 0; c < dim; c++) {
        let acc = 0;
        for (let r = 0; r < ids.length; r++) if (ids[r] === v) acc = fround(acc + dOut[r * dim + c]!);
        expected[v * dim + c] = acc;
      }
    }
    expect(sameBits(embeddingScatterAdd(dOut, ids, vocab, dim), expected)).toBe(true);
  });

  it('leaves rows that were never gathered at +0 and overwrites a dirty out', () => {
    const out = new Float32Array(3 * 2).fill(9);
    embeddingScatterAdd(new Float32Array([1, 2]), [1], 3, 2, out);
    expect(Array.from(out)).toEqual([0, 0, 1, 2, 0, 0]);
  });
});
