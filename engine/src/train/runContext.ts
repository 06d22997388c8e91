import type { Backend, TensorLike } from '../backend/backend';
import { refBackend } from '../backend/ref/index';
import { createModel } from '../models/createModel';
import type { Model } from '../models/model';
import { parseRunSpec, specSeed } from '../spec/parseRunSpec';
import type { Hex, RunSpec } from '../spec/runSpec';
import { specHash } from '../spec/specHash';
import { checkRunData, exampleCount } from './examples';
import type { RunData } from './runData';

/** Everything derived once from (spec, data, backend) and reused by every step. */
export type RunContext<T extends TensorLike = Float32Array> = {
  spec: RunSpec;
  hash: Hex;
  seed: bigint;
  model: Model;
  backend: Backend<T>;
  data: RunData;
  numTrainExamples: number;
};

/** `backend` defaults to refBackend (so T to Float32Array). */
export function createRunContext<T extends TensorLike = Float32Array>(
  specInput: RunSpec,
  data: RunData,
  backend?: Backend<T>,
): RunContext<T> {
  const spec = parseRunSpec(specInput);
  checkRunData(spec, data);
  return {
    spec,
    hash: specHash(spec),
    seed: specSeed(spec),
    model: createModel(spec.model),
    backend: backend ?? (refBackend as unknown as Backend<T>),
    data,
    numTrainExamples: exampleCount(spec, data, 'train'),
  };
}
