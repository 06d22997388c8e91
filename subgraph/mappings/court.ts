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
  Staked,
  TreasuryTokensWithdrawn,
  UnstakeRequested,
  UnstakeWithdrawn,
  VoteCommitted,
  VoteRevealed,
  VoterSettled,
} from '../generated/DisputeCourt/DisputeCourt';
import { Ballot, VoteCommit, VoteReveal } from '../generated/schema';
import { idOf, loadDispute, loadProtocol, loadValidator, outcomeOf, setRole, touchCursor, ZERO } from './common';

const eventId = (event: ethereum.Event): string => event.transaction.hash.toHexString() + '-' + event.logIndex.toString();

function ballotId(disputeId: BigInt, voter: Bytes): string {
  return idOf(disputeId) + '-' + voter.toHexString();
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
  const id = ballotId(a.disputeId, a.voter);
  if (Ballot.load(id) == null) {
    const b = new Ballot(id);
    b.dispute = idOf(a.disputeId);
    b.voter = a.voter;
    b.weight = a.weight;
    b.vote = 'HIDDEN';
    b.settled = false;
    b.updatedAtBlock = block;
    b.save();
    const d = loadDispute(a.disputeId, event);
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
  const id = ballotId(a.disputeId, a.voter);
  let b = Ballot.load(id);
  if (b != null && b.vote != 'HIDDEN') {
    touchCursor(event);
    return;
  }
  const d = loadDispute(a.disputeId, event);
  if (b == null) {
    b = new Ballot(id);
    b.dispute = idOf(a.disputeId);
    b.voter = a.voter;
    b.settled = false;
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
  const id = ballotId(a.disputeId, a.voter);
  let b = Ballot.load(id);
  if (b == null) {
    b = new Ballot(id);
    b.dispute = idOf(a.disputeId);
    b.voter = a.voter;
    b.weight = ZERO;
    b.vote = 'HIDDEN';
    loadValidator(a.voter, block).save();
  }
  b.settled = true;
  b.majority = a.majority;
  b.tokenReward = a.tokenReward;
  b.tokenPenalty = a.tokenPenalty;
  b.ethRewardWei = a.ethRewardWei;
  b.updatedAtBlock = block;
  b.save();
  const d = loadDispute(a.disputeId, event);
  d.save();
  // The penalty comes out of the voter's stake; the reward is paid in tokens to the voter's wallet.
  const v = loadValidator(a.voter, block);
  v.tokenRewards = v.tokenRewards.plus(a.tokenReward);
  if (a.tokenPenalty.gt(ZERO)) {
    const before = v.stake;
    v.stake = v.stake.gt(a.tokenPenalty) ? v.stake.minus(a.tokenPenalty) : ZERO;
    v.tokenPenalties = v.tokenPenalties.plus(a.tokenPenalty);
    addStake(v.stake.minus(before), block);
  }
  v.save();
  touchCursor(event);
}

export function handleTreasuryTokensWithdrawn(event: TreasuryTokensWithdrawn): void {
  const p = loadProtocol(event.block.number);
  p.treasuryTokensWithdrawn = p.treasuryTokensWithdrawn.plus(event.params.amount);
  p.save();
  touchCursor(event);
}

// Issue 11 events, indexed for the cursor only so far (the dashboard's embedded indexer shows undecided rounds).
export function handleRoundUndecided(event: RoundUndecided): void {
  touchCursor(event);
}

export function handleAbsencePenalized(event: AbsencePenalized): void {
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
