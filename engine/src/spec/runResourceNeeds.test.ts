import { describe, expect, it } from 'vitest';
import { encodeCheckpoint } from '../checkpoint/encode';
import { EngineError } from '../errors';
import { createGenesis } from '../train/createGenesis';
import { parseRunSpec, RUN_SPEC_LIMITS } from './parseRunSpec';
import { checkpointByteLength, runResourceNeeds } from './runResourceNeeds';
import { specHash } from './specHash';
import { MLP_SPEC_JSON } from './testSpecs';

// The MLP of the spec tests, and the kjv-gpt-128 preset's GPT beside it.
const mlp = MLP_SPEC_JSON;
const gpt = {
  ...mlp,
  model: { kind: 'gpt', vocabSize: 73, blockSize: 64, nLayer: 4, nHead: 4, nEmbd: 128 },
  optimizer: { kind: 'adamw', lr: 0.002, beta1: 0.9, beta2: 0.99, eps: 1e-8, weightDecay: 0.01 },
  batchSize: 16,
};

function specError(json: unknown): EngineError {
  try {
    parseRunSpec(json);
  } catch (e) {
    if (e instanceof EngineError) return e;
    throw e;
  }
  throw new Error('expected INVALID_SPEC');
}

describe('checkpointByteLength', () => {
  it('is the exact length of the encoded genesis, for an MLP with SGD and a GPT with AdamW', () => {
    for (const json of [mlp, gpt]) {
      const spec = parseRunSpec(json);
      const genesis = createGenesis(spec);
      expect(checkpointByteLength(spec, specHash(spec), 0)).toBe(encodeCheckpoint(genesis).length);
      // The step number is in the header: a long one can push the data to the next 64-byte boundary.
      const later = encodeCheckpoint({ ...genesis, step: 123_456_789 });
      expect(checkpointByteLength(spec, specHash(spec), 123_456_789)).toBe(later.length);
    }
  });
});

describe('runResourceNeeds', () => {
  it('counts the parameters and state of the models the presets use', () => {
    expect(runResourceNeeds(parseRunSpec(mlp))).toMatchObject({
      parameters: 784 * 128 + 128 + 128 * 10 + 10,
      tokensPerBatch: 64 * 784,
    });
    const g = runResourceNeeds(parseRunSpec(gpt));
    expect(g.stateElements).toBe(3 * g.parameters + 2);
    expect(g.stepMemoryBytes).toBeLessThan(512 * 1024 * 1024);
  });
});

describe('parseRunSpec resource limits', () => {
  it('refuses a 65,536-wide MLP (17 GB of weights) by its parameter count, before allocating', () => {
    const started = performance.now();
    const err = specError({ ...mlp, model: { kind: 'mlp', layers: [65_536, 65_536, 10], activation: 'relu' } });
    expect(performance.now() - started).toBeLessThan(100);
    expect(err.code).toBe('INVALID_SPEC');
    expect(err.message).toContain(
      `needs ${65_536 * 65_536 + 65_536 + 65_536 * 10 + 10} parameters, expected at most ${RUN_SPEC_LIMITS.maxParameters}`,
    );
  });

  it('refuses a GPT at batch 65,536 × 8,192 tokens by its tokens per batch', () => {
    const err = specError({ ...gpt, model: { ...gpt.model, blockSize: 8192 }, batchSize: 65_536 });
    expect(err.message).toContain(
      `needs ${65_536 * 8192} tokens per batch, expected at most ${RUN_SPEC_LIMITS.maxTokensPerBatch}`,
    );
  });

  it('refuses a GPT whose attention scores alone pass the activation limit', () => {
    const err = specError({ ...gpt, model: { ...gpt.model, blockSize: 8192, nHead: 64, nEmbd: 128 }, batchSize: 64 });
    expect(err.message).toMatch(/activations per step, expected at most 1073741824/);
  });
});
