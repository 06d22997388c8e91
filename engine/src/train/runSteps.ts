import type { Backend, TensorLike } from '../backend/backend';
import { decodeCheckpoint } from '../checkpoint/decode';
import { encodeCheckpoint } from '../checkpoint/encode';
import { stateRoot as nobleStateRoot } from '../checkpoint/stateRoot';
import type { Checkpoint } from '../checkpoint/types';
import { EngineError } from '../errors';
import type { Hex, RunSpec } from '../spec/runSpec';
import { float32Bits } from './float32Bits';
import { createRunContext } from './runContext';
import type { RunData } from './runData';
import { residentState } from './residentState';
import { residentStep } from './trainStep';
import { checkpointFromState, stateFromCheckpoint } from './trainingState';

export type StepRecord = {
  step: number;
  /** stateRoot of the encoded checkpoint after this step. */
  stateRoot: Hex;
  /** Training loss of this step (a binary32 value). */
  loss: number;
  /** The loss's binary32 bit pattern as an unsigned integer (what goes on chain). */
  lossBits: number;
};

export type RunStepsParameters<T extends TensorLike = Float32Array> = {
  spec: RunSpec;
  /** The parent state: encoded bytes (validated by the codec) or a decoded checkpoint. */
  checkpoint: Uint8Array | Checkpoint;
  /** How many steps to apply, ≥ 1, not past spec.totalSteps. */
  steps: number;
  data: RunData;
  /** Default refBackend. A device backend keeps the state on the device across the steps (docs/numerics.md §6.2). */
  backend?: Backend<T>;
  /** Called after every step with its record (progress reporting). */
  onStep?: (record: StepRecord) => void;
  /**
   * SHA-256 Merkle root of checkpoint bytes. Defaults to the browser-safe implementation; Node callers may
   * pass `stateRootNode` (node:crypto) for speed. Both return the same root.
   */
  stateRoot?: (bytes: Uint8Array) => Hex;
};

export type RunStepsReturnType = { records: StepRecord[]; checkpoint: Uint8Array };

/** Decodes or validates the parent and loads it into a fresh, mutable training state. */
export function parentCheckpoint(checkpoint: Uint8Array | Checkpoint): Checkpoint {
  return checkpoint instanceof Uint8Array
    ? decodeCheckpoint(checkpoint)
    : decodeCheckpoint(encodeCheckpoint(checkpoint));
}

/**
 * The step loop as a generator: validates everything first (on the first `next()`), then yields one record
 * per step and returns the final encoded checkpoint. runSteps and runStepsAsync drive it. The parameters
 * and optimizer tensors go to the backend once; per step only the batch goes in and the state comes out
 * (it is encoded for the step's stateRoot). The backend's tensors are released when the generator ends,
 * throws or is closed with `return()`.
 */
function* stepRecords<T extends TensorLike>(params: RunStepsParameters<T>): Generator<StepRecord, Uint8Array, void> {
  const { steps } = params;
  const ctx = createRunContext(params.spec, params.data, params.backend);
  if (!Number.isSafeInteger(steps) || steps < 1) {
    throw new EngineError('INVALID_ARGUMENT', `steps must be an integer ≥ 1, got ${steps}`, { details: { steps } });
  }
  const state = stateFromCheckpoint(ctx.spec, ctx.hash, ctx.model, parentCheckpoint(params.checkpoint));
  if (state.step + steps > ctx.spec.totalSteps) {
    throw new EngineError(
      'INVALID_ARGUMENT',
      `steps ${state.step + 1}…${state.step + steps} go past the run's totalSteps (${ctx.spec.totalSteps})`,
      { details: { fromStep: state.step, steps, totalSteps: ctx.spec.totalSteps } },
    );
  }
  const root = params.stateRoot ?? nobleStateRoot;
  let bytes: Uint8Array = new Uint8Array(0);
  const resident = residentState(ctx.backend, state);
  try {
    for (let i = 0; i < steps; i++) {
      const loss = residentStep(ctx, state, resident);
      bytes = encodeCheckpoint(checkpointFromState(ctx.hash, state));
      const record: StepRecord = { step: state.step, stateRoot: root(bytes), loss, lossBits: float32Bits(loss) };
      params.onStep?.(record);
      yield record;
    }
    return bytes;
  } finally {
    resident.release();
  }
}

/**
 * Applies steps s+1 … s+k to the parent state (step s) and returns every step's record and the final
 * encoded checkpoint. Deterministic: the same inputs give the same bytes on every VT-F32 backend.
 * Throws EngineError on a malformed parent, a parent of another spec, data that does not match the spec,
 * or an invalid (non-finite) step.
 */
export function runSteps<T extends TensorLike = Float32Array>(params: RunStepsParameters<T>): RunStepsReturnType {
  const records: StepRecord[] = [];
  const it = stepRecords(params);
  for (;;) {
    const r = it.next();
    if (r.done) return { records, checkpoint: r.value };
    records.push(r.value);
  }
}

export type RunStepsAsyncParameters<T extends TensorLike = Float32Array> = RunStepsParameters<T> & {
  /** Checked between steps: an aborted signal stops the run with the signal's reason. */
  signal?: AbortSignal;
  /**
   * Awaited after each step (after `onStep`), before the next one starts: a pause between steps (the
   * devnet's throttle) that keeps the state on the backend. The signal is checked after it.
   */
  betweenSteps?: (record: StepRecord) => Promise<void>;
};

/**
 * runSteps for long-running processes: the same results, but it yields to the event loop between steps
 * (timers, signals, metrics keep running) and stops between steps when `signal` is aborted.
 */
export async function runStepsAsync<T extends TensorLike = Float32Array>(
  params: RunStepsAsyncParameters<T>,
): Promise<RunStepsReturnType> {
  const records: StepRecord[] = [];
  const it = stepRecords(params);
  try {
    for (;;) {
      params.signal?.throwIfAborted();
      const r = it.next();
      if (r.done) return { records, checkpoint: r.value };
      records.push(r.value);
      await new Promise<void>((resolve) => setTimeout(resolve, 0));
      if (params.betweenSteps) await params.betweenSteps(r.value);
    }
  } finally {
    // Stopped between steps (an aborted signal): close the generator so it releases the backend's tensors.
    it.return(new Uint8Array(0));
  }
}
