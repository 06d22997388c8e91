// DisputeCourt events: validators' stake, cases, ballots (commits and reveals kept as immutable records too).
import { BigInt, Bytes, ethereum } from '@graphprotocol/graph-ts';
import {
  CaseOpened,
  CaseResolved,
  AbsencePenalized,
  CourtParamsUpdated,
  RoleAdminChanged,
  RoleGranted,
  RoleRevoked,
  RoundUndecided,
  RoundVoterSettled,
  Staked,
  TreasuryTokensWithdrawn,
  UnstakeRequested,
  UnstakeWithdrawn,
  VoteCommitted,
  VoteRevealed,
  VoterSettled,
} from '../generated/DisputeCourt/DisputeCourt';
import { AbsencePenalty, Ballot, DisputeRound, VoteCommit, VoteReveal } from '../generated/schema';
import {
  idOf,
  loadDispute,
  loadProtocol,
  loadValidator,
  outcomeOf,
  penalizeStake,
  setRole,
  touchCursor,
  ZERO,
} from './common';

const eventId = (event: ethereum.Event): string =>
  event.transaction.hash.toHexString() + '-' + event.logIndex.toString();

// Ballots are kept per round: a round without a verdict starts the next with empty tallies.
function ballotId(disputeId: BigInt, round: i32, voter: Bytes): string {
  return idOf(disputeId) + '-' + round.toString() + '-' + voter.toHexString();
}

function newBallot(id: string, disputeId: BigInt, round: i32, voter: Bytes): Ballot {
  const b = new Ballot(id);
  b.dispute = idOf(disputeId);
  b.round = round;
  b.voter = voter;
  b.weight = ZERO;
  b.vote = 'HIDDEN';
  b.settled = false;
  return b;
}

function addStake(delta: BigInt, block: BigInt): void {
  const p = loadProtocol(block);
  p.totalStake = p.totalStake.plus(delta);
  p.save();
}

export function handleStaked(event: Staked): void {
  const v = loadValidator(event.params.validator, event.block.number);
  addStake(event.params.stake.minus(v.stake), event.block.number);
  v.stake = event.params.stake;
  v.save();
  touchCursor(event);
}

export function handleUnstakeRequested(event: UnstakeRequested): void {
  const v = loadValidator(event.params.validator, event.block.number);
  addStake(event.params.stake.minus(v.stake), event.block.number);
  v.stake = event.params.stake;
  v.unbonding = v.unbonding.plus(event.params.amount);
  v.releaseAt = event.params.releaseAt;
  v.save();
  touchCursor(event);
}

export function handleUnstakeWithdrawn(event: UnstakeWithdrawn): void {
  const v = loadValidator(event.params.validator, event.block.number);
  const amount = event.params.amount;
  v.unbonding = v.unbonding.gt(amount) ? v.unbonding.minus(amount) : ZERO;
  v.save();
  touchCursor(event);
}

export function handleCaseOpened(event: CaseOpened): void {
  const d = loadDispute(event.params.disputeId, event);
  d.snapshotBlock = event.params.snapshotBlock;
  d.totalWeight = event.params.totalWeight;
  d.commitEnd = event.params.commitEnd;
  d.revealEnd = event.params.revealEnd;
  d.save();
  touchCursor(event);
}

export function handleVoteCommitted(event: VoteCommitted): void {
  const a = event.params;
  const block = event.block.number;
  const commit = new VoteCommit(eventId(event));
  commit.dispute = idOf(a.disputeId);
  commit.voter = a.voter;
  commit.weight = a.weight;
  commit.block = block;
  commit.timestamp = event.block.timestamp;
  commit.transaction = event.transaction.hash;
  commit.save();
  // A voter needs stake to commit, so the validator is known; made here only so the reference always resolves.
  loadValidator(a.voter, block).save();
  const d = loadDispute(a.disputeId, event);
  const id = ballotId(a.disputeId, d.round, a.voter);
  if (Ballot.load(id) == null) {
    const b = newBallot(id, a.disputeId, d.round, a.voter);
    b.weight = a.weight;
    b.updatedAtBlock = block;
    b.save();
    d.committedWeight = d.committedWeight.plus(a.weight);
    d.save();
  }
  touchCursor(event);
}

export function handleVoteRevealed(event: VoteRevealed): void {
  const a = event.params;
  const block = event.block.number;
  // Vote (IDisputeCourt): 1 Fraud, 2 Honest.
  const side = a.vote == 1 ? 'FRAUD' : 'HONEST';
  const reveal = new VoteReveal(eventId(event));
  reveal.dispute = idOf(a.disputeId);
  reveal.voter = a.voter;
  reveal.vote = side;
  reveal.weight = a.weight;
  reveal.block = block;
  reveal.timestamp = event.block.timestamp;
  reveal.transaction = event.transaction.hash;
  reveal.save();
  const d = loadDispute(a.disputeId, event);
  const id = ballotId(a.disputeId, d.round, a.voter);
  let b = Ballot.load(id);
  if (b != null && b.vote != 'HIDDEN') {
    touchCursor(event);
    return;
  }
  if (b == null) {
    b = newBallot(id, a.disputeId, d.round, a.voter);
    d.committedWeight = d.committedWeight.plus(a.weight);
  }
  b.weight = a.weight;
  b.vote = side;
  b.updatedAtBlock = block;
  b.save();
  if (side == 'FRAUD') d.fraudWeight = d.fraudWeight.plus(a.weight);
  else d.honestWeight = d.honestWeight.plus(a.weight);
  d.save();
  touchCursor(event);
}

