export type SubgraphErrorCode = 'INVALID_ARGUMENT' | 'INVALID_DEPLOYMENT' | 'MAPPING_ABORTED' | 'HOST_UNSUPPORTED' | 'UNKNOWN_EVENT';

/** The one error class of the subgraph workspace: a stable `code`, a message naming the bad input, a `cause`. */
export class SubgraphError extends Error {
  override readonly name = 'SubgraphError';
  readonly code: SubgraphErrorCode;

  constructor(code: SubgraphErrorCode, message: string, options: { cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
  }
}
