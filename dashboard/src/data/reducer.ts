import { bitsToFloat32, DisputeStatus, unpackLosses, Vote } from '@veritrain/protocol';
import type { Address } from 'viem';
import type { ProtocolEvent } from './events';
import type {
  DashboardState,
  DisputeOutcome,
  DisputeView,
  LogPosition,
  SubmissionState,
  SubmissionView,
  ValidatorView,
  WorkerView,
} from './types';

/** Orders events as the chain executed them. */
export function comparePositions(a: LogPosition, b: LogPosition): number {
  if (a.blockNumber !== b.blockNumber) return a.blockNumber < b.blockNumber ? -1 : 1;
  return a.logIndex - b.logIndex;
}

/**
 * Folds a batch of events into the state. The batch is sorted first and anything at or before the state's
 * cursor is skipped, so a source may deliver overlapping or shuffled batches. Each handler also tolerates a
 * missing predecessor (a Finalized before its Submitted) and never moves a status backwards, so even an event
 * that slips in late cannot resurrect a dead submission.
 */
export function foldEvents(state: DashboardState, events: readonly ProtocolEvent[]): DashboardState {
  const sorted = [...events].sort(comparePositions);
  let next = state;
  for (const event of sorted) {
    if (next.cursor && comparePositions(event, next.cursor) <= 0) continue;
    next = applyEvent(next, event);
    next = { ...next, cursor: { blockNumber: event.blockNumber, logIndex: event.logIndex } };
  }
  return next;
}

// A submission's life only moves forward; terminal states outrank everything before them.
const rank: Record<SubmissionState, number> = {
  leased: 0,
  pending: 1,
  expired: 2,
  cancelled: 2,
  final: 2,
  invalid: 3,
  orphaned: 2,
};

function withStatus(s: SubmissionView, status: SubmissionState): SubmissionView {
  return rank[status] >= rank[s.status] ? { ...s, status } : s;
}

const ZERO = '0x0000000000000000000000000000000000000000' as Address;

function stubSubmission(id: number, runId: number, holder: Address = ZERO): SubmissionView {
  return {
    id,
    runId,
    holder,
    parentId: 0,
    firstStep: 0,
    lastStep: 0,
    bondWei: 0n,
    status: 'leased',
    leaseDeadlineS: 0,
  };
}

function stubWorker(address: Address): WorkerView {
  return { address, leases: 0, stepsSubmitted: 0, stepsFinalized: 0, rewardTokens: 0n, slashes: 0, slashedWei: 0n };
}

function stubValidator(address: Address): ValidatorView {
  return { address, stake: 0n, unbonding: 0n };
}

const ZERO_ROOT = `0x${'0'.repeat(64)}` as const;

function stubDispute(id: number): DisputeView {
  return {
    id,
    runId: 0,
    submissionId: 0,
    challenger: ZERO,
    step: 0,
    workerRoot: ZERO_ROOT,
    workerLoss: 0,
    claimedRoot: ZERO_ROOT,
    claimedLoss: 0,
    bondWei: 0n,
    ballots: {},
    committedWeight: 0n,
    fraudWeight: 0n,
    honestWeight: 0n,
    openedAt: { blockNumber: 0n, logIndex: 0 },
  };
}

const outcomeOf = (status: number): DisputeOutcome | undefined =>
  status === DisputeStatus.Fraud
    ? 'fraud'
    : status === DisputeStatus.Honest
      ? 'honest'
      : status === DisputeStatus.NoQuorum
        ? 'no-quorum'
        : undefined;

const stepsOf = (s: SubmissionView) =>
  s.lastStep >= s.firstStep && s.firstStep > 0 ? s.lastStep - s.firstStep + 1 : 0;

function updateWorker(state: DashboardState, address: Address, f: (w: WorkerView) => WorkerView): DashboardState {
  const w = state.workers[address] ?? stubWorker(address);
  return { ...state, workers: { ...state.workers, [address]: f(w) } };
}

function updateSubmission(
  state: DashboardState,
  id: number,
  runId: number,
  f: (s: SubmissionView) => SubmissionView,
): DashboardState {
  const s = state.submissions[id] ?? stubSubmission(id, runId);
  return { ...state, submissions: { ...state.submissions, [id]: f(s) } };
}

function updateDispute(state: DashboardState, id: number, f: (d: DisputeView) => DisputeView): DashboardState {
  // The court opens its case inside openDispute, before the coordinator emits DisputeOpened: court events may
  // come first, so they start a stub that DisputeOpened completes.
  const d = state.disputes[id] ?? stubDispute(id);
  return { ...state, disputes: { ...state.disputes, [id]: f(d) } };
}

