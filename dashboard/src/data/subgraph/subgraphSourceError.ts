import { DashboardError } from '../errors';

/**
 * Why the subgraph could not be read: `unreachable` (network), `http` (a non-2xx answer), `graphql` (the answer
 * carries `errors`), `malformed` (an answer that is not what the schema promises; the message names the field),
 * `indexing` (graph-node reports indexing errors).
 */
export type SubgraphFailure = 'unreachable' | 'http' | 'graphql' | 'malformed' | 'indexing';

/**
 * A DashboardError from the subgraph source, code SUBGRAPH_UNAVAILABLE (the subgraph cannot be read; kept apart
 * from RPC_UNAVAILABLE, which is the chain); `failure` says how, and stays stable for tests and the UI.
 */
export class SubgraphSourceError extends DashboardError {
  override readonly name = 'SubgraphSourceError';
  readonly failure: SubgraphFailure;

  constructor(failure: SubgraphFailure, message: string, options: { cause?: unknown } = {}) {
    super('SUBGRAPH_UNAVAILABLE', message, { cause: options.cause, details: { failure } });
    this.failure = failure;
  }
}
