import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sha256TreeLeaf, sha256TreeNextLevel, sha256TreeNode, sha256TreeRoot, type Sha256Parts } from './sha256Tree';

const sha256: Sha256Parts = (parts) => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return new Uint8Array(hash.digest());
};
const digest = (...bytes: number[]) => new Uint8Array(createHash('sha256').update(Uint8Array.from(bytes)).digest());
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');

describe('sha256Tree', () => {
  it('prefixes leaves with 0x00 and nodes with 0x01', () => {
    expect(hex(sha256TreeLeaf(Uint8Array.of(7, 8), sha256))).toBe(hex(digest(0, 7, 8)));
    const left = sha256TreeLeaf(Uint8Array.of(1), sha256);
    const right = sha256TreeLeaf(Uint8Array.of(2), sha256);
    expect(hex(sha256TreeNode(left, right, sha256))).toBe(hex(digest(1, ...left, ...right)));
  });

  it('moves an odd last node up unchanged instead of duplicating it', () => {
    const leaves = [1, 2, 3].map((b) => sha256TreeLeaf(Uint8Array.of(b), sha256));
    const up = sha256TreeNextLevel(leaves, sha256);
    expect(up).toHaveLength(2);
    expect(hex(up[1]!)).toBe(hex(leaves[2]!));
    const root = sha256TreeNode(sha256TreeNode(leaves[0]!, leaves[1]!, sha256), leaves[2]!, sha256);
    expect(hex(sha256TreeRoot(leaves, sha256))).toBe(hex(root));
    // Duplicating the last leaf (the CVE-2012-2459 shape) must give a different root.
    expect(hex(sha256TreeRoot([...leaves, leaves[2]!], sha256))).not.toBe(hex(root));
  });

  it('gives a single leaf as its own root and refuses an empty tree', () => {
    const leaf = sha256TreeLeaf(Uint8Array.of(9), sha256);
    expect(hex(sha256TreeRoot([leaf], sha256))).toBe(hex(leaf));
    expect(() => sha256TreeRoot([], sha256)).toThrow(/at least one leaf/);
  });
});
