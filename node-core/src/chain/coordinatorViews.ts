import type { Address, Hex } from 'viem';
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

function readCoordinator<T>(v: Views, functionName: string, args: readonly unknown[]): Promise<T> {
  return callWithRetry(
    functionName,
    () => v.clients.publicClient.readContract({ address: v.coordinator, abi: coordinatorAbi, functionName, args } as never) as Promise<T>,
    v.retry ?? v.clients.retry,
  );
}

export async function readLease(v: Views, leaseId: bigint): Promise<LeaseView> {
  const l = await readCoordinator<Record<string, unknown>>(v, 'lease', [leaseId]);
  return {
    holder: l.holder as Address,
    bondWei: BigInt(l.bond as bigint),
    runId: BigInt(l.runId as number),
    parentId: BigInt(l.parentId as number),
    firstStep: Number(l.firstStep),
    lastStep: Number(l.lastStep),
    deadline: BigInt(l.deadline as number),
    status: Number(l.status),
    openDisputes: Number(l.openDisputes),
    pendingCommits: Number(l.pendingCommits),
    stepsRoot: l.stepsRoot as Hex,
  };
}

export async function readRunState(v: Views, runId: bigint): Promise<RunStateView> {
  const r = await readCoordinator<Record<string, number | bigint>>(v, 'runState', [runId]);
  return { tipStep: Number(r.tipStep), finalizedStep: Number(r.finalizedStep), tipId: BigInt(r.tipId!), liveLeaseId: BigInt(r.liveLeaseId!) };
}

export async function readDispute(v: Views, disputeId: bigint): Promise<DisputeView> {
  const d = await readCoordinator<Record<string, unknown>>(v, 'dispute', [disputeId]);
  return {
    submissionId: BigInt(d.submissionId as number),
    step: Number(d.step),
    status: Number(d.status),
    challenger: d.challenger as Address,
    bondWei: BigInt(d.bond as bigint),
  };
}

/** The chain's clock: the latest block's timestamp (what the contracts compare deadlines with). */
export async function chainTime(clients: ChainClients, retry?: RetryOptions): Promise<bigint> {
  return (await callWithRetry('getBlock', () => clients.publicClient.getBlock({ blockTag: 'latest' }), retry ?? clients.retry)).timestamp;
}
