import { resolve } from 'node:path';
import type { ContentStore as FullContentStore } from '@veritrain/storage';

export type OpenNodeContentStoreParameters = {
  ipfsApi?: string | undefined;
  /** Embedded node directory, already resolved; ignored with `ipfsApi`. */
  ipfsDir: string;
  ipfsListen?: string[] | undefined;
  ipfsBootstrap?: string[] | undefined;
  ipfsGateway?: string[] | undefined;
  ipfsTimeoutMs?: number | undefined;
};

/**
 * The node's content store from its options: the Kubo RPC client with `--ipfs-api`, else an embedded
 * Helia node in `--ipfs-dir`. `@veritrain/storage` (Helia, libp2p) is loaded only here, so commands that
 * never touch IPFS (`--help`, `--dry-run`) start fast.
 */
export async function openNodeContentStore(params: OpenNodeContentStoreParameters): Promise<FullContentStore> {
  const { openContentStore } = await import('@veritrain/storage');
  return openContentStore({
    dir: resolve(params.ipfsDir),
    ...(params.ipfsApi === undefined ? {} : { ipfsApi: params.ipfsApi }),
    ...(params.ipfsListen === undefined ? {} : { listen: params.ipfsListen }),
    ...(params.ipfsBootstrap === undefined ? {} : { bootstrap: params.ipfsBootstrap }),
    ...(params.ipfsGateway === undefined ? {} : { gateways: params.ipfsGateway }),
    ...(params.ipfsTimeoutMs === undefined ? {} : { defaultTimeoutMs: params.ipfsTimeoutMs }),
  });
}
