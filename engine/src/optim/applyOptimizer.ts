import type { Backend } from '../backend/backend';
import { EngineError } from '../errors';
import type { NamedTensor } from '../models/namedTensor';
import type { OptimizerSpec } from '../spec/runSpec';
import { adamwScalars, advanceAdamwPowers } from './adamw';
import { BETA1_POWER, BETA2_POWER, adamMName, adamVName, momentumName } from './optimizerState';
import { sgdScalars } from './sgd';

function stateTensor(state: ReadonlyMap<string, Float32Array>, name: string, length: number): Float32Array {
  const t = state.get(name);
  if (t === undefined || t.length !== length) {
    throw new EngineError('SHAPE_MISMATCH', `optimizer state ${name}: expected ${length} values, got ${t?.length ?? 'none'}`, {
      details: { name, expected: length },
    });
  }
  return t;
}

/**
 * Applies one optimizer step to every parameter, in place. `grads` are in the same order as `params`;
 * `state` maps the canonical optimizer tensor names (optimizerState.ts) to their buffers, updated in place.
 */
export function applyOptimizer(
  be: Backend,
  optimizer: OptimizerSpec,
  params: readonly NamedTensor[],
  grads: readonly Float32Array[],
  state: ReadonlyMap<string, Float32Array>,
): void {
  if (grads.length !== params.length) {
    throw new EngineError('SHAPE_MISMATCH', `expected ${params.length} gradients, got ${grads.length}`);
  }
  if (optimizer.kind === 'sgd') {
    const s = sgdScalars(optimizer);
    params.forEach((p, i) => be.sgdUpdate(p.data, grads[i]!, stateTensor(state, momentumName(p.name), p.data.length), s));
    return;
  }
  const powers = advanceAdamwPowers(optimizer, stateTensor(state, BETA1_POWER, 1), stateTensor(state, BETA2_POWER, 1));
  const s = adamwScalars(optimizer, powers);
  params.forEach((p, i) =>
    be.adamwUpdate(
      p.data,
      grads[i]!,
      stateTensor(state, adamMName(p.name), p.data.length),
      stateTensor(state, adamVName(p.name), p.data.length),
      s,
    ),
  );
}
