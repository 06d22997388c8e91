import { KJV_MANIFEST_PATH, MNIST_MANIFEST_PATH, readManifest } from '@veritrain/datasets';

/** Named starting points for `run create --preset`; every field can be overridden by a flag. */
export const RUN_PRESETS = {
  /** MLP 784-128-10 on MNIST: ≥ 90 % test accuracy in 300 steps (engine learning test). */
  'mnist-mlp': () => ({
    version: 1,
    numerics: 'VT-F32/1',
    model: { kind: 'mlp', layers: [784, 128, 10], activation: 'relu' },
    optimizer: { kind: 'sgd', lr: 0.1, momentum: 0.9, weightDecay: 0 },
    batchSize: 64,
    dataset: { name: 'mnist', datasetRoot: readManifest(MNIST_MANIFEST_PATH, 'mnist').datasetRoot },
    seed: '2024',
    totalSteps: 1000,
  }),
  /** Character-level GPT (2 layers, 4 heads, C 32, T 32) on the King James Bible. */
  'kjv-gpt': () => ({
    version: 1,
    numerics: 'VT-F32/1',
    model: { kind: 'gpt', vocabSize: 73, blockSize: 32, nLayer: 2, nHead: 4, nEmbd: 32 },
    optimizer: { kind: 'adamw', lr: 0.003, beta1: 0.9, beta2: 0.99, eps: 1e-8, weightDecay: 0.01 },
    batchSize: 8,
    dataset: { name: 'kjv', datasetRoot: readManifest(KJV_MANIFEST_PATH, 'kjv').datasetRoot },
    seed: '2024',
    totalSteps: 1000,
  }),
  /**
   * Character-level GPT worth training on a CPU with the native backend (4 layers, 4 heads, C 128, T 64,
   * about 0.8 M parameters): docs/performance.md has its held-out loss beside kjv-gpt's.
   */
  'kjv-gpt-128': () => ({
    version: 1,
    numerics: 'VT-F32/1',
    model: { kind: 'gpt', vocabSize: 73, blockSize: 64, nLayer: 4, nHead: 4, nEmbd: 128 },
    optimizer: { kind: 'adamw', lr: 0.002, beta1: 0.9, beta2: 0.99, eps: 1e-8, weightDecay: 0.01 },
    batchSize: 16,
    dataset: { name: 'kjv', datasetRoot: readManifest(KJV_MANIFEST_PATH, 'kjv').datasetRoot },
    seed: '2024',
    totalSteps: 2000,
  }),
  /**
   * GPU-sized character-level GPT (6 layers, 6 heads, C 384, T 256, batch 64: about 10.8 M parameters, the
   * size nanoGPT trains on character-level Shakespeare) for workers on the cuda backend; a CPU node on the
   * native backend re-executes one of its steps bit for bit (docs/performance.md has how long that takes).
   */
  'kjv-gpt-10m': () => ({
    version: 1,
    numerics: 'VT-F32/1',
    model: { kind: 'gpt', vocabSize: 73, blockSize: 256, nLayer: 6, nHead: 6, nEmbd: 384 },
    optimizer: { kind: 'adamw', lr: 0.001, beta1: 0.9, beta2: 0.99, eps: 1e-8, weightDecay: 0.1 },
    batchSize: 64,
    dataset: { name: 'kjv', datasetRoot: readManifest(KJV_MANIFEST_PATH, 'kjv').datasetRoot },
    seed: '2024',
    totalSteps: 5000,
  }),
} as const;

export type RunPresetName = keyof typeof RUN_PRESETS;
export const RUN_PRESET_NAMES = Object.keys(RUN_PRESETS) as RunPresetName[];
