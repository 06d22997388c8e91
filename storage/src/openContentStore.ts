import { createEmbeddedStore } from './embeddedStore';
import { createKuboStore } from './kuboStore';
import type { ContentStore } from './types';

export interface OpenContentStoreOptions {
  /** Kubo RPC API URL (`--ipfs-api`). When set, the Kubo store is used and the embedded options are ignored. */
  ipfsApi?: string;
  /** Extra HTTP headers for the Kubo RPC API (e.g. `Authorization` behind an authenticating proxy). */
  ipfsApiHeaders?: Record<string, string>;
  /** Directory of the embedded node (used when `ipfsApi` is not set). */
  dir: string;
  /** Embedded node: libp2p listen multiaddrs. */
  listen?: string[];
  /** Embedded node: peers to connect to (multiaddrs ending in /p2p/<peer id>). */
  bootstrap?: string[];
  /**
   * Embedded node: trustless HTTP gateways asked for raw blocks when the peers are slow (`--ipfs-gateway`). A Kubo
   * daemon has its own sources (configure its peering or its gateways), so the Kubo store ignores this.
   */
  gateways?: string[];
  /** Default `get`/`pin` timeout of either store. */
  defaultTimeoutMs?: number;
}

/** The nodes' one entry point: a Kubo store when `--ipfs-api` is given, the embedded Helia node otherwise. */
export async function openContentStore(options: OpenContentStoreOptions): Promise<ContentStore> {
  if (options.ipfsApi !== undefined && options.ipfsApi !== '') {
    return createKuboStore({
      url: options.ipfsApi,
      ...(options.ipfsApiHeaders === undefined ? {} : { headers: options.ipfsApiHeaders }),
      ...(options.defaultTimeoutMs === undefined ? {} : { defaultTimeoutMs: options.defaultTimeoutMs }),
    });
  }
  return createEmbeddedStore({
    dir: options.dir,
    ...(options.listen === undefined ? {} : { listen: options.listen }),
    ...(options.bootstrap === undefined ? {} : { bootstrap: options.bootstrap }),
    ...(options.gateways === undefined ? {} : { gateways: options.gateways }),
    ...(options.defaultTimeoutMs === undefined ? {} : { defaultTimeoutMs: options.defaultTimeoutMs }),
  });
}
