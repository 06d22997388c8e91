import { sha256 } from '@noble/hashes/sha2.js';
import { encodeCheckpoint } from './encode';
import { merkleRoot, toHex, type Sha256Parts } from './merkle';
import type { Checkpoint } from './types';

export const nobleSha256Parts: Sha256Parts = (parts) => {
  const h = sha256.create();
  for (const p of parts) h.update(p);
  return h.digest();
};

/**
 * The commitment to a training state (docs/architecture.md §3.3): a binary SHA-256 Merkle root over the encoded
 * checkpoint split into 4096-byte chunks (the last may be shorter),
 *   leaf = SHA-256(0x00 || chunk), node = SHA-256(0x01 || left || right),
 * an unpaired last node promoted unchanged. Distinct prefixes keep a leaf from ever being read as an
 * inner node (second-preimage resistance of the tree); empty input is rejected.
 */
export function stateRoot(bytes: Uint8Array): `0x${string}` {
  return toHex(merkleRoot(bytes, nobleSha256Parts));
}

/** stateRoot(encodeCheckpoint(ckpt)). */
export function checkpointStateRoot(ckpt: Checkpoint): `0x${string}` {
  return stateRoot(encodeCheckpoint(ckpt));
}
