import type { Hex } from 'viem';
import { computeLease, fetchParentCheckpoint, readLease, submittedEvent, type ContentStore, type LoadedRun, type NodeContext } from '@veritrain/node-core';
import { buildStepsTree } from '@veritrain/protocol';
import type { validatorOptions } from './options';

export type DisputeFacts = { submissionId: bigint; step: number; workerRoot: Hex; workerLossBits: number };

/**
 * The court's question, answered by re-execution: recomputing from the lease's start state through step j,
 * is the worker's record for j right? (For a whole-lease dispute, j = 0: are its stepsRoot and finalRoot
 * right?) Returns the vote: 1 Fraud, 2 Honest. A malformed parent or worker content is the worker's problem:
 * only the chain-verified parent state is used.
 */
export async function judge(ctx: NodeContext<typeof validatorOptions>, store: ContentStore, run: LoadedRun, facts: DisputeFacts): Promise<{ vote: 1 | 2; reason: string }> {
  const sub = await submittedEvent(ctx, run.runId, facts.submissionId);
  const parent = await fetchParentCheckpoint(ctx, store, run, sub.parentId);
  const first = Number(sub.firstStep);
  const last = facts.step === 0 ? Number(sub.lastStep) : facts.step;
  const { records } = await computeLease({
    run,
    parent,
    firstStep: first,
    lastStep: last,
    signal: ctx.signal,
    logger: ctx.logger.child({ judging: facts.submissionId.toString() }),
  });
  if (facts.step === 0) {
    const lease = await readLease({ clients: ctx.clients, coordinator: ctx.contracts.coordinator, retry: ctx.retry }, facts.submissionId);
    const tree = buildStepsTree(run.runId, records.map((r) => ({ step: BigInt(r.step), stateRoot: r.stateRoot, lossBits: r.lossBits })));
    const ok = tree.root === lease.stepsRoot && records.at(-1)!.stateRoot === sub.finalRoot;
    return { vote: ok ? 2 : 1, reason: ok ? 'the whole lease recomputes to its stepsRoot and finalRoot' : 'the lease does not recompute to its stepsRoot and finalRoot' };
  }
  const mine = records.at(-1)!;
  const ok = mine.stateRoot === facts.workerRoot && mine.lossBits === facts.workerLossBits;
  return {
    vote: ok ? 2 : 1,
    reason: ok ? `step ${facts.step} recomputes to the worker's record` : `step ${facts.step}: worker ${facts.workerRoot}/${facts.workerLossBits}, recomputed ${mine.stateRoot}/${mine.lossBits}`,
  };
}
