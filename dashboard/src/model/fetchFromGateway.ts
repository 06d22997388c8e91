import { fetchBytes } from './fetchBytes';

export type FetchFromGatewayParameters = {
  /** Base URL of the gateway, without a trailing slash (config.ts's ipfsGatewayUrl). */
  gatewayUrl: string;
  cid: string;
  /** What the content is, for messages ("checkpoint", "run spec"). */
  what: string;
  /** Refuse anything larger (a hostile CID must not make the page buffer gigabytes). */
  maxBytes: number;
  /** Give up after this long; a little above the gateway's own 30 s, so its 504 usually arrives first. */
  timeoutMs?: number;
  signal?: AbortSignal;
  fetchImpl?: typeof fetch;
};

export const DEFAULT_FETCH_TIMEOUT_MS = 35_000;

/**
 * GET <gateway>/ipfs/<cid> as bytes, every failure a ModelError naming the CID. The gateway verifies the bytes
 * against the CID; callers still check what they decode against the chain, so a lying gateway cannot make
 * the page show a wrong model.
 */
export async function fetchFromGateway(p: FetchFromGatewayParameters): Promise<Uint8Array> {
  return await fetchBytes({
    url: `${p.gatewayUrl}/ipfs/${encodeURIComponent(p.cid)}`,
    what: `${p.what} ${p.cid}`,
    source: {
      url: p.gatewayUrl,
      name: 'the IPFS gateway',
      short: 'the gateway',
      slowBecause: 'IPFS is slow, or no node holding it is reachable',
    },
    maxBytes: p.maxBytes,
    timeoutMs: p.timeoutMs ?? DEFAULT_FETCH_TIMEOUT_MS,
    ...(p.signal ? { signal: p.signal } : {}),
    ...(p.fetchImpl ? { fetchImpl: p.fetchImpl } : {}),
  });
}

/** The gateway settings every read of one load shares. */
export type GatewayReadOptions = Pick<FetchFromGatewayParameters, 'gatewayUrl' | 'timeoutMs' | 'signal' | 'fetchImpl'>;

/** Reads one CID through the gateway: (cid, what, maxBytes) → bytes. */
export type ReadFromGateway = (cid: string, what: string, maxBytes: number) => Promise<Uint8Array>;

/** A ReadFromGateway over fixed gateway settings. */
export function gatewayReader({ gatewayUrl, timeoutMs, signal, fetchImpl }: GatewayReadOptions): ReadFromGateway {
  return (cid, what, maxBytes) => fetchFromGateway({ gatewayUrl, cid, what, maxBytes, timeoutMs, signal, fetchImpl });
}
