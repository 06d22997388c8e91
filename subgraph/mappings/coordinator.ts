// Coordinator events, folded as dashboard/src/data/reducer.ts folds them (statuses, tip, worker counters).
import { BigInt, Bytes } from '@graphprotocol/graph-ts';
import {
  ChallengerSharePaid,
  CourtSet,
  Credited,
  DisputeCommitExpired,
  DisputeCommitRevealed,
  DisputeCommitted,
  DisputeOpened,
  DisputeResolved,
  DisputeRoundUndecided,
  ExcessSwept,
  Finalized,
  Invalidated,
  LeaseAcquired,
  LeaseCancelled,
  LeaseExpired,
  Orphaned,
  ParamsUpdated,
  RewardsClaimed,
  RoleAdminChanged,
  RoleGranted,
  RoleRevoked,
  RunCreated,
  Submitted,
  VoterPaid,
  Withdrawn,
} from '../generated/Coordinator/Coordinator';
import { DisputeCommit, Run, StepLoss, Submission } from '../generated/schema';
import {
  float32Decimal,
  idOf,
  isDead,
  loadAccount,
  loadDispute,
  loadProtocol,
  loadSubmission,
  loadWorker,
  moveStatus,
  outcomeOf,
  setRole,
  stepsOf,
  touchCursor,
  ZERO,
} from './common';

export function handleRunCreated(event: RunCreated): void {
  const c = event.params.config;
  const id = idOf(event.params.runId);
  let run = Run.load(id);
  if (run == null) {
    run = new Run(id);
    run.tipStep = ZERO;
    run.tipId = ZERO;
    run.finalizedStep = ZERO;
    run.liveLeaseId = ZERO;
  }
  run.runId = event.params.runId;
  run.creator = event.params.creator;
  run.specHash = c.specHash;
  run.genesisRoot = c.genesisRoot;
  run.stepsPerLease = c.stepsPerLease;
  run.leaseDuration = c.leaseDuration;
  run.challengeWindow = c.challengeWindow;
  run.totalSteps = c.totalSteps;
  run.workerBond = c.workerBond;
  run.challengerBond = c.challengerBond;
  run.rewardPerStep = c.rewardPerStep;
  run.specCid = c.specCid;
  run.genesisCid = c.genesisCid;
  run.createdAtBlock = event.block.number;
  run.updatedAtBlock = event.block.number;
  run.save();
  const p = loadProtocol(event.block.number);
  p.runs += 1;
  p.save();
  touchCursor(event);
}

/** The lease's terms, which LeaseAcquired and Submitted both carry (a Submitted seen without its lease still
 *  makes a whole record). */
function setLeaseTerms(
  s: Submission,
  runId: BigInt,
  holder: Bytes,
  parentId: BigInt,
  firstStep: BigInt,
  lastStep: BigInt,
): void {
  s.run = idOf(runId);
  s.holder = holder;
  s.parentId = parentId;
  s.parent = parentId.isZero() ? null : idOf(parentId);
  s.firstStep = firstStep;
  s.lastStep = lastStep;
}

export function handleLeaseAcquired(event: LeaseAcquired): void {
  const a = event.params;
  const block = event.block.number;
  const s = loadSubmission(a.leaseId, a.runId, block);
  setLeaseTerms(s, a.runId, a.holder, a.parentId, a.firstStep, a.lastStep);
  s.bond = a.bondWei;
  s.leaseDeadline = a.deadline;
  s.acquiredAtBlock = block;
  s.acquiredAtLogIndex = event.logIndex;
  s.save();
  const w = loadWorker(a.holder, block);
  w.leases += 1;
  w.save();
  const run = Run.load(idOf(a.runId));
  if (run != null && s.status == 'LEASED') {
    run.liveLeaseId = a.leaseId;
    run.updatedAtBlock = block;
    run.save();
  }
  const p = loadProtocol(block);
  p.leases += 1;
  p.save();
  touchCursor(event);
}

function freeMutex(runId: BigInt, leaseId: BigInt, block: BigInt): void {
  const run = Run.load(idOf(runId));
  if (run != null && run.liveLeaseId.equals(leaseId)) {
    run.liveLeaseId = ZERO;
    run.updatedAtBlock = block;
    run.save();
  }
}

