import { getContract, type Address, type Hex } from 'viem';
import { coordinatorAbi } from '@veritrain/protocol';
import { callWithRetry, type RetryOptions } from './callWithRetry';
import type { ChainClients } from './createChainClients';

/** A lease (and its submission) with ids and times as bigint: viem returns uint40/uint48 fields as numbers. */
export type LeaseView = {
  holder: Address;
  bondWei: bigint;
  runId: bigint;
  parentId: bigint;
  firstStep: number;
  lastStep: number;
  /** Lease deadline while Leased; end of the challenge window once Pending. */
  deadline: bigint;
  status: number;
  openDisputes: number;
  /** Dispute commits not yet revealed or expired: like open disputes, they hold finalization. */
  pendingCommits: number;
  stepsRoot: Hex;
};

export type RunStateView = { tipStep: number; finalizedStep: number; tipId: bigint; liveLeaseId: bigint };

export type DisputeView = { submissionId: bigint; step: number; status: number; challenger: Address; bondWei: bigint };

type Views = { clients: ChainClients; coordinator: Address; retry?: RetryOptions };

const coordinatorOf = (v: Views) =>
  getContract({ address: v.coordinator, abi: coordinatorAbi, client: v.clients.publicClient });
const retryOf = (v: Views) => v.retry ?? v.clients.retry;

export async function readLease(v: Views, leaseId: bigint): Promise<LeaseView> {
  const l = await callWithRetry('lease', () => coordinatorOf(v).read.lease([leaseId]), retryOf(v));
  return {
    holder: l.holder,
    bondWei: l.bond,
    runId: BigInt(l.runId),
    parentId: BigInt(l.parentId),
    firstStep: Number(l.firstStep),
    lastStep: Number(l.lastStep),
    deadline: BigInt(l.deadline),
    status: l.status,
    openDisputes: Number(l.openDisputes),
    pendingCommits: Number(l.pendingCommits),
    stepsRoot: l.stepsRoot,
  };
}

export async function readRunState(v: Views, runId: bigint): Promise<RunStateView> {
  const r = await callWithRetry('runState', () => coordinatorOf(v).read.runState([runId]), retryOf(v));
  return {
    tipStep: Number(r.tipStep),
    finalizedStep: Number(r.finalizedStep),
    tipId: BigInt(r.tipId),
    liveLeaseId: BigInt(r.liveLeaseId),
  };
}

export async function readDispute(v: Views, disputeId: bigint): Promise<DisputeView> {
  const d = await callWithRetry('dispute', () => coordinatorOf(v).read.dispute([disputeId]), retryOf(v));
  return {
    submissionId: BigInt(d.submissionId),
    step: Number(d.step),
    status: d.status,
    challenger: d.challenger,
    bondWei: d.bond,
  };
}

/** The chain's clock: the latest block's timestamp (what the contracts compare deadlines with). */
export async function chainTime(clients: ChainClients, retry?: RetryOptions): Promise<bigint> {
  return (
    await callWithRetry('getBlock', () => clients.publicClient.getBlock({ blockTag: 'latest' }), retry ?? clients.retry)
  ).timestamp;
}
