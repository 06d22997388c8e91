import { importBytes } from 'ipfs-unixfs-importer';
import type { CID } from 'multiformats/cid';
import { describe, expect, it } from 'vitest';
import { deterministicBytes } from '../test/deterministicBytes';
import { diamondDag, fileNode, lyingRootDag, rawBlock, type Block } from '../test/hostileDags';
import { canonicalImporterOptions } from './cidParameters';
import { canonicalDagBounds, readUnixfsFile } from './readUnixfsFile';
import { StorageError } from './storageError';

/** A block source over a map of blocks, counting what is asked of it. */
function source(blocks: Iterable<Block>) {
  const map = new Map([...blocks].map((b) => [b.cid.toString(), b.bytes]));
  const asked: string[] = [];
  const getBlock = async (cid: CID, signal: AbortSignal): Promise<Uint8Array> => {
    signal.throwIfAborted();
    asked.push(cid.toString());
    const bytes = map.get(cid.toString());
    if (!bytes) throw new Error(`no block ${cid}`);
    return bytes;
  };
  return { getBlock, asked, put: (b: Block) => map.set(b.cid.toString(), b.bytes) };
}

async function canonicalBlocks(bytes: Uint8Array): Promise<{ root: CID; blocks: Block[] }> {
  const blocks: Block[] = [];
  const { cid } = await importBytes(
    bytes,
    {
      put: async (c: CID, b: Uint8Array | AsyncIterable<Uint8Array> | Iterable<Uint8Array>) => {
        blocks.push({ cid: c, bytes: b as Uint8Array });
        return c;
      },
    },
    canonicalImporterOptions(),
  );
  return { root: cid, blocks };
}

const read = (s: ReturnType<typeof source>, root: CID, maxBytes: number) =>
  readUnixfsFile(s.getBlock, root, { maxBytes, signal: new AbortController().signal, what: `content of ${root}` });

async function failure(p: Promise<unknown>): Promise<StorageError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof StorageError)) throw new Error(`expected a StorageError, got ${String(err)}`);
  return err;
}

describe('canonicalDagBounds', () => {
  it('gives the blocks and depth a canonical DAG of that size has', () => {
    expect(canonicalDagBounds(1)).toEqual({ maxBlocks: 1, maxDepth: 1 });
    expect(canonicalDagBounds(262_145)).toEqual({ maxBlocks: 3, maxDepth: 2 });
    // 181 leaves: two internal nodes below a root.
    expect(canonicalDagBounds(181 * 262_144)).toEqual({ maxBlocks: 181 + 2 + 1, maxDepth: 3 });
  });
});

