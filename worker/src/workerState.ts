import type { Hex } from 'viem';

/** What the worker must not forget across a crash (`<data-dir>/worker.json`). The chain is the truth; this
 *  saves recomputation and remembers which submissions are ours to settle. */
export type WorkerState = {
  version: 1;
  runId: bigint;
  /** The lease in hand, from acquisition until its submission is mined. */
  lease?: HeldLease;
  /** Our submissions not yet Final/Invalid/Orphaned-and-reclaimed. */
  pending: bigint[];
  /** Leases submitted so far by this data directory. */
  submitted: number;
};

export type HeldLease = {
  leaseId: bigint;
  firstStep: number;
  lastStep: number;
  parentId: bigint;
  deadline: bigint;
  /** Set once the steps are computed and the checkpoint and manifest are stored and pinned. */
  computed?: {
    manifestCid: string;
    checkpointCid: string;
    stepsRoot: Hex;
    finalRoot: Hex;
    losses: Hex;
    /** Opens the last leaf of the positional steps tree (submit checks it against finalRoot). */
    finalProof: Hex[];
  };
};

export function validateWorkerState(value: unknown): WorkerState {
  const v = value as WorkerState;
  if (
    typeof v !== 'object' ||
    v === null ||
    v.version !== 1 ||
    typeof v.runId !== 'bigint' ||
    !Array.isArray(v.pending)
  ) {
    throw new Error('expected a version 1 worker state');
  }
  return v;
}