export function handleLeaseExpired(event: LeaseExpired): void {
  const a = event.params;
  const block = event.block.number;
  const s = loadSubmission(a.leaseId, a.runId, block);
  s.holder = a.holder;
  moveStatus(s, 'EXPIRED');
  s.slashedWei = a.slashedWei;
  s.keeper = a.keeper;
  s.refundWei = a.refundWei;
  s.save();
  const w = loadWorker(a.holder, block);
  w.slashes += 1;
  w.slashedWei = w.slashedWei.plus(a.slashedWei);
  w.save();
  freeMutex(a.runId, a.leaseId, block);
  touchCursor(event);
}

export function handleLeaseCancelled(event: LeaseCancelled): void {
  const a = event.params;
  const block = event.block.number;
  const s = loadSubmission(a.leaseId, a.runId, block);
  s.holder = a.holder;
  moveStatus(s, 'CANCELLED');
  s.refundWei = a.refundWei;
  s.save();
  freeMutex(a.runId, a.leaseId, block);
  touchCursor(event);
}

/** Unpacks `losses` (big-endian uint32 float32 bits, one per step) into StepLoss records and the bits array. */
function recordLosses(s: Submission, packed: Bytes, block: BigInt): void {
  const count = packed.length / 4;
  const bits = new Array<BigInt>(0);
  for (let i = 0; i < count; i++) {
    const o = i * 4;
    const b: u32 =
      ((packed[o] as u32) << 24) |
      ((packed[o + 1] as u32) << 16) |
      ((packed[o + 2] as u32) << 8) |
      (packed[o + 3] as u32);
    const step = s.firstStep.plus(BigInt.fromI32(i));
    const loss = new StepLoss(s.id + '-' + step.toString());
    loss.run = s.run;
    loss.submission = s.id;
    loss.step = step;
    loss.lossBits = BigInt.fromU64(b as u64);
    loss.loss = float32Decimal(b);
    loss.block = block;
    loss.save();
    bits.push(loss.lossBits);
  }
  s.lossBits = bits;
}

export function handleSubmitted(event: Submitted): void {
  const a = event.params;
  const block = event.block.number;
  const s = loadSubmission(a.submissionId, a.runId, block);
  setLeaseTerms(s, a.runId, a.worker, a.parentId, a.firstStep, a.lastStep);
  s.stepsRoot = a.stepsRoot;
  s.finalRoot = a.finalRoot;
  s.checkpointCid = a.checkpointCid;
  s.challengeDeadline = a.challengeDeadline;
  s.submittedAtBlock = block;
  s.submittedAtLogIndex = event.logIndex;
  s.submittedAtTimestamp = event.block.timestamp;
  s.submittedTx = event.transaction.hash;
  recordLosses(s, a.losses, block);
  moveStatus(s, 'PENDING');
  // As in the reducer, the tip follows a live submission before the check below may find it dead on arrival.
  const live = s.status == 'PENDING';
  // Submitted on top of a parent that died meanwhile: dead on arrival.
  if (live && isDead(Submission.load(idOf(a.parentId)))) moveStatus(s, 'ORPHANED');
  s.save();

  const w = loadWorker(a.worker, block);
  w.stepsSubmitted += stepsOf(s);
  w.save();
  const run = Run.load(idOf(a.runId));
  if (run != null) {
    if (run.liveLeaseId.equals(a.submissionId)) run.liveLeaseId = ZERO;
    if (live && s.lastStep.gt(run.tipStep)) {
      run.tipStep = s.lastStep;
      run.tipId = a.submissionId;
    }
    run.updatedAtBlock = block;
    run.save();
  }
  const p = loadProtocol(block);
  p.submissions += 1;
  p.save();
  touchCursor(event);
}

