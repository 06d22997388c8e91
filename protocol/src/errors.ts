/**
 * Options every veritrain error takes: the standard `cause` (ErrorOptions) and `details`, the offending
 * values kept apart from the message so that callers and logs read them without parsing text.
 */
export interface VeritrainErrorOptions extends ErrorOptions {
  details?: Record<string, unknown>;
}

/**
 * The one error base of the TypeScript packages. It lives here because protocol is the lowest package every
 * other one may depend on, and it is browser-safe. Each package subclasses it once with its own union of
 * codes, so a CLI can catch `VeritrainError` and print `code: message` whichever package threw.
 * `code` is stable (callers and tests switch on it); `message` is short and names the bad input and what was
 * expected; `details` carries the values; `cause` chains the underlying error.
 */
export class VeritrainError<Code extends string = string> extends Error {
  // Defaults to the subclass's class name; subclasses restate it as a literal, which survives a minifier.
  override readonly name: string;
  readonly code: Code;
  readonly details: Readonly<Record<string, unknown>>;

  constructor(code: Code, message: string, options: VeritrainErrorOptions = {}) {
    // No own `cause` property unless one was given, as for a plain `new Error(message)`.
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.code = code;
    this.details = Object.freeze({ ...options.details });
  }
}

/** The error class of the protocol package. */
export type ProtocolErrorCode =
  | 'INVALID_ARGUMENT'
  | 'INVALID_DEPLOYMENT'
  | 'INVALID_LOSSES'
  | 'UNKNOWN_STEP'
  | 'INVALID_FILE'
  | 'INVALID_JSON'
  | 'INVALID_MANIFEST';

export class ProtocolError extends VeritrainError<ProtocolErrorCode> {
  override readonly name = 'ProtocolError';

  constructor(
    code: ProtocolErrorCode,
    message: string,
    options: { details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(code, message, options);
  }
}
