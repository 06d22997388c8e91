import type { Backend } from '../backend/backend';
import { refBackend } from '../backend/ref/index';
import { createModel } from '../models/createModel';
import type { Model } from '../models/model';
import { parseRunSpec, specSeed } from '../spec/parseRunSpec';
import type { Hex, RunSpec } from '../spec/runSpec';
import { specHash } from '../spec/specHash';
import { checkRunData, exampleCount } from './examples';
import type { RunData } from './runData';

/** Everything derived once from (spec, data, backend) and reused by every step. */
export type RunContext = {
  spec: RunSpec;
  hash: Hex;
  seed: bigint;
  model: Model;
  backend: Backend;
  data: RunData;
  numTrainExamples: number;
};

export function createRunContext(specInput: RunSpec, data: RunData, backend: Backend = refBackend): RunContext {
  const spec = parseRunSpec(specInput);
  checkRunData(spec, data);
  return {
    spec,
    hash: specHash(spec),
    seed: specSeed(spec),
    model: createModel(spec.model),
    backend,
    data,
    numTrainExamples: exampleCount(spec, data, 'train'),
  };
}
