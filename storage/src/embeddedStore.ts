import './withResolvers';
import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { withBitswap } from '@helia/bitswap';
import { withLibp2pLight } from '@helia/libp2p';
import * as dagPb from '@ipld/dag-pb';
import { identify } from '@libp2p/identify';
import { kadDHT, passthroughMapper } from '@libp2p/kad-dht';
import { ping } from '@libp2p/ping';
import { noise } from '@libp2p/noise';
import { tcp } from '@libp2p/tcp';
import { yamux } from '@libp2p/yamux';
import { multiaddr } from '@multiformats/multiaddr';
import { FsBlockstore } from 'blockstore-fs';
import { FsDatastore } from 'datastore-fs';
import { createHeliaLight } from 'helia';
import { importBytes } from 'ipfs-unixfs-importer';
import type { CID } from 'multiformats/cid';
import { collectBytes } from './bytes';
import { canonicalImporterOptions } from './cidParameters';
import { deadline, throwIfCallerAborted } from './deadline';
import { parseCid } from './parseCid';
import { readUnixfsFile } from './readUnixfsFile';
import { createBlockRead, type BlockRead, type NodeBlockAccess } from './blockSources';
import { parseGatewayUrl } from './gatewayBlock';
import { StorageError } from './storageError';
import type { AddOptions, ContentStore, GetOptions, HasOptions, PinOptions } from './types';
import { verifyContent } from './verifyContent';

export interface EmbeddedStoreOptions {
  /** Directory of the node: `blocks/` (blockstore-fs) and `datastore/` (peer key, pins, peer store). */
  dir: string;
  /** libp2p listen multiaddrs. Default: one loopback TCP port chosen by the OS. */
  listen?: string[];
  /** Peers (multiaddrs ending in /p2p/<peer id>) dialled at start and again before each network fetch. */
  bootstrap?: string[];
  /** Default `get`/`pin` timeout when the caller gives none. Default 60,000 ms. */
  defaultTimeoutMs?: number;
  /**
   * Ceiling of `get` and `pin` when the caller gives no `maxBytes`: no CID, however large the file its root
   * declares, makes the node fetch or buffer more. Default {@link DEFAULT_STORE_MAX_BYTES}.
   */
  defaultMaxBytes?: number;
  /**
   * Content routing among the peers this node knows (a private Kademlia DHT under the protocol
   * `/veritrain/kad/1.0.0`, which public IPFS nodes do not speak): `add` and `pin` announce the root CID, and a
   * `get` of a CID held by a peer we are not connected to finds and dials it through the peers we are.
   * So every node only needs one common bootstrap peer (the devnet's IPFS node). Default true.
   */
  routing?: boolean;
  /**
   * Trustless HTTP gateways (base URLs: a pinning service's gateway, the devnet hub's) asked for raw blocks
   * (`/ipfs/<cid>?format=raw`) when the peers do not answer within `gatewayHedgeMs`; every block is checked against
   * its CID before use. Default none.
   */
  gateways?: string[];
  /** How long a block is asked of the peers alone before the gateways too. Default 1,500 ms (`DEFAULT_GATEWAY_HEDGE_MS`). */
  gatewayHedgeMs?: number;
}

/** The embedded node is a ContentStore that can also say where it listens and connect to peers. */
export interface EmbeddedStore extends ContentStore {
  /** This node's libp2p peer id (stable: the key lives in `dir`). */
  readonly peerId: string;
  /** Dialable addresses of this node, each ending in /p2p/<peer id>. */
  multiaddrs(): string[];
  /** Connects to a peer (a multiaddr ending in /p2p/<peer id>) so bitswap can fetch from it. */
  dial(peerMultiaddr: string, options?: { signal?: AbortSignal }): Promise<void>;
  /** Peer ids of the current connections. */
  connectedPeers(): string[];
  /**
   * One block by CID, verified against it: local, else fetched like any block of a `get` (what the HTTP gateway
   * serves for `?format=raw`). Fails with TIMEOUT after `timeoutMs` (default `defaultTimeoutMs`).
   */
  getBlock(cid: string, options?: { signal?: AbortSignal; timeoutMs?: number }): Promise<Uint8Array>;
}

