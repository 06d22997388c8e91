import { setMaxListeners } from 'node:events';
import * as dagPb from '@ipld/dag-pb';
import { UnixFS } from 'ipfs-unixfs';
import type { CID } from 'multiformats/cid';
import * as raw from 'multiformats/codecs/raw';
import { CHUNK_SIZE_BYTES, MAX_CHILDREN_PER_NODE } from './cidParameters';
import { StorageError } from './storageError';

/**
 * Fetches one block by CID (local, or over the network), honouring `signal`. `root` is true for the DAG's root
 * block only: its holders are looked up once, and its children asked of the peers that lookup connected.
 */
export type GetBlock = (cid: CID, signal: AbortSignal, root: boolean) => Promise<Uint8Array>;

export interface ReadUnixfsFileOptions {
  /** The most bytes the file may declare (and deliver); the bounds on blocks and depth follow from it. */
  maxBytes: number;
  signal: AbortSignal;
  /** Keep the bytes (get) or only make sure every block is fetched (pin). Default true. */
  collect?: boolean;
  /**
   * Blocks fetched at once below one node. Default {@link DEFAULT_READ_CONCURRENCY}: enough that the sender always
   * has wants queued while the last batch is on the wire (docs/storage.md, "Peer exchange").
   */
  concurrency?: number;
  /** Names the content in messages (the CID, and where from). */
  what: string;
}

/**
 * The bounds a DAG of at most `maxBytes` bytes has when it was added canonically (256 KiB raw leaves, at most
 * 174 links per node): its block count and its depth. Content within `maxBytes` that needs more blocks or
 * levels is not canonical, so it can never verify against its CID; refusing it before fetching costs nothing.
 */
export function canonicalDagBounds(maxBytes: number): { maxBlocks: number; maxDepth: number } {
  let level = Math.max(1, Math.ceil(maxBytes / CHUNK_SIZE_BYTES));
  let maxBlocks = level;
  let maxDepth = 1;
  while (level > 1) {
    level = Math.ceil(level / MAX_CHILDREN_PER_NODE);
    maxBlocks += level;
    maxDepth += 1;
  }
  return { maxBlocks, maxDepth };
}

/** 32 blocks of 256 KiB: 8 MiB in flight, two bitswap messages of at most 4 MiB. */
export const DEFAULT_READ_CONCURRENCY = 32;

/** A dag-pb node of a canonical DAG: 174 links of ~40 bytes and a small UnixFS header. */
const MAX_DAG_PB_BLOCK_BYTES = 64 * 1024;

/**
 * Reads a UnixFS file block by block under explicit bounds, instead of trusting the exporter: the size a node
 * declares is checked against `maxBytes` before any of its children is fetched, each child must deliver exactly
 * the size its parent declared for it (so a "diamond" DAG whose few blocks reference each other cannot
 * multiply into gigabytes), and the number of blocks and the depth may not pass what a canonical DAG of
 * `maxBytes` needs. A violation is a StorageError (TOO_LARGE for a bound, INVALID_CID for a node that is not
 * a UnixFS file or whose sizes disagree).
 *
 * Every fetch started is tied to an AbortController of this read; when the read fails or the caller's signal
 * fires, the rest are aborted and awaited, and their errors consumed, before the read settles: nothing is
 * left running and no rejection goes unhandled.
 */
