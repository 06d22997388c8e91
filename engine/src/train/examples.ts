import { EngineError } from '../errors';
import type { ModelBatch } from '../models/model';
import type { RunSpec } from '../spec/runSpec';
import type { ImageRunData, RunData, TextRunData } from './runData';

export type Split = 'train' | 'test';

/** The run's data must be the dataset the spec names, with the shape its model needs. */
export function checkRunData(spec: RunSpec, data: RunData): void {
  const bad = (message: string): never => {
    throw new EngineError('DATASET', message, { details: { dataset: spec.dataset.name } });
  };
  if (data.datasetRoot !== spec.dataset.datasetRoot) {
    bad(`run data has datasetRoot ${data.datasetRoot}, but the spec expects ${spec.dataset.datasetRoot}`);
  }
  const model = spec.model;
  if (model.kind === 'mlp') {
    if (data.kind !== 'images') bad(`an mlp run needs image data, got ${data.kind}`);
    const d = data as ImageRunData;
    const widths = model.layers;
    if (widths[0] !== d.imageSize) bad(`model.layers[0] is ${widths[0]}, but the images have ${d.imageSize} pixels`);
    if (widths[widths.length - 1] !== d.numClasses) {
      bad(`the last layer has ${widths[widths.length - 1]} outputs, but the dataset has ${d.numClasses} classes`);
    }
  } else {
    if (data.kind !== 'text') bad(`a gpt run needs text data, got ${data.kind}`);
    const d = data as TextRunData;
    if (model.vocabSize !== d.vocabSize)
      bad(`model.vocabSize is ${model.vocabSize}, but the corpus has ${d.vocabSize} symbols`);
  }
}

/**
 * Examples in a split. Images: one per image. Text: example i is the window tokens[i·T … i·T + T]
 * (T + 1 tokens: inputs are the first T, targets the last T), so there are floor((length − 1) / T).
 */
export function exampleCount(spec: RunSpec, data: RunData, split: Split): number {
  if (data.kind === 'images') return data[split].count;
  if (spec.model.kind !== 'gpt') throw new EngineError('DATASET', 'text data needs a gpt model');
  const length = data[split].length;
  return Math.max(0, Math.floor((length - 1) / spec.model.blockSize));
}

const INV_255 = 255;

/** The model batch for these example indices of a split, in the order given. */
export function buildBatch(spec: RunSpec, data: RunData, split: Split, indices: ArrayLike<number>): ModelBatch {
  const rows = indices.length;
  if (data.kind === 'images') {
    const { images, labels } = data[split];
    const size = data.imageSize;
    const inputs = new Float32Array(rows * size);
    const targets = new Int32Array(rows);
    for (let r = 0; r < rows; r++) {
      const e = indices[r]!;
      const base = e * size;
      // pixel ⊘ 255: one IEEE division rounded to binary32 (exact inputs, so the same on every machine).
      for (let j = 0; j < size; j++) inputs[r * size + j] = images[base + j]! / INV_255;
      targets[r] = labels[e]!;
    }
    return { kind: 'classification', rows, inputs, targets };
  }
  if (spec.model.kind !== 'gpt') throw new EngineError('DATASET', 'text data needs a gpt model');
  const T = spec.model.blockSize;
  const stream = data[split];
  const tokens = new Int32Array(rows * T);
  const targets = new Int32Array(rows * T);
  for (let r = 0; r < rows; r++) {
    const start = indices[r]! * T;
    for (let t = 0; t < T; t++) {
      tokens[r * T + t] = stream[start + t]!;
      targets[r * T + t] = stream[start + t + 1]!;
    }
  }
  return { kind: 'sequence', sequences: rows, tokens, targets };
}
