import type { StepRecord } from '@veritrain/engine';
import { buildStepsTree } from '@veritrain/protocol';
import type { OptionSpecs } from '../config/optionSpec';
import type { NodeContext } from '../runtime/runNode';
import type { ContentStore } from '../storage/contentStore';
import { computeLease } from './computeLease';
import { fetchParentCheckpoint, type SubmittedEvent } from './fetchCheckpoint';
import type { LoadedRun } from './loadRun';

export type Recomputed = {
  /** One record per step, sub.firstStep first, through `throughStep`. */
  records: StepRecord[];
  /** The steps tree of those records (the submission's stepsRoot when the work was honest and complete). */
  stepsRoot: `0x${string}`;
  /** The state after the last recomputed step. */
  finalRoot: `0x${string}`;
};

/**
 * What a submission should have committed, recomputed by this node: the parent state fetched and verified against
 * the chain, then the lease's steps through `throughStep` (default: its last). The one re-execution the
 * fraud-proofer (to find the first wrong step) and the validator (to judge a disputed one) both run.
 */
export async function recomputeSubmission<S extends OptionSpecs>(
  ctx: NodeContext<S>,
  store: ContentStore,
  run: LoadedRun,
  sub: SubmittedEvent,
  options: { throughStep?: number; logLabel: Record<string, string> },
): Promise<Recomputed> {
  const parent = await fetchParentCheckpoint(ctx, store, run, sub.parentId);
  const { records } = await computeLease({
    run,
    parent,
    firstStep: Number(sub.firstStep),
    lastStep: options.throughStep ?? Number(sub.lastStep),
    signal: ctx.signal,
    logger: ctx.logger.child(options.logLabel),
    metrics: ctx.metrics,
  });
  const tree = buildStepsTree(
    run.runId,
    records.map((r) => ({ step: BigInt(r.step), stateRoot: r.stateRoot, lossBits: r.lossBits })),
  );
  return { records, stepsRoot: tree.root, finalRoot: records.at(-1)!.stateRoot };
}
