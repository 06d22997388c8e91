import { createHash } from 'node:crypto';
import { sha256TreeLeaf, sha256TreeRoot } from '@veritrain/protocol';
import { DatasetError } from './errors';
import { bytesToHex, hexToBytes, isSha256Hex, type Hex } from './sha256';

/**
 * datasetRoot: a binary SHA-256 Merkle root over the shards' SHA-256 hashes, in manifest order.
 * Each leaf hashes a shard hash's 32 raw bytes in the protocol's SHA-256 tree (`@veritrain/protocol`'s
 * sha256Tree: 0x00/0x01 prefixes, an odd last node moves up), the same tree as the checkpoint stateRoot (there
 * the leaves hash 4 KiB chunks), so one verifier reads both. The root of one shard is its leaf.
 */
export function datasetRoot(shardHashes: readonly Hex[]): Hex {
  if (shardHashes.length === 0) {
    throw new DatasetError('DATASET_INVALID_ARGUMENT', 'datasetRoot needs at least one shard hash, got none');
  }
  const leaves = shardHashes.map((hash, index) => {
    if (!isSha256Hex(hash)) {
      throw new DatasetError(
        'DATASET_INVALID_ARGUMENT',
        `shard hash ${index} is ${JSON.stringify(hash)}, expected 0x + 64 lowercase hex digits`,
        { details: { index, hash } },
      );
    }
    return sha256TreeLeaf(hexToBytes(hash), sha256Parts);
  });
  return bytesToHex(sha256TreeRoot(leaves, sha256Parts));
}

function sha256Parts(parts: readonly Uint8Array[]): Uint8Array {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return new Uint8Array(hash.digest());
}
