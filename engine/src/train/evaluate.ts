import type { Backend, TensorLike } from '../backend/backend';
import type { Checkpoint } from '../checkpoint/types';
import { EngineError } from '../errors';
import { countCorrect } from '../models/loss';
import type { RunSpec } from '../spec/runSpec';
import { buildBatch, exampleCount, type Split } from './examples';
import { createRunContext } from './runContext';
import type { RunData } from './runData';
import { releaseAll, uploadAll } from './residentState';
import { parentCheckpoint } from './runSteps';
import { stateFromCheckpoint } from './trainingState';

export type EvaluateParameters<T extends TensorLike = Float32Array> = {
  spec: RunSpec;
  checkpoint: Uint8Array | Checkpoint;
  data: RunData;
  /** Default 'test'. */
  split?: Split;
  /** Evaluate only the first N examples of the split (in order). */
  maxExamples?: number;
  backend?: Backend<T>;
};

export type EvaluateReturnType = {
  /** Mean cross-entropy per predicted token / image (float64 mean of exact binary32 chunk means). */
  loss: number;
  /** Fraction of rows whose arg-max logit is the target (images: digits; text: next characters). */
  accuracy: number;
  /** Examples evaluated (images, or text windows of T+1 tokens). */
  examples: number;
  /** Predicted rows: examples for images, examples × T for text. */
  rows: number;
};

const CHUNK_ROWS = 4096;

/**
 * Loss and accuracy of a checkpoint on a split, examples 0…N−1 in order. Outside consensus (nothing
 * here is committed on chain), but still deterministic: chunks are independent rows, so every row's
 * logits are the exact VT-F32 values. The weights go to the backend once; each chunk's logits come back
 * to the host for the accuracy.
 */
export function evaluate<T extends TensorLike = Float32Array>(params: EvaluateParameters<T>): EvaluateReturnType {
  const ctx = createRunContext(params.spec, params.data, params.backend);
  const state = stateFromCheckpoint(ctx.spec, ctx.hash, ctx.model, parentCheckpoint(params.checkpoint));
  const split = params.split ?? 'test';
  const available = exampleCount(ctx.spec, ctx.data, split);
  const n = Math.min(available, params.maxExamples ?? available);
  if (n < 1) throw new EngineError('DATASET', `the ${split} split has no examples to evaluate`);
  const rowsPerExample = ctx.spec.model.kind === 'gpt' ? ctx.spec.model.blockSize : 1;
  const chunk = Math.max(1, Math.floor(CHUNK_ROWS / rowsPerExample));
  const be = ctx.backend;
  let lossSum = 0;
  let correct = 0;
  let rows = 0;
  const weights = uploadAll(
    be,
    state.params.map((p) => p.data),
  );
  try {
    for (let start = 0; start < n; start += chunk) {
      const count = Math.min(chunk, n - start);
      const indices = Uint32Array.from({ length: count }, (_, i) => start + i);
      const batch = buildBatch(ctx.spec, ctx.data, split, indices);
      be.scope(() => {
        const logits = ctx.model.logits(be, weights, batch);
        const out = ctx.model.outputShape(batch);
        const ce = be.crossEntropy(logits, out.targets, out.rows, out.classes);
        lossSum += ce.loss * out.rows;
        correct += countCorrect(be.download(logits), out.targets, out.rows, out.classes);
        rows += out.rows;
      });
    }
  } finally {
    releaseAll(be, weights);
  }
  return { loss: lossSum / rows, accuracy: correct / rows, examples: n, rows };
}
