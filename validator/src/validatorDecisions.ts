import type { FollowedDispute } from './validatorState';

/** The stake to add to reach `--stake-wei` (0 when already staked at least that much: a validator never unstakes here). */
export function stakeShortfall(stakedWei: bigint, targetWei: bigint): bigint {
  return stakedWei < targetWei ? targetWei - stakedWei : 0n;
}

/** A dispute to follow, from its DisputeOpened event: the facts the court is asked about. */
export function followedFromEvent(a: {
  disputeId: bigint;
  runId: bigint;
  submissionId: bigint;
  step: bigint;
  workerRoot: `0x${string}`;
  workerLossBits: number;
}): FollowedDispute {
  return {
    disputeId: a.disputeId,
    runId: a.runId,
    facts: {
      submissionId: a.submissionId,
      step: Number(a.step),
      workerRoot: a.workerRoot,
      workerLossBits: a.workerLossBits,
    },
    closed: false,
  };
}

/** A vote's name in the log and the votes metric: IDisputeCourt.Vote 1 Fraud, 2 Honest. */
export const voteName = (vote: 1 | 2): 'fraud' | 'honest' => (vote === 1 ? 'fraud' : 'honest');
