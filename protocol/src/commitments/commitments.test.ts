import { describe, expect, it } from 'vitest';
import { keccak256, concat, type Hex } from 'viem';
import { buildStepsTree, packLosses, unpackLosses, float32ToBits, bitsToFloat32, stepLeaf } from './index';
import { ProtocolError } from '../errors';

const root = (i: number): Hex => keccak256(`0x${i.toString(16).padStart(2, '0')}`);

/** StepRecords.verifyLeaf, written out: the index's bits say at each level whether the node is left or right. */
function processProof(leaf: Hex, proof: Hex[], index: number): Hex {
  return proof.reduce<Hex>(
    (acc, sib, level) => ((index >> level) & 1 ? keccak256(concat([sib, acc])) : keccak256(concat([acc, sib]))),
    leaf,
  );
}

describe('stepLeaf', () => {
  it('binds run, step, root and loss: changing any one changes the leaf', () => {
    const base = { runId: 1n, step: 5n, stateRoot: root(1), lossBits: 0x3f800000 };
    const leaf = stepLeaf(base);
    expect(stepLeaf({ ...base, runId: 2n })).not.toBe(leaf);
    expect(stepLeaf({ ...base, step: 6n })).not.toBe(leaf);
    expect(stepLeaf({ ...base, stateRoot: root(2) })).not.toBe(leaf);
    expect(stepLeaf({ ...base, lossBits: 0x3f800001 })).not.toBe(leaf);
    expect(stepLeaf(base)).toBe(leaf);
  });
});

describe('buildStepsTree', () => {
  it.each([1, 2, 3, 8, 13, 256])('proves every one of %i records against the root', (k) => {
    const records = Array.from({ length: k }, (_, i) => ({ step: BigInt(i + 1), stateRoot: root(i), lossBits: i }));
    const tree = buildStepsTree(7n, records);
    const depth = Math.ceil(Math.log2(k));
    records.forEach((r, i) => {
      const leaf = stepLeaf({ runId: 7n, ...r });
      expect(tree.proof(r.step)).toHaveLength(depth);
      expect(processProof(leaf, tree.proof(r.step), i)).toBe(tree.root);
    });
    expect(tree.finalProof).toEqual(tree.proof(BigInt(k)));
  });

  it('binds the leaf index: a record proved at another position does not reach the root', () => {
    const records = [1n, 2n, 3n, 4n].map((step) => ({ step, stateRoot: root(Number(step)), lossBits: 1 }));
    const tree = buildStepsTree(1n, records);
    const leaf2 = stepLeaf({ runId: 1n, ...records[1]! });
    expect(processProof(leaf2, tree.proof(2n), 1)).toBe(tree.root);
    expect(processProof(leaf2, tree.proof(2n), 0)).not.toBe(tree.root);
  });

  it('rejects records that skip or reorder steps, naming the record', () => {
    const rec = (step: bigint) => ({ step, stateRoot: root(Number(step)), lossBits: 1 });
    expect(() => buildStepsTree(1n, [rec(1n), rec(3n)])).toThrow(/record 1 is step 3, expected 2/);
    expect(() => buildStepsTree(1n, [rec(2n), rec(1n)])).toThrow(ProtocolError);
  });

  it('does not prove a record that was not committed', () => {
    const records = [1n, 2n, 3n].map((step) => ({ step, stateRoot: root(Number(step)), lossBits: 1 }));
    const tree = buildStepsTree(1n, records);
    const forged = stepLeaf({ runId: 1n, step: 2n, stateRoot: root(9), lossBits: 1 });
    expect(processProof(forged, tree.proof(2n), 1)).not.toBe(tree.root);
  });

  it('rejects an empty record list and an unknown step with a ProtocolError', () => {
    expect(() => buildStepsTree(1n, [])).toThrow(ProtocolError);
    const tree = buildStepsTree(1n, [{ step: 1n, stateRoot: root(1), lossBits: 0 }]);
    expect(() => tree.proof(2n)).toThrow(/step 2 is not in this submission/);
  });
});

describe('losses', () => {
  it('round-trips loss bits through the packed calldata form', () => {
    const bits = [0, 1, 0x3f800000, 0xffffffff, float32ToBits(Math.LN10)];
    const packed = packLosses(bits);
    expect(packed.length).toBe(2 + 8 * bits.length);
    expect(unpackLosses(packed)).toEqual(bits);
  });

  it('converts float32 values to bits and back exactly', () => {
    expect(float32ToBits(1)).toBe(0x3f800000);
    expect(bitsToFloat32(0x40490fdb)).toBe(Math.fround(Math.PI));
  });

  it('rejects malformed input naming what was expected', () => {
    expect(() => packLosses([1.5])).toThrow(/lossBits\[0\] must be a uint32/);
    expect(() => unpackLosses('0x010203')).toThrow(/multiple of 4 bytes, got 3/);
  });
});
