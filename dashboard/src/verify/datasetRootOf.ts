import { bytesToHex, concatBytes, hexToBytes, sha256, type Hex } from 'viem';

const LEAF = Uint8Array.of(0x00);
const NODE = Uint8Array.of(0x01);

/**
 * A dataset's datasetRoot from its shards' SHA-256 hashes in manifest order (docs/datasets.md, "datasetRoot";
 * datasets/src/merkle.ts is the Node original): leaf = SHA-256(0x00 || hash), node = SHA-256(0x01 || left ||
 * right), a level's odd last node promoted unchanged. Browser-safe (viem's SHA-256).
 */
export function datasetRootOf(shardHashes: readonly Hex[]): Hex {
  if (shardHashes.length === 0) throw new Error('datasetRootOf: expected at least one shard hash');
  let level = shardHashes.map((h) => sha256(concatBytes([LEAF, hexToBytes(h)]), 'bytes'));
  while (level.length > 1) {
    const up: Uint8Array[] = [];
    for (let i = 0; i + 1 < level.length; i += 2)
      up.push(sha256(concatBytes([NODE, level[i]!, level[i + 1]!]), 'bytes'));
    if (level.length % 2 === 1) up.push(level[level.length - 1]!);
    level = up;
  }
  return bytesToHex(level[0]!);
}
