import type { Hex } from 'viem';
import { createGenesis, encodeCheckpoint } from '@veritrain/engine';
import { stateRootNode } from '@veritrain/engine/node';
import { callWithRetry } from '../chain/callWithRetry';
import { NodeError } from '../errors';
import type { OptionSpecs } from '../config/optionSpec';
import type { NodeContext } from '../runtime/runNode';
import type { ContentStore } from '../storage/contentStore';
import { parseSubmissionManifest } from '../submission/submissionManifest';
import { coordinatorAbi } from '@veritrain/protocol';
import { checkpointBytes, manifestMaxBytes } from './contentLimits';
import type { LoadedRun } from './loadRun';

export type SubmittedEvent = {
  submissionId: bigint;
  parentId: bigint;
  firstStep: bigint;
  lastStep: bigint;
  finalRoot: Hex;
  checkpointCid: string;
  challengeDeadline: bigint;
  worker: `0x${string}`;
};

/** The Submitted event of one submission (its finalRoot and manifest CID live only there). */
export async function submittedEvent<S extends OptionSpecs>(
  ctx: NodeContext<S>,
  runId: bigint,
  submissionId: bigint,
): Promise<SubmittedEvent> {
  const logs = await callWithRetry(
    'getLogs Submitted',
    () =>
      ctx.clients.publicClient.getContractEvents({
        address: ctx.contracts.coordinator,
        abi: coordinatorAbi,
        eventName: 'Submitted',
        args: { runId, submissionId },
        fromBlock: ctx.contracts.startBlock,
        toBlock: 'latest',
      }),
    ctx.retry,
  );
  const log = logs[0];
  if (!log) throw new Error(`no Submitted event for submission ${submissionId} of run ${runId}`);
  const a = log.args as Required<typeof log.args>;
  return {
    submissionId,
    parentId: a.parentId!,
    firstStep: a.firstStep!,
    lastStep: a.lastStep!,
    finalRoot: a.finalRoot!,
    checkpointCid: a.checkpointCid!,
    challengeDeadline: a.challengeDeadline!,
    worker: a.worker!,
  };
}

export type FetchParentCheckpointOptions = {
  /**
   * The manifest and the checkpoint together must arrive within this (the store's TIMEOUT otherwise), instead of the
   * store's default per read: a worker derives it from its lease (worker/src/leaseFit.ts).
   */
  timeoutMs?: number;
};

/**
 * The state a lease builds on, verified against the chain: genesis (fetched, or rebuilt from the spec,
 * which is deterministic) checked against genesisRoot, or the parent submission's checkpoint (through
 * its manifest) checked against its finalRoot.
 */
export async function fetchParentCheckpoint<S extends OptionSpecs>(
  ctx: NodeContext<S>,
  store: ContentStore,
  run: LoadedRun,
  parentId: bigint,
  options: FetchParentCheckpointOptions = {},
): Promise<Uint8Array> {
  const startedMs = Date.now();
  // What is left of the budget for the next read (at least 1 ms: a spent budget is the store's TIMEOUT, not a hang).
  const timeout = (): { timeoutMs?: number } =>
    options.timeoutMs === undefined ? {} : { timeoutMs: Math.max(1, options.timeoutMs - (Date.now() - startedMs)) };
  const log = ctx.logger.child({ component: 'checkpoint' });
  if (parentId === 0n) {
    try {
      const bytes = await readCheckpoint(
        store,
        run.config.genesisCid,
        checkpointBytes(run.spec, 0),
        ctx.signal,
        'the genesis',
        timeout(),
      );
      if (stateRootNode(bytes) === run.config.genesisRoot) return bytes;
      log.warn(
        { cid: run.config.genesisCid },
        'genesis content does not match genesisRoot; rebuilding it from the spec',
      );
    } catch (err) {
      log.warn(
        { cid: run.config.genesisCid, err: (err as Error).message },
        'genesis not fetched; rebuilding it from the spec',
      );
    }
    const bytes = encodeCheckpoint(createGenesis(run.spec));
    if (stateRootNode(bytes) !== run.config.genesisRoot) {
      throw new Error(
        `the genesis built from the spec has stateRoot ${stateRootNode(bytes)}, not the on-chain ${run.config.genesisRoot}`,
      );
    }
    return bytes;
  }
  const parent = await submittedEvent(ctx, run.runId, parentId);
  const steps = Number(parent.lastStep - parent.firstStep) + 1;
  const manifest = parseSubmissionManifest(
    await store.get(parent.checkpointCid, { signal: ctx.signal, maxBytes: manifestMaxBytes(steps), ...timeout() }),
    `manifest ${parent.checkpointCid} of submission ${parentId}`,
  );
  const bytes = await readCheckpoint(
    store,
    manifest.checkpointCid,
    checkpointBytes(run.spec, Number(parent.lastStep)),
    ctx.signal,
    `checkpoint of submission ${parentId}`,
    timeout(),
  );
  const root = stateRootNode(bytes);
  if (root !== parent.finalRoot) {
    throw new Error(
      `checkpoint ${manifest.checkpointCid} of submission ${parentId} has stateRoot ${root}, not its finalRoot ${parent.finalRoot}`,
    );
  }
  return bytes;
}

/**
 * A checkpoint by CID, no larger than the `exactBytes` the spec fixes for it (the read is refused past that,
 * after the DAG's root block), and exactly that long.
 */
async function readCheckpoint(
  store: ContentStore,
  cid: string,
  exactBytes: number,
  signal: AbortSignal,
  what: string,
  timeout: { timeoutMs?: number },
): Promise<Uint8Array> {
  const bytes = await store.get(cid, { signal, maxBytes: exactBytes, ...timeout });
  if (bytes.length !== exactBytes) {
    throw new NodeError(
      'STORAGE',
      `${what} ${cid} has ${bytes.length} bytes, expected exactly ${exactBytes} (the checkpoint size of this run's spec)`,
      {
        details: { cid, bytes: bytes.length, expectedBytes: exactBytes },
      },
    );
  }
  return bytes;
}
