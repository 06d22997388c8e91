import { compareUtf8, serializeHeader, utf8ByteLength, type HeaderTensorEntry } from '../checkpoint/canonicalJson';
import { CHECKPOINT_DTYPE, dataOffsetBytes } from '../checkpoint/format';
import { gptParamSpecs } from '../models/gpt';
import { mlpParamSpecs } from '../models/mlp';
import { tensorSize } from '../models/namedTensor';
import { adamMName, adamVName, BETA1_POWER, BETA2_POWER, momentumName } from '../optim/optimizerState';
import type { RunSpec } from './runSpec';

/** What a run asks of the machine that trains or checks it, computed from the spec alone (nothing allocated). */
export type RunResourceNeeds = {
  /** Trainable float32 values. */
  parameters: number;
  /** Float32 values in a checkpoint: the parameters and the optimizer's slots. */
  stateElements: number;
  /** Tokens (GPT) or input values (MLP) in one step's batch. */
  tokensPerBatch: number;
  /** Float32 values one step keeps alive between forward and backward (an upper estimate, see docs/numerics.md). */
  activationsPerStep: number;
  /** Peak memory of one step, bytes: the state twice (the parent decoded and the next one encoded), the
   *  gradients, the activations twice (forward caches and their gradients), and the checkpoint bytes. */
  stepMemoryBytes: number;
};

/** The tensor table of every checkpoint of this spec, in the order the encoder writes it. */
function stateTensors(spec: RunSpec): { name: string; shape: number[] }[] {
  const params = spec.model.kind === 'mlp' ? mlpParamSpecs(spec.model) : gptParamSpecs(spec.model);
  const shapes = params.map((p) => ({ name: p.name, shape: [...p.shape] }));
  if (spec.optimizer.kind === 'sgd')
    return [...shapes, ...shapes.map((p) => ({ name: momentumName(p.name), shape: p.shape }))];
  return [
    ...shapes,
    ...shapes.map((p) => ({ name: adamMName(p.name), shape: p.shape })),
    ...shapes.map((p) => ({ name: adamVName(p.name), shape: p.shape })),
    { name: BETA1_POWER, shape: [1] },
    { name: BETA2_POWER, shape: [1] },
  ];
}

/**
 * The exact size in bytes of this spec's checkpoint after `step` (docs/numerics.md §III.3): the header is a
 * function of the spec hash, the step and the tensor table, the data is 4 bytes per state element. A reader
 * that fetches a checkpoint by CID asks for exactly this many bytes and no more.
 */
export function checkpointByteLength(spec: RunSpec, specHash: `0x${string}`, step: number): number {
  const sorted = stateTensors(spec).sort((a, b) => compareUtf8(a.name, b.name));
  const tensors: HeaderTensorEntry[] = [];
  let dataBytes = 0;
  for (const t of sorted) {
    const byteLength = tensorSize(t.shape) * 4;
    tensors.push({ name: t.name, shape: t.shape, dtype: CHECKPOINT_DTYPE, byteOffset: dataBytes, byteLength });
    dataBytes += byteLength;
  }
  return dataOffsetBytes(utf8ByteLength(serializeHeader({ specHash, step, tensors }))) + dataBytes;
}

/** The resources of one step of this spec (see {@link RunResourceNeeds}); arithmetic only, in float64. */
export function runResourceNeeds(spec: RunSpec): RunResourceNeeds {
  const tensors = stateTensors(spec);
  const stateElements = tensors.reduce((sum, t) => sum + tensorSize(t.shape), 0);
  const m = spec.model;
  const B = spec.batchSize;
  let parameters: number;
  let tokensPerBatch: number;
  let activationsPerStep: number;
  if (m.kind === 'mlp') {
    parameters = mlpParamSpecs(m).reduce((sum, p) => sum + tensorSize(p.shape), 0);
    tokensPerBatch = B * m.layers[0]!;
    // Inputs, then each layer's pre-activation and activation.
    activationsPerStep = B * (m.layers[0]! + 2 * m.layers.slice(1).reduce((a, w) => a + w, 0));
  } else {
    parameters = gptParamSpecs(m).reduce((sum, p) => sum + tensorSize(p.shape), 0);
    const N = B * m.blockSize;
    tokensPerBatch = N;
    const C = m.nEmbd;
    // Per block: x, ln1 (+ stats), qkv, attention scores and probabilities (H·T per row), y, proj, x1, ln2,
    // fc and gelu (4C each), proj: about 16C + 2·H·T per row. Then lnf, the logits and their softmax.
    const perBlock = N * (16 * C + 2 * m.nHead * m.blockSize);
    activationsPerStep = N * 2 * C + m.nLayer * perBlock + N * (2 * C + 2 * m.vocabSize);
  }
  const stepMemoryBytes = 4 * (2 * stateElements + parameters + 2 * activationsPerStep) + 4 * stateElements;
  return { parameters, stateElements, tokensPerBatch, activationsPerStep, stepMemoryBytes };
}
