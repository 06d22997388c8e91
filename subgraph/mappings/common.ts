// Shared by both data sources: the protocol singleton, the event cursor, status ranks and loaders with defaults.
import { Address, BigDecimal, BigInt, Bytes, ethereum } from '@graphprotocol/graph-ts';
import { Account, Dispute, Protocol, RoleMember, Submission, Validator, Worker } from '../generated/schema';

export const PROTOCOL_ID = 'protocol';
export const ZERO = BigInt.zero();
export const ZERO_ADDRESS = Address.zero();
const ZERO_ROOT = Bytes.fromHexString('0x0000000000000000000000000000000000000000000000000000000000000000');

export function loadProtocol(block: BigInt): Protocol {
  let p = Protocol.load(PROTOCOL_ID);
  if (p == null) {
    p = new Protocol(PROTOCOL_ID);
    p.runs = 0;
    p.leases = 0;
    p.submissions = 0;
    p.finalizedSubmissions = 0;
    p.invalidatedSubmissions = 0;
    p.disputes = 0;
    p.stepsFinalized = ZERO;
    p.rewardTokensOwed = ZERO;
    p.rewardTokensClaimed = ZERO;
    p.totalStake = ZERO;
    p.treasuryTokensWithdrawn = ZERO;
    p.lastEventBlock = ZERO;
    p.lastEventLogIndex = ZERO;
  }
  p.updatedAtBlock = block;
  return p;
}

/**
 * Records the position of the event being handled. Every handler of both contracts calls it, so the singleton
 * holds the last protocol event indexed: the dashboard's cursor.
 */
export function touchCursor(event: ethereum.Event): void {
  const p = loadProtocol(event.block.number);
  p.lastEventBlock = event.block.number;
  p.lastEventLogIndex = event.logIndex;
  p.save();
}

export const idOf = (n: BigInt): string => n.toString();

// A submission's life only moves forward; terminal states outrank everything before them (as the reducer ranks).
function rank(status: string): i32 {
  if (status == 'LEASED') return 0;
  if (status == 'PENDING') return 1;
  if (status == 'INVALID') return 3;
  return 2; // EXPIRED, CANCELLED, FINAL, ORPHANED
}

export function moveStatus(s: Submission, status: string): void {
  if (rank(status) >= rank(s.status)) s.status = status;
}

export const isDead = (s: Submission | null): bool => s != null && (s.status == 'INVALID' || s.status == 'ORPHANED');

/** Steps a lease covers; 0 for a stub whose lease was never seen. */
export function stepsOf(s: Submission): i32 {
  if (s.firstStep.gt(ZERO) && s.lastStep.ge(s.firstStep)) return s.lastStep.minus(s.firstStep).toI32() + 1;
  return 0;
}

/** The submission, or a stub for one whose lease was not indexed (a handler never fails on a missing record). */
export function loadSubmission(id: BigInt, runId: BigInt, block: BigInt): Submission {
  let s = Submission.load(idOf(id));
  if (s == null) {
    s = new Submission(idOf(id));
    s.leaseId = id;
    s.run = idOf(runId);
    s.holder = ZERO_ADDRESS;
    s.parentId = ZERO;
    s.firstStep = ZERO;
    s.lastStep = ZERO;
    s.bond = ZERO;
    s.status = 'LEASED';
    s.reclaimed = false;
    s.leaseDeadline = ZERO;
  }
  s.updatedAtBlock = block;
  return s;
}

export function loadWorker(address: Bytes, block: BigInt): Worker {
  let w = Worker.load(address);
  if (w == null) {
    w = new Worker(address);
    w.leases = 0;
    w.stepsSubmitted = 0;
    w.stepsFinalized = 0;
    w.rewardTokens = ZERO;
    w.rewardTokensClaimed = ZERO;
    w.slashes = 0;
    w.slashedWei = ZERO;
  }
  w.updatedAtBlock = block;
  return w;
}

export function loadAccount(address: Bytes, block: BigInt): Account {
  let a = Account.load(address);
  if (a == null) {
    a = new Account(address);
    a.creditedWei = ZERO;
    a.withdrawnWei = ZERO;
    a.voterPaidWei = ZERO;
  }
  a.updatedAtBlock = block;
  return a;
}

export function loadValidator(address: Bytes, block: BigInt): Validator {
  let v = Validator.load(address);
  if (v == null) {
    v = new Validator(address);
    v.stake = ZERO;
    v.unbonding = ZERO;
    v.tokenRewards = ZERO;
    v.tokenPenalties = ZERO;
  }
  v.updatedAtBlock = block;
  return v;
}

/**
 * The dispute, or a stub: the court opens its case inside openDispute, before the coordinator emits
 * DisputeOpened, so court events may come first and DisputeOpened completes the record.
 */
export function loadDispute(id: BigInt, event: ethereum.Event): Dispute {
  let d = Dispute.load(idOf(id));
  if (d == null) {
    d = new Dispute(idOf(id));
    d.disputeId = id;
    d.run = '0';
    d.submission = '0';
    d.challenger = ZERO_ADDRESS;
    d.step = ZERO;
    d.workerRoot = ZERO_ROOT;
    d.workerLossBits = ZERO;
    d.claimedRoot = ZERO_ROOT;
    d.claimedLossBits = ZERO;
    d.bond = ZERO;
    d.committedWeight = ZERO;
    d.fraudWeight = ZERO;
    d.honestWeight = ZERO;
    d.round = 0;
    d.undecidedRounds = 0;
    d.openedAtBlock = ZERO;
    d.openedAtLogIndex = ZERO;
  }
  d.updatedAtBlock = event.block.number;
  return d;
}

/** Takes a penalty out of a validator's stake as the court does (stake first; what is left of it, if any, came
 *  out of unbonding), counting it in tokenPenalties and the protocol's total stake. */
export function penalizeStake(v: Validator, amount: BigInt, block: BigInt): void {
  if (amount.le(ZERO)) return;
  const before = v.stake;
  v.stake = v.stake.gt(amount) ? v.stake.minus(amount) : ZERO;
  v.tokenPenalties = v.tokenPenalties.plus(amount);
  const p = loadProtocol(block);
  p.totalStake = p.totalStake.plus(v.stake.minus(before));
  p.save();
}

/** DisputeStatus (ICoordinator): 2 Fraud, 3 Honest, 4 NoQuorum; anything else is no outcome. */
export function outcomeOf(status: i32): string | null {
  if (status == 2) return 'FRAUD';
  if (status == 3) return 'HONEST';
  if (status == 4) return 'NO_QUORUM';
  return null;
}

export function setRole(event: ethereum.Event, role: Bytes, account: Bytes, granted: bool): void {
  const id = event.address.toHexString() + '-' + role.toHexString() + '-' + account.toHexString();
  let m = RoleMember.load(id);
  if (m == null) {
    m = new RoleMember(id);
    m.contract = event.address;
    m.role = role;
    m.account = account;
  }
  m.granted = granted;
  m.updatedAtBlock = event.block.number;
  m.save();
}

/**
 * A float32 given by its bits as a decimal that parses back to exactly that float (the f64 conversion is exact
 * and the printed digits round-trip); null for NaN and infinities, which a BigDecimal cannot hold.
 */
export function float32Decimal(bits: u32): BigDecimal | null {
  const value = reinterpret<f32>(bits);
  if (isNaN(value) || !isFinite(value)) return null;
  return BigDecimal.fromString((value as f64).toString());
}
