import { create, type KuboRPCClient } from 'kubo-rpc-client';
import { collectBytes } from './bytes';
import { cidOf } from './cidOf';
import { KUBO_ADD_OPTIONS } from './cidParameters';
import { deadline, throwIfCallerAborted, type Deadline } from './deadline';
import { parseCid } from './parseCid';
import { StorageError } from './storageError';
import type { AddOptions, ContentStore, GetOptions, HasOptions, PinOptions } from './types';
import { verifyContent } from './verifyContent';

/** The part of kubo-rpc-client this store uses; a test can hand in its own to simulate a lying daemon. */
export type KuboRpcLike = Pick<KuboRPCClient, 'add' | 'cat' | 'pin' | 'refs'>;

export interface KuboStoreOptions {
  /** Kubo RPC API base, e.g. http://127.0.0.1:5001 (what `--ipfs-api` takes). `/api/v0` is added by the client. */
  url: string;
  /** Default `get`/`pin` timeout when the caller gives none. Default 60,000 ms. */
  defaultTimeoutMs?: number;
  /** Timeout of `add`, which never waits for the network. Default 60,000 ms. */
  localTimeoutMs?: number;
  /**
   * How long `has` may walk the DAG before answering false. Kubo answers a missing block at once when
   * offline, but js-ipfs (and Kubo versions that ignore `offline` on the RPC) wait for the network
   * instead, so a walk that takes this long means some block is not local. Default 5,000 ms.
   */
  hasTimeoutMs?: number;
  /** Extra HTTP headers on every request, e.g. `Authorization` for an API behind an authenticating proxy. */
  headers?: Record<string, string>;
  /** Use this client instead of creating one from `url` (tests). */
  client?: KuboRpcLike;
}

const DEFAULT_TIMEOUT_MS = 60_000;
const DEFAULT_HAS_TIMEOUT_MS = 5_000;

/**
 * A ContentStore backed by a Kubo daemon's RPC API (the production path, `--ipfs-api URL`), also fit for
 * anything that speaks it: IPFS Cluster's proxy endpoint, js-ipfs. Adds with the canonical parameters
 * and checks the CID the daemon reports against `cidOf` (a daemon configured with other import settings
 * is caught at once, not when a reader fails to verify). Reads are verified against the CID.
 */