export function handleFinalized(event: Finalized): void {
  const a = event.params;
  const block = event.block.number;
  const s = loadSubmission(a.submissionId, a.runId, block);
  s.holder = a.worker;
  s.rewardTokens = a.rewardTokens;
  s.finalizedAtBlock = block;
  moveStatus(s, 'FINAL');
  s.save();
  const steps = stepsOf(s);
  const w = loadWorker(a.worker, block);
  w.stepsFinalized += steps;
  w.rewardTokens = w.rewardTokens.plus(a.rewardTokens);
  w.save();
  const run = Run.load(idOf(a.runId));
  if (run != null && a.finalizedStep.gt(run.finalizedStep)) {
    run.finalizedStep = a.finalizedStep;
    run.updatedAtBlock = block;
    run.save();
  }
  const p = loadProtocol(block);
  p.finalizedSubmissions += 1;
  p.stepsFinalized = p.stepsFinalized.plus(BigInt.fromI32(steps));
  p.rewardTokensOwed = p.rewardTokensOwed.plus(a.rewardTokens);
  p.save();
  touchCursor(event);
}

/**
 * Marks every pending descendant of a dead submission as orphaned: on chain they stay Pending until someone
 * calls reclaimOrphaned, but they can never finalize. A leased descendant passes the death on to its own
 * children (the chain cancels the lease itself).
 */
function orphanDescendants(dead: Submission, block: BigInt): void {
  const queue = new Array<Submission>(0);
  queue.push(dead);
  while (queue.length > 0) {
    const parent = queue.shift();
    const children = parent.children.load();
    for (let i = 0; i < children.length; i++) {
      const child = children[i];
      if (child.status == 'PENDING' || child.status == 'ORPHANED' || child.status == 'LEASED') {
        if (child.status == 'PENDING') {
          child.status = 'ORPHANED';
          child.updatedAtBlock = block;
          child.save();
        }
        queue.push(child);
      }
    }
  }
}

export function handleInvalidated(event: Invalidated): void {
  const a = event.params;
  const block = event.block.number;
  const before = Submission.load(idOf(a.submissionId));
  const s = loadSubmission(a.submissionId, a.runId, block);
  if (before != null && before.status != 'INVALID') {
    const w = loadWorker(before.holder, block);
    w.slashes += 1;
    w.slashedWei = w.slashedWei.plus(before.bond);
    w.save();
  }
  moveStatus(s, 'INVALID');
  s.save();
  const run = Run.load(idOf(a.runId));
  if (run != null) {
    run.tipStep = a.tipStep;
    run.tipId = a.tipId;
    run.updatedAtBlock = block;
    run.save();
  }
  orphanDescendants(s, block);
  const p = loadProtocol(block);
  p.invalidatedSubmissions += 1;
  p.save();
  touchCursor(event);
}

export function handleOrphaned(event: Orphaned): void {
  const a = event.params;
  const block = event.block.number;
  const s = loadSubmission(a.submissionId, a.runId, block);
  s.holder = a.worker;
  moveStatus(s, 'ORPHANED');
  s.reclaimed = true;
  s.refundWei = a.refundWei;
  s.save();
  orphanDescendants(s, block);
  touchCursor(event);
}

export function handleDisputeOpened(event: DisputeOpened): void {
  const a = event.params;
  const d = loadDispute(a.disputeId, event);
  const sub = Submission.load(idOf(a.submissionId));
  d.run = idOf(a.runId);
  d.submission = idOf(a.submissionId);
  d.challenger = a.challenger;
  if (sub != null) d.worker = sub.holder;
  d.step = a.step;
  d.workerRoot = a.workerRoot;
  d.workerLossBits = a.workerLossBits;
  d.claimedRoot = a.claimedRoot;
  d.claimedLossBits = a.claimedLossBits;
  d.bond = a.bondWei;
  d.openedAtBlock = event.block.number;
  d.openedAtLogIndex = event.logIndex;
  d.save();
  const p = loadProtocol(event.block.number);
  p.disputes += 1;
  p.save();
  touchCursor(event);
}

export function handleDisputeResolved(event: DisputeResolved): void {
  const a = event.params;
  const d = loadDispute(a.disputeId, event);
  const outcome = outcomeOf(a.outcome);
  if (outcome != null) d.outcome = outcome;
  d.challengerCreditWei = a.challengerCreditWei;
  d.workerCreditWei = a.workerCreditWei;
  d.votersPoolWei = a.votersPoolWei;
  d.treasuryCreditWei = a.treasuryCreditWei;
  d.resolvedAtBlock = event.block.number;
  d.save();
  touchCursor(event);
}

