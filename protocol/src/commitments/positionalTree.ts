import { ProtocolError } from '../errors';
import { keccak256Of64 } from './keccak256Of64';

/**
 * A positional keccak256 Merkle tree over 32-byte leaves, the rule of contracts/src/libraries/StepRecords.sol
 * (stepsRoot) and of the dissection game's trees (docs/game.md, "Encodings"):
 * - n leaves, padded with bytes32(0) leaves to the next power of two;
 * - each node is keccak256(left ‖ right), in that order;
 * - depth = ceil(log2 n); a one-leaf tree's root is its leaf;
 * - a proof holds exactly `depth` siblings, leaf to root, so it binds the index.
 *
 * Levels count from the leaves: level 0 holds the leaves, level `depth` the root. Nodes over padding only are
 * the hashes of all-zero subtrees, computed once per level, so padding costs no memory.
 */
export type PositionalTree = {
  readonly leafCount: number;
  readonly depth: number;
  /** The root, 32 bytes. */
  readonly root: Uint8Array;
  /** Node `index` of `level` (0 = leaves), padding included: 0 ≤ index < 2^(depth − level). */
  node(level: number, index: number): Uint8Array;
  /** The siblings of leaf `index` from the leaf level up (exactly `depth` of them). */
  proof(index: number): Uint8Array[];
  /**
   * The dissection move (k = 32): the descendants of node (level, index) `min(5, level)` levels below it, left
   * to right (32 of them, fewer at the bottom). Rehashed pairwise they give the node back.
   */
  descendants(level: number, index: number): Uint8Array[];
};

/** Levels a dissection round descends: 2^5 = 32 children per round. */
export const DISSECTION_LEVELS = 5;

const HASH_BYTES = 32;

/** zeroNodes[l] is the root of an all-zero subtree of height l (zeroNodes[0] = bytes32(0)). */
const zeroNodes: Uint8Array[] = [new Uint8Array(HASH_BYTES)];
function zeroNode(level: number): Uint8Array {
  while (zeroNodes.length <= level) {
    const below = zeroNodes.at(-1)!;
    const pair = new Uint8Array(2 * HASH_BYTES);
    pair.set(below, 0);
    pair.set(below, HASH_BYTES);
    const next = new Uint8Array(HASH_BYTES);
    keccak256Of64(pair, 0, next, 0);
    zeroNodes.push(next);
  }
  return zeroNodes[level]!;
}

/** ceil(log2 n) for n ≥ 1. */
export function positionalTreeDepth(leafCount: number): number {
  let depth = 0;
  while (2 ** depth < leafCount) depth++;
  return depth;
}

/**
 * Hashes consecutive 64-byte blocks: dst[32k … 32k+31] = keccak256(src[64k … 64k+63]) for every k. The default
 * runs keccak256Of64 in JavaScript; a Node process may pass a native one (the engine's addon) for large trees.
 */
export type HashBlocks64 = (src: Uint8Array, dst: Uint8Array) => void;

export const hashBlocks64: HashBlocks64 = (src, dst) => {
  for (let k = 0; 64 * k < src.length; k++) keccak256Of64(src, 64 * k, dst, 32 * k);
};

/**
 * Builds the tree over `leaves`, the leaves' bytes back to back (32 per leaf; the array is kept, not copied, and
 * must not change afterwards). Throws ProtocolError INVALID_ARGUMENT for an empty or ragged input.
 */
