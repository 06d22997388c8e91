import { useEffect, useSyncExternalStore } from 'react';
import type { DashboardState, DataSource, SourceStatus } from '../data';

/** Subscribes a component to a data source, starting it on mount and stopping it on unmount. */
export function useDataSource(source: DataSource): { state: DashboardState; status: SourceStatus } {
  useEffect(() => {
    source.start();
    return () => source.stop();
  }, [source]);
  const state = useSyncExternalStore(source.subscribe, source.getState);
  const status = useSyncExternalStore(source.subscribe, source.getStatus);
  return { state, status };
}
