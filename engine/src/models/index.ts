export type {
  Model,
  ModelBatch,
  ClassificationBatch,
  SequenceBatch,
  ParamSpec,
  ParamInit,
  LossAndGrads,
} from './model';
export type { NamedTensor } from './namedTensor';
export { createModel } from './createModel';
export { createMlp, mlpParamSpecs, mlpWeightBound } from './mlp';
export { createGpt, gptParamSpecs, GPT_INIT_BOUND } from './gpt';
export { initParams, initDomain } from './initParams';
export { countCorrect } from './loss';
export { LAYER_NORM_EPS } from './layernorm';
export { attentionScale } from './attention';
