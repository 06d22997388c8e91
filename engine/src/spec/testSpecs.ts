/** A valid run spec as JSON, shared by the spec tests (not exported from index.ts). */
export const MLP_SPEC_JSON = {
  version: 1,
  numerics: 'VT-F32/1',
  model: { kind: 'mlp', layers: [784, 128, 10], activation: 'relu' },
  optimizer: { kind: 'sgd', lr: 0.1, momentum: 0.9 },
  batchSize: 64,
  dataset: { name: 'mnist', datasetRoot: `0x${'ab'.repeat(32)}` },
  seed: '42',
  totalSteps: 1000,
};
