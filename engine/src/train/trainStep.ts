import { batchIndices } from '../data/batch';
import { EngineError } from '../errors';
import { assertFinite } from '../numerics/assertFinite';
import { applyOptimizer } from '../optim/applyOptimizer';
import { buildBatch } from './examples';
import type { RunContext } from './runContext';
import type { TrainingState } from './trainingState';

/**
 * Step s+1 applied to the state of step s, in place; returns the training loss (binary32).
 *   1. batch = batchIndices(datasetRoot, seed, batchSize, s+1, numTrainExamples) on the train split
 *   2. loss, grads = forward + backward of the model on that batch
 *   3. the optimizer updates parameters and its own state
 * A non-finite loss, gradient or resulting tensor makes the step invalid: EngineError('NON_FINITE').
 */
export function trainStep(ctx: RunContext, state: TrainingState): number {
  const { spec } = ctx;
  const step = state.step + 1;
  if (step > spec.totalSteps) {
    throw new EngineError('INVALID_ARGUMENT', `step ${step} is past the run's totalSteps (${spec.totalSteps})`, {
      details: { step, totalSteps: spec.totalSteps },
    });
  }
  const indices = batchIndices({
    datasetRoot: spec.dataset.datasetRoot,
    seed: ctx.seed,
    batchSize: spec.batchSize,
    step,
    numExamples: ctx.numTrainExamples,
  });
  const batch = buildBatch(spec, ctx.data, 'train', indices);
  const { loss, grads } = ctx.model.lossAndGrads(
    ctx.backend,
    state.params.map((p) => p.data),
    batch,
  );
  if (!Number.isFinite(loss)) {
    throw new EngineError('NON_FINITE', `step ${step}: the training loss is ${loss}; expected a finite value`, {
      details: { step, loss },
    });
  }
  grads.forEach((g, i) => assertFinite(`gradient of ${state.params[i]!.name} at step ${step}`, g));
  const optimizerState = new Map(state.optimizer.map((t) => [t.name, t.data]));
  applyOptimizer(ctx.backend, spec.optimizer, state.params, grads, optimizerState);
  for (const t of state.params) assertFinite(`${t.name} after step ${step}`, t.data);
  for (const t of state.optimizer) assertFinite(`${t.name} after step ${step}`, t.data);
  state.step = step;
  return loss;
}
