import type { Hex } from 'viem';
import type { Ballot, FollowedDispute, ValidatorState } from './validatorState';

/** The court as one validator sees it: reads, and sends that answer false when the court refuses them. */
export type CourtPort = {
  now(): Promise<bigint>;
  getCase(
    disputeId: bigint,
  ): Promise<{ round: number; snapshotBlock: bigint; commitEnd: bigint; revealEnd: bigint; resolved: boolean }>;
  /** Our stake at a round's snapshot block: our voting power in that round. */
  votingPower(snapshotBlock: bigint): Promise<bigint>;
  /** Our ballot in a round, as the court has it. */
  ballotAt(disputeId: bigint, round: number): Promise<{ committed: boolean; settled: boolean }>;
  commit(disputeId: bigint, vote: 1 | 2, salt: Hex): Promise<void>;
  reveal(disputeId: bigint, vote: 1 | 2, salt: Hex): Promise<boolean>;
  resolve(disputeId: bigint): Promise<boolean>;
  /** Settles our ballot of the deciding round of a resolved case. */
  settle(disputeId: bigint): Promise<boolean>;
  /** Settles our ballot of a round that ended without a verdict. */
  settleRound(disputeId: bigint, round: number): Promise<boolean>;
};

export type FollowDeps = {
  court: CourtPort;
  state: ValidatorState;
  /** Writes the state to disk; called before every send whose effect a restart must know about. */
  save(): void;
  /** Re-executes the disputed step (once per dispute: the vote is the same in every round). */
  judge(dispute: FollowedDispute): Promise<{ vote: 1 | 2; reason: string }>;
  /** 32 fresh random bytes: a new salt for every round. */
  newSalt(): Hex;
  log(message: string, fields: Record<string, unknown>): void;
};

/**
 * One pass over a dispute the validator follows: moves each of its ballots on (reveal in its round's reveal
 * phase, then resolve the round if nobody has, then settle it: `settleRound` for a round without verdict, `settle`
 * for the deciding one), then commits a vote in the current round if the case is still open, we had stake at the
 * round's snapshot and its commit phase runs. A round without verdict is followed by a new one: we vote again,
 * with a fresh salt, until there is a verdict.
 */
export async function followDispute(deps: FollowDeps, f: FollowedDispute): Promise<void> {
  const { court, state, save } = deps;
  const id = f.disputeId;
  for (const b of state.ballots) {
    if (b.disputeId === id && b.phase !== 'settled') await advanceBallot(deps, b);
  }
  const c = await court.getCase(id);
  const now = await court.now();
  const mine = state.ballots.filter((b) => b.disputeId === id);
  if (c.resolved) {
    if (mine.every((b) => b.phase === 'settled')) {
      f.closed = true;
      save();
    }
    return;
  }
  if (mine.some((b) => b.round === c.round)) return;
  const power = now <= c.commitEnd ? await court.votingPower(c.snapshotBlock) : 0n;
  if (power === 0n) {
    if (f.skippedRound !== c.round) {
      f.skippedRound = c.round;
      save();
      deps.log('not voting in this round', {
        disputeId: id.toString(),
        round: c.round,
        reason: now > c.commitEnd ? 'commit phase over' : 'no stake at the snapshot',
      });
    }
    return;
  }
  if (f.vote === undefined) {
    const { vote, reason } = await deps.judge(f);
    f.vote = vote;
    deps.log('judged', { disputeId: id.toString(), vote: vote === 1 ? 'Fraud' : 'Honest', reason });
  }
  const ballot: Ballot = {
    disputeId: id,
    runId: f.runId,
    round: c.round,
    vote: f.vote,
    salt: deps.newSalt(),
    phase: 'committing',
  };
  state.ballots.push(ballot);
  save(); // the salt is on disk before the commitment leaves
  await court.commit(id, ballot.vote, ballot.salt);
  ballot.phase = 'committed';
  save();
  deps.log('vote committed', {
    disputeId: id.toString(),
    round: c.round,
    vote: ballot.vote === 1 ? 'Fraud' : 'Honest',
  });
}

async function advanceBallot(deps: FollowDeps, b: Ballot): Promise<void> {
  const { court, save } = deps;
  let c = await court.getCase(b.disputeId);
  const now = await court.now();
  const current = b.round === c.round && !c.resolved;
  if (b.phase === 'committing') {
    // The process stopped between saving the salt and knowing whether the commit landed.
    if ((await court.ballotAt(b.disputeId, b.round)).committed) b.phase = 'committed';
    else if (current && now <= c.commitEnd) {
      await court.commit(b.disputeId, b.vote, b.salt);
      b.phase = 'committed';
    } else b.phase = 'settled'; // never committed: nothing to reveal or settle
    save();
  }
  if (b.phase === 'committed' && current && now > c.commitEnd && now <= c.revealEnd) {
    if (await court.reveal(b.disputeId, b.vote, b.salt)) {
      b.phase = 'revealed';
      save();
    }
  }
  if (b.phase === 'settled' || (b.round === c.round && now <= c.revealEnd)) return;
  // Our round is over. If it is still the current one, nobody resolved it yet.
  if (b.round === c.round && !c.resolved) {
    await court.resolve(b.disputeId);
    c = await court.getCase(b.disputeId);
  }
  if (b.round < c.round) await court.settleRound(b.disputeId, b.round);
  else if (c.resolved) await court.settle(b.disputeId);
  if ((await court.ballotAt(b.disputeId, b.round)).settled) {
    b.phase = 'settled';
    save();
  }
}
