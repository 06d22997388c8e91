import { totalmem } from 'node:os';
import { keccak256, type Hex } from 'viem';
import {
  parseRunSpec,
  runResourceNeeds,
  type Backend,
  type RunData,
  type RunSpec,
  type TensorLike,
} from '@veritrain/engine';
import { parseJsonText } from '@veritrain/protocol';
import { loadRunData } from '@veritrain/engine/node';
import { callWithRetry } from '../chain/callWithRetry';
import type { ConfigOf, OptionSpecs } from '../config/optionSpec';
import type { RuntimeOptions } from '../runtime/nodeOptions';
import { MAX_SPEC_BYTES } from './contentLimits';
import { NodeError } from '../errors';
import type { NodeContext } from '../runtime/runNode';
import type { ContentStore } from '../storage/contentStore';
import { coordinatorAbi } from '@veritrain/protocol';

export type RunConfigOnChain = {
  specHash: Hex;
  genesisRoot: Hex;
  stepsPerLease: bigint;
  leaseDuration: bigint;
  challengeWindow: bigint;
  totalSteps: bigint;
  workerBond: bigint;
  challengerBond: bigint;
  rewardPerStep: bigint;
  specCid: string;
  genesisCid: string;
};

export type LoadedRun = {
  runId: bigint;
  config: RunConfigOnChain;
  spec: RunSpec;
  data: RunData;
  /** What every step of this run is computed with here: the node's --backend (ctx.backend). */
  backend: Backend<TensorLike>;
};

/**
 * Reads the run's on-chain config, fetches its spec from IPFS (checked against specHash) and loads the data;
 * the run computes with the node's backend.
 */
export async function loadRun<S extends OptionSpecs>(
  ctx: NodeContext<S>,
  store: ContentStore,
  runId: bigint,
  cacheDir: string | undefined,
): Promise<LoadedRun> {
  const { publicClient } = ctx.clients;
  const config = (await callWithRetry(
    'runConfig',
    () =>
      publicClient.readContract({
        address: ctx.contracts.coordinator,
        abi: coordinatorAbi,
        functionName: 'runConfig',
        args: [runId],
      }),
    ctx.retry,
  )) as RunConfigOnChain;
  if (config.totalSteps === 0n)
    throw new NodeError('INVALID_CONFIG', `--run-id ${runId}: no such run on chain ${ctx.clients.chain.id}`);
  const specBytes = await store.get(config.specCid, { signal: ctx.signal, maxBytes: MAX_SPEC_BYTES });
  if (keccak256(specBytes) !== config.specHash) {
    throw new NodeError(
      'STORAGE',
      `run ${runId}: the spec at ${config.specCid} does not hash to the on-chain specHash ${config.specHash}`,
    );
  }
  let spec: RunSpec;
  try {
    spec = parseRunSpec(
      parseJsonText(new TextDecoder().decode(specBytes), {
        source: `run ${runId}: spec ${config.specCid}`,
        maxDepth: 8,
      }),
    );
  } catch (cause) {
    throw new NodeError(
      'INVALID_CONFIG',
      `run ${runId}: the on-chain spec cannot be run: ${(cause as Error).message}`,
      { cause },
    );
  }
  // Before anything proportional to the model is allocated (the data, the genesis, a parent checkpoint).
  checkMemoryBudget(runId, spec, (ctx.config as unknown as ConfigOf<RuntimeOptions>).memoryBudgetMib);
  const data = loadRunData(spec, cacheDir === undefined ? {} : { cacheDir });
  return { runId, config, spec, data, backend: ctx.backend.backend };
}

const MIB = 1024 * 1024;

/** The default --memory-budget-mib: half the machine's memory, leaving the rest to the OS and the store. */
export function defaultMemoryBudgetMib(): number {
  return Math.floor(totalmem() / 2 / MIB);
}

/** Refuses (INVALID_CONFIG, exit 2) a run whose one step needs more memory than the node may use. */
export function checkMemoryBudget(runId: bigint, spec: RunSpec, budgetMib: number | undefined): void {
  const budget = budgetMib ?? defaultMemoryBudgetMib();
  const needs = runResourceNeeds(spec);
  const needMib = Math.ceil(needs.stepMemoryBytes / MIB);
  if (needMib > budget) {
    throw new NodeError(
      'INVALID_CONFIG',
      `run ${runId} needs about ${needMib} MiB per step (${needs.parameters} parameters, ${needs.activationsPerStep} activations), ` +
        `more than this node's memory budget of ${budget} MiB (${budgetMib === undefined ? "default: half the machine's memory" : '--memory-budget-mib'}); not joining it. ` +
        'Run it on a larger machine or raise --memory-budget-mib (VERITRAIN_MEMORY_BUDGET_MIB)',
      { details: { runId: runId.toString(), needMib, budgetMib: budget } },
    );
  }
}
