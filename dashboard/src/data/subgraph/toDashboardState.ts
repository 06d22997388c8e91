import type { Address } from 'viem';
import type { BallotView, DashboardState, DisputeView } from '../types';
import type { ChangedRecords } from './fetchChanges';

/**
 * Builds the DashboardState from the subgraph's records (all of them, kept by the source across polls): the
 * same shape the embedded indexer folds from events. `head` is the block the subgraph has indexed.
 */
export function toDashboardState(
  records: ChangedRecords,
  head: { blockNumber: bigint; timestampS: number },
): DashboardState {
  const state: DashboardState = { runs: {}, submissions: {}, workers: {}, disputes: {}, validators: {}, head };
  for (const r of records.runs.values()) state.runs[r.runId] = r;
  for (const s of records.submissions.values()) state.submissions[s.id] = s;
  for (const w of records.workers.values()) state.workers[w.address] = w;
  for (const v of records.validators.values()) state.validators[v.address] = v;
  // The dashboard shows the ballots of a dispute's current round (the round number is its undecided rounds).
  const ballotsByRound = new Map<string, Record<Address, BallotView>>();
  for (const { disputeId, round, ballot } of records.ballots.values()) {
    const key = `${disputeId}-${round}`;
    const m = ballotsByRound.get(key) ?? {};
    m[ballot.voter] = ballot;
    ballotsByRound.set(key, m);
  }
  for (const d of records.disputes.values()) {
    const dispute: DisputeView = { ...d, ballots: ballotsByRound.get(`${d.id}-${d.undecidedRounds ?? 0}`) ?? {} };
    state.disputes[d.id] = dispute;
  }
  for (const p of records.protocols.values()) {
    if (p.courtParams) state.courtParams = p.courtParams;
    if (p.cursor) state.cursor = p.cursor;
  }
  return state;
}
