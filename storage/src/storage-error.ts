import type { StorageErrorCode } from './types';

export interface StorageErrorOptions {
  cause?: unknown;
  /** The CID concerned, when there is one. */
  cid?: string;
  /** The endpoint concerned (Kubo RPC URL, peer multiaddr), when there is one. */
  endpoint?: string;
}

/**
 * The one error class of the storage layer. `code` is stable (callers branch on it, `withRetry` retries
 * UNAVAILABLE and TIMEOUT); the message names the CID or endpoint and what was expected.
 */
export class StorageError extends Error {
  override readonly name = 'StorageError';
  readonly code: StorageErrorCode;
  readonly cid: string | undefined;
  readonly endpoint: string | undefined;

  constructor(code: StorageErrorCode, message: string, options: StorageErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.cid = options.cid;
    this.endpoint = options.endpoint;
  }
}

export function isStorageError(err: unknown, code?: StorageErrorCode): err is StorageError {
  return err instanceof StorageError && (code === undefined || err.code === code);
}
