import type { Address } from 'viem';
import type { BallotView, DashboardState, DisputeView } from '../types';
import type { ChangedRecords } from './fetchChanges';

/**
 * Builds the DashboardState from the subgraph's records (all of them, kept by the source across polls): the
 * same shape the embedded indexer folds from events. `head` is the block the subgraph has indexed.
 */
export function toDashboardState(records: ChangedRecords, head: { blockNumber: bigint; timestampS: number }): DashboardState {
  const state: DashboardState = { runs: {}, submissions: {}, workers: {}, disputes: {}, validators: {}, head };
  for (const r of records.runs.values()) state.runs[r.runId] = r;
  for (const s of records.submissions.values()) state.submissions[s.id] = s;
  for (const w of records.workers.values()) state.workers[w.address] = w;
  for (const v of records.validators.values()) state.validators[v.address] = v;
  const ballotsByDispute = new Map<number, Record<Address, BallotView>>();
  for (const { disputeId, ballot } of records.ballots.values()) {
    const m = ballotsByDispute.get(disputeId) ?? {};
    m[ballot.voter] = ballot;
    ballotsByDispute.set(disputeId, m);
  }
  for (const d of records.disputes.values()) {
    const dispute: DisputeView = { ...d, ballots: ballotsByDispute.get(d.id) ?? {} };
    state.disputes[d.id] = dispute;
  }
  for (const p of records.protocols.values()) {
    if (p.courtParams) state.courtParams = p.courtParams;
    if (p.cursor) state.cursor = p.cursor;
  }
  return state;
}
