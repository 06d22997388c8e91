import { VeritrainError } from '@veritrain/protocol';

export type DevnetErrorCode = 'INVALID_OPTION' | 'START_FAILED' | 'CHILD_FAILED';

/**
 * The one error class of the devnet (a VeritrainError); `code` is stable, the message names the bad input and what
 * was expected. The message starts with the code, as the devnet prints it alone.
 */
export class DevnetError extends VeritrainError<DevnetErrorCode> {
  override readonly name = 'DevnetError';
  constructor(code: DevnetErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(code, `${code}: ${message}`, options);
  }
}
