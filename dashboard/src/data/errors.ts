/**
 * The one error class of the dashboard. `code` is stable; `message` names the bad input and what was expected;
 * `cause` chains the underlying error (e.g. the RPC failure).
 */
export type DashboardErrorCode = 'INVALID_CONFIG' | 'RPC_UNAVAILABLE' | 'NOT_IMPLEMENTED' | 'NO_SAVED_BALLOT' | 'NO_WALLET' | 'TX_REVERTED' | 'INVALID_AMOUNT';

export class DashboardError extends Error {
  override readonly name = 'DashboardError';
  readonly code: DashboardErrorCode;

  constructor(code: DashboardErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }
}
