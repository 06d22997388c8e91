import { useState } from 'react';
import type { DataSource } from '../data';
import { Dashboard } from '../components/Dashboard';
import { useChainNow } from './useChainNow';
import { useDataSource } from './useDataSource';

export function App({ source }: { source: DataSource }) {
  const { state, status } = useDataSource(source);
  const nowS = useChainNow(state.head);
  const [runId, setRunId] = useState<number | undefined>(undefined);
  return <Dashboard state={state} status={status} nowS={nowS} runId={runId} onSelectRun={setRunId} />;
}