export function createKuboStore(options: KuboStoreOptions): ContentStore {
  const url = normalizeUrl(options.url);
  // What messages, logs and `endpoint` show: never the user:password an authenticating proxy's URL may carry.
  const shownUrl = withoutCredentials(url);
  const defaultTimeoutMs = options.defaultTimeoutMs ?? DEFAULT_TIMEOUT_MS;
  const localTimeoutMs = options.localTimeoutMs ?? DEFAULT_TIMEOUT_MS;
  const hasTimeoutMs = options.hasTimeoutMs ?? DEFAULT_HAS_TIMEOUT_MS;
  // fetch refuses a URL with credentials, so user:password in --ipfs-api become a Basic Authorization header
  // (an authenticating proxy in front of the API), and the URL the client uses carries none.
  const { bare, authorization } = splitCredentials(url);
  const headers = { ...(authorization === undefined ? {} : { authorization }), ...options.headers };
  const client: KuboRpcLike =
    options.client ?? create({ url: bare, ...(Object.keys(headers).length === 0 ? {} : { headers }) });
  const source = `Kubo RPC API ${shownUrl}`;
  let closed = false;

  const assertOpen = (): void => {
    if (closed) throw new StorageError('UNAVAILABLE', `the store for ${source} is closed`, { endpoint: shownUrl });
  };

  const fail = (
    cause: unknown,
    d: Deadline,
    callerSignal: AbortSignal | undefined,
    what: string,
    timeoutMs: number,
    cid?: string,
  ): StorageError => {
    if (cause instanceof StorageError) return cause;
    if (d.expired() || (cause as Error | null)?.name === 'TimeoutError') {
      return new StorageError('TIMEOUT', `${what} via ${source} did not finish within ${timeoutMs} ms`, {
        cause,
        cid,
        endpoint: shownUrl,
      });
    }
    throwIfCallerAborted(callerSignal);
    return mapKuboError(cause, what, shownUrl, cid);
  };

  return {
    async add(bytes: Uint8Array, addOptions: AddOptions = {}): Promise<string> {
      assertOpen();
      const d = deadline(localTimeoutMs, addOptions.signal);
      let reported: string;
      let expected: string;
      try {
        const [result, computed] = await Promise.all([
          // pin: false: pinning is a separate, explicit step in every store (see ContentStore.pin).
          client.add(bytes, { ...KUBO_ADD_OPTIONS, pin: false, signal: d.signal, timeout: localTimeoutMs }),
          cidOf(bytes),
        ]);
        reported = result.cid.toV1().toString();
        expected = computed;
      } catch (cause) {
        throw fail(cause, d, addOptions.signal, `add of ${bytes.byteLength} bytes`, localTimeoutMs);
      } finally {
        d.dispose();
      }
      if (reported !== expected) {
        throw new StorageError(
          'CID_MISMATCH',
          `${source} added ${bytes.byteLength} bytes as ${reported}, expected ${expected}: the daemon does not import with ` +
            `--cid-version=1 --raw-leaves --chunker=size-262144 and a balanced layout of 174 links (check Import.* in its config)`,
          { cid: expected, endpoint: shownUrl },
        );
      }
      return expected;
    },

    async get(cidText: string, getOptions: GetOptions = {}): Promise<Uint8Array> {
      assertOpen();
      const key = parseCid(cidText).toString();
      const timeoutMs = getOptions.timeoutMs ?? defaultTimeoutMs;
      const { maxBytes } = getOptions;
      const d = deadline(timeoutMs, getOptions.signal);
      let bytes: Uint8Array;
      try {
        // length: one byte past the limit, so "exactly maxBytes" and "more" can be told apart.
        const chunks = client.cat(key, {
          signal: d.signal,
          timeout: timeoutMs,
          ...(maxBytes === undefined ? {} : { length: maxBytes + 1 }),
        });
        bytes = await collectBytes(
          chunks,
          maxBytes,
          (received) =>
            new StorageError(
              'TOO_LARGE',
              `content of ${key} from ${source} exceeds maxBytes ${maxBytes}: at least ${received} bytes`,
              {
                cid: key,
                endpoint: shownUrl,
              },
            ),
        );
      } catch (cause) {
        throw fail(cause, d, getOptions.signal, `get of ${key}`, timeoutMs, key);
      } finally {
        d.dispose();
      }
      await verifyContent(key, bytes, source);
      return bytes;
    },

    async pin(cidText: string, pinOptions: PinOptions = {}): Promise<void> {
      assertOpen();
      const key = parseCid(cidText).toString();
      const timeoutMs = pinOptions.timeoutMs ?? defaultTimeoutMs;
      const d = deadline(timeoutMs, pinOptions.signal);
      try {
        await client.pin.add(parseCid(key), { recursive: true, signal: d.signal, timeout: timeoutMs });
      } catch (cause) {
        throw fail(cause, d, pinOptions.signal, `pin of ${key}`, timeoutMs, key);
      } finally {
        d.dispose();
      }
    },

    async has(cidText: string, hasOptions: HasOptions = {}): Promise<boolean> {
      assertOpen();
      const key = parseCid(cidText).toString();
      const d = deadline(hasTimeoutMs, hasOptions.signal);
      try {
        // `refs -r` walks the whole DAG; the global `offline` flag makes a missing block an error
        // instead of a network fetch, so this answers "all blocks local" without side effects.
        for await (const ref of client.refs(key, {
          recursive: true,
          signal: d.signal,
          timeout: hasTimeoutMs,
          searchParams: new URLSearchParams({ offline: 'true' }),
        })) {
          if (ref.err != null) return false;
        }
        return true;
      } catch (cause) {
        const mapped = fail(cause, d, hasOptions.signal, `has ${key}`, hasTimeoutMs, key);
        if (mapped.code === 'NOT_FOUND' || mapped.code === 'TIMEOUT') return false;
        throw mapped;
      } finally {
        d.dispose();
      }
    },

    async close(): Promise<void> {
      closed = true;
    },
  };
}

