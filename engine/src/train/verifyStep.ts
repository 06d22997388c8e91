import type { Backend, TensorLike } from '../backend/backend';
import { encodeCheckpoint } from '../checkpoint/encode';
import { stateRoot as nobleStateRoot } from '../checkpoint/stateRoot';
import { EngineError } from '../errors';
import type { Hex, RunSpec } from '../spec/runSpec';
import { float32Bits } from './float32Bits';
import { createRunContext } from './runContext';
import type { RunData } from './runData';
import { parentCheckpoint } from './runSteps';
import { trainStep } from './trainStep';
import { checkpointFromState, stateFromCheckpoint } from './trainingState';

export type VerifyStepParameters<T extends TensorLike = Float32Array> = {
  spec: RunSpec;
  /** The parent state (step s), encoded. A malformed parent throws: it is not a claim about step s+1. */
  parent: Uint8Array;
  data: RunData;
  /** What a worker committed for step s+1. */
  claimed: { stateRoot: Hex; lossBits: number };
  backend?: Backend<T>;
  stateRoot?: (bytes: Uint8Array) => Hex;
};

export type VerifyStepReturnType = {
  /** True only when both the root and the loss bits equal the recomputed ones. */
  ok: boolean;
  /** The step that was recomputed (parent step + 1). */
  step: number;
  /** The recomputed root and loss bits; null when the step itself is invalid (non-finite). */
  stateRoot: Hex | null;
  lossBits: number | null;
  /** Why ok is false. */
  reason?: string;
};

/**
 * Recomputes step s+1 from its parent and compares it with a claim. A wrong claim is a result
 * (ok: false with a reason), never an exception; so is a step that is itself invalid because some value
 * became non-finite (no claim can be right then).
 */
export function verifyStep<T extends TensorLike = Float32Array>(params: VerifyStepParameters<T>): VerifyStepReturnType {
  const ctx = createRunContext(params.spec, params.data, params.backend);
  if (!(params.parent instanceof Uint8Array)) {
    throw new EngineError('INVALID_ARGUMENT', 'verifyStep: parent must be the encoded checkpoint bytes');
  }
  const state = stateFromCheckpoint(ctx.spec, ctx.hash, ctx.model, parentCheckpoint(params.parent));
  const step = state.step + 1;
  let loss: number;
  try {
    loss = trainStep(ctx, state);
  } catch (e) {
    if (e instanceof EngineError && e.code === 'NON_FINITE') {
      return { ok: false, step, stateRoot: null, lossBits: null, reason: `step ${step} is invalid: ${e.message}` };
    }
    throw e;
  }
  const root = (params.stateRoot ?? nobleStateRoot)(encodeCheckpoint(checkpointFromState(ctx.hash, state)));
  const lossBits = float32Bits(loss);
  const claimedRoot = String(params.claimed.stateRoot).toLowerCase();
  const problems: string[] = [];
  if (claimedRoot !== root) problems.push(`stateRoot: claimed ${params.claimed.stateRoot}, recomputed ${root}`);
  if (params.claimed.lossBits !== lossBits) {
    problems.push(`lossBits: claimed ${params.claimed.lossBits}, recomputed ${lossBits} (loss ${loss})`);
  }
  return problems.length === 0
    ? { ok: true, step, stateRoot: root, lossBits }
    : { ok: false, step, stateRoot: root, lossBits, reason: `step ${step}: ${problems.join('; ')}` };
}
