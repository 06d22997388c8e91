import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { EngineError } from '../errors';
import { stateRootChunkProof, verifyStateRootChunk } from './chunkProof';
import { checkpointStateRoot, stateRoot } from './stateRoot';
import { checkpointStateRootNode, stateRootNode } from './stateRoot.node';
import { goldenCheckpoint, GOLDEN_CHECKPOINT_STATE_ROOT, hexToBytes } from './testFixtures';

const pattern = (n: number): Uint8Array => Uint8Array.from({ length: n }, (_, i) => i % 251);

// From engine/test/golden/state-reference.py (Python hashlib, independent of both code paths here).
const GOLDEN_ROOTS: [number, string][] = [
  [1, '0x96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7'],
  [4096, '0xc46b7e9f32bd7ac69139854bf809012fd58ea09765b26f84425175557b080a31'],
  [4097, '0x20d6edb4716923f423bc8d5ffbe4e0caff847f4f8edf46308de4ee9654f0f663'],
  [3 * 4096 + 5, '0xfbe599c33119c5df59ea8c931c1c64ab7cd93ae9a54af7f9482781d27549108a'],
  [5 * 4096, '0x71a7337c152eb8dd2a526cbcf521a17ad5797b1fc4067e389ccc25f1df23cda9'],
];

const sha = (...parts: Uint8Array[]): Uint8Array => {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return new Uint8Array(h.digest());
};
const hex = (b: Uint8Array): string => `0x${Buffer.from(b).toString('hex')}`;

describe('stateRoot', () => {
  it('matches the golden roots for 1, 4096, 4097, 3*4096+5 and 5*4096 bytes', () => {
    for (const [n, root] of GOLDEN_ROOTS) expect([n, stateRoot(pattern(n))]).toEqual([n, root]);
  });

  it('gives identical roots on the node:crypto fast path', () => {
    for (const [n, root] of GOLDEN_ROOTS) expect(stateRootNode(pattern(n))).toBe(root);
    for (const n of [2, 4095, 8192, 8193, 7 * 4096 + 1, 100_000])
      expect(stateRootNode(pattern(n))).toBe(stateRoot(pattern(n)));
  });

  it('is the prefixed leaf hash for one chunk and the prefixed node hash for two', () => {
    const one = pattern(10);
    expect(stateRoot(one)).toBe(hex(sha(Uint8Array.of(0), one)));
    const two = pattern(4096 + 3);
    const left = sha(Uint8Array.of(0), two.subarray(0, 4096));
    const right = sha(Uint8Array.of(0), two.subarray(4096));
    expect(stateRoot(two)).toBe(hex(sha(Uint8Array.of(1), left, right)));
  });

  it('promotes an unpaired last node instead of duplicating it', () => {
    const three = pattern(2 * 4096 + 1);
    const leaves = [0, 1, 2].map((c) => sha(Uint8Array.of(0), three.subarray(c * 4096, (c + 1) * 4096)));
    expect(stateRoot(three)).toBe(
      hex(sha(Uint8Array.of(1), sha(Uint8Array.of(1), leaves[0]!, leaves[1]!), leaves[2]!)),
    );
  });

  it('separates leaves from inner nodes: two leaf hashes as data do not reproduce the two-chunk root', () => {
    const two = pattern(8192);
    const left = sha(Uint8Array.of(0), two.subarray(0, 4096));
    const right = sha(Uint8Array.of(0), two.subarray(4096));
    const forged = new Uint8Array(64);
    forged.set(left);
    forged.set(right, 32);
    expect(stateRoot(forged)).not.toBe(stateRoot(two));
  });

  it('changes when any single byte changes', () => {
    const base = pattern(3 * 4096 + 5);
    const root = stateRoot(base);
    for (const at of [0, 4095, 4096, base.length - 1]) {
      const b = base.slice();
      b[at]! ^= 1;
      expect(stateRoot(b)).not.toBe(root);
    }
  });

  it('rejects empty input', () => {
    expect(() => stateRoot(new Uint8Array(0))).toThrow(EngineError);
    expect(() => stateRoot(new Uint8Array(0))).toThrow(/at least 1 byte/);
    expect(() => stateRootNode(new Uint8Array(0))).toThrow(/at least 1 byte/);
  });

  it('commits to the golden checkpoint with the golden root on both paths', () => {
    expect(checkpointStateRoot(goldenCheckpoint())).toBe(GOLDEN_CHECKPOINT_STATE_ROOT);
    expect(checkpointStateRootNode(goldenCheckpoint())).toBe(GOLDEN_CHECKPOINT_STATE_ROOT);
    expect(hexToBytes(GOLDEN_CHECKPOINT_STATE_ROOT.slice(2)).length).toBe(32);
  });
});

describe('stateRoot chunk proofs', () => {
  it('open every chunk of trees of several shapes', () => {
    for (const n of [1, 4096, 4097, 3 * 4096 + 5, 5 * 4096, 11 * 4096 + 7]) {
      const bytes = pattern(n);
      const root = stateRoot(bytes);
      const count = Math.ceil(n / 4096);
      for (let c = 0; c < count; c++) {
        const proof = stateRootChunkProof(bytes, c);
        expect(proof.chunkCount).toBe(count);
        const chunk = bytes.subarray(c * 4096, Math.min(n, (c + 1) * 4096));
        expect([n, c, verifyStateRootChunk(root, chunk, proof)]).toEqual([n, c, true]);
      }
    }
  });

  it('reject a wrong chunk, a wrong index, a padded last chunk or a tampered path', () => {
    const bytes = pattern(5 * 4096 + 9);
    const root = stateRoot(bytes);
    const proof = stateRootChunkProof(bytes, 2);
    const chunk = bytes.slice(2 * 4096, 3 * 4096);
    expect(verifyStateRootChunk(root, chunk, proof)).toBe(true);
    const flipped = chunk.slice();
    flipped[7]! ^= 1;
    expect(verifyStateRootChunk(root, flipped, proof)).toBe(false);
    expect(verifyStateRootChunk(root, chunk, { ...proof, chunkIndex: 3 })).toBe(false);
    expect(verifyStateRootChunk(root, chunk, { ...proof, siblings: proof.siblings.slice(1) })).toBe(false);
    expect(verifyStateRootChunk(root, chunk, { ...proof, siblings: [...proof.siblings, proof.siblings[0]!] })).toBe(
      false,
    );
    expect(verifyStateRootChunk(root, chunk.subarray(0, 4000), proof)).toBe(false);
    const last = stateRootChunkProof(bytes, 5);
    const lastChunk = bytes.slice(5 * 4096);
    expect(verifyStateRootChunk(root, lastChunk, last)).toBe(true);
    const padded = new Uint8Array(4096);
    padded.set(lastChunk);
    expect(verifyStateRootChunk(root, padded, last)).toBe(false);
    expect(() => stateRootChunkProof(bytes, 6)).toThrow(/chunkIndex must be an integer in \[0, 6\)/);
  });
});
