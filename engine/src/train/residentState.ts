import type { Backend, TensorLike } from '../backend/backend';
import { EngineError } from '../errors';
import { assertFinite } from '../numerics/assertFinite';
import { BETA1_POWER, BETA2_POWER } from '../optim/optimizerState';
import type { TrainingState } from './trainingState';

/**
 * A training state's tensors on a backend, for the steps of one call (runSteps' k steps of a lease, one
 * verifyStep). The host TrainingState keeps its own arrays: they are what gets encoded, and `download`
 * refreshes them. On a host backend upload returns those very arrays, so the kernels update the state in
 * place and `download` copies nothing.
 */
export type ResidentState<T extends TensorLike> = {
  /** The parameters in model order, as the optimizer takes them. */
  readonly params: readonly { name: string; data: T }[];
  /** The same tensors, as the model takes them. */
  readonly weights: readonly T[];
  /** Optimizer state by canonical name: per-parameter tensors on the backend; the β powers are the state's host arrays. */
  readonly optimizer: ReadonlyMap<string, T | Float32Array>;
  /** Copies every backend tensor into the host state's own array. */
  download(): void;
  /** Frees the backend tensors (idempotent). */
  release(): void;
};

/** Optimizer tensors advanced on the host on every backend. */
const HOST_OPTIMIZER_TENSORS: ReadonlySet<string> = new Set([BETA1_POWER, BETA2_POWER]);

/** Uploads each array; when one upload fails, those already made are released before the error goes on. */
export function uploadAll<T extends TensorLike>(be: Backend<T>, arrays: readonly Float32Array[]): T[] {
  const tensors: T[] = [];
  try {
    for (const a of arrays) tensors.push(be.upload(a));
    return tensors;
  } catch (e) {
    releaseAll(be, tensors);
    throw e;
  }
}

export function releaseAll<T extends TensorLike>(be: Backend<T>, tensors: readonly T[]): void {
  for (const t of tensors) be.release(t);
}

/** Uploads the parameters and the per-parameter optimizer tensors of `state` (unscoped: release them). */
export function residentState<T extends TensorLike>(be: Backend<T>, state: TrainingState): ResidentState<T> {
  const onDevice = state.optimizer.filter((t) => !HOST_OPTIMIZER_TENSORS.has(t.name));
  const host = [...state.params, ...onDevice];
  const tensors = uploadAll(
    be,
    host.map((t) => t.data),
  );
  const weights = tensors.slice(0, state.params.length);
  const optimizer = new Map<string, T | Float32Array>();
  for (const t of state.optimizer) optimizer.set(t.name, t.data);
  onDevice.forEach((t, i) => {
    optimizer.set(t.name, tensors[state.params.length + i]!);
  });
  return {
    params: state.params.map((p, i) => ({ name: p.name, data: weights[i]! })),
    weights,
    optimizer,
    download() {
      host.forEach((t, i) => {
        be.download(tensors[i]!, t.data);
      });
    },
    release() {
      releaseAll(be, tensors);
    },
  };
}

/**
 * assertFinite for a backend tensor: the backend answers whether it is finite; only when it is not is the
 * tensor downloaded, so that the error names the same index and value as on the host.
 */
export function assertFiniteTensor<T extends TensorLike>(be: Backend<T>, name: string, t: T): void {
  if (be.allFinite(t)) return;
  assertFinite(name, be.download(t));
  // Reached only when the backend's allFinite and its downloaded data disagree: a backend bug.
  throw new EngineError('NON_FINITE', `tensor '${name}' is not finite on backend ${be.name}, but its download is`, {
    details: { tensor: name, backend: be.name },
  });
}
