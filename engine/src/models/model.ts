import type { Backend, TensorLike } from '../backend/backend';

/** How a parameter starts at step 0 (see initParams). */
export type ParamInit = { kind: 'uniform'; bound: number } | { kind: 'zeros' } | { kind: 'ones' };

export type ParamSpec = { readonly name: string; readonly shape: readonly number[]; readonly init: ParamInit };

/** MLP input: `rows` examples of `inputs[rows×features]` with class targets. */
export type ClassificationBatch = {
  kind: 'classification';
  rows: number;
  inputs: Float32Array;
  targets: Int32Array;
};

/** GPT input: `sequences` windows of T token ids and the next-token targets, both [B·T]. */
export type SequenceBatch = {
  kind: 'sequence';
  sequences: number;
  tokens: Int32Array;
  targets: Int32Array;
};

export type ModelBatch = ClassificationBatch | SequenceBatch;

export type LossAndGrads<T = Float32Array> = {
  /** Mean cross-entropy over all predicted rows, a binary32 value. */
  loss: number;
  /** One gradient per parameter, in `paramSpecs` order, on the backend (scoped like any kernel result). */
  grads: T[];
};

/**
 * A model is its parameter layout plus pure functions of (parameters, batch): nothing is stored between
 * calls, so the same parameters and batch always give the same bits. Written once for every backend: the
 * parameters and results are the backend's tensors (Float32Array on host backends, device handles on a
 * device backend); the batch is host data (token ids and targets stay host arrays, the MLP's inputs go in
 * with `be.upload`), and the model never reads a tensor's elements.
 */
export interface Model {
  /** Canonical parameter order: this is the order of the tensors in the checkpoint. */
  readonly paramSpecs: readonly ParamSpec[];
  /** Rows of logits per batch and classes per row. */
  outputShape(batch: ModelBatch): { rows: number; classes: number; targets: Int32Array };
  /** Forward pass, mean cross-entropy and the full backward pass. */
  lossAndGrads<T extends TensorLike>(be: Backend<T>, params: readonly T[], batch: ModelBatch): LossAndGrads<T>;
  /** Forward pass only: logits[rows×classes]. */
  logits<T extends TensorLike>(be: Backend<T>, params: readonly T[], batch: ModelBatch): T;
}
