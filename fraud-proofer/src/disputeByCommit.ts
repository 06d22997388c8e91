import type { Address, Hex } from 'viem';
import { disputeCommitment } from '@veritrain/protocol';
import type { FraudProoferState, OurDispute, SavedClaim } from './fraudProoferState';

/** A dispute commit as the chain has it (DisputeCommitted). */
export type CommitOnChain = { commitId: bigint; revealFromBlock: bigint; revealUntilBlock: bigint };

/** What committing and revealing a dispute needs from the chain. */
export type CommitChain = {
  blockNumber(): Promise<bigint>;
  /** Sends commitDispute through the intent journal (saved with its hash before the broadcast). */
  commit(submissionId: bigint, commitment: Hex): Promise<CommitOnChain>;
  /** A commitDispute on `submissionId` still in the intent journal (a crash before its receipt): looked up on
   *  chain and waited for until mined or dropped, so that `findCommit` then tells whether it happened. */
  settleCommit(submissionId: bigint): Promise<void>;
  /** Our commit on `submissionId`, if one is on chain. */
  findCommit(submissionId: bigint): Promise<CommitOnChain | undefined>;
  /** Sends revealDispute through the intent journal; returns the dispute id. */
  reveal(commitId: bigint, claim: SavedClaim, salt: Hex): Promise<bigint>;
  /** Like `settleCommit`, for a revealDispute of `commitId` still in the journal. */
  settleReveal(commitId: bigint): Promise<void>;
  /** The dispute a commit was revealed as, if it was. */
  findReveal(commitId: bigint): Promise<bigint | undefined>;
};

export type CommitDeps = {
  chain: CommitChain;
  state: FraudProoferState;
  me: Address;
  save(): void;
  newSalt(): Hex;
  log(level: 'info' | 'error', message: string, fields: Record<string, unknown>): void;
};

/**
 * Disputes by commit-reveal, so nobody can copy the proof from the mempool and be paid for it: the salt, the
 * commitment and the claim are saved, then commitDispute is sent through the intent journal (which saves the
 * signed transaction and its hash before the broadcast). The reveal follows in `advanceCommit` once the chain is DISPUTE_REVEAL_DELAY_BLOCKS past the commit.
 */
export async function commitToDispute(
  deps: CommitDeps,
  submissionId: bigint,
  step: number,
  claim: SavedClaim,
): Promise<OurDispute> {
  const salt = deps.newSalt();
  const commitment = disputeCommitment({
    submissionId,
    challenger: deps.me,
    salt,
    step: claim.step,
    claimedRoot: claim.claimedRoot,
    claimedLossBits: claim.claimedLossBits,
  });
  const ours: OurDispute = { submissionId, step, phase: 'committing', salt, commitment, claim };
  deps.state.disputes.push(ours);
  deps.save();
  const onChain = await deps.chain.commit(submissionId, commitment);
  Object.assign(ours, onChain, { phase: 'committed' });
  deps.save();
  deps.log('info', 'dispute committed', {
    submissionId: submissionId.toString(),
    commitId: onChain.commitId.toString(),
    revealFromBlock: onChain.revealFromBlock.toString(),
  });
  return ours;
}

/**
 * Moves a committed dispute on: after a restart, settles the commit or reveal the intent journal still holds, then
 * finds it by its event;
 * reveals it inside its window. Returns 'forget' when the commit never reached the chain (the submission may be
 * verified again), 'open' once the dispute is on chain, and 'wait' otherwise.
 */
export async function advanceCommit(deps: CommitDeps, d: OurDispute): Promise<'forget' | 'wait' | 'open'> {
  const { chain } = deps;
  if (d.phase === 'committing') {
    await chain.settleCommit(d.submissionId);
    const found = await chain.findCommit(d.submissionId);
    if (!found) return 'forget';
    Object.assign(d, found, { phase: 'committed' });
    deps.save();
  }
  if (d.phase === 'revealing') {
    await chain.settleReveal(d.commitId!);
    const disputeId = await chain.findReveal(d.commitId!);
    if (disputeId !== undefined) return opened(deps, d, disputeId);
    d.phase = 'committed';
  }
  if (d.phase !== 'committed') return d.phase === 'open' ? 'open' : 'wait';
  const head = await chain.blockNumber();
  if (head > d.revealUntilBlock!) {
    d.phase = 'settled';
    deps.save();
    deps.log('error', 'our dispute commit expired unrevealed: its bond is lost', {
      submissionId: d.submissionId.toString(),
      commitId: d.commitId!.toString(),
    });
    return 'wait';
  }
  if (head < d.revealFromBlock!) return 'wait';
  d.phase = 'revealing';
  deps.save();
  return opened(deps, d, await chain.reveal(d.commitId!, d.claim!, d.salt!));
}

function opened(deps: CommitDeps, d: OurDispute, disputeId: bigint): 'open' {
  d.disputeId = disputeId;
  d.phase = 'open';
  deps.save();
  deps.log('info', 'dispute opened', {
    disputeId: disputeId.toString(),
    submissionId: d.submissionId.toString(),
    step: d.step,
  });
  return 'open';
}