export function handleRewardsClaimed(event: RewardsClaimed): void {
  const w = loadWorker(event.params.account, event.block.number);
  w.rewardTokensClaimed = w.rewardTokensClaimed.plus(event.params.amount);
  w.save();
  const p = loadProtocol(event.block.number);
  p.rewardTokensClaimed = p.rewardTokensClaimed.plus(event.params.amount);
  p.save();
  touchCursor(event);
}

export function handleVoterPaid(event: VoterPaid): void {
  const acc = loadAccount(event.params.voter, event.block.number);
  acc.voterPaidWei = acc.voterPaidWei.plus(event.params.amountWei);
  acc.save();
  touchCursor(event);
}

export function handleCredited(event: Credited): void {
  const acc = loadAccount(event.params.account, event.block.number);
  acc.creditedWei = acc.creditedWei.plus(event.params.amountWei);
  acc.save();
  touchCursor(event);
}

export function handleWithdrawn(event: Withdrawn): void {
  const acc = loadAccount(event.params.account, event.block.number);
  acc.withdrawnWei = acc.withdrawnWei.plus(event.params.amountWei);
  acc.save();
  touchCursor(event);
}

export function handleParamsUpdated(event: ParamsUpdated): void {
  const p = loadProtocol(event.block.number);
  const params = event.params.params;
  p.expirySlashBps = params.expirySlashBps;
  p.keeperRewardBps = params.keeperRewardBps;
  p.challengerRewardBps = params.challengerRewardBps;
  p.workerRewardBps = params.workerRewardBps;
  p.treasury = params.treasury;
  p.save();
  touchCursor(event);
}

// Issue 11 events, indexed for the cursor only so far (the dashboard's embedded indexer shows undecided rounds).
/** A round without verdict cost the opener the no-verdict fee: `bond` is what is left of its bond. */
export function handleDisputeRoundUndecided(event: DisputeRoundUndecided): void {
  const d = loadDispute(event.params.disputeId, event);
  d.bond = event.params.bondLeftWei;
  d.save();
  touchCursor(event);
}

export function handleDisputeCommitted(event: DisputeCommitted): void {
  const a = event.params;
  const c = new DisputeCommit(idOf(a.commitId));
  c.commitId = a.commitId;
  c.run = idOf(a.runId);
  c.submission = idOf(a.submissionId);
  c.challenger = a.challenger;
  c.bond = a.bondWei;
  c.revealFromBlock = a.revealFromBlock;
  c.revealUntilBlock = a.revealUntilBlock;
  c.status = 'COMMITTED';
  c.committedAtBlock = event.block.number;
  c.updatedAtBlock = event.block.number;
  c.save();
  touchCursor(event);
}

/** Follows the reveal's DisputeOpened in the same transaction, so the dispute exists. */
export function handleDisputeCommitRevealed(event: DisputeCommitRevealed): void {
  const a = event.params;
  const c = DisputeCommit.load(idOf(a.commitId));
  if (c != null) {
    c.status = 'REVEALED';
    c.dispute = idOf(a.disputeId);
    c.updatedAtBlock = event.block.number;
    c.save();
  }
  const d = loadDispute(a.disputeId, event);
  d.commit = idOf(a.commitId);
  d.save();
  touchCursor(event);
}

export function handleDisputeCommitExpired(event: DisputeCommitExpired): void {
  const c = DisputeCommit.load(idOf(event.params.commitId));
  if (c != null) {
    c.status = 'EXPIRED';
    c.updatedAtBlock = event.block.number;
    c.save();
  }
  touchCursor(event);
}

export function handleChallengerSharePaid(event: ChallengerSharePaid): void {
  const d = loadDispute(event.params.disputeId, event);
  d.challengerShareWei = event.params.amountWei;
  d.save();
  touchCursor(event);
}

export function handleExcessSwept(event: ExcessSwept): void {
  touchCursor(event);
}

export function handleCourtSet(event: CourtSet): void {
  const p = loadProtocol(event.block.number);
  p.court = event.params.court;
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
