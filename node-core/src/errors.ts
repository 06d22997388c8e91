import { VeritrainError } from '@veritrain/protocol';
import { EXIT, type ExitCode } from './exitCodes';

/**
 * The one error class of node-core (a VeritrainError). `code` is stable (callers and tests switch on it); `message` names the
 * bad input and what was expected, and never contains a secret; `details` carries values; `cause` chains.
 */
export type NodeErrorCode =
  | 'INVALID_CONFIG'
  | 'INVALID_KEY'
  | 'RPC_UNAVAILABLE'
  /** The endpoint answered something that is not what the JSON-RPC method returns (a chain not to trust). */
  | 'RPC_INVALID_ANSWER'
  | 'WRONG_CHAIN'
  | 'REVERTED'
  | 'TX_FAILED'
  | 'STORAGE'
  | 'STATE'
  | 'INVALID_ARGUMENT'
  | 'BACKEND_UNAVAILABLE';

const EXIT_BY_CODE: Record<NodeErrorCode, ExitCode> = {
  INVALID_CONFIG: EXIT.USAGE,
  INVALID_KEY: EXIT.USAGE,
  INVALID_ARGUMENT: EXIT.USAGE,
  // A --backend this machine cannot load is a config error: the operator picks another, nothing was touched.
  BACKEND_UNAVAILABLE: EXIT.USAGE,
  RPC_UNAVAILABLE: EXIT.CHAIN_UNREACHABLE,
  RPC_INVALID_ANSWER: EXIT.CHAIN_UNREACHABLE,
  WRONG_CHAIN: EXIT.CHAIN_UNREACHABLE,
  REVERTED: EXIT.REVERTED,
  TX_FAILED: EXIT.RUNTIME,
  STORAGE: EXIT.STORAGE,
  STATE: EXIT.STATE,
};

export class NodeError extends VeritrainError<NodeErrorCode> {
  override readonly name = 'NodeError';

  constructor(
    code: NodeErrorCode,
    message: string,
    options: { details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(code, message, options);
  }

  /** The process exit code this error ends a command with. */
  get exitCode(): ExitCode {
    return EXIT_BY_CODE[this.code];
  }
}