describe('readUnixfsFile', () => {
  it('reads canonical files of one leaf, a few leaves and two levels back byte for byte', async () => {
    for (const length of [0, 5, 262_144, 3 * 262_144 + 7, 175 * 262_144 + 1]) {
      const bytes = deterministicBytes(length);
      const { root, blocks } = await canonicalBlocks(bytes);
      const got = await read(source(blocks), root, length);
      expect([length, Buffer.from(got).equals(Buffer.from(bytes))]).toEqual([length, true]);
    }
  });

  it('refuses a 7.9 GB diamond from the root block alone, before fetching any child', async () => {
    const diamond = await diamondDag(2);
    const s = source(diamond.blocks);
    const err = await failure(read(s, diamond.root, 64 * 1024 * 1024));
    expect(err.code).toBe('TOO_LARGE');
    expect(err.message).toContain(`declares ${diamond.declaredBytes} bytes, expected at most maxBytes 67108864`);
    expect(s.asked).toEqual([diamond.root.toString()]);
  });

  it('refuses a root whose children declare more than the root says they hold', async () => {
    const lying = await lyingRootDag();
    const err = await failure(read(source(lying.blocks), lying.root, 64 * 1024 * 1024));
    expect(err.code).toBe('INVALID_CID');
    expect(err.message).toMatch(/declares 45613056 bytes, its parent declares 262144/);
  });

  it('refuses a leaf shorter than its parent declares', async () => {
    const leaf = await rawBlock(new Uint8Array(100));
    const root = await fileNode([leaf.cid], [200n]);
    const err = await failure(read(source([leaf, root]), root.cid, 300_000));
    expect(err.code).toBe('INVALID_CID');
    expect(err.message).toContain('has 100 bytes, its parent declares 200');
  });

  it('refuses more blocks than a canonical file of maxBytes needs (a million-leaf file of 1-byte leaves)', async () => {
    const leaf = await rawBlock(new Uint8Array([1]));
    const mid = await fileNode(Array(174).fill(leaf.cid), Array(174).fill(1n));
    const root = await fileNode(Array(174).fill(mid.cid), Array(174).fill(174n));
    const s = source([leaf, mid, root]);
    const err = await failure(read(s, root.cid, 174 * 174));
    expect(err.code).toBe('TOO_LARGE');
    expect(err.message).toContain('more than 1 blocks');
    expect(s.asked.length).toBeLessThanOrEqual(2);
  });

  it('refuses a chain deeper than a canonical DAG of maxBytes', async () => {
    let node = await rawBlock(new Uint8Array([9]));
    const blocks = [node];
    for (let i = 0; i < 10; i++) {
      node = await fileNode([node.cid], [1n]);
      blocks.push(node);
    }
    const err = await failure(read(source(blocks), node.cid, 10 * 1024 * 1024 * 1024));
    expect(err.code).toBe('TOO_LARGE');
    expect(err.message).toMatch(/deeper than 4 levels/);
  });

  it('refuses a directory and a block of another codec as not a file', async () => {
    const dirNode = await fileNode([], [], { type: 'directory' });
    expect((await failure(read(source([dirNode]), dirNode.cid, 1000))).message).toContain(
      'is a UnixFS directory, expected a file',
    );
    const junk = await rawBlock(new Uint8Array([0xff, 0x00, 0x13]));
    const { CID } = await import('multiformats/cid');
    const cbor = CID.createV1(0x71, junk.cid.multihash);
    const err = await failure(read(source([{ cid: cbor, bytes: junk.bytes }]), cbor, 1000));
    expect(err.code).toBe('INVALID_CID');
    expect(err.message).toContain('codec 0x71');
  });

  it('aborts and awaits every fetch in flight when one fails, leaving no rejection behind', async () => {
    const { root, blocks } = await canonicalBlocks(deterministicBytes(20 * 262_144));
    let inFlight = 0;
    let maxInFlight = 0;
    const aborted: string[] = [];
    const getBlock = (cid: CID, signal: AbortSignal): Promise<Uint8Array> =>
      new Promise((resolve, reject) => {
        const bytes = blocks.find((b) => b.cid.equals(cid))!.bytes;
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        if (cid.equals(blocks[2]!.cid)) {
          inFlight--;
          return reject(new StorageError('TIMEOUT', 'block 2 never came'));
        }
        const onAbort = (): void => {
          clearTimeout(t);
          inFlight--;
          aborted.push(cid.toString());
          reject(signal.reason);
        };
        const t = setTimeout(() => {
          signal.removeEventListener('abort', onAbort);
          inFlight--;
          resolve(bytes);
        }, 50);
        signal.addEventListener('abort', onAbort, { once: true });
      });
    const err = await failure(
      readUnixfsFile(getBlock, root, {
        maxBytes: 20 * 262_144,
        signal: new AbortController().signal,
        concurrency: 8,
        what: 'x',
      }),
    );
    expect(err.code).toBe('TIMEOUT');
    // Settled only once nothing is left running.
    expect(inFlight).toBe(0);
    expect(aborted.length).toBeGreaterThan(0);
    expect(maxInFlight).toBeLessThanOrEqual(8);
  });
});
