import { seededRandom } from '@veritrain/protocol/testing';
import { describe, expect, it } from 'vitest';
import { refBackend } from '../src/backend/index';
import { createModel } from '../src/models/createModel';
import type { ModelBatch } from '../src/models/model';
import type { GptModelSpec, MlpModelSpec, ModelSpec } from '../src/spec/runSpec';
import { gptLoss64, mlpLoss64, type Params64 } from './oracle/float64Models';

/** Small deterministic generator for test inputs (not the protocol PRNG: these values are not consensus). */
const mulberry32 = seededRandom;

/** Parameters far from init (gains ≠ 1, biases ≠ 0, weights large) so every path carries gradient. */
function randomParams(spec: ModelSpec, seed: number): { names: string[]; f32: Float32Array[] } {
  const rand = mulberry32(seed);
  const model = createModel(spec);
  const names = model.paramSpecs.map((p) => p.name);
  const f32 = model.paramSpecs.map((p) => {
    const size = p.shape.reduce((a, b) => a * b, 1);
    const center = p.init.kind === 'ones' ? 1 : 0;
    const width = p.init.kind === 'uniform' ? 0.8 : 0.3;
    return Float32Array.from({ length: size }, () => center + (rand() - 0.5) * width);
  });
  return { names, f32 };
}

function checkGradients(
  spec: ModelSpec,
  batch: ModelBatch,
  loss64: (p: Params64) => number,
  seed: number,
): { checked: number; maxRelativeError: number } {
  const model = createModel(spec);
  const { names, f32 } = randomParams(spec, seed);
  const { loss, grads } = model.lossAndGrads(refBackend, f32, batch);
  const p64: Params64 = new Map(names.map((n, i) => [n, Float64Array.from(f32[i]!)]));
  // The float32 forward agrees with the float64 one to float32 precision.
  expect(Math.abs(loss - loss64(p64))).toBeLessThan(1e-4 * Math.max(1, Math.abs(loss)));

  const largest = Math.max(...grads.map((g) => g.reduce((m, v) => Math.max(m, Math.abs(v)), 0)));
  const rand = mulberry32(seed + 1);
  const h = 1e-5;
  let checked = 0;
  let maxRelativeError = 0;
  names.forEach((name, t) => {
    const values = p64.get(name)!;
    const picks = new Set<number>();
    while (picks.size < Math.min(6, values.length)) picks.add(Math.floor(rand() * values.length));
    for (const i of picks) {
      const saved = values[i]!;
      values[i] = saved + h;
      const up = loss64(p64);
      values[i] = saved - h;
      const down = loss64(p64);
      values[i] = saved;
      const numeric = (up - down) / (2 * h);
      const analytic = grads[t]![i]!;
      const error = Math.abs(analytic - numeric) / (1e-3 * largest + Math.abs(numeric));
      maxRelativeError = Math.max(maxRelativeError, error);
      expect(
        Math.abs(analytic - numeric),
        `${name}[${i}]: analytic ${analytic}, finite difference ${numeric}`,
      ).toBeLessThanOrEqual(1e-4 * largest + 1e-3 * Math.abs(numeric));
      checked++;
    }
  });
  return { checked, maxRelativeError };
}

describe('gradients match float64 central finite differences', () => {
  it.each(['relu', 'gelu'] as const)('for a full MLP with %s', (activation) => {
    const spec: MlpModelSpec = { kind: 'mlp', layers: [12, 9, 7, 5], activation };
    const rows = 6;
    const rand = mulberry32(7);
    const inputs = Float32Array.from({ length: rows * 12 }, () => rand());
    const targets = Int32Array.from({ length: rows }, (_, i) => (i * 3) % 5);
    const r = checkGradients(
      spec,
      { kind: 'classification', rows, inputs, targets },
      (p) => mlpLoss64(spec, p, Float64Array.from(inputs), targets, rows),
      11,
    );
    expect(r.checked).toBeGreaterThan(20);
  });

  it('for a full GPT (2 blocks, 2 heads, causal attention, tied nothing)', () => {
    const spec: GptModelSpec = { kind: 'gpt', vocabSize: 7, blockSize: 5, nLayer: 2, nHead: 2, nEmbd: 8 };
    const sequences = 2;
    const rand = mulberry32(3);
    const stream = Int32Array.from({ length: sequences * 5 + 1 }, () => Math.floor(rand() * 7));
    const tokens = Int32Array.from({ length: sequences * 5 }, (_, i) => stream[i]!);
    const targets = Int32Array.from({ length: sequences * 5 }, (_, i) => stream[i + 1]!);
    const r = checkGradients(
      spec,
      { kind: 'sequence', sequences, tokens, targets },
      (p) => gptLoss64(spec, p, tokens, targets, sequences),
      5,
    );
    expect(r.checked).toBeGreaterThan(100);
  });
});
