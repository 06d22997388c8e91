import { VeritrainError } from '@veritrain/protocol/errors';

/**
 * The one error class of the engine (a VeritrainError). `code` is stable (tests and callers switch on it); `message` is
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
  | 'UNSUPPORTED'
  | 'BACKEND_UNAVAILABLE'
  /** A device backend failed at run time (a CUDA launch or copy): the device's own error is the cause. */
  | 'DEVICE_ERROR';

export class EngineError extends VeritrainError<EngineErrorCode> {
  override readonly name = 'EngineError';

  constructor(
    code: EngineErrorCode,
    message: string,
    options: { details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(code, message, options);
  }
}
