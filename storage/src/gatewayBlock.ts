import { createHash } from 'node:crypto';
import type { CID } from 'multiformats/cid';
import { sha256 } from 'multiformats/hashes/sha2';
import { StorageError } from './storageError';

/** Bitswap's own message limit: no block of any DAG a peer could serve us is larger, so no gateway answer may be. */
export const MAX_GATEWAY_BLOCK_BYTES = 2 * 1024 * 1024;

/**
 * Checks an HTTP(S) gateway base URL (`--ipfs-gateway`): the origin of a trustless gateway, a pinning service's
 * gateway or the devnet hub's, to which `/ipfs/<cid>?format=raw` is appended. Returns it without a trailing slash.
 */
export function parseGatewayUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch (cause) {
    throw new StorageError('UNAVAILABLE', `gateway "${text}" is not a URL: expected e.g. http://127.0.0.1:8080`, {
      cause,
      endpoint: text,
    });
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new StorageError('UNAVAILABLE', `gateway ${text}: expected an http:// or https:// URL, got ${url.protocol}`, {
      endpoint: text,
    });
  }
  if (url.search !== '' || url.hash !== '') {
    throw new StorageError('UNAVAILABLE', `gateway ${text}: expected a base URL without a query or fragment`, {
      endpoint: text,
    });
  }
  return url.toString().replace(/\/+$/, '');
}

/**
 * One raw block from a trustless gateway (`GET <gateway>/ipfs/<cid>?format=raw`, `Accept: application/vnd.ipld.raw`),
 * verified: its sha2-256 must be the CID's digest, or the answer is refused (CID_MISMATCH) and nothing is returned.
 * The body is read up to {@link MAX_GATEWAY_BLOCK_BYTES}. A gateway is never trusted: what it answers either hashes
 * to what we asked for or is dropped.
 */
export async function fetchGatewayBlock(gateway: string, cid: CID, signal: AbortSignal): Promise<Uint8Array> {
  const key = cid.toString();
  if (cid.multihash.code !== sha256.code) {
    throw new StorageError('INVALID_CID', `${key}: a gateway block can only be verified for a sha2-256 CID`, {
      cid: key,
      endpoint: gateway,
    });
  }
  const url = `${gateway}/ipfs/${key}?format=raw`;
  let res: Response;
  try {
    res = await fetch(url, { headers: { accept: 'application/vnd.ipld.raw' }, signal });
  } catch (cause) {
    signal.throwIfAborted();
    throw new StorageError(
      'UNAVAILABLE',
      `gateway ${gateway} unreachable for block ${key}: ${(cause as Error).message}`,
      { cid: key, cause, endpoint: gateway },
    );
  }
  if (res.status !== 200) {
    await res.body?.cancel().catch(() => undefined);
    const code = res.status === 404 ? 'NOT_FOUND' : res.status === 504 ? 'TIMEOUT' : 'UNAVAILABLE';
    throw new StorageError(code, `gateway ${gateway} answered HTTP ${res.status} for block ${key}`, {
      cid: key,
      endpoint: gateway,
    });
  }
  const chunks: Uint8Array[] = [];
  let length = 0;
  const reader = res.body!.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      length += value.byteLength;
      if (length > MAX_GATEWAY_BLOCK_BYTES) {
        throw new StorageError(
          'TOO_LARGE',
          `gateway ${gateway} sent more than ${MAX_GATEWAY_BLOCK_BYTES} bytes for block ${key}, expected one block`,
          { cid: key, endpoint: gateway },
        );
      }
      chunks.push(value);
    }
  } catch (cause) {
    await reader.cancel().catch(() => undefined);
    if (cause instanceof StorageError) throw cause;
    signal.throwIfAborted();
    throw new StorageError(
      'UNAVAILABLE',
      `gateway ${gateway} failed while sending block ${key}: ${(cause as Error).message}`,
      { cid: key, cause, endpoint: gateway },
    );
  }
  const block = Buffer.concat(chunks, length);
  const digest = createHash('sha256').update(block).digest();
  if (!digest.equals(cid.multihash.digest)) {
    throw new StorageError(
      'CID_MISMATCH',
      `gateway ${gateway} sent ${length} bytes for block ${key} that hash to another CID: refused`,
      { cid: key, endpoint: gateway },
    );
  }
  return new Uint8Array(block.buffer, block.byteOffset, block.byteLength);
}
