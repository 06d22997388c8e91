import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CID_VECTORS } from '../test/cidVectors';
import { deterministicBytes } from '../test/deterministicBytes';
import { tempDirs } from '../test/tempDir';
import { cidOf } from './cidOf';
import { createEmbeddedStore, type EmbeddedStore } from './embeddedStore';

const dirs = tempDirs();
let nodeA: EmbeddedStore;
let nodeB: EmbeddedStore;
let dirA: string;

beforeAll(async () => {
  dirA = await dirs.make('a');
  nodeA = await createEmbeddedStore({ dir: dirA });
  nodeB = await createEmbeddedStore({ dir: await dirs.make('b') });
});

afterAll(async () => {
  await Promise.all([nodeA?.close(), nodeB?.close()]);
  await dirs.cleanup();
});

describe('createEmbeddedStore', () => {
  it('listens only on loopback TCP and names its peer id in every address', () => {
    const addrs = nodeA.multiaddrs();
    expect(addrs.length).toBeGreaterThan(0);
    for (const addr of addrs) expect(addr).toMatch(new RegExp(`^/ip4/127\\.0\\.0\\.1/tcp/\\d+/p2p/${nodeA.peerId}$`));
  });

  it('adds every vector under the same CID as cidOf and Kubo', async () => {
    for (const vector of CID_VECTORS.filter((v) => !v.name.startsWith('45 MiB'))) {
      expect(await nodeA.add(vector.bytes())).toBe(vector.cid);
    }
  });

  it('hands a 1 MiB checkpoint to a second node over libp2p without sharing a directory', async () => {
    const checkpoint = deterministicBytes(1024 * 1024 + 3);
    const cid = await nodeA.add(checkpoint);
    expect(cid).toBe(await cidOf(checkpoint));
    expect(await nodeB.has(cid)).toBe(false);

    await nodeB.dial(nodeA.multiaddrs()[0]!);
    const started = performance.now();
    const received = await nodeB.get(cid, { timeoutMs: 20_000 });
    const elapsedMs = performance.now() - started;

    expect(Buffer.from(received).equals(Buffer.from(checkpoint))).toBe(true);
    expect(await nodeB.has(cid)).toBe(true);
    await nodeB.pin(cid);
    console.info(`two-node exchange of ${checkpoint.byteLength} bytes: ${elapsedMs.toFixed(0)} ms`);
  });

  it('fetches through a bootstrap peer given at creation', async () => {
    const bytes = deterministicBytes(300_000).reverse();
    const cid = await nodeA.add(bytes);
    const nodeC = await createEmbeddedStore({ dir: await dirs.make('c'), bootstrap: [nodeA.multiaddrs()[0]!] });
    try {
      expect(nodeC.connectedPeers()).toContain(nodeA.peerId);
      expect(Buffer.from(await nodeC.get(cid, { timeoutMs: 20_000 })).equals(Buffer.from(bytes))).toBe(true);
    } finally {
      await nodeC.close();
    }
  });

  it('finds content on a peer it was never given, through a common bootstrap peer (private DHT)', async () => {
    // The devnet shape: one IPFS node everyone bootstraps to; the worker and the reader never meet directly.
    const hub = await createEmbeddedStore({ dir: await dirs.make('hub') });
    const worker = await createEmbeddedStore({ dir: await dirs.make('worker'), bootstrap: [hub.multiaddrs()[0]!] });
    const reader = await createEmbeddedStore({ dir: await dirs.make('reader'), bootstrap: [hub.multiaddrs()[0]!] });
    try {
      const checkpoint = deterministicBytes(700_000).reverse();
      const cid = await worker.add(checkpoint);
      await worker.pin(cid);
      // The hub never holds the content: the reader must find and dial the worker itself.
      expect(await hub.has(cid)).toBe(false);

      const received = await reader.get(cid, { timeoutMs: 15_000 });
      expect(Buffer.from(received).equals(Buffer.from(checkpoint))).toBe(true);
      expect(reader.connectedPeers()).toContain(worker.peerId);
      expect(await hub.has(cid)).toBe(false);
    } finally {
      await Promise.all([hub.close(), worker.close(), reader.close()]);
    }
  });

  it('announces what it pinned before a restart, and what it added while it had no peer, once it has one', async () => {
    // A worker that pinned a checkpoint, restarted (a new port), and added another before reaching the hub:
    // readers who know only the hub must find both.
    const hub = await createEmbeddedStore({ dir: await dirs.make('hub2') });
    const dir = await dirs.make('restarted-worker');
    const first = await createEmbeddedStore({ dir });
    const before = deterministicBytes(300_000).reverse();
    const beforeCid = await first.add(before);
    await first.pin(beforeCid);
    await first.close();
    const worker = await createEmbeddedStore({ dir });
    const reader = await createEmbeddedStore({ dir: await dirs.make('reader2'), bootstrap: [hub.multiaddrs()[0]!] });
    try {
      const alone = deterministicBytes(200_000);
      const aloneCid = await worker.add(alone);
      await worker.pin(aloneCid);
      await worker.dial(hub.multiaddrs()[0]!);
      for (const [cid, bytes] of [
        [beforeCid, before],
        [aloneCid, alone],
      ] as const) {
        expect(Buffer.from(await reader.get(cid, { timeoutMs: 15_000 })).equals(Buffer.from(bytes))).toBe(true);
      }
      expect(reader.connectedPeers()).toContain(worker.peerId);
      expect(await hub.has(beforeCid)).toBe(false);
    } finally {
      await Promise.all([hub.close(), worker.close(), reader.close()]);
    }
  });

  it('times out on content no peer has, within the timeout', async () => {
    const absent = await cidOf(new TextEncoder().encode('nobody ever added this'));
    const started = performance.now();
    await expect(nodeB.get(absent, { timeoutMs: 500 })).rejects.toMatchObject({
      name: 'StorageError',
      code: 'TIMEOUT',
      cid: absent,
    });
    expect(performance.now() - started).toBeLessThan(3_000);
    expect(await nodeB.has(absent)).toBe(false);
  });

  it('refuses content larger than maxBytes and accepts exactly maxBytes', async () => {
    const bytes = deterministicBytes(600_000);
    const cid = await nodeA.add(bytes);
    await expect(nodeA.get(cid, { maxBytes: 599_999 })).rejects.toMatchObject({ code: 'TOO_LARGE', cid });
    expect((await nodeA.get(cid, { maxBytes: 600_000 })).byteLength).toBe(600_000);
  });

  it('fails to start with UNAVAILABLE naming the address when the listen port is taken', async () => {
    const taken = nodeA.multiaddrs()[0]!.replace(/\/p2p\/.*$/, '');
    await expect(createEmbeddedStore({ dir: await dirs.make('taken'), listen: [taken] })).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringContaining(taken),
    });
  });

  it('rejects a bootstrap address without a peer id before starting', async () => {
    await expect(
      createEmbeddedStore({ dir: await dirs.make('bad-bootstrap'), bootstrap: ['/ip4/127.0.0.1/tcp/4001'] }),
    ).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      message: expect.stringContaining('/p2p/<peer id>'),
    });
  });

  it('rejects a string that is not a CID', async () => {
    await expect(nodeA.get('not-a-cid')).rejects.toMatchObject({
      code: 'INVALID_CID',
      message: expect.stringContaining('not-a-cid'),
    });
    await expect(nodeA.has('')).rejects.toMatchObject({ code: 'INVALID_CID' });
  });

  it('passes the caller abort through instead of calling it a timeout', async () => {
    const absent = await cidOf(new TextEncoder().encode('also never added'));
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('node shutting down')), 50);
    await expect(nodeB.get(absent, { signal: controller.signal, timeoutMs: 10_000 })).rejects.toThrow(
      'node shutting down',
    );
  });

  it('never returns bytes that a corrupted blockstore hands back (CID_MISMATCH)', async () => {
    const dir = await dirs.make('corrupt');
    const node = await createEmbeddedStore({ dir });
    const blocksDir = join(dir, 'blocks');
    const before = new Set(await listFiles(blocksDir));
    const bytes = new TextEncoder().encode('a checkpoint that will rot on disk');
    const cid = await node.add(bytes);
    const added = (await listFiles(blocksDir)).filter((f) => !before.has(f));
    expect(added).toHaveLength(1);
    const rotten = Buffer.from(await readFile(added[0]!));
    rotten[0]! ^= 0xff;
    await writeFile(added[0]!, rotten);
    try {
      await expect(node.get(cid)).rejects.toMatchObject({ code: 'CID_MISMATCH', cid });
    } finally {
      await node.close();
    }
  });

  it('keeps its peer id and content across a restart on the same directory', async () => {
    const dir = await dirs.make('restart');
    const first = await createEmbeddedStore({ dir });
    const bytes = deterministicBytes(700_000);
    const cid = await first.add(bytes);
    await first.pin(cid);
    const peerId = first.peerId;
    await first.close();
    await first.close();
    await expect(first.get(cid)).rejects.toMatchObject({ code: 'UNAVAILABLE' });

    const second = await createEmbeddedStore({ dir });
    try {
      expect(second.peerId).toBe(peerId);
      expect(await second.has(cid)).toBe(true);
      expect(Buffer.from(await second.get(cid, { timeoutMs: 2_000 })).equals(Buffer.from(bytes))).toBe(true);
    } finally {
      await second.close();
    }
  });
});

async function listFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  const entries = await readdir(dir, { recursive: true }).catch(() => [] as string[]);
  for (const entry of entries) {
    const path = join(dir, entry);
    if ((await stat(path)).isFile()) out.push(path);
  }
  return out;
}