export function buildPositionalTree(leaves: Uint8Array, hashBlocks: HashBlocks64 = hashBlocks64): PositionalTree {
  if (leaves.length === 0 || leaves.length % HASH_BYTES !== 0) {
    throw new ProtocolError(
      'INVALID_ARGUMENT',
      `leaves must be a non-empty whole number of 32-byte leaves, got ${leaves.length} bytes`,
      {
        details: { byteLength: leaves.length },
      },
    );
  }
  const leafCount = leaves.length / HASH_BYTES;
  const depth = positionalTreeDepth(leafCount);
  const levels: Uint8Array[] = [leaves];
  const pair = new Uint8Array(2 * HASH_BYTES);
  for (let level = 0; level < depth; level++) {
    const below = levels[level]!;
    const width = below.length / HASH_BYTES;
    const next = new Uint8Array(Math.ceil(width / 2) * HASH_BYTES);
    const full = width >> 1;
    if (full > 0) hashBlocks(below.subarray(0, 2 * full * HASH_BYTES), next.subarray(0, full * HASH_BYTES));
    if (width & 1) {
      // The last node's right sibling is padding.
      pair.set(below.subarray((width - 1) * HASH_BYTES), 0);
      pair.set(zeroNode(level), HASH_BYTES);
      keccak256Of64(pair, 0, next, full * HASH_BYTES);
    }
    levels.push(next);
  }
  const node = (level: number, index: number): Uint8Array => {
    if (
      !Number.isInteger(level) ||
      level < 0 ||
      level > depth ||
      !Number.isInteger(index) ||
      index < 0 ||
      index >= 2 ** (depth - level)
    ) {
      throw new ProtocolError(
        'INVALID_ARGUMENT',
        `no node (level ${level}, index ${index}) in a tree of depth ${depth}`,
        {
          details: { level, index, depth },
        },
      );
    }
    const nodes = levels[level]!;
    if (index * HASH_BYTES >= nodes.length) return zeroNode(level);
    return nodes.subarray(index * HASH_BYTES, (index + 1) * HASH_BYTES);
  };
  return {
    leafCount,
    depth,
    root: node(depth, 0),
    node,
    proof(index) {
      if (!Number.isInteger(index) || index < 0 || index >= leafCount) {
        throw new ProtocolError('INVALID_ARGUMENT', `leaf index ${index} is outside 0…${leafCount - 1}`, {
          details: { index, leafCount },
        });
      }
      const siblings: Uint8Array[] = [];
      for (let level = 0, i = index; level < depth; level++, i >>= 1) siblings.push(node(level, i ^ 1));
      return siblings;
    },
    descendants(level, index) {
      node(level, index);
      const below = Math.min(DISSECTION_LEVELS, level);
      const out: Uint8Array[] = [];
      for (let i = 0; i < 2 ** below; i++) out.push(node(level - below, index * 2 ** below + i));
      return out;
    },
  };
}

/** keccak256(left ‖ right) of two 32-byte nodes. */
export function hashPair(left: Uint8Array, right: Uint8Array): Uint8Array {
  const pair = new Uint8Array(2 * HASH_BYTES);
  pair.set(left, 0);
  pair.set(right, HASH_BYTES);
  const out = new Uint8Array(HASH_BYTES);
  keccak256Of64(pair, 0, out, 0);
  return out;
}

/** Whether `proof` opens `leaf` at `index` of a tree of `leafCount` leaves with this root (the contract's check). */
export function verifyPositionalProof(
  root: Uint8Array,
  leafCount: number,
  index: number,
  leaf: Uint8Array,
  proof: readonly Uint8Array[],
): boolean {
  if (!Number.isInteger(index) || index < 0 || index >= leafCount || proof.length !== positionalTreeDepth(leafCount))
    return false;
  let acc = leaf;
  proof.forEach((sibling, level) => {
    acc = (index >> level) & 1 ? hashPair(sibling, acc) : hashPair(acc, sibling);
  });
  return bytesEqual(acc, root);
}

/** Folds a dissection move's descendants (a power of two of them) back into the node they were revealed under. */
export function foldDescendants(descendants: readonly Uint8Array[]): Uint8Array {
  let layer = [...descendants];
  if (layer.length === 0 || (layer.length & (layer.length - 1)) !== 0) {
    throw new ProtocolError('INVALID_ARGUMENT', `descendants must be a power of two in number, got ${layer.length}`, {
      details: { count: layer.length },
    });
  }
  while (layer.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i < layer.length; i += 2) next.push(hashPair(layer[i]!, layer[i + 1]!));
    layer = next;
  }
  return layer[0]!;
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
