import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildKjvShards } from './kjv/build';
import { KJV_MANIFEST_PATH } from './kjv/load';
import { buildMnistShards } from './mnist/build';
import { MNIST_MANIFEST_PATH } from './mnist/load';
import { readMnistSource } from './mnist/source';
import { readKjvSource } from './kjv/source';
import type { DatasetManifest } from './manifest';
import { shardsCid } from './shardsCid';

/*
 * An independent, from-the-spec UnixFS encoder, as Kubo builds `ipfs add -r --cid-version=1
 * --raw-leaves --chunker=size-262144` for files of at most 174 chunks (one level of the balanced DAG):
 *   leaf       raw block (codec 0x55) of each 256 KiB chunk; a one-chunk file is its leaf
 *   file root  dag-pb { Links: [{Hash, Name: "", Tsize: chunk bytes}…], Data: UnixFS{Type=File, filesize, blocksizes…} }
 *   directory  dag-pb { Links sorted by name: [{Hash, Name, Tsize: cumulative DAG bytes}…], Data: UnixFS{Type=Directory} }
 * It checks that the importer is configured the way Kubo computes, not merely that it is stable.
 */
const CHUNK = 262_144;
const varint = (n: number): number[] => {
  const out: number[] = [];
  while (n >= 0x80) {
    out.push((n & 0x7f) | 0x80);
    n = Math.floor(n / 128);
  }
  out.push(n);
  return out;
};
const field = (tag: number, bytes: Uint8Array | number[]): number[] => [tag, ...varint(bytes.length), ...bytes];
const cid = (codec: number, block: Uint8Array): Uint8Array =>
  Uint8Array.from([1, ...varint(codec), 0x12, 0x20, ...createHash('sha256').update(block).digest()]);
const base32 = (bytes: Uint8Array): string => {
  const alphabet = 'abcdefghijklmnopqrstuvwxyz234567';
  let bits = 0;
  let value = 0;
  let out = 'b';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += alphabet[(value << (5 - bits)) & 31];
  return out;
};
interface Link {
  hash: Uint8Array;
  name: string;
  tsize: number;
}
const dagPb = (links: Link[], data: number[]): Uint8Array =>
  Uint8Array.from([
    ...links.flatMap((l) =>
      field(0x12, [...field(0x0a, l.hash), ...field(0x12, Buffer.from(l.name)), 0x18, ...varint(l.tsize)]),
    ),
    ...field(0x0a, data),
  ]);
const addFile = (bytes: Uint8Array): { hash: Uint8Array; tsize: number } => {
  if (bytes.length <= CHUNK) return { hash: cid(0x55, bytes), tsize: bytes.length };
  const chunks: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += CHUNK) chunks.push(bytes.subarray(i, i + CHUNK));
  if (chunks.length > 174) throw new Error('oracle covers one-level files only');
  const unixfs = [0x08, 0x02, 0x18, ...varint(bytes.length), ...chunks.flatMap((c) => [0x20, ...varint(c.length)])];
  const block = dagPb(
    chunks.map((c) => ({ hash: cid(0x55, c), name: '', tsize: c.length })),
    unixfs,
  );
  return { hash: cid(0x70, block), tsize: block.length + bytes.length };
};
const addDirectory = (files: ReadonlyMap<string, Uint8Array>): string => {
  const names = [...files.keys()].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  const links = names.map((name) => ({ name, ...addFile(files.get(name)!) }));
  return base32(cid(0x70, dagPb(links, [0x08, 0x01])));
};

describe('shardsCid', () => {
  it('matches the well-known CIDv1 of an empty directory in the independent encoder', () => {
    expect(addDirectory(new Map())).toBe('bafybeiczsscdsbs7ffqz55asqdf3smv6klcw3gofszvwlyarci47bgf354');
  });

  it('agrees with the independent encoder on small, one-chunk, exact-multiple and multi-chunk files', async () => {
    const pattern = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff);
    const files = new Map([
      ['a.bin', pattern(5, 1)],
      ['b.bin', pattern(CHUNK, 2)],
      ['c.bin', pattern(4 * CHUNK, 3)],
      ['d.bin', pattern(3 * CHUNK + 17, 4)],
    ]);
    expect(await shardsCid(files)).toBe(addDirectory(files));
  });

  it('gives the committed KJV shardsCid, exactly, from the rebuilt shards', async () => {
    const manifest = JSON.parse(readFileSync(KJV_MANIFEST_PATH, 'utf8')) as DatasetManifest;
    const { files } = buildKjvShards(readKjvSource().text);
    expect(addDirectory(files)).toBe(manifest.shardsCid);
    expect(await shardsCid(files)).toBe(manifest.shardsCid);
  });

  it('gives the committed MNIST shardsCid, exactly, from the rebuilt shards', async () => {
    const manifest = JSON.parse(readFileSync(MNIST_MANIFEST_PATH, 'utf8')) as DatasetManifest;
    const { files } = buildMnistShards(readMnistSource());
    expect(addDirectory(files)).toBe(manifest.shardsCid);
    expect(await shardsCid(files)).toBe(manifest.shardsCid);
  });
});
