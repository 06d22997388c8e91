import { SubmissionStatus } from '@veritrain/protocol';
import type { LeaseView } from '@veritrain/node-core';

/** What to do with the lease in hand, given the chain's view of it (read at every pass, after a restart too). */
export type HeldLeaseAction =
  /** Its submission was mined (before a restart): it is ours to settle. */
  | 'submitted'
  /** Expired or cancelled by someone: drop it. */
  | 'gone'
  /** Its deadline passed unsubmitted: expire it ourselves (docs/nodes.md). */
  | 'lapsed'
  /** Compute, store and submit it. */
  | 'work';

export function heldLeaseAction(onChain: Pick<LeaseView, 'status'>, now: bigint, deadline: bigint): HeldLeaseAction {
  if (onChain.status === SubmissionStatus.Pending || onChain.status === SubmissionStatus.Final) return 'submitted';
  if (onChain.status !== SubmissionStatus.Leased) return 'gone';
  if (now > deadline) return 'lapsed';
  return 'work';
}

/** What the settling pass does with one submission it follows (ours, or any of the run's as a keeper). */
export type SettleAction =
  /** Its parent was ruled invalid or orphaned: the holder reclaims the bond (only ours: `mine`). */
  | 'reclaimOrphaned'
  /** Its challenge window is over with no dispute or commit pending: finalize it (ours or, as keeper, others'). */
  | 'finalize'
  /** Still Pending, nothing to do yet (or an orphan of someone else's). */
  | 'wait'
  /** It left Pending (Final, Invalid, Orphaned): stop following it. */
  | 'settled';

export function settleAction(
  l: Pick<LeaseView, 'status' | 'deadline' | 'openDisputes' | 'pendingCommits'>,
  parentStatus: number | undefined,
  mine: boolean,
  now: bigint,
): SettleAction {
  if (l.status !== SubmissionStatus.Pending) return 'settled';
  if (parentStatus === SubmissionStatus.Invalid || parentStatus === SubmissionStatus.Orphaned)
    return mine ? 'reclaimOrphaned' : 'wait';
  if (now > l.deadline && l.openDisputes === 0 && l.pendingCommits === 0) return 'finalize';
  return 'wait';
}

/** The log line for one of our submissions that left Pending. */
export function settledOutcome(status: number): string {
  if (status === SubmissionStatus.Final) return 'final: bond refunded, rewards accrued';
  if (status === SubmissionStatus.Invalid) return 'INVALID: ruled fraudulent, bond slashed';
  return 'orphaned: bond refunded';
}

/** Whether the worker is done: no more leases to take (run complete or --max-leases reached) and nothing left to settle. */
export function workDone(p: {
  maxLeases: number;
  submitted: number;
  pending: number;
  tipStep: bigint;
  finalizedStep: bigint;
  totalSteps: bigint;
}): 'done' | 'settling' | 'leasing' {
  const limitReached = p.maxLeases > 0 && p.submitted >= p.maxLeases;
  if (!limitReached && p.tipStep < p.totalSteps) return 'leasing';
  if (p.pending === 0 && (limitReached || p.finalizedStep >= p.totalSteps)) return 'done';
  return 'settling';
}

/** acquireLease reverts that only mean "not now" (another holder, the run complete, a cooldown, a bond that changed). */
export const ACQUIRE_RACE_ERRORS = ['LeaseHeld', 'RunComplete', 'LeaseCooldown', 'WrongBond'] as const;
/** submit reverts that mean the lease can no longer be submitted: it lapsed or someone expired it. */
export const SUBMIT_TOO_LATE_ERRORS = ['LeaseDeadlinePassed', 'LeaseNotLive'] as const;