function updateValidator(
  state: DashboardState,
  address: Address,
  f: (v: ValidatorView) => ValidatorView,
): DashboardState {
  const v = state.validators[address] ?? stubValidator(address);
  return { ...state, validators: { ...state.validators, [address]: f(v) } };
}

/** A court penalty, taken from the validator's active stake as the court takes it first. */
function takeStake(state: DashboardState, address: Address, amount: bigint): DashboardState {
  if (amount === 0n) return state;
  return updateValidator(state, address, (v) => ({ ...v, stake: v.stake > amount ? v.stake - amount : 0n }));
}

/**
 * Marks every pending descendant of a dead submission as orphaned: on chain they stay Pending until someone
 * calls reclaimOrphaned, but they can never finalize.
 */
function orphanDescendants(state: DashboardState, deadId: number): DashboardState {
  const dead = new Set([deadId]);
  const submissions = { ...state.submissions };
  // Children always have larger ids than their parents, so one pass in id order reaches every descendant.
  const ids = Object.keys(submissions)
    .map(Number)
    .sort((a, b) => a - b);
  for (const id of ids) {
    const s = submissions[id]!;
    if (
      id > deadId &&
      dead.has(s.parentId) &&
      (s.status === 'pending' || s.status === 'orphaned' || s.status === 'leased')
    ) {
      dead.add(id);
      if (s.status === 'pending') submissions[id] = { ...s, status: 'orphaned' };
    }
  }
  return { ...state, submissions };
}

const isDead = (s: SubmissionView | undefined) =>
  s !== undefined && (s.status === 'invalid' || s.status === 'orphaned');

