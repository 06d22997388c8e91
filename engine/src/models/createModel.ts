import type { ModelSpec } from '../spec/runSpec';
import { createGpt } from './gpt';
import { createMlp } from './mlp';
import type { Model } from './model';

export function createModel(spec: ModelSpec): Model {
  return spec.kind === 'mlp' ? createMlp(spec) : createGpt(spec);
}
