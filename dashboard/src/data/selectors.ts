import type { DashboardState, DisputeView, SubmissionView, WorkerView } from './types';

// Derived views: pure functions of the folded state (and of chain time, for anything with a deadline).

export type LossPoint = { step: number; loss: number; final: boolean; submissionId: number };

/** The loss curve of the live chain: steps of pending and final submissions, invalid and orphaned ones left out. */
export function lossCurve(state: DashboardState, runId: number): LossPoint[] {
  const byStep = new Map<number, LossPoint>();
  for (const s of Object.values(state.submissions)) {
    if (s.runId !== runId || !s.losses || (s.status !== 'pending' && s.status !== 'final')) continue;
    s.losses.forEach((loss, i) => {
      const step = s.firstStep + i;
      const prev = byStep.get(step);
      // Two live submissions never cover one step; if they seem to, a final one wins over a pending one.
      if (!prev || (!prev.final && s.status === 'final'))
        byStep.set(step, { step, loss, final: s.status === 'final', submissionId: s.id });
    });
  }
  return [...byStep.values()].sort((a, b) => a.step - b.step);
}

/** Submissions (and bare leases) of a run, newest first. */
export function timeline(state: DashboardState, runId: number): SubmissionView[] {
  return Object.values(state.submissions)
    .filter((s) => s.runId === runId)
    .sort((a, b) => b.id - a.id);
}

export type CurrentLease = { lease: SubmissionView; secondsLeft: number };

/** The lease holding the run's mutex and the seconds left before it may be expired (negative when overdue). */
export function currentLease(state: DashboardState, runId: number, nowS: number): CurrentLease | undefined {
  const run = state.runs[runId];
  const lease = run?.liveLeaseId ? state.submissions[run.liveLeaseId] : undefined;
  if (lease?.status !== 'leased') return undefined;
  return { lease, secondsLeft: lease.leaseDeadlineS - nowS };
}

/** Workers by finalized steps, then rewards, then fewest slashes. */
export function leaderboard(state: DashboardState): WorkerView[] {
  return Object.values(state.workers).sort(
    (a, b) =>
      b.stepsFinalized - a.stepsFinalized ||
      (b.rewardTokens > a.rewardTokens ? 1 : b.rewardTokens < a.rewardTokens ? -1 : 0) ||
      a.slashes - b.slashes,
  );
}

export type DisputePhase = 'commit' | 'reveal' | 'awaiting-resolution' | 'resolved';

export function disputePhase(d: DisputeView, nowS: number): DisputePhase {
  if (d.outcome) return 'resolved';
  if (d.commitEndS !== undefined && nowS <= d.commitEndS) return 'commit';
  if (d.revealEndS !== undefined && nowS <= d.revealEndS) return 'reveal';
  return 'awaiting-resolution';
}

/** Disputes, newest first. */
export function disputes(state: DashboardState): DisputeView[] {
  return Object.values(state.disputes).sort((a, b) => b.id - a.id);
}

export type QuorumReach = {
  disputeId: number;
  submissionId: number;
  revealedBps: number;
  committedBps: number;
  quorumBps: number;
  reached: boolean;
  /** Rounds that ended without a verdict: while there is none, the run is halted at this submission. */
  undecidedRounds: number;
};

export type CourtHealth = {
  totalStake: bigint;
  activeValidators: number;
  quorumBps?: number;
  /** Per unresolved dispute: how much of the snapshotted stake has committed and revealed. */
  openDisputes: QuorumReach[];
};

const bpsOf = (part: bigint, whole: bigint | undefined) => (whole && whole > 0n ? Number((part * 10_000n) / whole) : 0);

export function courtHealth(state: DashboardState): CourtHealth {
  const validators = Object.values(state.validators);
  const quorumBps = state.courtParams?.quorumBps;
  return {
    totalStake: validators.reduce((sum, v) => sum + v.stake, 0n),
    activeValidators: validators.filter((v) => v.stake > 0n).length,
    ...(quorumBps !== undefined ? { quorumBps } : {}),
    openDisputes: disputes(state)
      .filter((d) => !d.outcome)
      .map((d) => {
        const revealedBps = bpsOf(d.fraudWeight + d.honestWeight, d.totalWeight);
        return {
          disputeId: d.id,
          submissionId: d.submissionId,
          undecidedRounds: d.undecidedRounds ?? 0,
          revealedBps,
          committedBps: bpsOf(d.committedWeight, d.totalWeight),
          quorumBps: quorumBps ?? 0,
          reached: quorumBps !== undefined && revealedBps >= quorumBps,
        };
      }),
  };
}

export type Throughput = { stepsPerMinute: number; windowS: number };

/**
 * Steps submitted on the live chain per minute over the last `windowS` seconds of chain time. Undefined when
 * the RPC gives no block timestamps with its logs or nothing was submitted in the window.
 */
export function throughput(state: DashboardState, runId: number, nowS: number, windowS = 600): Throughput | undefined {
  let steps = 0;
  for (const s of Object.values(state.submissions)) {
    if (s.runId !== runId || s.submittedAtS === undefined || nowS - s.submittedAtS > windowS) continue;
    if (s.status === 'pending' || s.status === 'final') steps += s.lastStep - s.firstStep + 1;
  }
  return steps > 0 ? { stepsPerMinute: (steps * 60) / windowS, windowS } : undefined;
}
