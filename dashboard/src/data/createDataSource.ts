import { createClient, http, webSocket } from 'viem';
import type { DashboardConfig } from './config';
import type { DataSource } from './dataSource';
import { createEventIndexer } from './eventIndexer';
import { createSubgraphSource } from './subgraphSource';

/** The subgraph when configured, otherwise the embedded event indexer over the RPC. */
export function createDataSource(config: DashboardConfig): DataSource {
  if (config.subgraphUrl) return createSubgraphSource(config.subgraphUrl, { pollIntervalMs: config.pollIntervalMs });
  const transport = /^wss?:/.test(config.rpcUrl) ? webSocket(config.rpcUrl) : http(config.rpcUrl, { retryCount: 1 });
  const client = createClient({ transport });
  return createEventIndexer({ client, deployment: config.deployment, pollIntervalMs: config.pollIntervalMs });
}
