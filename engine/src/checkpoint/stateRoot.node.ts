/**
 * Node-only fast path of stateRoot: the same tree with node:crypto's native SHA-256 (several times
 * faster than the portable JS hash on large checkpoints). Kept out of index.ts so browser bundles
 * never see `node:` imports; tested to return identical roots.
 */
import { createHash } from 'node:crypto';
import { encodeCheckpoint } from './encode';
import { merkleRoot, toHex, type Sha256Parts } from './merkle';
import type { Checkpoint } from './types';

export const nodeSha256Parts: Sha256Parts = (parts) => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
};

export function stateRootNode(bytes: Uint8Array): `0x${string}` {
  return toHex(merkleRoot(bytes, nodeSha256Parts));
}

export function checkpointStateRootNode(ckpt: Checkpoint): `0x${string}` {
  return stateRootNode(encodeCheckpoint(ckpt));
}
