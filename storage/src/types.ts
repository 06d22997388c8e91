/**
 * Browser-safe types of the storage layer: no Node imports here, so `protocol/` and the dashboard can
 * depend on the interface without pulling in Helia, libp2p or the Kubo client.
 */

/** Stable machine-readable failure kinds of a {@link ContentStore}. */
export type StorageErrorCode =
  /** The string is not a CID (or not one this store can serve). */
  | 'INVALID_CID'
  /** The content is definitely absent (e.g. an offline node that does not hold it). */
  | 'NOT_FOUND'
  /** The content did not arrive within `timeoutMs` (absent from every reachable peer, or too slow). */
  | 'TIMEOUT'
  /** The content is larger than the caller's `maxBytes`; reading stopped at the limit. */
  | 'TOO_LARGE'
  /** The bytes received (or the CID a daemon reported) do not hash to the CID asked for. */
  | 'CID_MISMATCH'
  /** The backend cannot be reached or failed in a way a retry may fix (daemon down, HTTP 5xx). */
  | 'UNAVAILABLE';

export interface AddOptions {
  signal?: AbortSignal;
}

export interface GetOptions {
  signal?: AbortSignal;
  /** Refuse content larger than this many bytes (TOO_LARGE); reading stops at the limit. */
  maxBytes?: number;
  /** Give up after this long (TIMEOUT). Defaults to the store's `defaultTimeoutMs`. */
  timeoutMs?: number;
}

export interface HasOptions {
  signal?: AbortSignal;
}

export interface PinOptions {
  signal?: AbortSignal;
  /** Refuse a DAG that declares more than this many bytes (TOO_LARGE), before fetching its blocks. */
  maxBytes?: number;
  /** Give up after this long (TIMEOUT): pinning content not held locally fetches it first. */
  timeoutMs?: number;
}

/**
 * Content-addressed storage for checkpoints and run specs. Every implementation adds with the canonical
 * UnixFS parameters (see `CANONICAL_ADD_PARAMETERS`), so the CID of some bytes is the same whichever store
 * added them, and equals `cidOf(bytes)` and Kubo's
 * `ipfs add --cid-version=1 --raw-leaves --chunker=size-262144`.
 *
 * `get` never returns bytes that do not hash to the CID asked for.
 */
export interface ContentStore {
  /** Stores `bytes` and returns their CIDv1 in base32 (`bafk…` for one chunk, `bafy…` above 256 KiB). */
  add(bytes: Uint8Array, options?: AddOptions): Promise<string>;
  /** Reads the whole content of `cid`, verified against it (CID_MISMATCH otherwise). */
  get(cid: string, options?: GetOptions): Promise<Uint8Array>;
  /** Keeps `cid` (every block of it) across garbage collection; fetches it first if it is not local. */
  pin(cid: string, options?: PinOptions): Promise<void>;
  /** Whether every block of `cid` is held locally, so `get` needs no network. Never fetches. */
  has(cid: string, options?: HasOptions): Promise<boolean>;
  /** Releases the node or client. Idempotent. */
  close(): Promise<void>;
}
