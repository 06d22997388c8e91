import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { DatasetError } from './errors';
import { datasetRoot } from './merkle';
import type { Hex } from './sha256';

// An independent restatement of the rule with Buffers, to catch a slip in either.
const h = (...parts: Buffer[]): Buffer => createHash('sha256').update(Buffer.concat(parts)).digest();
const leaf = (hash: Hex): Buffer => h(Buffer.from([0]), Buffer.from(hash.slice(2), 'hex'));
const node = (l: Buffer, r: Buffer): Buffer => h(Buffer.from([1]), l, r);
const hex = (b: Buffer): Hex => `0x${b.toString('hex')}`;
const shardHash = (i: number): Hex => hex(h(Buffer.from(`shard ${i}`)));

describe('datasetRoot', () => {
  it('is the prefixed leaf hash for one shard', () => {
    expect(datasetRoot([shardHash(0)])).toBe(hex(leaf(shardHash(0))));
  });

  it('pairs leaves left to right and promotes the odd last node unchanged', () => {
    const [a, b, c, d, e] = [0, 1, 2, 3, 4].map((i) => leaf(shardHash(i))) as [Buffer, Buffer, Buffer, Buffer, Buffer];
    const hashes = [0, 1, 2, 3, 4].map(shardHash);
    expect(datasetRoot(hashes.slice(0, 3))).toBe(hex(node(node(a, b), c)));
    expect(datasetRoot(hashes)).toBe(hex(node(node(node(a, b), node(c, d)), e)));
  });

  it('depends on shard order', () => {
    expect(datasetRoot([shardHash(0), shardHash(1)])).not.toBe(datasetRoot([shardHash(1), shardHash(0)]));
  });

  it('rejects an empty list and a malformed hash with a DatasetError', () => {
    expect(() => datasetRoot([])).toThrow(DatasetError);
    expect(() => datasetRoot(['0xABC' as Hex])).toThrow(/shard hash 0 is "0xABC"/);
  });
});
