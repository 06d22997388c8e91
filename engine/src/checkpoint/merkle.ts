import { EngineError } from '../errors';

/** Chunk size of the stateRoot tree: 4 KiB, small enough that a one-step proof can open one chunk on chain. */
export const STATE_ROOT_CHUNK_BYTES = 4096;
/** Domain-separation prefixes: a leaf hashes 0x00 || chunk, an inner node 0x01 || left || right. */
export const STATE_ROOT_LEAF_PREFIX = 0x00;
export const STATE_ROOT_NODE_PREFIX = 0x01;

/** A SHA-256 of the concatenation of `parts` (the hash back end is pluggable: noble or node:crypto). */
export type Sha256Parts = (parts: readonly Uint8Array[]) => Uint8Array;

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

const LEAF = Uint8Array.of(STATE_ROOT_LEAF_PREFIX);
const NODE = Uint8Array.of(STATE_ROOT_NODE_PREFIX);

export function leafHashes(bytes: Uint8Array, sha256: Sha256Parts): Uint8Array[] {
  const leaves: Uint8Array[] = [];
  for (let start = 0; start < bytes.length; start += STATE_ROOT_CHUNK_BYTES) {
    leaves.push(sha256([LEAF, bytes.subarray(start, Math.min(start + STATE_ROOT_CHUNK_BYTES, bytes.length))]));
  }
  return leaves;
}

export function nodeHash(left: Uint8Array, right: Uint8Array, sha256: Sha256Parts): Uint8Array {
  return sha256([NODE, left, right]);
}

/** Pairs neighbours left to right; a last odd node moves up unchanged (no duplication, so no CVE-2012-2459-style ambiguity). */
export function nextLevel(level: readonly Uint8Array[], sha256: Sha256Parts): Uint8Array[] {
  const up: Uint8Array[] = [];
  for (let i = 0; i + 1 < level.length; i += 2) up.push(nodeHash(level[i]!, level[i + 1]!, sha256));
  if (level.length % 2 === 1) up.push(level[level.length - 1]!);
  return up;
}

export function merkleRoot(bytes: Uint8Array, sha256: Sha256Parts): Uint8Array {
  assertStateBytes(bytes);
  let level = leafHashes(bytes, sha256);
  while (level.length > 1) level = nextLevel(level, sha256);
  return level[0]!;
}

export function toHex(bytes: Uint8Array): `0x${string}` {
  let s = '0x';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s as `0x${string}`;
}

export function fromHex32(hex: string, argument: string): Uint8Array {
  if (typeof hex !== 'string' || !/^0x[0-9a-f]{64}$/.test(hex)) {
    throw new EngineError('INVALID_ARGUMENT', `${argument} must be 0x followed by 64 lowercase hex digits, got ${String(hex).slice(0, 80)}`, {
      details: { argument },
    });
  }
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) out[i] = parseInt(hex.slice(2 + 2 * i, 4 + 2 * i), 16);
  return out;
}
