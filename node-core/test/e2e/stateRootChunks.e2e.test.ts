// The contracts' chunk opening (contracts/src/libraries/StateRootChunks.sol, how a one-step proof of the
// dissection game reads a state value) against the engine's stateRoot and stateRootChunkProof
// (docs/numerics.md §III.4): for encodings of many lengths (one byte to 37 chunks, lengths on and off the chunk
// size, odd widths that promote nodes), every chunk's engine proof is accepted on chain, and every tampered
// opening (a flipped byte, a wrong index, a sibling too many, too few or changed, the last chunk under another
// length) is refused.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Abi, Address, Hex } from 'viem';
import { bytesToHex } from 'viem';
import { deriveKey, PrngWordStream, stateRoot, stateRootChunkProof, verifyStateRootChunk } from '@veritrain/engine';
import { startHarnessChain, type HarnessChain } from './support/contractHarness';

const CHUNK = 4096;
const LENGTHS = [
  1,
  2,
  4095,
  4096,
  4097,
  8192,
  3 * 4096 + 5,
  5 * 4096,
  7 * 4096 - 1,
  9 * 4096 + 1,
  16 * 4096,
  37 * 4096 - 123,
];

let chain: HarnessChain;
let harness: Address;
let abi: Abi;

beforeAll(async () => {
  chain = await startHarnessChain(['StateRootChunksHarness']);
  ({ address: harness, abi } = await chain.deploy('StateRootChunksHarness'));
}, 240_000);

afterAll(async () => {
  await chain?.stop();
});

function randomBytes(n: number, seed: bigint): Uint8Array {
  const words = new PrngWordStream(deriveKey(seed, 'veritrain/test/state-root-chunks'));
  return Uint8Array.from({ length: n }, () => words.next() & 0xff);
}

const onChain = async (root: Hex, length: number, index: number, chunk: Uint8Array, siblings: Hex[]) =>
  (await chain.client.readContract({
    address: harness,
    abi,
    functionName: 'verify',
    args: [root, BigInt(length), BigInt(index), bytesToHex(chunk), siblings],
  })) as boolean;

describe('StateRootChunks.sol against the engine', () => {
  it('accepts the engine proof of every chunk of encodings of many lengths, and refuses every tampered opening', async () => {
    let accepted = 0;
    let refused = 0;
    for (const [n, length] of LENGTHS.entries()) {
      const bytes = randomBytes(length, BigInt(n + 1));
      const root = stateRoot(bytes);
      const count = Math.ceil(length / CHUNK);
      for (let c = 0; c < count; c++) {
        const chunk = bytes.subarray(c * CHUNK, Math.min(length, (c + 1) * CHUNK));
        const { siblings } = stateRootChunkProof(bytes, c);
        expect(verifyStateRootChunk(root, chunk, { chunkIndex: c, chunkCount: count, siblings })).toBe(true);
        expect(await onChain(root, length, c, chunk, siblings), `length ${length}, chunk ${c}`).toBe(true);
        accepted++;
        const flipped = chunk.slice();
        flipped[flipped.length >> 1]! ^= 0x01;
        const bad: [string, Promise<boolean>][] = [
          ['a flipped byte', onChain(root, length, c, flipped, siblings)],
          ['a sibling too many', onChain(root, length, c, chunk, [...siblings, root])],
        ];
        // The length fixes the last chunk's size. (It fixes the others' paths only through the tree's shape, which
        // other lengths may share: the contracts take the length from the spec, which fixes it exactly.)
        if (c === count - 1)
          bad.push([
            'the last chunk under another length',
            onChain(root, length % CHUNK === 0 ? length - 1 : length + 1, c, chunk, siblings),
          ]);
        if (siblings.length > 0) {
          bad.push(['a sibling too few', onChain(root, length, c, chunk, siblings.slice(0, -1))]);
          bad.push([
            'a changed sibling',
            onChain(root, length, c, chunk, [`0x${'00'.repeat(32)}`, ...siblings.slice(1)]),
          ]);
        }
        if (count > 1) bad.push(['another index', onChain(root, length, (c + 1) % count, chunk, siblings)]);
        for (const [what, verdict] of bad) {
          expect(await verdict, `length ${length}, chunk ${c}: ${what}`).toBe(false);
          refused++;
        }
      }
    }
    expect(accepted).toBe(LENGTHS.reduce((sum, l) => sum + Math.ceil(l / CHUNK), 0));
    expect(refused).toBeGreaterThan(3 * accepted);
  }, 240_000);
});
