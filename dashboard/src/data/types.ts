import type { Address, Hex } from 'viem';

// Steps (uint40) and ids (uint48) are plain numbers: they stay below 2^53, so they are exact, and the chart and
// React keys need numbers. Wei, token amounts and stake stay bigint.

/** Where an event sits on the chain; events are folded in this order. */
export type LogPosition = { blockNumber: bigint; logIndex: number };

/** The block's timestamp, when the RPC returns it with the logs (`blockTimestamp`; anvil and recent geth do). */
export type LogTime = { timestampS?: number };

export type RunView = {
  runId: number;
  creator: Address;
  specHash: Hex;
  specCid: string;
  genesisRoot: Hex;
  genesisCid: string;
  stepsPerLease: number;
  leaseDurationS: number;
  challengeWindowS: number;
  totalSteps: number;
  workerBondWei: bigint;
  challengerBondWei: bigint;
  rewardPerStep: bigint;
  /** Last step of the newest non-invalid submission on the live chain. */
  tipStep: number;
  tipId: number;
  finalizedStep: number;
  /** The lease holding the run's mutex, 0 when free. */
  liveLeaseId: number;
};

/**
 * Display status. `orphaned` covers both a submission the chain marked Orphaned (`reclaimed`) and a pending one
 * whose ancestor was invalidated: it can never finalize, so a watcher should see it as dead at once.
 */
export type SubmissionState = 'leased' | 'expired' | 'cancelled' | 'pending' | 'final' | 'invalid' | 'orphaned';

/** A lease and, once submitted, its submission (they share one id on chain). */
export type SubmissionView = {
  id: number;
  runId: number;
  holder: Address;
  parentId: number;
  firstStep: number;
  lastStep: number;
  bondWei: bigint;
  status: SubmissionState;
  /** Lease deadline (unix seconds) while leased; end of the challenge window once submitted. */
  leaseDeadlineS: number;
  challengeDeadlineS?: number;
  stepsRoot?: Hex;
  finalRoot?: Hex;
  checkpointCid?: string;
  /** Training loss per step, firstStep first. */
  losses?: number[];
  rewardTokens?: bigint;
  /** True once the chain itself marked it Orphaned (bond reclaimed). */
  reclaimed?: boolean;
  acquiredAt?: LogPosition;
  submittedAt?: LogPosition;
  /** Block time of the Submitted event, when known: drives throughput. */
  submittedAtS?: number;
};

export type WorkerView = {
  address: Address;
  leases: number;
  stepsSubmitted: number;
  stepsFinalized: number;
  rewardTokens: bigint;
  /** Expired leases and invalidated submissions. */
  slashes: number;
  slashedWei: bigint;
};

export type BallotView = {
  voter: Address;
  weight: bigint;
  vote: 'hidden' | 'fraud' | 'honest';
  settled?: { majority: boolean; tokenReward: bigint; tokenPenalty: bigint; ethRewardWei: bigint };
};

export type DisputeOutcome = 'fraud' | 'honest' | 'no-quorum';

export type DisputeView = {
  id: number;
  runId: number;
  submissionId: number;
  challenger: Address;
  /** Worker whose submission is disputed (known once the submission's lease was seen). */
  worker?: Address;
  /** 0 = the whole lease is disputed. */
  step: number;
  workerRoot: Hex;
  workerLoss: number;
  claimedRoot: Hex;
  claimedLoss: number;
  bondWei: bigint;
  snapshotBlock?: bigint;
  totalWeight?: bigint;
  commitEndS?: number;
  revealEndS?: number;
  ballots: Record<Address, BallotView>;
  committedWeight: bigint;
  fraudWeight: bigint;
  honestWeight: bigint;
  outcome?: DisputeOutcome;
  /** Court rounds that ended without a verdict (no quorum or a tie); the submission cannot finalize meanwhile.
   *  The current round is this number (0 first); `ballots` and the tallies are the current round's. */
  undecidedRounds?: number;
  /** The challenger share of the worker's bond, paid to this dispute as the earliest proven one. */
  challengerShareWei?: bigint;
  openedAt: LogPosition;
};

export type ValidatorView = {
  address: Address;
  stake: bigint;
  unbonding: bigint;
  releaseAtS?: number;
};

export type CourtParamsView = {
  commitDurationS: number;
  revealDurationS: number;
  unbondingDelayS: number;
  quorumBps: number;
  penaltyBps: number;
};

/** Everything the dashboard shows, folded from contract events. */
export type DashboardState = {
  runs: Record<number, RunView>;
  submissions: Record<number, SubmissionView>;
  workers: Record<Address, WorkerView>;
  disputes: Record<number, DisputeView>;
  validators: Record<Address, ValidatorView>;
  courtParams?: CourtParamsView;
  /** The last event folded in; events at or before it are ignored, so re-delivery is harmless. */
  cursor?: LogPosition;
  /** Newest block the source has seen, with its timestamp (chain time drives countdowns and phases). */
  head?: { blockNumber: bigint; timestampS: number };
};

export const emptyState = (): DashboardState => ({
  runs: {},
  submissions: {},
  workers: {},
  disputes: {},
  validators: {},
});
