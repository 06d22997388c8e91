/**
 * The one error class of the protocol package. `code` is stable; `message` names the bad input and what was
 * expected; `details` carries the values; `cause` chains the underlying error.
 */
export type ProtocolErrorCode = 'INVALID_ARGUMENT' | 'INVALID_DEPLOYMENT' | 'INVALID_LOSSES' | 'UNKNOWN_STEP';

export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';
  readonly code: ProtocolErrorCode;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(
    code: ProtocolErrorCode,
    message: string,
    options: { details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.details = options.details ?? {};
  }
}
