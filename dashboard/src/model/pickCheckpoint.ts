import type { SubmissionView } from '../data/types';

/** A submission whose checkpoint the panel can offer, and whether the chain has finalized it yet. */
export type CheckpointChoice = {
  submission: SubmissionView & { checkpointCid: string; finalRoot: `0x${string}` };
  final: boolean;
};

/**
 * Checkpoints worth offering, best first: the final submissions of the run, newest first; when none is final
 * yet, the pending ones (labelled so: a pending checkpoint may still be disputed). Invalid, orphaned and
 * never-submitted leases are never offered. Older ones matter when the newest cannot be fetched: its worker
 * may have left, while a fraud-proofer that verified the next submission still holds the one before.
 */
export function checkpointCandidates(submissions: readonly SubmissionView[]): CheckpointChoice[] {
  const withStatus = (status: 'final' | 'pending') =>
    submissions
      .filter(
        (s): s is CheckpointChoice['submission'] =>
          s.status === status && s.checkpointCid !== undefined && s.finalRoot !== undefined,
      )
      .sort((a, b) => b.lastStep - a.lastStep || b.id - a.id)
      .map((submission) => ({ submission, final: status === 'final' }));
  const finals = withStatus('final');
  return finals.length > 0 ? finals : withStatus('pending');
}

/** The newest final submission of the run, else the newest pending one. */
export function pickCheckpoint(submissions: readonly SubmissionView[]): CheckpointChoice | undefined {
  return checkpointCandidates(submissions)[0];
}
