import { resolve } from 'node:path';
import { parseJsonText } from '@veritrain/protocol';
import { readRegularFile } from '@veritrain/protocol/node';
import { createChainClients } from '../../chain/createChainClients';
import { resolveContracts } from '../../chain/resolveContracts';
import { configForLog } from '../../config/formatConfig';
import type { ConfigOf } from '../../config/optionSpec';
import type { ResolvedConfig } from '../../config/resolveConfig';
import { NodeError } from '../../errors';
import { loadPrivateKey } from '../../keys/loadPrivateKey';
import type { Logger } from '../../logging/createLogger';
import { buildRunArtifacts } from '../../run/buildRunArtifacts';
import { createRun } from '../../run/createRun';
import { RUN_PRESETS } from '../../run/runPresets';
import type { ContentStore } from '../../storage/contentStore';
import { openNodeContentStore } from '../../storage/openNodeContentStore';
import { MAX_SPEC_BYTES } from '../../training/contentLimits';
import type { CliIo } from '../io';
import { createOptions } from './options';

type CreateConfig = ConfigOf<typeof createOptions>;

/** Where `run create` keeps its embedded IPFS node unless --ipfs-dir says otherwise. */
export const DEFAULT_IPFS_DIR = '.veritrain/ipfs';

/** The spec JSON the options describe: the spec file or the preset, with the override flags applied. */
export function specFromConfig(config: CreateConfig, cwd: string): Record<string, unknown> {
  let json: Record<string, unknown>;
  if (config.spec !== undefined) {
    const file = resolve(cwd, config.spec);
    try {
      const bytes = readRegularFile(file, { what: `--spec ${config.spec}`, maxBytes: MAX_SPEC_BYTES });
      json = parseJsonText(new TextDecoder().decode(bytes), { source: `--spec ${config.spec}`, maxDepth: 8 }) as Record<
        string,
        unknown
      >;
    } catch (cause) {
      throw new NodeError('INVALID_CONFIG', (cause as Error).message, { cause });
    }
    if (typeof json !== 'object' || json === null || Array.isArray(json)) {
      throw new NodeError('INVALID_CONFIG', `--spec ${config.spec}: expected a run-spec JSON object`);
    }
  } else {
    json = structuredClone(RUN_PRESETS[config.preset]()) as Record<string, unknown>;
  }
  if (config.layers !== undefined) {
    const model = json.model as Record<string, unknown> | undefined;
    if (model?.kind !== 'mlp')
      throw new NodeError(
        'INVALID_CONFIG',
        `--layers: expected an MLP spec, but the model is ${JSON.stringify(model?.kind)}`,
      );
    json.model = { ...model, layers: config.layers };
  }
  if (config.lr !== undefined) json.optimizer = { ...(json.optimizer as object), lr: config.lr };
  if (config.batchSize !== undefined) json.batchSize = config.batchSize;
  if (config.seed !== undefined) json.seed = config.seed;
  if (config.totalSteps !== undefined) json.totalSteps = config.totalSteps;
  return json;
}

export type CreateHandlerParameters = {
  resolved: ResolvedConfig<typeof createOptions>;
  logger: Logger;
  io: CliIo;
  /** The content store; default the one the options name (--ipfs-api, else an embedded node in --ipfs-dir). */
  store?: ContentStore;
};

/** `run create`: spec → genesis → content store → Coordinator.createRun → runId on stdout. */
export async function createHandler(params: CreateHandlerParameters): Promise<void> {
  const { resolved, logger, io } = params;
  const config = resolved.values;
  logger.info(
    { config: configForLog(createOptions, resolved), configFile: resolved.configFile },
    'run create: resolved config',
  );

  let artifacts: ReturnType<typeof buildRunArtifacts>;
  try {
    artifacts = buildRunArtifacts(specFromConfig(config, io.cwd));
  } catch (err) {
    if (err instanceof NodeError) throw err;
    if (err instanceof Error && (err as { code?: string }).code === 'INVALID_SPEC') {
      throw new NodeError('INVALID_CONFIG', err.message, { cause: err });
    }
    throw err;
  }
  logger.info(
    { specHash: artifacts.specHash, genesisRoot: artifacts.genesisRoot, genesisBytes: artifacts.genesisBytes.length },
    'built the run spec and genesis checkpoint',
  );

  if (config.dryRun) {
    const result = {
      specHash: artifacts.specHash,
      genesisRoot: artifacts.genesisRoot,
      totalSteps: artifacts.spec.totalSteps,
    };
    io.stdout.write(
      config.json ? `${JSON.stringify(result)}\n` : `specHash ${result.specHash}\ngenesisRoot ${result.genesisRoot}\n`,
    );
    return;
  }

  const keyFile = config.keyFile === undefined ? undefined : resolve(io.cwd, config.keyFile);
  const { account } = loadPrivateKey({ keyFile, env: io.env, onWarning: (m) => logger.warn(m) });
  const chainLog = logger.child({ component: 'chain' });
  const retry = {
    retries: config.rpcRetries,
    onRetry: (i: { attempt: number; delayMs: number; reason: string; operation: string }) =>
      chainLog.warn(i, `RPC fault (${i.reason}) in ${i.operation}; retrying in ${i.delayMs} ms`),
  };
  const clients = await createChainClients({
    rpcUrl: config.rpcUrl,
    account,
    expectedChainId: config.chainId,
    timeoutMs: config.rpcTimeoutMs,
    retry,
  });
  const contracts = await resolveContracts({
    clients,
    coordinator: config.coordinator,
    deployment: config.deployment,
    cwd: io.cwd,
    expectedChainId: config.chainId,
  });
  chainLog.info({ chainId: clients.chain.id, coordinator: contracts.coordinator, from: account.address }, 'connected');

  const ipfsDir = resolve(io.cwd, config.ipfsDir ?? DEFAULT_IPFS_DIR);
  let opened: { close(): Promise<void> } | undefined;
  let store = params.store;
  if (store === undefined) {
    const full = await openNodeContentStore({
      ipfsApi: config.ipfsApi,
      ipfsDir,
      ipfsListen: config.ipfsListen,
      ipfsBootstrap: config.ipfsBootstrap,
      ipfsTimeoutMs: config.ipfsTimeoutMs,
    });
    opened = full;
    store = full;
    logger.info(config.ipfsApi === undefined ? { ipfsDir } : { ipfsApi: config.ipfsApi }, 'content store open');
  }
  let result: Awaited<ReturnType<typeof createRun>>;
  try {
    result = await createRun({
      clients,
      coordinator: contracts.coordinator,
      store,
      artifacts,
      terms: {
        stepsPerLease: BigInt(config.stepsPerLease),
        leaseDurationS: BigInt(config.leaseDurationS),
        challengeWindowS: BigInt(config.challengeWindowS),
        workerBondWei: config.workerBondWei,
        challengerBondWei: config.challengerBondWei,
        rewardPerStep: config.rewardPerStep,
      },
      onProgress: (message, fields) => logger.info(fields ?? {}, message),
    });
  } finally {
    await opened?.close();
  }
  logger.info({ runId: result.runId.toString(), txHash: result.txHash }, 'run created');
  if (config.json) {
    io.stdout.write(
      `${JSON.stringify({ ...result, runId: result.runId.toString(), totalSteps: result.totalSteps.toString(), coordinator: contracts.coordinator, chainId: clients.chain.id })}\n`,
    );
  } else {
    io.stdout.write(`${result.runId}\n`);
  }
}