/** Folds one event. Pure: the input state is never mutated. */
export function applyEvent(state: DashboardState, event: ProtocolEvent): DashboardState {
  const at: LogPosition = { blockNumber: event.blockNumber, logIndex: event.logIndex };
  switch (event.eventName) {
    case 'RunCreated': {
      const { runId, creator, config } = event.args;
      const id = Number(runId);
      const prev = state.runs[id];
      return {
        ...state,
        runs: {
          ...state.runs,
          [id]: {
            runId: id,
            creator,
            specHash: config.specHash,
            specCid: config.specCid,
            genesisRoot: config.genesisRoot,
            genesisCid: config.genesisCid,
            stepsPerLease: Number(config.stepsPerLease),
            leaseDurationS: Number(config.leaseDuration),
            challengeWindowS: Number(config.challengeWindow),
            totalSteps: Number(config.totalSteps),
            workerBondWei: config.workerBond,
            challengerBondWei: config.challengerBond,
            rewardPerStep: config.rewardPerStep,
            tipStep: prev?.tipStep ?? 0,
            tipId: prev?.tipId ?? 0,
            finalizedStep: prev?.finalizedStep ?? 0,
            liveLeaseId: prev?.liveLeaseId ?? 0,
          },
        },
      };
    }
    case 'LeaseAcquired': {
      const { runId, leaseId, holder, parentId, firstStep, lastStep, deadline, bondWei } = event.args;
      const id = Number(leaseId);
      const run = Number(runId);
      let next = updateSubmission(state, id, run, (s) => ({
        ...s,
        holder,
        parentId: Number(parentId),
        firstStep: Number(firstStep),
        lastStep: Number(lastStep),
        bondWei,
        leaseDeadlineS: Number(deadline),
        acquiredAt: at,
      }));
      next = updateWorker(next, holder, (w) => ({ ...w, leases: w.leases + 1 }));
      const r = next.runs[run];
      if (r && next.submissions[id]!.status === 'leased')
        next = { ...next, runs: { ...next.runs, [run]: { ...r, liveLeaseId: id } } };
      return next;
    }
    case 'LeaseExpired':
    case 'LeaseCancelled': {
      const { runId, leaseId, holder } = event.args;
      const id = Number(leaseId);
      const run = Number(runId);
      const expired = event.eventName === 'LeaseExpired';
      let next = updateSubmission(state, id, run, (s) =>
        withStatus({ ...s, holder }, expired ? 'expired' : 'cancelled'),
      );
      if (event.eventName === 'LeaseExpired') {
        const slashed = event.args.slashedWei;
        next = updateWorker(next, holder, (w) => ({
          ...w,
          slashes: w.slashes + 1,
          slashedWei: w.slashedWei + slashed,
        }));
      }
      const r = next.runs[run];
      if (r && r.liveLeaseId === id) next = { ...next, runs: { ...next.runs, [run]: { ...r, liveLeaseId: 0 } } };
      return next;
    }
    case 'Submitted': {
      const a = event.args;
      const id = Number(a.submissionId);
      const run = Number(a.runId);
      const losses = unpackLosses(a.losses).map(bitsToFloat32);
      let next = updateSubmission(state, id, run, (s) =>
        withStatus(
          {
            ...s,
            holder: a.worker,
            parentId: Number(a.parentId),
            firstStep: Number(a.firstStep),
            lastStep: Number(a.lastStep),
            stepsRoot: a.stepsRoot,
            finalRoot: a.finalRoot,
            checkpointCid: a.checkpointCid,
            losses,
            challengeDeadlineS: Number(a.challengeDeadline),
            submittedAt: at,
            ...(event.timestampS !== undefined ? { submittedAtS: event.timestampS } : {}),
          },
          'pending',
        ),
      );
      const sub = next.submissions[id]!;
      next = updateWorker(next, a.worker, (w) => ({ ...w, stepsSubmitted: w.stepsSubmitted + stepsOf(sub) }));
      const r = next.runs[run];
      if (r) {
        const live = sub.status === 'pending';
        next = {
          ...next,
          runs: {
            ...next.runs,
            [run]: {
              ...r,
              liveLeaseId: r.liveLeaseId === id ? 0 : r.liveLeaseId,
              ...(live && sub.lastStep > r.tipStep ? { tipStep: sub.lastStep, tipId: id } : {}),
            },
          },
        };
      }
      // Submitted on top of a parent that died meanwhile: dead on arrival.
      if (sub.status === 'pending' && isDead(next.submissions[sub.parentId])) {
        next = updateSubmission(next, id, run, (s) => withStatus(s, 'orphaned'));
      }
      return next;
    }
    case 'Finalized': {
      const { runId, submissionId, worker, finalizedStep, rewardTokens } = event.args;
      const id = Number(submissionId);
      const run = Number(runId);
      let next = updateSubmission(state, id, run, (s) => withStatus({ ...s, holder: worker, rewardTokens }, 'final'));
      const sub = next.submissions[id]!;
      next = updateWorker(next, worker, (w) => ({
        ...w,
        stepsFinalized: w.stepsFinalized + stepsOf(sub),
        rewardTokens: w.rewardTokens + rewardTokens,
      }));
      const r = next.runs[run];
      if (r && Number(finalizedStep) > r.finalizedStep) {
        next = { ...next, runs: { ...next.runs, [run]: { ...r, finalizedStep: Number(finalizedStep) } } };
      }
      return next;
    }
    case 'Invalidated': {
      const { runId, submissionId, tipStep, tipId } = event.args;
      const id = Number(submissionId);
      const run = Number(runId);
      const before = state.submissions[id];
      let next = updateSubmission(state, id, run, (s) => withStatus(s, 'invalid'));
      if (before && before.status !== 'invalid') {
        const bond = before.bondWei;
        next = updateWorker(next, before.holder, (w) => ({
          ...w,
          slashes: w.slashes + 1,
          slashedWei: w.slashedWei + bond,
        }));
      }
      const r = next.runs[run];
      if (r)
        next = { ...next, runs: { ...next.runs, [run]: { ...r, tipStep: Number(tipStep), tipId: Number(tipId) } } };
      return orphanDescendants(next, id);
    }
    case 'Orphaned': {
      const { runId, submissionId, worker } = event.args;
      const id = Number(submissionId);
      const next = updateSubmission(state, id, Number(runId), (s) => ({
        ...withStatus({ ...s, holder: worker }, 'orphaned'),
        reclaimed: true,
      }));
      return orphanDescendants(next, id);
    }
    case 'DisputeOpened': {
      const a = event.args;
      const id = Number(a.disputeId);
      const sub = state.submissions[Number(a.submissionId)];
      const prev = state.disputes[id];
      const dispute: DisputeView = {
        ...(prev ?? stubDispute(id)),
        runId: Number(a.runId),
        submissionId: Number(a.submissionId),
        challenger: a.challenger,
        ...(sub ? { worker: sub.holder } : {}),
        step: Number(a.step),
        workerRoot: a.workerRoot,
        workerLoss: bitsToFloat32(a.workerLossBits),
        claimedRoot: a.claimedRoot,
        claimedLoss: bitsToFloat32(a.claimedLossBits),
        bondWei: a.bondWei,
        openedAt: at,
      };
      return { ...state, disputes: { ...state.disputes, [id]: dispute } };
    }
    case 'DisputeResolved': {
      const { disputeId, outcome } = event.args;
      const o = outcomeOf(outcome);
      return updateDispute(state, Number(disputeId), (d) => (o ? { ...d, outcome: o } : d));
    }
    case 'CaseOpened': {
      const { disputeId, snapshotBlock, totalWeight, commitEnd, revealEnd } = event.args;
      return updateDispute(state, Number(disputeId), (d) => ({
        ...d,
        snapshotBlock: BigInt(snapshotBlock),
        totalWeight,
        commitEndS: Number(commitEnd),
        revealEndS: Number(revealEnd),
      }));
    }
    case 'VoteCommitted': {
      const { disputeId, voter, weight } = event.args;
      return updateDispute(state, Number(disputeId), (d) =>
        d.ballots[voter]
          ? d
          : {
              ...d,
              committedWeight: d.committedWeight + weight,
              ballots: { ...d.ballots, [voter]: { voter, weight, vote: 'hidden' } },
            },
      );
    }
    case 'VoteRevealed': {
      const { disputeId, voter, vote, weight } = event.args;
      const side = vote === Vote.Fraud ? 'fraud' : 'honest';
      return updateDispute(state, Number(disputeId), (d) => {
        const prev = d.ballots[voter];
        if (prev && prev.vote !== 'hidden') return d;
        return {
          ...d,
          committedWeight: prev ? d.committedWeight : d.committedWeight + weight,
          fraudWeight: d.fraudWeight + (side === 'fraud' ? weight : 0n),
          honestWeight: d.honestWeight + (side === 'honest' ? weight : 0n),
          ballots: { ...d.ballots, [voter]: { ...prev, voter, weight, vote: side } },
        };
      });
    }
    case 'RoundUndecided': {
      // The round decided nothing: the next one has a new snapshot, new windows and empty tallies.
      const { disputeId, nextSnapshotBlock, nextCommitEnd, nextRevealEnd } = event.args;
      return updateDispute(state, Number(disputeId), (d) => ({
        ...d,
        undecidedRounds: (d.undecidedRounds ?? 0) + 1,
        snapshotBlock: BigInt(nextSnapshotBlock),
        commitEndS: Number(nextCommitEnd),
        revealEndS: Number(nextRevealEnd),
        ballots: {},
        committedWeight: 0n,
        fraudWeight: 0n,
        honestWeight: 0n,
      }));
    }
    case 'DisputeRoundUndecided': {
      // The opener paid the no-verdict fee: what is left of its bond.
      const { disputeId, bondLeftWei } = event.args;
      return updateDispute(state, Number(disputeId), (d) => ({ ...d, bondWei: bondLeftWei }));
    }
    case 'ChallengerSharePaid': {
      const { disputeId, amountWei } = event.args;
      return updateDispute(state, Number(disputeId), (d) => ({ ...d, challengerShareWei: amountWei }));
    }
    // A voter of a round without verdict that never revealed, or a staked validator that never committed: the
    // penalty comes out of its stake (that round's ballots are no longer shown).
    case 'RoundVoterSettled':
      return takeStake(state, event.args.voter, event.args.tokenPenalty);
    case 'AbsencePenalized':
      return takeStake(state, event.args.validator, event.args.amount);
    case 'CaseResolved': {
      const { disputeId, outcome, fraudWeight, honestWeight, totalWeight } = event.args;
      const o = outcomeOf(outcome);
      return updateDispute(state, Number(disputeId), (d) => ({
        ...d,
        fraudWeight,
        honestWeight,
        totalWeight,
        ...(o ? { outcome: o } : {}),
      }));
    }
    case 'VoterSettled': {
      const { disputeId, voter, majority, tokenReward, tokenPenalty, ethRewardWei } = event.args;
      const next = updateDispute(state, Number(disputeId), (d) => {
        const prev = d.ballots[voter] ?? { voter, weight: 0n, vote: 'hidden' as const };
        return {
          ...d,
          ballots: {
            ...d.ballots,
            [voter]: { ...prev, settled: { majority, tokenReward, tokenPenalty, ethRewardWei } },
          },
        };
      });
      // The penalty comes out of the voter's stake.
      return takeStake(next, voter, tokenPenalty);
    }
    case 'Staked': {
      const { validator, stake } = event.args;
      return updateValidator(state, validator, (v) => ({ ...v, stake }));
    }
    case 'UnstakeRequested': {
      const { validator, amount, stake, releaseAt } = event.args;
      return updateValidator(state, validator, (v) => ({
        ...v,
        stake,
        unbonding: v.unbonding + amount,
        releaseAtS: Number(releaseAt),
      }));
    }
    case 'UnstakeWithdrawn': {
      const { validator, amount } = event.args;
      return updateValidator(state, validator, (v) => ({
        ...v,
        unbonding: v.unbonding > amount ? v.unbonding - amount : 0n,
      }));
    }
    case 'CourtParamsUpdated': {
      const p = event.args.params;
      return {
        ...state,
        courtParams: {
          commitDurationS: Number(p.commitDuration),
          revealDurationS: Number(p.revealDuration),
          unbondingDelayS: Number(p.unbondingDelay),
          quorumBps: p.quorumBps,
          penaltyBps: p.penaltyBps,
        },
      };
    }
    default:
      // Money movements (credits, withdrawals, claims, voter pay) and admin events do not change what is shown.
      return state;
  }
}
