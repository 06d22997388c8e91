import { VeritrainError } from '@veritrain/protocol/errors';
import type { StorageErrorCode } from './types';

export interface StorageErrorOptions {
  cause?: unknown;
  /** The CID concerned, when there is one. */
  cid?: string;
  /** The endpoint concerned (Kubo RPC URL, peer multiaddr), when there is one. */
  endpoint?: string;
}

/**
 * The one error class of the storage layer (a VeritrainError). `code` is stable (callers branch on it,
 * `withRetry` retries UNAVAILABLE and TIMEOUT); the message names the CID or endpoint and what was expected.
 * `cid` and `endpoint` are also in `details`, where code that only knows the base class finds them.
 */
export class StorageError extends VeritrainError<StorageErrorCode> {
  override readonly name = 'StorageError';
  readonly cid: string | undefined;
  readonly endpoint: string | undefined;

  constructor(code: StorageErrorCode, message: string, options: StorageErrorOptions = {}) {
    const details: Record<string, unknown> = {};
    if (options.cid !== undefined) details.cid = options.cid;
    if (options.endpoint !== undefined) details.endpoint = options.endpoint;
    super(code, message, { details, cause: options.cause });
    this.cid = options.cid;
    this.endpoint = options.endpoint;
  }
}

export function isStorageError(err: unknown, code?: StorageErrorCode): err is StorageError {
  return err instanceof StorageError && (code === undefined || err.code === code);
}
