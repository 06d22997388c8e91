import { describe, expect, it } from 'vitest';
import type { AdamwSpec, SgdSpec } from '../spec/runSpec';
import { refBackend } from '../backend/ref/index';
import { applyOptimizer } from './applyOptimizer';
import { BETA1_POWER, BETA2_POWER, initOptimizerState } from './optimizerState';

const f = Math.fround;

function stateMap(tensors: { name: string; data: Float32Array }[]) {
  return new Map(tensors.map((t) => [t.name, t.data]));
}

describe('SGD with momentum', () => {
  const spec: SgdSpec = { kind: 'sgd', lr: f(0.5), momentum: f(0.5), weightDecay: 0 };

  it('accumulates velocity b = μb + g and steps by lr·b', () => {
    const p = { name: 'w', shape: [2], data: Float32Array.of(1, -1) };
    const state = stateMap(initOptimizerState(spec, [p]));
    const g = Float32Array.of(1, 2);
    applyOptimizer(refBackend, spec, [p], [g], state);
    expect(Array.from(state.get('optim.momentum.w')!)).toEqual([1, 2]);
    expect(Array.from(p.data)).toEqual([0.5, -2]);
    applyOptimizer(refBackend, spec, [p], [g], state);
    expect(Array.from(state.get('optim.momentum.w')!)).toEqual([1.5, 3]);
    expect(Array.from(p.data)).toEqual([-0.25, -3.5]);
  });

  it('applies decoupled weight decay p ← p − lr·wd·p before the gradient step', () => {
    const p = { name: 'w', shape: [1], data: Float32Array.of(2) };
    const wd: SgdSpec = { ...spec, weightDecay: f(0.5) };
    applyOptimizer(refBackend, wd, [p], [Float32Array.of(0)], stateMap(initOptimizerState(wd, [p])));
    expect(p.data[0]).toBe(1.5);
  });
});

describe('AdamW', () => {
  const spec: AdamwSpec = { kind: 'adamw', lr: f(0.01), beta1: f(0.9), beta2: f(0.999), eps: f(1e-8), weightDecay: 0 };

  it('moves every parameter by about lr against the gradient sign on the first step (bias correction)', () => {
    const p = { name: 'w', shape: [3], data: Float32Array.of(0, 0, 0) };
    const state = stateMap(initOptimizerState(spec, [p]));
    applyOptimizer(refBackend, spec, [p], [Float32Array.of(3, -0.001, 250)], state);
    for (const [i, sign] of [
      [0, -1],
      [1, 1],
      [2, -1],
    ] as const) {
      expect(Math.abs(p.data[i]! - sign * 0.01)).toBeLessThan(1e-6);
    }
  });

  it('keeps β^t in the state by repeated binary32 multiplication', () => {
    const p = { name: 'w', shape: [1], data: Float32Array.of(0) };
    const state = stateMap(initOptimizerState(spec, [p]));
    let b1 = 1;
    let b2 = 1;
    for (let t = 0; t < 5; t++) {
      applyOptimizer(refBackend, spec, [p], [Float32Array.of(1)], state);
      b1 = f(b1 * spec.beta1);
      b2 = f(b2 * spec.beta2);
    }
    expect(state.get(BETA1_POWER)![0]).toBe(b1);
    expect(state.get(BETA2_POWER)![0]).toBe(b2);
  });
});
