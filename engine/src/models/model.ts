import type { Backend } from '../backend/backend';

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

export type LossAndGrads = {
  /** Mean cross-entropy over all predicted rows, a binary32 value. */
  loss: number;
  /** One gradient per parameter, in `paramSpecs` order. */
  grads: Float32Array[];
};

/**
 * A model is its parameter layout plus pure functions of (parameters, batch): nothing is stored between
 * calls, so the same parameters and batch always give the same bits.
 */
export interface Model {
  /** Canonical parameter order: this is the order of the tensors in the checkpoint. */
  readonly paramSpecs: readonly ParamSpec[];
  /** Rows of logits per batch and classes per row. */
  outputShape(batch: ModelBatch): { rows: number; classes: number; targets: Int32Array };
  /** Forward pass, mean cross-entropy and the full backward pass. */
  lossAndGrads(be: Backend, params: readonly Float32Array[], batch: ModelBatch): LossAndGrads;
  /** Forward pass only: logits[rows×classes]. */
  logits(be: Backend, params: readonly Float32Array[], batch: ModelBatch): Float32Array;
}