export async function readUnixfsFile(
  getBlock: GetBlock,
  root: CID,
  options: ReadUnixfsFileOptions,
): Promise<Uint8Array> {
  const { maxBytes, what } = options;
  const { maxBlocks, maxDepth } = canonicalDagBounds(maxBytes);
  const concurrency = options.concurrency ?? DEFAULT_READ_CONCURRENCY;
  const collect = options.collect ?? true;
  const controller = new AbortController();
  // Helia's blockstore and bitswap add abort listeners per block in flight (up to `concurrency` here): not a leak.
  setMaxListeners(Infinity, controller.signal);
  const onAbort = (): void => controller.abort(options.signal.reason);
  if (options.signal.aborted) onAbort();
  else options.signal.addEventListener('abort', onAbort, { once: true });
  const inFlight = new Set<Promise<unknown>>();
  let blocks = 0;

  const tooLarge = (detail: string): StorageError =>
    new StorageError('TOO_LARGE', `${what}: ${detail}`, { cid: root.toString() });
  const malformed = (detail: string): StorageError =>
    new StorageError('INVALID_CID', `${what} is not a UnixFS file made by add: ${detail}`, { cid: root.toString() });

  const fetch = (cid: CID, isRoot = false): Promise<Uint8Array> => {
    blocks += 1;
    if (blocks > maxBlocks)
      throw tooLarge(`more than ${maxBlocks} blocks, the most a canonical file of maxBytes ${maxBytes} has`);
    if (cid.code !== raw.code && cid.code !== dagPb.code)
      throw malformed(`block ${cid} has codec 0x${cid.code.toString(16)}, expected raw or dag-pb`);
    const p = getBlock(cid, controller.signal, isRoot);
    inFlight.add(p);
    // Consumed here as well, so an abandoned fetch that fails later never becomes an unhandled rejection.
    p.then(
      () => inFlight.delete(p),
      () => inFlight.delete(p),
    );
    return p;
  };

  let out: Uint8Array | undefined;
  let written = 0;
  const emit = (bytes: Uint8Array): void => {
    if (out !== undefined) out.set(bytes, written);
    written += bytes.byteLength;
  };

  // Visits a node whose parent declared `expectedBytes` for it (the root: unknown until decoded).
  const visit = async (
    cid: CID,
    block: Uint8Array,
    expectedBytes: bigint | undefined,
    depth: number,
  ): Promise<void> => {
    if (depth > maxDepth)
      throw tooLarge(`deeper than ${maxDepth} levels, the most a canonical file of maxBytes ${maxBytes} has`);
    if (cid.code === raw.code) {
      if (block.byteLength > CHUNK_SIZE_BYTES && depth > 1)
        throw malformed(`leaf ${cid} has ${block.byteLength} bytes, expected at most ${CHUNK_SIZE_BYTES}`);
      if (expectedBytes !== undefined && BigInt(block.byteLength) !== expectedBytes) {
        throw malformed(`leaf ${cid} has ${block.byteLength} bytes, its parent declares ${expectedBytes}`);
      }
      if (block.byteLength > maxBytes)
        throw tooLarge(`${block.byteLength} bytes, expected at most maxBytes ${maxBytes}`);
      if (collect && out === undefined) out = new Uint8Array(block.byteLength);
      emit(block);
      return;
    }
    if (block.byteLength > MAX_DAG_PB_BLOCK_BYTES)
      throw malformed(`node ${cid} has ${block.byteLength} bytes, expected at most ${MAX_DAG_PB_BLOCK_BYTES}`);
    let node: dagPb.PBNode;
    let file: UnixFS;
    try {
      node = dagPb.decode(block);
      if (node.Data === undefined) throw new Error('no UnixFS data');
      file = UnixFS.unmarshal(node.Data);
    } catch (cause) {
      throw malformed(`node ${cid} does not decode (${(cause as Error).message})`);
    }
    if (file.type !== 'file' && file.type !== 'raw')
      throw malformed(`node ${cid} is a UnixFS ${file.type}, expected a file`);
    const declared = file.fileSize();
    if (depth === 1 && declared > BigInt(maxBytes))
      throw tooLarge(`declares ${declared} bytes, expected at most maxBytes ${maxBytes}`);
    if (expectedBytes !== undefined && declared !== expectedBytes)
      throw malformed(`node ${cid} declares ${declared} bytes, its parent declares ${expectedBytes}`);
    if (node.Links.length !== file.blockSizes.length)
      throw malformed(`node ${cid} has ${node.Links.length} links but ${file.blockSizes.length} block sizes`);
    if (node.Links.length > MAX_CHILDREN_PER_NODE)
      throw malformed(`node ${cid} has ${node.Links.length} links, expected at most ${MAX_CHILDREN_PER_NODE}`);
    const dataBytes = BigInt(file.data?.byteLength ?? 0);
    if (file.blockSizes.reduce((a, b) => a + b, dataBytes) !== declared)
      throw malformed(`node ${cid}: its block sizes do not add up to its declared ${declared} bytes`);
    if (depth === 1 && collect) out = new Uint8Array(Number(declared));
    if (file.data !== undefined) emit(file.data);
    // Children in order, up to `concurrency` fetched ahead.
    const links = node.Links;
    const pending: Promise<Uint8Array>[] = [];
    let next = 0;
    const refill = (): void => {
      while (next < links.length && pending.length < concurrency) pending.push(fetch(links[next++]!.Hash));
    };
    refill();
    for (let i = 0; i < links.length; i++) {
      const child = await pending.shift()!;
      refill();
      await visit(links[i]!.Hash, child, file.blockSizes[i]!, depth + 1);
    }
  };

  try {
    const rootBlock = await fetch(root, true);
    await visit(root, rootBlock, undefined, 1);
    return out ?? new Uint8Array(0);
  } catch (err) {
    controller.abort(err);
    throw err;
  } finally {
    options.signal.removeEventListener('abort', onAbort);
    await Promise.allSettled([...inFlight]);
  }
}
