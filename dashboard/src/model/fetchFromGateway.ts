import { ModelError } from './modelError';

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
  const url = `${p.gatewayUrl}/ipfs/${encodeURIComponent(p.cid)}`;
  const timeoutMs = p.timeoutMs ?? DEFAULT_FETCH_TIMEOUT_MS;
  const timeout = AbortSignal.timeout(timeoutMs);
  const signal = p.signal ? AbortSignal.any([p.signal, timeout]) : timeout;
  const timedOut = (cause?: unknown) =>
    new ModelError('TIMEOUT', `the ${p.what} ${p.cid} did not arrive within ${Math.round(timeoutMs / 1000)} s from ${p.gatewayUrl} (IPFS is slow, or no node holding it is reachable)`, { cause });
  let res: Response;
  try {
    res = await (p.fetchImpl ?? fetch)(url, { signal });
  } catch (cause) {
    if (p.signal?.aborted) throw p.signal.reason;
    if (timeout.aborted) throw timedOut(cause);
    throw new ModelError('GATEWAY_UNREACHABLE', `could not reach the IPFS gateway ${p.gatewayUrl} for the ${p.what} ${p.cid}: is it running, and does it allow this page's origin?`, { cause });
  }
  if (!res.ok) {
    const detail = (await res.text().catch(() => '')).trim().split('\n')[0]?.slice(0, 300) ?? '';
    const suffix = detail ? `: ${detail}` : '';
    if (res.status === 504) throw timedOut(new Error(detail));
    if (res.status === 404) throw new ModelError('NOT_FOUND', `the gateway has no ${p.what} ${p.cid} (HTTP 404)${suffix}`);
    if (res.status === 400 || res.status === 413 || res.status === 502) {
      throw new ModelError('BAD_CONTENT', `the gateway refused the ${p.what} ${p.cid} (HTTP ${res.status})${suffix}`);
    }
    throw new ModelError('GATEWAY_ERROR', `the gateway failed on the ${p.what} ${p.cid} (HTTP ${res.status})${suffix}`);
  }
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (declared > p.maxBytes) {
    throw new ModelError('BAD_CONTENT', `the ${p.what} ${p.cid} is ${declared} bytes, expected at most ${p.maxBytes}`);
  }
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(await res.arrayBuffer());
  } catch (cause) {
    if (p.signal?.aborted) throw p.signal.reason;
    if (timeout.aborted) throw timedOut(cause);
    throw new ModelError('GATEWAY_ERROR', `reading the ${p.what} ${p.cid} from ${p.gatewayUrl} failed`, { cause });
  }
  if (bytes.length > p.maxBytes) throw new ModelError('BAD_CONTENT', `the ${p.what} ${p.cid} is ${bytes.length} bytes, expected at most ${p.maxBytes}`);
  return bytes;
}
