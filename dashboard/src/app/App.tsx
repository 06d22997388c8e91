import { useState } from 'react';
import type { DataSource } from '../data';
import { Dashboard } from '../components/Dashboard';
import type { Voting } from '../components/VotePanel';
import { useChainNow } from './useChainNow';
import { useDataSource } from './useDataSource';
import { VoterPicker, type VoteTarget } from './VoterPicker';

export function App({ source, voteTarget }: { source: DataSource; voteTarget?: VoteTarget }) {
  const { state, status } = useDataSource(source);
  const nowS = useChainNow(state.head);
  const [runId, setRunId] = useState<number | undefined>(undefined);
  const [voting, setVoting] = useState<Voting | undefined>(undefined);
  return (
    <Dashboard
      state={state}
      status={status}
      nowS={nowS}
      runId={runId}
      onSelectRun={setRunId}
      voting={voting}
      voterPicker={voteTarget ? <VoterPicker target={voteTarget} source={source} onVoting={setVoting} /> : undefined}
    />
  );
}