/** The URL with any user:password replaced by `***`; for a text that is not a URL, the credentials part of it. */
export function withoutCredentials(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.username) parsed.username = '***';
    if (parsed.password) parsed.password = '***';
    return parsed
      .toString()
      .replace(/%2A%2A%2A/g, '***')
      .replace(/\/+$/, '');
  } catch {
    return url.replace(/([A-Za-z][A-Za-z0-9+.-]*:\/\/)[^\s/@?#]*@/g, '$1***@');
  }
}

function splitCredentials(url: string): { bare: string; authorization: string | undefined } {
  const parsed = new URL(url);
  if (parsed.username === '' && parsed.password === '') return { bare: url, authorization: undefined };
  const pair = `${decodeURIComponent(parsed.username)}:${decodeURIComponent(parsed.password)}`;
  parsed.username = '';
  parsed.password = '';
  return {
    bare: parsed.toString().replace(/\/+$/, ''),
    authorization: `Basic ${Buffer.from(pair).toString('base64')}`,
  };
}

function normalizeUrl(url: string): string {
  let parsed: URL;
  const shown = withoutCredentials(url);
  try {
    parsed = new URL(url);
  } catch (cause) {
    throw new StorageError(
      'UNAVAILABLE',
      `Kubo RPC API URL "${shown}" is not a URL: expected e.g. http://127.0.0.1:5001`,
      { cause, endpoint: shown },
    );
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw new StorageError(
      'UNAVAILABLE',
      `Kubo RPC API URL "${shown}" must be http(s): expected e.g. http://127.0.0.1:5001`,
      { endpoint: shown },
    );
  }
  return parsed.toString().replace(/\/+$/, '');
}

const NOT_FOUND_PATTERNS = [
  /not found/i,
  /no link named/i,
  /could not resolve/i,
  /block was not found locally/i,
  /ipld: could not find/i,
];
const INVALID_PATTERNS = [
  /invalid (cid|path|ipfs ref)/i,
  /selected encoding not supported/i,
  /not a (unixfs )?file/i,
  /this dag node is a directory/i,
];

/** Maps a kubo-rpc-client failure onto a StorageError code by what Kubo (or js-ipfs) says. */
export function mapKuboError(cause: unknown, what: string, url: string, cid?: string): StorageError {
  const err = cause as {
    name?: string;
    message?: string;
    cause?: { code?: string; message?: string };
    response?: { status?: number };
  } | null;
  const message = withoutCredentials(err?.message ?? String(cause));
  const status = err?.response?.status;
  if (err?.name === 'HTTPError' && status !== undefined) {
    if (NOT_FOUND_PATTERNS.some((p) => p.test(message))) {
      return new StorageError(
        'NOT_FOUND',
        `${what} via Kubo RPC API ${url}: the daemon does not have it (${message})`,
        { cause, cid, endpoint: url },
      );
    }
    if (INVALID_PATTERNS.some((p) => p.test(message))) {
      return new StorageError(
        'INVALID_CID',
        `${what} via Kubo RPC API ${url}: expected a CID of a file made by add (${message})`,
        { cause, cid, endpoint: url },
      );
    }
    return new StorageError('UNAVAILABLE', `${what} via Kubo RPC API ${url} failed with HTTP ${status}: ${message}`, {
      cause,
      cid,
      endpoint: url,
    });
  }
  const detail = withoutCredentials(err?.cause?.code ?? err?.cause?.message ?? message);
  return new StorageError(
    'UNAVAILABLE',
    `${what}: Kubo RPC API ${url} is unreachable (${detail}); expected a running daemon with its API there (ipfs daemon, Addresses.API)`,
    { cause, cid, endpoint: url },
  );
}