const DEFAULT_TIMEOUT_MS = 60_000;
/** 1 GiB: above any checkpoint a node's memory budget lets it train, and a read of it still fits in memory. */
export const DEFAULT_STORE_MAX_BYTES = 1024 * 1024 * 1024;
/** Our DHT's protocol id: not the public `/ipfs/kad/1.0.0`, so it can never join (or leak to) the public DHT. */
export const VERITRAIN_DHT_PROTOCOL = '/veritrain/kad/1.0.0';
const BOOTSTRAP_DIAL_TIMEOUT_MS = 5_000;
const ANNOUNCE_TIMEOUT_MS = 5_000;

/**
 * Starts an in-process Helia node: blocks and datastore on disk under `dir`, libp2p with TCP + noise +
 * yamux + identify and bitswap, nothing else. No public bootstrap list, no DHT, no mDNS, no HTTP
 * gateways, no delegated routing, no UPnP/autonat: it talks only to the peers it is given (or that dial
 * it), so it never reaches the internet. Content is added with the canonical parameters, so the CIDs
 * equal `cidOf` and Kubo's `ipfs add --cid-version=1 --raw-leaves --chunker=size-262144`.
 */
export async function createEmbeddedStore(options: EmbeddedStoreOptions): Promise<EmbeddedStore> {
  const defaultTimeoutMs = options.defaultTimeoutMs ?? DEFAULT_TIMEOUT_MS;
  const defaultMaxBytes = options.defaultMaxBytes ?? DEFAULT_STORE_MAX_BYTES;
  const bootstrap = options.bootstrap ?? [];
  for (const addr of bootstrap) parsePeerMultiaddr(addr);
  const gateways = (options.gateways ?? []).map(parseGatewayUrl);
  await mkdir(options.dir, { recursive: true });
  // The DHT (and the ping service it requires) only when routing is on; typed loosely because libp2p's
  // service map type cannot express "present or not" depending on an option.
  // biome-ignore lint/suspicious/noExplicitAny: libp2p's service factories each take their own components type
  const services: Record<string, (components: any) => unknown> = { identify: identify() };
  if (options.routing !== false) {
    services.ping = ping();
    services.dht = kadDHT({ protocol: VERITRAIN_DHT_PROTOCOL, clientMode: false, peerInfoMapper: passthroughMapper });
  }
  const blockstore = new FsBlockstore(join(options.dir, 'blocks'));
  const datastore = new ClosingFsDatastore(join(options.dir, 'datastore'));
  const helia = withBitswap(
    withLibp2pLight(createHeliaLight({ blockstore, datastore }), {
      addresses: { listen: options.listen ?? ['/ip4/127.0.0.1/tcp/0'] },
      transports: [tcp()],
      connectionEncrypters: [noise()],
      streamMuxers: [yamux()],
      peerDiscovery: [],
      services,
    }),
    {
      // Each incoming want list queues a reply; with a read's 32 wants in flight the default queue of 10 replies
      // overflowed and dropped some ("peer send queue is full"). Wants are kept either way, so the bound only
      // has to hold the replies a burst of want lists asks for.
      sendBlocksMaxQueueLength: 1_024,
    },
  );
  try {
    await helia.start();
  } catch (cause) {
    await helia.stop().catch(() => undefined);
    throw new StorageError(
      'UNAVAILABLE',
      `could not start the embedded IPFS node in ${options.dir} listening on ${(options.listen ?? ['/ip4/127.0.0.1/tcp/0']).join(', ')}: ${(cause as Error).message}`,
      {
        cause,
        endpoint: options.dir,
      },
    );
  }
  // Every read goes block by block through readUnixfsFile (bounded, and cancelling what it abandons), never
  // through the UnixFS exporter, whose abandoned child fetches reject with nobody listening.
  // The root's holders are looked up on the DHT (and dialled); its children are asked of the connected peers
  // only. Bitswap otherwise ran a DHT query for every block (`maxProviders` 0 skips it), 64 for a 16 MiB file.
  const readBlock = (cid: CID, signal: AbortSignal, root: boolean): Promise<Uint8Array> =>
    collectBytes(
      helia.blockstore.get(cid, { signal, ...(root ? {} : { maxProviders: 0 }) } as { signal: AbortSignal }),
      undefined,
      () => new Error('unreachable'),
    );
  const connectedPeers = (): string[] => [
    ...new Set(helia.libp2p.getConnections().map((c) => c.remotePeer.toString())),
  ];
  const nodeBlocks: NodeBlockAccess = {
    has: async (cid, signal) => helia.blockstore.has(cid, { signal }),
    get: readBlock,
    put: async (cid, block, signal) => {
      await helia.blockstore.put(cid, block, { signal });
    },
    connectedPeers,
  };
  const blockRead = (): BlockRead => createBlockRead(nodeBlocks, gateways, options.gatewayHedgeMs);
  const source = `embedded node ${helia.libp2p.peerId.toString()}`;
  let closed = false;

  const assertOpen = (): void => {
    if (closed)
      throw new StorageError('UNAVAILABLE', `the embedded IPFS node in ${options.dir} is closed`, {
        endpoint: options.dir,
      });
  };

  const dial = async (peerMultiaddr: string, dialOptions: { signal?: AbortSignal } = {}): Promise<void> => {
    assertOpen();
    const ma = parsePeerMultiaddr(peerMultiaddr);
    try {
      await helia.libp2p.dial(ma, { signal: dialOptions.signal ?? AbortSignal.timeout(BOOTSTRAP_DIAL_TIMEOUT_MS) });
    } catch (cause) {
      throw new StorageError(
        'UNAVAILABLE',
        `could not connect to IPFS peer ${peerMultiaddr}: ${(cause as Error).message}`,
        {
          cause,
          endpoint: peerMultiaddr,
        },
      );
    }
  };

  // Bootstrap peers may start after us (or restart): dial them best-effort now and before each fetch.
  const connectBootstrap = async (): Promise<void> => {
    const connected = new Set(helia.libp2p.getConnections().map((c) => c.remotePeer.toString()));
    await Promise.all(
      bootstrap
        .filter(
          (addr) =>
            !connected.has(
              multiaddr(addr)
                .getComponents()
                .find((c) => c.name === 'p2p')?.value ?? '',
            ),
        )
        .map((addr) => dial(addr).catch(() => undefined)),
    );
  };
  await connectBootstrap();

  // Announce a root CID on the private DHT, so peers we are not connected to can find us as its
  // provider. Awaited (bounded) so that once add/pin return, a reader elsewhere can find the content;
  // best effort: with no DHT peers yet there is nobody to tell, and the content stays servable anyway.
  const announce = async (cid: CID, signal: AbortSignal | undefined): Promise<void> => {
    if (options.routing === false || helia.libp2p.getConnections().length === 0) return;
    try {
      await helia.routing.provide(cid, {
        signal: AbortSignal.any([AbortSignal.timeout(ANNOUNCE_TIMEOUT_MS), ...(signal ? [signal] : [])]),
      });
    } catch {
      // Not fatal: see above.
    }
  };

  // Each distinct block is looked at once: a "diamond" DAG that links the same child 174 times per level
  // costs as many checks as it has blocks, not as many as its paths.
  const holdsAll = async (cid: CID, signal: AbortSignal | undefined, seen = new Set<string>()): Promise<boolean> => {
    const key = cid.toString();
    if (seen.has(key)) return true;
    seen.add(key);
    if (!(await helia.blockstore.has(cid, { signal }))) return false;
    if (cid.code !== dagPb.code) return true;
    const block = await collectBytes(
      helia.blockstore.get(cid, { offline: true, signal }),
      undefined,
      () => new Error('unreachable'),
    );
    for (const link of dagPb.decode(block).Links) {
      if (!(await holdsAll(link.Hash, signal, seen))) return false;
    }
    return true;
  };

  return {
    peerId: helia.libp2p.peerId.toString(),
    multiaddrs: () => helia.libp2p.getMultiaddrs().map((ma) => ma.toString()),
    connectedPeers,
    dial,

    async getBlock(
      cidText: string,
      blockOptions: { signal?: AbortSignal; timeoutMs?: number } = {},
    ): Promise<Uint8Array> {
      assertOpen();
      const cid = parseCid(cidText);
      const key = cid.toString();
      const timeoutMs = blockOptions.timeoutMs ?? defaultTimeoutMs;
      const d = deadline(timeoutMs, blockOptions.signal);
      const read = blockRead();
      let block: Uint8Array;
      try {
        block = await read.getBlock(cid, d.signal, true);
      } catch (cause) {
        if (cause instanceof StorageError && !d.expired()) throw cause;
        if (d.expired()) {
          throw new StorageError(
            'TIMEOUT',
            `block ${key} not received within ${timeoutMs} ms from any source tried: ${read.describeSources()}`,
            { cid: key, cause, endpoint: source },
          );
        }
        throwIfCallerAborted(blockOptions.signal);
        throw mapUnixfsError(cause, key, source);
      } finally {
        d.dispose();
      }
      // A block read back from our own disk is checked too: a corrupted blockstore must not reach a peer.
      if (!createHash('sha256').update(block).digest().equals(cid.multihash.digest)) {
        throw new StorageError(
          'CID_MISMATCH',
          `block ${key} in ${options.dir} does not hash to its CID: the blockstore is corrupted`,
          { cid: key, endpoint: source },
        );
      }
      return block;
    },

    async add(bytes: Uint8Array, addOptions: AddOptions = {}): Promise<string> {
      assertOpen();
      const { signal } = addOptions;
      signal?.throwIfAborted();
      // The importer takes no signal: honour it between blocks instead.
      const blocks = {
        put: async (cid: CID, block: Uint8Array) => {
          signal?.throwIfAborted();
          return helia.blockstore.put(cid, block, { signal });
        },
      };
      const { cid } = await importBytes(bytes, blocks, canonicalImporterOptions());
      await announce(cid, signal);
      return cid.toV1().toString();
    },

    async get(cidText: string, getOptions: GetOptions = {}): Promise<Uint8Array> {
      assertOpen();
      const cid = parseCid(cidText);
      const key = cid.toString();
      const timeoutMs = getOptions.timeoutMs ?? defaultTimeoutMs;
      const d = deadline(timeoutMs, getOptions.signal);
      let bytes: Uint8Array;
      const read = blockRead();
      try {
        if (bootstrap.length > 0 && !(await helia.blockstore.has(cid))) await connectBootstrap();
        bytes = await readUnixfsFile(read.getBlock, cid, {
          maxBytes: getOptions.maxBytes ?? defaultMaxBytes,
          signal: d.signal,
          what: `content of ${key}`,
        });
      } catch (cause) {
        if (cause instanceof StorageError && !d.expired()) throw cause;
        if (d.expired()) {
          throw new StorageError(
            'TIMEOUT',
            `${key} not received within ${timeoutMs} ms from any source tried: ${read.describeSources()}`,
            { cid: key, cause, endpoint: source },
          );
        }
        throwIfCallerAborted(getOptions.signal);
        throw mapUnixfsError(cause, key, source);
      } finally {
        d.dispose();
      }
      await verifyContent(key, bytes, source);
      return bytes;
    },

    async pin(cidText: string, pinOptions: PinOptions = {}): Promise<void> {
      assertOpen();
      const cid = parseCid(cidText);
      const key = cid.toString();
      const timeoutMs = pinOptions.timeoutMs ?? defaultTimeoutMs;
      const d = deadline(timeoutMs, pinOptions.signal);
      const read = blockRead();
      try {
        if (await helia.pins.isPinned(cid, { signal: d.signal })) return;
        if (bootstrap.length > 0 && !(await helia.blockstore.has(cid))) await connectBootstrap();
        // Fetch every block under the same bounds as get, then pin what is now local: Helia's own walk
        // (offline, so it never waits on the network) only records the pin.
        await readUnixfsFile(read.getBlock, cid, {
          maxBytes: pinOptions.maxBytes ?? defaultMaxBytes,
          signal: d.signal,
          collect: false,
          what: `pin of ${key}`,
        });
        const localOnly = { signal: d.signal, offline: true }; // `offline` reaches the blockstore; the pin type omits it
        for await (const _ of helia.pins.add(cid, localOnly)) {
          // Draining the generator records every block of the DAG as pinned.
        }
        await announce(cid, d.signal);
      } catch (cause) {
        if (cause instanceof StorageError && !d.expired()) throw cause;
        if (d.expired()) {
          throw new StorageError(
            'TIMEOUT',
            `could not pin ${key} within ${timeoutMs} ms: some blocks are neither local nor served by any source tried: ${read.describeSources()}`,
            {
              cid: key,
              cause,
              endpoint: source,
            },
          );
        }
        throwIfCallerAborted(pinOptions.signal);
        throw mapUnixfsError(cause, key, source);
      } finally {
        d.dispose();
      }
    },

    async has(cidText: string, hasOptions: HasOptions = {}): Promise<boolean> {
      assertOpen();
      return holdsAll(parseCid(cidText), hasOptions.signal);
    },

    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await helia.stop();
      datastore.closed = true;
    },
  };
}

