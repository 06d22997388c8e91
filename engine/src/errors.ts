/**
 * The one error class of the engine. `code` is stable (tests and callers switch on it); `message` is
 * short and names the offending input and what was expected; `details` carries the values.
 */
export type EngineErrorCode =
  | 'INVALID_ARGUMENT'
  | 'INVALID_SPEC'
  | 'NON_FINITE'
  | 'SHAPE_MISMATCH'
  | 'CHECKPOINT_MAGIC'
  | 'CHECKPOINT_VERSION'
  | 'CHECKPOINT_HEADER'
  | 'CHECKPOINT_TRUNCATED'
  | 'CHECKPOINT_TOO_LARGE'
  | 'CHECKPOINT_TRAILING_BYTES'
  | 'CHECKPOINT_SPEC_MISMATCH'
  | 'DATASET'
  | 'UNSUPPORTED';

export class EngineError extends Error {
  override readonly name = 'EngineError';
  readonly code: EngineErrorCode;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(
    code: EngineErrorCode,
    message: string,
    options: { details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = options.details ?? {};
  }
}
