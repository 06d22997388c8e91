/**
 * The protocol's binary SHA-256 Merkle tree, shared by the checkpoint stateRoot (leaves hash 4 KiB chunks) and
 * the dataset root (leaves hash shard hashes), so one verifier reads both (docs/protocol.md, "Commitments"):
 *   leaf = SHA-256(0x00 ‖ payload)
 *   node = SHA-256(0x01 ‖ left ‖ right)
 * A level with an odd count moves its last node up unchanged (no duplication, so no CVE-2012-2459-style
 * ambiguity). The root of a single leaf is that leaf. The 0x00/0x01 prefixes keep a leaf from ever being taken
 * for an inner node. The hash back end is passed in, so browsers use a pure implementation and Node its
 * native one.
 */

/** SHA-256 of the concatenation of `parts`. */
export type Sha256Parts = (parts: readonly Uint8Array[]) => Uint8Array;

export const SHA256_TREE_LEAF_PREFIX = 0x00;
export const SHA256_TREE_NODE_PREFIX = 0x01;

const LEAF = Uint8Array.of(SHA256_TREE_LEAF_PREFIX);
const NODE = Uint8Array.of(SHA256_TREE_NODE_PREFIX);

export function sha256TreeLeaf(payload: Uint8Array, sha256: Sha256Parts): Uint8Array {
  return sha256([LEAF, payload]);
}

export function sha256TreeNode(left: Uint8Array, right: Uint8Array, sha256: Sha256Parts): Uint8Array {
  return sha256([NODE, left, right]);
}

/** The level above `level`: neighbours paired left to right, a last odd node moved up unchanged. */
export function sha256TreeNextLevel(level: readonly Uint8Array[], sha256: Sha256Parts): Uint8Array[] {
  const up: Uint8Array[] = [];
  for (let i = 0; i + 1 < level.length; i += 2) up.push(sha256TreeNode(level[i]!, level[i + 1]!, sha256));
  if (level.length % 2 === 1) up.push(level[level.length - 1]!);
  return up;
}

/** The root over leaf hashes already computed with `sha256TreeLeaf`; at least one leaf. */
export function sha256TreeRoot(leaves: readonly Uint8Array[], sha256: Sha256Parts): Uint8Array {
  if (leaves.length === 0) throw new RangeError('sha256TreeRoot: expected at least one leaf, got none');
  let level: readonly Uint8Array[] = leaves;
  while (level.length > 1) level = sha256TreeNextLevel(level, sha256);
  return level[0]!;
}
