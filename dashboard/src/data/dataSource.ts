import type { DashboardState } from './types';

/** What the UI shows about the source itself. */
export type SourceStatus =
  | { kind: 'loading' }
  | { kind: 'live'; lastUpdateMs: number }
  | { kind: 'error'; error: Error; lastUpdateMs?: number };

/**
 * Where the dashboard's state comes from. Two implementations: the embedded event indexer (default; see
 * createEventIndexer) and the subgraph (when VITE_SUBGRAPH_URL is set; see createDataSource). The UI only ever
 * sees this interface, so a source can be swapped without touching a component.
 */
export interface DataSource {
  /** The current state; a new object after every change, so React can compare by identity. */
  getState(): DashboardState;
  getStatus(): SourceStatus;
  /** Called after every state or status change. Returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
  /** Starts following the chain (first a catch-up, then incremental updates). Idempotent. */
  start(): void;
  /** Stops polling; the state is kept. */
  stop(): void;
  /** Fetches what is new now and resolves once it is folded in (tests and a "refresh" button use it). */
  update(): Promise<void>;
}
