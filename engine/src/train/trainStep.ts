import type { TensorLike } from '../backend/backend';
import { batchIndices } from '../data/batch';
import { EngineError } from '../errors';
import { assertFinite } from '../numerics/assertFinite';
import { applyOptimizer } from '../optim/applyOptimizer';
import { buildBatch } from './examples';
import { residentState, assertFiniteTensor, type ResidentState } from './residentState';
import type { RunContext } from './runContext';
import type { TrainingState } from './trainingState';

/**
 * Step s+1 applied to the state of step s, in place; returns the training loss (binary32).
 *   1. batch = batchIndices(datasetRoot, seed, batchSize, s+1, numTrainExamples) on the train split
 *   2. loss, grads = forward + backward of the model on that batch
 *   3. the optimizer updates parameters and its own state
 * A non-finite loss, gradient or resulting tensor makes the step invalid: EngineError('NON_FINITE').
 * Uploads the state, runs the step and downloads the state again (runSteps keeps the state on the backend
 * across its steps instead); the backend's tensors are released before it returns or throws.
 */
export function trainStep<T extends TensorLike>(ctx: RunContext<T>, state: TrainingState): number {
  const resident = residentState(ctx.backend, state);
  try {
    return residentStep(ctx, state, resident);
  } finally {
    resident.release();
  }
}

/**
 * trainStep on a state already on the backend (`resident`, uploaded from `state`): only the batch goes in,
 * the step's temporaries live in one backend scope, and afterwards the state comes out into `state`'s own
 * arrays (a no-op on host backends), is checked finite and `state.step` advances.
 */
export function residentStep<T extends TensorLike>(
  ctx: RunContext<T>,
  state: TrainingState,
  resident: ResidentState<T>,
): number {
  const { spec, backend: be } = ctx;
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
  const loss = be.scope(() => {
    const { loss, grads } = ctx.model.lossAndGrads(be, resident.weights, batch);
    if (!Number.isFinite(loss)) {
      throw new EngineError('NON_FINITE', `step ${step}: the training loss is ${loss}; expected a finite value`, {
        details: { step, loss },
      });
    }
    grads.forEach((g, i) => {
      assertFiniteTensor(be, `gradient of ${state.params[i]!.name} at step ${step}`, g);
    });
    applyOptimizer(be, spec.optimizer, resident.params, grads, resident.optimizer);
    return loss;
  });
  resident.download();
  for (const t of state.params) assertFinite(`${t.name} after step ${step}`, t.data);
  for (const t of state.optimizer) assertFinite(`${t.name} after step ${step}`, t.data);
  state.step = step;
  return loss;
}