/**
 * libp2p's peer store still writes the node's own record (its addresses going away) after `stop()` has
 * returned. Such writes would land in a directory the caller may already be deleting or handing to the next
 * process, so once the node is closed they are dropped: a record of "no addresses" is not worth keeping.
 */
class ClosingFsDatastore extends FsDatastore {
  closed = false;

  override async put(...args: Parameters<FsDatastore['put']>): ReturnType<FsDatastore['put']> {
    if (this.closed) return args[0];
    return super.put(...args);
  }
}

function parsePeerMultiaddr(addr: string): ReturnType<typeof multiaddr> {
  let ma: ReturnType<typeof multiaddr>;
  try {
    ma = multiaddr(addr);
  } catch (cause) {
    throw new StorageError(
      'UNAVAILABLE',
      `"${addr}" is not a multiaddr: expected e.g. /ip4/127.0.0.1/tcp/4001/p2p/12D3Koo…`,
      { cause, endpoint: addr },
    );
  }
  if (!ma.getComponents().some((c) => c.name === 'p2p')) {
    throw new StorageError(
      'UNAVAILABLE',
      `peer multiaddr ${addr} has no /p2p/<peer id> part: expected e.g. /ip4/127.0.0.1/tcp/4001/p2p/12D3Koo…`,
      {
        endpoint: addr,
      },
    );
  }
  return ma;
}

function mapUnixfsError(cause: unknown, cid: string, source: string): StorageError {
  const name = (cause as { name?: string } | null)?.name ?? '';
  const message = (cause as Error | null)?.message ?? String(cause);
  if (
    name === 'NotUnixFSError' ||
    name === 'NotAFileError' ||
    name === 'NoContentError' ||
    name === 'NoResolverError'
  ) {
    return new StorageError(
      'INVALID_CID',
      `${cid} does not name a UnixFS file on ${source} (${name}: ${message}); expected a CID made by add`,
      {
        cid,
        cause,
        endpoint: source,
      },
    );
  }
  return new StorageError('UNAVAILABLE', `reading ${cid} from ${source} failed: ${message}`, {
    cid,
    cause,
    endpoint: source,
  });
}
