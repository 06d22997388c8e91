import { DisputeStatus, SubmissionStatus } from '@veritrain/protocol';
import type { OurDispute } from './fraudProoferState';

/** Re-executing a submission is worth it only while it can still be disputed: Pending, its window not over. */
export function worthVerifying(lease: { status: number; deadline: bigint }, now: bigint): boolean {
  return lease.status === SubmissionStatus.Pending && now <= lease.deadline;
}

/**
 * Whether a submission seen in a Submitted event goes in the verification queue: not verified yet, and no
 * dispute of ours on it (a commit the intent journal settled at restart is one: verifying it again would
 * commit a second time, with a second bond).
 */
export function needsVerifying(
  submissionId: bigint,
  state: { done: readonly bigint[]; disputes: readonly Pick<OurDispute, 'submissionId'>[] },
): boolean {
  return !state.done.includes(submissionId) && !state.disputes.some((d) => d.submissionId === submissionId);
}

/** Failed verifications of one submission (its content unreachable, say) before it is given up. */
export const MAX_VERIFY_ATTEMPTS = 10;

/** What to do with an open dispute of ours at this pass. */
export type OpenDisputeAction =
  /** The coordinator has its verdict: record it, stop following. */
  | 'settled'
  /** The court case's reveal phase is over and nobody resolved it: resolve it (anyone may; it may lose the race). */
  | 'resolveCase'
  | 'wait';

export function openDisputeAction(
  disputeStatus: number,
  courtRevealEnd: bigint | undefined,
  now: bigint,
): OpenDisputeAction {
  if (disputeStatus !== DisputeStatus.Open) return 'settled';
  if (courtRevealEnd !== undefined && now > courtRevealEnd) return 'resolveCase';
  return 'wait';
}

/** The verdict's name, for the log: `Fraud`, `Honest`, `NoQuorum`. */
export function disputeOutcomeName(status: number): string | undefined {
  return Object.entries(DisputeStatus).find(([, v]) => v === status)?.[0];
}

/** --exit-when-idle: the run is final, nothing is queued and every dispute of ours has its verdict. */
export function idleDone(p: {
  finalizedStep: bigint;
  totalSteps: bigint;
  queued: number;
  disputes: readonly Pick<OurDispute, 'phase'>[];
}): boolean {
  return p.finalizedStep >= p.totalSteps && p.queued === 0 && p.disputes.every((d) => d.phase === 'settled');
}
