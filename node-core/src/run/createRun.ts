import { parseEventLogs, type Address, type Hex } from 'viem';
import { coordinatorAbi } from '@veritrain/protocol';
import type { SigningChainClients } from '../chain/createChainClients';
import { writeContractWithRetry } from '../chain/writeContractWithRetry';
import { NodeError } from '../errors';
import type { ContentStore } from '../storage/contentStore';
import type { RunArtifacts } from './buildRunArtifacts';

/** The on-chain terms of a run (docs/architecture.md §3.1) besides what the spec fixes. */
export type RunTerms = {
  stepsPerLease: bigint;
  leaseDurationS: bigint;
  challengeWindowS: bigint;
  workerBondWei: bigint;
  challengerBondWei: bigint;
  /** Reward-token base units minted per finalized step. */
  rewardPerStep: bigint;
};

export type CreateRunParameters = {
  clients: SigningChainClients;
  coordinator: Address;
  store: ContentStore;
  artifacts: RunArtifacts;
  terms: RunTerms;
  onProgress?: (message: string, fields?: Record<string, unknown>) => void;
};

export type CreateRunReturnType = {
  runId: bigint;
  specHash: Hex;
  genesisRoot: Hex;
  specCid: string;
  genesisCid: string;
  txHash: Hex;
  totalSteps: bigint;
};

/**
 * Stores and pins the canonical spec and the genesis checkpoint, then calls `Coordinator.createRun`
 * (needs RUN_CREATOR_ROLE) and returns the new run's id, read from its RunCreated event.
 */
export async function createRun(params: CreateRunParameters): Promise<CreateRunReturnType> {
  const { artifacts, terms, store } = params;
  const progress = params.onProgress ?? (() => {});
  progress('storing the run spec', { bytes: artifacts.specBytes.length });
  const specCid = await store.add(artifacts.specBytes);
  await store.pin(specCid);
  progress('storing the genesis checkpoint', { bytes: artifacts.genesisBytes.length });
  const genesisCid = await store.add(artifacts.genesisBytes);
  await store.pin(genesisCid);
  const totalSteps = BigInt(artifacts.spec.totalSteps);
  progress('sending createRun', { specCid, genesisCid, coordinator: params.coordinator });
  const { hash, receipt } = await writeContractWithRetry(params.clients, {
    address: params.coordinator,
    abi: coordinatorAbi,
    functionName: 'createRun',
    args: [
      {
        specHash: artifacts.specHash,
        genesisRoot: artifacts.genesisRoot,
        stepsPerLease: terms.stepsPerLease,
        leaseDuration: terms.leaseDurationS,
        challengeWindow: terms.challengeWindowS,
        totalSteps,
        workerBond: terms.workerBondWei,
        challengerBond: terms.challengerBondWei,
        rewardPerStep: terms.rewardPerStep,
        specCid,
        genesisCid,
      },
    ],
  });
  const created = parseEventLogs({ abi: coordinatorAbi, logs: receipt.logs, eventName: 'RunCreated' })[0];
  if (!created) throw new NodeError('TX_FAILED', `createRun transaction ${hash} emitted no RunCreated event`);
  return {
    runId: created.args.runId,
    specHash: artifacts.specHash,
    genesisRoot: artifacts.genesisRoot,
    specCid,
    genesisCid,
    txHash: hash,
    totalSteps,
  };
}