export function handleCaseResolved(event: CaseResolved): void {
  const a = event.params;
  const d = loadDispute(a.disputeId, event);
  d.fraudWeight = a.fraudWeight;
  d.honestWeight = a.honestWeight;
  d.totalWeight = a.totalWeight;
  const outcome = outcomeOf(a.outcome);
  if (outcome != null) d.outcome = outcome;
  d.unrevealedPenalty = a.unrevealedPenalty;
  d.tokenPool = a.tokenPool;
  d.votersPoolWei = a.votersPoolWei;
  d.resolvedAtBlock = event.block.number;
  d.save();
  touchCursor(event);
}

export function handleVoterSettled(event: VoterSettled): void {
  const a = event.params;
  const block = event.block.number;
  // settle() pays or penalizes the deciding round, the case's last.
  const d = loadDispute(a.disputeId, event);
  const id = ballotId(a.disputeId, d.round, a.voter);
  let b = Ballot.load(id);
  if (b == null) {
    b = newBallot(id, a.disputeId, d.round, a.voter);
    loadValidator(a.voter, block).save();
  }
  b.settled = true;
  b.majority = a.majority;
  b.tokenReward = a.tokenReward;
  b.tokenPenalty = a.tokenPenalty;
  b.ethRewardWei = a.ethRewardWei;
  b.updatedAtBlock = block;
  b.save();
  d.save();
  // The penalty comes out of the voter's stake; the reward is paid in tokens to the voter's wallet.
  const v = loadValidator(a.voter, block);
  v.tokenRewards = v.tokenRewards.plus(a.tokenReward);
  penalizeStake(v, a.tokenPenalty, block);
  v.save();
  touchCursor(event);
}

export function handleTreasuryTokensWithdrawn(event: TreasuryTokensWithdrawn): void {
  const p = loadProtocol(event.block.number);
  p.treasuryTokensWithdrawn = p.treasuryTokensWithdrawn.plus(event.params.amount);
  p.save();
  touchCursor(event);
}

/** A round ended without a verdict: it is kept as a DisputeRound, and the next round starts with a new
 *  snapshot, new windows and empty tallies (its ballots are new Ballot records). */
export function handleRoundUndecided(event: RoundUndecided): void {
  const a = event.params;
  const block = event.block.number;
  const r = new DisputeRound(idOf(a.disputeId) + '-' + a.round.toString());
  r.dispute = idOf(a.disputeId);
  r.round = a.round.toI32();
  r.fraudWeight = a.fraudWeight;
  r.honestWeight = a.honestWeight;
  r.totalWeight = a.totalWeight;
  r.block = block;
  r.save();
  const d = loadDispute(a.disputeId, event);
  d.round = a.round.toI32() + 1;
  d.undecidedRounds = d.undecidedRounds + 1;
  d.snapshotBlock = a.nextSnapshotBlock;
  d.commitEnd = a.nextCommitEnd;
  d.revealEnd = a.nextRevealEnd;
  d.committedWeight = ZERO;
  d.fraudWeight = ZERO;
  d.honestWeight = ZERO;
  d.save();
  touchCursor(event);
}

/** settleRound: a voter of a round without verdict; an unrevealed vote loses its penalty. */
export function handleRoundVoterSettled(event: RoundVoterSettled): void {
  const a = event.params;
  const block = event.block.number;
  const round = a.round.toI32();
  const id = ballotId(a.disputeId, round, a.voter);
  let b = Ballot.load(id);
  if (b == null) {
    b = newBallot(id, a.disputeId, round, a.voter);
    loadValidator(a.voter, block).save();
  }
  b.settled = true;
  b.majority = false;
  b.tokenReward = ZERO;
  b.tokenPenalty = a.tokenPenalty;
  b.ethRewardWei = ZERO;
  b.updatedAtBlock = block;
  b.save();
  const v = loadValidator(a.voter, block);
  penalizeStake(v, a.tokenPenalty, block);
  v.save();
  touchCursor(event);
}

export function handleAbsencePenalized(event: AbsencePenalized): void {
  const a = event.params;
  const block = event.block.number;
  const e = new AbsencePenalty(idOf(a.disputeId) + '-' + a.round.toString() + '-' + a.validator.toHexString());
  e.dispute = idOf(a.disputeId);
  e.round = a.round.toI32();
  e.validator = a.validator;
  e.amount = a.amount;
  e.block = block;
  e.save();
  const v = loadValidator(a.validator, block);
  penalizeStake(v, a.amount, block);
  v.save();
  touchCursor(event);
}

export function handleCourtParamsUpdated(event: CourtParamsUpdated): void {
  const p = loadProtocol(event.block.number);
  const params = event.params.params;
  p.commitDuration = params.commitDuration;
  p.revealDuration = params.revealDuration;
  p.unbondingDelay = params.unbondingDelay;
  p.quorumBps = params.quorumBps;
  p.penaltyBps = params.penaltyBps;
  p.courtTreasury = params.treasury;
  p.save();
  touchCursor(event);
}

export function handleRoleGranted(event: RoleGranted): void {
  setRole(event, event.params.role, event.params.account, true);
  touchCursor(event);
}

export function handleRoleRevoked(event: RoleRevoked): void {
  setRole(event, event.params.role, event.params.account, false);
  touchCursor(event);
}

export function handleRoleAdminChanged(event: RoleAdminChanged): void {
  touchCursor(event);
}
