import { describe, expect, it } from 'vitest';
import { bytesToHex, concat, hexToBytes, keccak256, type Hex } from 'viem';
import { buildPositionalTree, foldDescendants, verifyPositionalProof } from './positionalTree';
import { keccak256Of64 } from './keccak256Of64';

/** Deterministic pseudo-random bytes (xorshift32), so failures reproduce. */
function bytes(n: number, seed: number): Uint8Array {
  let x = seed | 1;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

/** The positional tree as the contract states it, with viem's keccak256: every padded level materialised. */
function referenceLevels(leaves: Hex[]): Hex[][] {
  let width = 1;
  while (width < leaves.length) width *= 2;
  const levels: Hex[][] = [[...leaves, ...Array<Hex>(width - leaves.length).fill(`0x${'00'.repeat(32)}`)]];
  while (levels.at(-1)!.length > 1) {
    const below = levels.at(-1)!;
    const next: Hex[] = [];
    for (let i = 0; i < below.length; i += 2) next.push(keccak256(concat([below[i]!, below[i + 1]!])));
    levels.push(next);
  }
  return levels;
}

const leavesOf = (data: Uint8Array): Hex[] =>
  Array.from({ length: data.length / 32 }, (_, i) => bytesToHex(data.subarray(32 * i, 32 * i + 32)));

describe('keccak256Of64', () => {
  it('equals keccak256 of 64 bytes on 2,000 random inputs, read and written at offsets', () => {
    const src = bytes(64 * 2000 + 3, 7);
    const dst = new Uint8Array(32 * 2000 + 5);
    for (let i = 0; i < 2000; i++) {
      keccak256Of64(src, 3 + 64 * i, dst, 5 + 32 * i);
      expect(bytesToHex(dst.subarray(5 + 32 * i, 37 + 32 * i))).toBe(keccak256(src.subarray(3 + 64 * i, 67 + 64 * i)));
    }
  });
});

describe('the positional tree', () => {
  it("gives the contract rule's root, every node, proofs that verify, and dissection moves that fold back, for 1 to 70 leaves", () => {
    for (let n = 1; n <= 70; n++) {
      const data = bytes(32 * n, n);
      const tree = buildPositionalTree(data);
      const levels = referenceLevels(leavesOf(data));
      expect(tree.depth).toBe(levels.length - 1);
      expect(bytesToHex(tree.root)).toBe(levels.at(-1)![0]);
      for (const [l, level] of levels.entries()) {
        for (const [i, node] of level.entries()) expect(bytesToHex(tree.node(l, i))).toBe(node);
      }
      for (let i = 0; i < n; i++) {
        const proof = tree.proof(i);
        expect(proof.length).toBe(tree.depth);
        expect(verifyPositionalProof(tree.root, n, i, data.subarray(32 * i, 32 * i + 32), proof)).toBe(true);
      }
      for (let l = 1; l <= tree.depth; l++) {
        for (let i = 0; i < 2 ** (tree.depth - l); i++) {
          const children = tree.descendants(l, i);
          expect(children.length).toBe(2 ** Math.min(5, l));
          expect(bytesToHex(foldDescendants(children))).toBe(bytesToHex(tree.node(l, i)));
        }
      }
    }
  });

  it('refuses a proof at another index, of another length, or of a changed leaf', () => {
    const data = bytes(32 * 13, 99);
    const tree = buildPositionalTree(data);
    const leaf = data.subarray(32 * 5, 32 * 6);
    const proof = tree.proof(5);
    expect(verifyPositionalProof(tree.root, 13, 5, leaf, proof)).toBe(true);
    expect(verifyPositionalProof(tree.root, 13, 4, leaf, proof)).toBe(false);
    expect(verifyPositionalProof(tree.root, 13, 5, leaf, proof.slice(1))).toBe(false);
    expect(verifyPositionalProof(tree.root, 13, 5, leaf, [...proof, new Uint8Array(32)])).toBe(false);
    const changed = leaf.slice();
    changed[31] = changed[31]! ^ 1;
    expect(verifyPositionalProof(tree.root, 13, 5, changed, proof)).toBe(false);
  });

  it('says which input is wrong: no leaves, ragged leaves, a node outside the tree', () => {
    expect(() => buildPositionalTree(new Uint8Array(0))).toThrow(
      /non-empty whole number of 32-byte leaves, got 0 bytes/,
    );
    expect(() => buildPositionalTree(new Uint8Array(33))).toThrow(/got 33 bytes/);
    const tree = buildPositionalTree(new Uint8Array(32 * 5));
    expect(() => tree.node(1, 4)).toThrow(/no node \(level 1, index 4\) in a tree of depth 3/);
    expect(() => tree.proof(5)).toThrow(/leaf index 5 is outside 0…4/);
    // A node over padding only is the all-zero subtree's hash, not zero.
    expect(bytesToHex(tree.node(1, 3))).toBe(keccak256(new Uint8Array(64)));
    expect(hexToBytes(bytesToHex(tree.node(0, 7)))).toEqual(new Uint8Array(32));
  });
});
