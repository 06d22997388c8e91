import type { Checkpoint } from '../checkpoint/types';
import { EngineError } from '../errors';
import type { Model } from '../models/model';
import type { NamedTensor } from '../models/namedTensor';
import { initOptimizerState } from '../optim/optimizerState';
import type { Hex, RunSpec } from '../spec/runSpec';

/** The full training state: parameters (model order), optimizer tensors, and steps applied so far. */
export type TrainingState = { step: number; params: NamedTensor[]; optimizer: NamedTensor[] };

function mismatch(message: string, details: Record<string, unknown> = {}): EngineError {
  return new EngineError('CHECKPOINT_SPEC_MISMATCH', `checkpoint does not fit the run spec: ${message}`, { details });
}

/**
 * Reads a decoded checkpoint into a training state for this spec. The checkpoint must carry this spec's
 * hash, a step within [0, totalSteps], and exactly the expected tensors (names and shapes; the codec orders
 * them by name, the state orders them canonically). Data is copied, so the caller's buffers stay untouched.
 */
export function stateFromCheckpoint(spec: RunSpec, hash: Hex, model: Model, ckpt: Checkpoint): TrainingState {
  if (ckpt.specHash !== hash)
    throw mismatch(`its specHash is ${ckpt.specHash}, the spec's is ${hash}`, { expected: hash });
  if (!Number.isSafeInteger(ckpt.step) || ckpt.step < 0 || ckpt.step > spec.totalSteps) {
    throw mismatch(`step ${ckpt.step} is outside [0, totalSteps = ${spec.totalSteps}]`);
  }
  const byName = new Map(ckpt.tensors.map((t) => [t.name, t]));
  const take = (layout: readonly { name: string; shape: readonly number[] }[]): NamedTensor[] =>
    layout.map(({ name, shape }) => {
      const t = byName.get(name);
      if (t === undefined) throw mismatch(`tensor ${JSON.stringify(name)} is missing`, { tensor: name });
      if (t.shape.length !== shape.length || t.shape.some((d, i) => d !== shape[i])) {
        throw mismatch(
          `tensor ${JSON.stringify(name)} has shape [${t.shape.join(',')}], expected [${shape.join(',')}]`,
          {
            tensor: name,
          },
        );
      }
      byName.delete(name);
      return { name, shape: [...shape], data: Float32Array.from(t.data) };
    });
  const params = take(model.paramSpecs);
  const optimizer = take(initOptimizerState(spec.optimizer, model.paramSpecs));
  const extra = [...byName.keys()];
  if (extra.length > 0) throw mismatch(`unexpected tensor ${JSON.stringify(extra[0])}`, { tensor: extra[0] });
  return { step: ckpt.step, params, optimizer };
}

/** The checkpoint of a state (tensors shared, not copied: encode it before mutating the state again). */
export function checkpointFromState(hash: Hex, state: TrainingState): Checkpoint {
  return { specHash: hash, step: state.step, tensors: [...state.params, ...state.optimizer] };
}
