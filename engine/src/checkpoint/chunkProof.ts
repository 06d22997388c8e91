import { EngineError } from '../errors';
import {
  chunkCount,
  fromHex32,
  leafHashes,
  merkleRoot,
  nextLevel,
  nodeHash,
  assertStateBytes,
  STATE_ROOT_CHUNK_BYTES,
  toHex,
} from './merkle';
import { nobleSha256Parts } from './stateRoot';

/** Opening of one 4 KiB chunk of encoded state against its stateRoot. */
export interface StateRootChunkProof {
  chunkIndex: number;
  /** Chunks in the whole encoding: fixes the tree shape, so which levels have a sibling. */
  chunkCount: number;
  /** Sibling hashes from the leaf level up, skipping levels where the node was promoted unpaired. */
  siblings: `0x${string}`[];
}

/** The sibling path of chunk `chunkIndex` of `bytes`. */
export function stateRootChunkProof(bytes: Uint8Array, chunkIndex: number): StateRootChunkProof {
  assertStateBytes(bytes);
  const count = chunkCount(bytes.length);
  if (!Number.isSafeInteger(chunkIndex) || chunkIndex < 0 || chunkIndex >= count) {
    throw new EngineError(
      'INVALID_ARGUMENT',
      `chunkIndex must be an integer in [0, ${count}), got ${String(chunkIndex)}`,
      {
        details: { argument: 'chunkIndex', value: chunkIndex, chunkCount: count },
      },
    );
  }
  const siblings: `0x${string}`[] = [];
  let level = leafHashes(bytes, nobleSha256Parts);
  let i = chunkIndex;
  while (level.length > 1) {
    const sibling = i ^ 1;
    if (sibling < level.length) siblings.push(toHex(level[sibling]!));
    level = nextLevel(level, nobleSha256Parts);
    i = Math.floor(i / 2);
  }
  return { chunkIndex, chunkCount: count, siblings };
}

/**
 * True when `chunk` is chunk `proof.chunkIndex` of an encoding whose stateRoot is `root`. Checks the
 * chunk's length against its position (4096 bytes except a last chunk of 1..4096) and the exact
 * number of siblings the tree shape requires.
 */
export function verifyStateRootChunk(root: `0x${string}`, chunk: Uint8Array, proof: StateRootChunkProof): boolean {
  const rootBytes = fromHex32(root, 'root');
  const { chunkIndex, chunkCount: count, siblings } = proof;
  if (
    !Number.isSafeInteger(count) ||
    count < 1 ||
    !Number.isSafeInteger(chunkIndex) ||
    chunkIndex < 0 ||
    chunkIndex >= count
  )
    return false;
  if (!(chunk instanceof Uint8Array) || chunk.length === 0 || chunk.length > STATE_ROOT_CHUNK_BYTES) return false;
  if (chunkIndex < count - 1 && chunk.length !== STATE_ROOT_CHUNK_BYTES) return false;
  let hash = merkleRoot(chunk, nobleSha256Parts); // one chunk: its leaf hash
  let i = chunkIndex;
  let width = count;
  let used = 0;
  while (width > 1) {
    const sibling = i ^ 1;
    if (sibling < width) {
      if (used >= siblings.length) return false;
      const s = fromHex32(siblings[used++]!, 'proof.siblings');
      hash = i % 2 === 0 ? nodeHash(hash, s, nobleSha256Parts) : nodeHash(s, hash, nobleSha256Parts);
    }
    i = Math.floor(i / 2);
    width = Math.ceil(width / 2);
  }
  if (used !== siblings.length) return false;
  return toHex(hash) === toHex(rootBytes);
}
