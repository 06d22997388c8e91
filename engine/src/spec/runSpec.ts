/**
 * The run spec: everything that determines the bytes of every training step. Its canonical JSON is hashed
 * into the on-chain `specHash` (docs/architecture.md §3.1), so every field here is consensus-critical.
 *
 * Hyperparameters are float32 values: `parseRunSpec` rounds them with `Math.fround`, and the canonical form
 * writes them as the shortest decimal that rounds back to the same float32 (see float32Decimal.ts).
 */
export type Hex = `0x${string}`;

export const RUN_SPEC_VERSION = 1;
export const NUMERICS_VERSION = 'VT-F32/1';

export type Activation = 'relu' | 'gelu';

export type MlpModelSpec = {
  kind: 'mlp';
  /** Widths from input to output, e.g. [784, 128, 10]: one linear layer between consecutive widths. */
  layers: number[];
  /** Applied after every linear layer except the last. */
  activation: Activation;
};

export type GptModelSpec = {
  kind: 'gpt';
  vocabSize: number;
  /** Context length T: positions 0…T−1. */
  blockSize: number;
  nLayer: number;
  nHead: number;
  /** Embedding width C; must be divisible by nHead. */
  nEmbd: number;
};

export type ModelSpec = MlpModelSpec | GptModelSpec;

export type SgdSpec = { kind: 'sgd'; lr: number; momentum: number; weightDecay: number };
export type AdamwSpec = {
  kind: 'adamw';
  lr: number;
  beta1: number;
  beta2: number;
  eps: number;
  weightDecay: number;
};
export type OptimizerSpec = SgdSpec | AdamwSpec;

export type DatasetSpec = {
  /** Which dataset loader applies, e.g. "mnist" or "kjv". */
  name: string;
  /** The dataset's Merkle root (0x + 64 lowercase hex digits). */
  datasetRoot: Hex;
};

export type RunSpec = {
  version: 1;
  numerics: 'VT-F32/1';
  model: ModelSpec;
  optimizer: OptimizerSpec;
  batchSize: number;
  dataset: DatasetSpec;
  /** uint64 as a canonical decimal string (no sign, no leading zeros). */
  seed: string;
  totalSteps: number;
};
