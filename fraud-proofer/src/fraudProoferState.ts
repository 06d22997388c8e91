import type { Hex } from 'viem';

/** A dispute claim as openDispute/revealDispute take it (ICoordinator.DisputeClaim). */
export type SavedClaim = {
  step: bigint;
  prev: { stateRoot: Hex; lossBits: number };
  prevProof: readonly Hex[];
  record: { stateRoot: Hex; lossBits: number };
  proof: readonly Hex[];
  claimedRoot: Hex;
  claimedLossBits: number;
};

/** What the fraud-proofer must not forget (`<data-dir>/fraud-proofer.json`): above all, which disputes it
 *  committed to or opened, so a restart never disputes the same submission twice and always reveals a commit. */
export type OurDispute = {
  submissionId: bigint;
  step: number;
  /**
   * committing: the salt, the commitment and the claim are saved before commitDispute is sent (its signed
   * transaction and hash go to the intent journal, `<data-dir>/intents.json`, before the broadcast); committed: the commit is on chain (commitId, its reveal window); revealing:
   * revealDispute is being sent; open: the dispute is on chain (disputeId); settled: it has its verdict, or the
   * commit expired. 'opening' is a direct openDispute (states written before disputes were committed first).
   */
  phase: 'committing' | 'committed' | 'revealing' | 'opening' | 'open' | 'settled';
  salt?: Hex;
  commitment?: Hex;
  claim?: SavedClaim;
  commitId?: bigint;
  revealFromBlock?: bigint;
  revealUntilBlock?: bigint;
  disputeId?: bigint;
};

export type FraudProoferState = {
  version: 1;
  runId: bigint;
  /** Submissions verified (honest), disputed, or past their window. */
  done: bigint[];
  disputes: OurDispute[];
};

export function validateFraudProoferState(value: unknown): FraudProoferState {
  const v = value as FraudProoferState;
  if (
    typeof v !== 'object' ||
    v === null ||
    v.version !== 1 ||
    typeof v.runId !== 'bigint' ||
    !Array.isArray(v.done) ||
    !Array.isArray(v.disputes)
  ) {
    throw new Error('expected a version 1 fraud-proofer state');
  }
  return v;
}
