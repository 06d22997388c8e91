import { describe, expect, it } from 'vitest';
import { DisputeStatus, Vote } from '@veritrain/protocol';
import { applyEvent, foldEvents } from './reducer';
import { courtHealth, currentLease, disputePhase, leaderboard, lossCurve, throughput } from './selectors';
import { emptyState } from './types';
import type { ProtocolEvent } from './events';
import {
  ALICE,
  BOB,
  CAROL,
  V1,
  V2,
  addr,
  ev,
  finalized,
  leaseAcquired,
  root,
  runCreated,
  submitted,
} from './testing/events';

const fold = (events: ProtocolEvent[]) => foldEvents(emptyState(), events);

// Alice builds steps 1-2, Bob 3-4 on top, Carol 5-6 on top of Bob; Bob's is disputed and found fraudulent.
const history: ProtocolEvent[] = [
  runCreated(1),
  leaseAcquired(2, 1, ALICE, 0, 1),
  submitted(3, 1, ALICE, 0, 1, [2.5, 2.25]),
  leaseAcquired(4, 2, BOB, 1, 3),
  submitted(5, 2, BOB, 1, 3, [2, 1.75]),
  leaseAcquired(6, 3, CAROL, 2, 5),
  submitted(7, 3, CAROL, 2, 5, [1.5, 1.25]),
  // openDispute: the court's CaseOpened is emitted before the coordinator's DisputeOpened, in one transaction.
  ev('CaseOpened', { disputeId: 1n, snapshotBlock: 7, totalWeight: 300n, commitEnd: 1000n, revealEnd: 2000n }, 8, 0),
  ev(
    'DisputeOpened',
    {
      runId: 1n,
      submissionId: 2n,
      disputeId: 1n,
      challenger: CAROL,
      step: 3n,
      workerRoot: root(3),
      workerLossBits: 0x40000000,
      claimedRoot: root(33),
      claimedLossBits: 0x3f800000,
      bondWei: 5n * 10n ** 17n,
    },
    8,
    1,
  ),
  ev('VoteCommitted', { disputeId: 1n, voter: V1, weight: 200n }, 9),
  ev('VoteCommitted', { disputeId: 1n, voter: V2, weight: 100n }, 9, 1),
  ev('VoteRevealed', { disputeId: 1n, voter: V1, vote: Vote.Fraud, weight: 200n }, 10),
  ev(
    'CaseResolved',
    {
      disputeId: 1n,
      outcome: DisputeStatus.Fraud,
      fraudWeight: 200n,
      honestWeight: 0n,
      unrevealedPenalty: 10n,
      totalWeight: 300n,
      tokenPool: 10n,
      votersPoolWei: 5n,
    },
    11,
    0,
  ),
  ev(
    'DisputeResolved',
    {
      runId: 1n,
      submissionId: 2n,
      disputeId: 1n,
      outcome: DisputeStatus.Fraud,
      challengerCreditWei: 1n,
      workerCreditWei: 0n,
      votersPoolWei: 5n,
      treasuryCreditWei: 0n,
    },
    11,
    1,
  ),
  ev('Invalidated', { runId: 1n, submissionId: 2n, disputeId: 1n, tipStep: 2n, tipId: 1n }, 11, 2),
  ev(
    'VoterSettled',
    { disputeId: 1n, voter: V2, majority: false, tokenReward: 0n, tokenPenalty: 10n, ethRewardWei: 0n },
    12,
  ),
];

