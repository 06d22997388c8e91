import type { Hex } from 'viem';

/** One vote in one round of a dispute, saved with its salt BEFORE the commit is sent: without the salt the vote
 *  cannot be revealed and the stake reserved for it is lost. Each round has its own salt, so a vote revealed in a
 *  round without verdict does not give away the commitment of the next. */
export type Ballot = {
  disputeId: bigint;
  runId: bigint;
  /** The court round (0 first) the vote was committed in. */
  round: number;
  /** IDisputeCourt.Vote: 1 Fraud, 2 Honest. */
  vote: 1 | 2;
  salt: Hex;
  phase: 'committing' | 'committed' | 'revealed' | 'settled';
};

/** What the court is asked, from the DisputeOpened event. */
export type DisputeFactsRecord = { submissionId: bigint; step: number; workerRoot: Hex; workerLossBits: number };

/** A dispute the validator follows from its opening until its verdict is settled. */
export type FollowedDispute = {
  disputeId: bigint;
  runId: bigint;
  /** Absent only for disputes carried over from a version 1 state, whose vote is known. */
  facts?: DisputeFactsRecord;
  /** Our judgement, made once by re-execution and reused in every round. */
  vote?: 1 | 2;
  /** The last round we could not vote in (no stake at its snapshot, or its commit phase over), logged once. */
  skippedRound?: number;
  /** The case is resolved and all our ballots on it are settled. */
  closed: boolean;
};

export type ValidatorState = {
  version: 2;
  disputes: FollowedDispute[];
  ballots: Ballot[];
};

type ValidatorStateV1 = {
  version: 1;
  ballots: Omit<Ballot, 'round'>[];
  skipped: bigint[];
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** Reads a saved state; a version 1 file (one ballot per dispute, no rounds) is carried over: its ballots were
 *  round 0's, and disputes it skipped stay skipped. */
export function validateValidatorState(value: unknown): ValidatorState {
  if (isObject(value) && value.version === 2 && Array.isArray(value.disputes) && Array.isArray(value.ballots)) {
    return value as ValidatorState;
  }
  if (isObject(value) && value.version === 1 && Array.isArray(value.ballots) && Array.isArray(value.skipped)) {
    const v1 = value as ValidatorStateV1;
    const ballots: Ballot[] = v1.ballots.map((b) => ({ ...b, round: 0 }));
    const disputes: FollowedDispute[] = [
      ...ballots.map((b) => ({ disputeId: b.disputeId, runId: b.runId, vote: b.vote, closed: false })),
      ...v1.skipped.map((id) => ({ disputeId: id, runId: 0n, closed: true })),
    ];
    return { version: 2, disputes, ballots };
  }
  throw new Error('expected a version 2 validator state ({ version, disputes, ballots }) or a version 1 one');
}
