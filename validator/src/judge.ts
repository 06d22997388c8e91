import type { Hex } from 'viem';
import {
  readLease,
  recomputeSubmission,
  submittedEvent,
  type ContentStore,
  type LoadedRun,
  type NodeContext,
} from '@veritrain/node-core';
import type { validatorOptions } from './options';

export type DisputeFacts = { submissionId: bigint; step: number; workerRoot: Hex; workerLossBits: number };

/**
 * The court's question, answered by re-execution: recomputing from the lease's start state through step j,
 * is the worker's record for j right? (For a whole-lease dispute, j = 0: are its stepsRoot and finalRoot
 * right?) Returns the vote: 1 Fraud, 2 Honest. A malformed parent or worker content is the worker's problem:
 * only the chain-verified parent state is used.
 */
export async function judge(
  ctx: NodeContext<typeof validatorOptions>,
  store: ContentStore,
  run: LoadedRun,
  facts: DisputeFacts,
): Promise<{ vote: 1 | 2; reason: string }> {
  const sub = await submittedEvent(ctx, run.runId, facts.submissionId);
  const ours = await recomputeSubmission(ctx, store, run, sub, {
    ...(facts.step === 0 ? {} : { throughStep: facts.step }),
    logLabel: { judging: facts.submissionId.toString() },
  });
  const { records } = ours;
  if (facts.step === 0) {
    const lease = await readLease(
      { clients: ctx.clients, coordinator: ctx.contracts.coordinator, retry: ctx.retry },
      facts.submissionId,
    );
    const ok = ours.stepsRoot === lease.stepsRoot && ours.finalRoot === sub.finalRoot;
    return {
      vote: ok ? 2 : 1,
      reason: ok
        ? 'the whole lease recomputes to its stepsRoot and finalRoot'
        : 'the lease does not recompute to its stepsRoot and finalRoot',
    };
  }
  const mine = records.at(-1)!;
  const ok = mine.stateRoot === facts.workerRoot && mine.lossBits === facts.workerLossBits;
  return {
    vote: ok ? 2 : 1,
    reason: ok
      ? `step ${facts.step} recomputes to the worker's record`
      : `step ${facts.step}: worker ${facts.workerRoot}/${facts.workerLossBits}, recomputed ${mine.stateRoot}/${mine.lossBits}`,
  };
}
