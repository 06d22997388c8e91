export type DevnetErrorCode = 'INVALID_OPTION' | 'START_FAILED' | 'CHILD_FAILED';

/** The one error class of the devnet; `code` is stable, the message names the bad input and what was expected. */
export class DevnetError extends Error {
  override readonly name = 'DevnetError';
  constructor(
    readonly code: DevnetErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(`${code}: ${message}`, options);
  }
}
