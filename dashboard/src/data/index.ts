// The dashboard's data layer: plain TypeScript, no React, usable from Node as well as the browser.
export type { DataSource, SourceStatus } from './dataSource';
export { createEventIndexer, type CreateEventIndexerParameters } from './eventIndexer';
export { createSubgraphSource, type CreateSubgraphSourceOptions } from './subgraphSource';
export { SubgraphSourceError } from './subgraph/subgraphSourceError';
export { createDataSource } from './createDataSource';
export { loadConfig, DEFAULT_RPC_URL, DEFAULT_DEPLOYMENT_URL, type DashboardConfig, type DashboardEnv } from './config';
export { foldEvents, applyEvent, comparePositions } from './reducer';
export { protocolEventsAbi, type ProtocolEvent, type ProtocolEventName } from './events';
export * from './selectors';
export * from './types';
export { DashboardError, type DashboardErrorCode } from './errors';
