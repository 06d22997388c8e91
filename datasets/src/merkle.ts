import { DatasetError } from './errors';
import { bytesToHex, hexToBytes, isSha256Hex, sha256, type Hex } from './sha256';

const LEAF_PREFIX = 0x00;
const NODE_PREFIX = 0x01;

/**
 * datasetRoot: a binary SHA-256 Merkle root over the shards' SHA-256 hashes, in manifest order.
 *   leaf_i = SHA-256(0x00 || shardHash_i)            (shardHash_i: the 32 raw bytes)
 *   node   = SHA-256(0x01 || left || right)
 *   a level with an odd count promotes its last node unchanged to the next level.
 * The root of one shard is its leaf. Same construction as the checkpoint stateRoot (there the leaves
 * hash 4 KiB chunks; here they hash shard hashes), so one verifier reads both. The 0x00/0x01 prefixes
 * keep a leaf from ever being mistaken for an inner node (second-preimage safety).
 */
export function datasetRoot(shardHashes: readonly Hex[]): Hex {
  if (shardHashes.length === 0) {
    throw new DatasetError('DATASET_INVALID_ARGUMENT', 'datasetRoot needs at least one shard hash, got none');
  }
  let level: Uint8Array[] = shardHashes.map((hash, index) => {
    if (!isSha256Hex(hash)) {
      throw new DatasetError(
        'DATASET_INVALID_ARGUMENT',
        `shard hash ${index} is ${JSON.stringify(hash)}, expected 0x + 64 lowercase hex digits`,
        { details: { index, hash } },
      );
    }
    return sha256(concat(LEAF_PREFIX, hexToBytes(hash)));
  });
  while (level.length > 1) {
    const next: Uint8Array[] = [];
    for (let i = 0; i + 1 < level.length; i += 2) {
      next.push(sha256(concat(NODE_PREFIX, level[i]!, level[i + 1]!)));
    }
    if (level.length % 2 === 1) next.push(level[level.length - 1]!);
    level = next;
  }
  return bytesToHex(level[0]!);
}

function concat(prefix: number, ...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(1 + parts.reduce((n, p) => n + p.length, 0));
  out[0] = prefix;
  let offset = 1;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
