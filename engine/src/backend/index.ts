export type {
  AdamwScalars,
  Backend,
  BatchedMatmulShape,
  BlockStrides,
  CrossEntropyResult,
  LayerNormGradients,
  LayerNormResult,
  SgdScalars,
  TensorLike,
} from './backend';
export { hostTensors, type TensorMembers } from './hostTensors';
export { hostKit, type TensorKit } from './ref/checks';
export { refBackend } from './ref/index';
export { GELU_A, GELU_A3, GELU_C } from './ref/activations';
export { assertFinite, exp32, log32, tanh32 } from '../numerics/index';
export { BACKEND_CHOICES, parseBackendChoice, type BackendChoice } from './choice';
export { createWasmBackend, type WasmBackend } from './wasm/createWasmBackend';
export { loadWasmBackendFromUrl } from './wasm/loadWasmBackendFromUrl';
export { wasmModuleUrl } from './wasm/wasmModuleUrl';