describe('reducer', () => {
  it('builds the run from RunCreated', () => {
    const s = fold([runCreated(1)]);
    expect(s.runs[1]).toMatchObject({
      totalSteps: 8,
      stepsPerLease: 2,
      leaseDurationS: 3600,
      specCid: 'bafyspec',
      tipStep: 0,
      liveLeaseId: 0,
    });
  });

  it('tracks the lease holder and its countdown until the submission frees the mutex', () => {
    const leased = fold([runCreated(1), leaseAcquired(2, 1, ALICE, 0, 1, 4000)]);
    expect(leased.runs[1]!.liveLeaseId).toBe(1);
    expect(currentLease(leased, 1, 3970)).toMatchObject({
      lease: { holder: ALICE, firstStep: 1, lastStep: 2 },
      secondsLeft: 30,
    });
    const sub = foldEvents(leased, [submitted(3, 1, ALICE, 0, 1, [2.5, 2.25])]);
    expect(sub.runs[1]).toMatchObject({ liveLeaseId: 0, tipStep: 2, tipId: 1 });
    expect(currentLease(sub, 1, 3970)).toBeUndefined();
    expect(sub.submissions[1]).toMatchObject({
      status: 'pending',
      losses: [2.5, 2.25],
      checkpointCid: 'bafyckpt1',
      challengeDeadlineS: 6000,
    });
    expect(sub.workers[ALICE]).toMatchObject({ leases: 1, stepsSubmitted: 2, stepsFinalized: 0 });
  });

  it('finalizes with rewards and marks the loss curve final only where finalized', () => {
    const s = fold([
      runCreated(1),
      leaseAcquired(2, 1, ALICE, 0, 1),
      submitted(3, 1, ALICE, 0, 1, [2.5, 2.25]),
      leaseAcquired(4, 2, BOB, 1, 3),
      submitted(5, 2, BOB, 1, 3, [2, 1.75]),
      finalized(6, 1, ALICE, 2, 20n),
    ]);
    expect(s.submissions[1]!.status).toBe('final');
    expect(s.runs[1]!.finalizedStep).toBe(2);
    expect(s.workers[ALICE]).toMatchObject({ stepsFinalized: 2, rewardTokens: 20n });
    expect(lossCurve(s, 1).map((p) => [p.step, p.loss, p.final])).toEqual([
      [1, 2.5, true],
      [2, 2.25, true],
      [3, 2, false],
      [4, 1.75, false],
    ]);
    expect(leaderboard(s).map((w) => w.address)).toEqual([ALICE, BOB]);
  });

  it('slashes an expired lease and frees the mutex; a cancelled lease is not a slash', () => {
    const s = fold([
      runCreated(1),
      leaseAcquired(2, 1, ALICE, 0, 1),
      ev(
        'LeaseExpired',
        {
          runId: 1n,
          leaseId: 1n,
          holder: ALICE,
          keeper: BOB,
          slashedWei: 10n ** 17n,
          keeperRewardWei: 1n,
          refundWei: 9n * 10n ** 17n,
        },
        3,
      ),
      leaseAcquired(4, 2, BOB, 0, 1),
      ev('LeaseCancelled', { runId: 1n, leaseId: 2n, holder: BOB, refundWei: 10n ** 18n }, 5),
    ]);
    expect(s.submissions[1]!.status).toBe('expired');
    expect(s.submissions[2]!.status).toBe('cancelled');
    expect(s.runs[1]!.liveLeaseId).toBe(0);
    expect(s.workers[ALICE]).toMatchObject({ slashes: 1, slashedWei: 10n ** 17n });
    expect(s.workers[BOB]).toMatchObject({ slashes: 0, slashedWei: 0n });
  });

  it('follows a dispute through its court case to a fraud verdict', () => {
    const s = fold(history);
    const d = s.disputes[1]!;
    expect(d).toMatchObject({
      submissionId: 2,
      worker: BOB,
      challenger: CAROL,
      step: 3,
      workerLoss: 2,
      claimedLoss: 1,
      outcome: 'fraud',
    });
    // The court's fields survive although CaseOpened came before DisputeOpened.
    expect(d).toMatchObject({
      totalWeight: 300n,
      commitEndS: 1000,
      revealEndS: 2000,
      committedWeight: 300n,
      fraudWeight: 200n,
      honestWeight: 0n,
    });
    expect(d.ballots[V1]!.vote).toBe('fraud');
    expect(d.ballots[V2]).toMatchObject({ vote: 'hidden', settled: { majority: false, tokenPenalty: 10n } });
    expect(disputePhase(d, 500)).toBe('resolved');
  });

  it('derives the dispute phase and quorum reach from chain time and revealed weight', () => {
    const upToReveal = fold(history.slice(0, 12));
    upToReveal.courtParams = {
      commitDurationS: 1,
      revealDurationS: 1,
      unbondingDelayS: 3,
      quorumBps: 5000,
      penaltyBps: 100,
    };
    const d = upToReveal.disputes[1]!;
    expect(disputePhase(d, 999)).toBe('commit');
    expect(disputePhase(d, 1500)).toBe('reveal');
    expect(disputePhase(d, 2001)).toBe('awaiting-resolution');
    expect(courtHealth(upToReveal).openDisputes).toEqual([
      {
        disputeId: 1,
        submissionId: d.submissionId,
        committedBps: 10_000,
        revealedBps: 6666,
        quorumBps: 5000,
        reached: true,
        undecidedRounds: 0,
      },
    ]);
  });

  it('invalidates a fraudulent submission, rolls the tip back, slashes the worker and orphans what built on it', () => {
    const s = fold(history);
    expect(s.submissions[2]!.status).toBe('invalid');
    expect(s.submissions[3]!.status).toBe('orphaned');
    expect(s.submissions[3]!.reclaimed).toBeUndefined();
    expect(s.runs[1]).toMatchObject({ tipStep: 2, tipId: 1 });
    expect(s.workers[BOB]).toMatchObject({ slashes: 1, slashedWei: 10n ** 18n });
    expect(s.workers[CAROL]!.slashes).toBe(0);
    // The loss curve keeps only the live chain.
    expect(lossCurve(s, 1).map((p) => p.step)).toEqual([1, 2]);
  });

  it('marks a submission orphaned on arrival when its parent died first, and records the reclaim', () => {
    const lateChild = submitted(20, 4, ALICE, 3, 7, [1, 0.5]);
    const s = fold([...history, leaseAcquired(13, 4, ALICE, 3, 7), lateChild]);
    expect(s.submissions[4]!.status).toBe('orphaned');
    const reclaimed = foldEvents(s, [
      ev('Orphaned', { runId: 1n, submissionId: 3n, worker: CAROL, refundWei: 10n ** 18n }, 21),
    ]);
    expect(reclaimed.submissions[3]).toMatchObject({ status: 'orphaned', reclaimed: true });
  });

  it('reaches the same state from a shuffled batch and ignores re-delivered events', () => {
    const ordered = fold(history);
    const shuffled = fold([...history].reverse());
    expect(shuffled).toEqual(ordered);
    const again = foldEvents(ordered, history.slice(3));
    expect(again).toBe(ordered);
  });

  it('never moves a status backwards when an event arrives late', () => {
    const fin = applyEvent(
      applyEvent(emptyState(), finalized(6, 1, ALICE, 2)),
      submitted(3, 1, ALICE, 0, 1, [2.5, 2.25]),
    );
    expect(fin.submissions[1]).toMatchObject({ status: 'final', losses: [2.5, 2.25], stepsRoot: root(1001) });
  });

  it('keeps validator stake, unbonding and penalties; court health sums active stake', () => {
    const s = fold([
      ev(
        'CourtParamsUpdated',
        {
          params: {
            commitDuration: 60,
            revealDuration: 60,
            unbondingDelay: 600,
            quorumBps: 3000,
            penaltyBps: 500,
            abstainPenaltyBps: 500,
            treasury: addr(9),
          },
        },
        1,
      ),
      ev('Staked', { validator: V1, amount: 100n, stake: 100n }, 2),
      ev('Staked', { validator: V2, amount: 50n, stake: 50n }, 2, 1),
      ev('UnstakeRequested', { validator: V2, amount: 50n, stake: 0n, releaseAt: 900n }, 3),
      ev('UnstakeWithdrawn', { validator: V2, amount: 20n }, 4),
      ev(
        'VoterSettled',
        { disputeId: 7n, voter: V1, majority: false, tokenReward: 0n, tokenPenalty: 5n, ethRewardWei: 0n },
        5,
      ),
    ]);
    expect(s.validators[V1]).toMatchObject({ stake: 95n, unbonding: 0n });
    expect(s.validators[V2]).toMatchObject({ stake: 0n, unbonding: 30n, releaseAtS: 900 });
    expect(courtHealth(s)).toMatchObject({ totalStake: 95n, activeValidators: 1, quorumBps: 3000 });
  });

  it("follows a dispute into a round without verdict: new tallies, the opener's fee, penalties of the old round from stake, the share", () => {
    const s = fold([
      ...history.slice(0, 9),
      ev('Staked', { validator: V1, amount: 200n, stake: 200n }, 8, 2),
      ev('Staked', { validator: V2, amount: 100n, stake: 100n }, 8, 3),
      ev('VoteCommitted', { disputeId: 1n, voter: V1, weight: 200n }, 9),
      ev(
        'RoundUndecided',
        {
          disputeId: 1n,
          round: 0,
          fraudWeight: 0n,
          honestWeight: 0n,
          totalWeight: 300n,
          nextSnapshotBlock: 20,
          nextCommitEnd: 3000n,
          nextRevealEnd: 4000n,
        },
        21,
      ),
      ev(
        'DisputeRoundUndecided',
        { submissionId: 2n, disputeId: 1n, rounds: 1, feeWei: 10n ** 17n, bondLeftWei: 4n * 10n ** 17n },
        21,
        1,
      ),
      ev('RoundVoterSettled', { disputeId: 1n, round: 0, voter: V1, tokenPenalty: 20n }, 22),
      ev('AbsencePenalized', { disputeId: 1n, round: 0, validator: V2, amount: 5n }, 22, 1),
      ev('VoteCommitted', { disputeId: 1n, voter: V2, weight: 95n }, 23),
      ev(
        'ChallengerSharePaid',
        { runId: 1n, submissionId: 2n, disputeId: 1n, challenger: CAROL, amountWei: 5n * 10n ** 17n },
        30,
      ),
    ]);
    expect(s.disputes[1]).toMatchObject({
      undecidedRounds: 1,
      snapshotBlock: 20n,
      commitEndS: 3000,
      revealEndS: 4000,
      committedWeight: 95n,
      bondWei: 4n * 10n ** 17n,
      challengerShareWei: 5n * 10n ** 17n,
    });
    expect(Object.keys(s.disputes[1]!.ballots)).toEqual([V2]);
    expect(s.validators[V1]!.stake).toBe(180n);
    expect(s.validators[V2]!.stake).toBe(95n);
  });

  it("measures throughput over a window of chain time from the submissions' block times", () => {
    const s = fold([
      runCreated(1),
      { ...submitted(3, 1, ALICE, 0, 1, [2.5, 2.25]), timestampS: 1000 },
      { ...submitted(5, 2, BOB, 1, 3, [2, 1.75]), timestampS: 1500 },
    ]);
    expect(s.submissions[2]!.submittedAtS).toBe(1500);
    expect(throughput(s, 1, 1600, 600)).toEqual({ stepsPerMinute: 0.4, windowS: 600 });
    // Only Bob's two steps fall in the last 120 s.
    expect(throughput(s, 1, 1600, 120)).toEqual({ stepsPerMinute: 1, windowS: 120 });
    expect(throughput(s, 1, 5000, 600)).toBeUndefined();
  });
});
