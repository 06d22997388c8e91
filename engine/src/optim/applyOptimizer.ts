import type { Backend, TensorLike } from '../backend/backend';
import { EngineError } from '../errors';
import type { OptimizerSpec } from '../spec/runSpec';
import { adamwScalars, advanceAdamwPowers } from './adamw';
import { BETA1_POWER, BETA2_POWER, adamMName, adamVName, momentumName } from './optimizerState';
import { sgdScalars } from './sgd';

function stateTensor<T extends TensorLike>(
  state: ReadonlyMap<string, T | Float32Array>,
  name: string,
  length: number,
): T | Float32Array {
  const t = state.get(name);
  if (t === undefined || t.length !== length) {
    throw new EngineError(
      'SHAPE_MISMATCH',
      `optimizer state ${name}: expected ${length} values, got ${t?.length ?? 'none'}`,
      {
        details: { name, expected: length },
      },
    );
  }
  return t;
}

/** A per-parameter state tensor: one of the backend's tensors. */
function deviceTensor<T extends TensorLike>(
  state: ReadonlyMap<string, T | Float32Array>,
  name: string,
  length: number,
): T {
  return stateTensor(state, name, length) as T;
}

/** A β power: advanced on the host, so it must be a host array whatever the backend. */
function hostTensor<T extends TensorLike>(state: ReadonlyMap<string, T | Float32Array>, name: string): Float32Array {
  const t = stateTensor(state, name, 1);
  // isView rather than instanceof: a Float32Array made in another realm (a worker, a test DOM) counts.
  if (!ArrayBuffer.isView(t)) {
    throw new EngineError(
      'INVALID_ARGUMENT',
      `optimizer state ${name}: expected a host Float32Array (it is advanced on the host)`,
      {
        details: { name },
      },
    );
  }
  return t as Float32Array;
}

/**
 * Applies one optimizer step to every parameter, in place. `grads` are in the same order as `params`;
 * `state` maps the canonical optimizer tensor names (optimizerState.ts) to their buffers, updated in place:
 * the per-parameter tensors (momentum, m, v) are the backend's tensors, the AdamW β powers (length 1) are
 * host Float32Arrays on every backend (they are advanced on the host and give the step's scalars).
 */
export function applyOptimizer<T extends TensorLike>(
  be: Backend<T>,
  optimizer: OptimizerSpec,
  params: readonly { name: string; data: T }[],
  grads: readonly T[],
  state: ReadonlyMap<string, T | Float32Array>,
): void {
  if (grads.length !== params.length) {
    throw new EngineError('SHAPE_MISMATCH', `expected ${params.length} gradients, got ${grads.length}`);
  }
  if (optimizer.kind === 'sgd') {
    const s = sgdScalars(optimizer);
    params.forEach((p, i) => {
      be.sgdUpdate(p.data, grads[i]!, deviceTensor(state, momentumName(p.name), p.data.length), s);
    });
    return;
  }
  const powers = advanceAdamwPowers(optimizer, hostTensor(state, BETA1_POWER), hostTensor(state, BETA2_POWER));
  const s = adamwScalars(optimizer, powers);
  params.forEach((p, i) => {
    be.adamwUpdate(
      p.data,
      grads[i]!,
      deviceTensor(state, adamMName(p.name), p.data.length),
      deviceTensor(state, adamVName(p.name), p.data.length),
      s,
    );
  });
}
