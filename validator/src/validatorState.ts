import type { Hex } from 'viem';

/** One vote, saved with its salt BEFORE the commit is sent: without the salt the vote cannot be revealed
 *  and the stake reserved for it is lost. */
export type Ballot = {
  disputeId: bigint;
  runId: bigint;
  /** IDisputeCourt.Vote: 1 Fraud, 2 Honest. */
  vote: 1 | 2;
  salt: Hex;
  phase: 'committing' | 'committed' | 'revealed' | 'settled';
};

export type ValidatorState = {
  version: 1;
  ballots: Ballot[];
  /** Disputes we cannot or need not vote on (no voting power, commit phase over). */
  skipped: bigint[];
};

export function validateValidatorState(value: unknown): ValidatorState {
  const v = value as ValidatorState;
  if (typeof v !== 'object' || v === null || v.version !== 1 || !Array.isArray(v.ballots) || !Array.isArray(v.skipped)) {
    throw new Error('expected a version 1 validator state');
  }
  return v;
}
