import {
  SHA256_TREE_LEAF_PREFIX,
  SHA256_TREE_NODE_PREFIX,
  sha256TreeLeaf,
  sha256TreeNextLevel,
  sha256TreeNode,
  sha256TreeRoot,
  type Sha256Parts,
} from '@veritrain/protocol';
import { EngineError } from '../errors';

/** Chunk size of the stateRoot tree: 4 KiB, small enough that a one-step proof can open one chunk on chain. */
export const STATE_ROOT_CHUNK_BYTES = 4096;
/** Domain-separation prefixes: a leaf hashes 0x00 || chunk, an inner node 0x01 || left || right (the protocol's
 * SHA-256 tree, `@veritrain/protocol`'s sha256Tree, shared with the dataset root). */
export const STATE_ROOT_LEAF_PREFIX = SHA256_TREE_LEAF_PREFIX;
export const STATE_ROOT_NODE_PREFIX = SHA256_TREE_NODE_PREFIX;

export type { Sha256Parts };

export function assertStateBytes(bytes: Uint8Array): void {
  if (!(bytes instanceof Uint8Array)) {
    throw new EngineError('INVALID_ARGUMENT', 'bytes must be a Uint8Array', { details: { argument: 'bytes' } });
  }
  if (bytes.length === 0) {
    throw new EngineError('INVALID_ARGUMENT', 'stateRoot of empty input is undefined: expected at least 1 byte', {
      details: { argument: 'bytes', length: 0 },
    });
  }
}

export function chunkCount(byteLength: number): number {
  return Math.ceil(byteLength / STATE_ROOT_CHUNK_BYTES);
}

export function leafHashes(bytes: Uint8Array, sha256: Sha256Parts): Uint8Array[] {
  const leaves: Uint8Array[] = [];
  for (let start = 0; start < bytes.length; start += STATE_ROOT_CHUNK_BYTES) {
    leaves.push(sha256TreeLeaf(bytes.subarray(start, Math.min(start + STATE_ROOT_CHUNK_BYTES, bytes.length)), sha256));
  }
  return leaves;
}

export const nodeHash = sha256TreeNode;
export const nextLevel = sha256TreeNextLevel;

export function merkleRoot(bytes: Uint8Array, sha256: Sha256Parts): Uint8Array {
  assertStateBytes(bytes);
  return sha256TreeRoot(leafHashes(bytes, sha256), sha256);
}

export function toHex(bytes: Uint8Array): `0x${string}` {
  let s = '0x';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s as `0x${string}`;
}

export function fromHex32(hex: string, argument: string): Uint8Array {
  if (typeof hex !== 'string' || !/^0x[0-9a-f]{64}$/.test(hex)) {
    throw new EngineError(
      'INVALID_ARGUMENT',
      `${argument} must be 0x followed by 64 lowercase hex digits, got ${String(hex).slice(0, 80)}`,
      {
        details: { argument },
      },
    );
  }
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) out[i] = parseInt(hex.slice(2 + 2 * i, 4 + 2 * i), 16);
  return out;
}
