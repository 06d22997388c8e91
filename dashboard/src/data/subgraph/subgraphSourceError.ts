import { DashboardError } from '../errors';

/**
 * Why the subgraph could not be read: `unreachable` (network), `http` (a non-2xx answer), `graphql` (the answer
 * carries `errors`), `malformed` (an answer that is not what the schema promises; the message names the field),
 * `indexing` (graph-node reports indexing errors).
 */
export type SubgraphFailure = 'unreachable' | 'http' | 'graphql' | 'malformed' | 'indexing';

/**
 * A DashboardError from the subgraph source. The base code is RPC_UNAVAILABLE (the data source cannot be read,
 * as for the RPC); `failure` says how, and stays stable for tests and the UI.
 */
export class SubgraphSourceError extends DashboardError {
  readonly failure: SubgraphFailure;

  constructor(failure: SubgraphFailure, message: string, options: { cause?: unknown } = {}) {
    super('RPC_UNAVAILABLE', message, options);
    this.failure = failure;
  }
}
