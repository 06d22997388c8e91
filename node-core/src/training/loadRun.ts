import { keccak256, type Hex } from 'viem';
import { parseRunSpec, type Backend, type RunData, type RunSpec, type TensorLike } from '@veritrain/engine';
import { loadRunData } from '@veritrain/engine/node';
import { callWithRetry } from '../chain/callWithRetry';
import type { OptionSpecs } from '../config/optionSpec';
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
    () => publicClient.readContract({ address: ctx.contracts.coordinator, abi: coordinatorAbi, functionName: 'runConfig', args: [runId] }),
    ctx.retry,
  )) as RunConfigOnChain;
  if (config.totalSteps === 0n) throw new NodeError('INVALID_CONFIG', `--run-id ${runId}: no such run on chain ${ctx.clients.chain.id}`);
  const specBytes = await store.get(config.specCid, { signal: ctx.signal });
  if (keccak256(specBytes) !== config.specHash) {
    throw new NodeError('STORAGE', `run ${runId}: the spec at ${config.specCid} does not hash to the on-chain specHash ${config.specHash}`);
  }
  const spec = parseRunSpec(JSON.parse(new TextDecoder().decode(specBytes)));
  const data = loadRunData(spec, cacheDir === undefined ? {} : { cacheDir });
  return { runId, config, spec, data, backend: ctx.backend.backend };
}
