import { describe, expect, it } from 'vitest';
import { stateRootNode } from '../src/checkpoint/stateRoot.node.js';
import { parseRunSpec } from '../src/spec/parseRunSpec';
import { createGenesis } from '../src/train/createGenesis';
import { evaluate } from '../src/train/evaluate';
import { DATASET_LOADERS, loadRunData } from '../src/train/loadRunData';
import { runSteps } from '../src/train/runSteps';

// Stated budgets (ref backend, one core): MLP 300 steps ≈ 4 s; GPT 150 steps ≈ 7 s.
const MLP_STEPS = 300;
const GPT_STEPS = 150;

describe('training learns', () => {
  it(`the MLP 784-128-10 (batch 64, SGD lr 0.1 momentum 0.9) reaches ≥ 90% MNIST test accuracy in ${MLP_STEPS} steps`, () => {
    const spec = parseRunSpec({
      version: 1,
      numerics: 'VT-F32/1',
      model: { kind: 'mlp', layers: [784, 128, 10], activation: 'relu' },
      optimizer: { kind: 'sgd', lr: 0.1, momentum: 0.9 },
      batchSize: 64,
      dataset: { name: 'mnist', datasetRoot: DATASET_LOADERS.mnist!({}).datasetRoot },
      seed: '2024',
      totalSteps: MLP_STEPS,
    });
    const data = loadRunData(spec);
    const genesis = createGenesis(spec);
    const before = evaluate({ spec, checkpoint: genesis, data });
    const { checkpoint, records } = runSteps({
      spec,
      checkpoint: genesis,
      steps: MLP_STEPS,
      data,
      stateRoot: stateRootNode,
    });
    const after = evaluate({ spec, checkpoint, data });
    console.info(`mlp: test accuracy ${before.accuracy} -> ${after.accuracy} after ${MLP_STEPS} steps`);
    expect(records).toHaveLength(MLP_STEPS);
    expect(after.examples).toBe(2000);
    expect(before.accuracy).toBeLessThan(0.3);
    expect(after.accuracy).toBeGreaterThanOrEqual(0.9);
  });

  it(`the tiny GPT's held-out loss falls clearly below the unigram entropy of the corpus in ${GPT_STEPS} steps`, () => {
    const spec = parseRunSpec({
      version: 1,
      numerics: 'VT-F32/1',
      model: { kind: 'gpt', vocabSize: 73, blockSize: 32, nLayer: 2, nHead: 4, nEmbd: 32 },
      optimizer: { kind: 'adamw', lr: 0.003, beta1: 0.9, beta2: 0.99, eps: 1e-8, weightDecay: 0.01 },
      batchSize: 8,
      dataset: { name: 'kjv', datasetRoot: DATASET_LOADERS.kjv!({}).datasetRoot },
      seed: '2024',
      totalSteps: GPT_STEPS,
    });
    const data = loadRunData(spec);
    if (data.kind !== 'text') throw new Error('expected text data');
    // Unigram baseline: the entropy (nats per character) of the training split's character frequencies,
    // the best loss a model ignoring context can reach.
    const counts = new Float64Array(data.vocabSize);
    for (const t of data.train) counts[t]!++;
    let unigramEntropy = 0;
    for (const c of counts) if (c > 0) unigramEntropy -= (c / data.train.length) * Math.log(c / data.train.length);
    expect(unigramEntropy).toBeGreaterThan(2.5);

    const genesis = createGenesis(spec);
    const before = evaluate({ spec, checkpoint: genesis, data, maxExamples: 200 });
    const { checkpoint } = runSteps({ spec, checkpoint: genesis, steps: GPT_STEPS, data, stateRoot: stateRootNode });
    const after = evaluate({ spec, checkpoint, data, maxExamples: 200 });
    console.info(
      `gpt: held-out loss ${before.loss.toFixed(3)} -> ${after.loss.toFixed(3)} nats/char after ${GPT_STEPS} steps; unigram entropy ${unigramEntropy.toFixed(3)}`,
    );
    expect(before.loss).toBeGreaterThan(unigramEntropy);
    expect(after.loss).toBeLessThan(unigramEntropy - 0.5);
  });
});
