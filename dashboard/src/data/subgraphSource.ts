import type { DataSource } from './dataSource';
import { DashboardError } from './errors';
import { emptyState } from './types';

/**
 * The subgraph data source (GraphQL over VITE_SUBGRAPH_URL) is not written yet. It plugs in here: query the
 * subgraph's entities (runs, leases, submissions, losses, workers, disputes, votes, validators), map them to
 * DashboardState, poll `_meta { block { number } }` and re-query what changed. Until then it reports an error
 * the UI shows, rather than silently falling back to another source.
 */
export function createSubgraphSource(url: string): DataSource {
  const error = new DashboardError('NOT_IMPLEMENTED', `the subgraph data source (${url}) is not implemented yet; unset VITE_SUBGRAPH_URL to index events from the RPC`);
  const state = emptyState();
  return {
    getState: () => state,
    getStatus: () => ({ kind: 'error', error }),
    subscribe: () => () => undefined,
    start: () => undefined,
    stop: () => undefined,
    update: async () => undefined,
  };
}
