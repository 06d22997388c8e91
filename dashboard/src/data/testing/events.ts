import { encodeAbiParameters, keccak256, type Address, type Hex } from 'viem';
import { float32ToBits, packLosses } from '@veritrain/protocol';
import type { ProtocolEvent, ProtocolEventName } from '../events';

// Hand-built events for reducer and component tests: what the indexer would produce from real logs.

export function ev<N extends ProtocolEventName>(
  eventName: N,
  args: Extract<ProtocolEvent, { eventName: N }>['args'],
  blockNumber: number,
  logIndex = 0,
): ProtocolEvent {
  return { eventName, args, blockNumber: BigInt(blockNumber), logIndex } as ProtocolEvent;
}

export const addr = (n: number): Address => `0x${n.toString(16).padStart(40, '0')}` as Address;
export const root = (n: number): Hex => keccak256(encodeAbiParameters([{ type: 'uint256' }], [BigInt(n)]));
export const lossesHex = (values: number[]): Hex => packLosses(values.map(float32ToBits));

export const ALICE = addr(0xa11ce);
export const BOB = addr(0xb0b);
export const CAROL = addr(0xca201);
export const V1 = addr(0x1001);
export const V2 = addr(0x1002);

export const runCreated = (block: number) =>
  ev(
    'RunCreated',
    {
      runId: 1n,
      creator: addr(1),
      config: {
        specHash: root(100),
        genesisRoot: root(0),
        stepsPerLease: 2n,
        leaseDuration: 3600n,
        challengeWindow: 600n,
        totalSteps: 8n,
        workerBond: 10n ** 18n,
        challengerBond: 5n * 10n ** 17n,
        rewardPerStep: 10n,
        specCid: 'bafyspec',
        genesisCid: 'bafygenesis',
      },
    },
    block,
  );

export const leaseAcquired = (
  block: number,
  leaseId: number,
  holder: Address,
  parentId: number,
  firstStep: number,
  deadline = 5000,
) =>
  ev(
    'LeaseAcquired',
    {
      runId: 1n,
      leaseId: BigInt(leaseId),
      holder,
      parentId: BigInt(parentId),
      firstStep: BigInt(firstStep),
      lastStep: BigInt(firstStep + 1),
      deadline: BigInt(deadline),
      bondWei: 10n ** 18n,
    },
    block,
  );

export const submitted = (
  block: number,
  id: number,
  worker: Address,
  parentId: number,
  firstStep: number,
  losses: number[],
  logIndex = 0,
) =>
  ev(
    'Submitted',
    {
      runId: 1n,
      submissionId: BigInt(id),
      worker,
      parentId: BigInt(parentId),
      firstStep: BigInt(firstStep),
      lastStep: BigInt(firstStep + losses.length - 1),
      stepsRoot: root(1000 + id),
      finalRoot: root(2000 + id),
      checkpointCid: `bafyckpt${id}`,
      losses: lossesHex(losses),
      challengeDeadline: 6000n,
    },
    block,
    logIndex,
  );

export const finalized = (block: number, id: number, worker: Address, finalizedStep: number, rewardTokens = 20n) =>
  ev(
    'Finalized',
    {
      runId: 1n,
      submissionId: BigInt(id),
      worker,
      finalizedStep: BigInt(finalizedStep),
      bondRefundWei: 10n ** 18n,
      rewardTokens,
    },
    block,
  );
