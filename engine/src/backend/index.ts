export type { Backend, CrossEntropyResult, LayerNormGradients, LayerNormResult } from './backend';
export { refBackend } from './ref/index';
export { assertFinite } from '../numerics/assertFinite';
