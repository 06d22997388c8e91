import { VeritrainError } from '@veritrain/protocol';

/**
 * The one error class of the dashboard (a VeritrainError). `code` is stable; `message` names the bad input and
 * what was expected; `cause` chains the underlying error (e.g. the RPC failure).
 */
export type DashboardErrorCode =
  | 'INVALID_CONFIG'
  | 'RPC_UNAVAILABLE'
  | 'SUBGRAPH_UNAVAILABLE'
  | 'NOT_IMPLEMENTED'
  | 'NO_SAVED_BALLOT'
  | 'NO_WALLET'
  | 'TX_REVERTED'
  | 'INVALID_AMOUNT';

export class DashboardError extends VeritrainError<DashboardErrorCode> {
  override readonly name: string = 'DashboardError';

  constructor(
    code: DashboardErrorCode,
    message: string,
    options: { details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(code, message, options);
  }
}
