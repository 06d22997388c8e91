import type { Checkpoint } from '../checkpoint/types';
import { createModel } from '../models/createModel';
import { initParams } from '../models/initParams';
import { initOptimizerState } from '../optim/optimizerState';
import { parseRunSpec, specSeed } from '../spec/parseRunSpec';
import type { RunSpec } from '../spec/runSpec';
import { specHash } from '../spec/specHash';

/**
 * The step-0 state of a run: parameters initialised from the seed (initParams), optimizer state at its
 * start values. Needs no data: the genesis root is fixed by the spec alone.
 */
export function createGenesis(specInput: RunSpec): Checkpoint {
  const spec = parseRunSpec(specInput);
  const model = createModel(spec.model);
  const params = initParams(model.paramSpecs, specSeed(spec));
  return {
    specHash: specHash(spec),
    step: 0,
    tensors: [...params, ...initOptimizerState(spec.optimizer, model.paramSpecs)],
  };
}
