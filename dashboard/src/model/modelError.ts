import { VeritrainError } from '@veritrain/protocol';

/**
 * Why "Try the model" could not load or run a checkpoint, or "Verify" could not check a submission. `code` is
 * stable (the panel picks its advice from it); `message` names the CID, file or URL concerned and what was
 * expected; `cause` chains the underlying failure.
 */
export type ModelErrorCode =
  /** No HTTP answer at all from the gateway or the dataset server (down, wrong URL, CORS refused). */
  | 'GATEWAY_UNREACHABLE'
  /** The gateway (or this page) gave up waiting: IPFS is slow or nobody holds the content. Worth a retry. */
  | 'TIMEOUT'
  /** The gateway says the content does not exist. */
  | 'NOT_FOUND'
  /** The gateway refused or failed in another way (HTTP status in the message). */
  | 'GATEWAY_ERROR'
  /** Bytes arrived but are not what the chain committed to, or do not parse. */
  | 'BAD_CONTENT'
  /** A model or dataset this page cannot run. */
  | 'UNSUPPORTED';

export class ModelError extends VeritrainError<ModelErrorCode> {
  override readonly name = 'ModelError';

  constructor(code: ModelErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(code, message, options);
  }
}

/** Errors worth a retry button: the same request may succeed later. */
export const isRetryable = (err: unknown): boolean =>
  err instanceof ModelError &&
  (err.code === 'TIMEOUT' || err.code === 'GATEWAY_UNREACHABLE' || err.code === 'GATEWAY_ERROR');
