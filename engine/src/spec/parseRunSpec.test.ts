import { describe, expect, it } from 'vitest';
import { EngineError } from '../errors';
import { canonicalRunSpec } from './canonicalRunSpec';
import { float32Decimal } from './float32Decimal';
import { parseRunSpec } from './parseRunSpec';
import { specHash } from './specHash';
import { MLP_SPEC_JSON } from './testSpecs';

const root = MLP_SPEC_JSON.dataset.datasetRoot;
const base = MLP_SPEC_JSON;

function errorOf(fn: () => unknown): EngineError {
  try {
    fn();
  } catch (e) {
    if (e instanceof EngineError) return e;
    throw e;
  }
  throw new Error('expected an EngineError');
}

describe('parseRunSpec', () => {
  it('rounds hyperparameters to float32 and fills the optional SGD weight decay', () => {
    const s = parseRunSpec(base);
    expect(s.optimizer).toEqual({ kind: 'sgd', lr: Math.fround(0.1), momentum: Math.fround(0.9), weightDecay: 0 });
  });

  it.each([
    [{ ...base, version: 2 }, 'version'],
    [{ ...base, seed: 42 }, 'seed'],
    [{ ...base, seed: '18446744073709551616' }, 'seed'],
    [{ ...base, seed: '042' }, 'seed'],
    [{ ...base, batchSize: 0 }, 'batchSize'],
    [{ ...base, extra: 1 }, 'extra'],
    [{ ...base, totalSteps: undefined }, 'totalSteps'],
    [{ ...base, optimizer: { kind: 'sgd', lr: -1, momentum: 0 } }, 'optimizer.lr'],
    [{ ...base, optimizer: { kind: 'sgd', lr: 1e-50, momentum: 0 } }, 'optimizer.lr'],
    [
      { ...base, optimizer: { kind: 'adamw', lr: 1, beta1: 0.9, beta2: 1, eps: 1e-8, weightDecay: 0 } },
      'optimizer.beta2',
    ],
    [{ ...base, model: { kind: 'mlp', layers: [784], activation: 'relu' } }, 'model.layers'],
    [{ ...base, model: { kind: 'mlp', layers: [784, 1.5], activation: 'relu' } }, 'model.layers[1]'],
    [{ ...base, model: { kind: 'gpt', vocabSize: 65, blockSize: 8, nLayer: 1, nHead: 3, nEmbd: 16 } }, 'model.nEmbd'],
    [{ ...base, dataset: { name: 'mnist', datasetRoot: '0x12' } }, 'dataset.datasetRoot'],
  ])('rejects a bad field with INVALID_SPEC naming it (%#)', (spec, field) => {
    const e = errorOf(() => parseRunSpec(spec));
    expect(e.code).toBe('INVALID_SPEC');
    expect(e.message).toContain(`run spec ${field}:`);
  });
});

describe('canonicalRunSpec and specHash', () => {
  it('writes sorted keys, no whitespace and shortest float32 decimals', () => {
    const text = canonicalRunSpec(parseRunSpec(base));
    expect(text).toBe(
      `{"batchSize":64,"dataset":{"datasetRoot":"${root}","name":"mnist"},"model":{"activation":"relu","kind":"mlp","layers":[784,128,10]},` +
        `"numerics":"VT-F32/1","optimizer":{"kind":"sgd","lr":0.1,"momentum":0.9,"weightDecay":0},"seed":"42","totalSteps":1000,"version":1}`,
    );
  });

  it('hashes equal specs equally whatever their key order or float spelling', () => {
    const reordered = { ...base, optimizer: { momentum: 0.9000000000000001, lr: 0.10000000149011612, kind: 'sgd' } };
    expect(specHash(parseRunSpec(reordered))).toBe(specHash(parseRunSpec(base)));
    expect(specHash(parseRunSpec({ ...base, seed: '43' }))).not.toBe(specHash(parseRunSpec(base)));
    expect(specHash(parseRunSpec(base))).toMatch(/^0x[0-9a-f]{64}$/);
  });

  it('pins the hash of a known spec (a change here is a consensus change)', () => {
    expect(specHash(parseRunSpec(base))).toBe('0x9f7239560ec4ae4da89a61f6f5a531b628cd036fd97812f402f168b9d92c381a');
  });
});

describe('float32Decimal', () => {
  it.each([
    [0.1, '0.1'],
    [1e-8, '1e-8'],
    [0.999, '0.999'],
    [3e-4, '0.0003'],
    [1, '1'],
    [0, '0'],
  ])('writes fround(%s) as %s and round-trips', (input, text) => {
    const v = Math.fround(input);
    expect(float32Decimal(v)).toBe(text);
    expect(Math.fround(Number(text))).toBe(v);
  });
});
