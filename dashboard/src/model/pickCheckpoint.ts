import type { SubmissionView } from '../data/types';

/** The submission whose checkpoint the panel offers, and whether the chain has finalized it yet. */
export type CheckpointChoice = { submission: SubmissionView & { checkpointCid: string; finalRoot: `0x${string}` }; final: boolean };

/**
 * The newest final submission of the run; when none is final yet, the newest pending one (labelled so: a
 * pending checkpoint may still be disputed). Invalid, orphaned and never-submitted leases are never offered.
 */
export function pickCheckpoint(submissions: readonly SubmissionView[]): CheckpointChoice | undefined {
  const newest = (status: 'final' | 'pending') =>
    submissions
      .filter((s): s is CheckpointChoice['submission'] => s.status === status && s.checkpointCid !== undefined && s.finalRoot !== undefined)
      .reduce<CheckpointChoice['submission'] | undefined>((best, s) => (best === undefined || s.lastStep > best.lastStep || (s.lastStep === best.lastStep && s.id > best.id) ? s : best), undefined);
  const final = newest('final');
  if (final) return { submission: final, final: true };
  const pending = newest('pending');
  return pending ? { submission: pending, final: false } : undefined;
}
