import {
  courtHealth,
  currentLease,
  disputes,
  leaderboard,
  lossCurve,
  throughput,
  timeline,
  type DashboardState,
  type SourceStatus,
} from '../data';
import { AccountCard } from './AccountCard';
import { CourtHealthCard } from './CourtHealthCard';
import { DisputesTable } from './DisputesTable';
import { LeaseCard } from './LeaseCard';
import { Leaderboard } from './Leaderboard';
import { LossChart } from './LossChart';
import { ModelPanel } from './ModelPanel';
import { RunOverview } from './RunOverview';
import { StatusBanner } from './StatusBanner';
import { SubmissionsPanel } from './SubmissionsPanel';
import type { Voting } from './VotePanel';
import type { ReactNode } from 'react';

export type DashboardProps = {
  state: DashboardState;
  status: SourceStatus;
  /** Chain time (unix seconds); undefined until the first block is read. */
  nowS: number | undefined;
  runId: number | undefined;
  onSelectRun(runId: number): void;
  /** Set when the page votes for someone: the disputes table then offers commit and reveal. */
  voting?: Voting | undefined;
  /** The control choosing the voter (the App's VoterPicker). */
  voterPicker?: ReactNode;
};

/** The whole page as a pure function of the state: what the component tests render. */
export function Dashboard({ state, status, nowS, runId, onSelectRun, voting, voterPicker }: DashboardProps) {
  const runIds = Object.keys(state.runs)
    .map(Number)
    .sort((a, b) => b - a);
  const selected = runId !== undefined && state.runs[runId] ? runId : runIds[0];
  const run = selected !== undefined ? state.runs[selected] : undefined;
  return (
    <>
      <a className="skip" href="#main">
        Skip to content
      </a>
      <header className="top">
        <h1>veritrain</h1>
        {runIds.length > 1 && (
          <label>
            Run{' '}
            <select value={selected} onChange={(e) => onSelectRun(Number(e.target.value))}>
              {runIds.map((id) => (
                <option key={id} value={id}>
                  {id}
                </option>
              ))}
            </select>
          </label>
        )}
        {voterPicker}
        <StatusBanner status={status} {...(state.head ? { headBlock: state.head.blockNumber } : {})} />
      </header>
      <main id="main" className="grid" aria-busy={status.kind === 'loading'}>
        {run ? (
          <>
            <RunOverview run={run} throughput={nowS !== undefined ? throughput(state, run.runId, nowS) : undefined} />
            <LeaseCard current={nowS !== undefined ? currentLease(state, run.runId, nowS) : undefined} />
            <LossChart points={lossCurve(state, run.runId)} />
            <SubmissionsPanel run={run} submissions={timeline(state, run.runId)} />
            <ModelPanel run={run} submissions={timeline(state, run.runId)} />
          </>
        ) : (
          status.kind !== 'loading' && (
            <section className="card wide">
              <h2>No run yet</h2>
              <p>
                The contracts are deployed but no training run was created. Start the devnet with <code>npm start</code>
                .
              </p>
            </section>
          )
        )}
        <DisputesTable disputes={disputes(state)} nowS={nowS} voting={voting} />
        <Leaderboard workers={leaderboard(state)} />
        <CourtHealthCard health={courtHealth(state)} />
        {voting?.account && <AccountCard account={voting.account} headBlock={state.head?.blockNumber} nowS={nowS} />}
      </main>
    </>
  );
}
