import { VeritrainError } from '@veritrain/protocol';

/**
 * INVALID_ARGUMENT: a bad flag or option; MAPPING_ABORTED: a handler failed or wrote what graph-node would refuse;
 * HOST_UNSUPPORTED: the mapping needs something the harness does not implement; UNKNOWN_EVENT: no handler for it.
 */
export type SubgraphErrorCode = 'INVALID_ARGUMENT' | 'MAPPING_ABORTED' | 'HOST_UNSUPPORTED' | 'UNKNOWN_EVENT';

/** The one error class of the subgraph workspace (a VeritrainError): a stable `code`, a message naming the bad input, a `cause`. */
export class SubgraphError extends VeritrainError<SubgraphErrorCode> {
  override readonly name = 'SubgraphError';

  constructor(code: SubgraphErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(code, message, options);
  }
}
