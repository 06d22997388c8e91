import type { DataSource, SourceStatus } from './dataSource';
import type { DashboardState } from './types';

export type CreatePollingSourceParameters = {
  pollIntervalMs: number;
  /** Fetches what is new and folds it into the state; resolves a warning to show as the status, or nothing. */
  fetchNew(): Promise<Error | undefined>;
  /** The error the page shows when `fetchNew` fails (the state read so far is kept). */
  describeFailure(cause: unknown): Error;
  getState(): DashboardState;
};

/**
 * The polling and subscription half every data source shares: one update at a time (overlapping polls would fetch
 * the same range twice), a status per update, listeners told after each, and a poll loop that a stop ends.
 */
export function createPollingSource(p: CreatePollingSourceParameters): DataSource {
  let status: SourceStatus = { kind: 'loading' };
  let inFlight: Promise<void> | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let running = false;
  // Each start begins a new poll loop; a loop from an earlier start (stopped while its update was in flight,
  // as React's StrictMode does on mount) sees a newer generation and ends instead of polling twice.
  let generation = 0;
  const listeners = new Set<() => void>();
  const notify = () => {
    for (const listener of listeners) listener();
  };

  function update(): Promise<void> {
    inFlight ??= p
      .fetchNew()
      .then((warning) => {
        status = warning
          ? { kind: 'error', error: warning, lastUpdateMs: Date.now() }
          : { kind: 'live', lastUpdateMs: Date.now() };
      })
      .catch((cause: unknown) => {
        const error = p.describeFailure(cause);
        status = {
          kind: 'error',
          error,
          ...(status.kind !== 'loading' && status.lastUpdateMs ? { lastUpdateMs: status.lastUpdateMs } : {}),
        };
      })
      .finally(() => {
        inFlight = undefined;
        notify();
      });
    return inFlight;
  }

  function loop(gen: number) {
    if (!running || gen !== generation) return;
    timer = setTimeout(() => void update().finally(() => loop(gen)), p.pollIntervalMs);
  }

  return {
    getState: p.getState,
    getStatus: () => status,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    start() {
      if (running) return;
      running = true;
      const gen = ++generation;
      void update().finally(() => loop(gen));
    },
    stop() {
      running = false;
      if (timer) clearTimeout(timer);
      timer = undefined;
    },
    update,
  };
}
